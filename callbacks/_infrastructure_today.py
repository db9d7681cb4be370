"""The infrastructure domain's section of the landing page (named in domains/infrastructure.py):
the viewer's devices now (up, down by their own failure, hidden behind a fault) and the current
faults, one per root cause. The marts hold the OPD, kecamatan and kelurahan of each device: an
RT/RW head is told devices are not kept per RW."""

from __future__ import annotations

from core.clock import minute_now
from core.services import Services
from core.users import Viewer
from data.areas import area_of, can_read
from data.infrastructure import queries
from domains.infrastructure import DEVICES_MART
from layouts.components import home_today
from layouts.components.complaint_charts import wib_text
from modules.infrastructure.kinds import FAILED_STATES, KIND_NAMES, STATE_NAMES, UNREACHABLE, UP

TITLE = "Infrastruktur"
LATEST = 8
COLUMNS = ["Sejak (WIB)", "Perangkat", "Jenis", "Status", "Menyembunyikan"]
PAGE = ("Infrastruktur →", "/infrastruktur")


def infrastructure_today(services: Services, viewer: Viewer):
    if not can_read(viewer, DEVICES_MART):
        return home_today.unreadable_section(
            "infrastructure", TITLE, f"Perangkat dicatat per kelurahan, tidak per RW: lihat ringkasan kelurahan "
                                     f"untuk {area_of(services, viewer).name}.")
    states = queries.devices_by_state(services, viewer)
    count = states.groupby("state")["devices"].sum().to_dict() if not states.empty else {}
    failed = int(sum(count.get(state, 0) for state in FAILED_STATES))
    hidden = int(count.get(UNREACHABLE, 0))
    figures = [("Perangkat normal", int(count.get(UP, 0)), ""), ("Mati", failed, "is-alarm" if failed else ""),
               ("Tersembunyi di balik gangguan", hidden, "is-warn" if hidden else "")]
    faults = queries.current_faults(services, viewer, at=minute_now())
    rows = [[wib_text(row.since), row.root_cause_code, KIND_NAMES.get(row.root_kind, row.root_kind or ""),
             STATE_NAMES.get(row.root_state, row.root_state or ""), f"{row.hidden} perangkat" if row.hidden else "—"]
            for row in faults.head(LATEST).itertuples()]
    return home_today.today_section("infrastructure", TITLE, figures, rows, COLUMNS, link=PAGE,
                                    empty="Tidak ada gangguan perangkat.")
