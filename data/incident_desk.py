"""The 112 desk: what the Insiden page, the operator desk and the wall's live 112 panels ask of the
incidents module. Each function opens its own transaction on `services.databases`, calls the
module with the viewer (the module decides who may see and do what: an agency representative acts
only on his agency's units), and returns plain values, with the module's refusals turned into
Indonesian sentences naming the field. Like data/complaint_desk.py, this reads the transactional
database: the live picture (units move every few seconds) is not in the marts.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import cache

import numpy as np
import pandas as pd
from sqlalchemy import select

import geo
from core.clock import CITY_ZONE, city_today, utc_now
from core.messages import error_text, text
from core.reference import Opd
from core.services import Services
from core.users import Viewer
from data.cache import once_per_request
from modules.incidents import queries, service
from modules.incidents.errors import IncidentError
from modules.incidents.messages import SOURCE_NAMES
from modules.incidents.models import IncidentCategory

# the desk's inputs in words, for a refusal's "field: reason"
FIELD_LABELS = {"caller_number": "Nomor penelepon", "source": "Sumber", "camera_id": "Kamera", "post_code": "Pos",
                "complaint_ticket": "Tiket aduan", "category_code": "Kategori", "priority": "Prioritas",
                "lat": "Lokasi", "lon": "Lokasi", "address": "Alamat", "landmark": "Patokan", "description": "Uraian",
                "casualties_injured": "Luka", "casualties_dead": "Meninggal", "incident_number": "Insiden",
                "partner": "Mitra", "unit_code": "Unit", "status": "Status", "stage": "Tahap", "reason": "Alasan",
                "outcome": "Hasil panggilan", "received_at": "Waktu panggilan", "answered_at": "Waktu dijawab"}
INCIDENT_COLUMNS = ["number", "category_code", "category_name", "priority", "status", "breach", "lat", "lon",
                    "received_at", "place", "agencies"]
UNIT_COLUMNS = ["code", "agency_code", "unit_type", "status", "lat", "lon"]
# what an agency representative may report of his own unit on the Insiden page
FIELD_STATUSES = {"en_route": "Dalam perjalanan", "on_scene": "Tiba di lokasi", "returning": "Selesai, kembali ke pos",
                  "available": "Siaga di pos", "out_of_service": "Tidak beroperasi"}


def refusal(error: IncidentError) -> str:
    """'Unit: unit DPKP-FE-03 tidak siaga (status on_scene).' — the field in words, then the reason."""
    label = FIELD_LABELS.get(error.field, error.field) if error.field else None
    return f"{label}: {error_text(error)}" if label else error_text(error)


# --- the live picture ---------------------------------------------------------------------------------

def live_picture(services: Services, viewer: Viewer, categories=None, priorities=None, agencies=None,
                 now: datetime | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Active incidents (filtered) and units with their last positions, as DataFrames; an agency
    filter keeps its units and the incidents it serves."""
    incidents, units = active_incidents(services, viewer, now), all_units(services, viewer)
    if categories:
        incidents = incidents[incidents["category_code"].isin(categories)]
    if priorities:
        incidents = incidents[incidents["priority"].isin([int(p) for p in priorities])]
    if agencies:
        units = units[units["agency_code"].isin(agencies)]
        incidents = incidents[incidents["agencies"].apply(lambda codes: bool(set(codes) & set(agencies)))]
    return incidents.reset_index(drop=True), units.reset_index(drop=True)


@once_per_request  # the wall's map and its priorities panel show the same rows
def active_incidents(services: Services, viewer: Viewer, now: datetime | None = None) -> pd.DataFrame:
    """Active incidents with their clocks (breach, elapsed), place names and the agencies serving."""
    now = now or utc_now()
    with services.databases.transaction() as session:
        active = queries.active_incidents(session, viewer, now)
    places = place_names()
    rows = [{"number": a["number"], "category_code": a["category_code"], "category_name": a["category_name"],
             "priority": a["priority"], "status": a["status"], "breach": a["clock"].breached, "lat": a["lat"],
             "lon": a["lon"], "received_at": a["received_at"], "elapsed": a["clock"].elapsed,
             "place": places.get(a["kelurahan_code"]) or places.get(a["kecamatan_code"]),
             "agencies": sorted({code.split("-")[0] for code in a["units"]})} for a in active]
    return pd.DataFrame(rows, columns=[*INCIDENT_COLUMNS, "elapsed"])


@once_per_request  # the wall's map and its units panel
def all_units(services: Services, viewer: Viewer) -> pd.DataFrame:
    """Every unit with its status and last position."""
    with services.databases.transaction() as session:
        units = queries.units(session, viewer)
    return pd.DataFrame([{k: u[k] for k in UNIT_COLUMNS} for u in units], columns=UNIT_COLUMNS)


def fleet_by_agency(units: pd.DataFrame) -> pd.DataFrame:
    """Per agency (sorted by code): units `available` and `in_service` (every status but
    out_of_service), from all_units' rows. Plain Python: some 130 units, where pandas' group and
    sum cost the wall a millisecond a refresh."""
    counts: dict[str, list[int]] = {}
    for agency, status in zip(units["agency_code"].tolist(), units["status"].tolist()):
        fleet = counts.setdefault(agency, [0, 0])
        fleet[0] += status == "available"
        fleet[1] += status != "out_of_service"
    rows = sorted((agency, available, in_service) for agency, (available, in_service) in counts.items())
    return pd.DataFrame(rows, columns=["agency_code", "available", "in_service"])


def detail(services: Services, viewer: Viewer, number: str | None, now: datetime | None = None) -> dict | None:
    """One incident for incident_builders.incident_detail, or None (unknown or not allowed)."""
    if not isinstance(number, str) or not number:
        return None
    now = now or utc_now()
    try:
        with services.databases.transaction() as session:
            found = queries.incident_detail(session, viewer, number, now)
    except IncidentError:
        return None
    places, agencies = place_names(), agency_names(services)
    clock = found["clock"]
    return {**found, "place": _place_text(found, places), "breach": clock.breached,
            "intervals": {"processing": clock.call_processing, "response": clock.response},
            "dispatches": [dict(d, agency_name=agencies.get(d["agency_code"]), turnout=d["clock"].turnout,
                                travel=d["clock"].travel, response=d["clock"].response) for d in found["dispatches"]],
            "calls": [dict(c, caller_masked=c["caller"], source_name=SOURCE_NAMES.get(c["source"])) for c in found["calls"]],
            "timeline": [dict(e, text=e["text"] or e["kind"]) for e in found["timeline"]],
            "nearby_cameras": nearby_cameras(services, viewer, found.get("lat"), found.get("lon"))}


def nearby_cameras(services: Services, viewer: Viewer, lat, lon) -> list[dict]:
    """The cameras near the scene with their state now (the infrastructure marts, the viewer's scope)."""
    from data.infrastructure.queries import cameras_near

    near = cameras_near(services, viewer, lat, lon)
    return [{"code": row.device_code, "name": row.name, "state": row.state, "distance_m": int(row.distance_m)}
            for row in near.itertuples()]


def _place_text(found: dict, places: dict) -> str:
    parts = [found.get("landmark"), found.get("address"), places.get(found.get("kelurahan_code")),
             places.get(found.get("kecamatan_code"))]
    return " · ".join(p for p in parts if p) or "lokasi belum dipetakan"


@cache
def place_names() -> dict[str, str]:
    return {**dict(zip(geo.centroids("kecamatan")["code"], geo.centroids("kecamatan")["name"])),
            **dict(zip(geo.centroids("kelurahan")["code"], geo.centroids("kelurahan")["name"]))}


def agency_names(services: Services) -> dict[str, str]:
    with services.databases.transaction() as session:
        return dict(session.execute(select(Opd.code, Opd.short_name)).all())


def fleet_agencies(services: Services) -> list[str]:
    """The agencies that have units, sorted."""
    from modules.incidents.models import IncidentUnitType

    with services.databases.transaction() as session:
        return sorted(set(session.scalars(select(IncidentUnitType.agency_code))))


def category_options(services: Services) -> list[dict]:
    """The city's categories for a searchable dropdown: "Kebakaran bangunan (P1)"."""
    with services.databases.transaction() as session:
        rows = session.execute(select(IncidentCategory.code, IncidentCategory.name, IncidentCategory.priority)
                               .order_by(IncidentCategory.name)).all()
    return [{"label": f"{name} (P{priority})", "value": code, "search": f"{name} {code}"} for code, name, priority in rows]


def newest_incidents(services: Services, viewer: Viewer, limit: int = 12) -> pd.DataFrame:
    """The newest incidents (any status): number, received_at, category_name, place."""
    from modules.incidents.access import READER_ROLES, require_role
    from modules.incidents.models import Incident

    with services.databases.transaction() as session:
        require_role(viewer, READER_ROLES, "read incidents")
        rows = session.execute(select(Incident.number, Incident.received_at, IncidentCategory.name,
                                      Incident.kelurahan_code, Incident.kecamatan_code)
                               .join(IncidentCategory, IncidentCategory.code == Incident.category_code)
                               .order_by(Incident.received_at.desc(), Incident.id.desc()).limit(limit)).all()
    places = place_names()
    return pd.DataFrame([{"number": number, "received_at": received, "category_name": name,
                          "place": places.get(kelurahan) or places.get(kecamatan)}
                         for number, received, name, kelurahan, kecamatan in rows],
                        columns=["number", "received_at", "category_name", "place"])


def promise_today(services: Services, viewer: Viewer, now: datetime | None = None) -> dict:
    """Today's incidents (the city's day) against the response promise: reached in time, late
    (reached late, or nobody there yet past the promise), and the P50/P90 of the responses so far."""
    from modules.incidents.access import READER_ROLES, require_role
    from modules.incidents.intervals import is_breached
    from modules.incidents.models import Incident
    from modules.incidents.workflow import INCIDENT_STATUSES

    now = now or utc_now()
    start = datetime.combine(city_today(now), time.min, tzinfo=CITY_ZONE)
    with services.databases.transaction() as session:
        require_role(viewer, READER_ROLES, "read incidents")
        # the statuses listed (not "!= cancelled"), so the (status, received_at) index finds today's rows
        counted = [status for status in INCIDENT_STATUSES if status != "cancelled"]
        # only the columns a breach is judged on (rows with the same names as the incident's
        # attributes): the wall asks every refresh, and whole ORM rows cost it most of its time
        today = session.execute(select(Incident.status, Incident.received_at, Incident.first_on_scene_at,
                                       Incident.response_promise_seconds)
                                .where(Incident.status.in_(counted), Incident.received_at >= start)).all()
    late, met, responses = 0, 0, []
    for incident in today:  # each judged once: at ten times the city some 1,800 incidents a day
        breached = is_breached(incident, now)
        late += breached
        if incident.first_on_scene_at is not None:
            met += not breached
            responses.append((incident.first_on_scene_at - incident.received_at).total_seconds())
    found = {"met": met, "breached": late, "p50_seconds": None, "p90_seconds": None}
    if responses:
        found["p50_seconds"], found["p90_seconds"] = (float(v) for v in np.percentile(responses, [50, 90]))
    return found


# --- the desk's actions ---------------------------------------------------------------------------------

def handle_call(services: Services, viewer: Viewer, outcome: str, form: dict) -> tuple[bool, str, str | None]:
    """One call taken and decided in one transaction: `incident` (create), `merged` (into
    form["merge_into"]), `prank`, `referred` (to form["partner"]) or `info`. Returns (ok, message,
    the incident's number when there is one). A refusal writes nothing, the call included."""
    settings = services.settings
    try:
        with services.databases.transaction() as session:
            call = service.take_call(session, viewer, settings, caller_number=form.get("caller"),
                                     source=form.get("source") or "call_112", **_source_reference(form))
            if outcome == "incident":
                incident = service.create_incident(
                    session, viewer, settings, call.id, category_code=form.get("category"), lat=form.get("lat"),
                    lon=form.get("lon"), address=form.get("address"), landmark=form.get("landmark"),
                    description=form.get("description"), casualties_injured=form.get("injured") or 0,
                    casualties_dead=form.get("dead") or 0, priority=form.get("priority"))
                return True, f"Insiden {incident.number} dibuat.", incident.number
            if outcome == "merged":
                service.merge_call(session, viewer, call.id, form.get("merge_into") or "")
                return True, f"Panggilan digabung ke {form.get('merge_into')}.", form.get("merge_into")
            service.close_call(session, viewer, call.id, outcome, partner=form.get("partner"))
            repeat = " Penelepon ini berulang kali iseng." if call.repeat_caller else ""
            return True, {"prank": "Panggilan dicatat sebagai iseng / diam.", "referred": f"Dirujuk ke {form.get('partner')}.",
                          "info": "Panggilan dicatat sebagai informasi."}.get(outcome, "Dicatat.") + repeat, None
    except IncidentError as refused:
        return False, refusal(refused), None


def _source_reference(form: dict) -> dict:
    """The free "camera / post / ticket" field, read as what the source says it is."""
    reference, source = (form.get("source_ref") or "").strip() or None, form.get("source")
    return {"camera_id": reference if source == "cctv" else None,
            "post_code": reference if source == "field_post" else None,
            "complaint_ticket": reference if source == "complaint" else None}


def is_repeat_caller(services: Services, number: str | None) -> bool:
    """Whether a number typed on the desk belongs to a repeat prank caller (shown before the call is saved)."""
    from modules.incidents.callers import caller_hash, is_repeat_prank_caller

    if not number or len("".join(ch for ch in number if ch.isdigit())) < 6:
        return False
    with services.databases.transaction() as session:
        return is_repeat_prank_caller(session, services.settings, caller_hash(services.settings, number), utc_now())


def active_options(services: Services, viewer: Viewer) -> list[dict]:
    """Active incidents for the desk's choices, most urgent first."""
    with services.databases.transaction() as session:
        active = queries.active_incidents(session, viewer)
    return [{"label": f"{a['number']} · {a['category_name']} · P{a['priority']}", "value": a["number"]} for a in active]


def suggestions(services: Services, viewer: Viewer, number: str | None) -> list[dict]:
    """The nearest available units the incident's category needs, as checklist options."""
    if not number:
        return []
    from modules.incidents.checks import incident_by_number

    try:
        with services.databases.transaction() as session:
            queries.require_role(viewer, queries.READER_ROLES, "read units")
            incident = incident_by_number(session, number, lock=False)
            found = queries.suggest_units(session, incident, limit=6)
            return [{"label": f"{unit.code} · {unit.unit_type} · " + (f"{far / 1000:.1f} km" if far != float('inf')
                                                                       else "posisi tidak diketahui"),
                     "value": unit.code} for unit, far in found]
    except IncidentError:
        return []


def dispatch_units(services: Services, viewer: Viewer, number: str | None, unit_codes: list[str]) -> tuple[bool, str]:
    """Dispatches every chosen unit in one transaction: all go, or none (the refusal names the unit)."""
    if not number or not unit_codes:
        return False, "Pilih insiden dan sedikitnya satu unit."
    try:
        with services.databases.transaction() as session:
            for code in unit_codes:
                service.dispatch(session, viewer, number, code)
        return True, f"{len(unit_codes)} unit diberangkatkan ke {number}."
    except IncidentError as refused:
        return False, refusal(refused)


def own_units(services: Services, viewer: Viewer) -> list[dict]:
    """The units a viewer may report on: an agency representative his agency's, the desk all."""
    agency = viewer.opd_code if viewer.role == "opd" else None
    if viewer.role == "opd" and not agency:
        return []
    with services.databases.transaction() as session:
        units = queries.units(session, viewer, agency)
    return [{"label": f"{u['code']} · {FIELD_STATUSES.get(u['status'], u['status'])}", "value": u["code"]} for u in units]


def report_status(services: Services, viewer: Viewer, unit_code: str | None, status: str | None) -> tuple[bool, str]:
    if not unit_code or not status:
        return False, "Pilih unit dan status baru."
    try:
        with services.databases.transaction() as session:
            service.report_unit(session, viewer, unit_code, status=status)
        return True, f"Status {unit_code}: {FIELD_STATUSES.get(status, status)}."
    except IncidentError as refused:
        return False, refusal(refused)


# --- the stage -----------------------------------------------------------------------------------------

def stage(services: Services) -> dict:
    """The stage in force and the system's proposal, for incident_builders.stage_banner."""
    with services.databases.transaction() as session:
        current = service.current_stage(session)
        proposal = service.proposed_stage(session, services.settings)
    reasons = "; ".join(text(code, params) for code, params in proposal.reasons)
    return {"stage": current.stage if current else 1, "reason": current.reason if current else "",
            "set_at": current.set_at if current else None, "proposed": proposal.stage, "proposed_reason": reasons}


def set_stage(services: Services, viewer: Viewer, level, reason: str | None) -> tuple[bool, str]:
    try:
        with services.databases.transaction() as session:
            service.set_stage(session, viewer, services.settings, level, reason or "")
        return True, f"Tahap operasional kota: {level}."
    except IncidentError as refused:
        return False, refusal(refused)
