"""The page's ids and roles, in one place for its layout and its callback."""

ROLES = ("admin", "operator", "pimpinan")
WETTEST = "weather-wettest"
