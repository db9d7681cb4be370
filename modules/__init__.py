"""Transactional modules. Each owns its tables, its service layer (the only code that writes
them) and its HTTP endpoints (`modules/<name>/http/*.py`, registered by its domain in `domains/`).
Modules never import the dashboard."""
