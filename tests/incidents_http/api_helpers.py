"""Names the incidents API tests share (imported by name: `conftest` is ambiguous across test folders)."""

from core.users import Viewer

GENTENG = (-7.2590, 112.7440)  # Pos Terpadu Genteng: inside the city
CALLER = "0812-3456-7890"
CALLER_DIGITS = ("081234567890", "0812-3456-7890", "3456-7890", "34567890")
OPERATOR = Viewer(user_id="1", username="operator1", role="operator")
ADMIN = Viewer(user_id="9", username="admin1", role="admin")
AMBULANCE, PATROL, FIRE_ENGINE = "DINKES-AM-01", "DISHUB-TP-01", "DPKP-FE-01"
