"""Trygghetskartan's server: the Streamlit app (``dashboard.py``) and its HTTP routes.

Start it with ``streamlit run asgi.py`` (``make run``): Streamlit sees the ``st.App`` below
and serves it with its own uvicorn runner, flags and ``.streamlit/config.toml`` as usual.
``st.App`` is Streamlit 1.67's documented way to add HTTP routes and middleware; the app
needs them so that the local sign-in cookie is set by an HTTP response and can be HttpOnly
(:mod:`app.signin_cookie`). ``streamlit run dashboard.py`` still works, but a local sign-in
then lasts only until the page is reloaded.

The same server answers the read-only OGC API – Features under ``/ogcapi`` (:mod:`app.ogcapi`).
"""

from __future__ import annotations

import streamlit as st

from app import health, ogcapi
from app.signin_cookie import middleware, routes

# named streamlit_app (which Streamlit also looks for), not app: that is the package
streamlit_app = st.App("dashboard.py", routes=routes() + health.routes() + ogcapi.routes(),
                       middleware=middleware())
