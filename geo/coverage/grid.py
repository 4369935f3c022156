"""Squares of 250 m and 1 km on the SWEREF 99 TM grid, named the way SCB names them.

SCB publishes population per square ("statistik på rutor",
https://www.scb.se/vara-tjanster/oppna-data/oppna-geodata/statistik-pa-rutor/) in
SWEREF 99 TM (EPSG:3006). Each square carries two ids, both built from the
coordinates of its **lower-left (south-west) corner**:

- ``rutid_scb``: the easting in 6 digits followed by the northing in 7 digits;
- ``rutid_inspire``: ``SE_CRS3006RES<size>mN<northing>E<easting>``.

A published row of SCB's layer ``stat:befolkning_1km_2025`` (geodata.scb.se WFS)
reads ``rutid_scb = "3940006133000"``, ``rutid_inspire =
"SE_CRS3006RES1000mN6133000E394000"``, ``rutstorl = 1000``: the square from
E 394 000, N 6 133 000 to E 395 000, N 6 134 000. The size is not part of the
id (SCB keeps it in ``rutstorl``), so a 250 m square and a 1 km square with the
same corner share an id; a population table is for one size.

A square holds the points of ``[E, E + size) × [N, N + size)``: a point on an
edge belongs to the square east or north of it, the one whose corner
``floor(coordinate / size) * size`` names, so every point has exactly one square.
"""

from __future__ import annotations

import numpy as np
import shapely

#: Square sizes (metres) the analysis offers: SCB's 250 m and 1 km squares.
SIZES = (250, 1000)
#: Plausible SWEREF 99 TM coordinates: 6-digit eastings and 7-digit northings.
EASTING_RANGE = (100_000, 999_999)
NORTHING_RANGE = (6_000_000, 7_999_999)


def corners(x: np.ndarray, y: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Lower-left corners (easting, northing) of the squares holding points ``(x, y)``."""
    _check_size(size)
    east = (np.floor(np.asarray(x, dtype=float) / size) * size).astype(np.int64)
    north = (np.floor(np.asarray(y, dtype=float) / size) * size).astype(np.int64)
    return east, north


def square_id(east: int, north: int) -> str:
    """SCB's ``rutid_scb`` of the square whose lower-left corner is ``(east, north)``."""
    if not EASTING_RANGE[0] <= east <= EASTING_RANGE[1]:
        raise ValueError(f"easting {east} is outside SWEREF 99 TM's Swedish range")
    if not NORTHING_RANGE[0] <= north <= NORTHING_RANGE[1]:
        raise ValueError(f"northing {north} is outside SWEREF 99 TM's Swedish range")
    return f"{east:06d}{north:07d}"


def square_ids(east: np.ndarray, north: np.ndarray) -> np.ndarray:
    """``rutid_scb`` for arrays of corners (an object array of strings)."""
    return np.array([square_id(int(e), int(n)) for e, n in zip(east, north, strict=True)],
                    dtype=object)


def inspire_id(east: int, north: int, size: int) -> str:
    """SCB's ``rutid_inspire`` of a square: the INSPIRE name with the size in it."""
    _check_size(size)
    square_id(east, north)  # the same range checks
    return f"SE_CRS3006RES{size}mN{north}E{east}"


def point_id(x: float, y: float, size: int) -> str:
    """The ``rutid_scb`` of the square holding one point (SWEREF 99 TM metres)."""
    east, north = corners(np.array([x]), np.array([y]), size)
    return square_id(int(east[0]), int(north[0]))


def parse_id(rutid: str, size: int) -> tuple[int, int]:
    """The lower-left corner of a ``rutid_scb``; ``ValueError`` when it is not one."""
    text = str(rutid).strip()
    if len(text) != 13 or not text.isdigit():
        raise ValueError(f"{rutid!r} is not an SCB square id (13 digits: E6 + N7)")
    east, north = int(text[:6]), int(text[6:])
    square_id(east, north)
    if east % size or north % size:
        raise ValueError(f"{rutid!r} is not a corner of the {size} m grid")
    return east, north


def boxes(east: np.ndarray, north: np.ndarray, size: int) -> np.ndarray:
    """The squares as polygons (SWEREF 99 TM), one per corner."""
    east = np.asarray(east, dtype=float)
    north = np.asarray(north, dtype=float)
    return shapely.box(east, north, east + size, north + size)


def keys(east: np.ndarray, north: np.ndarray) -> np.ndarray:
    """One int64 per corner (for fast grouping): ``east * 10**7 + north``."""
    return np.asarray(east, dtype=np.int64) * 10_000_000 + np.asarray(north, dtype=np.int64)


def from_keys(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The corners back from :func:`keys`."""
    values = np.asarray(values, dtype=np.int64)
    return values // 10_000_000, values % 10_000_000


def _check_size(size: int) -> None:
    if size not in SIZES:
        raise ValueError(f"square size must be one of {SIZES} m, not {size}")
