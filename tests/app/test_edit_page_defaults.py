"""Registrera opens on the year of the data in view, not the calendar's (issue 14, item 10)."""

from __future__ import annotations

from geo import i18n
from tests.app.test_roles import run


def test_registrera_opens_on_the_year_of_the_data(fixture_db, monkeypatch):
    at = run(monkeypatch, fixture_db, "editor", "views/edit.py")
    assert not at.exception
    year = next(box for box in at.selectbox if box.label == i18n.t("filters.year", "sv"))
    assert year.value == 2020
