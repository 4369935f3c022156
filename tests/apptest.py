"""Running one page of the app alone under AppTest, and keeping what it offers for download."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest


def page_runner(page: str, db: Path | str, monkeypatch: pytest.MonkeyPatch,
                defaults: Mapping[str, str] | None = None) -> Callable[..., AppTest]:
    """Run ``page`` alone (as st.navigation would) on the store ``db``, no basemap.

    The returned function takes the language and URL parameters (over ``defaults``).
    """
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")

    def run(lang: str = "sv", **params: str) -> AppTest:
        at = AppTest.from_file(page, default_timeout=60)
        at.session_state["lang"] = lang
        for name, value in {**(defaults or {}), **params}.items():
            at.query_params[name] = value
        return at.run()

    return run


def keep_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The bytes behind each download button, by media file id (AppTest drops them)."""
    saved: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        saved[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return saved
