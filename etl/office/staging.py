"""Staging: `office_letter` and `office_disposition` change-log snapshots as typed DataFrames (the
contract: modules/office/snapshot.py, SNAPSHOT_VERSION 1; only the fields named here are kept: the
verifiers, the registrar or drafter, the signer, the number and the linked case's id stay out).
The dates ('YYYY-MM-DD') are parsed here and named in `bad_date` when they do not parse; a
letter's recipients stay a list, checked and counted by facts.py."""

from __future__ import annotations

import pandas as pd

from data.office.tables import STEP_TIMES
from etl import staging
from etl.checks import id_as_text, with_dates
from etl.staging import Shape

LETTER, DISPOSITION = "office_letter", "office_disposition"
ENTITIES = (LETTER, DISPOSITION)

LETTER_TEXTS = ("direction", "opd_code", "status", "classification", "security", "link_kind")
DISPOSITION_TEXTS = ("opd_code", "status")
DISPOSITION_TIMES = ("created_at", "read_at", "done_at", "withdrawn_at", "updated_at")

SHAPES = {
    LETTER: Shape("id", ("id", *LETTER_TEXTS, "letter_date", "due_date", "number_year", "recipients", *STEP_TIMES),
                  times=STEP_TIMES, numbers=("number_year",)),
    DISPOSITION: Shape("id", ("id", "letter_id", "opd_code", "parent_id", "from_staff_id", "to_staff_id", "status",
                              "due_date", *DISPOSITION_TIMES),
                       times=DISPOSITION_TIMES, numbers=("letter_id", "parent_id", "from_staff_id", "to_staff_id")),
}


def stage_changes(changes: list[dict]) -> dict[str, pd.DataFrame]:
    """Change-log rows (ordered by position) -> {entity: latest snapshot per id, typed}."""
    staged = staging.stage_changes([id_as_text(change, ENTITIES) for change in changes], SHAPES)
    staged[LETTER] = with_dates(staged[LETTER], ("letter_date", "due_date"))
    staged[DISPOSITION] = with_dates(staged[DISPOSITION], ("due_date",))
    return staged
