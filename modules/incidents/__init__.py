"""Command Center 112 (the `incidents` domain), write side: calls, incidents, units, dispatches,
the city's operational stage. `service.py` is the façade; only it (and the modules it names)
writes the tables. See domains/incidents.py for the registration."""
