"""The DCAT-AP-SE catalogue: valid JSON-LD (read into RDF, no network) that names every file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import rdflib
from rdflib import namespace as ns

from geo import config
from geo.domain.layers import LAYERS
from geo.site import dcat
from geo.site.opendata import Dataset, Distribution

LICENCE = rdflib.URIRef("http://creativecommons.org/publicdomain/zero/1.0/")


def _vcard(name: str) -> rdflib.URIRef:
    return rdflib.URIRef("http://www.w3.org/2006/vcard/ns#" + name)


def graph(path: Path, base: str | None = None) -> rdflib.Graph:
    parsed = rdflib.Graph()
    parsed.parse(data=path.read_text(encoding="utf-8"), format="json-ld",
                 publicID=base or path.as_uri())
    return parsed


@pytest.fixture(scope="module")
def g(site) -> rdflib.Graph:
    return graph(site / "catalog.jsonld")


def one(g: rdflib.Graph, subject, predicate):
    values = list(g.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def languages(g: rdflib.Graph, subject, predicate) -> set[str]:
    return {value.language for value in g.objects(subject, predicate) if value.strip()}


def test_the_context_is_inline(site):
    document = json.loads((site / "catalog.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)  # nothing to fetch when it is read
    assert "@base" not in document["@context"]  # no TRYGGHETSKARTAN_SITE_URL: relative


def test_catalog_and_publisher(g):
    (catalog,) = g.subjects(ns.RDF.type, ns.DCAT.Catalog)
    assert languages(g, catalog, ns.DCTERMS.title) == languages(
        g, catalog, ns.DCTERMS.description) == {"sv", "en"}
    publisher = one(g, catalog, ns.DCTERMS.publisher)
    assert str(one(g, publisher, ns.FOAF.name)) == "Tomelilla kommun"
    assert (publisher, ns.RDF.type, ns.FOAF.Agent) in g
    assert one(g, catalog, ns.DCTERMS.license) == LICENCE
    assert len(list(g.objects(catalog, ns.DCAT.dataset))) == len(LAYERS)


def test_every_layer_is_a_complete_dataset(g, site):
    (catalog,) = g.subjects(ns.RDF.type, ns.DCAT.Catalog)
    datasets = set(g.objects(catalog, ns.DCAT.dataset))
    assert datasets == set(g.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert {str(d).rsplit("#", 1)[1] for d in datasets} == set(LAYERS)
    for dataset in datasets:
        assert languages(g, dataset, ns.DCTERMS.title) == {"sv", "en"}
        assert languages(g, dataset, ns.DCTERMS.description) == {"sv", "en"}
        assert languages(g, dataset, ns.DCAT.keyword) == {"sv", "en"}
        assert one(g, dataset, ns.DCAT.theme) == rdflib.URIRef(dcat.THEME)
        assert one(g, dataset, ns.DCTERMS.publisher) == one(g, catalog, ns.DCTERMS.publisher)
        area = one(g, dataset, ns.DCTERMS.spatial)
        assert str(one(g, area, ns.SKOS.prefLabel)) == "Tomelilla"
        assert str(one(g, area, ns.DCTERMS.identifier)) == "1270"
        contact = one(g, dataset, ns.DCAT.contactPoint)
        assert str(one(g, contact, _vcard("fn"))) == "Tomelilla kommun"
        assert str(one(g, contact, _vcard("hasURL"))).endswith("/opendata.html")
        period = one(g, dataset, ns.DCTERMS.temporal)
        start, end = one(g, period, ns.DCAT.startDate), one(g, period, ns.DCAT.endDate)
        assert start.datatype == end.datatype == ns.XSD.date and start.toPython() <= end.toPython()
        assert one(g, dataset, ns.DCTERMS.modified).toPython() <= date(2024, 5, 1)
        assert len(list(g.objects(dataset, ns.DCAT.distribution))) == 2


def test_every_distribution_is_a_file_that_exists(g, site):
    named = set()
    for distribution in g.subjects(ns.RDF.type, ns.DCAT.Distribution):
        download = one(g, distribution, ns.DCAT.downloadURL)
        assert one(g, distribution, ns.DCAT.accessURL) == download
        path = Path(download.removeprefix("file://"))
        assert path.is_file(), path
        named.add(path.relative_to(site).as_posix())
        media_type = str(one(g, distribution, ns.DCTERMS.format))
        assert media_type == {".geojson": "application/geo+json", ".csv": "text/csv"}[path.suffix]
        assert str(one(g, distribution, ns.DCAT.mediaType)).endswith("/" + media_type)
        assert int(one(g, distribution, ns.DCAT.byteSize)) == path.stat().st_size
        assert one(g, distribution, ns.DCTERMS.license) == LICENCE
        assert languages(g, distribution, ns.DCTERMS.title) == {"sv", "en"}
    published = {p.relative_to(site).as_posix() for p in (site / "data").iterdir()}
    assert named == published - {"data/LICENS.txt"}


def test_site_url_and_contact_and_licence_settings(tmp_path, monkeypatch):
    """Configured: absolute http(s) addresses (the data portal's rule), mailto:, CC BY 4.0."""
    monkeypatch.setenv(config.SITE_URL_ENV, "https://trygghet.example.se/karta")
    monkeypatch.setenv(config.OPENDATA_CONTACT_ENV, "oppnadata@tomelilla.se")
    monkeypatch.setenv(config.OPENDATA_LICENCE_ENV, "CC-BY-4.0")
    files = (Distribution("data/walks.geojson", "geojson", 10),
             Distribution("data/walks.csv", "csv", 5))
    path = tmp_path / dcat.FILE
    path.write_text(dcat.document(
        [Dataset("walks", 1, date(2020, 9, 10), date(2020, 9, 10), files)], kommun="Tomelilla",
        kommun_kod="1270", bbox=(13.8, 55.4, 14.2, 55.7), modified={}, today=date(2024, 5, 1),
        landing="opendata.html"), encoding="utf-8")
    g = graph(path, base="file:///elsewhere/")  # @base wins over where the file was read
    downloads = {str(o) for o in g.objects(None, ns.DCAT.downloadURL)}
    assert downloads == {"https://trygghet.example.se/karta/data/walks.geojson",
                         "https://trygghet.example.se/karta/data/walks.csv"}
    (contact,) = g.subjects(ns.RDF.type, _vcard("Organization"))
    assert str(one(g, contact, _vcard("hasEmail"))) == "mailto:oppnadata@tomelilla.se"
    assert set(g.objects(None, ns.DCTERMS.license)) == {
        rdflib.URIRef("http://creativecommons.org/licenses/by/4.0/")}
    monkeypatch.setenv(config.SITE_URL_ENV, "trygghet.example.se")
    with pytest.raises(config.ConfigError):
        config.site_url()
