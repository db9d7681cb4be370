"""Infrastructure monitoring (the `infrastructure` domain), write side: the inventory of cameras,
switches, links, tunnels, hosts and services; their states, state changes, rollups, maintenance
windows and alerts. `service.py` is the façade; only it (and the modules it names) writes the
tables. `kinds.py` holds the domain's words. See domains/infrastructure.py for the registration."""
