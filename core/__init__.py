"""Shared foundation: settings, databases, change log, reference data, users and roles."""
