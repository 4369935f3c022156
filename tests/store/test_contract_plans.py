"""The store contract for åtgärdsplaner: saved whole, versioned, overridden with a reason, copied.

Over every backend of tests/store/conftest.py (PostGIS skipped where it cannot run), only
through the store's methods: what is saved reads back equal, a stale save is refused and
changes nothing, every write leaves one history row and one audit line (never the reason
a person typed), and the tables travel through export, clear and import unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import date

import pytest

from geo import audit
from geo.domain.enums import PlanColour
from geo.domain.model import ValidationError
from geo.domain.plan import Plan, PlanRow
from geo.store import GeoPackageStore, NotFoundError, StaleVersionError, transfer
from tests.store.helpers import assert_whole_refusals, copied_whole, store_without

REASON = "Besked från Karin Andersson, Storgatan 5"


def _plan(**fields) -> Plan:
    rows = (PlanRow(problem="Otrygg gångtunnel vid stationen", area="1270A0010",
                    place_ids=(str(uuid.uuid4()),), finding_ids=(str(uuid.uuid4()),),
                    cause="Mörkt, buskage", action="Ny belysning och röjning", target=4,
                    unit="armaturer", start_date=date(2024, 4, 1), due_date=date(2024, 9, 30),
                    responsible="road_authority", pledge_id="tomelilla-2020",
                    commitment_id="tomelilla-2020-walks", comment="Åäö – citat \"så\""),
            PlanRow(problem="Klotter", action="Sanera inom 24 timmar",
                    responsible="housing_company"))
    return Plan(**{"kommun_kod": "1270", "title": "Åtgärdsplan 2024–2025", "status": "decided",
                   "decided_date": date(2024, 3, 12), "next_revision": date(2025, 3, 1),
                   "rows": rows, **fields})


def test_a_plan_reads_back_as_saved_and_a_stale_save_changes_nothing(store):
    saved = store.save_plan(_plan(), "anna", None)
    assert (saved.version, saved.updated_by) == (1, "anna")
    assert store.plan(saved.id) == saved
    assert store.plans("1270") == [saved] and store.plans("1263") == []
    draft = store.save_plan(Plan(kommun_kod="1270", title="Utkast"), "bo", None)
    assert [p.id for p in store.plans()] == [draft.id, saved.id]  # drafts first

    second = store.save_plan(dataclasses.replace(saved, rows=saved.rows[::-1],
                                                 title="Reviderad"), "bo", 1)
    assert second.version == 2 and store.plan(saved.id).rows == saved.rows[::-1]
    assert_whole_refusals(store.save_plan, store.plan, saved, second, _plan(), "plan_exists")
    with pytest.raises(ValidationError) as caught:  # another plan's row is not moved
        store.save_plan(dataclasses.replace(draft, rows=(saved.rows[0],)), "carl", 1)
    assert caught.value.code == "row_taken"

    history = store.history("plans", saved.id)
    assert [(e.action, e.user) for e in history] == [("create", "anna"), ("update", "bo")]
    assert history[1].before["title"] == "Åtgärdsplan 2024–2025"
    assert history[1].after["title"] == "Reviderad" and len(history[1].after["rows"]) == 2


def test_an_override_is_kept_with_who_when_why_and_only_set_by_its_own_write(store):
    plan = store.save_plan(_plan(), "anna", None)
    row = plan.rows[0]
    with pytest.raises(ValidationError):
        store.override_plan_colour(plan.id, row.id, "green", "  ", "karin", 1)
    with pytest.raises(NotFoundError):
        store.override_plan_colour(plan.id, str(uuid.uuid4()), "green", REASON, "karin", 1)
    overridden = store.override_plan_colour(plan.id, row.id, "green", REASON, "karin", 1)
    kept = store.plan(plan.id).rows[0]
    assert overridden.version == 2 and kept == overridden.rows[0]
    assert (kept.colour_override, kept.override_by, kept.override_reason) == (
        PlanColour.GREEN, "karin", REASON)
    assert kept.override_at is not None
    with pytest.raises(StaleVersionError):
        store.override_plan_colour(plan.id, row.id, "red", REASON, "bo", 1)

    # saving the plan keeps the stored override, whatever the saved row says
    edited = dataclasses.replace(overridden, rows=(
        dataclasses.replace(row, comment="Ny kommentar"),
        dataclasses.replace(overridden.rows[1], colour_override="red", override_reason="x",
                            override_by="bo", override_at=kept.override_at)))
    stored = store.save_plan(edited, "bo", 2)
    assert stored.rows[0].colour_override is PlanColour.GREEN
    assert stored.rows[0].comment == "Ny kommentar" and stored.rows[1].colour_override is None
    assert store.plan(plan.id) == stored

    lifted = store.override_plan_colour(plan.id, row.id, None, "Beräknas igen", "karin", 3)
    assert lifted.rows[0].colour_override is None
    entry = store.history("plans", plan.id)[-1]
    assert (entry.action, entry.user, entry.reason) == ("override", "karin", "Beräknas igen")
    assert entry.before["rows"][0]["colour_override"] == "green"


def test_plan_writes_each_leave_one_audit_line_without_the_reason(store, audit_log):
    lines = []
    with audit.acting(audit.Actor(who="karin@tomelilla.se", role="editor")):
        plan = store.save_plan(_plan(), "karin", None)
        (line,) = audit_log()
        lines.append(line)
        assert (line["action"], line["layer"], line["record"], line["version"],
                line["count"]) == ("create", "plans", plan.id, 1, 2)
        store.override_plan_colour(plan.id, plan.rows[1].id, "red", REASON, "karin", 1)
        (line,) = audit_log()
        lines.append(line)
        assert (line["action"], line["record"], line["version"], line["records"],
                line["fields"]) == ("override", plan.id, 2, [plan.rows[1].id],
                                    ["colour_override"])
        with pytest.raises(StaleVersionError):
            store.save_plan(plan, "karin", 1)
        (line,) = audit_log()
        lines.append(line)
        assert (line["action"], line["outcome"], line["version"]) == ("update", "conflict", 1)
    assert len(lines) == 3 and REASON not in json.dumps(lines, ensure_ascii=False)


def test_plans_are_copied_whole_to_another_store_and_cleared_with_the_rest(store, tmp_path):
    """``geo copy`` and a backup go through :func:`transfer.copy`: every table compared."""
    plan = store.save_plan(_plan(), "anna", None)
    store.override_plan_colour(plan.id, plan.rows[0].id, "yellow", REASON, "karin", 1)
    store.save_plan(Plan(kommun_kod="1263", title="Svedala"), "bo", None)
    counts = store.row_counts()
    assert (counts["plans"], counts["plan_rows"]) == (2, 2)
    copied = copied_whole(store, tmp_path, "plans", "plan_rows")
    assert copied.plans() == store.plans()
    assert copied.plan(plan.id).rows[0].override_reason == REASON
    assert [e.action for e in copied.history("plans", plan.id)] == ["create", "override"]
    store.clear()
    assert store.plans() == [] and transfer.is_empty(store.row_counts())


def test_a_geopackage_made_before_plans_gets_their_tables_when_opened(tmp_path):
    older = store_without(tmp_path, "plan_rows", "plans")
    older.initialize()
    plan = older.save_plan(_plan(), "anna", None)
    assert older.plan(plan.id) == plan


#: A column kind as PostgreSQL names the type migrations 0011 and 0012 gave it.
PG_TYPES = {"TEXT": "text", "DATE": "date", "DATETIME": "timestamp with time zone",
            "INTEGER": "integer", "REAL": "double precision", "JSON": "jsonb"}


def test_the_tables_have_the_models_columns(store):
    """One place for what a field is: a field added to Plan, PlanRow or Lagesbild without
    its column (a frozen migration, or the GeoPackage's table) fails here."""
    from geo.store import lagesbild_tables, plan_tables

    for table, columns in ((plan_tables.PLANS, plan_tables.PLAN_COLUMNS),
                           (plan_tables.ROWS, plan_tables.ROW_COLUMNS),
                           (lagesbild_tables.TABLE, lagesbild_tables.COLUMNS)):
        if isinstance(store, GeoPackageStore):
            import sqlite3

            conn = sqlite3.connect(store.path)
            found = [(r[1], r[2]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
            conn.close()
            wanted = [(n, "TEXT" if k == "JSON" else k) for n, k in columns]
        else:
            import sqlalchemy as sa

            with store.engine.connect() as conn:
                found = [tuple(r) for r in conn.execute(sa.text(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE "
                    "table_schema = current_schema() AND table_name = :t ORDER BY "
                    "ordinal_position"), {"t": table})]
            wanted = [(n, PG_TYPES[k]) for n, k in columns]
        assert found == wanted, table
