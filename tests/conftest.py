"""Fixtures shared by the model, filter and store tests."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.domain.model import FEATURE_TYPES, Feature

#: ``audit_log``: the audit lines a test's actions leave (tests/auditlog.py).
pytest_plugins = ("tests.auditlog",)

SWEDISH_TEXT = "Åsa Öberg, Ängelholmsvägen"


def _fields(layer: str) -> dict[str, Any]:
    """Valid field values for one layer, every optional field filled."""
    common = {
        "id": str(uuid.uuid4()),
        "kommun_kod": "1270",
        "pledge_id": "tomelilla-2020",
        "visibility": "internal",
    }
    per_layer: dict[str, dict[str, Any]] = {
        "unsafe_places": {
            "geometry": Point(13.94, 55.55),
            "category": "lighting",
            "source": "citizen_dialogue",
            "reported_date": "2020-03-04",
            "status": "resolved",
            "resolved_date": "2021-06-30",
            "description": SWEDISH_TEXT,
        },
        "walks": {
            "geometry": LineString([(13.93, 55.54), (13.95, 55.56), (13.96, 55.55)]),
            "walk_date": "2020-04-15",
            "name": SWEDISH_TEXT,
            "organisers": "Kommunen och polisen",
            "participants": 14,
        },
        "findings": {
            "geometry": Point(13.951, 55.557),
            "walk_id": str(uuid.uuid4()),
            "number": 2,
            "found_date": "2020-04-15",
            "category": "vegetation",
            "description": SWEDISH_TEXT,
            "proposed_action": "Klipp häcken vid gångtunneln",
            "responsible": "property_owner",
            "priority": 1,
            "selected": True,
            "status": "done",
            "due_date": "2020-06-30",
            "completed_date": "2020-06-01",
            "activity_id": str(uuid.uuid4()),
        },
        "watch_areas": {
            "geometry": Polygon([(13.9, 55.5), (13.92, 55.5), (13.92, 55.52), (13.9, 55.52)]),
            "name": SWEDISH_TEXT,
            "start_date": "2017-05-01",
            "end_date": "2019-02-01",
            "households": 42,
            "contact_person": "Åsa Öberg, 070-123 45 67",
        },
        "activities": {
            "geometry": Point(13.947, 55.551),
            "kind": "information_meeting",
            "activity_date": "2020-09-10",
            "title": SWEDISH_TEXT,
            "quantity": 2.5,
            "unit": "timmar",
            "commitment_id": "tomelilla-2020-walks",
            "finding_id": str(uuid.uuid4()),
            "description": "Möte på Tomelilla bibliotek",
        },
    }
    return {**common, **per_layer[layer]}


@pytest.fixture
def record_fields() -> Callable[..., dict[str, Any]]:
    """``record_fields(layer, **overrides)``: valid keyword arguments for that layer."""

    def make(layer: str, **overrides: Any) -> dict[str, Any]:
        return {**_fields(layer), **overrides}

    return make


@pytest.fixture
def make_record() -> Callable[..., Feature]:
    """``make_record(layer, **overrides)``: a valid record (fresh id), all fields filled."""

    def make(layer: str, **overrides: Any) -> Feature:
        return FEATURE_TYPES[layer](**{**_fields(layer), **overrides})

    return make


@pytest.fixture(autouse=True)
def _restore_main_module():
    """AppTest leaves ``sys.modules["__main__"]`` pointing at the app script; a process
    spawned later (the concurrency tests) would run the app as its main module."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test (Playwright allows one sync
    session per process)."""
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
