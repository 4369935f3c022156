"""``GET /healthz`` (app/health.py) on the ASGI app: 200 with the version when the store
answers, 503 with a public reason when not; one check at a time, with a time limit."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from starlette.applications import Starlette

import geo
from app import health
from geo.store import GeoPackageStore
from geo.store.health import StoreHealth


def request(method: str = "GET", times: int = 1) -> list[httpx.Response]:
    """``times`` concurrent requests to the endpoint of a Starlette app with its route."""
    app = Starlette(routes=health.routes())

    async def send() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://testserver") as http:
            return list(await asyncio.gather(
                *(http.request(method, "/healthz") for _ in range(times))))
    # in a thread of its own: the browser tests leave Playwright's loop running in this one
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, send()).result()


@pytest.fixture(autouse=True)
def fresh_probe():
    health.probe.clear()
    yield
    health.probe.clear()


def test_a_healthy_store_answers_200_with_version_and_instance(tmp_path, monkeypatch):
    GeoPackageStore(tmp_path / "ok.gpkg").initialize()
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(tmp_path / "ok.gpkg"))
    monkeypatch.setenv("TRYGGHETSKARTAN_INSTANCE", "web1-8501")
    response, = request()
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {"status": "ok", "store": "ok", "backend": "geopackage",
                               "version": geo.__version__, "instance": "web1-8501"}
    head, = request("HEAD")
    assert head.status_code == 200 and head.content == b""


def test_a_missing_store_answers_503_without_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(tmp_path / "hemlig-mapp" / "gone.gpkg"))
    monkeypatch.delenv("TRYGGHETSKARTAN_INSTANCE", raising=False)
    response, = request()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "store": "missing",
                               "backend": "geopackage", "version": geo.__version__,
                               "reason": "The store does not exist."}
    assert "hemlig-mapp" not in response.text and str(tmp_path) not in response.text


def test_a_broken_store_answers_503(tmp_path, monkeypatch):
    (tmp_path / "broken.gpkg").write_bytes(b"\0" * 4096)
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(tmp_path / "broken.gpkg"))
    response, = request()
    assert response.status_code == 503 and response.json()["store"] == "unreachable"
    assert "Error" not in response.text and "broken" not in response.text


def test_concurrent_requests_share_one_check(monkeypatch):
    calls = []
    lock = threading.Lock()

    def slow_check() -> StoreHealth:
        with lock:
            calls.append(time.monotonic())
        time.sleep(0.3)
        return StoreHealth("geopackage")

    monkeypatch.setattr(health, "check_store", slow_check)
    responses = request(times=8)
    assert [r.status_code for r in responses] == [200] * 8
    assert len(calls) == 1


def test_a_check_that_hangs_answers_503_timeout(monkeypatch):
    release = threading.Event()

    def hanging_check() -> StoreHealth:
        release.wait(10)
        return StoreHealth("postgis")

    monkeypatch.setattr(health, "check_store", hanging_check)
    probe = health.Probe(timeout_s=0.2)
    monkeypatch.setattr(health, "probe", lambda: probe)
    try:
        started = time.monotonic()
        response, = request()
        assert time.monotonic() - started < 3
        assert response.status_code == 503
        assert json.loads(response.text)["store"] == "timeout"
    finally:
        release.set()
