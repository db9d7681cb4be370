"""Sipandu: residents and non-permanent residents per RT (issue 16). Built so far: the NIK's
checks (nik.py, against the national region list in regions.py), the protection of personal
data at rest (protection.py, its keys from keys.py and the settings section in settings.py), the
reading of a residents' extract (resident_extract.py) and the checks on a newcomer's arrival and
departure (checks.py). The domain's registration, tables, service, pages and marts come next."""
