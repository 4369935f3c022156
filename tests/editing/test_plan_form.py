"""The Åtgärdsplan page's rules without a page: drafts, refusals, the role, the map link."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo import i18n
from geo.access.auth import PermissionDenied, User
from geo.domain.enums import Party, PlanColour
from geo.domain.plan import Plan, PlanRow
from geo.domain.plan_followup import LinkState, RowFollowUp
from geo.editing import plan_form as rules
from geo.store import GeoPackageStore
from geo.urlstate import parse_filter
from tests import fixture_data as fx

EDITOR = User(email=fx.EDITOR[0], role="editor", kommuner=("1270",))
OTHER = User(email="redaktor@ystad.se", role="editor", kommuner=("1286",))
ID1, ID2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def store(tmp_path: Path) -> GeoPackageStore:
    return fx.build(tmp_path / "store.gpkg")


def test_a_row_survives_the_round_trip_through_its_draft():
    row = PlanRow(problem="Mörk gångväg", action="Belysning", finding_ids=(ID1, ID2),
                  area="1270A0010", target=4, unit="lampor", start_date=date(2021, 1, 1),
                  due_date=date(2021, 6, 30), responsible=Party.ROAD_AUTHORITY,
                  pledge_id="tomelilla-2020", commitment_id="tomelilla-2020-walk",
                  comment="Mätt i maj")
    assert rules.build_row(rules.row_draft(row), row.id) == row
    assert rules.row_draft(None) == rules.RowDraft()


def test_a_refusal_names_the_field_in_swedish_and_never_in_english():
    with pytest.raises(rules.ValidationError) as caught:
        rules.build_row(rules.RowDraft(problem="Mörk gångväg", target=4))
    assert rules.refusal(caught.value, "sv") == "Kontrollera fältet Åtgärd: måste fyllas i."
    with pytest.raises(rules.ValidationError) as caught:
        rules.build_row(rules.RowDraft(problem="P", action="A", target=4))
    assert rules.refusal(caught.value, "sv").startswith("Kontrollera fältet Enhet:")
    with pytest.raises(rules.ValidationError) as caught:
        rules.build_row(rules.RowDraft(problem="P", action="A", start_date=date(2022, 1, 1),
                                       due_date=date(2021, 1, 1)))
    said = rules.refusal(caught.value, "sv")
    assert said.startswith("Kontrollera fältet Klart senast:") and "due_date" not in said


def test_only_the_municipalitys_editors_may_write_its_plan(store):
    plan = Plan(kommun_kod="1270", title="Plan")
    with pytest.raises(PermissionDenied):
        rules.save(store, OTHER, plan, None)
    saved = rules.save(store, EDITOR, plan, None)
    with pytest.raises(PermissionDenied):
        rules.override(store, OTHER, saved, "x", PlanColour.RED, "skäl", saved.version)
    assert store.plan(plan.id).updated_by == fx.EDITOR[0]
    assert OTHER.workplaces(["1270", "1286"]) == ["1286"]
    assert User(email="a@b.se", role="admin").workplaces(["1270", "1286"]) == [
        "1270", "1286"]


def test_a_row_is_replaced_in_place_or_added_and_removed():
    first, second = (PlanRow(problem=p, action="A") for p in ("Ett", "Två"))
    plan = Plan(kommun_kod="1270", title="Plan", rows=(first,))
    plan = rules.with_row(plan, second)
    changed = PlanRow(id=first.id, problem="Ett, ändrat", action="A")
    assert [r.problem for r in rules.with_row(plan, changed).rows] == ["Ett, ändrat", "Två"]
    assert [r.problem for r in rules.without_row(plan, first.id).rows] == ["Två"]


def test_the_badge_says_the_colour_in_words_and_marks_it_set_by_hand():
    row = PlanRow(problem="P", action="A", finding_ids=(ID1,))
    follow = RowFollowUp(row, PlanColour.YELLOW, (LinkState("findings", ID1, PlanColour.YELLOW,
                                                            "open"),))
    assert rules.badge(follow, "sv") == ":yellow-badge[Gul – pågår]"
    by_hand = PlanRow(problem="P", action="A", colour_override=PlanColour.RED,
                      override_reason="Avstängd", override_by="a@b.se",
                      override_at=pd.Timestamp("2021-05-01T08:00Z").to_pydatetime())
    follow = RowFollowUp(by_hand, PlanColour.YELLOW, ())
    assert rules.badge(follow, "sv") == (
        ":red-badge[Röd – försenad eller inte genomförd (satt för hand)]")
    assert "Avstängd" in rules.override_note(by_hand, PlanColour.YELLOW, "sv")
    assert rules.badge(RowFollowUp(row, None, ()), "en").startswith(":gray-badge[")
    assert rules.link_line(LinkState("findings", ID1, None, "missing"), {}, "sv") == (
        i18n.t("plan_page.link_layer.findings", "sv") + " – finns inte längre (borttagen)")


def test_the_map_link_shows_exactly_the_rows_records_in_their_years(store):
    places = store.list("unsafe_places")
    findings = store.list("findings")
    years = rules.record_years(places, findings)
    place = places[places.description == "Korsning"].id.iloc[0]  # 2019
    row = PlanRow(problem="P", action="A", place_ids=(place,),
                  finding_ids=tuple(findings.id))
    flt, layers = parse_filter("?" + "&".join(
        f"{k}={v}" for k, values in rules.map_params("1270", row, years, "sv").items()
        for v in ([values] if isinstance(values, str) else values)))
    assert set(flt.ids) == {place, *findings.id}
    assert (flt.year_from, flt.year_to) == (2019, 2020)
    assert layers == ("unsafe_places", "findings")
    assert rules.map_params("1270", PlanRow(problem="P", action="A"), years, "sv") is None
