"""The report names a pledge's source as a reader would: title, publisher, date; no file name."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from geo import formats
from geo.domain.pledge_files import load_pledges
from geo.report.build import citation

PLEDGES = load_pledges()
FILE_NAME = re.compile(r"\w+\.(txt|pdf|docx?)\b")


@pytest.mark.parametrize("pledge", PLEDGES, ids=[p.id for p in PLEDGES])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_seed_pledges_are_cited_by_title_and_date(pledge, lang):
    line = citation(pledge, lang).text()
    assert pledge.source_title and line.startswith(pledge.source_title)
    assert pledge.source_publisher in line
    day = pledge.source_date or pledge.signed_date
    assert formats.long_date(day, lang) in line
    assert not FILE_NAME.search(line) and pledge.source_document not in line


def test_a_pledge_without_source_metadata_is_cited_by_its_own_title_parties_and_date():
    seed = next(p for p in PLEDGES if p.id == "staffanstorp-2018-2019")
    own = replace(seed, source_document="Medborgarlöfte_2021_slutlig.docx", source_title="",
                  source_date=None, source_publisher="", signed_date=date(2021, 3, 2))
    line = citation(own, "sv").text()
    assert line == ("Staffanstorp – medborgarlöften. Staffanstorps kommun och "
                    "lokalpolisområde Kävlinge, löftet undertecknat 2 mars 2021.")
    assert not FILE_NAME.search(line)


def test_a_pledge_without_any_date_is_cited_by_its_period():
    seed = next(p for p in PLEDGES if p.id == "tyreso-2018")
    own = replace(seed, source_title="", source_date=None, source_publisher="",
                  signed_date=None)
    line = citation(own, "sv").text()
    assert "Tyresö kommun och lokalpolisområde Nacka" in line
    assert line.endswith("löftet gäller 1 januari–31 december 2018.")
    assert "Tyresö Municipality" in citation(own, "en").text()
