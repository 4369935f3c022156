"""The static public site of one municipality: map, pledge progress, reports, about.

Everything in it is read with the public allowlist (public records, public fields,
in the query). Places and findings of sensitive categories (drugs, harassment) are
generalised to the SCB 250 m grid square that holds them, drawn as the square,
without their free text, so a published map never points at a person's home.
Leaflet is copied in, the data is a script file (browsers refuse ``fetch`` of local
files), and every page works from ``file://`` or any web server with no request
outside the folder (unless a basemap URL is given).
"""

from __future__ import annotations

import html
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from jinja2 import Environment, FileSystemLoader, select_autoescape

from geo import audit, config, formats, i18n, report
from geo import map as geomap
from geo.domain import followup, periods
from geo.domain import palette as mapstyle
from geo.domain.filters import Filter
from geo.domain.layers import DRAW_ORDER, SPECS, boundary_legend, style
from geo.domain.layers import legend as layer_legend
from geo.domain.model import LAYERS, Pledge
from geo.domain.periods import Period
from geo.io.errors import Refused
from geo.map import sources, view
from geo.site import dcat, feed, opendata, statements
from geo.spatial import boundaries, public
from geo.store import Store

MARKER = ".trygghetskartan-site"
ASSETS = Path(__file__).with_name("assets")
_ENV = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html", "j2"]))


def publish(store: Store, kommun_kod: str, out: Path, *, lang: str = "sv", basemap: str = "",
            today: date | None = None) -> list[Path]:
    """Write the site into ``out`` (a new folder, or one this function wrote before)."""
    opendata.check_settings()  # a wrong setting stops before the folder is replaced
    _prepare(out)
    t = i18n.catalog(lang)
    today = today or date.today()
    name = boundaries.names()[kommun_kod]
    pledges = [p for p in store.pledges() if p.kommun_kod == kommun_kod]
    titles = {p.id: p.title for p in pledges}
    frames = view.select(store, Filter(kommun_kod, config.FIRST_YEAR, config.LAST_YEAR),
                         public=True)
    example = store.meta("contents") == "example"
    written = _copy_assets(out)
    data = site_data(frames, kommun_kod, lang, titles, basemap)
    written.append(_write(out / "assets" / "data.js",
                          "window.TK = " + script_json(data) + ";\n"))
    context = {"lang": lang, "t": t, "kommun": name, "kommun_kod": kommun_kod,
               "example": example, "published": today.isoformat(), "basemap": basemap,
               "layers": [(layer, t[f"layers.{layer}"]) for layer in LAYERS],
               "pledges": pledges,
               "sensitive": [t[f"category.{c}"] for c in config.sensitive_categories()],
               "square": config.GENERALISE_SQUARE_M, "csp": _csp(basemap),
               "legend": legend(lang)}
    context.update(statements.site_context(lang, name, basemap))  # version, credits, contacts
    reports = {}
    for pledge in pledges:
        period = latest_quarter(pledge, today)
        if period is None:
            continue
        built = report.build(store, pledge, period)
        path = out / "reports" / f"{pledge.id}-{period.label}.html"
        written.append(_write(path, report.html(built, lang)))
        reports[pledge.id] = (period, path.name, report.commitment_rows(built, lang))
    written.append(_render(out / "index.html", "site_index.html.j2", context, depth=0,
                           reports=reports))
    written.append(_render(out / "about.html", "site_about.html.j2", context, depth=0))
    written += [_render(out / f"{page}.html", f"site_{page}.html.j2", context, depth=0)
                for page in statements.PAGES]
    for pledge in pledges:
        if pledge.id in reports:
            period, report_name, rows = reports[pledge.id]
            written.append(_render(
                out / "pledges" / f"{pledge.id}.html", "site_pledge.html.j2", context, depth=1,
                pledge=pledge, period_name=formats.period_name(period, lang),
                municipality=formats.municipality(pledge.kommun, lang),
                report_name=report_name, rows=rows,
                columns=list(rows[0]) if rows else [], years=_years(pledge)))
    # -- open data: the map's own public features as files, their DCAT-AP-SE metadata and
    # an Atom feed of public changes (geo.site.opendata, dcat, feed), linked from one page
    history = feed.public_history(store, frames)
    datasets = opendata.write(out, frames)
    written += [out / path for path in opendata.paths(datasets)]
    written.append(_write(out / dcat.FILE, dcat.document(
        datasets, kommun=name, kommun_kod=kommun_kod,
        bbox=tuple(boundaries.boundary(kommun_kod).bounds), modified=feed.last_change(history),
        today=today, landing="opendata.html")))
    (out / feed.FILE).write_bytes(feed.atom(
        feed.entries(frames, pledges, history, set(reports), lang),
        kommun=name, kommun_kod=kommun_kod, lang=lang, today=today))
    written.append(out / feed.FILE)
    licence_id, licence_name, licence_uri = opendata.licence()
    written.append(_render(out / "opendata.html", "site_opendata.html.j2", context, depth=0,
                           datasets=datasets, licence_id=licence_id, licence_name=licence_name,
                           licence_uri=licence_uri, licence_file=opendata.LICENCE_FILE,
                           feed=feed.FILE, catalog=dcat.FILE))
    (out / MARKER).write_text(f"{kommun_kod}\n", encoding="utf-8")
    counts = {layer: len(frame) for layer, frame in frames.items()}  # the audit log's line
    audit.record(audit.Event.PUBLISH, kommun=kommun_kod, lang=lang, files=len(written),
                 count=sum(counts.values()), counts=counts)
    return written


def legend(lang: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The map's legend: headings with (name, colour, shape) entries, from the one registry."""
    *coded, (heading, others) = layer_legend(lang)
    return [*coded, (heading, [*others, boundary_legend(lang)])]


def _prepare(out: Path) -> None:
    """Refuse to overwrite a folder that is not empty and not an earlier site."""
    if out.exists():
        if not out.is_dir():
            raise Refused("publish_not_folder", path=str(out))
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise Refused("publish_not_empty", path=str(out))
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _copy_assets(out: Path) -> list[Path]:
    target = out / "assets"
    leaflet = geomap.install_assets(target)  # → assets/vendor/leaflet
    for extra in leaflet.glob("*"):  # the site needs leaflet.js, its CSS and its images
        if extra.name not in ("leaflet.js", "leaflet.css", "images"):
            shutil.rmtree(extra) if extra.is_dir() else extra.unlink()
    copied = [leaflet / "leaflet.js", leaflet / "leaflet.css"]
    for asset in ASSETS.iterdir():
        shutil.copy(asset, target / asset.name)
        copied.append(target / asset.name)
    return copied


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _render(path: Path, template: str, context: dict[str, Any], *, depth: int,
            **extra: Any) -> Path:
    root = "../" * depth
    return _write(path, _ENV.get_template(template).render(**context, **extra, root=root))


def _csp(basemap: str) -> str:
    images = "'self' data:"
    if basemap.startswith("https://"):
        images += " " + "/".join(basemap.split("/")[:3])
    return (f"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; base-uri 'none'; form-action 'none'")


def script_json(value: Any) -> str:
    """JSON that cannot end the ``<script>`` it sits in (``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def latest_quarter(pledge: Pledge, today: date) -> Period | None:
    """The last quarter that has begun by ``today`` and overlaps the pledge period."""
    span = followup.pledge_period(pledge)
    day = min(today, span.end)
    quarter = periods.Period.quarter(day.year, (day.month - 1) // 3 + 1)
    return quarter if quarter.overlaps(span) and quarter.start <= today else None


def _years(pledge: Pledge) -> str:
    first, last = pledge.period_start.year, pledge.period_end.year
    return str(first) if first == last else f"{first}–{last}"


# -- the map's data ------------------------------------------------------------------------


def generalise(layer: str, frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """The public rule (:func:`geo.spatial.public.generalise`): each sensitive row as its square.

    Returns the frame and the mask of the rows drawn as a 250 m square.
    """
    frame = public.generalise(layer, frame).copy()
    mask = public.sensitive_mask(layer, frame) & frame.geometry.notna().to_numpy()
    if mask.any():
        frame.loc[mask, "geometry"] = gpd.GeoSeries(
            public.squares(frame.geometry[mask].to_numpy()), index=frame.index[mask],
            crs=frame.crs)
    return frame, mask


def site_data(frames: dict[str, gpd.GeoDataFrame], kommun_kod: str, lang: str,
              titles: dict[str, str], basemap: str) -> dict[str, Any]:
    """Everything the map script draws: styles, boundary, features with popup rows."""
    t = i18n.catalog(lang)
    layers = {}
    for layer in DRAW_ORDER:
        frame, generalised = generalise(layer, frames[layer])
        features = []
        for (_, row), general in zip(frame.iterrows(), generalised, strict=True):
            geom = row.geometry
            if geom is None or geom.is_empty:
                continue
            first, last = _span(layer, row)
            features.append({"type": "Feature", "geometry": geomap.rounded(geom)
                             .__geo_interface__, "properties": {
                                 "s": style(layer, row.get("category"), row.get("status")),
                                 "y0": first, "y1": last, "g": bool(general),
                                 "rows": _popup(layer, row, lang, titles)}})
        layers[layer] = {"name": t[f"layers.{layer}"], "features": features}
    return {
        "layers": layers, "order": list(DRAW_ORDER),
        "boundary": geomap.boundary_geojson(boundaries.boundary(kommun_kod)),
        "boundaryStyle": dict(mapstyle.BOUNDARY_STYLE), "basemap": basemap,
        "attribution": config.basemap_attribution(basemap),
        "credits": sources.data_attribution("site", lang),
        "generalisedStyle": {"dashArray": "4 3", "fillOpacity": 0.35, "weight": 2},
        "text": {"all": t["io.site.all_years"], "generalised": t["io.site.generalised"],
                 # Leaflet's own control texts are English (as in geomap.map_controls);
                 # the credit's tooltip goes into HTML, so it is escaped here
                 "zoomIn": t["maptools.zoom_in"], "zoomOut": t["maptools.zoom_out"],
                 "leaflet": html.escape(t["maptools.leaflet"], quote=True)},
    }


def _span(layer: str, row: Any) -> tuple[int, int]:
    start = str(row.get(SPECS[layer].date_field) or "")[:4]
    first = int(start) if start.isdigit() else config.FIRST_YEAR
    if SPECS[layer].end_field is None:
        return first, first
    end = str(row.get(SPECS[layer].end_field) or "")[:4]
    return first, int(end) if end.isdigit() else config.LAST_YEAR


def _popup(layer: str, row: Any, lang: str, titles: dict[str, str]) -> list[list[str]]:
    """Label–value pairs, already translated; the script shows them as text, never HTML."""
    t = i18n.catalog(lang)
    pairs = [[t["table.layer"], t[f"layers.{layer}"]]]
    coded = SPECS[layer].coded
    for name in SPECS[layer].popup_fields:
        value = row.get(name)
        if value is None or value == "" or (isinstance(value, float) and value != value):
            continue
        if name in coded:
            text = i18n.label(coded[name], value, lang)
        elif hasattr(value, "isoformat"):
            text = value.isoformat()[:10]
        elif isinstance(value, float):
            text = f"{value:g}"
        else:
            text = str(value)
        pairs.append([t[f"fields.{name}"], text[:600]])
    pledge = row.get("pledge_id")
    if isinstance(pledge, str) and pledge in titles:
        pairs.append([t["fields.pledge_id"], titles[pledge]])
    return pairs
