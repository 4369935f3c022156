"""Running one page of the app alone under AppTest, and keeping what it offers for download."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
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


def keep_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What is behind each download button, by media file id (AppTest drops them).

    The bytes, or for a deferred download (made when the button is pressed) the
    callable that makes them.
    """
    saved: dict[str, Any] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        saved[file_id] = path_or_data
        return file_id

    def keep_deferred(self, data_callable, *args, **kwargs):
        file_id = original_deferred(self, data_callable, *args, **kwargs)
        saved[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_deferred)
    return saved
