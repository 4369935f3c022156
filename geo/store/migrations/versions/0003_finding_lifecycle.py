"""The lifecycle fields of findings: why one is not done, whom it went to, who handles it.

The model's ``Finding`` gained ``status_reason`` (required for "not done"), ``forwarded_to``
(required for "forwarded") and ``assignee`` (internal). Existing rows keep their values; the
new columns are empty, which the model reads as "" and None.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("status_reason", "forwarded_to", "assignee")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("findings", sa.Column(name, sa.Text))


def downgrade() -> None:
    for name in reversed(COLUMNS):
        op.drop_column("findings", name)
