"""The upload limits measured without a server (issue 13; parts of ``bench.load_uploads``).

- **xlsx**: reading a generated ~5.5 MB XLSX (openpyxl) with the cell limit and without;
- **payload**: the public map payload of a watch area with a million vertices, drawn as
  stored (before) and simplified for drawing (now).

Run through ``python -m bench.load_uploads --parts xlsx,payload``.
"""

from __future__ import annotations

import io
import random
import time
from typing import Any


def xlsx_bytes(target_mb: float = 5.5) -> bytes:
    from openpyxl import Workbook

    rows = int(target_mb * 19_000)  # about 19,000 rows of 8 columns per MB
    book = Workbook(write_only=True)
    sheet = book.create_sheet("platser")
    sheet.append(["id", "category", "status", "reported_date", "lat", "lon", "description",
                  "n"])
    rng = random.Random(5)
    for i in range(rows):
        sheet.append([f"p{i}", "lighting", "active", "2023-05-01", 55.5 + rng.random() / 10,
                      13.9 + rng.random() / 10, f"text {i}", i])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def bench_xlsx() -> dict[str, Any]:
    from geo.io import limits, readers
    from geo.io.errors import Refused

    data = xlsx_bytes()
    out: dict[str, Any] = {"xlsx_mb": round(len(data) / 2**20, 2), "max_cells": limits.MAX_CELLS,
                           "max_sheet_bytes": limits.MAX_SHEET_BYTES}
    saved = limits.MAX_CELLS, limits.MAX_SHEET_BYTES
    for name, bounds in (("without_limit", (10**12, 10**12)), ("with_limit", saved)):
        limits.MAX_CELLS, limits.MAX_SHEET_BYTES = bounds
        start, cpu = time.monotonic(), time.process_time()
        try:
            table = readers.read_xlsx(data, None)
            result = f"read {len(table)} rows"
        except Refused as refused:
            result = f"refused: {refused.code}"
        finally:
            limits.MAX_CELLS, limits.MAX_SHEET_BYTES = saved
        out[name] = {"wall_s": round(time.monotonic() - start, 2),
                     "cpu_s": round(time.process_time() - cpu, 2), "result": result}
    return out


def bench_payload() -> dict[str, Any]:
    import numpy as np

    from geo import map as geomap
    from tests.map.test_mapsimplify import _frame, _huge_area

    frame = _frame(_huge_area())
    start = time.monotonic()
    now = geomap.layer_payload("watch_areas", frame)
    now_s = time.monotonic() - start
    before = geomap.make_payload("watch_areas", frame["id"].to_numpy(),
                                     frame.geometry.to_numpy(), None, None,
                                     np.array(frame["name"]))
    return {"vertices": 1_000_000, "before_bytes": len(before.rows.encode()),
            "now_bytes": len(now.rows.encode()), "now_build_s": round(now_s, 2),
            "bound_bytes": 200_000}
