"""e-Office\x27s ETL job (job.py), filling the mart of data/office/tables.py."""
