"""Write side of Pantau: one package per domain module (models, service layer, workflow).

A module's `service.py` is the only code that writes its tables; every write also appends a
change-log row in the same transaction (see core/changelog.py and DESIGN.md).
"""
