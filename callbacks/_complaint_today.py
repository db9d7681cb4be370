"""The complaints domain's section of the landing page (named in domains/complaints.py): today's
figures and the newest complaints of the viewer's area."""

from __future__ import annotations

import pandas as pd

from core.services import Services
from core.users import Viewer
from data.areas import area_of, can_read
from data.complaints import queries
from domains.complaints import COMPLAINTS_MART
from layouts.components import home_today
from layouts.components.complaint_charts import STATUS_NAMES, wib_text
from layouts.components.ids_pengaduan import ROLES as PENGADUAN_ROLES
from modules.complaints.messages import FIGURE_LABELS
from modules.complaints.statuses import BREACHED_EVER, OVERDUE_NOW

TITLE = "Pengaduan warga"
LATEST = 8
COLUMNS = ["Diterima (WIB)", "Tiket", "Kategori", "Kelurahan", "Status"]
RW_COLUMNS = ["Diterima (WIB)", "Tiket", "Kategori", "RT", "Status"]  # an RW head's: all in his kelurahan


def complaint_today(services: Services, viewer: Viewer):
    if not can_read(viewer, COMPLAINTS_MART):
        area = area_of(services, viewer)
        return home_today.unreadable_section(
            "complaints", TITLE, f"Akun Anda belum terhubung dengan wilayah (kelurahan dan RW), sehingga aduan "
                                 f"belum dapat ditampilkan untuk {area.name}. Aduan yang Anda laporkan dapat "
                                 f"dilacak di /lacak.")
    counters = queries.live_counters(services, viewer)
    figures = [("Aduan hari ini", counters["today"], ""), (FIGURE_LABELS["open"], counters["open"], ""),
               (FIGURE_LABELS[OVERDUE_NOW], counters[OVERDUE_NOW], "is-alarm" if counters[OVERDUE_NOW] else ""),
               (FIGURE_LABELS[BREACHED_EVER], counters[BREACHED_EVER], "is-warn" if counters[BREACHED_EVER] else "")]
    latest = queries.latest_complaints(services, viewer, limit=LATEST)
    categories, kelurahan = queries.names_of(services, "category"), queries.names_of(services, "kelurahan")
    by_rt = viewer.scope.kind in ("rw", "rt")
    rows = [[wib_text(r.received_at), r.ticket, categories.get(r.category_code, r.category_code),
             _rt_text(r.rt) if by_rt else _kelurahan_text(kelurahan, r.kelurahan_code),
             STATUS_NAMES.get(r.status, r.status)] for r in latest.itertuples()]
    link = ("Analisis pengaduan →", "/pengaduan") if viewer.role in PENGADUAN_ROLES else None
    return home_today.today_section("complaints", TITLE, figures, rows, RW_COLUMNS if by_rt else COLUMNS, link=link,
                                    empty="Belum ada aduan di wilayah Anda.")


def _kelurahan_text(names: dict[str, str], code: str | None) -> str:
    return names.get(code, code) if code else "lokasi belum dipetakan"


def _rt_text(rt) -> str:
    return "—" if rt is None or pd.isna(rt) else f"RT {int(rt):02d}"  # the RT is optional even with an RW
