"""An imported file's case number and its other columns, kept with each map feature.

Every map feature gained ``case_number`` (the source system's ärendenummer, which before
only survived hashed into the record's id) and ``extra`` (the file's columns no field
holds, as a JSON object of texts by header). Both are internal: no public view reads
them. Existing rows keep their values; the new columns are empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LAYERS = ("unsafe_places", "walks", "findings", "watch_areas", "activities")


def upgrade() -> None:
    for layer in LAYERS:
        op.add_column(layer, sa.Column("case_number", sa.Text))
        op.add_column(layer, sa.Column("extra", sa.Text))


def downgrade() -> None:
    for layer in LAYERS:
        for name in ("extra", "case_number"):
            op.drop_column(layer, name)
