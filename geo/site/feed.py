"""An Atom feed (RFC 4287) of the public changes, so residents can follow the work.

Three kinds of entry: a walk finding marked done, an activity carried out, a citizen
pledge. What an entry says comes from the site's public features (the public
allowlist and rule: a sensitive finding has no text) and the pledges; the store's
history only tells *when* a public record was created or marked done (its time and
its ``status``, nothing else of it is read). Home visits and concern talks are
counted per month and never records, so they never have an entry.

The XML is built with :mod:`xml.etree.ElementTree`, which escapes every text: a
description holding ``<script>`` is that text in the feed, never markup.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import geopandas as gpd
import pandas as pd

from geo import __version__, config, formats, i18n
from geo.domain.layers import LAYERS
from geo.domain.model import Pledge
from geo.site.opendata import licence
from geo.store import Store

FILE = "feed.atom"
MEDIA_TYPE = "application/atom+xml"
ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
#: The newest entries kept (a feed reader wants news, not the archive).
LIMIT = 200
#: Characters of a description shown in an entry (as in the map's popup).
TEXT_LIMIT = 600
_NAMESPACE = uuid.UUID("2b0f8f7e-55a1-4c55-9d3e-5b7f3f0c1a18")


@dataclass(frozen=True)
class Entry:
    """One change as the feed tells it."""

    key: str
    title: str
    updated: datetime
    link: str
    summary: str
    #: The day the thing happened (done, carried out, signed), when it differs from ``updated``.
    published: datetime | None = None


def public_history(store: Store, frames: dict[str, gpd.GeoDataFrame]
                   ) -> dict[str, dict[str, list[tuple[datetime, str | None, str | None]]]]:
    """Each public record's changes: (when, status before, status after), oldest first.

    Only the records in ``frames`` (the public selection) and only their ``status``
    are kept: what an internal record did, or what else a change held, never leaves here.
    """
    found: dict[str, dict[str, list[tuple[datetime, str | None, str | None]]]] = {}
    for layer in LAYERS:
        ids = set(frames[layer]["id"]) if len(frames[layer]) else set()
        changes: dict[str, list[tuple[datetime, str | None, str | None]]] = {}
        for entry in store.history(layer) if ids else []:
            if entry.record_id in ids:
                changes.setdefault(entry.record_id, []).append(
                    (entry.at, (entry.before or {}).get("status"),
                     (entry.after or {}).get("status")))
        found[layer] = changes
    return found


def last_change(history: dict[str, dict[str, list[tuple[datetime, Any, Any]]]]
                ) -> dict[str, date]:
    """The day of each layer's newest change to a public record (layers without one: none)."""
    return {layer: max(at for changes in records.values() for at, _, _ in changes).date()
            for layer, records in history.items() if records}


def entries(frames: dict[str, gpd.GeoDataFrame], pledges: list[Pledge],
            history: dict[str, dict[str, list[tuple[datetime, Any, Any]]]],
            pages: set[str], lang: str) -> list[Entry]:
    """The feed's entries, newest first: findings done, activities, pledges."""
    t = i18n.catalog(lang)
    found = []
    for row in _rows(frames["findings"]):
        if row["status"] != "done":
            continue
        done = [at for at, before, after in history["findings"].get(row["id"], [])
                if after == "done" and before != "done"]
        found.append(Entry(
            f"findings/{row['id']}/done",
            t["opendata.feed.finding_done"].format(
                number=row["number"], category=i18n.label("category", row["category"], lang)),
            done[-1] if done else _moment(row["completed_date"]),
            _page(row["pledge_id"], pages),
            _text(row["proposed_action"]) or _text(row["description"]),
            _moment(row["completed_date"])))
    for row in _rows(frames["activities"]):
        made = history["activities"].get(row["id"], [])
        found.append(Entry(
            f"activities/{row['id']}",
            t["opendata.feed.activity"].format(
                title=_text(row["title"]), kind=i18n.label("activity_kind", row["kind"], lang)),
            made[0][0] if made else _moment(row["activity_date"]),
            _page(row["pledge_id"], pages), _text(row["description"]),
            _moment(row["activity_date"])))
    for pledge in pledges:
        found.append(Entry(
            f"pledges/{pledge.id}", t["opendata.feed.pledge"].format(title=pledge.title),
            pledge.updated_at or _moment(pledge.signed_date or pledge.period_start),
            _page(pledge.id, pages),
            t["opendata.feed.pledge_summary"].format(
                police_area=pledge.police_area, start=pledge.period_start.isoformat(),
                end=pledge.period_end.isoformat())))
    found.sort(key=lambda e: (e.updated, e.published or e.updated, e.key), reverse=True)
    return found[:LIMIT]


def atom(found: Iterable[Entry], *, kommun: str, kommun_kod: str, lang: str,
         today: date) -> bytes:
    """The feed's XML (UTF-8), links relative to the site's root unless its URL is set."""
    t = i18n.catalog(lang)
    ET.register_namespace("", ATOM)
    items = list(found)
    feed = ET.Element(_tag("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    if config.site_url():
        feed.set(XML_BASE, config.site_url())
    _add(feed, "id", _urn(kommun_kod, "feed"))
    _add(feed, "title", t["opendata.feed.title"].format(kommun=kommun))
    _add(feed, "subtitle", t["opendata.feed.subtitle"])
    _add(feed, "updated", _stamp(max((e.updated for e in items), default=_moment(today))))
    author = ET.SubElement(feed, _tag("author"))
    _add(author, "name", formats.municipality(kommun, lang))
    ET.SubElement(feed, _tag("link"), {"rel": "self", "type": MEDIA_TYPE, "href": FILE})
    ET.SubElement(feed, _tag("link"), {"rel": "alternate", "type": "text/html",
                                       "href": "index.html"})
    _add(feed, "generator", "Trygghetskartan").set("version", __version__)
    _, name, uri = licence()
    _add(feed, "rights", t["opendata.feed.rights"].format(name=name, uri=uri))
    for item in items:
        entry = ET.SubElement(feed, _tag("entry"))
        _add(entry, "id", _urn(kommun_kod, item.key))
        _add(entry, "title", item.title)
        if item.published is not None:
            _add(entry, "published", _stamp(min(item.published, item.updated)))
        _add(entry, "updated", _stamp(item.updated))
        ET.SubElement(entry, _tag("link"), {"rel": "alternate", "type": "text/html",
                                            "href": item.link})
        if item.summary:
            _add(entry, "summary", item.summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _rows(frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts of its (public) columns."""
    return [dict(zip(frame.columns, row, strict=True))
            for row in frame.itertuples(index=False, name=None)]


def _text(value: Any) -> str:
    """A cell as text ("" for none), cut as the map's popup cuts it."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)[:TEXT_LIMIT]


def _page(pledge_id: Any, pages: set[str]) -> str:
    """The site page of a record: its pledge's page if it has one, else the map."""
    return f"pledges/{pledge_id}.html" if isinstance(pledge_id, str) and pledge_id in pages \
        else "index.html"


def _moment(day: Any) -> datetime:
    """A day as the start of that day in Swedish time."""
    value = pd.Timestamp(day).date() if not isinstance(day, date) else day
    return datetime.combine(value, time(0), tzinfo=config.LOCAL_TIME)


def _stamp(moment: datetime) -> str:
    """An RFC 3339 date-time (Atom's ``updated``)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.isoformat(timespec="seconds")


def _urn(kommun_kod: str, key: str) -> str:
    """A permanent, unique id: the same record's entry keeps it across publications."""
    return uuid.uuid5(_NAMESPACE, f"{kommun_kod}/{key}").urn


def _tag(name: str) -> str:
    """An Atom element's qualified name."""
    return f"{{{ATOM}}}{name}"


def _add(parent: ET.Element, name: str, text: str) -> ET.Element:
    """A child element holding ``text`` (escaped by ElementTree when written)."""
    child = ET.SubElement(parent, _tag(name))
    child.text = text
    return child
