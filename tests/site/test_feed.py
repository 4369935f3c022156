"""The Atom feed of public changes: valid RFC 4287, the three kinds of entry, text stays text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from geo.site import feed
from tests import fixture_data as fx
from tests.site.conftest import SCRIPT, SECRET_TEXT

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def root(site) -> ET.Element:
    return ET.parse(site / "feed.atom").getroot()


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{A}entry")


def stamp(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None  # RFC 3339: with its offset
    return moment


def test_a_valid_atom_feed(root, site):
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{A}{name}")) == 1, name
    assert root.find(f"{A}author/{A}name").text == "Tomelilla kommun"
    assert root.find(f"{A}link[@rel='self']").get("href") == "feed.atom"
    ids = [e.findtext(f"{A}id") for e in entries(root)]
    assert len(ids) == len(set(ids)) and all(i.startswith("urn:uuid:") for i in ids)
    updated = [stamp(e.findtext(f"{A}updated")) for e in entries(root)]
    assert updated == sorted(updated, reverse=True)  # newest first
    assert stamp(root.findtext(f"{A}updated")) == updated[0]
    for entry in entries(root):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        link = entry.find(f"{A}link[@rel='alternate']").get("href")
        assert (site / link).is_file(), link  # a page of the site


def titled(root: ET.Element, start: str) -> list[ET.Element]:
    return [e for e in entries(root) if e.findtext(f"{A}title").startswith(start)]


def test_findings_done_activities_and_pledges(root, site_store):
    done = titled(root, "Åtgärdad brist nr ")
    assert sorted(e.findtext(f"{A}title") for e in done) == [
        "Åtgärdad brist nr 1 (Belysning)", "Åtgärdad brist nr 2 (Växtlighet)"]
    # finding 2 was marked done after it was recorded: the entry is dated by that change
    (change,) = [h for h in site_store.history("findings") if h.action == "update"]
    (second,) = [e for e in done if "nr 2" in e.findtext(f"{A}title")]
    assert stamp(second.findtext(f"{A}updated")) == change.at.replace(microsecond=0)
    assert second.findtext(f"{A}published").startswith("2020-12-15")
    activities = titled(root, "Genomförd aktivitet: ")
    assert len(activities) == 3  # the fixture's two and the one added
    (pledge,) = titled(root, "Medborgarlöfte: ")
    assert pledge.find(f"{A}link").get("href") == "pledges/tomelilla-2020.html"
    assert len(entries(root)) == len(done) + len(activities) + 1


def test_user_text_stays_text(root, site):
    raw = (site / "feed.atom").read_text(encoding="utf-8")
    assert "<script>" not in raw and "<img" not in raw
    (lights,) = titled(root, "Genomförd aktivitet: Ny belysning")
    assert lights.findtext(f"{A}summary") == SCRIPT  # read back: the text, exactly
    assert list(lights.find(f"{A}summary")) == []  # no element inside
    texts = {e.findtext(f"{A}summary") for e in entries(root)}
    assert fx.PAYLOAD in texts


def test_nothing_internal(site):
    raw = (site / "feed.atom").read_text(encoding="utf-8")
    for private in (*fx.PRIVATE_TEXTS, SECRET_TEXT, "redaktor@"):
        assert private not in raw


def test_entry_ids_are_stable():
    assert feed._urn("1270", "pledges/x") == feed._urn("1270", "pledges/x")
    assert feed._urn("1270", "pledges/x") != feed._urn("1271", "pledges/x")
