"""A file refused as a whole, with a reason that names what is wrong (no traceback).

Reasons are catalog keys (``io.msg.<code>``) with values, so the page shows them in
the user's language and the CLI in English; :class:`Refused` is a ``ValueError`` so
the CLI prints it as one ``geo: error:`` line with exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo import i18n

#: Language of messages outside the page (CLI, logs, exceptions).
CLI_LANGUAGE = "en"


@dataclass(frozen=True)
class Words:
    """A value of a message that is itself catalog text: a field's label, allowed values.

    Rendered in the message's language (:func:`message`), so a refusal made once reads
    "Källa" on the Swedish page and "Source" in the CLI. ``keys`` are joined by ", ".
    """

    keys: tuple[str, ...]

    def text(self, lang: str) -> str:
        return ", ".join(i18n.t(key, lang) for key in self.keys)

    def __str__(self) -> str:
        return self.text(CLI_LANGUAGE)


@dataclass(frozen=True)
class Rule:
    """A model rule a value broke (:class:`~geo.domain.validation.ValidationError`), as words."""

    code: str
    values: tuple[tuple[str, Any], ...]
    fallback: str

    def text(self, lang: str) -> str:
        try:
            return i18n.t(f"validation.{self.code}", lang, **dict(self.values))
        except (KeyError, IndexError):
            return self.fallback

    def __str__(self) -> str:
        return self.text(CLI_LANGUAGE)


def field_words(name: str) -> Words:
    """A field's label (``fields.source`` → "Källa"), or the import target's own label."""
    catalog = i18n.catalog(CLI_LANGUAGE)
    key = f"io.targets.{name}" if f"io.targets.{name}" in catalog else f"fields.{name}"
    return Words((key,))


def message(code: str, lang: str = CLI_LANGUAGE, **values: Any) -> str:
    """The text of one ``io.msg`` code in ``lang``."""
    values = {k: v.text(lang) if isinstance(v, Words | Rule) else v for k, v in values.items()}
    return i18n.t(f"io.msg.{code}", lang, **values)


class Refused(ValueError):
    """The whole file is refused; ``code`` and ``values`` say why in any language."""

    def __init__(self, code: str, **values: Any) -> None:
        self.code = code
        self.values = values
        super().__init__(message(code, **values))

    def __reduce__(self) -> tuple:
        """Pickled by code and values (a refusal made in a worker process comes back whole)."""
        return (_refused, (self.code, self.values))

    def text(self, lang: str) -> str:
        """The reason in ``lang``."""
        return message(self.code, lang, **self.values)


def _refused(code: str, values: dict[str, Any]) -> Refused:
    return Refused(code, **values)
