"""Sipandu: residents and non-permanent residents per RT (issue 16). Built so far: the NIK's
checks (nik.py, against the national region list in regions.py), the protection of personal
data at rest (protection.py) and the reading of a residents' extract (resident_extract.py). The
tables, service, pages and marts come next."""
