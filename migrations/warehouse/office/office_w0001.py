"""office: the e-Office marts (fct_office_letters, fct_office_dispositions, agg_office_daily)

The first revision of the e-Office domain's warehouse branch (this folder, named by
domains/office.py), on the trunk's foundation: the tables stand on their own. Filled by
`python -m etl run` from the change log's office_letter and office_disposition snapshots
(etl/office).

Revision ID: office_w0001
Revises: w0001_foundation
Create Date: 2026-12-03 23:23:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'office_w0001'
down_revision = 'w0001_foundation'
branch_labels = ('office',)
depends_on = None

MART_TABLES = ('fct_office_letters', 'fct_office_dispositions', 'agg_office_daily')


def upgrade() -> None:
    op.create_table('agg_office_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('letters_created', sa.Integer(), nullable=False),
    sa.Column('letters_done', sa.Integer(), nullable=False),
    sa.Column('letters_done_minutes', sa.BigInteger(), nullable=False),
    sa.Column('letters_archived', sa.Integer(), nullable=False),
    sa.Column('dispositions_made', sa.Integer(), nullable=False),
    sa.Column('dispositions_read', sa.Integer(), nullable=False),
    sa.Column('dispositions_read_minutes', sa.BigInteger(), nullable=False),
    sa.Column('dispositions_done', sa.Integer(), nullable=False),
    sa.Column('dispositions_done_minutes', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'opd_code', 'direction', name=op.f('pk_agg_office_daily'))
    )
    with op.batch_alter_table('agg_office_daily', schema=None) as batch_op:
        batch_op.create_index('ix_agg_office_daily_opd_day', ['opd_code', 'day'], unique=False)

    op.create_table('fct_office_dispositions',
    sa.Column('disposition_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('letter_id', sa.BigInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('parent_id', sa.BigInteger(), nullable=True),
    sa.Column('from_staff_id', sa.BigInteger(), nullable=False),
    sa.Column('to_staff_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('read_minutes', sa.Integer(), nullable=True),
    sa.Column('done_minutes', sa.Integer(), nullable=True),
    sa.Column('created_day', sa.Date(), nullable=False),
    sa.Column('read_day', sa.Date(), nullable=True),
    sa.Column('done_day', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('disposition_id', name=op.f('pk_fct_office_dispositions'))
    )
    with op.batch_alter_table('fct_office_dispositions', schema=None) as batch_op:
        batch_op.create_index('ix_fct_office_dispositions_letter', ['letter_id'], unique=False)
        batch_op.create_index('ix_fct_office_dispositions_opd_created', ['opd_code', 'created_day'], unique=False)
        batch_op.create_index('ix_fct_office_dispositions_opd_status', ['opd_code', 'status', 'due_date'], unique=False)
        batch_op.create_index('ix_fct_office_dispositions_to', ['to_staff_id', 'status'], unique=False)

    op.create_table('fct_office_letters',
    sa.Column('letter_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('classification', sa.String(length=32), nullable=False),
    sa.Column('security', sa.String(length=10), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('number_year', sa.SmallInteger(), nullable=True),
    sa.Column('link_kind', sa.String(length=12), nullable=True),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('recipients_read', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('distributed_at', sa.DateTime(), nullable=True),
    sa.Column('first_read_at', sa.DateTime(), nullable=True),
    sa.Column('disposed_at', sa.DateTime(), nullable=True),
    sa.Column('followed_up_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('numbered_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_minutes', sa.Integer(), nullable=True),
    sa.Column('created_day', sa.Date(), nullable=False),
    sa.Column('done_day', sa.Date(), nullable=True),
    sa.Column('archived_day', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('letter_id', name=op.f('pk_fct_office_letters'))
    )
    with op.batch_alter_table('fct_office_letters', schema=None) as batch_op:
        batch_op.create_index('ix_fct_office_letters_created', ['created_at'], unique=False)
        batch_op.create_index('ix_fct_office_letters_opd_created', ['opd_code', 'created_day'], unique=False)
        batch_op.create_index('ix_fct_office_letters_open', ['opd_code', 'status', 'due_date'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # rewritten by every batch, as the other marts: vacuum and analyse after 2 % changed
        for table in MART_TABLES:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0.02, "
                       "autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)")


def downgrade() -> None:
    with op.batch_alter_table('fct_office_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_office_letters_opd_created')
        batch_op.drop_index('ix_fct_office_letters_open')
        batch_op.drop_index('ix_fct_office_letters_created')

    op.drop_table('fct_office_letters')
    with op.batch_alter_table('fct_office_dispositions', schema=None) as batch_op:
        batch_op.drop_index('ix_fct_office_dispositions_to')
        batch_op.drop_index('ix_fct_office_dispositions_opd_status')
        batch_op.drop_index('ix_fct_office_dispositions_opd_created')
        batch_op.drop_index('ix_fct_office_dispositions_letter')

    op.drop_table('fct_office_dispositions')
    with op.batch_alter_table('agg_office_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_agg_office_daily_opd_day')

    op.drop_table('agg_office_daily')
