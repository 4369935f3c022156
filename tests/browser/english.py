"""English that must not show in the Swedish interface (issue 14, item 9).

:func:`english_leaks` reads the visible text of the page (and of its map iframe) and
returns the English words and phrases from :data:`ENGLISH` that it finds, so that a
journey test can assert ``english_leaks(page) == []`` after each step of a Swedish run.
User data (names, descriptions) is Swedish in the fixture, so a hit is the interface's.
"""

from __future__ import annotations

import re
from typing import Any

#: Texts that Streamlit, Leaflet.draw or our own code showed in English in the Swedish UI.
ENGLISH: tuple[str, ...] = (
    "Page not found", "does not seem to exist", "Drag and drop", "Browse files", "Upload",
    "Limit 64MB", "per file", "Finish", "Cancel", "Delete last point", "Draw a polygon",
    "Draw a marker", "Draw a polyline", "Click to start", "lies outside", "unsafe_places",
    "watch_areas", "python -m geo", "Press Enter", "Choose an option", "No results",
)

_HIDDEN_TEXT_JS = """() => {
  // the text a person can read: visible elements, plus the tooltips (title) of visible ones
  // (not placeholders: Streamlit keeps its own English one on inputs that show ours)
  const out = [document.body.innerText];
  document.querySelectorAll('[title]').forEach((el) => {
    if (el.offsetParent === null && el.tagName !== 'BODY') return;
    out.push(el.getAttribute('title'));
  });
  return out.join('\\n');
}"""


def visible_text(page: Any) -> str:
    """The page's readable text, with that of its map iframes."""
    texts = [page.evaluate(_HIDDEN_TEXT_JS)]
    for frame in page.frames:
        if frame is page.main_frame or "streamlit_folium" not in (frame.url or ""):
            continue
        try:
            texts.append(frame.evaluate(_HIDDEN_TEXT_JS))
        except Exception:  # noqa: BLE001 - a frame that went away while being read
            continue
    return "\n".join(texts)


def english_leaks(page: Any, allowed: tuple[str, ...] = ()) -> list[str]:
    """The phrases of :data:`ENGLISH` (as whole words) in the page's readable text."""
    text = visible_text(page)
    return [phrase for phrase in ENGLISH if phrase not in allowed
            and re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]
