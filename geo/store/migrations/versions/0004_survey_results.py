"""Safety-survey results and the polygons of their areas (issue 9).

``survey_results``: one row per municipality, kind of area (deso, regso, district, grid), area
and year, with the shares in per cent and a ``source`` (``import`` or ``example``).
``survey_areas``: the polygons a user brought for DeSO, RegSO or own districts (grid squares
are built from their ids). Frozen, like every migration; see
:mod:`geo.store.survey_tables` for the tables' use.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "survey_results", sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kommun_kod", sa.Text, nullable=False),
        sa.Column("area_kind", sa.Text, nullable=False),
        sa.Column("area_id", sa.Text, nullable=False),
        sa.Column("grid_size", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("unsafe_evening", sa.Double), sa.Column("worry_burglary", sa.Double),
        sa.Column("source", sa.Text, nullable=False), sa.Column("updated_at", TIMESTAMP),
        sa.Column("updated_by", sa.Text),
    )
    op.create_index("survey_results_kommun", "survey_results", ["kommun_kod", "year"])
    op.create_table(
        "survey_areas", sa.Column("fid", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("geom", Geometry("MULTIPOLYGON", srid=4326, spatial_index=False)),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("kommun_kod", sa.Text, nullable=False),
        sa.Column("area_kind", sa.Text, nullable=False),
        sa.Column("area_id", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False), sa.Column("updated_at", TIMESTAMP),
        sa.Column("updated_by", sa.Text),
    )
    op.create_index("survey_areas_kommun", "survey_areas", ["kommun_kod", "area_kind"])
    op.create_index("survey_areas_geom_gist", "survey_areas", ["geom"],
                    postgresql_using="gist")


def downgrade() -> None:
    op.drop_table("survey_areas")
    op.drop_table("survey_results")
