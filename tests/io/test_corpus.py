"""Every file of the corpus imports correctly or is refused with its specific reason.

For each file in ``tests/data`` (see its README): the library's report has the
expected outcome; a refused or rejected file leaves the store exactly as it was;
an imported file imports nothing the second time; the CLI says the same with the
right exit code and, on refusal, one line and no traceback.
"""

from __future__ import annotations

import pytest

from geo.cli import main as cli
from geo.io.importer import ImportOptions, import_file
from tests.data.make_corpus import CORPUS
from tests.io.conftest import DATA, KOMMUN, digest


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setattr(cli, "EXTENSIONS", ("geo.io.cli",))


def test_the_corpus_is_large_enough_and_described():
    assert len(CORPUS) >= 40
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name in CORPUS:
        assert (DATA / name).is_file(), name
        assert f"`{name}`" in readme


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file(name, store, capsys):
    layer, (kind, detail), _ = CORPUS[name]
    data = (DATA / name).read_bytes()
    before, existing = digest(store.path), len(store.list(layer))
    report = import_file(store, data, ImportOptions(layer=layer, kommun_kod=KOMMUN,
                                                    file_name=name))
    for lang in ("sv", "en"):  # every message renders in both languages
        assert report.summary(lang) and report.to_json(lang)
        assert all(p.text(lang) for p in report.rejected + report.notes)
    if kind == "ok":
        assert report.status == "written", report.to_json()
        assert report.created == detail and not report.rejected
        assert len(store.list(layer)) == existing + detail
        after = digest(store.path)
        again = import_file(store, data, ImportOptions(layer=layer, kommun_kod=KOMMUN))
        assert again.status == "nothing_new" and again.created == 0
        assert digest(store.path) == after
    elif kind == "refused":
        assert report.refused is not None, report.to_json()
        assert report.refused[0] == detail, report.refusal_text()
        assert digest(store.path) == before
    else:
        assert report.status == "rejected", report.to_json()
        assert {p.line: p.code for p in report.rejected} == detail, report.to_json()
        assert digest(store.path) == before
        assert report.rejected_csv().count(b"\r\n") == len(detail) + 1
    code = cli.main(["import", str(DATA / name), "--layer", layer, "--kommun", KOMMUN,
                     "--db", str(store.path), "--dry-run"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if kind == "refused":
        assert code == 2 and err.count("\n") == 1 and err.startswith("geo: error: ")
    else:
        assert code == (1 if kind == "rejected" else 0), out + err
