"""The complaints job: change-log snapshots -> fct_complaints -> agg_complaints_daily."""
