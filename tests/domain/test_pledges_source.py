"""Check data/pledges.yaml against the source documents it was written from.

The source documents (Swedish) are copied verbatim into data/sources/. Each pledge
must agree with its own documents: signing date, municipality, police area,
period, follow-up, quotations and every numeric target next to its unit.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCES = DATA / "sources"

EXPECTED_IDS = {
    "tomelilla-2020",
    "svedala-2017",
    "staffanstorp-2018-2019",
    "tyreso-2018",
}

PLEDGE_KEYS = {
    "id",
    "kommun_kod",
    "kommun",
    "police_area",
    "title",
    "period_start",
    "period_end",
    "signed_date",
    "follow_up",
    "problem",
    "goals",
    "source_document",
    "source_title",
    "source_date",
    "source_publisher",
    "commitments",
}
OPTIONAL_PLEDGE_KEYS = {"other_sources"}
COMMITMENT_KEYS = {
    "id",
    "text",
    "kind",
    "target",
    "unit",
    "target_period",
    "responsible",
}

FOLLOW_UPS = {"quarterly", "yearly", "council"}
KINDS = {
    "safety_walk",
    "information_meeting",
    "watch_startup_meeting",
    "watch_contact_meeting",
    "police_hours",
    "concern_talk",
    "home_visit",
    "dispatch",
    "visible_presence",
    "physical_measure",
    "other",
}
TARGET_PERIODS = {"pledge", "year", "quarter", "month", "week", "per_walk"}
RESPONSIBLES = {"municipality", "police", "both"}

#: How the text says the pledge is followed up.
FOLLOW_UP_WORDS = {
    "quarterly": ("kvartalsvis", "varje kvartal"),
    "yearly": ("årlig", "varje år", "en gång per år"),
    "council": ("brottsförebyggande råd",),
}

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
}
#: "4000", "4 000", "4\u00a0000" (after normalisation), a number word, or "varje vecka" (= 1).
NUMBER_RE = re.compile(
    r"(?<![\w.,])(?P<digits>\d{1,3}(?: \d{3})+|\d+)(?![\w])"
    r"|\b(?P<word>" + "|".join(NUMBER_WORDS) + r")\b"
    r"|\b(?P<every>varje)(?= (?:dag|vecka|månad|kvartal|år)\b)"
)

#: Misspellings in the sources that pledges.yaml quotes corrected.
SOURCE_CORRECTIONS = {
    "infofmationstillfällen": "informationstillfällen",
    "aktiviter ": "aktiviteter ",
    "känns sig": "känna sig",
    "vårdnadshavarmas": "vårdnadshavarnas",
    "redovisas kvartalsvis til ": "redovisas kvartalsvis till ",
}
ELLIPSIS = "…"


def normalise(text: str) -> str:
    """Fold case, quotes, dashes, markdown bold, known misspellings and whitespace."""
    text = text.replace("**", "").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"[”“„\"]", '"', text)
    text = re.sub(r"[’‘]", "'", text)
    text = re.sub(r"[–—]", "-", text)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    for wrong, right in SOURCE_CORRECTIONS.items():
        text = text.replace(wrong, right)
    return text


def load_pledges() -> list[dict]:
    with (DATA / "pledges.yaml").open(encoding="utf-8") as handle:
        pledges = yaml.safe_load(handle)
    assert isinstance(pledges, list), "pledges.yaml must be a YAML list"
    return pledges


PLEDGES = load_pledges()
COMMITMENTS = [(p, c) for p in PLEDGES for c in p.get("commitments") or []]


def source_files(pledge: dict) -> list[Path]:
    names = [pledge["source_document"], *(pledge.get("other_sources") or [])]
    return [SOURCES / name for name in names]


def raw_sources(pledge: dict) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in source_files(pledge)]


def sources(pledge: dict) -> list[str]:
    """The pledge's source documents, normalised."""
    return [normalise(text) for text in raw_sources(pledge)]


def in_sources(pledge: dict, phrase: str) -> bool:
    phrase = normalise(phrase)
    return any(phrase in text for text in sources(pledge))


def swedish_date_forms(day: date) -> set[str]:
    """The ways a Swedish text writes a date (all with the year)."""
    month = MONTHS[day.month - 1]
    return {
        day.isoformat(),
        f"{day.year}-{day.month}-{day.day}",
        day.strftime("%Y%m%d"),
        f"{day.day} {month} {day.year}",
        f"{day.day}:e {month} {day.year}",
        f"{day.day}/{day.month} {day.year}",
        f"{day.day}/{day.month}-{day.year}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
    }


def assert_date_in_sources(pledge: dict, day: date, what: str) -> None:
    forms = swedish_date_forms(day)
    assert any(form in text for form in forms for text in sources(pledge)), (
        f"{pledge['id']}: {what} {day} is not in {pledge['source_document']} "
        f"(looked for {sorted(forms)})"
    )


def segments(raw: str) -> list[str]:
    """Lines and bullet points of a source, normalised: the unit a number must share."""
    parts = re.split(r"\n|•|^\s*[-*] ", raw, flags=re.MULTILINE)
    return [normalise(part) for part in parts if part.strip()]


def number_value(match: re.Match) -> int:
    if match["digits"]:
        return int(match["digits"].replace(" ", ""))
    if match["word"]:
        return NUMBER_WORDS[match["word"]]
    return 1  # "varje vecka": once a week


def numbers_next_to(pledge: dict, keyword: str) -> list[int]:
    """For each place the keyword occurs, the number written nearest to it in its segment."""
    keyword = normalise(keyword)
    found = []
    for raw in raw_sources(pledge):
        for segment in segments(raw):
            numbers = list(NUMBER_RE.finditer(segment))
            for hit in re.finditer(re.escape(keyword), segment):
                if not numbers:
                    continue

                def gap(match: re.Match, hit: re.Match = hit) -> int:
                    return max(match.start() - hit.end(), hit.start() - match.end(), 0)

                found.append(number_value(min(numbers, key=gap)))
    return found


# --- the file as a whole ---------------------------------------------------


def test_the_four_pledges() -> None:
    ids = [p["id"] for p in PLEDGES]
    assert len(ids) == len(set(ids)), f"duplicate pledge ids: {ids}"
    assert set(ids) == EXPECTED_IDS


def test_commitment_ids_are_unique() -> None:
    ids = [c["id"] for _, c in COMMITMENTS]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate commitment ids: {duplicates}"


def test_sources_are_copied() -> None:
    for pledge in PLEDGES:
        for path in source_files(pledge):
            assert path.is_file(), f"{pledge['id']}: missing source {path}"


# --- each pledge -----------------------------------------------------------


@pytest.fixture(params=PLEDGES, ids=[p["id"] for p in PLEDGES])
def pledge(request: pytest.FixtureRequest) -> dict:
    return request.param


def test_schema(pledge: dict) -> None:
    keys = set(pledge)
    assert PLEDGE_KEYS <= keys, f"missing keys: {sorted(PLEDGE_KEYS - keys)}"
    assert keys <= PLEDGE_KEYS | OPTIONAL_PLEDGE_KEYS, (
        f"unknown keys: {sorted(keys - PLEDGE_KEYS - OPTIONAL_PLEDGE_KEYS)}"
    )
    assert isinstance(pledge["kommun_kod"], str) and re.fullmatch(
        r"\d{4}", pledge["kommun_kod"]
    )
    assert isinstance(pledge["period_start"], date)
    assert isinstance(pledge["period_end"], date)
    assert pledge["period_start"] <= pledge["period_end"]
    assert pledge["signed_date"] is None or isinstance(pledge["signed_date"], date)
    assert pledge["follow_up"] in FOLLOW_UPS
    assert pledge["goals"] and all(
        isinstance(g, str) and g.strip() for g in pledge["goals"]
    )
    assert pledge["commitments"], "a pledge without commitments"


def test_signed_date_in_source(pledge: dict) -> None:
    if pledge["signed_date"] is None:  # only where the source says nothing of signing
        text = " ".join(sources(pledge)).lower()
        assert "underteckna" not in text and "signera" not in text, (
            f"{pledge['id']}: the source speaks of signing but signed_date is empty"
        )
        return
    assert_date_in_sources(pledge, pledge["signed_date"], "signed_date")


def test_period_in_source(pledge: dict) -> None:
    start, end = pledge["period_start"], pledge["period_end"]
    full_dates = any(
        form in text for form in swedish_date_forms(start) for text in sources(pledge)
    ) and any(
        form in text for form in swedish_date_forms(end) for text in sources(pledge)
    )
    if full_dates:
        return
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    assert whole_years, (
        f"{pledge['id']}: period {start}..{end} is not written in the source"
    )
    if start.year == end.year:
        pattern = rf"\b{start.year}\b"
    else:
        pattern = rf"\b{start.year} ?- ?{end.year}\b"
    assert any(re.search(pattern, text) for text in sources(pledge)), (
        f"{pledge['id']}: the years {start.year}..{end.year} are not in the source"
    )


def test_municipality_and_police_area_in_source(pledge: dict) -> None:
    assert in_sources(pledge, pledge["kommun"]), f"{pledge['id']}: {pledge['kommun']!r}"
    area = re.escape(normalise(pledge["police_area"]))
    assert any(re.search(rf"lokalpolisområde {area}\b", t) for t in sources(pledge)), (
        f"{pledge['id']}: 'lokalpolisområde {pledge['police_area']}' is not in the source"
    )


def test_title_in_source(pledge: dict) -> None:
    assert in_sources(pledge, pledge["title"]), (
        f"{pledge['id']}: title {pledge['title']!r}"
    )


def test_source_is_named_as_the_document_names_itself(pledge: dict) -> None:
    main = normalise((SOURCES / pledge["source_document"]).read_text(encoding="utf-8"))
    assert normalise(pledge["source_title"]) in main, (
        f"{pledge['id']}: source_title {pledge['source_title']!r} is not in its document"
    )
    if pledge["source_date"] is not None:
        assert isinstance(pledge["source_date"], date)
        forms = swedish_date_forms(pledge["source_date"])
        assert any(form in main for form in forms), (
            f"{pledge['id']}: source_date {pledge['source_date']} is not in its document"
        )
    else:  # no date of its own: the report gives the signing date instead
        assert pledge["signed_date"] is not None, f"{pledge['id']}: a source without any date"
    for part in re.split(r",|\(|\)| och ", pledge["source_publisher"]):
        part = part.strip().removeprefix("dnr ")
        if part:
            assert normalise(part) in main, (
                f"{pledge['id']}: source_publisher part {part!r} is not in its document"
            )


def test_follow_up_in_source(pledge: dict) -> None:
    words = FOLLOW_UP_WORDS[pledge["follow_up"]]
    assert any(in_sources(pledge, word) for word in words), (
        f"{pledge['id']}: follow_up {pledge['follow_up']!r} but the source has none of {words}"
    )


def quoted_fragments(text: str) -> list[str]:
    """The quoted parts between " … "; the closing full stop may be the editor's.

    pledges.yaml makes each goal and commitment a whole sentence: where the source runs
    on ("… ska öka och att …") or leaves a line unpunctuated, the full stop is added.
    """
    parts = [part.strip() for part in text.split(ELLIPSIS) if part.strip()]
    if parts and parts[-1].endswith("."):
        parts[-1] = parts[-1][:-1]
    return parts


def test_problem_and_goals_are_quotations(pledge: dict) -> None:
    for field, texts in (("problem", [pledge["problem"]]), ("goals", pledge["goals"])):
        for text in texts:
            for fragment in quoted_fragments(text):
                assert in_sources(pledge, fragment), (
                    f"{pledge['id']}: {field} is not quoted from the source: {fragment!r}"
                )


# --- each commitment -------------------------------------------------------


@pytest.mark.parametrize(
    ("pledge", "commitment"), COMMITMENTS, ids=[c["id"] for _, c in COMMITMENTS]
)
def test_commitment_schema(pledge: dict, commitment: dict) -> None:
    assert set(commitment) == COMMITMENT_KEYS, f"keys: {sorted(commitment)}"
    assert commitment["id"].startswith(pledge["id"] + "-")
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{1,80}", commitment["id"])
    assert commitment["kind"] in KINDS
    assert commitment["target_period"] in TARGET_PERIODS
    assert commitment["responsible"] in RESPONSIBLES
    target = commitment["target"]
    assert target is None or (
        isinstance(target, (int, float)) and not isinstance(target, bool) and target > 0
    )
    if target is not None:
        assert commitment["unit"], "a numeric target needs its unit"


@pytest.mark.parametrize(
    ("pledge", "commitment"), COMMITMENTS, ids=[c["id"] for _, c in COMMITMENTS]
)
def test_commitment_text_is_quoted(pledge: dict, commitment: dict) -> None:
    for fragment in quoted_fragments(commitment["text"]):
        assert in_sources(pledge, fragment), (
            f"{commitment['id']}: text is not quoted from the source: {fragment!r}"
        )
    if commitment["unit"]:
        assert in_sources(pledge, commitment["unit"]), (
            f"{commitment['id']}: unit {commitment['unit']!r} is not in the source"
        )


@pytest.mark.parametrize(
    ("pledge", "commitment"),
    [(p, c) for p, c in COMMITMENTS if c["target"] is not None],
    ids=[c["id"] for _, c in COMMITMENTS if c["target"] is not None],
)
def test_target_next_to_its_unit(pledge: dict, commitment: dict) -> None:
    found = numbers_next_to(pledge, commitment["unit"])
    assert found, (
        f"{commitment['id']}: no number next to {commitment['unit']!r} in the source"
    )
    assert commitment["target"] in found, (
        f"{commitment['id']}: target {commitment['target']} but the source writes "
        f"{found} next to {commitment['unit']!r}"
    )


# --- the helpers themselves ------------------------------------------------


def test_helpers() -> None:
    assert "3 juni 2020" in swedish_date_forms(date(2020, 6, 3))
    assert "2020-06-03" in swedish_date_forms(date(2020, 6, 3))
    pledge = {"source_document": "002_6c48f147aab9141d.txt"}
    assert 4000 in numbers_next_to(pledge, "timmar")
    assert 3000 not in numbers_next_to(pledge, "timmar")
    assert numbers_next_to(pledge, "uppstartsmöten") == [2]
    assert (
        normalise("Minst  fem\ninfofmationstillfällen")
        == "minst fem informationstillfällen"
    )
