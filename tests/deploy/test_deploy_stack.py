"""The loopback deployment over HTTP, without a browser: nginx answers over TLS only,
keeps a browser on one instance by its own cookie, spreads new browsers over all of
them, passes the health check through, and refuses a body larger than the app would."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
from collections import Counter

import pytest

import geo
from app.health import FRESH_S
from tests.deploy.stack import get, insecure_context

NODE = "trygghetskartan_node"


def health(url: str, cookie: str | None = None) -> tuple[int, dict, dict[str, str]]:
    status, headers, body = get(f"{url}/healthz", {"Cookie": cookie} if cookie else None)
    return status, json.loads(body), headers


def node_cookie(headers: dict[str, str]) -> str | None:
    """The ``name=value`` of the routing cookie nginx set, if it set one."""
    for line in headers.get("set-cookie", "").splitlines():
        if line.startswith(f"{NODE}="):
            return line.split(";", 1)[0]
    return None


def test_each_instance_answers_its_own_health_check(stack):
    for port, name in stack.instances.items():
        status, body, headers = health(stack.direct(port))
        assert status == 200
        assert body == {"status": "ok", "store": "ok", "backend": "postgis",
                        "version": geo.__version__, "instance": name}
        assert name.endswith(f"-{port}") and headers["cache-control"] == "no-store"
    assert len(set(stack.instances.values())) == len(stack.instances) == 2


def test_nginx_keeps_a_browser_on_one_instance_and_spreads_new_ones(stack):
    seen: Counter[str] = Counter()
    for _ in range(16):  # 16 new browsers: each instance gets some (1 in 2**15 to miss)
        status, body, headers = health(stack.url)
        assert status == 200
        cookie = node_cookie(headers)
        assert cookie is not None
        assert "HttpOnly" in headers["set-cookie"] and "Secure" in headers["set-cookie"]
        assert headers["strict-transport-security"] == "max-age=63072000"
        seen[body["instance"]] += 1
        for _ in range(2):  # the same browser again: the same instance, no new cookie
            again_status, again, again_headers = health(stack.url, cookie)
            assert again_status == 200 and again["instance"] == body["instance"]
            assert node_cookie(again_headers) is None
    assert set(seen) == set(stack.instances.values()), seen


def test_a_forged_routing_cookie_is_replaced(stack):
    status, _, headers = health(stack.url, f"{NODE}=../../etc; other=1")
    assert status == 200 and node_cookie(headers) is not None


def test_plain_http_only_redirects_to_https(stack):
    status, headers, _ = get(f"{stack.http_url}/healthz?x=1")
    assert status == 301
    assert headers["location"] == f"{stack.url}/healthz?x=1"


def test_tls_is_1_2_or_newer_with_forward_secret_ciphers(stack):
    host, port = stack.url.removeprefix("https://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw, \
            insecure_context().wrap_socket(raw) as tls:
        assert tls.version() == "TLSv1.3"
    old = insecure_context()
    old.maximum_version = ssl.TLSVersion.TLSv1_2
    old.set_ciphers("AES128-SHA")  # RSA key exchange, CBC: not offered by the server
    with socket.create_connection((host, int(port)), timeout=10) as raw, \
            pytest.raises(ssl.SSLError):
        old.wrap_socket(raw)


def test_a_body_over_the_apps_upload_limit_is_refused_by_nginx(stack):
    host, port = stack.url.removeprefix("https://").split(":")
    for size, refused in ((66 * 1024 * 1024, True), (1024, False)):
        connection = http.client.HTTPSConnection(host, int(port), timeout=10,
                                                 context=insecure_context())
        connection.putrequest("PUT", "/_stcore/upload_file/session/file")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        if not refused:
            connection.send(b"x" * size)
        status = connection.getresponse().status
        connection.close()
        assert (status == 413) == refused, (size, status)


def test_a_store_that_refuses_connections_makes_every_health_check_503(stack, pg_cluster):
    """The database refuses the app's user: each instance, and nginx, answer 503 with a
    reason that names no server; once it accepts again, 200. (Open pages keep their
    pooled connections; the check opens a new one, as a restarted instance would.)"""
    revoke = "REVOKE CONNECT ON DATABASE trygghetskartan FROM PUBLIC, trygghetskartan"
    pg_cluster.sql("postgres", revoke)
    try:
        time.sleep(FRESH_S)  # the probe's last answer (at most FRESH_S old) has expired
        for url in (*(stack.direct(port) for port in stack.instances), stack.url):
            status, body, headers = health(url)
            assert status == 503, url
            assert body["status"] == "unavailable" and body["store"] == "unreachable"
            assert body["reason"] == "The store does not answer."
            assert headers["content-type"] == "application/json"
            text = json.dumps(body)
            assert "127.0.0.1" not in text and "trygghetskartan@" not in text
    finally:
        pg_cluster.sql("postgres", revoke.replace("REVOKE", "GRANT").replace("FROM", "TO"))
    time.sleep(FRESH_S)
    assert all(health(stack.direct(port))[0] == 200 for port in stack.instances)
