"""Every ``st.file_uploader`` in the app goes through :func:`geo.io.guard.read_upload`.

The meta-test finds the uploaders by reading the code (AST) of ``views/``, ``app/`` and
``dashboard.py``; each must have a literal ``key`` listed in :data:`UPLOADERS`, which says
how to reach it. Then, per uploader, AppTest uploads every hostile file of the corpus
(``tests/data/hostile``): the bytes reach the guard (a spy records them), the page shows
one refusal line, and nothing of the targets appears in the page, its tables or its
downloads; the loopback listener sees no request and no file appears.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import limits
from geo import i18n
from geo.access.auth import User
from geo.io import guard
from geo.store import GeoPackageStore
from tests import fixture_data
from tests.apptest import keep_downloads
from tests.hostile import corpus, leaks, listener, listing, make_targets

ROOT = Path(__file__).resolve().parents[2]
SURVEY = ROOT / "tests" / "data" / "survey"
ADMIN = "admin@tomelilla.se"

#: Every uploader's key: (the file that draws it, its purpose, how a test reaches it).
UPLOADERS = {
    "cov_units_file": ("views/coverage.py", guard.UNITS, "coverage_units"),
    "cov_population": ("views/coverage.py", guard.POPULATION, "coverage"),
    "survey_file": ("app/meeting_survey.py", guard.SURVEY_TABLE, "survey_table"),
    "survey_areas": ("app/meeting_survey.py", guard.SURVEY_AREAS, "survey_areas"),
    "io_upload": ("views/data_io.py", guard.IMPORT, "import"),
    "pledge_source_file": ("app/pledge_form.py", guard.SOURCE_DOCUMENT, "pledge_source"),
}
#: The size (MB) each uploader lets through to the reader (app.limits.upload_bytes):
#: anonymous visitors' uploads are smaller than the editors'.
WIDGET_LIMIT_MB = {"cov_units_file": limits.PUBLIC_UPLOAD_MB,
                   "cov_population": limits.PUBLIC_UPLOAD_MB,
                   "pledge_source_file": guard.MAX_DOCUMENT_BYTES // limits.MB}


def uploaders_in_code() -> dict[str, str]:
    """``{key: file}`` of every ``st.file_uploader(...)`` call; a call without a literal key
    is listed under ``"<no key> file:line"`` (and fails the test)."""
    found = {}
    files = [*ROOT.joinpath("views").rglob("*.py"), *ROOT.joinpath("app").rglob("*.py"),
             ROOT / "dashboard.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "file_uploader"):
                key = next((k.value for k in node.keywords if k.arg == "key"), None)
                name = (key.value if isinstance(key, ast.Constant)
                        else f"<no key> {path.relative_to(ROOT)}:{node.lineno}")
                found[name] = str(path.relative_to(ROOT))
    return found


def test_every_uploader_is_listed_with_its_guard():
    found = uploaders_in_code()
    assert found == {key: page for key, (page, _, _) in UPLOADERS.items()}, (
        "an st.file_uploader is not in UPLOADERS: give it a literal key, read its value "
        "only through geo.io.guard.read_upload, and add it here (and to the hostile run)")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_pages")
    db = folder / "store.gpkg"
    store = fixture_data.build(db)
    store.save_user(User(email=ADMIN, role="admin"), None, "test")
    with listener() as (url, seen):
        targets = make_targets(folder / "targets", url, store=db)
        yield db, targets, seen, corpus(targets), folder


def _texts(at: AppTest) -> str:
    parts = []
    for kind in ("error", "warning", "info", "caption", "markdown", "success", "exception",
                 "text", "code", "json", "metric", "title", "subheader"):
        parts += [str(node.proto) for node in at.get(kind)]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(parts)


def _start(how: str, db: Path) -> AppTest:
    if how == "pledge_source":  # Löften's editor, inside the app (its links need the pages)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.session_state["lang"] = "sv"
        at.session_state["_local_user"] = ADMIN
        at.run()
        return at.switch_page("views/pledges.py").run()
    page = {"coverage_units": "coverage", "coverage": "coverage", "survey_table": "meeting",
            "survey_areas": "meeting", "import": "data_io"}[how]
    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=60)
    at.session_state["lang"] = "sv"
    if page == "coverage":
        at.query_params["kommun"] = "1270"
        at.query_params["year"] = "2020"
        if how == "coverage_units":
            at.query_params["units"] = "file"
    elif page == "meeting":
        at.user = {"is_logged_in": True, "email": fixture_data.EDITOR[0],
                   "email_verified": True}
        at.query_params["view"] = "survey"
    else:
        at.session_state["_local_user"] = ADMIN
    return at.run()


def _upload(at: AppTest, key: str, how: str, name: str, data: bytes) -> AppTest:
    allowed = list(at.file_uploader(key=key).proto.type)  # Streamlit checks the name only:
    name = name + (allowed[0] if allowed else "")  # an attacker renames the file
    at.file_uploader(key=key).set_value([(name, data, "application/octet-stream")])
    if how in ("survey_table", "survey_areas"):
        if how == "survey_areas":
            at.file_uploader(key="survey_file").set_value(
                [("deso.csv", (SURVEY / "deso_good.csv").read_bytes(), "text/csv")])
        submit = next(b for b in at.get("button")
                      if b.proto.label == i18n.t("meeting.import_button", "sv"))
        submit.click()
    elif how == "pledge_source":  # the file is kept only when the editor saves it
        at.run()
        at.button(key="pledge_source_save").click()
    return at.run()


@pytest.mark.parametrize("key", UPLOADERS)
def test_every_uploader_refuses_every_hostile_file(world, key, monkeypatch):
    db, targets, seen, files, folder = world
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    monkeypatch.setenv(limits.INLINE_ENV, "1")  # the spy sees calls in this process only
    downloads = keep_downloads(monkeypatch)
    reached: list[bytes] = []
    real = guard.read_upload

    def spy(source, **kwargs):
        reached.append(source)
        return real(source, **kwargs)

    monkeypatch.setattr(guard, "read_upload", spy)
    real_document = guard.read_source_document

    def document_spy(data, **kwargs):  # a pledge's source document has its own reader
        reached.append(data)
        return real_document(data, **kwargs)

    monkeypatch.setattr(guard, "read_source_document", document_spy)
    _, _, how = UPLOADERS[key]
    at = _start(how, db)
    assert not at.exception, at.exception
    before = listing(folder)
    store_before = GeoPackageStore(db).list("watch_areas", public=False)
    widget_limit = WIDGET_LIMIT_MB.get(key, limits.IMPORT_UPLOAD_MB) * limits.MB
    for name, data in files.items():
        reached.clear()
        downloads.clear()
        at.session_state[limits.WINDOW_KEY] = limits.UploadWindow()  # one upload per session
        at = _upload(at, key, how, name, data)
        assert not at.exception, (name, at.exception)
        if len(data) > widget_limit:  # refused by the size gate before anything reads it
            assert not reached, f"{name} was read although it is over the widget's limit"
        else:
            assert any(r is data or r == data for r in reached), f"{name} never reached the guard"
        errors = [e.value for e in at.error]
        if how == "pledge_source" and not errors:
            # a pledge's source document is kept as it came (PDF or plain text, never
            # parsed, never fetched): the hostile geodata files that are plain text (a URL,
            # a "/vsicurl/" cell) are harmless text here; the rest must be refused
            kept = GeoPackageStore(db).pledge_document(at.selectbox(key="followup_pledge")
                                                       .value)
            assert kept is not None and kept[2] == data, f"{name}: kept something else"
            assert kept[1] in guard.SOURCE_DOCUMENT and kept[1].startswith("text/plain")
            assert not leaks(_texts(at), targets), (name, leaks(_texts(at), targets))
            assert not seen, f"{name}: the listener was asked {seen}"
            assert listing(folder) == before
            continue
        assert errors, f"{name}: no refusal shown"
        # Löften offers the pledge's stored document for download: an earlier harmless text
        # of the corpus, shown as it was uploaded, is the upload itself, not a leak
        earlier = (GeoPackageStore(db).pledge_document(at.selectbox(key="followup_pledge")
                                                       .value) or ("", "", b""))[2] \
            if how == "pledge_source" else None
        shown = _texts(at) + "".join(d.decode("utf-8", "replace") if isinstance(d, bytes)
                                     else str(d) for d in downloads.values() if d != earlier)
        assert not leaks(shown, targets), (name, leaks(shown, targets))
        assert not seen, f"{name}: the listener was asked {seen}"
        assert not targets.write_to.exists()
        assert listing(folder) == before
    assert len(GeoPackageStore(db).list("watch_areas", public=False)) == len(store_before)
