"""A small varied sample of the incidents domain, written through the real service (the contract
tests compare its change log with the tables): every call outcome, a repeat prank caller, a
multi-agency incident cleared and closed, a cancelled dispatch, a cancelled incident, an incident
still waiting (a live breach), a unit out of service and back, a field position report."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.clock import utc_now
from core.db import Databases
from core.settings import Settings
from modules.incidents import service
from modules.incidents.access import system_actor
from modules.incidents.reference import load_fleet

ACTOR = system_actor("sample")
PRANKSTER = "0812-5550-1234"
GENTENG = (-7.2590, 112.7440)  # points of the integrated posts: inside the city
WONOKROMO = (-7.2950, 112.7400)
RUNGKUT = (-7.3270, 112.7860)


def write_sample(databases: Databases, settings: Settings, start: datetime | None = None) -> None:
    start = (start or utc_now() - timedelta(hours=3)).replace(microsecond=0)

    def at(minutes: float) -> datetime:
        return start + timedelta(minutes=minutes)

    with databases.transaction() as session:
        load_fleet(session, now=at(-60))
    with databases.transaction() as session:
        for minute in (0, 5, 10):  # the third prank call from one number is flagged as a repeat caller
            call = service.take_call(session, ACTOR, settings, caller_number=PRANKSTER, now=at(minute))
            service.close_call(session, ACTOR, call.id, "prank", now=at(minute + 1))
        call = service.take_call(session, ACTOR, settings, caller_number="031-555-0101", now=at(12))
        service.close_call(session, ACTOR, call.id, "referred", partner="PLN", note="listrik padam", now=at(13))
        call = service.take_call(session, ACTOR, settings, source="radio", now=at(14))
        service.close_call(session, ACTOR, call.id, "info", now=at(15))

        # a traffic accident: ambulance and traffic patrol, both cleared, a second call merged, closed
        call = service.take_call(session, ACTOR, settings, caller_number="0813-1111-2222", now=at(20))
        accident = service.create_incident(session, ACTOR, settings, call.id, category_code="KECELAKAAN_LALU_LINTAS",
                                           lat=GENTENG[0], lon=GENTENG[1], landmark="depan balai kota",
                                           casualties_injured=2, now=at(21))
        second = service.take_call(session, ACTOR, settings, source="cctv", camera_id="CCTV-GENTENG-07", now=at(21))
        service.merge_call(session, ACTOR, second.id, accident.number, now=at(22))
        service.link_camera(session, ACTOR, accident.number, "CCTV-GENTENG-07", now=at(22))
        ambulance = service.dispatch(session, ACTOR, accident.number, "DINKES-AM-01", now=at(22))
        patrol = service.dispatch(session, ACTOR, accident.number, "DISHUB-TP-01", now=at(23))
        for row, minutes in ((ambulance, (23, 27, 40)), (patrol, (24, 30, 45))):
            for status, minute in zip(("en_route", "on_scene", "cleared"), minutes):
                service.update_dispatch(session, ACTOR, row.id, status, now=at(minute))
        service.add_note(session, ACTOR, accident.number, "korban dibawa ke RSUD dr. Soetomo", now=at(41))
        service.close_incident(session, ACTOR, accident.number, now=at(50))
        service.report_unit(session, ACTOR, "DINKES-AM-01", status="available", lat=GENTENG[0], lon=GENTENG[1],
                            now=at(55))

        # a fire: two engines, one called off en route; the other arrives late (a breach) and stays
        call = service.take_call(session, ACTOR, settings, source="field_post", post_code="PT03", now=at(60))
        fire = service.create_incident(session, ACTOR, settings, call.id, category_code="KEBAKARAN",
                                       lat=WONOKROMO[0], lon=WONOKROMO[1], address="Jl. Raya Wonokromo", now=at(61))
        service.dispatch(session, ACTOR, fire.number, "DPKP-FE-01", now=at(62))
        extra = service.dispatch(session, ACTOR, fire.number, "DPKP-FE-02", now=at(62))
        service.update_dispatch(session, ACTOR, extra.id, "en_route", now=at(63))
        service.update_dispatch(session, ACTOR, extra.id, "cancelled", note="cukup satu unit", now=at(64))
        service.report_unit(session, ACTOR, "DPKP-FE-01", status="en_route", now=at(64))
        service.report_unit(session, ACTOR, "DPKP-FE-01", lat=WONOKROMO[0] + 0.01, lon=WONOKROMO[1], now=at(66))
        service.report_unit(session, ACTOR, "DPKP-FE-01", status="on_scene", now=at(72))
        service.update_casualties(session, ACTOR, fire.number, injured=1, dead=0, now=at(80))
        service.link_complaint(session, ACTOR, fire.number, "ADU-2612-000001", now=at(81))

        # a false alarm, cancelled with its unit en route
        call = service.take_call(session, ACTOR, settings, caller_number="0857-0000-1111", now=at(90))
        alarm = service.create_incident(session, ACTOR, settings, call.id, category_code="POHON_TUMBANG",
                                        lat=RUNGKUT[0], lon=RUNGKUT[1], now=at(91))
        row = service.dispatch(session, ACTOR, alarm.number, "DSDABM-RC-01", now=at(92))
        service.update_dispatch(session, ACTOR, row.id, "en_route", now=at(93))
        service.cancel_incident(session, ACTOR, alarm.number, "pohon sudah disingkirkan warga", now=at(95))

        # an incident still waiting for a unit (past the promise: a live breach), a pending call
        call = service.take_call(session, ACTOR, settings, source="complaint", complaint_ticket="ADU-2612-000002",
                                 now=at(100))
        service.create_incident(session, ACTOR, settings, call.id, category_code="PMKS_ODGJ",
                                address="Jl. Kedungdoro", now=at(101))
        service.take_call(session, ACTOR, settings, caller_number="0899-1234-5678", now=at(110))

        service.report_unit(session, ACTOR, "SATPOLPP-PA-02", status="out_of_service", now=at(115))
        service.report_unit(session, ACTOR, "SATPOLPP-PA-02", status="available", now=at(120))
        service.set_stage(session, ACTOR, settings, 2, "latihan mobilisasi", now=at(121))
