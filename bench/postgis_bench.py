"""Benchmark: the national example data in PostGIS against one municipality in GeoPackage.

Generates example data for all 290 municipalities (the four real pledges, and a made-up
pledge for 2019–2020 in every other municipality), loads it into PostGIS, and measures:

- opening one municipality's map: the page's reads (public fields of the five layers for
  one year) and the GeoJSON it draws, on PostGIS with the whole country, and on a
  GeoPackage holding that municipality alone (the target: as fast);
- the national aggregate view: features per municipality and layer for one year, counted
  in the database, as the GeoJSON of one point per municipality (the target: ≤ 2 MB).

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
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from geo import boundaries, config, example, maplayers, view  # noqa: E402
from geo.filters import DATE_SPAN, Filter  # noqa: E402
from geo.model import LAYERS, Pledge  # noqa: E402
from geo.pledges import load_pledges  # noqa: E402
from geo.store import GeoPackageStore  # noqa: E402
from geo.store.postgis import PostGISStore  # noqa: E402

CHUNK = 20_000
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


def timed(action, runs: int) -> tuple[float, object]:
    """Median seconds of ``runs`` calls after one warm-up call; the last result."""
    result = action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def open_map(store, flt: Filter) -> int:
    """What the map page does for one view: read the layers, build their GeoJSON."""
    frames = view.select(store, flt, public=True)
    payload = {layer: maplayers.layer_geojson(layer, frame) for layer, frame in frames.items()}
    return len(json.dumps(payload, separators=(",", ":")))


def national_aggregate(store: PostGISStore, year: int) -> bytes:
    """Public features per municipality and layer in ``year``: one point per municipality."""
    first, last = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    parts = []
    for layer in LAYERS:
        start, end = DATE_SPAN[layer]
        when = (f"{start} <= '{last}' AND ({end} IS NULL OR {end} >= '{first}')" if end
                else f"{start} BETWEEN '{first}' AND '{last}'")
        parts.append(f"SELECT kommun_kod, '{layer}' AS layer, count(*) AS n FROM {layer} "
                     f"WHERE deleted_at IS NULL AND visibility = 'public' AND {when} "
                     "GROUP BY kommun_kod")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text(" UNION ALL ".join(parts))).all()
    counts: dict[str, dict[str, int]] = {}
    for code, layer, n in rows:
        counts.setdefault(code, {})[layer] = n
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
    parser.add_argument("--out", help="write the figures as JSON here")
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
        for name, store in (("postgis", postgis), ("gpkg", gpkg)):
            seconds, size = timed(lambda s=store: open_map(s, flt), args.runs)
            figures[f"open_map_{name}_ms"] = round(seconds * 1000, 1)
            figures[f"open_map_{name}_bytes"] = size
        seconds, payload = timed(lambda: national_aggregate(postgis, args.year), args.runs)
        figures["national_ms"] = round(seconds * 1000, 1)
        figures["national_bytes"] = len(payload)
        figures["national_within_limit"] = len(payload) <= PAYLOAD_LIMIT

    print(json.dumps(figures, indent=2))
    print(f"\n| measure | PostGIS, {figures['features']:,} features (country) "
          f"| GeoPackage, {figures['gpkg_features']:,} features ({args.kommun}) |\n|---|---|---|")
    print(f"| open {args.kommun} {args.year} (5 layers + GeoJSON), median | "
          f"{figures['open_map_postgis_ms']} ms | {figures['open_map_gpkg_ms']} ms |")
    print(f"| national aggregate {args.year} (290 points) | {figures['national_ms']} ms, "
          f"{figures['national_bytes'] / 1024:.0f} KB | – |")
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
