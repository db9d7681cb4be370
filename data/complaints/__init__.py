"""Complaint marts: the fact table, the daily aggregate, and the queries the pages call."""
