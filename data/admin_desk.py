"""The admin desk: what the admin pages (/admin/pengguna, /admin/kiosk, /admin/kunci-api, /admin/rute,
/admin/sla, /admin/audit) ask of core's users and of the complaints module.

Every change goes through the same service function the command line calls (core.users, the
complaints service), inside one transaction that also holds its audit row; this module only turns
page values into arguments and the services' refusals (codes) into Indonesian lines naming the
field. Like data/complaint_desk.py, it reads the transactional database: an admin edits live rows.
A secret (a new password, a kiosk token, an API key) goes back to the page once, in the Outcome,
and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import users as user_service
from core.audit import CHANGED, AdminAudit
from core.clock import CITY_ZONE, city_text
from core.messages import ADMIN_ACTION_NAMES, ADMIN_FIELD_LABELS, ADMIN_OBJECT_NAMES, error_text
from core.reference import Kecamatan, Kelurahan, Opd
from core.services import Services
from core.settings import ROLES, role_name
from core.users import User, UserError, Viewer
from modules.complaints import service as complaint_service
from modules.complaints.errors import AccessDenied, ComplaintValidationError
from modules.complaints.models import ComplaintCategory

AUDIT_LIMIT = 500  # newest rows shown; the filters narrow the rest
PERSON_ROLES = tuple(role for role in ROLES if role != "wall")
REFUSED = "Belum tersimpan: periksa isian berikut."
CONFLICT = "Data berubah pada saat yang sama oleh orang lain; muat ulang lalu coba lagi."


@dataclass(frozen=True)
class Outcome:
    """What a page shows after an action: `problems` are "Field: reason" lines; `secret` is shown once."""

    ok: bool
    message: str
    problems: tuple[str, ...] = ()
    secret: str | None = None


# --- reading ---------------------------------------------------------------------------------------

def choices(services: Services) -> dict[str, list[dict]]:
    """Dropdown options from the reference data: roles, OPDs, kecamatan, kelurahan, categories."""
    with services.databases.session() as session:
        kecamatan = {k.code: k.name for k in session.scalars(select(Kecamatan))}
        return {
            "roles": [{"label": role_name(role), "value": role} for role in PERSON_ROLES],
            "opd": [{"label": f"{o.short_name} · {o.name}", "value": o.code}
                    for o in session.scalars(select(Opd).order_by(Opd.short_name))],
            "kecamatan": [{"label": name, "value": code} for code, name in sorted(kecamatan.items(), key=lambda i: i[1])],
            "kelurahan": [{"label": f"{k.name} ({kecamatan.get(k.kecamatan_code, '')})", "value": k.code}
                          for k in session.scalars(select(Kelurahan).order_by(Kelurahan.name))],
            "categories": [{"label": c.name, "value": c.code}
                           for c in session.scalars(select(ComplaintCategory).order_by(ComplaintCategory.name))],
        }


def users(services: Services) -> list[dict]:
    with services.databases.session() as session:
        return [{"username": u.username, "full_name": u.full_name, "role": role_name(u.role),
                 "scope": _scope_text(u), "active": "aktif" if u.active else "nonaktif",
                 "created_at": city_text(u.created_at)} for u in user_service.list_users(session)]


def kiosk_tokens(services: Services) -> list[dict]:
    with services.databases.session() as session:
        return [_key_row(t) for t in user_service.list_kiosk_tokens(session)]


def api_keys(services: Services) -> list[dict]:
    with services.databases.session() as session:
        return [_key_row(k) for k in complaint_service.list_api_keys(session)]


def routing_rules(services: Services) -> list[dict]:
    with services.databases.session() as session:
        names = _names(session)
        return [{"id": r.id, "category": names["category"].get(r.category_code, r.category_code),
                 "category_code": r.category_code, "kecamatan": names["kecamatan"].get(r.kecamatan_code, "(seluruh kota)"),
                 "kecamatan_code": r.kecamatan_code, "opd": names["opd"].get(r.opd_code, r.opd_code),
                 "opd_code": r.opd_code, "updated_at": city_text(r.updated_at)}
                for r in complaint_service.list_routing_rules(session)]


def sla_overrides(services: Services) -> list[dict]:
    with services.databases.session() as session:
        names = _names(session)
        return [{"category_code": o.category_code, "category": names["category"].get(o.category_code, o.category_code),
                 "first_response_minutes": o.first_response_minutes, "feedback_minutes": o.feedback_minutes,
                 "updated_at": city_text(o.updated_at)} for o in complaint_service.list_sla_overrides(session)]


def audit_actors(services: Services) -> list[str]:
    with services.databases.session() as session:
        return list(session.scalars(select(AdminAudit.actor_username).distinct().order_by(AdminAudit.actor_username)))


def audit(services: Services, actor: str | None = None, object_type: str | None = None,
          first_day: date | None = None, last_day: date | None = None) -> list[dict]:
    """The newest AUDIT_LIMIT audit rows matching the filters; days are WIB calendar days."""
    query = select(AdminAudit).order_by(AdminAudit.at.desc(), AdminAudit.id.desc()).limit(AUDIT_LIMIT)
    if actor:
        query = query.where(AdminAudit.actor_username == actor)
    if object_type:
        query = query.where(AdminAudit.object_type == object_type)
    if first_day:
        query = query.where(AdminAudit.at >= datetime.combine(first_day, time(), CITY_ZONE))
    if last_day:
        query = query.where(AdminAudit.at < datetime.combine(last_day + timedelta(days=1), time(), CITY_ZONE))
    with services.databases.session() as session:
        return [{"id": row.id, "at": city_text(row.at, "%d/%m/%Y %H:%M:%S"), "actor": row.actor_username,
                 "action": ADMIN_ACTION_NAMES.get(row.action, row.action),
                 "object_type": ADMIN_OBJECT_NAMES.get(row.object_type, row.object_type),
                 "object_key": row.object_key, "change": change_text(row.before, row.after)}
                for row in session.scalars(query)]


def change_text(before: dict | None, after: dict | None) -> str:
    """"Peran: — → Petugas OPD; OPD: — → DLH": the fields that differ; a secret only "diubah"."""
    before, after = before or {}, after or {}
    parts = []
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        label = ADMIN_FIELD_LABELS.get(name, name)
        if CHANGED in (old, new):
            parts.append(f"{label}: diubah")
        elif old != new:
            parts.append(f"{label}: {_value(old)} → {_value(new)}")
    return "; ".join(parts)


# --- acting ---------------------------------------------------------------------------------------

def create_user(services: Services, viewer: Viewer, form: dict) -> Outcome:
    username = _text(form.get("username"))

    def work(session):
        user_service.create_user(session, username, form.get("password"), _text(form.get("role")),
                                 _text(form.get("full_name")) or "", actor=viewer, **_scope(form))
        return Outcome(True, f"Pengguna {username} dibuat. Ia dapat masuk dengan kata sandi yang Anda berikan.")

    return _act(services, viewer, work)


def update_user(services: Services, viewer: Viewer, username, form: dict) -> Outcome:
    """The picked user gets the form's name, role and scope (not its user name or password)."""
    def work(session):
        user_service.update_user(session, _text(username), _text(form.get("role")),
                                 _text(form.get("full_name")) or "", actor=viewer, **_scope(form))
        return Outcome(True, f"Peran dan cakupan {username} disimpan; berlaku pada permintaan berikutnya.")

    return _act(services, viewer, work)


def user_form(services: Services, username) -> dict | None:
    """The picked user's current values, to fill the form for a change; None when there is none."""
    with services.databases.session() as session:
        user = session.scalar(select(User).where(User.username == username)) if isinstance(username, str) else None
        if user is None:
            return None
        return user_service.user_record(user)


def reset_password(services: Services, viewer: Viewer, username, password) -> Outcome:
    def work(session):
        user_service.reset_password(session, _text(username), password, actor=viewer)
        return Outcome(True, f"Kata sandi {username} diganti; semua sesinya berakhir.")

    return _act(services, viewer, work)


def set_active(services: Services, viewer: Viewer, username, active: bool) -> Outcome:
    def work(session):
        user_service.set_active(session, _text(username), active, actor=viewer)
        return Outcome(True, f"{username} diaktifkan." if active else f"{username} dinonaktifkan; semua sesinya berakhir.")

    return _act(services, viewer, work)


def issue_kiosk_token(services: Services, viewer: Viewer, label) -> Outcome:
    def work(session):
        token, secret = user_service.issue_kiosk_token(session, _text(label), actor=viewer)
        return Outcome(True, f"Token kiosk {token.id} ({token.label}) diterbitkan. Salin alamat ini sekarang: "
                             "ia tidak akan ditampilkan lagi.", secret=f"/kiosk/{secret}")

    return _act(services, viewer, work)


def revoke_kiosk_token(services: Services, viewer: Viewer, token_id) -> Outcome:
    def work(session):
        token = user_service.revoke_kiosk_token(session, _row_id(token_id), actor=viewer)
        return Outcome(True, f"Token kiosk {token.id} ({token.label}) dicabut.")

    return _act(services, viewer, work)


def issue_api_key(services: Services, viewer: Viewer, label) -> Outcome:
    def work(session):
        key, secret = complaint_service.issue_api_key(session, viewer, _text(label))
        return Outcome(True, f"Kunci API {key.id} ({key.label}) diterbitkan. Salin sekarang: ia tidak akan "
                             "ditampilkan lagi.", secret=secret)

    return _act(services, viewer, work)


def revoke_api_key(services: Services, viewer: Viewer, key_id) -> Outcome:
    def work(session):
        key = complaint_service.revoke_api_key(session, viewer, _row_id(key_id))
        return Outcome(True, f"Kunci API {key.id} ({key.label}) dicabut.")

    return _act(services, viewer, work)


def set_routing_rule(services: Services, viewer: Viewer, category_code, opd_code, kecamatan_code) -> Outcome:
    def work(session):
        rule = complaint_service.set_routing_rule(session, viewer, _text(category_code), _text(opd_code),
                                                  _text(kecamatan_code))
        return Outcome(True, f"Aturan {rule.id} disimpan: {rule.category_code} "
                             f"{rule.kecamatan_code or '(seluruh kota)'} → {rule.opd_code}.")

    return _act(services, viewer, work)


def delete_routing_rule(services: Services, viewer: Viewer, rule_id) -> Outcome:
    def work(session):
        complaint_service.delete_routing_rule(session, viewer, _row_id(rule_id))
        return Outcome(True, f"Aturan {rule_id} dihapus. Kategori tanpa aturan masuk antrean triase.")

    return _act(services, viewer, work)


def set_sla_override(services: Services, viewer: Viewer, category_code, first_response_minutes,
                     feedback_minutes) -> Outcome:
    def work(session):
        override = complaint_service.set_sla_override(session, viewer, _text(category_code),
                                                      _whole(first_response_minutes), _whole(feedback_minutes))
        if override is None:
            return Outcome(True, f"SLA {category_code} kembali ke bawaan pengaturan.")
        return Outcome(True, f"SLA {category_code} disimpan; berlaku untuk aduan yang masuk sesudah ini.")

    return _act(services, viewer, work)


def _act(services: Services, viewer: Viewer, work) -> Outcome:
    """Runs one change and its audit row in one transaction; a refusal writes neither."""
    try:
        with services.databases.transaction() as session:
            user_service.require_admin(viewer)
            return work(session)
    except (UserError, ComplaintValidationError) as error:
        return Outcome(False, REFUSED, tuple(f"{ADMIN_FIELD_LABELS.get(field, field)}: {error_text(why)}"
                                             for field, why in error.errors))
    except AccessDenied:
        return Outcome(False, "Hanya administrator yang boleh mengubah ini.")
    except IntegrityError:  # two admins at once (the same new name): the unique key refused the second
        return Outcome(False, CONFLICT)


# --- page values -------------------------------------------------------------------------------------

def _scope(form: dict) -> dict:
    scope = {name: _text(form.get(name)) for name in ("opd_code", "kecamatan_code", "kelurahan_code")}
    return scope | {"rw": _whole(form.get("rw")), "rt": _whole(form.get("rt")), "city_wide": bool(form.get("city_wide"))}


def _text(value) -> str | None:
    """A text field as the services take it: trimmed, None when empty; a crafted non-text value
    becomes its text, which the service then refuses by name (an unknown code, a bad user name)."""
    if value is None:
        return None
    return (value if isinstance(value, str) else str(value)[:100]).strip() or None


def _row_id(value) -> int:
    """A row id from a dropdown; 0 (no such row, which the service reports) for anything that is no
    id a row can have, so a crafted value never reaches the database as a wrong type."""
    value = _whole(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31 else 0


def _whole(value):
    """A number field: an int, None when empty; 30.0 from a number input is 30; anything else is passed
    on for the service to refuse."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _scope_text(user) -> str:
    if user.role == "opd":
        return f"{user.opd_code}" + (" (seluruh kota)" if user.city_wide else "")
    parts = [user.kelurahan_code or user.kecamatan_code, f"RW {user.rw}" if user.rw else None,
             f"RT {user.rt}" if user.rt else None]
    return " ".join(p for p in parts if p) or "seluruh kota"


def _key_row(key) -> dict:
    return {"id": key.id, "label": key.label, "created_at": city_text(key.created_at),
            "state": f"dicabut {city_text(key.revoked_at)}" if key.revoked_at else "aktif"}


def _names(session) -> dict[str, dict[str, str]]:
    return {"category": dict(session.execute(select(ComplaintCategory.code, ComplaintCategory.name)).all()),
            "kecamatan": dict(session.execute(select(Kecamatan.code, Kecamatan.name)).all()),
            "opd": dict(session.execute(select(Opd.code, Opd.short_name)).all())}


def _value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)
