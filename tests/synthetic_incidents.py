"""Incident change-log snapshots written straight into the change log (the contract of
modules/incidents: entities incident, incident_dispatch, incident_call, incident_unit), for the
read side's tests: no module needed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from core.changelog import record_change, record_changes_bulk

PROMISE = 420
GENTENG = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1004")
GENTENG_2 = dict(kecamatan_code="35.78.07", kelurahan_code="35.78.07.1001")
TAMBAKSARI = dict(kecamatan_code="35.78.10", kelurahan_code="35.78.10.1008")
WONOKROMO = dict(kecamatan_code="35.78.04", kelurahan_code="35.78.04.1005")
DISTRICTS = (GENTENG, GENTENG_2, TAMBAKSARI, WONOKROMO)
CATEGORIES = {"KECELAKAAN_LALU_LINTAS": ("roadway.roadwayAccident", 1,
                                         [("DINKES", "ambulance"), ("DISHUB", "traffic_patrol")]),
              "KEBAKARAN": ("fire.urbanFire", 1, [("DPKP", "fire_engine")]),
              "POHON_TUMBANG": ("infrastructure.fallenTree", 2, [("DPKP", "rescue")]),
              "KEGAWATDARURATAN_MEDIS": ("medical.medicalEmergency", 1, [("DINKES", "ambulance")]),
              "PERMINTAAN_AMBULANS": ("medical.ambulanceRequest", 2, [("DINKES", "ambulance")])}


def iso(value):
    return value.isoformat() if isinstance(value, datetime) else value


def incident(number: str, received: datetime, category: str = "KECELAKAAN_LALU_LINTAS", district=GENTENG,
             **changes) -> dict:
    kind, priority, _units = CATEGORIES.get(category, ("other.other", 3, []))
    values = {"number": number, "status": "open", "category_code": category, "type": kind, "priority": priority,
              **district, "lat": -7.26, "lon": 112.745, "source": "call_112", "received_at": received,
              "created_at": received + timedelta(seconds=20), "first_dispatch_at": None, "first_en_route_at": None,
              "first_on_scene_at": None, "cleared_at": None, "closed_at": None, "cancelled_at": None, "agencies": [],
              "units_dispatched": 0, "calls": 1, "casualties_injured": 0, "casualties_dead": 0,
              "response_promise_seconds": PROMISE}
    values.update(changes)
    return {k: iso(v) for k, v in values.items()}


def dispatch(dispatch_id: int, of: dict, unit_code: str, agency: str, unit_type: str, dispatched: datetime,
             **changes) -> dict:
    values = {"id": dispatch_id, "incident_number": of["number"], "unit_code": unit_code, "agency_code": agency,
              "unit_type": unit_type, "status": "dispatched", "dispatched_at": dispatched, "en_route_at": None,
              "on_scene_at": None, "cleared_at": None, "cancelled_at": None, "category_code": of["category_code"],
              "priority": of["priority"], "kecamatan_code": of["kecamatan_code"],
              "kelurahan_code": of["kelurahan_code"], "incident_received_at": of["received_at"]}
    values.update(changes)
    return {k: iso(v) for k, v in values.items()}


def call(call_id: int, received: datetime, outcome: str, of: dict | None = None, **changes) -> dict:
    values = {"id": call_id, "received_at": received, "answered_at": received + timedelta(seconds=8),
              "source": "call_112", "outcome": outcome, "partner": None,
              "incident_number": of["number"] if of else None, "category_code": of["category_code"] if of else None,
              "kecamatan_code": of["kecamatan_code"] if of else None, "repeat_caller": False}
    values.update(changes)
    return {k: iso(v) for k, v in values.items()}


def unit(code: str, agency: str, unit_type: str, status: str = "available", post: str | None = None) -> dict:
    return {"code": code, "agency_code": agency, "unit_type": unit_type, "post_code": post, "status": status}


ENTITY_KEYS = {"incident": "number", "incident_dispatch": "id", "incident_call": "id", "incident_unit": "code"}


def write(databases, rows: list[tuple[str, dict]]) -> None:
    """(entity, payload) rows into the change log, in order, one transaction."""
    with databases.transaction() as session:
        for entity, payload in rows:
            record_change(session, entity, payload[ENTITY_KEYS[entity]], "upsert", payload)


def write_bulk(databases, rows: list[tuple[str, dict]]) -> None:
    with databases.transaction() as session:
        record_changes_bulk(session, [{"entity": e, "entity_id": p[ENTITY_KEYS[e]], "operation": "upsert",
                                       "payload": p} for e, p in rows])


def now_minute() -> datetime:
    return datetime.now(timezone.utc).replace(second=0, microsecond=0)


def city_noon() -> datetime:
    """Noon of the city's today (05:00 UTC): the known rows' "now", so that every interval stays
    inside its day whatever the hour the tests run at (queries are then asked `at` this moment)."""
    from core.clock import city_today

    today = city_today()
    return datetime(today.year, today.month, today.day, 5, 0, tzinfo=timezone.utc)


def known_rows(now: datetime | None = None) -> list[tuple[str, dict]]:
    """Six incidents, five dispatches, eight calls and four units, by design (times relative to now):
    - A (KECELAKAAN, Genteng 1004) two days ago: processing 60 s, response 300 s (met); DINKES
      ambulance on scene +300 (turnout 60, travel 180), DISHUB patrol on scene +600; both cleared.
    - B (KEBAKARAN, Tambaksari) two days ago: response 540 s (late); DPKP engine, cleared.
    - C (POHON_TUMBANG, Wonokromo) yesterday: open, no unit: a live breach.
    - D (KEGAWATDARURATAN_MEDIS, Genteng 1004) yesterday: cancelled; its DINKES dispatch cancelled en route.
    - E (KECELAKAAN, Genteng 1004) a minute ago: open, not yet due.
    - F (PERMINTAAN_AMBULANS, Genteng 1001) two days ago: response 400 s (met), DINKES, on scene.
    Calls: A x2 (the second merged), B (cctv), prank x2 (one from a repeat caller), referred to PLN,
    info, E's. Units: DINKES x3, DISHUB x1, DPKP x1."""
    now = now or city_noon()
    two, one = now - timedelta(days=2), now - timedelta(days=1)
    s = timedelta(seconds=1)
    a = incident("INS-A", two, status="cleared", first_dispatch_at=two + 60 * s, first_en_route_at=two + 120 * s,
                 first_on_scene_at=two + 300 * s, cleared_at=two + 1500 * s, agencies=["DINKES", "DISHUB"],
                 units_dispatched=2, calls=2, casualties_injured=2)
    b = incident("INS-B", two + 600 * s, "KEBAKARAN", TAMBAKSARI, status="cleared", first_dispatch_at=two + 645 * s,
                 first_en_route_at=two + 705 * s, first_on_scene_at=two + 1140 * s, cleared_at=two + 5600 * s,
                 agencies=["DPKP"], units_dispatched=1, source="cctv", casualties_dead=1)
    c = incident("INS-C", one, "POHON_TUMBANG", WONOKROMO, source="field_post")
    d = incident("INS-D", one + 60 * s, "KEGAWATDARURATAN_MEDIS", status="cancelled", first_dispatch_at=one + 120 * s,
                 first_en_route_at=one + 180 * s, cancelled_at=one + 240 * s, agencies=["DINKES"], units_dispatched=1)
    e = incident("INS-E", now - 60 * s)
    f = incident("INS-F", two + 900 * s, "PERMINTAAN_AMBULANS", GENTENG_2, status="on_scene",
                 first_dispatch_at=two + 990 * s, first_en_route_at=two + 1050 * s, first_on_scene_at=two + 1300 * s,
                 agencies=["DINKES"], units_dispatched=1)
    dispatches = [
        dispatch(1, a, "DINKES-AMB-01", "DINKES", "ambulance", two + 60 * s, status="cleared",
                 en_route_at=two + 120 * s, on_scene_at=two + 300 * s, cleared_at=two + 1500 * s),
        dispatch(2, a, "DISHUB-TP-01", "DISHUB", "traffic_patrol", two + 90 * s, status="cleared",
                 en_route_at=two + 180 * s, on_scene_at=two + 600 * s, cleared_at=two + 1200 * s),
        dispatch(3, b, "DPKP-FE-01", "DPKP", "fire_engine", two + 645 * s, status="cleared", en_route_at=two + 705 * s,
                 on_scene_at=two + 1140 * s, cleared_at=two + 5600 * s),
        dispatch(4, d, "DINKES-AMB-02", "DINKES", "ambulance", one + 120 * s, status="cancelled",
                 en_route_at=one + 180 * s, cancelled_at=one + 240 * s),
        dispatch(5, f, "DINKES-AMB-03", "DINKES", "ambulance", two + 990 * s, status="on_scene",
                 en_route_at=two + 1050 * s, on_scene_at=two + 1300 * s),
    ]
    calls = [call(1, two, "incident", a), call(2, two + 30 * s, "merged", a), call(3, two + 600 * s, "incident", b,
                                                                                     source="cctv"),
             call(4, two + 700 * s, "prank", repeat_caller=True), call(5, one, "prank"),
             call(6, one + 10 * s, "referred", partner="PLN"), call(7, one + 20 * s, "info"),
             call(8, now - 60 * s, "incident", e)]
    units = [unit("DINKES-AMB-01", "DINKES", "ambulance"), unit("DINKES-AMB-02", "DINKES", "ambulance"),
             unit("DINKES-AMB-03", "DINKES", "ambulance", "on_scene"), unit("DISHUB-TP-01", "DISHUB", "traffic_patrol"),
             unit("DPKP-FE-01", "DPKP", "fire_engine")]
    return ([("incident", x) for x in (a, b, c, d, e, f)] + [("incident_dispatch", x) for x in dispatches]
            + [("incident_call", x) for x in calls] + [("incident_unit", x) for x in units])


def random_history(seed: int, incidents: int = 60, start: datetime | None = None) -> list[tuple[str, dict]]:
    """A history as the module would write it: each incident's snapshots through its lifecycle
    (open -> dispatched -> on_scene -> cleared -> closed, or cancelled), its dispatches' and calls'
    snapshots, some moving between districts or categories on the way; rows in time order."""
    rng = random.Random(seed)
    start = start or now_minute() - timedelta(days=5)
    events: list[tuple[datetime, int, str, dict]] = []
    dispatch_id, call_id = 0, 0
    for n in range(incidents):
        received = start + timedelta(minutes=rng.randrange(0, 5 * 24 * 60))
        category = rng.choice(sorted(CATEGORIES))
        district = rng.choice(DISTRICTS)
        number = f"INS-R{n:04d}"
        base = incident(number, received, category, district)
        events.append((received, len(events), "incident", base))
        call_id += 1
        events.append((received, len(events), "incident_call", call(call_id, received, "incident", base)))
        if rng.random() < 0.15:  # a false alarm
            cancelled = received + timedelta(seconds=rng.randrange(60, 600))
            events.append((cancelled, len(events), "incident",
                           incident(number, received, category, district, status="cancelled", cancelled_at=cancelled)))
            continue
        if rng.random() < 0.2:  # the operator corrects the district
            district = rng.choice(DISTRICTS)
        first_dispatch = received + timedelta(seconds=rng.randrange(30, 180))
        current = {}
        agencies = []
        on_scene_first = None
        for agency, unit_type in CATEGORIES[category][2]:
            dispatch_id += 1
            dispatched = first_dispatch + timedelta(seconds=rng.randrange(0, 60))
            en_route = dispatched + timedelta(seconds=rng.randrange(30, 200))
            on_scene = en_route + timedelta(seconds=rng.randrange(60, 900))
            cleared = on_scene + timedelta(seconds=rng.randrange(300, 3600))
            agencies.append(agency)
            on_scene_first = min(on_scene_first or on_scene, on_scene)
            snap = incident(number, received, category, district, status="dispatched", first_dispatch_at=first_dispatch)
            steps = [("dispatched", dispatched, {}), ("en_route", en_route, {"en_route_at": en_route}),
                     ("on_scene", on_scene, {"en_route_at": en_route, "on_scene_at": on_scene}),
                     ("cleared", cleared, {"en_route_at": en_route, "on_scene_at": on_scene, "cleared_at": cleared})]
            for status, at, fields in steps:
                events.append((at, len(events), "incident_dispatch",
                               dispatch(dispatch_id, snap, f"{agency}-{dispatch_id:03d}", agency, unit_type, dispatched,
                                        status=status, **fields)))
            current[dispatch_id] = cleared
        final = incident(number, received, category, district, status="cleared", first_dispatch_at=first_dispatch,
                         first_en_route_at=first_dispatch + timedelta(seconds=30), first_on_scene_at=on_scene_first,
                         cleared_at=max(current.values()), agencies=sorted(set(agencies)),
                         units_dispatched=len(agencies), casualties_injured=rng.randrange(0, 3))
        mid = {**final, "status": "on_scene", "cleared_at": None}
        events.append((on_scene_first, len(events), "incident", mid))
        events.append((max(current.values()), len(events), "incident", final))
        if rng.random() < 0.3:
            call_id += 1
            events.append((received + timedelta(seconds=40), len(events), "incident_call",
                           call(call_id, received + timedelta(seconds=40), rng.choice(["prank", "info", "merged"]),
                                repeat_caller=rng.random() < 0.5)))
    events.sort(key=lambda e: (e[0], e[1]))
    return [(entity, payload) for _at, _order, entity, payload in events]
