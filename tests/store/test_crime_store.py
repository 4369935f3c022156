"""Reported crimes in the store, on both backends: kept, replaced, read by year, backed up.

The ``store`` fixture gives an empty GeoPackage and an empty PostGIS database (the latter is
skipped, with the reason, where PostgreSQL and PostGIS are not installed): the upsert and the
year filter are each backend's own SQL. The figures are the hand-made Tomelilla export of
``tests/data/crime``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.indicators import crime
from geo.store import GeoPackageStore, Store, transfer
from geo.store import backup as backups
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture

TOMELILLA = Path(__file__).resolve().parents[1] / "data" / "crime" / "tomelilla_bra.csv"
TODAY = date(2026, 12, 6)


def test_figures_are_kept_replaced_and_read_by_year(store: Store, audit_log) -> None:
    before = store.data_version()
    crime.import_file(store, TOMELILLA, user="kim", today=TODAY)
    assert store.data_version() != before  # caches keyed on it refresh
    (entry,) = audit_log()  # the import's one line (the write inside it is counted there)
    assert {k: entry[k] for k in ("event", "outcome", "layer", "count", "writes", "years")} == {
        "event": "import", "outcome": "ok", "layer": "crime_statistics", "count": 23,
        "writes": 1, "years": [2021, 2024]}
    with pytest.raises(crime.CrimeFileError):
        crime.import_file(store, b"Region;Ar;Brottstyp;Antal\n9999;2023;Misshandel;7\n")
    (entry,) = audit_log()
    assert (entry["outcome"], entry["reason"], entry["writes"]) == ("refused", "unknown_code", 0)
    store.replace_crime_statistics(crime.read(TOMELILLA, today=TODAY).figures, "kim")
    (entry,) = audit_log()  # a write of the store itself: its own line
    assert (entry["event"], entry["layer"], entry["count"]) == ("write", "crime_statistics", 23)
    assert store.history(layer="crime_statistics")[-1].user == "kim"
    figures = store.crime_statistics("1270", years=[2024, 2023])
    assert figures["year"].tolist() == [2023] * 5 + [2024] * 6  # by year, then code
    assert figures["category_code"].tolist()[:2] == ["misshandel", "narkotikabrott"]
    assert figures["imported_at"].iloc[0].tzinfo is not None
    crime.import_file(store, "Region;År;Brottstyp;Antal\n1270 Tomelilla;2023;Misshandel;7\n"
                      .encode(), user="kim", today=TODAY)
    again = store.crime_statistics("1270", years=[2023]).set_index("category_code")
    assert again.loc["misshandel", "count"] == 7 and len(again) == 5
    assert again["rate_per_100k"].isna().tolist() == [True, False, False, False, False]
    assert len(store.crime_statistics("1270")) == 23


def test_a_backup_restores_the_figures(store: Store, tmp_path: Path) -> None:
    crime.import_file(store, TOMELILLA, today=TODAY)
    out = tmp_path / "backup.gpkg"
    assert backups.backup(store, out).ok
    target = GeoPackageStore(tmp_path / "restored.gpkg")
    assert backups.restore(out, target).ok
    rows = transfer.export(target, "crime_statistics")
    assert len(rows) == 23 and rows == transfer.export(store, "crime_statistics")
    assert target.crime_statistics("1270").equals(store.crime_statistics("1270"))
