"""CSV as Swedish offices save it: UTF-8 or Windows-1252, ``;`` or ``,``, a title line on top.

Excel in Swedish saves "CSV" with semicolons (the comma is the decimal mark) in
Windows-1252; web forms and GIS tools write UTF-8 with commas; "Unicode text" from
Excel is UTF-16 with tabs. The encoding is decided from the bytes (UTF-8 when they
decode as UTF-8, else Windows-1252), the separator from the header line, and the
header is the first of the first lines that names known columns. Line numbers are
the file's physical lines, so a report's "line 7" is what an editor shows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from geo.io import columns, limits
from geo.io.errors import Refused
from geo.io.table import SourceTable
from geo.io.values import word_key

SEPARATORS = (";", ",", "\t", "|")
#: Lines searched for the header row (title lines above it are skipped).
HEADER_SEARCH = 10
_MOJIBAKE = re.compile("Ã[¥¤¶…„–]")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding; binary content is refused."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), "UTF-16"
            except UnicodeDecodeError:
                raise Refused("bad_encoding") from None
    if b"\x00" in data[:65536]:
        raise Refused("binary_unknown")
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:  # five byte values are unassigned in Windows-1252
        return data.decode("latin-1"), "ISO-8859-1"


def separator(line: str) -> str:
    """The separator of a header line: the most frequent of ``; , tab |`` outside quotes."""
    bare = re.sub(r'"[^"]*"', "", line)
    counts = {sep: bare.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(data: bytes) -> SourceTable:
    """Read a CSV file's bytes into a :class:`SourceTable` (every value as text)."""
    text, encoding = decode(data)
    notes: list[tuple[str, dict]] = [("encoding", {"encoding": encoding})]
    if _MOJIBAKE.search(text[:200_000]):
        notes.append(("mojibake", {}))
    lines = _first_lines(text)
    header_index = _header_line(lines)
    sep = separator(lines[header_index] if lines else "")
    notes.append(("separator", {"separator": {"\t": "tab"}.get(sep, sep)}))
    if header_index:
        notes.append(("title_lines", {"n": header_index}))
    csv.field_size_limit(limits.MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: list[str] | None = None
    lines_of_rows: list[int] = []
    rows: list[list[str]] = []
    broken: list[tuple[int, str, dict]] = []
    start = 1
    width = 0
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if line <= header_index or not "".join(cells).strip():
                continue  # a title line or a blank row
            if header is None:
                header = _header(cells)
                width = len(header)
                continue
            if len(cells) != width:
                if len(cells) > width:
                    if "".join(cells[width:]).strip():
                        broken.append((line, "too_many_fields", {"n": len(cells), "m": width}))
                        continue
                    cells = cells[:width]
                else:
                    cells = cells + [""] * (width - len(cells))
            rows.append(cells)
            lines_of_rows.append(line)
            if len(rows) > limits.MAX_ROWS:
                raise Refused("too_many_rows", limit=limits.MAX_ROWS)
    except csv.Error as error:
        raise Refused("csv_broken", line=reader.line_num, reason=str(error)) from None
    if header is None:
        raise Refused("no_rows")
    by_column = zip(*rows, strict=True) if rows else ([] for _ in header)
    columns = {name: list(values) for name, values in zip(header, by_column, strict=True)}
    return SourceTable("csv", header, columns, lines_of_rows, notes=notes, broken=broken)


def _header(cells: list[str]) -> list[str]:
    names = [c.strip() for c in cells]
    if len(names) > limits.MAX_COLUMNS:
        raise Refused("too_many_columns", limit=limits.MAX_COLUMNS)
    seen: dict[str, int] = {}
    result = []
    for position, name in enumerate(names, start=1):
        name = name or f"column_{position}"
        if name in seen:
            raise Refused("duplicate_column", column=name)
        seen[name] = position
        result.append(name)
    return result


def _first_lines(text: str) -> list[str]:
    """The first ``HEADER_SEARCH`` lines, without splitting the whole (large) text."""
    head = text[:65_536].splitlines()
    return head[:HEADER_SEARCH] if len(head) > HEADER_SEARCH else text.splitlines()[
        :HEADER_SEARCH]


def _header_line(lines: list[str]) -> int:
    """Index of the header line among the first lines.

    The first line naming two known (import) columns; failing that, the first with two
    or more filled cells, so that a title line and blank lines above a survey's or a
    population table's header (whose names the import does not know) are skipped too.
    """
    known = columns.known_names()
    for index, line in enumerate(lines[:HEADER_SEARCH]):
        cells = re.split(r"[;,\t|]", line)
        if sum(word_key(cell.strip().strip('"')) in known for cell in cells) >= 2:
            return index
    sep = separator("\n".join(lines[:HEADER_SEARCH]))
    for index, line in enumerate(lines[:HEADER_SEARCH]):
        if sum(bool(cell.strip().strip('"')) for cell in line.split(sep)) >= 2:
            return index
    return 0
