"""Write the survey test fixtures: synthetic areas (NOT real DeSO/RegSO boundaries) and tables.

The codes have the real formats (DeSO ``1270A0010``, RegSO ``1270R001``) but the polygons
are squares of 1 km drawn around Tomelilla's town centre in SWEREF 99 TM, as municipalities
send their files. Run ``python tests/data/survey/make_fixtures.py`` to write them again.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from pyproj import Transformer
from shapely.geometry import box

HERE = Path(__file__).parent
CENTRE = Transformer.from_crs(4326, 3006, always_xy=True).transform(13.9531, 55.5439)
#: kind: (id column as the file names it, the areas' ids) — one square per id, west to east.
AREAS = {
    "deso": ("desokod", ["1270A0010", "1270B0020", "1270C0030"]),
    "regso": ("regsokod", ["1270R001", "1270R002"]),
    "district": ("omrade", ["Centrum", "Väster", "<b>Öster</b> & ${x}"]),
}


def squares(count: int) -> list:
    """``count`` touching 1 km squares in a row, the town centre inside the first."""
    x, y = CENTRE
    return [box(x - 500 + i * 1000, y - 500, x + 500 + i * 1000, y + 500) for i in range(count)]


def main() -> None:
    for kind, (column, ids) in AREAS.items():
        frame = gpd.GeoDataFrame({column: ids, "note": "test fixture, not a real boundary"},
                                 geometry=squares(len(ids)), crs=3006)
        frame.to_file(HERE / f"{kind}_areas.geojson", driver="GeoJSON")
        rows = [f"{column};year;unsafe_evening;worry_burglary"]
        rows += [f"{code};{year};{20 + i * 5 + (year - 2019)},5;{30 - i}"
                 for i, code in enumerate(ids) for year in (2019, 2020)]
        (HERE / f"{kind}_good.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        bad = [f"{column};year;unsafe_evening;worry_burglary",
               f"{ids[0]};2020;101;12", "1270X9;2020;20;-4", f"{ids[-1]};2020;mycket;10"]
        (HERE / f"{kind}_bad.csv").write_text("\n".join(bad) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
