"""Change-log writers wait only for writers of their own domain (PostgreSQL advisory locks).

A second writer gives up after a short lock_timeout instead of waiting: a lock timeout proves it
had to wait, going through proves it did not."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from core.changelog import entity_domain, record_change, record_changes_bulk, writer_lock_key


@pytest.fixture
def backend():
    return "postgresql"


def impatient(session):
    session.execute(text("SET LOCAL lock_timeout = '200ms'"))
    return session


def test_writers_of_two_domains_hold_their_change_log_insert_open_together(databases):
    with databases.transaction() as complaints:
        complaint = record_change(complaints, "complaint", 1, "test", {})
        with databases.transaction() as probes:
            reading = record_change(impatient(probes), "probe", 1, "test", {})  # no wait while complaints is open
            record_changes_bulk(probes, [{"entity": "probe", "entity_id": 2, "operation": "test", "payload": {}}])
    assert reading.position > complaint.position  # committed first with the higher position: another domain's


def test_two_writers_of_one_domain_serialise(databases):
    with databases.transaction() as first:
        record_change(first, "complaint", 1, "test", {})
        with pytest.raises(OperationalError, match="lock timeout"):
            with databases.transaction() as second:
                record_change(impatient(second), "complaint_routing_rule", 2, "test", {})
        with pytest.raises(OperationalError, match="lock timeout"):
            with databases.transaction() as bulk:
                record_changes_bulk(impatient(bulk), [
                    {"entity": "probe", "entity_id": 1, "operation": "test", "payload": {}},
                    {"entity": "complaint", "entity_id": 3, "operation": "test", "payload": {}}])
    with databases.transaction() as second:  # the first has committed: the lock is free
        record_change(impatient(second), "complaint_routing_rule", 2, "test", {})


def test_an_entity_belongs_to_the_domain_its_name_starts_with():
    assert entity_domain("complaint_routing_rule") == entity_domain("complaint") == "complaint"
    assert entity_domain("probe") != entity_domain("complaint")
    keys = {writer_lock_key(domain) for domain in ("complaint", "incident", "probe", "planning", "sipandu", "ekinerja")}
    assert len(keys) == 6 and all(-2**31 <= key < 2**31 for key in keys)
    assert writer_lock_key("complaint") == -551_079_243  # the same in every process: not Python's salted hash()
