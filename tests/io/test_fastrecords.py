"""The column-wise records of an import equal the model constructor's, row for row.

:mod:`geo.io.fastrecords` makes records without running ``__post_init__`` again: it
must accept exactly what the constructor accepts and give the same values (types
included); whatever it leaves out, the constructor decides. Checked on every file
of the corpus (``rows.build`` with and without it) and on generated good and bad
values of every field of the layers it builds.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from geo.domain.enums import ActivityKind, Category, PlaceSource, PlaceStatus, Visibility
from geo.domain.model import Activity, SafetyWalk, UnsafePlace, ValidationError
from geo.io import fastrecords, rows
from geo.io.importer import ImportOptions, import_file
from tests.data.make_corpus import CORPUS, LAT, LON
from tests.io.conftest import DATA, KOMMUN

UUID = "0f5e7b0c-1d2e-4f3a-8b9c-0d1e2f3a4b5c"
NOW = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


def same(a, b) -> bool:
    """Equal records, field by field, with the same value types and field order."""
    return (type(a) is type(b) and list(a.__dict__) == list(b.__dict__) and a == b
            and [type(x) for x in a.__dict__.values()] == [type(x) for x in b.__dict__.values()])


def test_every_field_of_a_built_layer_has_its_check():
    for cls, checks in fastrecords.CHECKS.items():
        assert set(checks) | {"geometry"} == set(cls.field_names()), cls.__name__


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_rows_are_built_as_the_constructor_builds_them(name, store, monkeypatch):
    layer = CORPUS[name][0]
    original = rows.build
    compared = []

    def both(*args, **kwargs):
        fast = original(*args, **kwargs)
        with monkeypatch.context() as m:
            m.setattr(fastrecords, "supported", lambda cls: False)
            slow = original(*args, **kwargs)
        assert len(fast.records) == len(slow.records)
        assert all(same(a, b) for a, b in zip(fast.records, slow.records, strict=True))
        assert (fast.indices, fast.rejected, fast.rejected_indices, fast.notes,
                fast.duplicates) == (slow.indices, slow.rejected, slow.rejected_indices,
                                     slow.notes, slow.duplicates)
        compared.append(len(fast.records))
        return fast

    monkeypatch.setattr(rows, "build", both)
    import_file(store, (DATA / name).read_bytes(),
                ImportOptions(layer=layer, kommun_kod=KOMMUN, file_name=name, dry_run=True))
    assert compared or CORPUS[name][1][0] == "refused"


POINT, INSIDE = Point(LON, LAT), Polygon([(LON, LAT), (LON + .01, LAT), (LON, LAT + .01)])
COMMON = {
    "id": [UUID, UUID.upper(), "{" + UUID + "}", UUID.replace("-", ""), "urn:uuid:" + UUID,
           "nope", "", None, 12, f" {UUID}"],
    "kommun_kod": [KOMMUN, "138", " 1270 ", 1270, "12a0", None, ""],
    "pledge_id": [None, "", "tomelilla-2020", "Tomelilla", "a", "x" * 90, 5],
    "visibility": [Visibility.PUBLIC, "internal", "public", "nope", None, ""],
    "created_at": [None, "", NOW, NOW.astimezone(timezone(timedelta(hours=2))),
                   "2024-05-01T10:00:00Z", "2024-05-01", "yesterday", date(2024, 5, 1)],
    "updated_at": [NOW, None, "2024-05-01 10:00"],
    "updated_by": ["import", "", None, "  x  ", 7, "x" * 201],
    "version": [1, 0, 2, 1.0, 1.5, True, "1", None, "one"],
    "internal_note": ["", "note", None, "x" * 4001, " y "],
    "deleted_at": [None, NOW, "", "bad"],
    "deleted_reason": ["", "why", None],
    "case_number": ["", "2024-123", None, " 7 ", 2024, "x" * 201],
    "extra": ["", None, {"Plats": "Torget"}, '{"Plats": "Torget"}', "{bad", "[1]",
              {"Plats": ""}, {"a": "x" * 4001}],
}
FIELDS = {
    UnsafePlace: {
        "geometry": [POINT, INSIDE, None, Point(), LineString([(LON, LAT), (LON, LAT + 1)]),
                     Point(0, 0), Polygon([(14, 56), (14.1, 56.1), (14.1, 56), (14, 56.1)]),
                     "POINT (14 56)"],
        "category": [Category.LIGHTING, "lighting", "vegetation", "nope", None, ""],
        "source": [PlaceSource.SURVEY, "police", "nope", None],
        "reported_date": [date(2020, 3, 1), "2020-03-01", NOW, "2020-13-01", None, "", 5],
        "status": [PlaceStatus.ACTIVE, "resolved", "x", None],
        "description": ["", "text", None, "x" * 4000, "x" * 4001, 3.5],
        "reporter": ["", None, "Anna", "x" * 201],
        # with "resolved" needed, before the report, on the report's day, not a date
        "resolved_date": [None, date(2020, 6, 1), "2020-02-01", date(2020, 3, 1), "x"],
    },
    SafetyWalk: {
        "geometry": [LineString([(LON, LAT), (LON + .01, LAT)]), INSIDE, POINT, None],
        "walk_date": [date(2020, 9, 10), "2020-09-10", None, "x"],
        "name": ["Walk", "", " ", None, "x" * 201],
        "organisers": ["", "Us", None],
        "participants": [None, 3, 3.0, 3.5, -1, "4", True, "", float("nan")],
        "dark": [False, True, 1, 0, "1", "true", "yes", 2, None, 1.0],
    },
    Activity: {
        "geometry": [None, POINT, INSIDE, MultiPolygon([INSIDE]),
                     LineString([(LON, LAT), (LON + .01, LAT)]), Point()],
        "kind": [ActivityKind.SAFETY_WALK, "safety_walk", "police_hours", "nope", None],
        "activity_date": [date(2021, 1, 2), "2021-01-02", None],
        "title": ["T", "", None, "x" * 201],
        "quantity": [None, 2, 2.5, 0.0, -0.0, -1, "3", "x", float("nan"), True],
        "unit": ["", "h", None],
        "commitment_id": [None, "", "c-1", "C 1"],
        "finding_id": [None, "", UUID, "nope", 0],
        "description": ["", "d"],
    },
}


def _constructed(cls, row):
    try:
        return cls(**row)
    except (ValidationError, TypeError):
        return None


@pytest.mark.parametrize("cls", list(FIELDS), ids=lambda cls: cls.__name__)
def test_generated_values_are_accepted_and_refused_as_the_constructor_does(cls):
    candidates = {**COMMON, **FIELDS[cls]}
    assert set(candidates) == set(cls.field_names())
    base = {name: values[0] for name, values in candidates.items()}
    assert _constructed(cls, base) is not None
    rows_ = [dict(base, **{name: value}) for name, values in candidates.items()
             for value in values]  # one field at a time
    chance = random.Random(7)
    rows_ += [{name: chance.choice(values) for name, values in candidates.items()}
              for _ in range(3000)]
    rows_ += [dict(base, deleted_at=NOW, deleted_reason=""), dict(base, deleted_at=NOW,
                                                                  deleted_reason="r")]
    names = cls.field_names()
    for size in (1, 7, len(rows_)):  # whole batches and small ones
        for start in range(0, len(rows_), size):
            batch = rows_[start:start + size]
            columns = {name: [row[name] for row in batch] for name in names}
            built = fastrecords.build(cls, columns, {}, len(batch))
            for row, record in zip(batch, built, strict=True):
                expected = _constructed(cls, row)
                if record is not None:
                    assert expected is not None and same(record, expected), row
        assert any(r is not None for r in fastrecords.build(
            cls, {name: [base[name]] for name in names}, {}, 1))


@pytest.mark.parametrize("cls", list(FIELDS), ids=lambda cls: cls.__name__)
def test_constants_and_defaults_are_checked_too(cls):
    candidates = {**COMMON, **FIELDS[cls]}
    base = {name: values[0] for name, values in candidates.items()}
    for name, values in candidates.items():
        for value in values:
            row = dict(base, **{name: value})
            columns = {n: [v, v] for n, v in row.items() if n != name}
            built = fastrecords.build(cls, columns, {name: value}, 2)
            expected = _constructed(cls, row)
            for record in built:
                assert record is None or (expected is not None and same(record, expected))
    defaults = {f.name for f in dataclasses.fields(cls)
                if f.default is not dataclasses.MISSING}  # (id's is a factory: left out)
    row = {n: v for n, v in base.items() if n not in defaults or n == "geometry"}
    built = fastrecords.build(cls, {n: [v] for n, v in row.items()}, {}, 1)
    expected = _constructed(cls, row)  # (a walk and an activity need their name, title)
    assert (built[0] is None) if expected is None else same(built[0], expected)
