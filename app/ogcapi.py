"""The OGC API – Features (``/ogcapi``) as routes of the app's own server.

``asgi.py`` adds :func:`routes` to ``st.App``: Streamlit 1.67 puts an app's routes before
its own and reserves only ``/_stcore/``, ``/media/``, ``/component/`` and ``/static/``,
so the API lives beside the pages in the same process, behind the same proxy, on the
same store. The documents come from :mod:`geo.ogcapi`; this module only turns requests
into calls and answers into responses. The endpoints are plain functions, so Starlette
runs them on its thread pool and a slow read never holds up the pages' websockets.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from app import cached
from geo import config, ogcapi
from geo.ogcapi.api import Answer, language
from geo.store.base import Store

PATH = "ogcapi"
log = logging.getLogger(__name__)


def prefix() -> str:
    """The API's path, under ``server.baseUrlPath`` like Streamlit's own routes."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{PATH}" if base else f"/{PATH}"


def _respond(answer: Answer) -> Response:
    """The answer as JSON; open to every origin (public data, read-only, no cookies)."""
    body = json.dumps(answer.body, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=answer.status, media_type=answer.media_type,
                    headers={"Access-Control-Allow-Origin": "*", **answer.headers})


def _endpoint(make: Callable[[Request, Store, str, str], Answer]) -> Callable[[Request], Response]:
    """A Starlette endpoint around ``make(request, store, base, lang)``.

    A refusal (:class:`geo.ogcapi.OgcError`) becomes its OGC exception document; anything
    else is logged here and answered with a short text in the reader's language (no
    path, no Python message leaves the server).
    """

    def endpoint(request: Request) -> Response:
        lang = language(request.headers.get("accept-language"))
        base = str(request.url.replace(path=prefix(), query="")).rstrip("/")
        try:
            return _respond(make(request, cached.store(config.db_location()), base, lang))
        except ogcapi.OgcError as problem:
            return _respond(ogcapi.error(problem, lang))
        except Exception:  # noqa: BLE001 - logged; the client gets the OGC 500 document
            log.exception("OGC API request failed: %s", request.url.path)
            return _respond(ogcapi.error(
                ogcapi.OgcError(500, "ServerError", "ogcapi.error.server"), lang))

    return endpoint


def _params(request: Request) -> dict[str, str]:
    return dict(request.query_params)


def _not_found(request: Request, store: Store, base: str, lang: str) -> Answer:
    raise ogcapi.OgcError(404, "NotFound", "ogcapi.error.collection")


def routes() -> list[BaseRoute]:
    """The API's routes (``asgi.py`` adds them to the app's)."""
    root = prefix()
    landing = _endpoint(lambda r, s, b, lang: ogcapi.landing(b, _params(r), lang))
    return [
        Route(root, landing, methods=["GET"]),
        Route(f"{root}/", landing, methods=["GET"]),
        Route(f"{root}/api", _endpoint(
            lambda r, s, b, lang: ogcapi.api_definition(b, _params(r), lang)), methods=["GET"]),
        Route(f"{root}/conformance", _endpoint(
            lambda r, s, b, lang: ogcapi.conformance(_params(r))), methods=["GET"]),
        Route(f"{root}/collections", _endpoint(
            lambda r, s, b, lang: ogcapi.collections(s, b, _params(r), lang)), methods=["GET"]),
        Route(f"{root}/collections/{{cid}}", _endpoint(
            lambda r, s, b, lang: ogcapi.collection(s, b, r.path_params["cid"], _params(r),
                                                    lang)), methods=["GET"]),
        Route(f"{root}/collections/{{cid}}/items", _endpoint(
            lambda r, s, b, lang: ogcapi.items(s, b, r.path_params["cid"], _params(r), lang)),
            methods=["GET"]),
        Route(f"{root}/collections/{{cid}}/items/{{fid}}", _endpoint(
            lambda r, s, b, lang: ogcapi.item(s, b, r.path_params["cid"], r.path_params["fid"],
                                              _params(r), lang)), methods=["GET"]),
        # anything else under the prefix is the API's 404, not the app's HTML page
        Route(f"{root}/{{rest:path}}", _endpoint(_not_found), methods=["GET"]),
    ]
