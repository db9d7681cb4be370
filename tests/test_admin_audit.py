"""The admin services (users, kiosk tokens, API keys, routing rules, SLA overrides) on SQLite and
PostgreSQL: each change writes its audit row in its own transaction, a refusal writes neither, and
no secret reaches the audit."""

import json

import pytest
from sqlalchemy import func, select

from core import users as user_service
from core.audit import AdminAudit
from core.changelog import ChangeLogEntry as ChangeLog
from core.users import KioskToken, User, UserError, Viewer, authenticate
from data import admin_desk
from modules.complaints import ComplaintValidationError, service as complaint_service
from modules.complaints.models import ApiKey, RoutingRule, SlaOverride

ADMIN = Viewer(user_id="7", username="root", role="admin")
OPERATOR = Viewer(user_id="8", username="ops", role="operator")
GENTENG = "35.78.07"


def audit_rows(databases, object_type=None) -> list[AdminAudit]:
    query = select(AdminAudit).order_by(AdminAudit.id)
    if object_type:
        query = query.where(AdminAudit.object_type == object_type)
    with databases.session() as session:
        return list(session.scalars(query))


def count(databases, model) -> int:
    with databases.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_creating_a_user_records_who_created_whom_without_the_password(databases):
    with databases.transaction() as session:
        user_service.create_user(session, "siti", "rahasia-siti-123", "opd", "Siti", actor=ADMIN, opd_code="DISHUB")
    [row] = audit_rows(databases, "user")
    assert (row.actor_user_id, row.actor_username, row.action, row.object_key) == (7, "root", "created", "siti")
    assert row.before is None
    assert row.after["role"] == "opd" and row.after["opd_code"] == "DISHUB" and row.after["password"] == "changed"
    stored = json.dumps([row.before, row.after])
    assert "rahasia-siti-123" not in stored and "password_hash" not in stored and "scrypt" not in stored


@pytest.mark.parametrize("scope, field, code", [
    ({"opd_code": "NOT_AN_OPD"}, "opd_code", "reference_unknown"),
    ({}, "opd_code", "scope_required"),
])
def test_a_user_with_a_scope_outside_the_reference_data_is_refused_and_nothing_written(databases, scope, field,
                                                                                      code):
    with pytest.raises(UserError) as refused, databases.transaction() as session:
        user_service.create_user(session, "budi", "long-enough-pw", "opd", actor=ADMIN, **scope)
    assert (refused.value.field, refused.value.code) == (field, code)
    assert count(databases, User) == 0 and count(databases, AdminAudit) == 0


def test_every_problem_of_a_new_user_is_reported_at_once(databases):
    with pytest.raises(UserError) as refused, databases.transaction() as session:
        user_service.create_user(session, "x", "short", "rt_rw", actor=ADMIN, kelurahan_code="35.78.99.9999", rw=120)
    assert {field for field, _error in refused.value.errors} == {"username", "password", "kelurahan_code", "rw"}


def test_a_role_keeps_only_its_own_scope_fields(databases):
    with databases.transaction() as session:
        user = user_service.create_user(session, "kepala", "long-enough-pw", "admin", actor=ADMIN, opd_code="DLH")
        assert user.opd_code is None  # an admin has no OPD, whatever the form still held


def test_only_a_city_wide_admin_changes_users(databases):
    lonely_admin = ADMIN.with_city_wide_roles(("pimpinan",))  # admin taken out of auth.city_wide_roles
    for actor in (OPERATOR, lonely_admin):
        with pytest.raises(UserError) as refused, databases.transaction() as session:
            user_service.create_user(session, "budi", "long-enough-pw", "pimpinan", actor=actor)
        assert refused.value.code == "admin_only"
    assert count(databases, User) == 0 and count(databases, AdminAudit) == 0


def test_a_password_reset_follows_the_policy_ends_sessions_and_audits_only_that_it_changed(databases, make_user):
    make_user("siti", "pimpinan", password="first-password")
    with pytest.raises(UserError) as refused, databases.transaction() as session:
        user_service.reset_password(session, "siti", "short", actor=ADMIN)
    assert refused.value.code == "password_too_short"
    before = len(audit_rows(databases))
    with databases.transaction() as session:
        version = session.scalar(select(User.session_version).where(User.username == "siti"))
        user_service.reset_password(session, "siti", "second-password", actor=ADMIN)
    with databases.session() as session:
        user = session.scalar(select(User).where(User.username == "siti"))
        assert user.session_version == version + 1
        assert authenticate(session, "siti", "second-password") is not None
    rows = audit_rows(databases)
    assert len(rows) == before + 1
    assert (rows[-1].action, rows[-1].before, rows[-1].after) == ("password_reset", {"password": "changed"},
                                                                    {"password": "changed"})


def test_disabling_ends_sessions_and_is_audited_but_an_admin_cannot_lock_himself_out(databases, make_user):
    make_user("siti", "pimpinan")
    make_user("root", "admin")
    with databases.transaction() as session:
        user_service.set_active(session, "siti", False, actor=ADMIN)
    with databases.session() as session:
        user = session.scalar(select(User).where(User.username == "siti"))
        assert not user.active and user.session_version == 2
    row = audit_rows(databases, "user")[-1]
    assert (row.action, row.before, row.after) == ("disabled", {"active": True}, {"active": False})
    with pytest.raises(UserError) as refused, databases.transaction() as session:
        user_service.set_active(session, "root", False, actor=ADMIN)
    assert refused.value.code == "cannot_disable_self"


def test_a_failing_audit_write_leaves_the_change_unmade(databases, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(user_service, "record_admin", broken)
    with pytest.raises(RuntimeError), databases.transaction() as session:
        user_service.create_user(session, "siti", "long-enough-pw", "pimpinan", actor=ADMIN)
    assert count(databases, User) == 0


def test_kiosk_tokens_are_audited_without_their_secret(databases):
    with databases.transaction() as session:
        token, secret = user_service.issue_kiosk_token(session, "ruang-1", actor=ADMIN)
        digest = token.token_digest
    with databases.transaction() as session:
        user_service.revoke_kiosk_token(session, token.id, actor=ADMIN)
    issued, revoked = audit_rows(databases, "kiosk_token")
    assert (issued.action, issued.after) == ("issued", {"label": "ruang-1", "token": "changed"})
    assert (revoked.action, revoked.after["revoked"]) == ("revoked", True)
    stored = json.dumps([issued.after, revoked.before, revoked.after])
    assert secret not in stored and digest not in stored
    with pytest.raises(UserError) as refused, databases.transaction() as session:
        user_service.revoke_kiosk_token(session, 999, actor=ADMIN)
    assert refused.value.field == "token_id"
    with pytest.raises(UserError), databases.transaction() as session:
        user_service.issue_kiosk_token(session, " ", actor=ADMIN)
    assert count(databases, KioskToken) == 1 and len(audit_rows(databases, "kiosk_token")) == 2


def test_api_keys_are_audited_without_their_secret(databases):
    with databases.transaction() as session:
        key, secret = complaint_service.issue_api_key(session, ADMIN, "mitra")
    with databases.transaction() as session:
        complaint_service.revoke_api_key(session, ADMIN, key.id)
    issued, revoked = audit_rows(databases, "api_key")
    assert issued.after == {"label": "mitra", "key": "changed"} and revoked.action == "revoked"
    assert secret not in json.dumps([issued.after, revoked.after])
    with pytest.raises(ComplaintValidationError), databases.transaction() as session:
        complaint_service.issue_api_key(session, ADMIN, "x" * 101)
    assert count(databases, ApiKey) == 1


def test_routing_rules_record_before_and_after(seeded):
    with seeded.transaction() as session:
        rule = complaint_service.set_routing_rule(session, ADMIN, "SAMPAH", "DLH", kecamatan_code=GENTENG)
    with seeded.transaction() as session:
        complaint_service.set_routing_rule(session, ADMIN, "SAMPAH", "DSDABM", kecamatan_code=GENTENG)
    with seeded.transaction() as session:
        complaint_service.delete_routing_rule(session, ADMIN, rule.id)
    created, changed, deleted = audit_rows(seeded, "routing_rule")
    assert (created.action, created.before, created.after["opd_code"]) == ("created", None, "DLH")
    assert (changed.action, changed.before["opd_code"], changed.after["opd_code"]) == ("changed", "DLH", "DSDABM")
    assert (deleted.action, deleted.object_key, deleted.after) == ("deleted", str(rule.id), None)


def test_a_refused_routing_rule_writes_no_rule_no_change_log_and_no_audit(seeded):
    rules, changes = count(seeded, RoutingRule), count(seeded, ChangeLog)
    with pytest.raises(ComplaintValidationError) as refused, seeded.transaction() as session:
        complaint_service.set_routing_rule(session, ADMIN, "NOPE", "NOT_AN_OPD")
    assert {field for field, _why in refused.value.errors} == {"category_code", "opd_code"}
    assert (count(seeded, RoutingRule), count(seeded, ChangeLog), count(seeded, AdminAudit)) == (rules, changes, 0)


def test_a_failing_audit_write_undoes_the_rule_and_its_change_log_row(seeded, monkeypatch):
    from modules.complaints import rules as rules_module

    def broken(*_args, **_kwargs):
        raise RuntimeError("audit table unavailable")

    changes = count(seeded, ChangeLog)
    monkeypatch.setattr(rules_module, "record_admin", broken)
    with pytest.raises(RuntimeError), seeded.transaction() as session:
        complaint_service.set_routing_rule(session, ADMIN, "SAMPAH", "DSDABM")
    with seeded.session() as session:
        rule = session.scalar(select(RoutingRule).where(RoutingRule.category_code == "SAMPAH",
                                                        RoutingRule.kecamatan_code.is_(None)))
    assert rule.opd_code == "DLH" and count(seeded, ChangeLog) == changes


@pytest.mark.parametrize("minutes, code", [(0, "minutes_not_positive"), (-5, "minutes_not_positive"),
                                           (30 * 24 * 60 + 1, "minutes_too_large")])
def test_sla_minutes_outside_their_range_are_refused(databases, minutes, code):
    with pytest.raises(ComplaintValidationError) as refused, databases.transaction() as session:
        complaint_service.set_sla_override(session, ADMIN, "SAMPAH", minutes, None)
    assert (refused.value.field, refused.value.reason.code) == ("first_response_minutes", code)
    assert count(databases, SlaOverride) == 0 and count(databases, AdminAudit) == 0


def test_sla_overrides_are_audited_when_set_changed_and_removed(databases):
    for minutes in ((30, None), (30, 600), (None, None)):
        with databases.transaction() as session:
            complaint_service.set_sla_override(session, ADMIN, "SAMPAH", *minutes)
    created, changed, deleted = audit_rows(databases, "sla_override")
    assert (created.action, created.after["first_response_minutes"]) == ("created", 30)
    assert (changed.before["feedback_minutes"], changed.after["feedback_minutes"]) == (None, 600)
    assert (deleted.action, deleted.after) == ("deleted", None)
    assert admin_desk.change_text(changed.before, changed.after) == "Umpan balik (menit): — → 600"


def test_the_command_line_is_recorded_as_cli_and_its_os_user(database_urls, databases, monkeypatch, tmp_path):
    import manage

    monkeypatch.setattr(manage, "instance_folder", lambda: tmp_path)
    monkeypatch.setenv("PANTAU_DATABASE__URL", database_urls[0])
    monkeypatch.setenv("PANTAU_DATABASE__WAREHOUSE_URL", database_urls[1])
    monkeypatch.setenv("PANTAU_DEMO__LOAD_DEMO_DATA", "false")
    monkeypatch.setenv("PANTAU_PASSWORD", "long-enough-pw")
    monkeypatch.setattr("getpass.getuser", lambda: "budi")
    assert manage.main(["create-user", "siti", "--role", "pimpinan"]) == 0
    assert manage.main(["sla-override", "SAMPAH", "--first-response-minutes", "45"]) == 0
    rows = audit_rows(databases)
    assert [(r.actor_username, r.actor_user_id, r.object_type) for r in rows] == [
        ("cli:budi", None, "user"), ("cli:budi", None, "sla_override")]


def test_the_audit_list_filters_by_actor_object_and_day(databases):
    from datetime import date

    from core.services import Services

    with databases.transaction() as session:
        user_service.create_user(session, "siti", "long-enough-pw", "pimpinan", actor=ADMIN)
        complaint_service.issue_api_key(session, ADMIN, "mitra")
    services = Services(settings=None, databases=databases, redis=None)
    assert {row["object_type"] for row in admin_desk.audit(services)} == {"Pengguna", "Kunci API"}
    assert [row["object_key"] for row in admin_desk.audit(services, object_type="user")] == ["siti"]
    assert admin_desk.audit(services, actor="someone-else") == []
    assert admin_desk.audit(services, first_day=date(2000, 1, 1), last_day=date(2000, 1, 2)) == []


def test_changing_a_users_role_and_scope_is_checked_and_audited(databases, make_user):
    make_user("siti", "opd", opd_code="DLH")
    with pytest.raises(UserError) as refused, databases.transaction() as session:
        user_service.update_user(session, "siti", "camat", "Siti", actor=ADMIN, kecamatan_code="35.78.99")
    assert (refused.value.field, refused.value.code) == ("kecamatan_code", "reference_unknown")
    with databases.transaction() as session:
        user_service.update_user(session, "siti", "camat", "Siti A.", actor=ADMIN, kecamatan_code=GENTENG)
    with databases.session() as session:
        user = session.scalar(select(User).where(User.username == "siti"))
        assert (user.role, user.opd_code, user.kecamatan_code, user.full_name) == ("camat", None, GENTENG, "Siti A.")
    row = audit_rows(databases, "user")[-1]
    assert row.action == "changed" and (row.before["role"], row.after["role"]) == ("opd", "camat")
    assert admin_desk.change_text(row.before, row.after).startswith("Nama lengkap: — → Siti A.; Peran: opd → camat")


def test_an_admin_cannot_change_his_own_role(databases, make_user):
    make_user("root", "admin")
    with pytest.raises(UserError) as refused, databases.transaction() as session:
        user_service.update_user(session, "root", "pimpinan", actor=ADMIN)
    assert refused.value.code == "cannot_change_own_role"


def test_an_empty_name_or_role_is_reported_as_required(databases):
    with pytest.raises(UserError) as refused, databases.transaction() as session:
        user_service.create_user(session, "", "long-enough-pw", None, actor=ADMIN)
    assert [(field, error.code) for field, error in refused.value.errors] == [
        ("username", "field_required"), ("role", "field_required")]
