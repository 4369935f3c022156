"""The check for English in the Swedish interface (tests/browser/english.py), without a browser:
it finds the English that leaked before, line by line, and none in the Swedish catalog."""

from __future__ import annotations

import re

import pytest

from geo import i18n
from tests.browser.english import leaks_in


@pytest.mark.parametrize("line", [
    "Skip to main content", "Zoom in", "1000 ft", "Choose an option", "No data",
    "Download the table", "Drag and drop file here", "Page not found", "Loading...",
    "Search", "Select all", "Show more", "Click on the map",
])
def test_an_english_line_is_found_and_named(line: str) -> None:
    found = leaks_in(["Trygghetskartan", line, "Otrygga platser"])
    assert len(found) == 1 and found[0].startswith(repr(line)), found


def _as_shown(text: str) -> str:
    """A catalog text as a page shows it: no {placeholders}, no `code`."""
    return re.sub(r"`[^`]*`|\{[^}]*\}", " ", text)


def test_the_swedish_catalog_has_no_english_words() -> None:
    lines = [_as_shown(text) for text in i18n.catalog("sv").values()]
    assert leaks_in(lines) == []


def test_the_english_catalog_is_found_english() -> None:
    """The other side: most of the English catalog's longer texts are found (the word list
    is not too thin to notice English)."""
    texts = [_as_shown(text) for text in i18n.catalog("en").values() if len(text) > 40]
    assert len(leaks_in(texts)) > 0.9 * len(texts)


def test_user_data_and_code_names_are_not_english() -> None:
    assert leaks_in(["Sparat: ny.redaktor@tomelilla.se", "show_on_map",
                     "trygghetskartan.csv", "Mörkt vid Open Gate"],
                    allowed=("Open Gate",)) == []
