"""The e-Kinerja ETL: activities, closed months and scores -> the `kinerja` mart."""
