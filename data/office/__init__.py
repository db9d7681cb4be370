"""e-Office\x27s mart (tables.py), filled by etl/office."""
