"""Fixtures of the e-Office tests: the `desk` (office_setup.py) on a fresh database of each backend,
the rows a refusal must leave as they were, a tiny valid PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest

from modules.office.attachments import Upload, tiny_pdf
from modules.office.sample import add_office
from office_setup import DISHUB, DLH, NOW, WRITTEN, Desk


@pytest.fixture
def desk(databases, settings) -> Desk:
    with databases.transaction() as session:
        people = add_office(session, "DISHUB", settings.office, NOW - timedelta(days=400), people=DISHUB)
        people |= add_office(session, "DLH", settings.office, NOW - timedelta(days=400), people=DLH)
    return Desk(databases, settings, people)


@pytest.fixture
def written(count_rows):
    """The rows of every e-Office table and the change log: a refusal must leave them as they were."""
    return lambda: count_rows(WRITTEN)


@pytest.fixture
def pdf() -> Upload:
    return Upload("surat.pdf", tiny_pdf("Surat contoh"))
