"""Resolved places in an office's file: dated by the file, else by their reported date."""

from __future__ import annotations

from datetime import date

from geo.io.importer import ImportOptions, import_file

HEADER = "Kategori;Källa;Rapporterad;Status;Löst datum;lat;lon\n"


def test_a_resolved_place_keeps_the_files_date_or_gets_its_reported_date(empty_store):
    rows = ("belysning;enkät;2020-03-01;Åtgärdad;2020-05-20;55.545;13.948\n"
            "belysning;enkät;2020-03-02;Åtgärdad;;55.546;13.949\n"
            "belysning;enkät;2020-03-03;Aktiv;;55.547;13.950\n"
            "belysning;enkät;2020-03-04;Aktiv;2020-04-01;55.548;13.951\n")
    report = import_file(empty_store, (HEADER + rows).encode(),
                         ImportOptions(layer="unsafe_places", kommun_kod="1270"))
    assert report.status == "written" and report.created == 4, report.to_json()
    places = empty_store.list("unsafe_places").sort_values("reported_date")
    resolved = [None if d != d else d.date() for d in places["resolved_date"]]
    assert resolved == [date(2020, 5, 20), date(2020, 3, 2), None, None]
    assert list(places["status"]) == ["resolved", "resolved", "active", "active"]


def test_a_resolved_date_before_the_report_is_refused(empty_store):
    rows = "belysning;enkät;2020-03-01;Åtgärdad;2020-02-01;55.545;13.948\n"
    report = import_file(empty_store, (HEADER + rows).encode(),
                         ImportOptions(layer="unsafe_places", kommun_kod="1270"))
    assert report.created == 0
    assert [p.field for p in report.rejected] == ["resolved_date"]
