"""The Sipandu ETL: newcomer and boarding-house snapshots -> the Sipandu mart."""
