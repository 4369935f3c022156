"""``GET /healthz``: whether this app instance can serve, its store included.

Streamlit's own ``/_stcore/health`` says only that the process runs. This endpoint, served
by the same process through ``st.App`` (``asgi.py``), also checks the store
(:func:`geo.store.health.check_store`), so that nginx, a load balancer or a monitor can
take an instance whose database is gone out of service. It answers

- ``200`` with ``{"status": "ok", "store": "ok", "backend": …, "version": …}``,
- ``503`` with ``{"status": "unavailable", "store": <problem code>, "reason": <sentence>, …}``,

plus ``"instance"`` when ``TRYGGHETSKARTAN_INSTANCE`` names this process. The body holds
no path, URL or error text. The check runs in a worker thread with a time limit; one
check at a time, and its answer is reused for :data:`FRESH_S`, so that a flood of
requests costs the database one query a second at most.
"""

from __future__ import annotations

import asyncio
import json
import time

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

import geo
from geo import config
from geo.store.health import StoreHealth, backend_of, check_store

PATH = "healthz"
#: The longest a check may take before the endpoint answers 503 ("timeout"), seconds.
TIMEOUT_S = 5.0
#: How long one check's answer is reused, seconds.
FRESH_S = 1.0


class Probe:
    """Runs at most one store check at a time and remembers the last answer briefly."""

    def __init__(self, fresh_s: float = FRESH_S, timeout_s: float = TIMEOUT_S) -> None:
        self.fresh_s = fresh_s
        self.timeout_s = timeout_s
        self._running: asyncio.Future[StoreHealth] | None = None
        self._last: tuple[float, StoreHealth] | None = None

    def _remember(self, done: asyncio.Future[StoreHealth]) -> None:
        if not done.cancelled() and done.exception() is None:
            self._last = (time.monotonic(), done.result())

    async def health(self) -> StoreHealth:
        """The store's health, from a check at most ``fresh_s`` old."""
        if self._last is not None and time.monotonic() - self._last[0] < self.fresh_s:
            return self._last[1]
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(run_in_threadpool(check_store))
            self._running.add_done_callback(self._remember)
        try:  # shielded: a slow check goes on for the next request after this one gives up
            return await asyncio.wait_for(asyncio.shield(self._running), self.timeout_s)
        except TimeoutError:
            return StoreHealth(_backend(), "timeout")


def _backend() -> str:
    try:
        return backend_of(config.db_location())
    except config.ConfigError:
        return "unknown"


@st.cache_resource(show_spinner=False)
def probe() -> Probe:
    """The server process's probe (a cached resource: it outlives module re-imports)."""
    return Probe()


def body(health: StoreHealth) -> dict[str, str]:
    """The endpoint's JSON body for one check's outcome."""
    answer = {"status": "ok" if health.ok else "unavailable",
              "store": "ok" if health.ok else str(health.problem),
              "backend": health.backend, "version": geo.__version__}
    if health.reason:
        answer["reason"] = health.reason
    instance = config.instance_name()
    if instance:
        answer["instance"] = instance
    return answer


async def healthz(request: Request) -> Response:
    """Answer 200 when the store answers, else 503; JSON either way, never cached."""
    health = await probe().health()
    return Response(json.dumps(body(health)), status_code=200 if health.ok else 503,
                    media_type="application/json",
                    headers={"Cache-Control": "no-store"})


def endpoint_path() -> str:
    """``/healthz`` under ``server.baseUrlPath``, like Streamlit's own routes."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{PATH}" if base else f"/{PATH}"


def routes() -> list[BaseRoute]:
    """The route ``asgi.py`` adds (``GET``, and ``HEAD`` that Starlette adds with it)."""
    return [Route(endpoint_path(), healthz, methods=["GET"])]
