"""The Starlette adapter: a failing store is a short OGC 500 in the reader's language."""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import httpx
from starlette.applications import Starlette

from app import ogcapi as adapter


class BrokenStore:
    """A store whose disk has gone away (its message names a server path)."""

    def data_version(self) -> str:
        raise sqlite3.OperationalError("disk I/O error: /srv/trygghetskartan/data.gpkg")


def get(path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """``GET path`` from the adapter's routes alone (httpx on the ASGI app, as
    tests/test_signin_cookie.py does; in a thread: Playwright may own this one's loop)."""
    app = Starlette(routes=adapter.routes())

    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://testserver") as http:
            return await http.get(path, headers=headers or {})

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, send()).result()


def test_a_failing_store_answers_500_without_paths_or_python(monkeypatch, caplog):
    monkeypatch.setattr(adapter.cached, "store", lambda location: BrokenStore())
    for lang, start in (("sv-SE", "Tjänsten"), ("en", "The service")):
        response = get("/ogcapi/collections", {"Accept-Language": lang})
        assert response.status_code == 500
        assert response.headers["content-type"] == "application/json"
        assert response.headers["access-control-allow-origin"] == "*"
        body = response.json()
        assert body["code"] == "ServerError" and body["description"].startswith(start)
        assert "/srv" not in response.text and "OperationalError" not in response.text
    assert "disk I/O error" in caplog.text  # the operator's log has the cause


def test_the_landing_page_and_definition_do_not_read_the_store(monkeypatch):
    monkeypatch.setattr(adapter.cached, "store", lambda location: BrokenStore())
    for path in ("/ogcapi", "/ogcapi/", "/ogcapi/conformance", "/ogcapi/api"):
        assert get(path).status_code == 200, path
    assert get("/ogcapi/conformance?f=html").status_code == 400
    assert get("/ogcapi/nothing/here").json()["code"] == "NotFound"
