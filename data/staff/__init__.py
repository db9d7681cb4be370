"""The staff registry\x27s mart (tables.py), filled by etl/staff."""
