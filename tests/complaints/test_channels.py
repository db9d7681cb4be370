"""Plumbing for Open311 clients and SMS/social gateways: API keys and replay-proof inbound messages."""

import pytest
from complaints_helpers import ADMIN, NOW, OPERATOR
from sqlalchemy import select

from modules.complaints import AccessDenied, InboundReplay, service
from modules.complaints.models import ApiKey


def test_an_issued_key_is_valid_until_revoked_and_only_its_digest_is_stored(seeded):
    with seeded.transaction() as session:
        key, secret = service.issue_api_key(session, ADMIN, "gateway SMS", now=NOW)
    with seeded.session() as session:
        stored = session.scalar(select(ApiKey))
        assert secret not in (stored.key_digest, stored.label) and len(stored.key_digest) == 64
        assert service.api_key_valid(session, secret)
        assert not service.api_key_valid(session, secret + "x")
        assert not service.api_key_valid(session, "")
    with seeded.transaction() as session:
        service.revoke_api_key(session, ADMIN, key.id)
    with seeded.session() as session:
        assert not service.api_key_valid(session, secret)


def test_only_an_admin_issues_keys(seeded):
    with pytest.raises(AccessDenied), seeded.transaction() as session:
        service.issue_api_key(session, OPERATOR, "x")


def test_a_replayed_gateway_message_is_refused(seeded, file):
    complaint_id = file(channel="sms")
    with seeded.transaction() as session:
        service.register_inbound_message(session, "sms-gateway", "msg-001", complaint_id, now=NOW)
        service.register_inbound_message(session, "twitter", "msg-001", now=NOW)  # another source: fine
    with pytest.raises(InboundReplay, match="msg-001"), seeded.transaction() as session:
        service.register_inbound_message(session, "sms-gateway", "msg-001", now=NOW)


def test_an_inbound_message_can_be_linked_to_the_complaint_it_became(seeded, file):
    with seeded.transaction() as session:
        message = service.register_inbound_message(session, "whatsapp", "wamid.1", now=NOW)
    complaint_id = file(channel="whatsapp")
    with seeded.transaction() as session:
        message = session.merge(message)
        service.link_inbound_message(session, message, service.get_complaint(session, ADMIN, complaint_id))
    with seeded.session() as session:
        from modules.complaints.models import InboundMessage

        assert session.scalar(select(InboundMessage.complaint_id)) == complaint_id
