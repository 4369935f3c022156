"""Tomelilla on the example data, with texts, a hostile plan row and named editors.

The example store is made as ``python -m geo init --example`` makes it (with its
åtgärdsplan); then the plan is saved again by a named editor with a text that would run
if it reached HTML unescaped, and its hand-set colour is set again by another named
person, so a public document can be searched for both names.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from geo import lagesbild
from geo.cli.main import main as cli_main
from geo.domain.enums import PlanColour
from geo.domain.lagesbild import Lagesbild, Section
from geo.effect.words import Description
from geo.store import GeoPackageStore

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "lagesbild"
SCRIPT = "<script>alert('x')</script>"
UPDATER = "ulla.updater@tomelilla.se"
OVERRIDER = "olle.overrider@tomelilla.se"
AS_OF = date(2021, 12, 31)
ANALYSIS = """De största förändringarna

Otrygga platser med belysning ökade mot föregående period.

Det data inte kan visa

- Brott som inte anmäls.
- Otrygghet som ingen rapporterar."""


@dataclasses.dataclass(frozen=True)
class FakeEffect:
    """A row's "did it help?" as :mod:`geo.effect.plan` gives it (outcome, description)."""

    outcome: str
    description: Description


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    path = tmp_path_factory.mktemp("lagesbild") / "example.gpkg"
    assert cli_main(["init", "--example", "--db", str(path)]) == 0
    store = GeoPackageStore(path)
    plan = store.plans("1270")[0]
    plan = store.override_plan_colour(plan.id, plan.rows[-1].id, PlanColour.YELLOW,
                                      f"Pågår fortfarande {SCRIPT}", OVERRIDER, plan.version)
    first = plan.rows[0]
    hostile = dataclasses.replace(first, problem=f"{first.problem} {SCRIPT}",
                                  comment=f"Kommentar {SCRIPT}")
    store.save_plan(dataclasses.replace(plan, rows=(hostile, *plan.rows[1:])), UPDATER,
                    plan.version)
    return store


def texts(lang: str) -> Lagesbild:
    """The coordinator's saved parts: two sections (one hostile) and an analysis."""
    return Lagesbild(
        kommun_kod="1270", year_from=2020, year_to=2021,
        title="Lägesbild Tomelilla 2020–2021" if lang == "sv" else "Tomelilla 2020–2021",
        sections=(Section(key="dialogues", title="Dialoger", data="activities",
                          text=f"Vi höll tre dialogmöten. {SCRIPT}"),
                  Section(key="staff", title=f"Personalen {SCRIPT}", data="findings_by_party",
                          text="")),
        analysis=ANALYSIS, status="decided", decided_date=date(2022, 2, 1),
        next_revision=date(2023, 2, 1), updated_by=UPDATER)


@pytest.fixture(scope="session")
def docs(store) -> dict[tuple[str, bool], lagesbild.Document]:
    """The document in both languages: internal with the hostile texts above, public with
    the example's saved sections and the drafted analysis; a hostile effect on one row."""
    built = {}
    for lang in ("sv", "en"):
        for public in (False, True):
            saved = store.lagesbilder("1270")[0]  # the example's: sections, no analysis
            doc = lagesbild.document(store, ["1270"], 2020, 2021, lang=lang, public=public,
                                     as_of=AS_OF, texts=saved if public else texts(lang))
            assert doc.plan is not None
            assert doc.effects  # the example plan's rows with a place and a date
            last = doc.plan.rows[-1]  # no place: no answer of its own; a hostile one here
            said = Description("Ingen mätbar förändring" if lang == "sv" else "No change",
                               (f"Skillnaden är 0,4 {SCRIPT}",), ("Få rapporter.",))
            built[(lang, public)] = dataclasses.replace(
                doc, effects={**doc.effects, last.id: (FakeEffect("places", said),)})
    return built
