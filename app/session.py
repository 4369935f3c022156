"""Who is signed in: OpenID Connect through ``st.login``, or a local account.

The role comes from the users table (keyed by e-mail) — for OIDC users too, so
that an admin decides who edits what; an OIDC ``roles`` claim is used only for
an e-mail the table does not know. An OIDC identity counts only when the provider
says its e-mail is verified (``email_verified``); without that, or without a role,
the visitor is the public.

Local sign-ins go through :func:`geo.access.signin.sign_in`: throttled per account and per
client (:mod:`geo.access.throttle`, state kept per app instance), one generic message for
every refusal, and a line in the audit log (:mod:`geo.audit`).

A local sign-in survives a reload (F5) and ends after a set time: a signed, expiring
token (:mod:`geo.access.token`) kept in an HttpOnly cookie that the app's own endpoint sets
(:mod:`app.signin_cookie`), checked on the server when a new browser session starts;
signing out revokes it and has the endpoint delete the cookie.
"""

from __future__ import annotations

import secrets
import time

import streamlit as st
from streamlit import runtime

from app import signin_cookie
from geo import i18n
from geo.access import token as signin_token
from geo.access.auth import PUBLIC, Role, User
from geo.access.signin import log_oidc, log_sign_out, sign_in
from geo.access.throttle import Throttle, ThrottleSettings
from geo.escape import inert
from geo.store import Store

LOCAL_KEY = "_local_user"
CLIENT_KEY = "_client_key"
OIDC_LOGGED_KEY = "_oidc_logged"
#: Until when this session's local sign-in holds (seconds since the epoch).
LOCAL_EXPIRES_KEY = "_local_expires"
LOCAL_TOKEN_KEY = "_local_token_id"
#: A cookie change waits for this browser: the sidebar asks the endpoint to apply it.
COOKIE_PENDING_KEY = "_signin_cookie_pending"
#: The cookie of this browser session was looked at (once: a reload starts a new session).
COOKIE_CHECKED_KEY = "_signin_cookie_checked"
ROLE_CLAIMS = ("roles", "role")


@st.cache_resource
def throttle() -> Throttle:
    """The sign-in throttle of this app instance (settings from ``TRYGGHETSKARTAN_LOGIN_*``)."""
    return Throttle(ThrottleSettings.from_env())


def client_address() -> str:
    """The client's address, or this browser session's own key when Streamlit has none.

    ``st.context.ip_address`` is None on loopback and may be the proxy's address (or
    None) behind a reverse proxy; then failures are counted per browser session, which
    a new session resets — the per-account count still holds.
    """
    address = st.context.ip_address
    if isinstance(address, str) and address:
        return address
    if CLIENT_KEY not in st.session_state:
        st.session_state[CLIENT_KEY] = "session:" + secrets.token_hex(8)
    return st.session_state[CLIENT_KEY]


def email_verified() -> bool:
    """True when the OIDC provider says the signed-in e-mail is verified."""
    value = st.user.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


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
        user = _from_oidc(store, email)
        if st.session_state.get(OIDC_LOGGED_KEY) != email:
            st.session_state[OIDC_LOGGED_KEY] = email
            log_oidc(email, client_address(), user.role.value, verified=email_verified())
        return user
    if not st.session_state.get(COOKIE_CHECKED_KEY):
        st.session_state[COOKIE_CHECKED_KEY] = True
        _restore_from_cookie(store)
    email = st.session_state.get(LOCAL_KEY)
    expires = st.session_state.get(LOCAL_EXPIRES_KEY)
    if email and isinstance(expires, (int, float)) and expires <= time.time():
        _end_local_sign_in()  # the set time has passed
        email = None
    if email:
        known = store.user(email)
        if known is not None:
            return known[0]
        _end_local_sign_in()  # the account was removed meanwhile
    return PUBLIC


@st.cache_resource
def _signing_secret() -> bytes:
    """The secret that signs sign-in tokens (configured, or one per server process)."""
    return signin_token.configured_secret() or signin_token.new_secret()


@st.cache_resource
def _revoked() -> dict[str, float]:
    """Token ids signed out before they expired (this app instance), with their expiry."""
    return {}


def _restore_from_cookie(store: Store) -> None:
    """A reload: the sign-in cookie names an account whose sign-in still holds."""
    if not runtime.exists():  # no server, so no browser and no cookie (AppTest, a bare run)
        return
    token = st.context.cookies.get(signin_token.COOKIE)
    claims = signin_token.verify(token, _signing_secret(), time.time(), _revoked())
    if claims is None:
        if token:
            _change_cookie(None)  # tampered, expired or signed out: the browser drops it
        return
    if store.user(claims.email) is None:
        _change_cookie(None)
        return
    st.session_state[LOCAL_KEY] = claims.email
    st.session_state[LOCAL_EXPIRES_KEY] = claims.expires
    st.session_state[LOCAL_TOKEN_KEY] = claims.token_id


def _start_local_sign_in(email: str) -> None:
    token, claims = signin_token.issue(email, _signing_secret(), time.time(),
                                       signin_token.lifetime())
    st.session_state[LOCAL_KEY] = email
    st.session_state[LOCAL_EXPIRES_KEY] = claims.expires
    st.session_state[LOCAL_TOKEN_KEY] = claims.token_id
    _change_cookie(token, claims.expires - int(time.time()))


def _end_local_sign_in() -> None:
    """Sign out locally: revoke the token, forget it here, delete the browser's cookie."""
    token_id = st.session_state.pop(LOCAL_TOKEN_KEY, None)
    expires = st.session_state.pop(LOCAL_EXPIRES_KEY, None)
    if isinstance(token_id, str):
        revoked = _revoked()
        now = time.time()
        for old in [k for k, until in revoked.items() if until <= now]:
            revoked.pop(old, None)
        revoked[token_id] = float(expires or now + signin_token.lifetime())
    st.session_state.pop(LOCAL_KEY, None)
    _change_cookie(None)


def _change_cookie(token: str | None, max_age: int = 0) -> None:
    """Have the browser's sign-in cookie set to ``token`` (or deleted) on this run."""
    if signin_cookie.hand_over(token, max_age):
        st.session_state[COOKIE_PENDING_KEY] = True


def _apply_cookie() -> None:
    """Ask the endpoint to apply the waiting cookie change, once per change.

    The page gets no token, only a ``fetch`` of the endpoint; the ``Set-Cookie`` of its
    answer is the only place the token is sent to the browser.
    """
    if st.session_state.pop(COOKIE_PENDING_KEY, None):
        st.html(signin_cookie.collect_script(), unsafe_allow_javascript=True)


def _from_oidc(store: Store, email: str) -> User:
    if not email or not email_verified():
        return PUBLIC
    known = store.user(email)
    if known is not None:
        return known[0]
    return _from_claims(email)


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
    _apply_cookie()
    if user.role is PUBLIC.role and st.user.get("is_logged_in") and not email_verified():
        st.warning(t["auth.email_unverified"])
    if user.role is not Role.PUBLIC or st.user.get("is_logged_in"):
        # as escaped text, not Markdown: Markdown makes the address a mailto link, and
        # Streamlit fades links in captions to a contrast of 2.9:1 (WCAG 1.4.3: 4.5:1)
        shown = user.email or (str(st.user.get("email") or "") if email_verified() else "")
        if shown:
            st.html('<p style="font-size:0.875rem;margin:0">' + inert(i18n.t(
                "auth.signed_in_as", lang, email=shown,
                role=t[f"auth.role_{user.role.value}"])) + "</p>")
        if st.button(t["auth.logout"], key="logout"):
            log_sign_out(user.email or str(st.user.get("email") or ""), client_address())
            _end_local_sign_in()
            st.session_state.pop(OIDC_LOGGED_KEY, None)
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
                result = sign_in(store.user, email, password, client=client_address(),
                                 throttle=throttle())
                if result.user is not None:
                    _start_local_sign_in(result.user.email)
                    st.rerun()
                st.error(t["auth.failed"])
