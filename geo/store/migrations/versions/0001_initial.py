"""The first PostGIS schema: the five map layers, pledges, counts, meta and the history.

Frozen: a later change to the model gets a migration of its own (``missing_columns`` in
``geo/store/postgis/schema.py`` and the PostGIS tests notice a field without one).

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def _text(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.Text) for name in names]


#: layer: (geometry type, the date field that places a feature in a year, own columns).
LAYERS: dict[str, tuple[str, str, list[sa.Column]]] = {
    "unsafe_places": ("GEOMETRY", "reported_date", [
        *_text("category", "source"), sa.Column("reported_date", sa.Date),
        *_text("status", "description"),
    ]),
    "walks": ("GEOMETRY", "walk_date", [
        sa.Column("walk_date", sa.Date), *_text("name", "organisers"),
        sa.Column("participants", sa.Integer),
    ]),
    "findings": ("POINT", "found_date", [
        sa.Column("walk_id", sa.Text), sa.Column("number", sa.Integer),
        sa.Column("found_date", sa.Date),
        *_text("category", "description", "proposed_action", "responsible"),
        sa.Column("priority", sa.Integer), sa.Column("selected", sa.Boolean),
        sa.Column("status", sa.Text), sa.Column("due_date", sa.Date),
        sa.Column("completed_date", sa.Date), sa.Column("activity_id", sa.Text),
    ]),
    "watch_areas": ("MULTIPOLYGON", "start_date", [
        sa.Column("name", sa.Text), sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date), sa.Column("households", sa.Integer),
        sa.Column("contact_person", sa.Text),
    ]),
    "activities": ("GEOMETRY", "activity_date", [
        sa.Column("kind", sa.Text), sa.Column("activity_date", sa.Date),
        sa.Column("title", sa.Text), sa.Column("quantity", sa.Double),
        *_text("unit", "commitment_id", "finding_id", "description"),
    ]),
}

APPEND_ONLY = (
    "CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'history is append-only' USING ERRCODE = 'integrity_constraint_violation';"
    " END $$",
    "CREATE TRIGGER history_no_change BEFORE UPDATE OR DELETE ON history "
    "FOR EACH ROW EXECUTE FUNCTION history_append_only()",
    "CREATE TRIGGER history_no_truncate BEFORE TRUNCATE ON history "
    "FOR EACH STATEMENT EXECUTE FUNCTION history_append_only()",
)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    for layer, (geometry_type, date_field, own) in LAYERS.items():
        op.create_table(
            layer,
            sa.Column("fid", sa.BigInteger, sa.Identity(), primary_key=True),
            sa.Column("geom", Geometry(geometry_type, srid=4326, spatial_index=False)),
            sa.Column("id", sa.Text, nullable=False, unique=True),
            *_text("kommun_kod", "pledge_id", "visibility"),
            sa.Column("created_at", TIMESTAMP), sa.Column("updated_at", TIMESTAMP),
            sa.Column("updated_by", sa.Text), sa.Column("version", sa.Integer, nullable=False),
            *own,
        )
        op.create_index(f"{layer}_kommun", layer, ["kommun_kod", date_field])
        op.create_index(f"{layer}_geom_gist", layer, ["geom"], postgresql_using="gist")

    op.create_table("store_meta", sa.Column("key", sa.Text, primary_key=True),
                    sa.Column("value", sa.Text, nullable=False))
    op.execute("INSERT INTO store_meta VALUES ('store_id', gen_random_uuid()::text)")
    # One row counted up by every write transaction: the data version (a cache key).
    op.create_table("data_version", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("n", sa.BigInteger, nullable=False),
                    sa.CheckConstraint("id = 1", name="data_version_one_row"))
    op.execute("INSERT INTO data_version VALUES (1, 0)")

    op.create_table(
        "pledges", sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kommun_kod", sa.Text, nullable=False),
        *_text("kommun", "police_area", "title"),
        sa.Column("period_start", sa.Date), sa.Column("period_end", sa.Date),
        sa.Column("signed_date", sa.Date), *_text("follow_up", "problem"),
        sa.Column("goals", JSONB), sa.Column("source_document", sa.Text),
        sa.Column("other_sources", JSONB),
    )
    op.create_table(
        "commitments", sa.Column("id", sa.Text, primary_key=True),
        sa.Column("pledge_id", sa.Text, sa.ForeignKey("pledges.id"), nullable=False),
        sa.Column("position", sa.Integer), *_text("text", "kind"),
        sa.Column("target", sa.Double), *_text("unit", "target_period", "responsible"),
    )
    op.create_table(
        "activity_counts", sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kommun_kod", sa.Text, nullable=False), *_text("pledge_id", "commitment_id"),
        sa.Column("kind", sa.Text, nullable=False), sa.Column("month", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False), sa.Column("updated_at", TIMESTAMP),
        sa.Column("updated_by", sa.Text), sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("activity_counts_kommun", "activity_counts", ["kommun_kod", "month"])
    op.create_table(
        "history", sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("at", TIMESTAMP, nullable=False), sa.Column("user", sa.Text, nullable=False),
        sa.Column("layer", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False), sa.Column("before", JSONB),
        sa.Column("after", JSONB), sa.Column("reason", sa.Text),
    )
    op.create_index("history_record", "history", ["record_id"])
    for statement in APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE history")
    op.execute("DROP FUNCTION history_append_only()")
    for table in ("activity_counts", "commitments", "pledges", "data_version", "store_meta",
                  *reversed(LAYERS)):
        op.drop_table(table)
