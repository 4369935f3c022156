"""The map page run by Streamlit's AppTest against the fixture store."""

from __future__ import annotations

import json
import re

from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.domain.model import LAYERS
from tests import fixture_data as fx

PLEDGE_URL = {"kommun": "1270", "year": "2020", "pledge": "tomelilla-2020"}


def metric_counts(at: AppTest, lang: str = "sv") -> dict[str, int]:
    by_label = {m.label: int(m.value) for m in at.metric}
    return {layer: by_label[i18n.t(f"layers.{layer}", lang)] for layer in LAYERS}


def map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def drawn_per_layer(args: dict) -> dict[str, int]:
    """Features per layer in the layer JavaScript sent to the map component."""
    found = re.findall(r'"layer": "([a-z_]+)"', args["feature_group"])
    return {layer: found.count(layer) for layer in LAYERS if layer in found}


def page_text(at: AppTest) -> str:
    """Every string the page sends to the browser, from the element protos."""
    parts = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        # the widget-texts script names Streamlit's own English phrases in order to
        # replace them (app.components.widget_texts): code, never shown
        script = "__tkWidgetTexts" in getattr(proto, "body", "")
        if proto is not None and node.type != "component_instance" and not script:
            parts.append(MessageToJson(proto, ensure_ascii=False))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def table(at: AppTest):
    return at.dataframe[-1].value  # the feature table is the last dataframe on the page


def test_pledge_url_shows_the_pledge_counts_and_matching_table(app):
    at = app(**PLEDGE_URL)
    assert not at.exception
    assert metric_counts(at) == fx.EXPECTED_PLEDGE_2020
    assert len(table(at)) == sum(fx.EXPECTED_PLEDGE_2020.values())
    assert at.selectbox(key="pledge").value == "tomelilla-2020"


def test_changing_year_changes_counts_and_table(app):
    at = app(kommun="1270", year="2020")
    assert metric_counts(at) == fx.EXPECTED_ALL_2020
    at.selectbox(key="year").set_value(2019).run()
    assert metric_counts(at) == fx.EXPECTED_ALL_2019
    assert len(table(at)) == sum(fx.EXPECTED_ALL_2019.values())
    assert at.query_params["year"] == "2019"  # the URL follows: a link reproduces it


def test_changing_pledge_changes_counts_and_sets_municipality_and_years(app):
    at = app(kommun="1270", year="2020")
    at.selectbox(key="pledge").set_value("tomelilla-2020").run()
    assert metric_counts(at) == fx.EXPECTED_PLEDGE_2020
    at.selectbox(key="pledge").set_value("staffanstorp-2018-2019").run()
    assert at.selectbox(key="kommun").value == "1230"
    assert (at.selectbox(key="year").value, at.selectbox(key="year_to").value) == (2018, 2019)
    assert sum(metric_counts(at).values()) == 0  # the fixture has nothing in Staffanstorp
    assert any("Staffanstorp" in info.value for info in at.info)  # says so, and how to add


def test_pledge_none_shows_only_unlinked_records(app):
    at = app(kommun="1270", year="2020", pledge="none")
    counts = metric_counts(at)
    assert counts["unsafe_places"] == 1 and counts["watch_areas"] == 1
    assert counts["findings"] == 0


def test_map_component_receives_the_shown_layers(app):
    at = app(**PLEDGE_URL)
    drawn = drawn_per_layer(map_args(at))
    expected = {layer: n - fx.UNPLACED_PLEDGE_2020.get(layer, 0)
                for layer, n in fx.EXPECTED_PLEDGE_2020.items()}
    assert drawn == expected
    at.pills(key="layers").set_value(["unsafe_places", "findings"]).run()
    assert set(drawn_per_layer(map_args(at))) == {"unsafe_places", "findings"}
    assert len(table(at)) == 4  # 2 places + 2 findings: the table follows the layers


def test_map_assets_are_served_by_the_app(app):
    args = map_args(app(**PLEDGE_URL))
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/") for link in links)


def test_base_map_script_does_not_change_with_filters(app):
    at = app(**PLEDGE_URL)
    before = map_args(at)
    at.selectbox(key="year").set_value(2019).run()
    after = map_args(at)
    assert before["script"] == after["script"]  # same base map: no remount
    assert before["feature_group"] != after["feature_group"]


def test_unknown_url_values_are_ignored_with_a_notice(app):
    at = app(kommun="9999", year="1800", pledge="nope", category="bogus")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    for shown in ("kommun=9999", "year=1800", "pledge=nope", "category=bogus"):
        assert shown in warnings
    assert at.selectbox(key="kommun").value == "1270"


def test_category_and_status_filters(app):
    at = app(kommun="1270", year="2020", category="lighting")
    counts = metric_counts(at)
    assert counts["unsafe_places"] == 1 and counts["findings"] == 1
    at = app(kommun="1270", year="2020", finding_status="new")
    assert metric_counts(at)["findings"] == 1


def test_payload_is_shown_as_text_and_never_raw_in_the_map(app):
    at = app(**PLEDGE_URL)
    names = table(at)[i18n.t("table.name", "sv")].tolist()
    assert fx.PAYLOAD in names  # the table shows it as text (Streamlit escapes cells)
    args = json.dumps(map_args(at))
    assert "<img" not in args and "${globalThis" not in args
    assert "onerror=alert(1)" in args  # it is there, escaped, in the walk's hover label


def test_public_page_never_carries_personal_or_internal_data(app):
    at = app(kommun="1270", year="2020")
    # the page rendered its content (a crashed page would carry nothing to find); the
    # dashboard shows a page's failure as an error message (app.failed), not an exception
    assert not at.exception and not at.error
    assert len(table(at)) == sum(metric_counts(at).values()) > 0
    text = page_text(at) + json.dumps(map_args(at))
    for private in fx.PRIVATE_TEXTS:
        assert private not in text


def _catalog_words(lang: str) -> set[str]:
    other = "en" if lang == "sv" else "sv"
    mine, theirs = i18n.catalog(lang), i18n.catalog(other)
    their_text = "\n".join(theirs.values())
    return {v for v in mine.values() if len(v) > 4 and "{" not in v and v not in their_text}


def test_english_page_shows_no_swedish_catalog_text_and_the_reverse(app):
    english = page_text(app(lang="en", **PLEDGE_URL))
    swedish = page_text(app(**PLEDGE_URL))
    assert i18n.t("layers.watch_areas", "en") in english
    assert i18n.t("layers.watch_areas", "sv") in swedish
    assert not [w for w in _catalog_words("sv") if _shows(w, english)]
    assert not [w for w in _catalog_words("en") if _shows(w, swedish)]


def _shows(words: str, text: str) -> bool:
    """True when ``words`` stand in ``text`` as words (not inside a proto field name)."""
    return re.search(rf"(?<![A-Za-zÅÄÖåäö]){re.escape(words)}(?![A-Za-zÅÄÖåäö])", text) is not None
