"""weather: rain readings (the first revision of the weather branch)"""
import sqlalchemy as sa
from alembic import op

revision = "weather_t0001"
down_revision = "t0001_foundation"
branch_labels = ("weather",)
depends_on = None


def upgrade() -> None:
    op.create_table("weather_rain_readings",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("kecamatan_code", sa.String(length=16), nullable=False),
                    sa.Column("kelurahan_code", sa.String(length=16), nullable=False),
                    sa.Column("millimetres", sa.Float(), nullable=False),
                    sa.Column("recorded_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("id"))


def downgrade() -> None:
    op.drop_table("weather_rain_readings")
