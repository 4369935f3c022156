"""From mapped rows to validated model records, each with a stable id.

Every cell is read by its field's type (:mod:`geo.io.values`), then the model's own
rules validate the record, so an import can never store what the editing page could
not: the same field checks a column at a time (:mod:`geo.io.fastrecords`, for the
layers whose rules are per field), the constructor for every other row. A row's id
is its source id when that is a UUID, else a UUID made from the source id or, without
one, from the row's content and place: importing the same rows again yields the same
ids, which the store already holds.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import shapely

from geo.domain import fieldspec
from geo.domain.enums import PlaceStatus
from geo.domain.model import FEATURE_TYPES, Feature, ValidationError
from geo.escape import unguarded
from geo.io import columns, fastrecords, values
from geo.io.errors import Rule, field_words
from geo.io.geometry import Shapes
from geo.io.report import RowProblem
from geo.io.table import SourceTable

#: Namespace of the ids made from source ids or row content (never change it).
NAMESPACE = uuid.UUID("6f1c1c1e-3b53-4c52-9d43-7a2f1e0b5a11")
_NAMESPACE_BYTES = NAMESPACE.bytes
_UUID_SHAPE = re.compile(r"^\{?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}\}?$")
PROGRESS_EVERY = 5_000
#: The first hex digit of a UUID's 4th group with the RFC 4122 variant bits (10xx) set.
_VARIANT = {digit: "89ab"[int(digit, 16) & 0b11] for digit in "0123456789abcdef"}


@dataclass
class Context:
    """What rows are checked against: the municipality, pledges, walks, defaults."""

    layer: str
    kommun_kod: str
    user: str
    now: datetime
    pledge_id: str | None = None
    pledges: frozenset[str] = frozenset()
    commitments: frozenset[str] = frozenset()
    #: Findings: walk id, lower-case name or ISO date → (walk id, walk date).
    walks: Mapping[str, tuple[str, date]] = field(default_factory=dict)
    default_walk: str | None = None


@dataclass
class Built:
    """Valid records (with their row index), rejections, and rows skipped as repeats."""

    records: list[Feature] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)
    rejected: list[RowProblem] = field(default_factory=list)
    rejected_indices: set[int] = field(default_factory=set)
    notes: list[RowProblem] = field(default_factory=list)
    duplicates: int = 0


#: How a cell is read, by a field's kind (text for the rest).
_READERS: dict[str, Callable[[Any], Any]] = {
    "datetime": values.moment, "date": values.day, "bool": values.yes_no,
    "int": values.whole, "float": values.number,
}


def converters(layer: str) -> dict[str, Callable[[Any], Any]]:
    """How each importable field of ``layer`` reads a cell, by its kind in its table."""
    table = fieldspec.by_name(FEATURE_TYPES[layer])
    result: dict[str, Callable[[Any], Any]] = {}
    for name in columns.targets(layer):
        spec = table.get(name)
        if spec is None:
            continue
        if spec.enum is not None:
            result[name] = functools.partial(values.code, enum=spec.enum)
        else:
            result[name] = _READERS.get(spec.kind, cell_text)
    result["extra"] = cell_text  # the file's other columns, as JSON text (geo.io.importer)
    result["kommun_kod"] = _kommun
    result["pledge_id"] = lambda v: cell_text(v).lower()
    return result


def build(table: SourceTable, mapping: Mapping[str, str], shapes: Shapes, ctx: Context,
          progress: Callable[[float], None] | None = None) -> Built:
    """Validate every row of ``table``; return the records and every rejected row."""
    read = converters(ctx.layer)
    fields = [(column, target) for column, target in mapping.items()
              if target in read and target != columns.SOURCE_ID]
    targets = [target for _, target in fields]
    cells_by_column: list[list[Any]] = []
    unreadable: dict[int, tuple[str, values.BadValue]] = {}
    for column, target in fields:
        cells, bad = _read_column(table.column(column), read[target])
        cells_by_column.append(cells)
        if bad:
            _first_unreadable(unreadable, cells, target)
    # the id comes from the source id, else from the case number (as it did when the case
    # number was the source id: a file imported before gives the same ids)
    source_column = next((c for c, t in mapping.items() if t == columns.SOURCE_ID),
                         next((c for c, t in mapping.items() if t == "case_number"), None))
    sources = table.column(source_column) if source_column else [None] * len(table)
    content_ids = source_column is None or any(map(values.is_empty, sources))
    places = (shapely.to_wkt(shapes.geometries, rounding_precision=7).tolist()
              if content_ids else [None] * len(table))  # only ids made from content use it
    source_ids = _source_ids(ctx, sources)
    checked = ctx.layer == "findings"  # every finding names its walk
    references = checked or not _REFERENCES.isdisjoint(targets)
    geometries = shapes.geometries.tolist()
    # First every row's own problems and id (the record itself waits).
    problems: list[RowProblem | None] = []
    ids: list[str | None] = []
    kwargs_of: dict[int, dict[str, Any]] = {}  # rows whose values were read for a check
    rows = zip(table.lines, places, source_ids,
               zip(*cells_by_column, strict=True) if fields else [()] * len(table),
               strict=True)
    for index, (line, place, source_id, row) in enumerate(rows):
        if progress and index % PROGRESS_EVERY == 0:
            progress(index / max(len(table), 1))
        kwargs = None
        if index in shapes.errors:
            code, values_ = shapes.errors[index]
            problem: RowProblem | None = RowProblem(line, "geometry", code, values_)
        elif index in unreadable:
            target, error = unreadable[index]
            problem = (RowProblem(line, target, error.code,
                                  {**error.values, "field": field_words(target)})
                       if error.code else
                       RowProblem(line, target, "bad_value", {"reason": str(error)}))
        else:
            if references or not source_id:
                kwargs = kwargs_of[index] = _kwargs(targets, row)
            problem = (_references(kwargs, ctx, line)
                       if kwargs is not None and (checked or not _REFERENCES.isdisjoint(kwargs))
                       else None)  # else nothing in the row refers to anything
        problems.append(problem)
        ids.append(None if problem is not None
                   else source_id or _content_id(ctx, kwargs, place))  # type: ignore[arg-type]
    fast = _fast_records(ctx, targets, cells_by_column, geometries, problems, ids,
                         mutated=checked)
    # Then in the file's order: notes, repeats, the records and the refused rows.
    built = Built()
    for line, code, values_ in table.broken:
        built.rejected.append(RowProblem(line, "", code, values_))
    seen: dict[str, int] = {}
    for index, (line, problem, record_id) in enumerate(zip(table.lines, problems, ids,
                                                           strict=True)):
        for code, values_ in shapes.notes.get(index, ()):
            built.notes.append(RowProblem(line, "geometry", code, values_))
        if problem is None:
            assert record_id is not None  # ids: None only for a row with a problem
            if record_id in seen:
                built.duplicates += 1
                built.notes.append(RowProblem(line, "", "duplicate_in_file",
                                              {"first": seen[record_id]}))
                continue
            record = fast.get(index)
            if record is None:
                kwargs = kwargs_of.get(index)
                if kwargs is None:
                    kwargs = _kwargs(targets, [column[index] for column in cells_by_column])
                record, problem = _record(ctx, kwargs, record_id, geometries[index], line)
            if record is not None:  # else the model refused it (problem)
                seen[record_id] = line
                built.records.append(record)
                built.indices.append(index)
                continue
        if problem is not None:
            built.rejected.append(problem)
            built.rejected_indices.add(index)
    built.rejected.sort(key=lambda p: p.line)
    return built


def _kwargs(targets: list[str], cells: Any) -> dict[str, Any]:
    """A row's read values by field (the empty cells left out: their fields' defaults)."""
    return {t: v for t, v in zip(targets, cells, strict=True) if v is not _EMPTY}


def _fast_records(ctx: Context, targets: list[str], cells_by_column: list[list[Any]],
                  geometries: list[Any], problems: list[RowProblem | None],
                  ids: list[str | None], mutated: bool) -> dict[int, Feature]:
    """The records of the rows without a problem, made column-wise where the model allows.

    Exactly what :func:`_record` makes of the row (:mod:`geo.io.fastrecords`); rows
    not made here (a field refused, a layer built by its constructor) are missing.
    """
    cls = FEATURE_TYPES[ctx.layer]
    if mutated or not fastrecords.supported(cls):  # findings: the walk fills fields in
        return {}
    indices = [i for i, problem in enumerate(problems) if problem is None]
    if not indices:
        return {}
    pick = (lambda column: column) if len(indices) == len(problems) else \
        (lambda column: [column[i] for i in indices])
    columns: dict[str, list[Any]] = {"id": pick(ids), "geometry": pick(geometries)}
    constants: dict[str, Any] = {"updated_at": ctx.now, "updated_by": ctx.user, "version": 1,
                                 "kommun_kod": ctx.kommun_kod, "created_at": ctx.now}
    if ctx.pledge_id:
        constants["pledge_id"] = ctx.pledge_id
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    for target, column in zip(targets, cells_by_column, strict=True):
        column = pick(column)
        # What _complete fills in for an empty cell, else the field's default (a
        # required field left empty: the row goes to the constructor, which refuses it).
        empty = constants.get(target, defaults[target])
        if target == "pledge_id" and ctx.pledge_id:
            columns[target] = [cell if cell is not _EMPTY and cell else empty
                               for cell in column]
        elif any(cell is _EMPTY for cell in column):
            empty = fastrecords.FAILED if empty is dataclasses.MISSING else empty
            columns[target] = [empty if cell is _EMPTY else cell for cell in column]
        else:
            columns[target] = column
    records = fastrecords.build(cls, columns, constants, len(indices))
    return {index: record for index, record in zip(indices, records, strict=True)
            if record is not None}


#: A cell with no value (the field is left to its default).
_EMPTY: Any = object()


def _read_column(cells: list[Any], read: Callable[[Any], Any]) -> tuple[list[Any], bool]:
    """Each cell read by its reader (value, ``_EMPTY`` or ``BadValue``), and if any failed.

    A column at a time, each distinct text once (a category or a date repeats).
    """
    known: dict[str, Any] = {}
    result: list[Any] = []
    append = result.append
    unreadable = False
    for raw in cells:
        if raw.__class__ is str:
            found = known.get(raw, known)
            if found is known:
                found = known[raw] = _EMPTY if not raw or raw.isspace() else _read(raw, read)
                unreadable = unreadable or isinstance(found, values.BadValue)
        else:
            found = _EMPTY if values.is_empty(raw) else _read(raw, read)
            unreadable = unreadable or isinstance(found, values.BadValue)
        append(found)
    return result, unreadable


def _read(raw: Any, read: Callable[[Any], Any]) -> Any:
    try:
        return read(raw)
    except values.BadValue as error:
        return error


def _first_unreadable(found: dict[int, tuple[str, values.BadValue]], cells: list[Any],
                      target: str) -> None:
    """Note each row's first unreadable field (columns come in mapping order) and why."""
    for index, cell in enumerate(cells):
        if isinstance(cell, values.BadValue):
            found.setdefault(index, (target, cell))


def _record(ctx: Context, kwargs: dict[str, Any], record_id: str, shape: Any, line: int
            ) -> tuple[Feature | None, RowProblem | None]:
    """The model's record (its constructor validates) or the reason it refused."""
    try:
        return FEATURE_TYPES[ctx.layer](**_complete(kwargs, ctx), id=record_id, geometry=shape,
                                        updated_at=ctx.now, updated_by=ctx.user, version=1), None
    except ValidationError as error:
        return None, RowProblem(line, error.field, "invalid_field", {
            "field": field_words(error.field),
            "reason": Rule(error.code, tuple(error.values.items()), error.message)})
    except TypeError:  # a required field without a value (checked before: never expected)
        return None, RowProblem(line, "", "row_incomplete", {})


def _complete(kwargs: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """Fill what the file leaves out: municipality, pledge, creation time, walk date."""
    kwargs.setdefault("kommun_kod", ctx.kommun_kod)
    if ctx.pledge_id and not kwargs.get("pledge_id"):
        kwargs["pledge_id"] = ctx.pledge_id
    kwargs.setdefault("created_at", ctx.now)
    if ctx.layer == "unsafe_places":
        _resolved_when_reported(kwargs)
    return kwargs


def _resolved_when_reported(kwargs: dict[str, Any]) -> None:
    """A place a file calls resolved without saying when: resolved on its reported date.

    Office lists mark a place "åtgärdad" and keep no date; the model needs one. The
    reported date is the earliest it can be, and keeps an old list's places out of a
    later pledge's ``places_resolved`` (the import day would count them all there).
    """
    status = kwargs.get("status")
    if (str(getattr(status, "value", status)) == PlaceStatus.RESOLVED.value
            and not kwargs.get("resolved_date") and kwargs.get("reported_date")):
        kwargs["resolved_date"] = kwargs["reported_date"]


def _references(kwargs: dict[str, Any], ctx: Context, line: int) -> RowProblem | None:
    """Refuse a row of another municipality, an unknown pledge, commitment or walk."""
    kommun = kwargs.get("kommun_kod")
    if kommun is not None and kommun != ctx.kommun_kod:
        return RowProblem(line, "kommun_kod", "row_other_kommun",
                          {"kommun": kommun, "wanted": ctx.kommun_kod})
    pledge = kwargs.get("pledge_id")
    if pledge and pledge not in ctx.pledges:
        return RowProblem(line, "pledge_id", "unknown_pledge", {"pledge": pledge})
    commitment = kwargs.get("commitment_id")
    if commitment and commitment not in ctx.commitments:
        return RowProblem(line, "commitment_id", "unknown_commitment",
                          {"commitment": commitment})
    if ctx.layer == "findings":
        wanted = kwargs.get("walk_id") or ctx.default_walk
        if not wanted:
            return RowProblem(line, "walk_id", "walk_missing", {})
        walk = ctx.walks.get(str(wanted).strip().lower())
        if walk is None:
            return RowProblem(line, "walk_id", "unknown_walk", {"walk": str(wanted)[:60]})
        kwargs["walk_id"] = walk[0]
        kwargs.setdefault("found_date", walk[1])
    return None


#: Fields whose values :func:`_references` checks against the store and the options.
_REFERENCES = frozenset({"kommun_kod", "pledge_id", "commitment_id"})


def _source_ids(ctx: Context, sources: list[Any]) -> list[str | None]:
    """Each row's id from its source id (None where the row has none), a column at once."""
    prefix = f"{ctx.layer}|{ctx.kommun_kod}|src|"
    result: list[str | None] = []
    for source in sources:
        if values.is_empty(source):
            result.append(None)
            continue
        text = str(source).strip()
        result.append(str(uuid.UUID(text)) if _UUID_SHAPE.match(text)
                      else stable_id(prefix + text))
    return result


def _content_id(ctx: Context, kwargs: dict[str, Any], place: str | None) -> str:
    """The id of a row without a source id: from its values and its place."""
    content = str(sorted((k, v) for k, v in kwargs.items() if k != "extra"))
    return stable_id(f"{ctx.layer}|{ctx.kommun_kod}|{content}|{place}")


def stable_id(name: str) -> str:
    """``str(uuid.uuid5(NAMESPACE, name))``, without building a UUID object (faster).

    The SHA-1 digest's hex with the version digit set to 5 and the variant bits to 10.
    """
    h = hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def cell_text(value: Any) -> str:
    """A cell as the text typed: Excel's 12.0 as 12, a date as ISO, a guarded '=… unguarded."""
    if isinstance(value, float) and value == int(value) and abs(value) < 1e15:
        return str(int(value))  # Excel keeps "12" in a text column as 12.0
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return unguarded(str(value).strip())  # an Excel export's '=… is the text =…


def _kommun(value: Any) -> str:
    """A municipality code as Excel leaves it: ``138`` (the 0 dropped), ``1270.0``."""
    text = re.sub(r"^(\d+)[.,]0+$", r"\1", cell_text(value))
    return text.zfill(4) if text.isdigit() and len(text) < 4 else text


def row_values(table: SourceTable, indices: set[int] | list[int]) -> list[dict[str, Any]]:
    """The source cells of some rows, with their line (for the rejected-rows download)."""
    result = []
    for index in sorted(indices):
        row = table.row(index)
        row["__line__"] = table.lines[index]
        result.append(row)
    return result
