"""complaints: the notification outbox (feedback to citizens, SLA digests to OPD heads)

`complaint_notifications` holds one row per message, written in the same transaction as the
feedback it carries (or the digest job's run); the delivery worker claims due rows, sends them and
records the outcome. `complaint_digest_entries` lists the missed deadlines each digest named, so
the next digest leaves them out. No contact data in either table.

Revision ID: t0010_complaint_notifications
Revises: t0005_complaints_official_codes
Create Date: 2026-12-02 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 't0010_complaint_notifications'
down_revision = 't0005_complaints_official_codes'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('complaint_notifications',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('complaint_id', BIG_ID, nullable=True),
    sa.Column('opd_code', sa.String(length=32), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('dedupe_key', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                            name=op.f('fk_complaint_notifications_complaint_id_complaints')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_notifications')),
    sa.UniqueConstraint('dedupe_key', name='uq_complaint_notifications_dedupe_key')
    )
    with op.batch_alter_table('complaint_notifications', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_notifications_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_notifications_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_notifications_opd_code'), ['opd_code'], unique=False)

    op.create_table('complaint_digest_entries',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('notification_id', BIG_ID, nullable=False),
    sa.Column('complaint_id', BIG_ID, nullable=False),
    sa.Column('breach', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'],
                            name=op.f('fk_complaint_digest_entries_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['notification_id'], ['complaint_notifications.id'],
                            name='fk_complaint_digest_entries_notification'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_digest_entries'))
    )
    with op.batch_alter_table('complaint_digest_entries', schema=None) as batch_op:
        batch_op.create_index('ix_complaint_digest_entries_breach', ['complaint_id', 'breach'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_digest_entries_notification_id'), ['notification_id'],
                              unique=False)


def downgrade() -> None:
    op.drop_table('complaint_digest_entries')
    op.drop_table('complaint_notifications')
