"""planning: the plan (RKPD), the budget (APBD / DPA) in versions, payments, works and their progress
reports; a proposal linked to its plan item and its work

Revision ID: planning_t0002
Revises: planning_t0001
Create Date: 2026-12-02 20:58:06.071200
"""
from alembic import op
import sqlalchemy as sa


revision = 'planning_t0002'
down_revision = 'planning_t0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('planning_budget_versions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('version', sa.String(length=16), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_budget_versions')),
    sa.UniqueConstraint('year', 'version', name=op.f('uq_planning_budget_versions_year'))
    )
    with op.batch_alter_table('planning_budget_versions', schema=None) as batch_op:
        batch_op.create_index('uq_planning_budget_versions_current_year', ['year'], unique=True, sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))

    op.create_table('planning_budget_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('version_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('sub_kegiatan_code', sa.String(length=24), nullable=False),
    sa.Column('account_code', sa.String(length=24), nullable=False),
    sa.Column('account_name', sa.String(length=300), nullable=False),
    sa.Column('ceiling_rupiah', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_planning_budget_lines_opd_code_opd')),
    sa.ForeignKeyConstraint(['sub_kegiatan_code'], ['planning_nomenclature.code'], name=op.f('fk_planning_budget_lines_sub_kegiatan_code_planning_nomenclature')),
    sa.ForeignKeyConstraint(['version_id'], ['planning_budget_versions.id'], name=op.f('fk_planning_budget_lines_version_id_planning_budget_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_budget_lines')),
    sa.UniqueConstraint('version_id', 'opd_code', 'sub_kegiatan_code', 'account_code', name=op.f('uq_planning_budget_lines_version_id'))
    )
    with op.batch_alter_table('planning_budget_lines', schema=None) as batch_op:
        batch_op.create_index('ix_planning_budget_lines_opd', ['version_id', 'opd_code'], unique=False)

    op.create_table('planning_plan_items',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('sub_kegiatan_code', sa.String(length=24), nullable=False),
    sa.Column('indicator', sa.String(length=300), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=False),
    sa.Column('target_unit', sa.String(length=32), nullable=False),
    sa.Column('indicative_ceiling_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_planning_plan_items_opd_code_opd')),
    sa.ForeignKeyConstraint(['sub_kegiatan_code'], ['planning_nomenclature.code'], name=op.f('fk_planning_plan_items_sub_kegiatan_code_planning_nomenclature')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_plan_items')),
    sa.UniqueConstraint('year', 'opd_code', 'sub_kegiatan_code', name=op.f('uq_planning_plan_items_year'))
    )
    with op.batch_alter_table('planning_plan_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planning_plan_items_year'), ['year'], unique=False)

    op.create_table('planning_payments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('line_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount_rupiah', sa.BigInteger(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('entered_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['line_id'], ['planning_budget_lines.id'], name=op.f('fk_planning_payments_line_id_planning_budget_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_payments'))
    )
    with op.batch_alter_table('planning_payments', schema=None) as batch_op:
        batch_op.create_index('ix_planning_payments_line_paid', ['line_id', 'paid_on'], unique=False)

    op.create_table('planning_works',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('plan_item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('line_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kelurahan_code', sa.String(length=16), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('contract_value_rupiah', sa.BigInteger(), nullable=True),
    sa.Column('contracted_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress_percent', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kelurahan_code'], ['kelurahan.code'], name=op.f('fk_planning_works_kelurahan_code_kelurahan')),
    sa.ForeignKeyConstraint(['line_id'], ['planning_budget_lines.id'], name=op.f('fk_planning_works_line_id_planning_budget_lines')),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_planning_works_opd_code_opd')),
    sa.ForeignKeyConstraint(['plan_item_id'], ['planning_plan_items.id'], name=op.f('fk_planning_works_plan_item_id_planning_plan_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_works')),
    sa.UniqueConstraint('number', name=op.f('uq_planning_works_number'))
    )
    with op.batch_alter_table('planning_works', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planning_works_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_planning_works_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_planning_works_year'), ['year'], unique=False)

    op.create_table('planning_progress_reports',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('work_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('percent', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('entered_by', sa.String(length=64), nullable=False),
    sa.Column('photo_filename', sa.String(length=200), nullable=True),
    sa.Column('photo_content_type', sa.String(length=32), nullable=True),
    sa.Column('photo_size_bytes', sa.Integer(), nullable=True),
    sa.Column('photo_data', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['work_id'], ['planning_works.id'], name=op.f('fk_planning_progress_reports_work_id_planning_works')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_progress_reports'))
    )
    with op.batch_alter_table('planning_progress_reports', schema=None) as batch_op:
        batch_op.create_index('ix_planning_progress_reports_work_day', ['work_id', 'reported_on'], unique=False)

    with op.batch_alter_table('planning_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_item_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('work_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_index(batch_op.f('ix_planning_proposals_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_planning_proposals_work_id'), ['work_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_planning_proposals_work_id_planning_works'), 'planning_works', ['work_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_planning_proposals_plan_item_id_planning_plan_items'), 'planning_plan_items', ['plan_item_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('planning_proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_planning_proposals_plan_item_id_planning_plan_items'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_planning_proposals_work_id_planning_works'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_planning_proposals_work_id'))
        batch_op.drop_index(batch_op.f('ix_planning_proposals_plan_item_id'))
        batch_op.drop_column('work_id')
        batch_op.drop_column('plan_item_id')

    with op.batch_alter_table('planning_progress_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_planning_progress_reports_work_day')

    op.drop_table('planning_progress_reports')
    with op.batch_alter_table('planning_works', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planning_works_year'))
        batch_op.drop_index(batch_op.f('ix_planning_works_plan_item_id'))
        batch_op.drop_index(batch_op.f('ix_planning_works_line_id'))

    op.drop_table('planning_works')
    with op.batch_alter_table('planning_payments', schema=None) as batch_op:
        batch_op.drop_index('ix_planning_payments_line_paid')

    op.drop_table('planning_payments')
    with op.batch_alter_table('planning_plan_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planning_plan_items_year'))

    op.drop_table('planning_plan_items')
    with op.batch_alter_table('planning_budget_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_planning_budget_lines_opd')

    op.drop_table('planning_budget_lines')
    with op.batch_alter_table('planning_budget_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_planning_budget_versions_current_year', sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))

    op.drop_table('planning_budget_versions')
