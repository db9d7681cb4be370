"""complaints: the reporter's consent to show his photos on the wall displays

`complaints.photo_display_consent` is false for every complaint filed before it existed: nobody
was asked, and consent is never assumed.

Revision ID: t0011_complaint_photo_consent
Revises: t0010_complaint_notifications
Create Date: 2026-12-02 07:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 't0011_complaint_photo_consent'
down_revision = 't0010_complaint_notifications'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_display_consent', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('photo_display_consent')
