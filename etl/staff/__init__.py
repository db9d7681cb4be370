"""The staff registry\x27s ETL job (job.py), filling the mart of data/staff/tables.py."""
