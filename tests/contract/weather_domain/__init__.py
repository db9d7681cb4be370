"""A minimal domain (rain gauges per kelurahan) that test_temporary_domain.py copies into a
temporary package and registers, to prove that a new domain needs its folder and one
registration, nothing else: the app, the ETL, the wall, the KPI page and the contract tests pick it up."""
