"""What the public pages' tests share: the people behind a proposal, with usernames and full names
no public page may show. A module of its own (not conftest.py), imported by basename."""

from __future__ import annotations

from planning_setup import KECAMATAN, KELURAHAN_A

# The people behind one proposal: usernames and full names no page may show.
PEOPLE = {
    "proposer": ("rw01.sutarminah", "Sutarminah Wirodikromo", "rt_rw", dict(kelurahan_code=KELURAHAN_A, rw=1)),
    "lurah": ("lurah.bambangsulis", "Bambang Sulistyohadi", "lurah", dict(kelurahan_code=KELURAHAN_A)),
    "camat": ("camat.hartoyopraw", "Hartoyo Prawirosentono", "camat", dict(kecamatan_code=KECAMATAN)),
    "perencana": ("bappeda.kusumawardh", "Kusumawardhani Setyaningrum", "perencana", {}),
    "opd": ("dsdabm.gunawantirt", "Gunawan Tirtoadmodjo", "opd", dict(opd_code="DSDABM")),
}
