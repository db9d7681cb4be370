"""e-Office (`office`): an OPD's incoming and outgoing letters as SRIKANDI, the national standard,
runs them. Incoming: registered -> distributed -> read -> disposed (a tree of dispositions down
the staff hierarchy) -> followed up -> archived. Outgoing: draft -> initialled by the verifiers in
order -> signed -> numbered -> sent -> archived. The write side: models, workflow, the services
(incoming.py, dispositions.py, outgoing.py), access, the counters of the standard's home page and
the JSON API at /api/office."""
