"""Benchmark: the national example data in PostGIS against one municipality in GeoPackage.

Generates example data for all 290 municipalities (the four real pledges, and a made-up
pledge for 2019–2020 in every other municipality), loads it into PostGIS, and measures:

- opening one municipality's map: the page's reads (public fields of the five layers for
  one year) and the GeoJSON it draws, on PostGIS with the whole country, and on a
  GeoPackage holding that municipality alone (the target: as fast);
- the national aggregate view: features per municipality and layer for one year, counted
  in the database (``Store.counts_by_kommun``, as the region page), as the GeoJSON of one
  point per municipality (the target: ≤ 2 MB);
- the region page for the whole country: the counts alone, the counts joined to the
  boundaries (``geo.spatial.region.aggregate``), and the size of the shaded map's GeoJSON.

Each figure is the median wall time, with this process's CPU time beside it (the database
server's own CPU time is not in it) and the load average before and after, because the
machine may be shared.

Usage (a throw-away cluster is started when no ``--url`` is given; it needs Debian's
``postgresql`` and ``postgresql-15-postgis-3``)::

    .venv/bin/python bench/postgis_bench.py [--scale 3] [--kommun 1270] [--year 2020]
        [--url postgresql://…] [--out figures.json]

``--url`` must name an empty database (or one made by an earlier run: it is reused if its
feature count matches).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import config, example  # noqa: E402
from geo import map as geomap
from geo.domain.filters import Filter  # noqa: E402
from geo.domain.model import LAYERS, Pledge  # noqa: E402
from geo.domain.pledge_files import load_pledges  # noqa: E402
from geo.map import view
from geo.spatial import boundaries, region
from geo.store import GeoPackageStore  # noqa: E402
from geo.store.postgis.store import PostGISStore  # noqa: E402

CHUNK = 20_000
RESULTS = Path(__file__).resolve().parent / "results" / "postgis.json"
PAYLOAD_LIMIT = 2 * 1024 * 1024


def national_pledges() -> list[Pledge]:
    """The real pledges, and one made-up pledge in every other municipality."""
    real = load_pledges()
    have = {p.kommun_kod for p in real}
    return real + [
        Pledge(id=f"bench-{code}", kommun_kod=code, kommun=name, police_area=f"LPO {name}",
               title=f"Medborgarlöfte {name} 2019–2020 (benchmark)",
               period_start=date(2019, 1, 1), period_end=date(2020, 12, 31))
        for code, name in boundaries.names().items() if code not in have
    ]


def timed(action, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``runs`` calls after one warm-up call; the last result."""
    result = action()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def record(figures: dict[str, object], name: str, action, runs: int) -> object:
    """Time ``action``; store ``<name>_ms`` (wall) and ``<name>_cpu_ms``; return its result."""
    wall, cpu, result = timed(action, runs)
    figures[f"{name}_ms"] = round(wall * 1000, 1)
    figures[f"{name}_cpu_ms"] = round(cpu * 1000, 1)
    return result


def open_map(store, flt: Filter) -> int:
    """What the map page does for one view: read the layers, build their GeoJSON."""
    frames = view.select(store, flt, public=True)
    payload = {layer: geomap.layer_geojson(layer, frame) for layer, frame in frames.items()}
    return len(json.dumps(payload, separators=(",", ":")))


def national_aggregate(store: PostGISStore, year: int) -> bytes:
    """Public features per municipality and layer in ``year``: one point per municipality."""
    counts = store.counts_by_kommun(year)  # counted in the database, as the region page does
    frame = boundaries.municipalities()
    features = []
    for code, name, geometry in zip(frame["kommun_kod"], frame["kommun"], frame.geometry,
                                    strict=True):
        point = geometry.representative_point()
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(point.x, config.MAP_DECIMALS),
                                                          round(point.y, config.MAP_DECIMALS)]},
            "properties": {"kommun_kod": code, "kommun": name,
                           **{layer: counts.get(code, {}).get(layer, 0) for layer in LAYERS}},
        })
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":")).encode()


def load(store, features, counts, pledges) -> float:
    started = time.perf_counter()
    store.initialize()
    store.replace_pledges(pledges, "bench")
    for i in range(0, len(features), CHUNK):
        store.create_many(features[i:i + CHUNK], example.EXAMPLE_USER)
    store.add_counts(counts, example.EXAMPLE_USER)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=3)
    parser.add_argument("--kommun", default="1270")
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", help="an empty PostGIS database (default: a throw-away one)")
    parser.add_argument("--out", default=str(RESULTS),
                        help=f"write the figures as JSON here (default {RESULTS})")
    args = parser.parse_args(argv)
    figures: dict[str, object] = {"scale": args.scale, "kommun": args.kommun, "year": args.year}

    with ExitStack() as stack:
        url = args.url
        if url is None:
            from tests.store.pg_server import running_cluster

            cluster = stack.enter_context(running_cluster())
            figures["cluster_start_s"] = round(cluster.started_in, 2)
            url = cluster.new_database()
        started = time.perf_counter()
        pledges = national_pledges()
        data = example.generate(pledges, example.municipality_boundaries(
            sorted({p.kommun_kod for p in pledges})), scale=args.scale)
        features = data.features()
        figures["features"] = len(features)
        figures["generate_s"] = round(time.perf_counter() - started, 1)
        print(f"generated {len(features)} features in {figures['generate_s']} s", flush=True)

        postgis = PostGISStore(url)
        stack.callback(postgis.close)
        if postgis.exists() and sum(len(postgis.list(layer)) for layer in LAYERS) == len(
                features):
            print("reusing the loaded database", flush=True)
        else:
            figures["postgis_load_s"] = round(load(postgis, features, data.counts, pledges), 1)
            print(f"loaded PostGIS in {figures['postgis_load_s']} s", flush=True)
        mine = [f for f in features if f.kommun_kod == args.kommun]
        gpkg = GeoPackageStore(Path(stack.enter_context(tempfile.TemporaryDirectory()))
                               / "one.gpkg")
        figures["gpkg_features"] = len(mine)
        figures["gpkg_load_s"] = round(load(gpkg, mine, [c for c in data.counts
                                                         if c.kommun_kod == args.kommun],
                                            pledges), 1)

        flt = Filter(args.kommun, args.year, args.year)
        figures["load_average_before"] = [round(n, 2) for n in os.getloadavg()]
        for name, store in (("postgis", postgis), ("gpkg", gpkg)):
            figures[f"open_map_{name}_bytes"] = record(
                figures, f"open_map_{name}", lambda s=store: open_map(s, flt), args.runs)
        payload = record(figures, "national", lambda: national_aggregate(postgis, args.year),
                         args.runs)
        figures["national_bytes"] = len(payload)
        figures["national_within_limit"] = len(payload) <= PAYLOAD_LIMIT
        codes = list(boundaries.names())
        record(figures, "region_counts", lambda: postgis.counts_by_kommun(args.year), args.runs)
        country = record(figures, "region_aggregate",
                         lambda: region.aggregate(postgis, codes, args.year), args.runs)
        figures["region_map_bytes"] = len(json.dumps(
            region.choropleth_geojson(country, "total", "sv"), separators=(",", ":")))
        figures["load_average_after"] = [round(n, 2) for n in os.getloadavg()]

    print(json.dumps(figures, indent=2))
    print(f"\n| measure | PostGIS, {figures['features']:,} features (country) "
          f"| GeoPackage, {figures['gpkg_features']:,} features ({args.kommun}) |\n|---|---|---|")
    print(f"| open {args.kommun} {args.year} (5 layers + GeoJSON), median | "
          f"{figures['open_map_postgis_ms']} ms | {figures['open_map_gpkg_ms']} ms |")
    print(f"| national aggregate {args.year} (290 points) | {figures['national_ms']} ms, "
          f"{figures['national_bytes'] / 1024:.0f} KB | – |")
    print(f"| region page, whole country {args.year}: counts / with boundaries | "
          f"{figures['region_counts_ms']} ms / {figures['region_aggregate_ms']} ms; map "
          f"{figures['region_map_bytes'] / 1024:.0f} kB | – |")
    print(f"(wall-time medians; CPU time of this process in the JSON; load average "
          f"{figures['load_average_before']} before, {figures['load_average_after']} after)")
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
