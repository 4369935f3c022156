"""The sign-in cookie's own HTTP endpoint, so that the cookie can be HttpOnly.

A page script talks to the browser over Streamlit's websocket and cannot send a
``Set-Cookie`` header, and a cookie that page JavaScript writes cannot be HttpOnly. So
``asgi.py`` serves the app through ``st.App`` (Streamlit 1.67's documented ASGI entry) with
two additions from here:

- :class:`BrowserIdMiddleware` gives every browser a random id in an HttpOnly cookie on
  its first page load. The page's websocket carries it, so the session knows it
  (``st.context.cookies``); no script in the page can read it.
- :func:`apply_cookie` (``POST /api/signin-cookie``) sets or deletes the sign-in cookie
  (HttpOnly, ``SameSite=Strict``, ``Secure`` over HTTPS). It does only what a signed-in
  (or signing-out) session left for this browser id in :func:`handoffs` (single use,
  30 seconds), and only for a same-origin ``fetch`` with the app's own header: a request
  from another site, or without the browser's id cookie, changes nothing.

Why the handoff is safe: the token never leaves the server except in this endpoint's
``Set-Cookie`` header. The page gets no code and no token, only the instruction to call
the endpoint; whoever calls it without the browser's HttpOnly id gets nothing, and a
stolen id alone is worth one waiting handoff for at most 30 seconds after that browser's
own sign-in (which the page collects at once).
"""

from __future__ import annotations

import json
import secrets
import time
from urllib.parse import urlsplit

import streamlit as st
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo.access.token import COOKIE, Handoff, Handoffs

#: The browser's own random id (HttpOnly): whose handoff the endpoint may give out.
BROWSER_COOKIE = "trygghetskartan_browser"
#: The header the page's ``fetch`` sends: another site's form cannot, its ``fetch`` would
#: need a CORS preflight that this server never grants.
HEADER = "X-Trygghetskartan-Signin"
PATH = "api/signin-cookie"


@st.cache_resource(show_spinner=False)
def handoffs() -> Handoffs:
    """The handoffs of this server process, shared by page scripts and the endpoint.

    A cached resource, not a module global: Streamlit re-imports changed modules while it
    runs, and the endpoint must keep seeing the store that the sessions write to. No
    spinner: the endpoint calls it outside any session (a spinner there logs a warning).
    """
    return Handoffs()


def endpoint_path() -> str:
    """The endpoint's path, under ``server.baseUrlPath`` like Streamlit's own routes."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{PATH}" if base else f"/{PATH}"


def _same_origin(request: Request) -> str | None:
    """The page's origin when the request is the app's own ``fetch``, else None.

    Every browser sends ``Origin`` with a ``POST`` fetch; it must name the host the request
    was sent to. ``Sec-Fetch-Site`` (when the browser sends it) must say the same.
    """
    origin = request.headers.get("origin", "")
    if request.headers.get(HEADER) != "1" or not origin:
        return None
    if request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return None
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or parts.netloc != request.headers.get("host"):
        return None
    return origin


async def apply_cookie(request: Request) -> Response:
    """Set or delete the sign-in cookie as the browser's waiting handoff says."""
    origin = _same_origin(request)
    if origin is None:
        return Response(status_code=403, headers={"Cache-Control": "no-store"})
    browser_id = request.cookies.get(BROWSER_COOKIE)
    handoff = handoffs().take(browser_id, time.time()) if browser_id else None
    if handoff is None:
        return Response(status_code=410, headers={"Cache-Control": "no-store"})
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = origin.startswith("https:")
    if handoff.token:
        response.set_cookie(COOKIE, handoff.token, max_age=handoff.max_age, path="/",
                            secure=secure, httponly=True, samesite="strict")
    else:
        response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True,
                               samesite="strict")
    return response


class BrowserIdMiddleware:
    """Give a browser its random id cookie with the first HTML page it loads.

    Only HTML responses to ``GET`` carry it (not every script, image or websocket), and
    only when the request came without one. ``SameSite=Lax``: the id is no credential,
    and a link from another site must not replace it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or BROWSER_COOKIE in HTTPConnection(scope).cookies):
            await self.app(scope, receive, send)
            return
        secure = "; Secure" if scope.get("scheme") == "https" else ""

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.append("set-cookie", f"{BROWSER_COOKIE}={secrets.token_urlsafe(32)}"
                                   f"; Path=/; HttpOnly; SameSite=Lax{secure}")
            await send(message)

        await self.app(scope, receive, send_with_id)


def routes() -> list[BaseRoute]:
    """The routes ``asgi.py`` adds to Streamlit's."""
    return [Route(endpoint_path(), apply_cookie, methods=["POST"])]


def middleware() -> list[Middleware]:
    """The middleware ``asgi.py`` puts in front of Streamlit's."""
    return [Middleware(BrowserIdMiddleware)]


# -- the page side (a page script, in a session) ----------------------------------------


def browser_id() -> str | None:
    """The id cookie of the session's browser, as its websocket brought it (or None)."""
    try:
        value = st.context.cookies.get(BROWSER_COOKIE)
    except Exception:  # noqa: BLE001 - no browser context (AppTest, a bare script run)
        return None
    return value if isinstance(value, str) and value else None


def hand_over(token: str | None, max_age: int = 0) -> bool:
    """Leave a cookie change for this browser; True when the page should now collect it.

    False without a browser id (the app started as ``streamlit run dashboard.py``, or a
    page opened before the id existed): the sign-in then holds for this session only.
    """
    browser = browser_id()
    if browser is None:
        return False
    handoffs().put(browser, Handoff(token, max(0, max_age)), time.time())
    return True


def collect_script() -> str:
    """The page script that asks the endpoint to apply this browser's waiting handoff."""
    options = {"method": "POST", "credentials": "same-origin", "cache": "no-store",
               "headers": {HEADER: "1"}}
    return f"<script>fetch({json.dumps(endpoint_path())}, {json.dumps(options)});</script>"
