"""Benchmark: the map page's layers at ~1k, 10k and 50k features (issue 7).

Run from the project root: ``python -m bench.map_bench`` (``make bench``). Options:
``--scales 3,23,116`` (example-data scales; the view below then holds about 1k, 10k and
50k features), ``--parts build,draw,rerun,page``, ``--fresh`` (rebuild the stores).

Not a pass/fail test: it prints a table and writes ``bench/results/map.json``.

The view is the one a council would open for a whole pledge period: municipality
1270 (Tomelilla), all pledges, 2016–2021, every layer. For each scale:

- **build**: from the GeoDataFrames the store returned (the same input for every
  variant) to the text the browser receives, as ``st_folium`` produces it:

  * *ours*: the page's layers (``geo.maplayers``), serialised by streamlit-folium
    exactly as ``st_folium(..., feature_group_to_add=...)`` does;
  * *previous*: the layer code before this benchmark (one ``folium.GeoJson`` per
    layer with a Python ``style_function``: folium writes a ``switch`` over every
    feature id into the JavaScript), reproduced here for the before/after figures;
  * *naive*: one ``folium.Marker`` per point (lines and polygons as ``PolyLine`` /
    ``Polygon``), all in the map's own script, as a first streamlit-folium app does.

  Payload = bytes of the component arguments Streamlit sends (JSON, as on the wire).
- **draw**: the same script in headless Chromium (Debian's), in a page that loads the
  app's own Leaflet from a tiny local HTTP server and runs the script the way the
  streamlit-folium frontend does (base map script, then ``eval`` of the groups); time
  from navigation start until two animation frames after ``load`` (the canvas has
  drawn), and how many features Leaflet holds.
- **rerun**: the real page in ``AppTest``: a first run (cold caches), changing the year
  (2016 → 2017, cold for that filter), then back and forth (warm caches); the warm
  rerun time, and whether the map component would remount (its ``script`` and its
  element id before and after).
- **page**: ``streamlit run`` on the store, Playwright opens the view's URL: time until
  the map iframe holds every expected feature (first visit after the server started,
  then a second visit with warm server caches).
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "map.json"
STORES = Path(tempfile.gettempdir()) / "trygghetskartan-bench"
KOMMUN, YEAR_FROM, YEAR_TO = "1270", 2016, 2021
VIEW_QUERY = f"?kommun={KOMMUN}&year={YEAR_FROM}&year_to={YEAR_TO}"
DEFAULT_SCALES = (3, 23, 116)
PARTS = ("build", "draw", "rerun", "page")
TARGETS_10K = {"build_s": 0.2, "speedup": 10.0, "payload_mb": 1.0, "draw_s": 1.0,
               "rerun_warm_s": 0.15}


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
    from geo import view
    from geo.filters import Filter
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
    from geo import maplayers

    return maplayers.base_map("", "")


def _boundary() -> folium.FeatureGroup:
    from geo import boundaries, maplayers

    return maplayers.boundary_group(
        maplayers.boundary_geojson(boundaries.boundary(KOMMUN)), "Kommungräns")


def ours(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, Any]:
    """The page's layers, as ``pages/map.py`` builds them (cold: nothing cached)."""
    from geo import maplayers
    from geo.model import DRAW_ORDER

    groups = [_boundary()]
    groups += [maplayers.feature_group(layer, maplayers.layer_payload(layer, frames[layer]),
                                       layer) for layer in DRAW_ORDER]
    return component_args(_base_map(), groups)


def previous(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, Any]:
    """The layer code before this benchmark: folium.GeoJson + a Python style_function."""
    from geo import mapstyle
    from geo.escape import inert
    from geo.maplayers import LABELLED, STYLE_CODES, rounded
    from geo.model import DRAW_ORDER

    groups = [_boundary()]
    for layer in DRAW_ORDER:
        category_col, status_col = STYLE_CODES[layer]
        label_col = LABELLED.get(layer)
        features = []
        for row in frames[layer].itertuples(index=False):
            geom = row.geometry
            if geom is None or geom.is_empty:
                continue
            properties: dict[str, Any] = {"id": row.id, "layer": layer}
            if category_col:
                properties["c"] = getattr(row, category_col)
            if status_col:
                properties["s"] = getattr(row, status_col)
            if label_col:
                properties["label"] = inert(getattr(row, label_col))
            features.append({"type": "Feature", "properties": properties,
                             "geometry": rounded(geom).__geo_interface__})
        group = folium.FeatureGroup(name=layer)
        if features:
            folium.GeoJson(
                {"type": "FeatureCollection", "features": features}, name=layer,
                marker=folium.CircleMarker(radius=mapstyle.RADIUS.get(layer, 6)),
                style_function=lambda f: mapstyle.style(
                    f["properties"]["layer"], f["properties"].get("c"),
                    f["properties"].get("s")),
                tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False)
                if label_col else None,
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
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            args = build(frames)
            times.append(time.perf_counter() - started)
            if times[-1] > slow_limit:
                break  # one run of a slow variant is enough
        outputs[name] = args
        results[name] = {"build_s": min(times),
                         "payload_bytes": len(json.dumps(args).encode("utf-8"))}
        print(f"    build {name}: {min(times):.3f} s, "
              f"{results[name]['payload_bytes'] / 1e6:.2f} MB", file=sys.stderr, flush=True)
    return results, outputs


# -- drawing in Chromium ------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>map bench</title>
{css}{header}
<style>html,body{{margin:0}} #map_div{{width:1200px;height:560px}}</style>
</head><body>
<div id="map_div"></div>{html}
{js}
<script>{script}
window.map = map_div;</script>
<script>const groups = {groups};
if (groups) eval(groups);</script>
</body></html>
"""

COUNT_JS = """() => {
  // [features the map holds, Leaflet layers drawn on it]: ours carry properties.id (a big
  // point layer holds all, but draws only those in view, or a count per grid cell); the
  // naive map's are plain markers and paths (the boundary's feature has no id)
  let held = 0, drawn = 0;
  const walk = (layer) => {
    const p = layer.feature && layer.feature.properties;
    if (p ? p.id : !layer.eachLayer && (layer.getLatLng || layer.getLatLngs)) held += 1;
    if (layer.eachLayer) layer.eachLayer(walk);
  };
  window.map.eachLayer((layer) => {
    if (layer.eachLayer) return;
    const p = layer.feature && layer.feature.properties;
    if (p ? p.id : (layer.getLatLng || layer.getLatLngs)) drawn += 1;
  });
  if (window.feature_group) window.feature_group.forEach(walk);  // ours: the groups passed in
  else held = drawn;  // the naive map draws everything it holds
  return [held, drawn];
}"""

DRAWN_JS = """() => new Promise((resolve) =>
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))))"""


def standalone(args: dict[str, Any]) -> str:
    css = "".join(f'<link rel="stylesheet" href="{href}">' for href in args["css_links"])
    js = "".join(f'<script src="{src}"></script>' for src in args["js_links"])
    return PAGE.format(css=css, header=args["header"], html=args["html"], js=js,
                       script=args["script"],
                       groups=json.dumps(args["feature_group"]).replace("</", "<\\/"))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the bench pages and ``/app/static/...`` from the project's ``static/``."""

    pages: Path

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path.startswith("/app/static/"):
            return str(ROOT / "static" / path.removeprefix("/app/static/"))
        return str(self.pages / path.lstrip("/"))

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def file_server(pages: Path) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"pages": pages})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _draw_once(browser: Any, url: str, timeout_s: float) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url, wait_until="load", timeout=timeout_s * 1000)
        drawn_ms = page.evaluate(DRAWN_JS)
        held, on_map = page.evaluate(COUNT_JS)
        return {"draw_s": drawn_ms / 1000, "features": held, "on_map": on_map, "errors": errors}
    except Exception as error:  # noqa: BLE001 - a timeout is a result here
        return {"draw_s": None, "features": None,
                "errors": [*errors, f"{type(error).__name__}: {error}"[:300]]}
    finally:
        context.close()


def bench_draw(browser: Any, outputs: dict[str, dict[str, Any]], timeout_s: float,
               repeat: int = 3) -> dict[str, dict[str, Any]]:
    """Draw each variant's page; the best of ``repeat`` loads (one if a load is slow)."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp, file_server(Path(tmp)) as base:
        for name, args in outputs.items():
            (Path(tmp) / f"{name}.html").write_text(standalone(args), encoding="utf-8")
        _draw_once(browser, f"{base}/ours.html", timeout_s)  # warm up Chromium and the cache
        for name in outputs:
            runs = []
            for _ in range(repeat):
                runs.append(_draw_once(browser, f"{base}/{name}.html", timeout_s))
                if runs[-1]["draw_s"] is None or runs[-1]["draw_s"] > 5:
                    break
            timed = [r for r in runs if r["draw_s"] is not None]
            results[name] = min(timed, key=lambda r: r["draw_s"]) if timed else runs[-1]
            shown = results[name]["draw_s"]
            print(f"    draw {name}: " + (f"{shown:.2f} s" if shown is not None else "timed out")
                  + f", {results[name]['features']} features", file=sys.stderr, flush=True)
    return results


# -- the real page: AppTest rerun, streamlit run + Playwright -------------------------------

@contextlib.contextmanager
def store_env(path: Path) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("TRYGGHETSKARTAN_DB", "TRYGGHETSKARTAN_BASEMAP")}
    os.environ.update(TRYGGHETSKARTAN_DB=str(path), TRYGGHETSKARTAN_BASEMAP="")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _map_component(at: Any) -> tuple[str, str, int]:
    components = [c for c in at.get("component_instance")
                  if "streamlit_folium" in c.proto.component_name]
    (component,) = components
    args = json.loads(component.proto.json_args)
    return args["script"], component.proto.id, len(component.proto.json_args)


def bench_rerun(path: Path, warm_repeat: int = 3) -> dict[str, Any]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    with store_env(path):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        at.query_params.update(kommun=KOMMUN, year=str(YEAR_FROM), year_to=str(YEAR_TO))
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"the map page failed: {at.exception[0].value}")
        script_before, id_before, arg_bytes = _map_component(at)

        def change(year: int) -> float:
            at.selectbox(key="year").set_value(year)
            started = time.perf_counter()
            at.run()
            return time.perf_counter() - started

        cold = change(YEAR_FROM + 1)
        script_after, id_after, _ = _map_component(at)
        warm = []
        for _ in range(warm_repeat):
            warm.append(change(YEAR_FROM))
            warm.append(change(YEAR_FROM + 1))
    return {
        "first_run_s": first, "change_cold_s": cold, "change_warm_s": statistics.median(warm),
        "change_warm_min_s": min(warm), "component_args_bytes": arg_bytes,
        "remounted": script_before != script_after or id_before != id_after,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_app(path: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "TRYGGHETSKARTAN_DB": str(path), "TRYGGHETSKARTAN_BASEMAP": ""}
    log = tempfile.NamedTemporaryFile("w", prefix="map-bench-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log.name}") from None
                time.sleep(0.2)  # polling the server's health endpoint
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _load_once(browser: Any, url: str, expected: dict[str, int], timeout_s: float
               ) -> dict[str, Any]:
    from tests.browser.conftest import DRAWN_JS as COUNT_PER_LAYER
    from tests.browser.conftest import map_frame

    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        started = time.perf_counter()
        page.goto(url, timeout=timeout_s * 1000)
        frame = map_frame(page)
        frame.wait_for_function(
            f"""(expected) => {{
              const drawn = ({COUNT_PER_LAYER})();
              return Object.keys(expected).every((k) => drawn[k] === expected[k]);
            }}""", arg=expected, timeout=timeout_s * 1000, polling=50)
        frame.evaluate(DRAWN_JS)  # and the canvas has painted it
        drawn_s = time.perf_counter() - started
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]",
                               timeout=timeout_s * 1000)
        return {"drawn_s": drawn_s, "idle_s": time.perf_counter() - started, "errors": errors}
    except Exception as error:  # noqa: BLE001 - a timeout is a result here
        return {"drawn_s": None, "idle_s": None,
                "errors": [*errors, f"{type(error).__name__}: {error}"[:300]]}
    finally:
        context.close()


def bench_page(browser: Any, path: Path, expected: dict[str, int], timeout_s: float
               ) -> dict[str, Any]:
    with streamlit_app(path) as url:
        first = _load_once(browser, url + VIEW_QUERY, expected, timeout_s)
        second = _load_once(browser, url + VIEW_QUERY, expected, timeout_s)
    return {"first_s": first["drawn_s"], "first_idle_s": first["idle_s"],
            "warm_s": second["drawn_s"], "warm_idle_s": second["idle_s"],
            "errors": first["errors"] + second["errors"]}


# -- report -------------------------------------------------------------------------------

def _s(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(runs: list[dict[str, Any]]) -> str:
    rows = [("features", "variant", "build s", "payload MB", "draw s", "held", "on map")]
    for run in runs:
        for name in VARIANTS:
            build = run.get("build", {}).get(name, {})
            draw = run.get("draw", {}).get(name, {})
            rows.append((str(run["features"]), name, _s(build.get("build_s"), 3),
                         _s(build.get("payload_bytes", 0) / 1e6 if build else None),
                         _s(draw.get("draw_s")) if draw else "—",
                         str(draw.get("features", "—")) if draw else "—",
                         str(draw.get("on_map", "—")) if draw else "—"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    page_rows = [("features", "rerun first s", "change cold s", "change warm s", "remounted",
                  "page first s", "page warm s")]
    for run in runs:
        rerun, page = run.get("rerun", {}), run.get("page", {})
        page_rows.append((
            str(run["features"]), _s(rerun.get("first_run_s")), _s(rerun.get("change_cold_s")),
            _s(rerun.get("change_warm_s"), 3),
            str(rerun["remounted"]).lower() if "remounted" in rerun else "—",
            _s(page.get("first_s")), _s(page.get("warm_s"))))
    widths = [max(len(r[i]) for r in page_rows) for i in range(len(page_rows[0]))]
    lines += ["", *["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True))
                    for r in page_rows]]
    lines.insert(len(lines) - len(runs), "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def targets(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The issue's targets for 10,000 features, checked on the run nearest to 10k."""
    if not runs:
        return {}
    run = min(runs, key=lambda r: abs(r["features"] - 10_000))
    build, draw, rerun = run.get("build", {}), run.get("draw", {}), run.get("rerun", {})
    checks: dict[str, Any] = {"features": run["features"]}
    if build:
        checks["build_s"] = [build["ours"]["build_s"], build["ours"]["build_s"]
                             <= TARGETS_10K["build_s"]]
        if "naive" in build:
            speedup = build["naive"]["build_s"] / build["ours"]["build_s"]
            checks["speedup_vs_naive"] = [speedup, speedup >= TARGETS_10K["speedup"]]
        payload = build["ours"]["payload_bytes"] / 1e6
        checks["payload_mb"] = [payload, payload <= TARGETS_10K["payload_mb"]]
    if draw and draw["ours"]["draw_s"] is not None:
        checks["draw_s"] = [draw["ours"]["draw_s"], draw["ours"]["draw_s"]
                            <= TARGETS_10K["draw_s"]]
    if rerun:
        checks["rerun_warm_s"] = [rerun["change_warm_s"], rerun["change_warm_s"]
                                  <= TARGETS_10K["rerun_warm_s"]]
        checks["no_remount"] = [not rerun["remounted"], not rerun["remounted"]]
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default=",".join(map(str, DEFAULT_SCALES)))
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--repeat", type=int, default=3, help="build repeats (best is kept)")
    parser.add_argument("--timeout", type=float, default=180.0,
                        help="seconds a draw or a page load may take before it counts as failed")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="map builds to compare (ours, previous, naive)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the example stores")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    chosen = args.variants.split(",")
    if set(chosen) - set(VARIANTS) or "ours" not in chosen:
        parser.error(f"--variants: some of {', '.join(VARIANTS)}, ours among them")
    for name in set(VARIANTS) - set(chosen):
        del VARIANTS[name]
    runs = []
    with contextlib.ExitStack() as stack:
        browser = None
        if parts & {"draw", "page"}:
            browser = stack.enter_context(chromium())
        for scale in map(int, args.scales.split(",")):
            path = store_path(scale, args.fresh)
            frames, read_s = read_view(path)
            counts = {layer: len(frame) for layer, frame in frames.items()}
            expected = expected_drawn(frames)
            run: dict[str, Any] = {"scale": scale, "features": sum(expected.values()),
                                   "records": counts, "drawn": expected, "read_s": read_s}
            print(f"scale {scale}: {run['features']} features to draw "
                  f"(read in {read_s:.2f} s)", file=sys.stderr, flush=True)
            if parts & {"build", "draw"}:
                run["build"], outputs = bench_build(frames, args.repeat, slow_limit=2.0)
                if "draw" in parts:
                    run["draw"] = bench_draw(browser, outputs, args.timeout)
                del outputs
            if "rerun" in parts:
                run["rerun"] = bench_rerun(path)
                print(f"    rerun: {run['rerun']}", file=sys.stderr, flush=True)
            if "page" in parts:
                run["page"] = bench_page(browser, path, expected, args.timeout)
                print(f"    page: {run['page']}", file=sys.stderr, flush=True)
            runs.append(run)
    report = {
        "command": "python -m bench.map_bench " + " ".join(argv or sys.argv[1:]),
        "view": {"kommun": KOMMUN, "years": [YEAR_FROM, YEAR_TO], "pledge": "all",
                 "layers": "all"},
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "targets_10k": TARGETS_10K, "checks_10k": targets(runs), "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(runs))
    print("\ntargets at ~10k features:", json.dumps(report["checks_10k"]))
    print(f"written: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
