"""The seed file's quotation rule: each goal and commitment of data/pledges.yaml reads as a
whole sentence. A municipality's own pledge file is not held to it (geo/domain/pledge_files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geo.domain.model import ValidationError
from geo.domain.pledge_files import load_pledges, sentence
from tests.domain.test_pledges_source import DATA


@pytest.mark.parametrize("text", [
    "Genomföra regelbunden kartläggning av otrygga platser.",
    "Aktiviteter under rubriken ”Trafik” kvarstår.",
    "Polisen ska lägga minst 4 000 timmar (motsvarande två årsarbetskrafter).",
    "Ökad synlighet?",
    "4 000 timmar ska läggas på brottsförebyggande arbete.",
])
def test_whole_sentences_pass(text):
    assert sentence("text", text) == text


@pytest.mark.parametrize("text", [
    "… platser som upplevs otrygga och då rikta trygghetsskapande åtgärder.",  # cut in front
    "Genomföra regelbunden kartläggning för att få en bild av platser som upplevs otrygga",
    "platser som upplevs otrygga.",
    "Genomföra regelbunden kartläggning …",
    "",
])
def test_fragments_are_refused(text):
    with pytest.raises(ValidationError):
        sentence("text", text)


def test_a_municipalitys_own_file_is_not_held_to_the_seed_files_sentences(tmp_path: Path):
    entries = yaml.safe_load((DATA / "pledges.yaml").read_text(encoding="utf-8"))
    tyreso = next(e for e in entries if e["id"] == "tyreso-2018")
    tyreso["commitments"][0]["text"] = "minst 8 nya grannsamverkansområden"
    tyreso["goals"] = ["färre inbrott"]
    path = tmp_path / "pledges.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    loaded = {p.id: p for p in load_pledges(path)}["tyreso-2018"]
    assert loaded.commitments[0].text == "minst 8 nya grannsamverkansområden"
    assert loaded.goals == ("färre inbrott",)
    with pytest.raises(ValidationError):  # while the seed file's check still refuses it
        sentence("text", loaded.commitments[0].text)


def test_the_seed_pledges_are_whole_sentences():
    """The check of data/pledges.yaml that load_pledges made before users wrote pledges."""
    for pledge in load_pledges():
        for text in (*pledge.goals, *(c.text for c in pledge.commitments)):
            assert sentence("text", text) == text
