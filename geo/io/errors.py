"""A file refused as a whole, with a reason that names what is wrong (no traceback).

Reasons are catalog keys (``io.msg.<code>``) with values, so the page shows them in
the user's language and the CLI in English; :class:`Refused` is a ``ValueError`` so
the CLI prints it as one ``geo: error:`` line with exit code 2.
"""

from __future__ import annotations

from typing import Any

from geo import i18n

#: Language of messages outside the page (CLI, logs, exceptions).
CLI_LANGUAGE = "en"


def message(code: str, lang: str = CLI_LANGUAGE, **values: Any) -> str:
    """The text of one ``io.msg`` code in ``lang``."""
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
