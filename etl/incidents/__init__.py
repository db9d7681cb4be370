"""The incidents job: change-log snapshots -> fct_incidents, fct_incident_dispatches, fct_incident_calls, fct_incident_units -> aggregates."""
