"""The public coverage page refuses a too-large upload in one plain sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import limits
from geo import i18n
from tests.apptest import page_runner
from tests.coverage import fixture as fx

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "coverage.py")
URL = {"kommun": fx.KOMMUN, "year": str(fx.YEAR)}
TOO_BIG = b"x" * (limits.PUBLIC_UPLOAD_MB * limits.MB + 1)


@pytest.fixture
def page(coverage_db, monkeypatch):
    return page_runner(PAGE, coverage_db, monkeypatch, URL)


def _too_large(lang: str) -> str:
    return i18n.t("limits.too_large", lang, size=limits.megabytes(len(TOO_BIG), lang),
                  limit=limits.PUBLIC_UPLOAD_MB)


def test_too_large_units_file_is_refused_before_reading(page, monkeypatch):
    def never(data):
        raise AssertionError("a too-large file was read")

    monkeypatch.setattr("geo.coverage.units.read_frame", never)
    at = page(units="file")
    at.file_uploader(key="cov_units_file").set_value(
        [("areas.geojson", TOO_BIG, "application/geo+json")]).run()
    assert not at.exception
    assert _too_large("sv") in [e.value for e in at.error]
    assert "för stor" in _too_large("sv") and f"{limits.PUBLIC_UPLOAD_MB} MB" in _too_large("sv")
    assert i18n.t("coverage.notices.choose_file", "sv") in [i.value for i in at.info]


def test_too_large_population_table_is_refused_and_the_page_goes_on(page):
    at = page(lang="en")
    at.file_uploader(key="cov_population").set_value([("bef.csv", TOO_BIG, "text/csv")]).run()
    assert not at.exception
    assert _too_large("en") in [e.value for e in at.error]
    assert at.dataframe  # the analysis without the table


def test_public_uploaders_ask_the_browser_for_the_small_limit(page):
    at = page(units="file")
    for key in ("cov_units_file", "cov_population"):
        assert at.file_uploader(key=key).proto.max_upload_size_mb == limits.PUBLIC_UPLOAD_MB
