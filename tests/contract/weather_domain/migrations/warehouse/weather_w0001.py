"""weather: the rain readings mart (the first revision of the weather branch)"""
import sqlalchemy as sa
from alembic import op

revision = "weather_w0001"
down_revision = "w0001_foundation"
branch_labels = ("weather",)
depends_on = None


def upgrade() -> None:
    op.create_table("fct_rain_readings",
                    sa.Column("reading_id", sa.Integer(), nullable=False),
                    sa.Column("kecamatan_code", sa.String(length=16), nullable=False),
                    sa.Column("kelurahan_code", sa.String(length=16), nullable=False),
                    sa.Column("millimetres", sa.Float(), nullable=False),
                    sa.PrimaryKeyConstraint("reading_id"))


def downgrade() -> None:
    op.drop_table("fct_rain_readings")
