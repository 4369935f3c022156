"""Why a survey table is refused, in the user's language (the page) or English (the CLI).

A :class:`Problem` keeps a catalog code (``survey.msg.<code>``) and its values, and the
items it lists (area codes, or a row and its value), so that the same refusal reads
"okända områdeskoder (2): …" on the Swedish page and "unknown area codes (2): …" in the
CLI. Lists stop after :data:`LIST_LIMIT` items with "and N more".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo import i18n

#: How many bad values or codes a refusal lists before "and N more".
LIST_LIMIT = 10
#: Language of messages outside the page (CLI, logs, exceptions).
CLI_LANGUAGE = "en"


@dataclass(frozen=True)
class Phrase:
    """A piece of a message in any language: ``row 4: '20x0'``, ``year (or År)``."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """The phrase in ``lang``."""
        return i18n.t(f"survey.msg.{self.code}", lang, **self.values)


def row_value(row: int, value: object) -> Phrase:
    """A bad value and the file's line (or the table's row) it stands on."""
    return Phrase("row_value", {"row": row, "value": value})


@dataclass(frozen=True)
class Problem:
    """One reason a table is refused: a code, its values and the items it lists.

    A value that is a tuple of phrases is written out in ``lang`` and joined by ``; ``.
    """

    code: str
    values: dict[str, Any] = field(default_factory=dict)
    items: tuple[str | Phrase, ...] = ()

    def text(self, lang: str = CLI_LANGUAGE) -> str:
        """The reason in ``lang``; a kind of area by its name in that language."""
        values = {name: "; ".join(_text(part, lang) for part in value)
                  if isinstance(value, tuple) else value
                  for name, value in self.values.items()}
        if "kind" in values:
            values["kind"] = i18n.t(f"meeting.kind.{values['kind']}", lang)
        if self.items:
            values["n"] = len(self.items)
            values["items"] = listing(self.items, lang)
        return i18n.t(f"survey.msg.{self.code}", lang, **values)


def _text(part: str | Phrase, lang: str) -> str:
    return part if isinstance(part, str) else part.text(lang)


def listing(items: tuple[str | Phrase, ...], lang: str) -> str:
    """The first :data:`LIST_LIMIT` items, then "and N more"."""
    shown = ", ".join(_text(item, lang) for item in items[:LIST_LIMIT])
    if len(items) > LIST_LIMIT:
        shown += i18n.t("survey.msg.more", lang, n=len(items) - LIST_LIMIT)
    return shown


class SurveyError(ValueError):
    """A table refused; every problem found, in any language (:meth:`lines`)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.found = problems
        super().__init__("; ".join(self.problems))

    @property
    def problems(self) -> list[str]:
        """One English sentence per problem (the CLI's, and the tests')."""
        return self.lines(CLI_LANGUAGE)

    def lines(self, lang: str) -> list[str]:
        """One sentence per problem in ``lang``."""
        return [p.text(lang) for p in self.found]
