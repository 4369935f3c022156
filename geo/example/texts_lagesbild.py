"""An example lägesbild's written parts for Tomelilla: the sections a coordinator writes.

Made up like the rest of the example data: three sections of *Annan information* (the
dialogues held, what residents said, what staff and partners said), each with the data
the app shows beside it, as a draft for the example data's last two years. The analysis
is left empty, so the pages and documents start from the drafted one
(:func:`geo.situation.analysis.draft`).
"""

from __future__ import annotations

from geo import config, i18n
from geo.domain.enums import PlanStatus
from geo.domain.lagesbild import DEFAULT_SECTIONS, Lagesbild, Section
from geo.example.context import EXAMPLE_USER
from geo.store.base import Store

KOMMUN = "1270"
#: Each default section's example text (what a coordinator might write).
TEXTS = {
    "dialogues": "Under perioden höll kommunen och polisen tre medborgardialoger: i Tomelilla "
                 "centrum, i Brösarp och med föreningslivet. Många tog upp belysningen på "
                 "gång- och cykelvägar och var unga kan vara på kvällarna.",
    "residents": "Invånarna säger att de känner sig tryggare i centrum än för två år sedan, "
                 "men att busstationen och parkeringen vid idrottsplatsen känns otrygga efter "
                 "mörkrets inbrott.",
    "staff": "Skolan och fältassistenterna ser fler unga i centrum sena fredagskvällar. "
             "Fastighetsägarna rapporterar mindre skadegörelse sedan belysningen byttes.",
}


def tomelilla_texts(last_year: int = config.EXAMPLE_YEARS[1]) -> Lagesbild:
    """The draft lägesbild's texts for Tomelilla's last two example years."""
    sections = tuple(Section(key=key, title=i18n.t(f"lagesbild.section.{key}", "sv"),
                             text=TEXTS[key], data=data) for key, data in DEFAULT_SECTIONS)
    return Lagesbild(kommun_kod=KOMMUN, year_from=last_year - 1, year_to=last_year,
                     title=f"Lägesbild för Tomelilla kommun {last_year - 1}–{last_year}",
                     sections=sections, status=PlanStatus.DRAFT)


def save(store: Store) -> None:
    """Store the example texts (a draft, version 1)."""
    store.save_lagesbild(tomelilla_texts(), EXAMPLE_USER, None)
