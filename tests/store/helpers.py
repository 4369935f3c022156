"""What the store contract tests share: the layers, a user's updates, field comparison."""

from __future__ import annotations

import multiprocessing

from shapely.geometry import Point

from geo.domain.model import FEATURE_TYPES

LAYERS = tuple(FEATURE_TYPES)
STORE_FIELDS = ("created_at", "updated_at", "updated_by", "version")
SWEDISH_TEXT = "Åsa Öberg, Ängelholmsvägen"

#: Per layer, an update a user would make (the first key is checked in ``list`` too).
UPDATE_CHANGES = {
    "unsafe_places": {"description": "Belysningen är lagad", "status": "active"},
    "walks": {"participants": 21, "organisers": "Polisen"},
    "findings": {"proposed_action": "Byt armaturen", "priority": 3},
    "watch_areas": {"households": 57, "end_date": None},
    "activities": {"title": "Informationsmöte i Brösarp", "quantity": 3.0},
}
ELSEWHERE = Point(14.1, 55.7)


def assert_same_fields(actual, expected, skip=()):
    for name in type(expected).field_names():
        if name in skip:
            continue
        got, want = getattr(actual, name), getattr(expected, name)
        if name == "geometry":
            assert (got is None) == (want is None), name
            if want is not None:
                assert got.geom_type == want.geom_type
                assert got.equals_exact(want, 1e-12), name
        else:
            assert got == want, f"{name}: {got!r} != {want!r}"


def unchanged(store, layer, record):
    now = store.get(layer, record.id)
    assert now is not None
    assert_same_fields(now, record)


def run_together(target, args_list) -> None:
    """Run ``target`` in one spawned process per argument tuple, all starting together."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(args_list), timeout=60)
    processes = [context.Process(target=target, args=(start, *args)) for args in args_list]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        if process.is_alive():  # hung: stop it rather than leave it behind
            process.terminate()
    assert [p.exitcode for p in processes] == [0] * len(processes)
