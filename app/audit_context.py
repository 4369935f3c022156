"""Who and from where, for the audit log (:mod:`geo.audit`): bound at the start of every run.

``dashboard.py`` binds the visitor before the sign-in panel runs (so that a sign-in's line
says where it came from) and the signed-in user after, so that every write, import and
export of the run is logged as that person without being handed them.

From where: the address Streamlit saw (``st.context.ip_address``; a browser session's own
key when it has none, as on loopback) and, behind a proxy, ``X-Forwarded-For`` as the proxy
sent it. Only valid IP addresses of that header are kept (it is the client's text until a
proxy replaces it); with one proxy in front, the last address is the one the proxy saw.
"""

from __future__ import annotations

import ipaddress

import streamlit as st

from app.session import client_address
from geo import audit
from geo.access.auth import User

FORWARDED_HEADER = "X-Forwarded-For"
#: The addresses of the header kept, at most (the last ones: the nearest proxies added them).
MAX_FORWARDED = 4


def forwarded_for(value: str | None) -> str | None:
    """The valid IP addresses of an ``X-Forwarded-For`` value, comma-separated, or None."""
    kept = []
    for part in (value or "").split(","):
        try:
            kept.append(str(ipaddress.ip_address(part.strip())))
        except ValueError:
            continue  # not an address: a client's text is not logged
    return ", ".join(kept[-MAX_FORWARDED:]) or None


def bind(user: User) -> None:
    """Bind ``user`` and this browser session's addresses for the rest of the run."""
    audit.ensure_configured()
    headers = st.context.headers
    audit.bind(audit.Actor(who=user.email or "public", role=user.role.value,
                           client=client_address(),
                           forwarded_for=forwarded_for(headers.get(FORWARDED_HEADER))))
