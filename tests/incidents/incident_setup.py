"""What the incidents tests share: the clock they run at, a point inside the city, the actors. A
module of its own (not conftest.py), so the tests import it by a name no other folder's conftest
shadows when pytest collects every folder."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core.changelog import ChangeLogEntry
from core.users import Viewer
from modules.incidents import models

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
GENTENG = (-7.2590, 112.7440)  # Pos Terpadu Genteng: inside the city
OPERATOR = Viewer(user_id="1", username="operator1", role="operator")
DPKP_REP = Viewer(user_id="2", username="pmk1", role="opd", opd_code="DPKP")
DISHUB_REP = Viewer(user_id="3", username="dishub1", role="opd", opd_code="DISHUB")
PIMPINAN = Viewer(user_id="4", username="wali", role="pimpinan")
COUNTED = (models.Incident, models.IncidentCall, models.IncidentDispatch, models.IncidentEvent, models.IncidentNote,
           models.IncidentCamera, models.IncidentComplaint, models.IncidentStage, models.IncidentCounter,
           ChangeLogEntry)


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)
