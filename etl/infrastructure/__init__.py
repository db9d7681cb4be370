"""The infrastructure job: change-log snapshots -> fct_infra_devices, fct_infra_events,
fct_infra_outages -> agg_infra_availability_daily."""
