"""Fixtures for the infrastructure HTTP API: the small inventory of infra_http_helpers imported
through the real service, keys of both integrations, staff users logged in through the real form,
and row counts that prove a refusal wrote nothing.

Every test with a database runs on SQLite and PostgreSQL (the `databases`, `app` and `client`
fixtures of tests/conftest.py), through the real app and the real service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from infra_http_helpers import ADMIN, INVENTORY_CSV

from core.audit import AdminAudit
from core.changelog import ChangeLogEntry
from core.clock import utc_now
from modules.infrastructure import models, service
from modules.infrastructure.keys import InfraApiKey, issue_key

COUNTED = (models.InfraDevice, models.InfraDeviceParent, models.InfraDeviceState, models.InfraEvent,
           models.InfraAlert, ChangeLogEntry, InfraApiKey, AdminAudit)


@pytest.fixture
def inventory(databases, settings):
    """The small inventory, registered an hour ago (every device UNKNOWN until its first result)."""
    with databases.transaction() as session:
        return service.import_csv(session, ADMIN, INVENTORY_CSV, settings, utc_now() - timedelta(hours=1))


@pytest.fixture
def keys(databases) -> dict[str, str]:
    """{integration: secret} for Alertmanager and Zabbix, and a revoked Alertmanager key under "revoked"."""
    found = {}
    with databases.transaction() as session:
        for integration in ("alertmanager", "zabbix"):
            found[integration] = issue_key(session, ADMIN, integration, f"{integration} test")[1]
        key, found["revoked"] = issue_key(session, ADMIN, "alertmanager", "old alertmanager")
        key.revoked_at = key.created_at
    return found


@pytest.fixture
def bearer(keys):
    return lambda integration: {"Authorization": f"Bearer {keys[integration]}"}


@pytest.fixture
def counts(count_rows):
    """Rows of every table an ingest or an import writes (to prove that a refusal wrote nothing)."""
    return lambda: count_rows(COUNTED)


@pytest.fixture
def state_of(databases):
    """state_of(code) -> (state, root_cause_code, suppressed_by) as stored now."""

    def read(code: str):
        with databases.session() as session:
            row = session.get(models.InfraDeviceState, code)
            return row.state, row.root_cause_code, row.suppressed_by

    return read
