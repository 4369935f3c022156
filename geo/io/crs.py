"""Which coordinate system a file's coordinates are in, and how to bring them to WGS 84.

A CRS the file states (a ``.prj``, the GeoPackage's ``srs_id``, a GeoJSON ``crs``) is
used, or one the user names. Without one, the coordinate ranges decide, for Sweden:
longitude 10–24.5 / latitude 55–69.5 is WGS 84, easting 250 000–950 000 / northing
6 100 000–7 700 000 is SWEREF 99 TM, and each of them with the two axes exchanged is
recognised as swapped. Everything else is refused with the ranges found, with a hint
where they look like RT90 or a SWEREF 99 local zone (which only a stated CRS can tell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

from geo import config
from geo.io.errors import Refused

WGS84, SWEREF = 4326, 3006
LON, LAT = (config.SWEDEN_BBOX[0], config.SWEDEN_BBOX[2]), (config.SWEDEN_BBOX[1],
                                                            config.SWEDEN_BBOX[3])
EAST, NORTH = (250_000.0, 950_000.0), (6_100_000.0, 7_700_000.0)
RT90_EAST = (1_200_000.0, 1_900_000.0)
LOCAL_EAST = (40_000.0, 250_000.0)
#: Share of rows that must agree before a range-based guess is trusted.
AGREEMENT = 0.5
#: The SWEREF 99 local zones (a municipality's GIS often works in its own), west to east.
LOCAL_ZONES: dict[int, str] = {
    3007: "SWEREF 99 12 00", 3008: "SWEREF 99 13 30", 3009: "SWEREF 99 15 00",
    3010: "SWEREF 99 16 30", 3011: "SWEREF 99 18 00", 3012: "SWEREF 99 14 15",
    3013: "SWEREF 99 15 45", 3014: "SWEREF 99 17 15", 3015: "SWEREF 99 18 45",
    3016: "SWEREF 99 20 15", 3017: "SWEREF 99 21 45", 3018: "SWEREF 99 23 15",
}
#: Coordinates tried per zone when recognising one (an even sample of the file's).
ZONE_SAMPLE = 500
#: Another zone within this share of the best one fits as well: the zone is not told.
ZONE_MARGIN = 0.1


@dataclass(frozen=True)
class Decision:
    """The system a file's coordinates are in, how it was found, whether axes swap."""

    crs: CRS
    source: str  # "file", "user", "ranges", "municipality" (a local zone, by the kommun)
    swapped: bool = False
    #: Municipality: the share of the places that lie in it in the chosen zone.
    share: float = 0.0

    @property
    def label(self) -> str:
        epsg = self.crs.to_epsg()
        return f"EPSG:{epsg} ({self.crs.name})" if epsg else self.crs.name


def classify(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per coordinate: ``wgs84``, ``wgs84_swapped``, ``sweref``, ``sweref_swapped`` or ``""``."""
    def inside(a: np.ndarray, span: tuple[float, float]) -> np.ndarray:
        return (a >= span[0]) & (a <= span[1])

    kinds = np.full(len(x), "", dtype=object)
    kinds[inside(x, NORTH) & inside(y, EAST)] = "sweref_swapped"
    kinds[inside(x, EAST) & inside(y, NORTH)] = "sweref"
    kinds[inside(x, LAT) & inside(y, LON) & ~(inside(x, LON) & inside(y, LAT))] = "wgs84_swapped"
    kinds[inside(x, LON) & inside(y, LAT)] = "wgs84"
    return kinds


def decide(x: np.ndarray, y: np.ndarray, stated: CRS | None, source: str,
           kommun_kod: str | None = None) -> Decision:
    """Decide the system from a stated CRS or, without one, from the ranges of ``x, y``.

    Coordinates that look like a SWEREF 99 local zone are tried in every zone: the one
    in which most of them (and at least half) lie in ``kommun_kod`` is taken.
    """
    if stated is not None:
        return _stated(x, y, stated, source)
    kinds = classify(x, y)
    if len(kinds) == 0:
        return Decision(CRS.from_epsg(WGS84), "ranges")
    values, counts = np.unique(kinds, return_counts=True)
    best = values[np.argmax(counts)]
    if best == "" or counts.max() < AGREEMENT * len(kinds):
        hint = _hint(x, y)
        if hint == "crs_looks_local" and kommun_kod is not None:
            zone = local_zone(x, y, kommun_kod)
            if zone is not None:
                return zone
        raise Refused(hint, **_ranges(x, y))
    epsg = WGS84 if best.startswith("wgs84") else SWEREF
    return Decision(CRS.from_epsg(epsg), "ranges", swapped=best.endswith("swapped"))


def _stated(x: np.ndarray, y: np.ndarray, stated: CRS, source: str) -> Decision:
    """A stated CRS is trusted unless its coordinates plainly belong to another one."""
    try:
        Transformer.from_crs(stated, WGS84, always_xy=True)
    except (CRSError, ProjError):
        raise Refused("crs_unusable", crs=stated.name) from None
    if len(x):
        kinds = classify(x, y)
        epsg = stated.to_epsg()
        if epsg == WGS84 and np.mean(kinds == "sweref") > AGREEMENT:
            raise Refused("crs_mismatch", crs="WGS 84", looks="SWEREF 99 TM")
        if stated.is_projected and np.mean(kinds == "wgs84") > AGREEMENT:
            raise Refused("crs_mismatch", crs=stated.name, looks="WGS 84")
        if epsg == WGS84 and np.mean(kinds == "wgs84_swapped") > AGREEMENT:
            return Decision(stated, source, swapped=True)
    return Decision(stated, source)


def local_zone(x: np.ndarray, y: np.ndarray, kommun_kod: str) -> Decision | None:
    """The local zone in which the coordinates lie in the municipality, if one clearly does.

    The zones share their false easting, so one file's numbers are plausible in each
    of them, their central meridians 0.75° (some 45 km) or more apart: in a municipality
    of ordinary size only the right zone puts its places inside it. Where several do (a
    municipality as wide as Kiruna), the zone cannot be told and the user is asked.
    """
    from geo.spatial import boundaries

    step = max(1, len(x) // ZONE_SAMPLE)
    xs, ys = x[::step], y[::step]
    shares: dict[int, float] = {}
    for epsg in LOCAL_ZONES:
        transformer = Transformer.from_crs(epsg, WGS84, always_xy=True)
        lon, lat = transformer.transform(xs, ys)
        try:
            inside = boundaries.inside(kommun_kod, shapely.points(lon, lat))
        except KeyError:
            return None
        shares[epsg] = float(np.mean(inside)) if len(inside) else 0.0
    best = max(shares, key=shares.__getitem__)
    if shares[best] < AGREEMENT:
        return None
    fitting = [epsg for epsg, share in shares.items() if share >= shares[best] - ZONE_MARGIN]
    if len(fitting) > 1:
        raise Refused("crs_local_ambiguous", zones=", ".join(zone_label(e) for e in fitting),
                      **_ranges(x, y))
    return Decision(CRS.from_epsg(best), "municipality", share=shares[best])


def zone_label(epsg: int) -> str:
    """``SWEREF 99 13 30 (EPSG:3008)``: how the page and the report name a zone."""
    return f"{LOCAL_ZONES[epsg]} (EPSG:{epsg})"


def _hint(x: np.ndarray, y: np.ndarray) -> str:
    east, north = np.nanmedian(x), np.nanmedian(y)
    if RT90_EAST[0] <= east <= RT90_EAST[1] and NORTH[0] <= north <= NORTH[1]:
        return "crs_looks_rt90"
    if LOCAL_EAST[0] <= east < LOCAL_EAST[1] and NORTH[0] <= north <= NORTH[1]:
        return "crs_looks_local"
    return "crs_unrecognised"


def _ranges(x: np.ndarray, y: np.ndarray) -> dict[str, str]:
    def text(a: np.ndarray) -> str:
        return f"{np.nanmin(a):.6g}–{np.nanmax(a):.6g}" if len(a) else "–"

    return {"x": text(x), "y": text(y)}


def to_wgs84(geometries: np.ndarray, decision: Decision) -> np.ndarray:
    """Exchange the axes if needed, then transform to WGS 84 (longitude, latitude)."""
    if decision.swapped:
        geometries = shapely.transform(geometries, lambda xy: xy[:, ::-1])
    if decision.crs.to_epsg() == WGS84:
        return geometries
    transformer = Transformer.from_crs(decision.crs, WGS84, always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geometries, project)


def anchor_xy(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One coordinate per shape (its first vertex) to judge its range; NaN for none."""
    x = np.full(len(geometries), np.nan)
    y = np.full(len(geometries), np.nan)
    coords, index = shapely.get_coordinates(geometries, return_index=True)
    if len(coords):
        owners, first = np.unique(index, return_index=True)
        x[owners], y[owners] = coords[first, 0], coords[first, 1]
    return x, y


def user_crs(text: str) -> CRS:
    """A CRS the user names by its EPSG code (``EPSG:3006`` or ``3006``), nothing else."""
    match = re.fullmatch(r"(?:EPSG:)?(\d{4,5})", text.strip(), flags=re.IGNORECASE)
    try:
        if match is None:
            raise CRSError(text)
        return CRS.from_epsg(int(match.group(1)))
    except CRSError:
        raise Refused("crs_unknown", crs=text.strip()[:80]) from None
