"""The one way the app and the CLI write CSV: two dialects, one cell format each.

Every CSV file the app or the CLI writes (map table, export, report, walk protocol,
coverage list, rejected rows) goes through :func:`write`, so a number, a date and a
text cell look the same in every file of a dialect.

``excel-sv`` (the default) is what Swedish Excel opens by double-click: UTF-8 with a
BOM (else Excel reads "LÃ¶fte"), ``;`` between cells (Swedish Excel's list separator),
decimal comma, CRLF, and the formula guard (:func:`geo.escape.spreadsheet_cell`):
text starting with ``= + - @`` gets a leading apostrophe, so the spreadsheet shows it
and never runs it.

``rfc4180`` is for open data and programs (pandas, R, QGIS): UTF-8 without BOM,
``,``, decimal point, CRLF (RFC 4180). Text is written exactly as it is, without the
guard: the guard belongs to spreadsheets, and an apostrophe added to the text would
change the data a program reads back (the file round-trips through
``pandas.read_csv``).

In both, dates are ``YYYY-MM-DD``, a moment is ``YYYY-MM-DD HH:MM:SS`` in Swedish time
(excel-sv, which Excel reads as a date and time) or ISO 8601 with its offset
(rfc4180), numbers are never grouped in thousands and never in exponent form.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from geo import config
from geo.escape import spreadsheet_cell


@dataclass(frozen=True)
class Dialect:
    """How one kind of reader wants a CSV file."""

    name: str
    delimiter: str
    decimal: str
    bom: bool
    guard: bool
    lineterminator: str = "\r\n"


EXCEL_SV = Dialect("excel-sv", delimiter=";", decimal=",", bom=True, guard=True)
RFC4180 = Dialect("rfc4180", delimiter=",", decimal=".", bom=False, guard=False)
DIALECTS = {d.name: d for d in (EXCEL_SV, RFC4180)}
#: The names the CLI's ``--csv-dialect`` and the export page offer.
NAMES = tuple(DIALECTS)
DEFAULT = EXCEL_SV.name
MEDIA_TYPE = "text/csv"


def dialect(name: str | Dialect) -> Dialect:
    """The dialect called ``name`` (a :class:`Dialect` is returned as it is)."""
    if isinstance(name, Dialect):
        return name
    if name not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {name!r}; one of: {', '.join(NAMES)}")
    return DIALECTS[name]


def cell(value: Any, chosen: str | Dialect = DEFAULT) -> str:
    """One value as the dialect writes it: empty for none, numbers and dates as above."""
    spec = dialect(chosen)
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return _number(float(value), spec)
    if isinstance(value, datetime):
        return _moment(value, spec)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return spreadsheet_cell(text) if spec.guard else text


def _number(value: float, spec: Dialect) -> str:
    """The shortest text that reads back as ``value``: ``2,5``, ``31``, never ``1e-07``."""
    if not math.isfinite(value):
        return ""
    text = np.format_float_positional(value, trim="-")
    return text.replace(".", spec.decimal)


def _moment(value: datetime, spec: Dialect) -> str:
    if spec.name == EXCEL_SV.name:
        local = value.astimezone(config.LOCAL_TIME) if value.tzinfo else value
        return local.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    return value.isoformat(timespec="seconds")


def write(header: Sequence[Any], rows: Iterable[Sequence[Any]],
          chosen: str | Dialect = DEFAULT) -> bytes:
    """The file's bytes: ``header`` (omitted when empty), then one line per row."""
    spec = dialect(chosen)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=spec.delimiter, lineterminator=spec.lineterminator,
                        quoting=csv.QUOTE_MINIMAL)
    if len(header):
        writer.writerow([cell(name, spec) for name in header])
    writer.writerows([cell(value, spec) for value in row] for row in rows)
    return (("\ufeff" if spec.bom else "") + buffer.getvalue()).encode("utf-8")


def write_records(records: Sequence[dict[str, Any]], chosen: str | Dialect = DEFAULT,
                  header: Sequence[str] | None = None) -> bytes:
    """Rows as dicts, the first row's keys (or ``header``) as the columns."""
    names = list(header if header is not None else (records[0] if records else []))
    return write(names, ([record.get(name) for name in names] for record in records), chosen)


def write_frame(frame: pd.DataFrame, chosen: str | Dialect = DEFAULT) -> bytes:
    """A DataFrame's columns and rows (no index); NaN is an empty cell."""
    plain = frame.astype(object).where(frame.notna(), None)
    return write(list(plain.columns), plain.itertuples(index=False, name=None), chosen)


def add_cli_argument(parser: Any) -> None:
    """``--csv-dialect``, the same on every command that writes CSV."""
    parser.add_argument("--csv-dialect", choices=NAMES, default=DEFAULT,
                        help="excel-sv (default: Swedish Excel, ';', decimal comma, BOM, "
                             "formula guard) or rfc4180 (open data: ',', decimal point, "
                             "text exact)")
