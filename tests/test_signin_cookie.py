"""The sign-in cookie's endpoint and the browser id (issue 14, item 3): the cookie is set
by an HTTP response, HttpOnly and SameSite=Strict, only for the browser whose session
signed in, once, and only for the app's own same-origin fetch."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from app import signin_cookie as sc
from geo.access.token import COOKIE, Handoff

ORIGIN = "http://testserver"
OWN = {"Origin": ORIGIN, sc.HEADER: "1", "Sec-Fetch-Site": "same-origin"}


async def page(request):
    return HTMLResponse("<html></html>")


async def data(request):
    return JSONResponse({})


class Client:
    """A browser's HTTP side, enough for these tests: requests and a cookie jar.

    httpx on the ASGI app directly (Starlette's TestClient warns that its httpx use is
    deprecated).
    """

    def __init__(self) -> None:
        self.app = Starlette(routes=[*sc.routes(), Route("/", page), Route("/data", data)],
                             middleware=sc.middleware())
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, headers: dict | None = None) -> httpx.Response:
        async def send() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app),
                                         base_url=ORIGIN) as http:
                cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
                return await http.request(method, path, headers={
                    **(headers or {}), **({"Cookie": cookie} if cookie else {})})
        # in a thread of its own: the browser tests leave Playwright's loop running in this one
        with ThreadPoolExecutor(max_workers=1) as thread:
            response = thread.submit(asyncio.run, send()).result()
        for name, attributes in set_cookies(response).items():
            self.cookies[name] = attributes["value"]
        return response

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)

    def post(self, path: str, headers: dict) -> httpx.Response:
        return self.request("POST", path, headers)


@pytest.fixture
def client():
    sc.handoffs.clear()
    yield Client()
    sc.handoffs.clear()


def set_cookies(response) -> dict[str, dict[str, str]]:
    """The response's Set-Cookie headers: name -> attributes (lower case) and value."""
    cookies = {}
    for header in response.headers.get_list("set-cookie"):
        parsed = SimpleCookie(header)
        for name, morsel in parsed.items():
            attributes = {k: str(v) for k, v in morsel.items() if v}
            cookies[name] = {**attributes, "value": morsel.value}
    return cookies


def browser(client: Client) -> str:
    """Load the page once: the browser's id cookie, as the middleware gave it."""
    response = client.get("/")
    return set_cookies(response)[sc.BROWSER_COOKIE]["value"]


def collect(client: Client, browser_id: str | None, headers=OWN) -> httpx.Response:
    client.cookies = {sc.BROWSER_COOKIE: browser_id} if browser_id else {}
    return client.post(f"/{sc.PATH}", headers=headers)


def test_a_page_load_gives_the_browser_an_httponly_id_once(client):
    first = set_cookies(client.get("/"))[sc.BROWSER_COOKIE]
    assert first["httponly"] and first["samesite"] == "Lax" and first["path"] == "/"
    assert not first.get("secure") and len(first["value"]) >= 40
    assert sc.BROWSER_COOKIE not in set_cookies(client.get("/"))  # it has one now
    client.cookies.clear()
    assert set_cookies(client.get("/data")) == {}  # only HTML pages hand one out
    assert set_cookies(client.get("/"))[sc.BROWSER_COOKIE]["value"] != first["value"]


def test_the_endpoint_sets_the_waiting_token_as_an_httponly_strict_cookie_once(client):
    browser_id = browser(client)
    sc.handoffs().put(browser_id, Handoff("v1.token.signature", 3600), time.time())
    response = collect(client, browser_id)
    assert response.status_code == 204 and response.headers["cache-control"] == "no-store"
    cookie = set_cookies(response)[COOKIE]
    assert cookie["value"] == "v1.token.signature" and cookie["max-age"] == "3600"
    assert cookie["httponly"] and cookie["samesite"] == "strict" and cookie["path"] == "/"
    assert not cookie.get("secure")  # plain http: a Secure cookie would be dropped
    again = collect(client, browser_id)
    assert again.status_code == 410 and COOKIE not in set_cookies(again)  # single use


def test_over_https_the_cookie_is_secure(client):
    browser_id = browser(client)
    sc.handoffs().put(browser_id, Handoff("v1.token.signature", 60), time.time())
    response = collect(client, browser_id, {**OWN, "Origin": "https://testserver"})
    assert set_cookies(response)[COOKIE]["secure"]


def test_a_sign_out_deletes_the_cookie(client):
    browser_id = browser(client)
    sc.handoffs().put(browser_id, Handoff(None), time.time())
    cookie = set_cookies(collect(client, browser_id))[COOKIE]
    assert cookie["value"] == "" and cookie["max-age"] == "0" and cookie["httponly"]


@pytest.mark.parametrize("headers", [
    {},  # a plain form post from anywhere
    {"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"},  # no app header
    {sc.HEADER: "1", "Sec-Fetch-Site": "same-origin"},  # no Origin
    {**OWN, "Origin": "http://evil.example"},
    {**OWN, "Origin": "null"},
    {**OWN, "Sec-Fetch-Site": "cross-site"},
    {**OWN, "Sec-Fetch-Site": "same-site"},
], ids=["form", "no-header", "no-origin", "other-origin", "null-origin", "cross-site",
        "same-site"])
def test_another_site_cannot_collect_or_spend_the_handoff(client, headers):
    browser_id = browser(client)
    sc.handoffs().put(browser_id, Handoff("v1.token.signature", 60), time.time())
    refused = collect(client, browser_id, headers)
    assert refused.status_code == 403 and set_cookies(refused) == {}
    assert COOKIE in set_cookies(collect(client, browser_id))  # still waiting for its page


def test_only_the_browser_that_signed_in_gets_its_token(client):
    browser_id = browser(client)
    sc.handoffs().put(browser_id, Handoff("v1.token.signature", 60), time.time())
    for other in (None, "someone-else"):
        response = collect(client, other)
        assert response.status_code == 410 and set_cookies(response) == {}
    assert COOKIE in set_cookies(collect(client, browser_id))


def test_the_page_script_carries_no_token_and_names_the_endpoint():
    script = sc.collect_script()
    assert f'fetch("/{sc.PATH}"' in script and sc.HEADER in script and '"POST"' in script
    assert "v1." not in script and "cookie" not in script.split("fetch")[0]
