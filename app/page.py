"""What every page starts from: the language, its catalog, the store and its data version."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import NamedTuple

import streamlit as st

from app import cached
from geo import config, i18n
from geo.store import Store


class PageStart(NamedTuple):
    lang: str
    t: Mapping[str, str]
    store: Store
    location: str
    version: str


def open_page() -> PageStart:
    """The page's language and store; stops the page with a notice when there is no store.

    ``version`` is the store's data version: the key of every cached read, so an edit
    made by another session or app instance shows on the next rerun.
    """
    lang = i18n.language(st.session_state.get("lang"))
    t = i18n.catalog(lang)
    store = cached.current_store()
    if not store.exists():
        # the visitor reads that the data cannot be reached; the operator reads the log
        logging.getLogger("trygghetskartan").error(
            "no store at %s: run `make run` or `python -m geo init --example`",
            config.db_location())
        st.error(t["notices.store_missing"])
        st.stop()
    return PageStart(lang, t, store, config.db_location(), store.data_version())
