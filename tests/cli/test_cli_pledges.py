"""``python -m geo pledge import|export|list``: the seeds through a file, round trips, refusals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from geo import report
from geo.cli.main import main
from geo.domain import periods
from geo.domain.enums import Measure
from geo.domain.model import Commitment, Pledge
from geo.domain.pledge_files import PledgeFileError, dump_pledges, load_pledges, parse_pledges
from geo.store import GeoPackageStore
from tests.report.test_report import GOLDEN, PERIODS

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "pledges.yaml"


@pytest.fixture(scope="module")
def imported_store(tmp_path_factory) -> GeoPackageStore:
    """The example data, with the pledges taken away and imported again from the seed file."""
    path = tmp_path_factory.mktemp("pledges") / "example.gpkg"
    assert main(["init", "--example", "--db", str(path)]) == 0
    store = GeoPackageStore(path)
    store.replace_pledges([], "test")
    assert store.pledges() == []
    assert main(["pledge", "import", str(SEEDS), "--db", str(path)]) == 0
    return store


@pytest.mark.parametrize("pledge_id", list(PERIODS))
def test_imported_seeds_give_the_golden_reports_byte_for_byte(imported_store, pledge_id):
    pledge = imported_store.pledge(pledge_id)
    assert pledge is not None and pledge.updated_by == "cli"
    built = report.build(imported_store, pledge, periods.parse(PERIODS[pledge_id]))
    name = f"{pledge_id}-{PERIODS[pledge_id]}.sv"
    assert report.html(built, "sv") == (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
    assert report.csv_bytes(built, "sv") == (GOLDEN / f"{name}.csv").read_bytes()


def test_importing_the_same_file_again_changes_nothing(imported_store, capsys):
    before = imported_store.history("pledges")
    assert main(["pledge", "import", str(SEEDS), "--db", str(imported_store.path)]) == 0
    assert capsys.readouterr().out.count("unchanged") == 4
    assert imported_store.history("pledges") == before


def every_measure() -> Pledge:
    """A hand-made pledge with each measure once, a link as its source and every field set."""
    pid = "strangnas-2019"
    rows = [
        ("info", "information_meeting", Measure.ACTIVITIES, 5, "möten", "pledge"),
        ("timmar", "police_hours", Measure.HOURS, 100, "timmar", "year"),
        ("vandringar", "safety_walk", Measure.WALKS, 4, "vandringar", "pledge"),
        ("utskick", "dispatch", Measure.UNITS, 1, "utskick", "month"),
        ("atgarder", "safety_walk", Measure.WALK_RULE, 3, "åtgärder", "per_walk"),
        ("grannsamverkan", "watch_startup_meeting", Measure.NEW_WATCH_AREAS, 8, "områden",
         "pledge"),
        ("brister", "physical_measure", Measure.FINDINGS_DONE, 10, "brister", "quarter"),
        ("platser", "physical_measure", Measure.PLACES_RESOLVED, 6, "platser", "pledge"),
        ("hembesok", "home_visit", Measure.COUNT_ONLY, 20, "besök", "year"),
        ("narvaro", "visible_presence", Measure.NONE, None, None, "pledge"),
    ]
    return Pledge(
        id=pid, kommun_kod="0486", kommun="Strängnäs", police_area="LPO Strängnäs",
        title="Medborgarlöfte Strängnäs 2019", period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31), signed_date=date(2019, 3, 12), follow_up="quarterly",
        problem="Oro kring resecentrum: \"kvällar\" & helger",
        goals=("färre inbrott", "ökad trygghet"),
        source_document="strangnas-2019.pdf", source_title="Medborgarlöfte 2019",
        source_date=date(2019, 3, 1), source_publisher="Strängnäs kommun och polisen",
        source_url="https://www.strangnas.se/medborgarlofte-2019?utskrift=1",
        other_sources=("protokoll-2019-02.txt",), archived=True,
        commitments=tuple(
            Commitment(id=f"{pid}-{suffix}", pledge_id=pid, text=f"minst {target} {unit}",
                       kind=kind, measure=measure, target=target, unit=unit,
                       target_period=period, responsible="police" if i % 2 else "both")
            for i, (suffix, kind, measure, target, unit, period) in enumerate(rows)),
    )


def test_every_measure_is_in_the_hand_made_pledge():
    assert {c.measure for c in every_measure().commitments} == set(Measure)


def test_export_then_import_round_trips_every_field(imported_store, tmp_path, capsys):
    db = str(imported_store.path)
    hand_made = every_measure()
    imported_store.save_pledge(hand_made, "karin", None)
    for pledge in [*load_pledges(), hand_made]:
        out = tmp_path / f"{pledge.id}.yaml"
        assert main(["pledge", "export", "--pledge", pledge.id, "--db", db,
                     "--out", str(out)]) == 0
        back = parse_pledges(out.read_bytes(), out.name)
        assert back == [pledge], pledge.id  # every field, the commitments' too
        assert main(["pledge", "import", str(out), "--db", db]) == 0
        assert f"unchanged {pledge.id}" in capsys.readouterr().out
    stored = imported_store.pledge(hand_made.id)
    assert (stored.archived, stored.source_url) == (True, hand_made.source_url)


def test_a_changed_file_updates_the_pledge_at_its_current_version(imported_store, tmp_path):
    db = str(imported_store.path)
    before = imported_store.pledge("tyreso-2018")
    entries = yaml.safe_load(dump_pledges([before]))
    entries[0]["title"] = "Tyresö 2018, reviderad"
    entries[0]["commitments"][0]["measure"] = "places_resolved"
    entries[0]["commitments"][0]["target"] = 5
    entries[0]["commitments"][0]["unit"] = "platser"
    path = tmp_path / "tyreso.json"
    path.write_text(json.dumps(entries, default=str, ensure_ascii=False), encoding="utf-8")
    assert main(["pledge", "import", str(path), "--db", db, "--dry-run"]) == 0
    assert imported_store.pledge("tyreso-2018") == before
    assert main(["pledge", "import", str(path), "--db", db]) == 0
    after = imported_store.pledge("tyreso-2018")
    assert (after.title, after.version) == ("Tyresö 2018, reviderad", before.version + 1)
    assert after.commitments[0].measure is Measure.PLACES_RESOLVED
    assert imported_store.history("pledges", "tyreso-2018")[-1].action == "update"


def test_list_shows_id_kommun_period_commitments_and_archived(imported_store, capsys):
    db = str(imported_store.path)
    assert main(["pledge", "list", "--kommun", "1270", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "tomelilla-2020\t1270 Tomelilla\t2020-01-01–2020-12-31\t2 commitments\tcurrent"]
    assert main(["pledge", "list", "--kommun", "9999", "--db", db]) == 2


# -- refused files: one clear line each, nothing written ---------------------------------------


def seed_entries() -> list[dict]:
    return yaml.safe_load(SEEDS.read_text(encoding="utf-8"))


def strangnas_entry(**changes) -> dict:
    entry = yaml.safe_load(dump_pledges([every_measure()]))[0]
    entry["archived"] = False
    entry.update(changes)
    return entry


def _yaml(entries) -> bytes:
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False).encode()


def _commitment_changed(index: int, **changes) -> bytes:
    entry = strangnas_entry()
    entry["commitments"][index].update(changes)
    return _yaml([entry])


def _commitment_without(index: int, *names: str, **changes) -> bytes:
    entry = strangnas_entry()
    for name in names:
        entry["commitments"][index].pop(name)
    entry["commitments"][index].update(changes)
    return _yaml([entry])


BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n".encode()
    for i in range(9))

#: name: (the file's bytes, its name, words the one line must hold).
BAD_FILES = {
    "unknown measure": (_commitment_changed(0, measure="besök"), "p.yaml",
                        ["strangnas-2019-info", "measure", "besök"]),
    "end before start": (_yaml([strangnas_entry(period_end="2018-06-30")]), "p.yaml",
                         ["strangnas-2019", "period_end", "before"]),
    "target without unit": (_commitment_without(1, "unit"), "p.yaml",
                            ["strangnas-2019-timmar", "unit", "target"]),
    "kommun that does not exist": (_yaml([strangnas_entry(kommun_kod="0999")]), "p.yaml",
                                   ["strangnas-2019", "kommun_kod", "0999"]),
    "duplicate id": (_yaml([strangnas_entry(), strangnas_entry(title="Igen")]), "p.yaml",
                     ["strangnas-2019", "id", "more than once"]),
    "broken YAML": (b"- id: strangnas-2019\n  title: [unclosed\n  kommun: x\n", "p.yaml",
                    ["YAML", "line"]),
    "YAML alias bomb": (BOMB, "p.yaml", ["anchors or aliases", "line 1"]),
    "JSON not a list": (json.dumps({"id": "strangnas-2019"}).encode(), "p.json",
                        ["must be a list of pledges"]),
    "commitment id not prefixed": (_commitment_changed(2, id="vandringar-2019"), "p.yaml",
                                   ["vandringar-2019", "field id", "strangnas-2019"]),
    "unknown field": (_yaml([strangnas_entry(colour="blå")]), "p.yaml",
                      ["strangnas-2019", "colour", "not a known field"]),
    "count-only kind with another measure": (_commitment_changed(8, measure="activities"),
                                             "p.yaml", ["strangnas-2019-hembesok", "measure",
                                                        "home_visit"]),
    "units without month or week": (_commitment_changed(3, target_period="year"), "p.yaml",
                                    ["strangnas-2019-utskick", "measure", "month or per week"]),
    "empty text": (_commitment_changed(0, text="  "), "p.yaml",
                   ["strangnas-2019-info", "field text", "required"]),
    "date out of range": (_yaml([strangnas_entry(signed_date="1899-05-01")]), "p.yaml",
                          ["strangnas-2019", "signed_date", "1990-01-01"]),
    "not UTF-8": ("- id: strängnäs\n".encode("latin-1"), "p.yaml", ["not UTF-8"]),
    "a link that is not a web address": (
        _yaml([strangnas_entry(source_url="javascript:alert(1)")]), "p.yaml",
        ["strangnas-2019", "source_url", "web address"]),
    "JSON broken": (b'[{"id": "strangnas-2019",]', "p.json", ["JSON", "line 1"]),
    "too deep": (b"- " * 40 + b"x\n", "p.yaml", ["deeper than"]),
    "empty file": (b"\n\n", "p.yaml", ["no pledges"]),
    "a commitment twice": (_yaml([strangnas_entry(commitments=[
        *strangnas_entry()["commitments"], strangnas_entry()["commitments"][0]])]), "p.yaml",
        ["strangnas-2019-info", "more than once"]),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_refused_with_one_clear_line_and_nothing_written(
        name, imported_store, tmp_path, capsys):
    data, file_name, words = BAD_FILES[name]
    with pytest.raises(PledgeFileError) as refused:
        parse_pledges(data, file_name)
    lines = refused.value.lines("en")
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert all(line.strip() for line in refused.value.lines("sv"))
    before = (imported_store.pledges(), imported_store.data_version())
    path = tmp_path / file_name
    path.write_bytes(data)
    assert main(["pledge", "import", str(path), "--db", str(imported_store.path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith(lines[0]) and "nothing written" in err[-1]
    assert (imported_store.pledges(), imported_store.data_version()) == before


def test_every_problem_of_a_file_is_listed_not_only_the_first():
    entry = strangnas_entry(period_end="2018-06-30", colour="blå")
    entry["commitments"][0]["measure"] = "besök"
    entry["commitments"][1].pop("unit")
    with pytest.raises(PledgeFileError) as refused:
        parse_pledges(_yaml([entry, {"id": "tva"}]), "p.yaml")
    lines = refused.value.lines("sv")
    assert len(lines) == 5, lines
    assert lines[0] == "löfte strangnas-2019, fält colour: är inget känt fält"
    assert any(line.startswith("löfte strangnas-2019, åtagande strangnas-2019-timmar, fält unit")
               for line in lines)
    assert any(line.startswith("löfte tva, fält kommun_kod") for line in lines)


def test_a_municipalitys_own_words_are_not_refused_by_the_seed_files_sentence_rule():
    pledge = parse_pledges(_yaml([strangnas_entry()]), "p.yaml")[0]
    assert pledge.commitments[5].text == "minst 8 områden"
    assert pledge.goals == ("färre inbrott", "ökad trygghet")


def test_init_makes_an_empty_store_and_an_upgrade_keeps_the_written_pledges(tmp_path, capsys):
    path = tmp_path / "store.gpkg"
    assert main(["init", "--db", str(path)]) == 0
    assert capsys.readouterr().out.endswith(": 0 pledges\n")
    store = GeoPackageStore(path)
    assert store.pledges() == []  # the seeds are example pledges: init --example loads them
    store.save_pledge(every_measure(), "karin", None)
    saved = store.pledge("strangnas-2019")
    store.archive_pledge(saved.id, "karin", saved.version)
    assert main(["init", "--db", str(path)]) == 0
    assert [p.id for p in store.pledges()] == ["strangnas-2019"]
    assert store.pledge("strangnas-2019").archived
