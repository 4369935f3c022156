"""Benchmark: the map page's layers at ~1k, 10k and 50k features (issue 7).

Run from the project root: ``python -m bench.map_bench`` (``make bench``). Options:
``--scales 3,23,116`` (example-data scales; the view below then holds about 1k, 10k and
50k features), ``--parts build,draw,rerun,page``, ``--fresh`` (rebuild the stores).

Not a pass/fail test: it prints a table and writes ``bench/results/map.json``, with the
CPU time of the benchmark's own process beside the wall times and the load average
before and after each scale (the machine is shared: compare figures of one run).
The parts live in ``bench/mapbench_build.py`` and ``bench/mapbench_browser.py``.

The view is the one a council would open for a whole pledge period: municipality
1270 (Tomelilla), all pledges, 2016–2021, every layer. For each scale:

- **build**: from the GeoDataFrames the store returned (the same input for every
  variant) to the text the browser receives, as ``st_folium`` produces it:

  * *ours*: the page's layers (``geo.map.layers``), serialised by streamlit-folium
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
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

from bench.mapbench_browser import bench_draw, bench_page, bench_rerun, chromium
from bench.mapbench_build import (
    KOMMUN,
    ROOT,
    VARIANTS,
    YEAR_FROM,
    YEAR_TO,
    bench_build,
    expected_drawn,
    read_view,
    store_path,
)

RESULTS = ROOT / "bench" / "results" / "map.json"
DEFAULT_SCALES = (3, 23, 116)
PARTS = ("build", "draw", "rerun", "page")
TARGETS_10K = {"build_s": 0.2, "speedup": 10.0, "payload_mb": 1.0, "draw_s": 1.0,
               "rerun_warm_s": 0.15}


# -- report -------------------------------------------------------------------------------

def _s(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(runs: list[dict[str, Any]]) -> str:
    rows = [("features", "variant", "build s", "build CPU s", "payload MB", "draw s", "held",
             "on map")]
    for run in runs:
        for name in VARIANTS:
            build = run.get("build", {}).get(name, {})
            draw = run.get("draw", {}).get(name, {})
            rows.append((str(run["features"]), name, _s(build.get("build_s"), 3),
                         _s(build.get("cpu_s"), 3),
                         _s(build.get("payload_bytes", 0) / 1e6 if build else None),
                         _s(draw.get("draw_s")) if draw else "—",
                         str(draw.get("features", "—")) if draw else "—",
                         str(draw.get("on_map", "—")) if draw else "—"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    page_rows = [("features", "rerun first s", "change cold s", "change warm s", "remounted",
                  "page first s", "page warm s", "load 1 min (before/after)")]
    for run in runs:
        rerun, page = run.get("rerun", {}), run.get("page", {})
        page_rows.append((
            str(run["features"]), _s(rerun.get("first_run_s")), _s(rerun.get("change_cold_s")),
            _s(rerun.get("change_warm_s"), 3),
            str(rerun["remounted"]).lower() if "remounted" in rerun else "—",
            _s(page.get("first_s")), _s(page.get("warm_s")),
            f"{run['load_before'][0]:.2f}/{run['load_after'][0]:.2f}"))
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
                                   "records": counts, "drawn": expected, "read_s": read_s,
                                   "load_before": os.getloadavg()}
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
            run["load_after"] = os.getloadavg()
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
