"""The pledge editor's rules (geo.editing.pledge_form): measures per kind, building, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from geo import i18n
from geo.access.auth import User
from geo.domain.enums import ActivityKind, Measure, TargetPeriod
from geo.editing import pledge_form as rules
from geo.io.errors import Refused

WALK = rules.CommitmentDraft(text="Vi genomför en trygghetsvandring.",
                             kind=ActivityKind.SAFETY_WALK, measure=Measure.WALKS, target=1,
                             unit="trygghetsvandring")
WATCH_INFO = rules.CommitmentDraft(text="Vi informerar om grannsamverkan.",
                                   kind=ActivityKind.INFORMATION_MEETING, measure=Measure.NONE)


def vadstena(*rows: rules.CommitmentDraft) -> rules.PledgeDraft:
    return rules.PledgeDraft(
        kommun_kod="0584", police_area="Lokalpolisområde Motala", title="Medborgarlöfte 2018",
        period_start=date(2018, 1, 1), period_end=date(2018, 12, 31),
        goals="- Ökad trygghet i centrum.\n\n• Fler i grannsamverkan.\n",
        commitments=list(rows))


def test_home_visits_are_offered_count_only_and_nothing_else():
    assert rules.measures_for(ActivityKind.HOME_VISIT, TargetPeriod.PLEDGE) == [
        Measure.COUNT_ONLY]


def test_a_safety_walk_is_offered_its_default_first_and_never_count_only():
    offered = rules.measures_for("safety_walk", "pledge")
    assert offered[0] is Measure.WALKS
    assert Measure.WALK_RULE in offered and Measure.NONE in offered
    assert Measure.COUNT_ONLY not in offered
    assert Measure.UNITS not in offered  # units needs a target per month or week
    assert Measure.UNITS in rules.measures_for("information_meeting", "month")


def test_a_meeting_is_not_offered_a_count_of_walks():
    offered = rules.measures_for("information_meeting", "pledge")
    assert offered[0] is Measure.ACTIVITIES
    assert Measure.WALKS not in offered and Measure.WALK_RULE not in offered
    assert Measure.NEW_WATCH_AREAS in offered and Measure.NONE in offered


def test_goals_are_one_per_line_without_bullets():
    assert rules.goals("- Ökad trygghet.\n\n  • Fler i grannsamverkan.  \n") == (
        "Ökad trygghet.", "Fler i grannsamverkan.")


def test_new_commitments_are_named_after_the_pledge_and_kind_and_never_repeat():
    taken = {"vadstena-2018-safety-walk"}
    assert rules.commitment_id("vadstena-2018", "safety_walk", taken) == \
        "vadstena-2018-safety-walk-2"
    assert rules.commitment_id("vadstena-2018", "information_meeting", taken) == \
        "vadstena-2018-information-meeting"


def test_build_gives_the_pledge_the_form_describes():
    pledge = rules.build(vadstena(WALK, WATCH_INFO), "vadstena-2018", "Vadstena")
    assert pledge.id == "vadstena-2018" and pledge.kommun == "Vadstena"
    assert pledge.goals == ("Ökad trygghet i centrum.", "Fler i grannsamverkan.")
    walk, info = pledge.commitments
    assert (walk.id, walk.measure, walk.target) == ("vadstena-2018-safety-walk",
                                                    Measure.WALKS, 1)
    assert (info.measure, info.target) == (Measure.NONE, None)
    assert all(c.pledge_id == "vadstena-2018" for c in pledge.commitments)


def test_an_edited_commitment_keeps_its_id():
    kept = rules.CommitmentDraft(**{**vars(WALK), "id": "vadstena-2018-safety-walk"})
    pledge = rules.build(vadstena(WALK, kept), "vadstena-2018", "Vadstena")
    assert [c.id for c in pledge.commitments] == ["vadstena-2018-safety-walk-2",
                                                  "vadstena-2018-safety-walk"]


@pytest.mark.parametrize("row,field,code", [
    (rules.CommitmentDraft(text="Hembesök.", kind=ActivityKind.HOME_VISIT,
                           measure=Measure.WALKS), "measure", "measure_not_for_kind"),
    (rules.CommitmentDraft(text="Information.", kind=ActivityKind.INFORMATION_MEETING,
                           measure=Measure.NONE, target=3, unit="möten"), "target",
     "target_without_measure"),
    (rules.CommitmentDraft(text="Möten.", kind=ActivityKind.INFORMATION_MEETING, target=3),
     "unit", "unit_required"),
    (rules.CommitmentDraft(text="", kind=ActivityKind.OTHER), "text", "required"),
])
def test_a_bad_row_is_refused_in_swedish_naming_its_row_and_field(row, field, code):
    with pytest.raises(rules.RowError) as caught:
        rules.build(vadstena(WALK, row), "vadstena-2018", "Vadstena")
    error = caught.value
    assert (error.row, error.field, error.code) == (2, field, code)
    said = rules.refusal(error, "sv")
    assert said == (f"Åtagande 2, {i18n.t(f'pledge_form.field.{field}', 'sv')}: "
                    f"{i18n.t(f'validation.{code}', 'sv')}")
    assert "cannot" not in said and "required" not in said


def test_a_period_ending_before_it_starts_is_refused_in_swedish():
    draft = vadstena(WALK)
    draft.period_end = date(2017, 12, 31)
    with pytest.raises(rules.ValidationError) as caught:
        rules.build(draft, "vadstena-2018", "Vadstena")
    assert rules.refusal(caught.value, "sv") == "Perioden slutar: är före startdatumet"


def test_a_rule_without_a_text_is_said_generally_never_in_english():
    error = rules.ValidationError("measure", "walk_rule counts safety walks only")
    assert rules.refusal(error, "sv") == "Hur det mäts: är inte giltigt"


def test_an_editor_writes_pledges_of_their_own_municipality_only():
    editor = User(email="a@tomelilla.se", role="editor", kommuner=("1270",))
    admin = User(email="b@polisen.se", role="admin")
    assert rules.editable_kommuner(editor, ["0584", "1270"]) == ["1270"]
    assert rules.editable_kommuner(admin, ["0584", "1270"]) == ["0584", "1270"]
    assert rules.editable_kommuner(User(), ["0584"]) == []


def test_a_source_document_is_checked_by_its_bytes_before_anything_is_saved():
    assert rules.check_document(b"%PDF-1.7\n...") == "application/pdf"
    assert rules.check_document("Medborgarlöfte.".encode()).startswith("text/plain")
    with pytest.raises(Refused) as caught:
        rules.check_document(b"<html><script>alert(1)</script></html>")
    assert caught.value.text("sv") != caught.value.text("en")
