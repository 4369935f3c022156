"""The import report: what was read, what would be or was written, every rejected row.

One object for the CLI (``--json``, or lines of text) and the page (tables, the
rejected rows as a CSV download). Messages are catalog codes with values, so the
same report reads in Swedish or English.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from geo import i18n
from geo.io import csvwrite
from geo.io.errors import CLI_LANGUAGE, field_words, message


def layer_words(layer: str, lang: str) -> str:
    """A layer's name inside a sentence ("otrygga platser"), not its code (``unsafe_places``)."""
    name = i18n.catalog(lang).get(f"layers.{layer}")
    return name[:1].lower() + name[1:] if name else layer

#: Outcomes: written, a dry run, nothing new (all already imported), rows rejected
#: (nothing written), the file refused as a whole.
WRITTEN, DRY_RUN, NOTHING_NEW, REJECTED, REFUSED = (
    "written", "dry_run", "nothing_new", "rejected", "refused")


@dataclass(frozen=True)
class RowProblem:
    """One row's problem: its line in the file, the field concerned, a coded reason."""

    line: int
    field: str
    code: str
    values: dict[str, Any] = dataclasses.field(default_factory=dict)  # `field` is a field

    def text(self, lang: str = CLI_LANGUAGE) -> str:
        return message(self.code, lang, **self.values)

    def field_text(self, lang: str = CLI_LANGUAGE) -> str:
        """The field's name in ``lang`` ("Kategori"), not its code; "" for the whole row."""
        catalog = i18n.catalog(lang)
        for key in (f"io.targets.{self.field}", f"fields.{self.field}"):
            if key in catalog:
                return catalog[key]
        return self.field


@dataclass
class ImportReport:
    """Everything an import found out; ``status`` is one of the outcomes above."""

    file_name: str
    layer: str
    kommun_kod: str
    dry_run: bool
    status: str = REFUSED
    skip_invalid: bool = False
    format: str = ""
    sha256: str = ""
    rows: int = 0
    valid: int = 0
    #: Valid rows the store does not hold yet (what an import writes).
    new: int = 0
    created: int = 0
    already_present: int = 0
    duplicates_in_file: int = 0
    crs: str = ""
    crs_source: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    #: Columns the user chose to skip (nothing of them is stored).
    ignored_columns: list[str] = field(default_factory=list)
    #: Columns no field holds, kept with each record (``extra``, by header).
    extra_columns: list[str] = field(default_factory=list)
    #: One value for every row, by field (``--set``).
    fixed: dict[str, str] = field(default_factory=dict)
    #: The catalog group of each choice among them (the code is shown by its name).
    fixed_groups: dict[str, str] = field(default_factory=dict)
    rejected: list[RowProblem] = field(default_factory=list)
    notes: list[RowProblem] = field(default_factory=list)
    file_notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    refused: tuple[str, dict[str, Any]] | None = None
    seconds: float = 0.0
    #: The source columns and values of each rejected row, for the download.
    rejected_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the import did (or, in a dry run, would) succeed."""
        if self.status == DRY_RUN:
            return not self.rejected or self.skip_invalid
        return self.status in (WRITTEN, NOTHING_NEW)

    def refusal_text(self, lang: str = CLI_LANGUAGE) -> str:
        return message(self.refused[0], lang, **self.refused[1]) if self.refused else ""

    def crs_text(self, lang: str = CLI_LANGUAGE) -> str:
        """The coordinate system and how it was decided (from the file, given, recognised)."""
        return message(f"crs_{self.crs_source}", lang, crs=self.crs) if self.crs else ""

    def summary(self, lang: str = CLI_LANGUAGE) -> str:
        """One line saying what happened."""
        if self.refused:
            return message("summary_refused", lang, reason=self.refusal_text(lang))
        return message(f"summary_{self.status}", lang, created=self.created, new=self.new,
                       rows=self.rows,
                       valid=self.valid, rejected=len(self.rejected),
                       present=self.already_present, layer=layer_words(self.layer, lang))

    def to_dict(self, lang: str = CLI_LANGUAGE) -> dict[str, Any]:
        """A JSON-ready view (``--json``): counts, every rejected row, every note."""
        return {
            "status": self.status, "summary": self.summary(lang), "file": self.file_name,
            "format": self.format, "sha256": self.sha256, "layer": self.layer,
            "kommun": self.kommun_kod, "dry_run": self.dry_run, "rows": self.rows,
            "valid": self.valid, "new": self.new, "created": self.created,
            "already_present": self.already_present,
            "duplicates_in_file": self.duplicates_in_file, "crs": self.crs_text(lang),
            "mapping": self.mapping, "ignored_columns": self.ignored_columns,
            "extra_columns": self.extra_columns, "fixed": self.fixed,
            "refused": self.refusal_text(lang) or None,
            "rejected": [{**_plain(asdict(p)), "message": p.text(lang)} for p in self.rejected],
            "notes": [{**_plain(asdict(p)), "message": p.text(lang)} for p in self.notes],
            "file_notes": [message(f"note_{code}", lang, **values)
                           for code, values in self.file_notes],
            "seconds": round(self.seconds, 3),
        }

    def to_json(self, lang: str = CLI_LANGUAGE) -> str:
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=1, default=str)

    def rejected_csv(self, lang: str = CLI_LANGUAGE, dialect: str = csvwrite.DEFAULT) -> bytes:
        """The rejected rows as they were in the file, with line and reason first.

        Written by :mod:`geo.io.csvwrite` (by default for Swedish Excel); the file's
        cells stay the text they were.
        """
        reasons: dict[int, list[str]] = {}
        for problem in self.rejected:
            reasons.setdefault(problem.line, []).append(problem.text(lang))
        names: dict[str, None] = {}
        for row in self.rejected_rows:
            names.update(dict.fromkeys(k for k in row if k != "__line__"))
        rows: list[list[Any]] = []
        for row in self.rejected_rows:
            line = row["__line__"]
            rows.append([line, " | ".join(reasons.get(line, [])),
                         *(_cell(row.get(n)) for n in names)])
        lines_with_rows = {row["__line__"] for row in self.rejected_rows}
        rows += [[line, " | ".join(texts), *([None] * len(names))]
                 for line, texts in sorted(reasons.items()) if line not in lines_with_rows]
        return csvwrite.write([message("csv_line", lang), message("csv_reason", lang), *names],
                              rows, dialect)

    def column_lines(self, lang: str = CLI_LANGUAGE) -> list[str]:
        """Where the columns went that no field holds: values for all rows, kept, skipped."""
        lines = [message("line_fixed", lang, field=field_words(name),
                         value=i18n.label(self.fixed_groups[name], value, lang)
                         if name in self.fixed_groups else value)
                 for name, value in self.fixed.items()]
        if self.extra_columns:
            lines.append(message("line_extra", lang, columns=", ".join(self.extra_columns)))
        if self.ignored_columns:
            lines.append(message("line_skipped", lang,
                                 columns=", ".join(self.ignored_columns)))
        return lines

    def text_lines(self, lang: str = CLI_LANGUAGE, limit: int = 50) -> list[str]:
        """The report as lines for a terminal: summary, notes, rejected rows."""
        lines = [self.summary(lang)]
        if self.crs:
            lines.append(self.crs_text(lang))
        lines += [message(f"note_{code}", lang, **values) for code, values in self.file_notes]
        lines += self.column_lines(lang)
        for problem in self.rejected[:limit]:
            lines.append(message("line_rejected", lang, line=problem.line, field=problem.field,
                                 reason=problem.text(lang)))
        if len(self.rejected) > limit:
            lines.append(message("line_more", lang, n=len(self.rejected) - limit))
        for problem in self.notes[:limit]:
            lines.append(message("line_note", lang, line=problem.line, reason=problem.text(lang)))
        return lines


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "values"}


def _cell(value: Any) -> str | None:
    """A source cell as the text it was (the writer guards it for a spreadsheet)."""
    return None if value is None else str(value)
