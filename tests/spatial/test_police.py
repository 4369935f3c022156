"""The police's organisation from its data files: the areas as the polisen.se pages list them."""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest

from geo.domain.pledge_files import load_pledges
from geo.spatial import boundaries, police, region

#: Areas as the pages named in data/police_areas.csv list them (the seed pledges' and others).
VERIFIED = {
    "Ystad": {"Ystad", "Tomelilla", "Sjöbo", "Simrishamn", "Skurup"},
    "Kävlinge": {"Kävlinge", "Lomma", "Staffanstorp", "Burlöv"},
    "Trelleborg": {"Trelleborg", "Svedala", "Vellinge"},
    "Nacka": {"Nacka", "Värmdö", "Tyresö"},
    "Växjö": {"Växjö", "Alvesta"},
    "Norra Lappland": {"Kiruna", "Gällivare", "Jokkmokk"},
    "Falun": {"Falun", "Avesta", "Hedemora"},
    "Borlänge": {"Borlänge", "Ludvika", "Säter", "Smedjebacken", "Gagnef"},
}


@pytest.mark.parametrize("name", sorted(VERIFIED))
def test_seed_areas_hold_the_verified_municipalities(name: str) -> None:
    names = boundaries.names()
    assert {names[k] for k in police.areas()[name].kommun_koder} == VERIFIED[name]


def test_every_line_names_a_real_municipality_and_a_polisen_page() -> None:
    names = boundaries.names()
    with police.AREAS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert names[row["kommun_kod"]] == row["kommun"], row
        assert row["source_url"].startswith("https://polisen.se/"), row
        assert row["police_region"] in police.regions(), row
        assert police.region_of_county(row["kommun_kod"][:2]) == row["police_region"], row
    codes = [row["kommun_kod"] for row in rows]
    assert len(codes) == len(set(codes))  # a municipality is in one area only


def test_lines_are_dated_and_sorted_by_area_then_municipality() -> None:
    with police.AREAS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    swedish = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # å, ä, ö after z, in that order
    keys = [(r["police_area"].translate(swedish), r["kommun"].translate(swedish)) for r in rows]
    assert keys == sorted(keys)
    for row in rows:
        assert re.fullmatch(r"\d{4}(-\d{2})?", row["source_published"]), row
        assert date.fromisoformat(row["checked_on"]) <= date.today(), row


def test_seven_regions_cover_every_county_once() -> None:
    counties = [c for codes in police.regions().values() for c in codes]
    assert sorted(police.regions()) == sorted(
        ["Nord", "Mitt", "Stockholm", "Öst", "Väst", "Syd", "Bergslagen"])
    assert sorted(counties) == sorted(region.counties())
    assert police.regions()["Syd"] == ("07", "08", "10", "12")
    assert police.regions()["Stockholm"] == ("01", "09")


def test_area_names_as_pledges_write_them() -> None:
    assert police.area("Lokalpolisområde Ystad") is police.area("Ystad")
    assert police.area("LPO Nacka") is police.areas()["Nacka"]
    assert police.area("Motala") is None
    assert police.area_of("1291").name == "Ystad"


def test_every_seed_pledge_is_in_its_police_area() -> None:
    for pledge in load_pledges():
        found = police.area(pledge.police_area)
        assert found is not None and pledge.kommun_kod in found.kommun_koder, pledge.id
