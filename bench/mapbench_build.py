"""The map benchmark's data and its three ways of building the map (see bench.map_bench).

*ours* is the page's layers (``geo.map.layers``); *previous* the layer code before the
benchmark (``folium.GeoJson`` with a Python ``style_function``); *naive* one
``folium.Marker`` per point, as a first streamlit-folium app does. Each returns the
arguments ``st_folium`` would send, so payload bytes are what goes over the wire.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd

ROOT = Path(__file__).resolve().parents[1]
STORES = Path(tempfile.gettempdir()) / "trygghetskartan-bench"
KOMMUN, YEAR_FROM, YEAR_TO = "1270", 2016, 2021
VIEW_QUERY = f"?kommun={KOMMUN}&year={YEAR_FROM}&year_to={YEAR_TO}"


# -- data ----------------------------------------------------------------------------------

def store_path(scale: int, fresh: bool) -> Path:
    """The example store at ``scale`` (made with ``python -m geo init`` once, then reused)."""
    STORES.mkdir(parents=True, exist_ok=True)
    path = STORES / f"example-x{scale}.gpkg"
    if fresh or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        print(f"  creating {path} (scale {scale}) ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "geo", "init", "--example", "--scale", str(scale),
                        "--db", str(path)], cwd=ROOT, check=True)
    return path


def read_view(path: Path) -> tuple[dict[str, gpd.GeoDataFrame], float]:
    from geo.domain.filters import Filter
    from geo.map import view
    from geo.store import open_store

    started = time.perf_counter()
    frames = view.select(open_store(str(path)), Filter(KOMMUN, YEAR_FROM, YEAR_TO), public=True)
    return frames, time.perf_counter() - started


def placed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame[frame.geometry.notna() & ~frame.geometry.is_empty]


def expected_drawn(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, int]:
    return {layer: len(placed(frame)) for layer, frame in frames.items() if len(placed(frame))}


# -- the three ways of building the map ------------------------------------------------------

def _base_map() -> folium.Map:
    from geo import map as geomap

    return geomap.base_map("", "")


def _boundary() -> folium.FeatureGroup:
    from geo import map as geomap
    from geo.spatial import boundaries

    return geomap.boundary_group(
        geomap.boundary_geojson(boundaries.boundary(KOMMUN)), "Kommungräns")


def ours(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, Any]:
    """The page's layers, as ``views/map.py`` builds them (cold: nothing cached)."""
    from geo import map as geomap
    from geo.domain.layers import DRAW_ORDER

    groups = [_boundary()]
    groups += [geomap.feature_group(layer, geomap.layer_payload(layer, frames[layer]),
                                       layer) for layer in DRAW_ORDER]
    return component_args(_base_map(), groups)


def previous(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, Any]:
    """The layer code before this benchmark: folium.GeoJson + a Python style_function."""
    from geo.domain.layers import DRAW_ORDER, spec, style
    from geo.map import layer_geojson

    groups = [_boundary()]
    for layer in DRAW_ORDER:
        collection = layer_geojson(layer, frames[layer])  # that code's features, as they were
        group = folium.FeatureGroup(name=layer)
        if collection["features"]:
            folium.GeoJson(
                collection, name=layer,
                marker=folium.CircleMarker(radius=spec(layer).style.radius),
                style_function=lambda f: style(
                    f["properties"]["layer"], f["properties"].get("c"),
                    f["properties"].get("s")),
                tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False)
                if spec(layer).label_field else None,
                zoom_on_click=False,
            ).add_to(group)
        groups.append(group)
    return component_args(_base_map(), groups)


def naive(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, Any]:
    """One folium.Marker per point, everything in the map itself (a first folium app)."""
    fmap = _base_map()
    _boundary().add_to(fmap)
    for layer, frame in frames.items():
        group = folium.FeatureGroup(name=layer).add_to(fmap)
        for row in placed(frame).itertuples(index=False):
            geom = row.geometry
            tip = str(getattr(row, "category", None) or getattr(row, "name", None) or layer)
            if geom.geom_type == "Point":
                folium.Marker([geom.y, geom.x], tooltip=tip).add_to(group)
            elif geom.geom_type == "LineString":
                folium.PolyLine([(y, x) for x, y in geom.coords], tooltip=tip).add_to(group)
            else:  # a polygon or a multipolygon: one Leaflet polygon (outer rings)
                parts = getattr(geom, "geoms", [geom])
                folium.Polygon([[(y, x) for x, y in part.exterior.coords] for part in parts],
                               tooltip=tip).add_to(group)
    return component_args(fmap, [])


def component_args(fmap: folium.Map, groups: list[folium.FeatureGroup]) -> dict[str, Any]:
    """The arguments ``st_folium`` sends for this map (same private helpers it calls)."""
    from streamlit_folium import (
        _get_feature_group_string,
        _get_header,
        _get_html,
        _get_map_string,
    )

    fmap.get_root().render()
    fmap.render()
    html, header = _get_html(fmap), _get_header(fmap)
    script = _get_map_string(fmap)
    feature_group = "".join(_get_feature_group_string(group, fmap, idx)
                            for idx, group in enumerate(groups)) if groups else None
    links = [src for _, src in fmap.default_js], [href for _, href in fmap.default_css]
    return {"script": script, "html": html, "header": header, "feature_group": feature_group,
            "js_links": links[0], "css_links": links[1]}


VARIANTS: dict[str, Callable[[dict[str, gpd.GeoDataFrame]], dict[str, Any]]] = {
    "ours": ours, "previous": previous, "naive": naive,
}


def bench_build(frames: dict[str, gpd.GeoDataFrame], repeat: int, slow_limit: float
                ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    results, outputs = {}, {}
    sample = {layer: frame.head(20) for layer, frame in frames.items()}
    for build in VARIANTS.values():
        build(sample)  # warm up: imports, the boundary, Jinja's compiled templates
    for name, build in VARIANTS.items():
        times, cpu = [], []
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            args = build(frames)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            if times[-1] > slow_limit:
                break  # one run of a slow variant is enough
        outputs[name] = args
        results[name] = {"build_s": min(times), "cpu_s": min(cpu),
                         "payload_bytes": len(json.dumps(args).encode("utf-8"))}
        print(f"    build {name}: {min(times):.3f} s (CPU {min(cpu):.3f} s), "
              f"{results[name]['payload_bytes'] / 1e6:.2f} MB", file=sys.stderr, flush=True)
    return results, outputs
