"""Every public view shows editor-typed text as text: never Markdown, HTML or a formula.

A store is seeded with records (and a pledge) whose every text field holds one of the
payloads below. Each public page runs under AppTest; every element that renders
Markdown must hold the payload escaped (no image, no link, no bold), every ``st.html``
escaped HTML, tables the plain text; every CSV the page offers (map table, export,
pledge report) and the walk protocol and coverage CSVs carry the formula guard; the
published site (``geo publish``) shows the text escaped.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit_folium
from shapely.geometry import LineString, Point, Polygon
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.domain.model import Activity, Finding, SafetyWalk, UnsafePlace, WatchArea
from geo.escape import FORMULA_START, inert
from geo.report import protocol
from tests import fixture_data as fx
from tests.apptest import keep_downloads

ROOT = Path(__file__).resolve().parents[2]
HTML_JS = "<img src=x onerror=alert(1)>${globalThis.X=1}"
IMAGE = "![x](http://127.0.0.1:1/x.png)"
BOLD = "**bold**"
FORMULAS = ('=HYPERLINK("http://x")', "+1", "@SUM(A1)")
PAYLOADS = (HTML_JS, IMAGE, BOLD, *FORMULAS)
PLEDGE = "tomelilla-2020"
VIEW = {"kommun": "1270", "year": "2020", "pledge": PLEDGE}


def seed(path: Path) -> fx.GeoPackageStore:
    """The fixture store, plus one record per layer and payload, and a payload pledge."""
    store = fx.build(path)
    x, y = fx.TOMELILLA
    records: list[Any] = []
    for i, text in enumerate(PAYLOADS):
        dx = 0.001 * (i + 1)
        walk = SafetyWalk(kommun_kod="1270", pledge_id=PLEDGE, walk_date="2020-09-20",
                          name=text, organisers=text, participants=3,
                          geometry=LineString([(x + dx, y), (x + dx, y + 0.002)]))
        records += [
            UnsafePlace(kommun_kod="1270", pledge_id=PLEDGE, geometry=Point(x + dx, y - 0.003),
                        category="lighting" if i % 2 else "drugs", source="survey",
                        reported_date="2020-10-01", description=text),
            walk,
            Finding(kommun_kod="1270", pledge_id=PLEDGE, walk_id=walk.id, number=1,
                    found_date="2020-09-20", category="lighting",
                    geometry=Point(x + dx, y + 0.001), description=text,
                    proposed_action=text, selected=True, status="new"),
            WatchArea(kommun_kod="1270", pledge_id=PLEDGE, name=text, start_date="2020-03-01",
                      households=5, geometry=Polygon([(x + dx, y - 0.01), (x + dx + 0.0005,
                                                      y - 0.01), (x + dx + 0.0005, y - 0.0095),
                                                     (x + dx, y - 0.0095)])),
            Activity(kommun_kod="1270", pledge_id=PLEDGE, kind="physical_measure",
                     activity_date="2020-10-15", title=text, description=text, unit=text,
                     quantity=1, geometry=Point(x - dx, y)),
        ]
    store.create_many(records, "test")
    pledges = store.pledges()
    changed = []
    for pledge in pledges:
        if pledge.id == PLEDGE:
            commitments = tuple(
                dataclasses.replace(c, text=f"{FORMULAS[i % 3]} {IMAGE} {BOLD} {HTML_JS}")
                for i, c in enumerate(pledge.commitments))
            pledge = dataclasses.replace(pledge, title=IMAGE + " " + HTML_JS,
                                         police_area=BOLD, goals=PAYLOADS,
                                         problem=IMAGE, commitments=commitments)
        changed.append(pledge)
    store.replace_pledges(changed, "test")
    return store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("payloads") / "store.gpkg"
    seed(path)
    return path


@pytest.fixture
def env(db, monkeypatch):
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    monkeypatch.setenv("TRYGGHETSKARTAN_SENSITIVE", "drugs")
    return db


@pytest.fixture
def downloads(monkeypatch) -> dict[str, Any]:
    """Downloads by file id: the bytes, or a deferred download's callable."""
    return keep_downloads(monkeypatch)


# -- what a page shows ------------------------------------------------------------------
#: Element types whose text Streamlit shows as it is (not Markdown).
PLAIN_TYPES = {"html", "dataframe", "arrow_data_frame", "text", "code", "json",
               "component_instance", "download_button"}
UNESCAPED_IMAGE = re.compile(r"(?<!\\)!\[")
UNESCAPED_LINK = re.compile(r"(?<!\\)\]\(")
UNESCAPED_BOLD = re.compile(r"(?<!\\)\*\*bold")
UNESCAPED_TAG = re.compile(r"(?<!\\)<img")


#: Proto fields Streamlit shows as plain text (a choice's options, a widget's value).
PLAIN_FIELDS = {"options", "default", "value", "raw_values", "id", "form_id", "url",
                "deferred_file_id", "file_name", "raw_value"}


def _strings(message: Any) -> list[str]:
    out = []
    for field, value in message.ListFields():
        if field.name in PLAIN_FIELDS:
            continue
        values = value if isinstance(value, (list, tuple)) or hasattr(value, "extend") \
            else [value]
        for item in values:
            if isinstance(item, str):
                out.append(item)
            elif hasattr(item, "ListFields"):
                out += _strings(item)
    return out


def _nodes(node: Any):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def check_page(at: AppTest) -> dict[str, list[str]]:
    """Assert nothing renders as Markdown or HTML; return the page's text by kind."""
    assert not at.exception, at.exception
    texts: dict[str, list[str]] = {"markdown": [], "html": [], "table": []}
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        if kind in ("dataframe", "arrow_data_frame"):
            texts["table"] += [str(v) for v in node.value.to_numpy().ravel()]
            continue
        strings = _strings(proto)
        if kind == "html":
            texts["html"] += strings
            for text in strings:
                assert "<img" not in text and "${" not in text, text
            continue
        if kind in PLAIN_TYPES:
            continue
        texts["markdown"] += strings
        for text in strings:
            assert not UNESCAPED_IMAGE.search(text), (kind, text)
            assert not UNESCAPED_LINK.search(text), (kind, text)
            assert not UNESCAPED_BOLD.search(text), (kind, text)
            assert not UNESCAPED_TAG.search(text), (kind, text)
    return texts


NUMBER = re.compile(r"-\d+([.,]\d+)?")


def guarded(data: bytes | str) -> list[str]:
    """Every cell of a CSV: none starts a formula; the payloads are there, guarded."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=_delimiter(text))
             for cell in row]
    for cell in cells:  # a negative number is a number, not a formula
        assert not cell.startswith(FORMULA_START) or NUMBER.fullmatch(cell), cell
    return cells


def _delimiter(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return ";" if first.count(";") > first.count(",") else ","


def _download(at: AppTest, saved: dict[str, Any], key_end: str) -> bytes | str:
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key_end)
                  or key_end in b.proto.label)
    file_id = button.proto.deferred_file_id or Path(button.proto.url).stem
    data = saved[file_id]
    return data() if callable(data) else data


def page(path: str, lang: str = "sv", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


# -- the pages ----------------------------------------------------------------------------
def test_map_page_table_details_and_csv(env, monkeypatch, downloads):
    at = page("views/map.py", **VIEW)
    texts = check_page(at)
    for payload in PAYLOADS:
        assert payload in texts["table"]  # shown as the text it is
    cells = guarded(_download(at, downloads, i18n.t("table.download", "sv")))
    assert "'" + FORMULAS[0] in cells and "'+1" in cells and "'@SUM(A1)" in cells
    # a click on each payload record: the details panel shows the text, escaped
    from geo.store import GeoPackageStore

    places = GeoPackageStore(env).list("unsafe_places", None)
    for record_id, text, category in zip(places["id"], places["description"],
                                         places["category"], strict=True):
        if text not in PAYLOADS or category == "drugs":
            continue  # a sensitive place shows no typed text (tests/app/test_sensitive_views)
        click = {"last_active_drawing": {"type": "Feature", "geometry": None, "properties": {
            "layer": "unsafe_places", "id": record_id}}}
        monkeypatch.setattr(streamlit_folium, "st_folium", lambda *a, _c=click, **k: _c)
        texts = check_page(page("views/map.py", **VIEW))
        assert any(inert(text) in html for html in texts["html"]), text


def test_pledge_page_and_its_report_csv(env, downloads):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["pledge"] = PLEDGE
    at.run()
    at.switch_page("views/pledges.py").run()  # its map links need the page list
    texts = check_page(at)
    assert any("x\\.png" in text for text in texts["markdown"])  # the title, escaped
    report = _download(at, downloads, "download_csv")
    cells = guarded(report)
    assert any(cell.startswith("'" + FORMULAS[0]) for cell in cells), cells[:30]


def test_meeting_page_every_step_and_view(env):
    at = page("views/meeting.py", m_kommun="1270", m_pledge=PLEDGE, since="2020-01-01",
              until="2020-12-31")
    check_page(at)
    seen_table = []
    for _ in range(12):
        if at.button(key="next").disabled:
            break
        at.button(key="next").click().run()
        seen_table += check_page(at)["table"]
    assert any(payload in seen_table for payload in PAYLOADS)
    for view in ("compare", "survey"):
        at.segmented_control(key="view").set_value(view).run()
        check_page(at)


@pytest.mark.parametrize("path", ["views/region.py", "views/coverage.py"])
def test_region_and_coverage_pages(env, path):
    check_page(page(path, kommun="1270", year="2020"))


def test_export_page_csv_and_xlsx(env, downloads):
    at = page("views/data_io.py", **VIEW, layers="unsafe_places")
    check_page(at)
    at.selectbox(key="io_format").set_value("csv").run()
    cells = guarded(_download(at, downloads, "io_export_unsafe_places"))
    assert "'" + FORMULAS[0] in cells
    at.selectbox(key="io_format").set_value("xlsx").run()
    data = _download(at, downloads, "io_export_unsafe_places")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value  # text, never a formula


def test_walk_protocol_and_coverage_csv(env):
    from geo.coverage import service
    from geo.store import GeoPackageStore

    store = GeoPackageStore(env)
    walks = store.list("walks", None)
    for walk_id in walks.loc[walks["name"].isin(PAYLOADS), "id"]:
        walk = store.get("walks", walk_id)
        guarded(protocol.csv_bytes(store, walk, "sv"))
        assert "<img" not in protocol.html(store, walk, "sv")
    ranked = pd.DataFrame({column: [PAYLOADS[i % len(PAYLOADS)] if column == "unit_id"
                                    else -i * 0.25 for i in range(6)]
                           for column in service.RANKED_COLUMNS})  # unit ids are text
    cells = guarded(service.csv_bytes(ranked))
    assert "-1,25" in cells  # a negative number stays a number, unguarded


def test_the_published_site_shows_the_text_escaped(env, tmp_path):
    from geo.site import publish
    from geo.store import GeoPackageStore

    out = tmp_path / "site"
    publish.publish(GeoPackageStore(env), "1270", out, today=date(2021, 1, 10))
    pages = list(out.rglob("*.html"))
    assert pages
    texts = [path.read_text(encoding="utf-8") for path in pages]
    for text in texts:
        assert "<img src=x" not in text
    assert any("&lt;img src=x" in text for text in texts)  # shown, escaped
    data = (out / "assets" / "data.js").read_text(encoding="utf-8")
    assert "onerror" in data  # the data holds the text; map.js shows it with textContent
    script = (out / "assets" / "map.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script
