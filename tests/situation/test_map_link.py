"""A figure's link opened on the map page: the map counts exactly the figure's records."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.situation import build
from tests.app.conftest import APP
from tests.app.test_map_page import metric_counts
from tests.situation import fixture


@pytest.fixture(scope="module")
def public(town):
    store, _ = town
    return build(store, [fixture.KOMMUN], 2021, 2022, as_of=fixture.AS_OF,
                 units=fixture.districts(), public=True)


def _chosen(result):
    """A figure of each new kind of filter: late, a party, a kind, an area, a recurring place."""
    late = next(f for f in result.findings if f.measure == "findings_late")
    police = next(f for f in result.findings_by_party
                  if f.get("party") == "police" and f.measure == "findings_opened")
    kind = next(f for f in result.activities if f.get("kind") == "visible_presence")
    north = result.places_by_area[0].current
    return [late, police, kind, north, result.recurring[0].figure]


def test_the_map_counts_what_each_figure_states(town, public, monkeypatch):
    store, _ = town
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(store.path))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    for figure in _chosen(public):
        (link,) = figure.links
        at = AppTest.from_file(APP, default_timeout=60)
        for name, values in parse_qs(urlsplit(link.url).query).items():
            at.query_params[name] = values
        at.run()
        assert not at.exception
        shown = metric_counts(at)
        assert sum(shown[layer] for layer in link.layers) == figure.records == figure.value, \
            link.url
        assert i18n.t("situation.map_filtered", "sv") in [i.value for i in at.info]
