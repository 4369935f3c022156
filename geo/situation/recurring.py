"""Places that recur: reports and findings within a set distance of each other.

The rule, simple enough to check by hand: in SWEREF 99 TM (metres), two records are
neighbours when their points are at most ``distance_m`` apart (a polygon counts at a
point on its surface, as in :mod:`geo.coverage`); a recurring place is a connected group
of neighbours (single linkage: the union of the chains of points within D of each
other) with at least ``min_records`` records. So three reports 40 m apart in a row are
one place at D = 50 m, even though the ends are 80 m apart.
"""

from __future__ import annotations

import numpy as np
import shapely

#: The distance that makes two records one place, by default (metres).
DISTANCE_M = 50.0
#: Records a group needs to be a recurring place.
MIN_RECORDS = 2


def groups(points: np.ndarray, distance_m: float = DISTANCE_M,
           min_records: int = MIN_RECORDS) -> list[list[int]]:
    """Indices of ``points`` (shapely points in metres) per recurring place.

    Each group is sorted; groups are in the order of their first index. Points that
    are missing or empty belong to no group.
    """
    if distance_m < 0:
        raise ValueError("the distance must not be negative")
    points = np.asarray(points, dtype=object)
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    placed = ~(shapely.is_missing(points) | shapely.is_empty(points)) if len(points) else \
        np.array([], dtype=bool)
    index = np.flatnonzero(placed)
    if len(index):
        tree = shapely.STRtree(points[index])
        left, right = tree.query(points[index], predicate="dwithin", distance=distance_m)
        for a, b in zip(index[left], index[right], strict=True):
            parent[root(int(a))] = root(int(b))
    members: dict[int, list[int]] = {}
    for i in index:
        members.setdefault(root(int(i)), []).append(int(i))
    found = [sorted(m) for m in members.values() if len(m) >= min_records]
    return sorted(found, key=lambda m: m[0])
