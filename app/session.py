"""Who is signed in: OpenID Connect through ``st.login``, or a local account.

The role comes from the users table (keyed by e-mail) — for OIDC users too, so
that an admin decides who edits what; an OIDC ``roles`` claim is used only for
an e-mail the table does not know. Without either, the visitor is the public.
"""

from __future__ import annotations

import streamlit as st

from geo import i18n
from geo.auth import PUBLIC, Role, User, check_password
from geo.escape import inert
from geo.store import Store

LOCAL_KEY = "_local_user"
ROLE_CLAIMS = ("roles", "role")


def oidc_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section for ``st.login``."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def current_user(store: Store) -> User:
    """The signed-in user (or the public), looked up afresh on every run."""
    if st.user.get("is_logged_in"):
        email = str(st.user.get("email") or "")
        known = store.user(email)
        if known is not None:
            return known[0]
        return _from_claims(email)
    email = st.session_state.get(LOCAL_KEY)
    if email:
        known = store.user(email)
        if known is not None:
            return known[0]
        st.session_state.pop(LOCAL_KEY, None)  # the account was removed meanwhile
    return PUBLIC


def _from_claims(email: str) -> User:
    for claim in ROLE_CLAIMS:
        value = st.user.get(claim)
        roles = value if isinstance(value, list) else [value]
        for role in (Role.ADMIN, Role.EDITOR):
            if role.value in roles:
                kommuner = st.user.get("kommuner") or []
                return User(email=email, role=role, kommuner=tuple(kommuner))
    return PUBLIC


def login_panel(store: Store, user: User, lang: str) -> None:
    """The sidebar's sign-in and sign-out controls."""
    t = i18n.catalog(lang)
    if user.role is not Role.PUBLIC:
        # as escaped text, not Markdown: Markdown makes the address a mailto link, and
        # Streamlit fades links in captions to a contrast of 2.9:1 (WCAG 1.4.3: 4.5:1)
        st.html('<p style="font-size:0.875rem;margin:0">' + inert(i18n.t(
            "auth.signed_in_as", lang, email=user.email,
            role=t[f"auth.role_{user.role.value}"])) + "</p>")
        if st.button(t["auth.logout"], key="logout"):
            st.session_state.pop(LOCAL_KEY, None)
            if st.user.get("is_logged_in"):
                st.logout()
            st.rerun()
        return
    with st.expander(t["auth.login"]):
        if oidc_configured() and st.button(t["auth.login_oidc"], key="login_oidc"):
            st.login()
        with st.form("local_login", clear_on_submit=True):
            email = st.text_input(t["auth.email"], key="login_email")
            password = st.text_input(t["auth.password"], type="password", key="login_password")
            if st.form_submit_button(t["auth.login"]):
                known = store.user(email.strip())
                if known is not None and check_password(known[1], password):
                    st.session_state[LOCAL_KEY] = known[0].email
                    st.rerun()
                st.error(t["auth.failed"])
