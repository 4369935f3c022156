"""DCAT-AP-SE metadata of the published open data, as JSON-LD with its context inline.

Sweden's data portal harvests catalogues described in DCAT-AP-SE (the Swedish profile
of DCAT-AP). This writes one ``dcat:Catalog`` whose publisher is the municipality,
a ``dcat:Dataset`` per public layer and a ``dcat:Distribution`` per file, with the
profile's mandatory properties (title, description, publisher; a distribution's
access URL and format) and its recommended ones (title and description in Swedish
and English, keywords, theme, spatial and temporal coverage, modified, contact
point, licence, download URL, media type). The ``@context`` is in the file, so
nothing is fetched when it is read.

Addresses are relative to the site's root (the file sits there), so the metadata is
right wherever the folder is served; with ``TRYGGHETSKARTAN_SITE_URL`` set, ``@base``
makes them absolute (the data portal wants ``http(s)`` addresses).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from geo import config, formats, i18n
from geo.site.opendata import Dataset, Distribution, licence

FILE = "catalog.jsonld"
MEDIA_TYPE = "application/ld+json"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
}
_EU = "http://publications.europa.eu/resource/authority/"
#: Public safety is the EU data theme "Justice, legal system and public safety".
THEME = _EU + "data-theme/JUST"
LANGUAGE = _EU + "language/SWE"
PUBLIC = _EU + "access-right/PUBLIC"
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
CONFORMS = {"geojson": "https://www.rfc-editor.org/rfc/rfc7946",
            "csv": "https://www.rfc-editor.org/rfc/rfc4180"}


def node(name: str) -> str:
    """The id of a node of this file (relative to the site's root)."""
    return f"{FILE}#{name}"


def document(datasets: list[Dataset], *, kommun: str, kommun_kod: str,
             bbox: tuple[float, ...], modified: dict[str, date],
             today: date, landing: str) -> str:
    """The catalogue as JSON-LD text (``modified``: each layer's newest public change)."""
    context: dict[str, Any] = dict(CONTEXT)
    if config.site_url():
        context["@base"] = config.site_url()
    licence_uri = licence()[2]
    graph: list[dict[str, Any]] = [
        {"@id": node("catalog"), "@type": "dcat:Catalog",
         "dcterms:title": texts("opendata.catalog_title", kommun=kommun),
         "dcterms:description": texts("opendata.catalog_description", kommun=kommun),
         "dcterms:publisher": ref(node("publisher")), "dcterms:language": ref(LANGUAGE),
         "dcterms:license": ref(licence_uri), "foaf:homepage": ref("index.html"),
         "dcterms:spatial": ref(node("area")), "dcterms:issued": day(today),
         "dcterms:modified": day(min(max(modified.values(), default=today), today)),
         "dcat:themeTaxonomy": ref(_EU + "data-theme"),
         "dcat:dataset": [ref(node(d.layer)) for d in datasets]},
        {"@id": node("publisher"), "@type": "foaf:Agent",
         "foaf:name": formats.municipality(kommun, "sv"),
         "dcterms:type": ref(LOCAL_AUTHORITY), "dcterms:identifier": kommun_kod},
        contact(kommun, landing),
        {"@id": node("area"), "@type": "dcterms:Location", "skos:prefLabel": kommun,
         "dcterms:identifier": kommun_kod,
         "dcat:bbox": {"@value": wkt_box(bbox), "@type": "gsp:wktLiteral"}},
        {"@id": licence_uri, "@type": "dcterms:LicenseDocument"},
    ]
    for dataset in datasets:
        graph.append(dataset_node(dataset, kommun, min(modified.get(dataset.layer, today), today),
                                  landing, licence_uri))
        graph.extend(distribution_node(dataset.layer, d, licence_uri)
                     for d in dataset.distributions)
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, indent=1) + "\n"


def dataset_node(dataset: Dataset, kommun: str, modified: date, landing: str,
                 licence_uri: str) -> dict[str, Any]:
    """One layer's ``dcat:Dataset``."""
    layer = dataset.layer
    item: dict[str, Any] = {
        "@id": node(layer), "@type": "dcat:Dataset",
        "dcterms:title": texts(f"layers.{layer}"),
        "dcterms:description": texts(f"opendata.describe.{layer}", kommun=kommun),
        "dcterms:publisher": ref(node("publisher")), "dcat:contactPoint": ref(node("contact")),
        "dcat:keyword": [{"@value": word.strip(), "@language": lang} for lang in config.LANGUAGES
                         for word in i18n.t(f"opendata.keywords.{layer}", lang).split(",")],
        "dcat:theme": ref(THEME), "dcterms:spatial": ref(node("area")),
        "dcterms:modified": day(modified), "dcterms:accessRights": ref(PUBLIC),
        "dcterms:language": ref(LANGUAGE), "dcterms:license": ref(licence_uri),
        "dcat:landingPage": ref(landing),
        "dcat:distribution": [ref(distribution_id(layer, d)) for d in dataset.distributions],
    }
    if dataset.first and dataset.last:
        item["dcterms:temporal"] = {"@type": "dcterms:PeriodOfTime",
                                    "dcat:startDate": day(dataset.first),
                                    "dcat:endDate": day(dataset.last)}
    return item


def distribution_id(layer: str, distribution: Distribution) -> str:
    """The id of one file's ``dcat:Distribution``."""
    return node(f"{layer}-{distribution.fmt}")


def distribution_node(layer: str, distribution: Distribution,
                      licence_uri: str) -> dict[str, Any]:
    """One file's ``dcat:Distribution``: where it is, what it is, under which licence."""
    media_type, name = distribution.media_type, distribution.name
    return {
        "@id": distribution_id(layer, distribution), "@type": "dcat:Distribution",
        "dcterms:title": [{"@value": f"{i18n.t(f'layers.{layer}', lang)} ({name})",
                           "@language": lang} for lang in config.LANGUAGES],
        "dcat:accessURL": ref(distribution.path), "dcat:downloadURL": ref(distribution.path),
        "dcterms:format": media_type,
        "dcat:mediaType": ref(f"https://www.iana.org/assignments/media-types/{media_type}"),
        "dcterms:conformsTo": ref(CONFORMS[distribution.fmt]),
        "dcat:byteSize": {"@value": str(distribution.size), "@type": "xsd:nonNegativeInteger"},
        "dcterms:license": ref(licence_uri),
    }


def contact(kommun: str, landing: str) -> dict[str, Any]:
    """The contact point: the configured e-mail address, else the open-data page."""
    email = config.opendata_contact()
    item: dict[str, Any] = {"@id": node("contact"), "@type": "vcard:Organization",
                            "vcard:fn": formats.municipality(kommun, "sv")}
    if email:
        item["vcard:hasEmail"] = ref(f"mailto:{email}")
    else:
        item["vcard:hasURL"] = ref(landing)
    return item


def texts(key: str, **values: str) -> list[dict[str, str]]:
    """A catalog text in every language, tagged with its language."""
    return [{"@value": i18n.t(key, lang).format(**values), "@language": lang}
            for lang in config.LANGUAGES]


def ref(iri: str) -> dict[str, str]:
    """A link to another resource (an IRI, not a text)."""
    return {"@id": iri}


def day(value: date) -> dict[str, str]:
    """A date typed ``xsd:date``."""
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def wkt_box(bbox: tuple[float, ...]) -> str:
    """A WGS 84 box as a GeoSPARQL WKT polygon (longitude first: CRS84)."""
    west, south, east, north = (round(v, 5) for v in bbox)
    return (f"POLYGON(({west} {south},{east} {south},{east} {north},{west} {north},"
            f"{west} {south}))")

