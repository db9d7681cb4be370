"""office: letters, their recipients, dispositions, verifiers, PDF attachments and number counters
(the first revision of the office branch, on core's newest revision; its letters name staff)

Revision ID: office_t0001
Revises: t0009_admin_audit
Create Date: 2026-12-04 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'office_t0001'
down_revision = 't0009_admin_audit'
branch_labels = ('office',)
depends_on = 'staff_t0001'

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('office_number_counters',
    sa.Column('period', sa.String(length=48), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('period', name=op.f('pk_office_number_counters'))
    )
    op.create_table('office_letters',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('opd_code', sa.String(length=32), nullable=False),
    sa.Column('number_year', sa.SmallInteger(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('reference_number', sa.String(length=64), nullable=True),
    sa.Column('correspondent', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('classification', sa.String(length=32), nullable=False),
    sa.Column('security', sa.String(length=10), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('link_kind', sa.String(length=12), nullable=True),
    sa.Column('link_id', BIG_ID, nullable=True),
    sa.Column('created_by', BIG_ID, nullable=False),
    sa.Column('signer_id', BIG_ID, nullable=True),
    sa.Column('follow_up_note', sa.Text(), nullable=True),
    sa.Column('return_note', sa.Text(), nullable=True),
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
    sa.ForeignKeyConstraint(['created_by'], ['staff.id'], name=op.f('fk_office_letters_created_by_staff')),
    sa.ForeignKeyConstraint(['opd_code'], ['opd.code'], name=op.f('fk_office_letters_opd_code_opd')),
    sa.ForeignKeyConstraint(['signer_id'], ['staff.id'], name=op.f('fk_office_letters_signer_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_letters')),
    sa.UniqueConstraint('opd_code', 'direction', 'number_year', 'number', name='uq_office_letters_number')
    )
    with op.batch_alter_table('office_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_letters_created_by'), ['created_by'], unique=False)
        batch_op.create_index('ix_office_letters_opd_status', ['opd_code', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_office_letters_signer_id'), ['signer_id'], unique=False)

    op.create_table('office_recipients',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('letter_id', BIG_ID, nullable=False),
    sa.Column('staff_id', BIG_ID, nullable=False),
    sa.Column('distributed_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['office_letters.id'], name=op.f('fk_office_recipients_letter_id_office_letters')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_office_recipients_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_recipients')),
    sa.UniqueConstraint('letter_id', 'staff_id', name='uq_office_recipients_letter_staff')
    )
    with op.batch_alter_table('office_recipients', schema=None) as batch_op:
        batch_op.create_index('ix_office_recipients_staff_read', ['staff_id', 'read_at'], unique=False)

    op.create_table('office_dispositions',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('letter_id', BIG_ID, nullable=False),
    sa.Column('parent_id', BIG_ID, nullable=True),
    sa.Column('from_staff_id', BIG_ID, nullable=False),
    sa.Column('to_staff_id', BIG_ID, nullable=False),
    sa.Column('instruction', sa.String(length=500), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['from_staff_id'], ['staff.id'], name=op.f('fk_office_dispositions_from_staff_id_staff')),
    sa.ForeignKeyConstraint(['letter_id'], ['office_letters.id'], name=op.f('fk_office_dispositions_letter_id_office_letters')),
    sa.ForeignKeyConstraint(['parent_id'], ['office_dispositions.id'], name=op.f('fk_office_dispositions_parent_id_office_dispositions')),
    sa.ForeignKeyConstraint(['to_staff_id'], ['staff.id'], name=op.f('fk_office_dispositions_to_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_dispositions'))
    )
    with op.batch_alter_table('office_dispositions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_dispositions_from_staff_id'), ['from_staff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_office_dispositions_letter_id'), ['letter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_office_dispositions_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_office_dispositions_to_staff', ['to_staff_id', 'done_at'], unique=False)

    op.create_table('office_verifiers',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('letter_id', BIG_ID, nullable=False),
    sa.Column('staff_id', BIG_ID, nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('initialled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['office_letters.id'], name=op.f('fk_office_verifiers_letter_id_office_letters')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_office_verifiers_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_verifiers')),
    sa.UniqueConstraint('letter_id', 'position', name='uq_office_verifiers_letter_position'),
    sa.UniqueConstraint('letter_id', 'staff_id', name='uq_office_verifiers_letter_staff')
    )
    with op.batch_alter_table('office_verifiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_verifiers_staff_id'), ['staff_id'], unique=False)

    op.create_table('office_attachments',
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('letter_id', BIG_ID, nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', BIG_ID, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['letter_id'], ['office_letters.id'], name=op.f('fk_office_attachments_letter_id_office_letters')),
    sa.ForeignKeyConstraint(['uploaded_by'], ['staff.id'], name=op.f('fk_office_attachments_uploaded_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_attachments'))
    )
    with op.batch_alter_table('office_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_attachments_letter_id'), ['letter_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('office_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_attachments_letter_id'))
    op.drop_table('office_attachments')
    with op.batch_alter_table('office_verifiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_verifiers_staff_id'))
    op.drop_table('office_verifiers')
    with op.batch_alter_table('office_dispositions', schema=None) as batch_op:
        batch_op.drop_index('ix_office_dispositions_to_staff')
        batch_op.drop_index(batch_op.f('ix_office_dispositions_parent_id'))
        batch_op.drop_index(batch_op.f('ix_office_dispositions_letter_id'))
        batch_op.drop_index(batch_op.f('ix_office_dispositions_from_staff_id'))
    op.drop_table('office_dispositions')
    with op.batch_alter_table('office_recipients', schema=None) as batch_op:
        batch_op.drop_index('ix_office_recipients_staff_read')
    op.drop_table('office_recipients')
    with op.batch_alter_table('office_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_letters_signer_id'))
        batch_op.drop_index('ix_office_letters_opd_status')
        batch_op.drop_index(batch_op.f('ix_office_letters_created_by'))
    op.drop_table('office_letters')
    op.drop_table('office_number_counters')
