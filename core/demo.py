"""Demo users for `make run` (embedded defaults). Their password is printed at start-up."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.reference import Kecamatan, Kelurahan
from core.users import KioskToken, User, create_user, issue_kiosk_token

DEMO_PASSWORD = "pantau-demo"


def demo_user_specs(session: Session) -> list[dict]:
    genteng = session.scalar(select(Kecamatan.code).where(Kecamatan.name == "Genteng"))
    ketabang = session.scalar(select(Kelurahan.code).where(Kelurahan.name == "Ketabang"))
    return [
        dict(username="admin", role="admin", full_name="Administrator"),
        dict(username="pimpinan", role="pimpinan", full_name="Kantor Wali Kota"),
        dict(username="operator", role="operator", full_name="Operator Command Center"),
        dict(username="dishub", role="opd", full_name="TPKPM Dishub", opd_code="DISHUB"),
        dict(username="dlh", role="opd", full_name="TPKPM DLH", opd_code="DLH"),
        dict(username="binamarga", role="opd", full_name="TPKPM Bina Marga", opd_code="DSDABM"),
        dict(username="camat.genteng", role="camat", full_name="Camat Genteng", kecamatan_code=genteng),
        dict(username="lurah.ketabang", role="lurah", full_name="Lurah Ketabang", kelurahan_code=ketabang),
        dict(username="rw01.ketabang", role="rt_rw", full_name="Ketua RW 01 Ketabang",
             kelurahan_code=ketabang, rw=1),
        dict(username="bappeda", role="perencana", full_name="Bappedalitbang Kota Surabaya"),
    ]


def ensure_demo_users(session: Session) -> list[str]:
    """Creates the demo users that do not exist yet; returns all demo user names."""
    names = []
    for spec in demo_user_specs(session):
        if session.scalar(select(User).where(User.username == spec["username"])) is None:
            create_user(session, password=DEMO_PASSWORD, **spec)
        names.append(spec["username"])
    return names


def ensure_demo_kiosk_token(session: Session) -> str | None:
    """Issues a demo wall token the first time; returns its secret then, None afterwards."""
    if session.scalar(select(KioskToken).where(KioskToken.label == "demo-wall")) is not None:
        return None
    _token, secret = issue_kiosk_token(session, "demo-wall")
    return secret
