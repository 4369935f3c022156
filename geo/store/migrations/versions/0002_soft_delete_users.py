"""Soft delete, internal notes, new fields of places, walks and watch areas; users.

The model gained ``internal_note``, ``deleted_at`` and ``deleted_reason`` on every map
feature, ``reporter`` on unsafe places, ``dark`` on walks and ``contact_phone`` on watch
areas; logins need a ``users`` table. Existing rows keep their values (new columns are
empty; a walk is in daylight unless said otherwise).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LAYERS = ("unsafe_places", "walks", "findings", "watch_areas", "activities")
#: Columns added to one layer only.
OWN: dict[str, sa.Column[Any]] = {
    "unsafe_places": sa.Column("reporter", sa.Text),
    "walks": sa.Column("dark", sa.Boolean, server_default=sa.false()),
    "watch_areas": sa.Column("contact_phone", sa.Text),
}


def upgrade() -> None:
    for layer in LAYERS:
        op.add_column(layer, sa.Column("internal_note", sa.Text))
        op.add_column(layer, sa.Column("deleted_at", sa.DateTime(timezone=True)))
        op.add_column(layer, sa.Column("deleted_reason", sa.Text))
        if layer in OWN:
            op.add_column(layer, OWN[layer])
    op.create_table(
        "users", sa.Column("email", sa.Text, primary_key=True), sa.Column("name", sa.Text),
        sa.Column("role", sa.Text, nullable=False), sa.Column("kommuner", JSONB, nullable=False),
        sa.Column("password_hash", sa.Text), sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.Column("updated_by", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("users")
    for layer in LAYERS:
        if layer in OWN:
            op.drop_column(layer, OWN[layer].name)
        for name in ("deleted_reason", "deleted_at", "internal_note"):
            op.drop_column(layer, name)
