"""The incidents domain's section of the landing page (named in domains/incidents.py): what the
command center is handling now. The desk roles and agency representatives see the live picture
(every active incident: an emergency crosses district and agency lines); a camat or a lurah today's
incidents of his area from the marts; an RT/RW head is told where to look (incidents are placed by
kelurahan, not by RW)."""

from __future__ import annotations

from core.services import Services
from core.users import Viewer
from data import incident_desk as desk
from data.areas import area_of, can_read
from data.complaints.queries import city_today
from data.incidents import queries
from data.incidents.queries import IncidentFilters
from domains.incidents import INCIDENTS_MART
from layouts.components import home_today
from layouts.components.complaint_charts import wib_text
from layouts.components.ids_insiden import ANALYSIS_ROLES, ROLES as LIVE_ROLES
from modules.incidents.messages import INCIDENT_STATUS_NAMES

TITLE = "Insiden 112"
LATEST = 8
COLUMNS = ["Laporan (WIB)", "Nomor", "Kategori", "Lokasi", "Status"]


def incident_today(services: Services, viewer: Viewer):
    if viewer.role in LIVE_ROLES:
        return _live(services, viewer)
    if not can_read(viewer, INCIDENTS_MART):
        return home_today.unreadable_section(
            "incidents", TITLE, f"Insiden 112 dicatat per kelurahan, tidak per RW: lihat ringkasan kelurahan "
                                f"untuk {area_of(services, viewer).name}.")
    today = IncidentFilters.last_days(1, city_today())
    counts = queries.incidents_by_day(services, viewer, today)
    compliance = queries.compliance_by_day(services, viewer, today)
    figures = [("Insiden hari ini", int(counts["incidents"].sum()), ""),
               ("Tepat janji 7 menit", int(compliance["met"].sum()), ""),
               ("Lewat 7 menit", int(compliance["breached"].sum()), "is-alarm" if compliance["breached"].sum() else "")]
    link = ("Analisis 112 →", "/insiden/analisis") if viewer.role in ANALYSIS_ROLES else None
    return home_today.today_section("incidents", TITLE, figures, [], COLUMNS, link=link,
                                    empty="Rincian insiden ada di halaman Analisis 112.")


def _live(services: Services, viewer: Viewer):
    incidents, units = desk.live_picture(services, viewer)
    promise = desk.promise_today(services, viewer)
    late = int(incidents["breach"].sum()) if not incidents.empty else 0
    figures = [("Insiden aktif", len(incidents), ""), ("Lewat 7 menit tanpa unit", late, "is-alarm" if late else ""),
               ("Tepat janji hari ini", promise["met"], ""),
               ("Unit siaga", int((units["status"] == "available").sum()) if not units.empty else 0, "")]
    rows = [[wib_text(r.received_at), r.number, r.category_name, r.place or "lokasi belum dipetakan",
             ("LEWAT 7 MENIT · " if r.breach else "") + INCIDENT_STATUS_NAMES.get(r.status, r.status)]
            for r in incidents.head(LATEST).itertuples()]
    return home_today.today_section("incidents", TITLE, figures, rows, COLUMNS, link=("Insiden 112 →", "/insiden"),
                                    empty="Tidak ada insiden aktif.")
