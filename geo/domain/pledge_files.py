"""Pledge files: read and write pledges in the format of ``data/pledges.yaml`` (YAML or JSON).

A municipality writes its pledge in the app or brings it as a file (``python -m geo
pledge import``); the seeds in ``data/pledges.yaml`` are such a file. :func:`parse_pledges`
checks a whole file and refuses it with one line per problem, naming the pledge, the
commitment and the field, so that a user fixes every problem in one go;
:func:`dump_pledges` writes the same format back with every field, so that an exported
pledge imports unchanged.

A file is a user's file: it is size-limited, must be UTF-8, and YAML is read without
anchors and aliases (a few lines of ``&a [*a, *a, …]`` expand to billions of nodes) and no
deeper than a pledge needs. The quotation rules of the seed file (whole sentences, see
:func:`sentence`) are checks of ``data/pledges.yaml`` only: a municipality's own pledge may
say "minst 8 nya grannsamverkansområden".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from geo import config, i18n
from geo.domain.model import Commitment, Pledge, ValidationError
from geo.io.errors import Refused
from geo.spatial import boundaries

#: The most a pledge file may hold (the four seeds take 30 kB).
MAX_FILE_BYTES = 2 * 2**20
#: The deepest nesting a pledge file needs: list → pledge → commitments → commitment → value.
MAX_DEPTH = 6

#: Fields a file gives per pledge, in the order :func:`dump_pledges` writes them. The store
#: keeps ``version``, ``updated_at`` and ``updated_by`` itself: they are not in a file.
PLEDGE_FIELDS: tuple[str, ...] = (
    "id", "kommun_kod", "kommun", "police_area", "title", "period_start", "period_end",
    "signed_date", "follow_up", "problem", "goals", "source_document", "source_title",
    "source_date", "source_publisher", "source_url", "other_sources", "archived",
    "commitments",
)
COMMITMENT_FIELDS: tuple[str, ...] = (
    "id", "text", "kind", "target", "unit", "target_period", "responsible", "measure",
)
_LIST_FIELDS = ("goals", "other_sources")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a pledge file: where (pledge, commitment, field) and why."""

    pledge: str = ""
    commitment: str = ""
    field: str = ""
    message: str = ""  # English, as the model says it
    error: ValidationError | Refused | None = None
    #: The value the file gave the field, where it is short enough to quote.
    value: str = ""

    def text(self, lang: str = "en") -> str:
        """One line in ``lang``: "pledge X, commitment Y, field Z: why"."""
        if isinstance(self.error, ValidationError | Refused):
            why = self.error.text(lang)
        else:
            why = self.message
        where = [i18n.t(f"pledge_file.{name}", lang, value=value)
                 for name, value in (("pledge", self.pledge), ("commitment", self.commitment),
                                     ("field", self.field)) if value]
        if where and self.value:
            where[-1] += f" = {self.value}"
        return f"{', '.join(where)}: {why}" if where else why


class PledgeFileError(ValueError):
    """A pledge file refused, with every problem found (nothing of it is used)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))

    def lines(self, lang: str = "en") -> list[str]:
        """One line per problem in ``lang``."""
        return [p.text(lang) for p in self.problems]


def load_pledges(path: str | Path = config.PLEDGES_FILE) -> list[Pledge]:
    """Read and validate the pledges of a file (by default the seeds, ``data/pledges.yaml``)."""
    path = Path(path)
    return parse_pledges(path.read_bytes(), path.name)


def parse_pledges(data: bytes, name: str) -> list[Pledge]:
    """Every pledge of a YAML or JSON file; :class:`PledgeFileError` lists every problem."""
    entries = _entries(data, name)
    problems: list[Problem] = []
    pledges: list[Pledge] = []
    known = boundaries.names()
    for index, entry in enumerate(entries, start=1):
        pledge, found = _pledge(entry, index, known)
        problems.extend(found)
        if pledge is not None:
            pledges.append(pledge)
    seen: set[str] = set()
    for pledge in pledges:
        if pledge.id in seen:
            problems.append(Problem(pledge.id, field="id",
                                    error=Refused("pledge_file_duplicate", id=pledge.id)))
        seen.add(pledge.id)
    if problems:
        raise PledgeFileError(problems)
    return pledges


def dump_pledges(pledges: Iterable[Pledge]) -> str:
    """The pledges as YAML in the format of ``data/pledges.yaml`` (every field a file holds)."""
    entries = [_entry(p) for p in pledges]
    return yaml.dump(entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


# -- reading -----------------------------------------------------------------------------------


def _entries(data: bytes, name: str) -> list[Any]:
    """The file's list of pledge mappings, read safely; a refusal of the whole file else."""
    if len(data) > MAX_FILE_BYTES:
        _refuse("pledge_file_too_big", limit_kb=MAX_FILE_BYTES // 1024)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _refuse("pledge_file_encoding", byte=error.start)
    if not text.strip():
        _refuse("pledge_file_empty")
    if name.lower().endswith(".json") or text.lstrip()[:1] in "[{":
        try:
            entries = json.loads(text)
        except json.JSONDecodeError as error:
            _refuse("pledge_file_broken", format="JSON", line=error.lineno)
        except RecursionError:
            _refuse("pledge_file_too_deep", limit=MAX_DEPTH)
        if _depth(entries) > MAX_DEPTH:
            _refuse("pledge_file_too_deep", limit=MAX_DEPTH)
    else:
        entries = _yaml(text)
    if not isinstance(entries, list):
        _refuse("pledge_file_not_list")
    if not entries:
        _refuse("pledge_file_empty")
    return entries


def _refuse(code: str, **values: Any) -> None:
    raise PledgeFileError([Problem(error=Refused(code, **values))])


def _depth(value: Any, level: int = 1) -> int:
    if level > MAX_DEPTH:
        return level
    children = (value.values() if isinstance(value, dict)
                else value if isinstance(value, list) else ())
    return max((_depth(child, level + 1) for child in children), default=level)


class _PledgeLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases, and no deeper than a pledge needs."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._level = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Unsafe("pledge_file_alias", line=event.start_mark.line + 1)
        self._level += 1
        try:
            if self._level > MAX_DEPTH:
                raise _Unsafe("pledge_file_too_deep", limit=MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self._level -= 1


class _Unsafe(Exception):
    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def _yaml(text: str) -> Any:
    loader = _PledgeLoader(text)
    try:
        return loader.get_single_data()
    except _Unsafe as unsafe:
        _refuse(unsafe.code, **unsafe.values)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        _refuse("pledge_file_broken", format="YAML", line=mark.line + 1 if mark else 1)
    finally:
        loader.dispose()


def _pledge(entry: Any, index: int, known: dict[str, str]
            ) -> tuple[Pledge | None, list[Problem]]:
    """One pledge of the file, or None with the problems found in it (all of them)."""
    if not isinstance(entry, dict):
        return None, [Problem(f"#{index}", error=Refused("pledge_file_not_mapping"))]
    pledge_id = str(entry.get("id") or f"#{index}")
    problems = [Problem(pledge_id, field=str(key), error=Refused("pledge_file_unknown_field"))
                for key in entry if key not in PLEDGE_FIELDS]
    values = {k: v for k, v in entry.items() if k in PLEDGE_FIELDS and k != "commitments"}
    for name in _LIST_FIELDS:
        if values.get(name) is not None and not isinstance(values[name], list):
            problems.append(Problem(pledge_id, field=name,
                                    error=Refused("pledge_file_not_a_list")))
        values[name] = tuple(values.get(name) or ())
    code = str(values.get("kommun_kod") or "")
    if re.fullmatch(r"\d{4}", code) and code not in known:
        problems.append(Problem(pledge_id, field="kommun_kod",
                                error=Refused("pledge_file_unknown_kommun", kommun_kod=code)))
    commitments, found = _commitments(entry.get("commitments"), pledge_id)
    problems.extend(found)
    pledge, found = _build(Pledge, {**values, "commitments": tuple(commitments)},
                           _PLEDGE_STAND_INS, pledge_id, "")
    problems.extend(found)
    return (None if problems else pledge), problems


def _commitments(raw: Any, pledge_id: str) -> tuple[list[Commitment], list[Problem]]:
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [Problem(pledge_id, field="commitments",
                            error=Refused("pledge_file_not_a_list"))]
    commitments: list[Commitment] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(pledge_id, f"#{index}",
                                    error=Refused("pledge_file_not_mapping")))
            continue
        commitment_id = str(item.get("id") or f"#{index}")
        unknown = [key for key in item if key not in COMMITMENT_FIELDS]
        problems.extend(Problem(pledge_id, commitment_id, str(key),
                                error=Refused("pledge_file_unknown_field")) for key in unknown)
        values = {k: v for k, v in item.items() if k in COMMITMENT_FIELDS}
        commitment, found = _build(Commitment, {**values, "pledge_id": pledge_id},
                                   {**_COMMITMENT_STAND_INS, "id": f"{pledge_id}-x"},
                                   pledge_id, commitment_id)
        problems.extend(found)
        if commitment is not None:
            commitments.append(commitment)
    ids = [c.id for c in commitments]
    twins = sorted({i for i in ids if ids.count(i) > 1})
    problems.extend(Problem(pledge_id, i, "id", error=Refused("pledge_file_duplicate", id=i))
                    for i in twins)
    firsts = {c.id: c for c in reversed(commitments)}  # reported once: the pledge gets one
    return [firsts[i] for i in dict.fromkeys(ids)], problems


#: Valid values put in place of a refused one, so that the fields checked after it are
#: checked too (the model stops at the first bad field): every problem in one go.
_COMMITMENT_STAND_INS: dict[str, Any] = {
    "text": "x", "kind": "other", "target": None, "unit": "x", "target_period": "pledge",
    "responsible": "both", "measure": None,
}
_PLEDGE_STAND_INS: dict[str, Any] = {
    "id": "x", "kommun_kod": "0000", "kommun": "x", "police_area": "x", "title": "x",
    "period_start": date(2000, 1, 1), "period_end": None, "signed_date": None,
    "follow_up": "yearly",
    "problem": "", "goals": (), "source_document": "", "source_title": "",
    "source_date": None, "source_publisher": "", "source_url": "", "other_sources": (),
    "archived": False,
}


def _build(kind: type, values: dict[str, Any], stand_ins: dict[str, Any], pledge_id: str,
           commitment_id: str) -> tuple[Any, list[Problem]]:
    """The record, or None with every problem the model finds in ``values``.

    After each refusal the refused field gets a valid stand-in and the record is built
    again, until it passes or a field is refused twice (then what follows depends on it).
    """
    problems: list[Problem] = []
    refused: set[str] = set()
    values = dict(values)
    while True:
        try:
            record = kind(**values)
        except ValidationError as error:
            given = values.get(error.field)
            quoted = (repr(str(given) if isinstance(given, date) else given)
                      if isinstance(given, str | int | float | date)
                      and len(str(given)) <= 40 and str(given).strip() else "")
            problems.append(Problem(pledge_id, commitment_id, error.field, error.message,
                                    error, quoted))
            if error.field in refused or error.field not in stand_ins:
                return None, problems
            refused.add(error.field)
            stand_in = stand_ins[error.field]
            if error.field == "period_end":  # "before the start": the start will do
                stand_in = values.get("period_start")
            values[error.field] = stand_in
        except TypeError as error:  # a required field missing, or a value of a wrong kind
            missing = re.findall(r"'(\w+)'", str(error))
            problems.append(Problem(pledge_id, commitment_id, ", ".join(missing),
                                    error=Refused("pledge_file_missing")))
            return None, problems
        else:
            return (None if problems else record), problems


# -- writing -----------------------------------------------------------------------------------


def _entry(pledge: Pledge) -> dict[str, Any]:
    values = {name: _plain(getattr(pledge, name)) for name in PLEDGE_FIELDS
              if name != "commitments"}
    values["commitments"] = [
        {name: _plain(getattr(c, name)) for name in COMMITMENT_FIELDS}
        for c in pledge.commitments]
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, date):  # an enum
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _Dumper(yaml.SafeDumper):
    """Block style, never anchors: each pledge is written whole (the reader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


__all__ = ["COMMITMENT_FIELDS", "PLEDGE_FIELDS", "PledgeFileError", "Problem", "dump_pledges",
           "load_pledges", "parse_pledges", "sentence"]


#: The end of a whole sentence: a full stop, ! or ?, perhaps inside a quote or bracket.
_SENTENCE_END = re.compile(r"[.!?][”’\")]?$")


def sentence(field_name: str, text: Any) -> str:
    """Refuse a goal or commitment of the *seed file* that is a fragment of its source.

    The seeds quote their source documents, and reports list goals and commitments one by
    one, so each must read on its own: a quotation cut off at the front ("… platser som
    upplevs otrygga …") or left without its end reads as a fragment. This is a check of
    ``data/pledges.yaml`` (tests/domain/test_pledges_load.py), never of a municipality's own file.
    """
    value = " ".join(str(text or "").split())
    first = value[:1]
    if not (first.isupper() or first.isdigit()) or not _SENTENCE_END.search(value):
        raise ValidationError(field_name, f"is not a whole sentence (capital letter first, "
                                          f"full stop last): {value[:60]!r}")
    return value

