"""Benchmark: coverage on 1 km SCB squares for all 290 municipalities, 300 000 features.

Run from the project root: ``python -m bench.coverage_bench [--features N] [--seed S]``.

The features are synthetic and made here, in memory (no store): per municipality,
unsafe places, walk findings, completed activities (some without a place) and
neighbourhood-watch areas (12-sided polygons, many overlapping) scattered around a
few centres inside the municipality, written in WGS 84 as the store keeps them. The
timed part is what the page and the CLI do after reading: project to SWEREF 99 TM,
analyse on 1 km squares, rank the uncovered squares and summarise. A table goes to
stdout and the figures to ``bench/results/coverage.json``: wall-clock seconds (the
target is on these) and CPU seconds of this process, which other work on a shared
machine does not inflate, with the load average at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

from geo.coverage import analysis, service
from geo.coverage.analysis import Features, GridUnits
from geo.spatial import boundaries

RESULTS = Path(__file__).resolve().parent / "results" / "coverage.json"
TARGET_S = 5.0
#: Shares of the features per layer (the rest are activities).
MIX = {"places": 0.40, "findings": 0.30, "watch": 0.08}
FINDING_STATUSES = np.array(["open", "planned", "done", "rejected"])
TO_WGS84 = Transformer.from_crs(3006, 4326, always_xy=True)
TO_SWEREF = Transformer.from_crs(4326, 3006, always_xy=True)


@dataclass
class Municipality:
    """One municipality's synthetic features in WGS 84, as read from a store."""

    code: str
    places: np.ndarray
    place_ids: np.ndarray
    findings: np.ndarray
    finding_status: np.ndarray
    activities: np.ndarray
    watch: np.ndarray

    @property
    def size(self) -> int:
        return len(self.places) + len(self.findings) + len(self.activities) + len(self.watch)


def _to(transformer: Transformer, geoms: np.ndarray) -> np.ndarray:
    """Project a shapely array with one vectorised pyproj call."""
    if not len(geoms):
        return geoms
    return shapely.transform(geoms, lambda xy: np.column_stack(
        transformer.transform(xy[:, 0], xy[:, 1])))


def _scatter(rng: np.random.Generator, centres: np.ndarray, n: int, spread: float
             ) -> np.ndarray:
    which = rng.integers(0, len(centres), n)
    return centres[which] + rng.normal(0, spread, (n, 2))


def generate(total: int, seed: int) -> list[Municipality]:
    """``total`` features spread over all municipalities, around real centres."""
    rng = np.random.default_rng(seed)
    frame = boundaries.municipalities().to_crs(3006)
    per = np.full(len(frame), total // len(frame))
    per[: total - per.sum()] += 1
    result = []
    for (code, outline), n in zip(zip(frame["kommun_kod"], frame.geometry, strict=True), per,
                                  strict=True):
        inside = shapely.get_coordinates(outline.representative_point())
        extra = shapely.get_coordinates(shapely.points(_scatter(rng, inside, 3, 4000.0)))
        centres = np.vstack([inside, extra])
        counts = {k: int(n * share) for k, share in MIX.items()}
        counts["activities"] = int(n - sum(counts.values()))
        places = shapely.points(_scatter(rng, centres, counts["places"], 2500.0))
        findings = shapely.points(_scatter(rng, centres, counts["findings"], 2500.0))
        activities = shapely.points(_scatter(rng, centres, counts["activities"], 3000.0))
        activities[rng.random(len(activities)) < 0.2] = None  # police hours have no place
        radius = rng.uniform(80.0, 400.0, counts["watch"])
        watch = shapely.buffer(shapely.points(_scatter(rng, centres, counts["watch"], 2000.0)),
                               radius, quad_segs=3)
        result.append(Municipality(
            code=code,
            places=_to(TO_WGS84, places),
            place_ids=np.array([f"{code}-{i}" for i in range(len(places))], dtype=object),
            findings=_to(TO_WGS84, findings),
            finding_status=rng.choice(FINDING_STATUSES, len(findings)),
            activities=_to(TO_WGS84, activities),
            watch=_to(TO_WGS84, watch),
        ))
    return result


def analyse_one(m: Municipality, size: int, threshold: float) -> tuple[int, int, float]:
    """Project, analyse, rank: (units, uncovered units, seconds)."""
    started = time.perf_counter()
    open_findings = m.findings[np.isin(m.finding_status, service.OPEN_FINDINGS)]
    features = Features(
        watch=_to(TO_SWEREF, m.watch), places=_to(TO_SWEREF, m.places),
        place_ids=m.place_ids, findings=_to(TO_SWEREF, open_findings),
        activities=_to(TO_SWEREF, m.activities),
    )
    result = analysis.analyse(GridUnits(size), features)
    ranked = service.ranked(result, threshold)
    analysis.summary(result, threshold)
    return len(result.units), len(ranked), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--size", type=int, default=1000, choices=(250, 1000))
    parser.add_argument("--threshold", type=float, default=0.2)
    args = parser.parse_args()

    started = time.perf_counter()
    municipalities = generate(args.features, args.seed)
    generated_s = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), time.process_time()
    per = [analyse_one(m, args.size, args.threshold) for m in municipalities]
    analysis_s = time.perf_counter() - started
    analysis_cpu_s = time.process_time() - cpu_started
    seconds = np.array([p[2] for p in per])
    slowest = int(np.argmax(seconds))
    rows = {
        "municipalities": len(municipalities),
        "features": int(sum(m.size for m in municipalities)),
        "watch_areas": int(sum(len(m.watch) for m in municipalities)),
        "square_size_m": args.size,
        "units": int(sum(p[0] for p in per)),
        "uncovered_units": int(sum(p[1] for p in per)),
        "generate_s": round(generated_s, 3),
        "analysis_s": round(analysis_s, 3),
        "analysis_cpu_s": round(analysis_cpu_s, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "per_municipality_median_ms": round(float(np.median(seconds)) * 1000, 2),
        "per_municipality_max_ms": round(float(seconds[slowest]) * 1000, 2),
        "slowest": municipalities[slowest].code,
        "target_s": TARGET_S,
        "within_target": analysis_s <= TARGET_S,
    }
    width = max(len(k) for k in rows)
    print(f"{'coverage benchmark':{width}}  value")
    print(f"{'-' * width}  -----")
    for name, value in rows.items():
        print(f"{name:{width}}  {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        **rows, "seed": args.seed, "threshold": args.threshold,
        "python": platform.python_version(), "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
