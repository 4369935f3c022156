"""Loading pledges.yaml: each goal and commitment must read as a whole sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geo.model import ValidationError
from geo.pledges import load_pledges, sentence
from tests.test_pledges_source import DATA


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


def test_a_fragment_in_the_file_is_refused_with_its_pledge_and_field(tmp_path: Path):
    entries = yaml.safe_load((DATA / "pledges.yaml").read_text(encoding="utf-8"))
    tyreso = next(e for e in entries if e["id"] == "tyreso-2018")
    tyreso["commitments"][0]["text"] = "… platser som upplevs otrygga och då rikta åtgärder."
    path = tmp_path / "pledges.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        load_pledges(path)
    assert raised.value.field == "tyreso-2018.text"


def test_the_seed_pledges_are_whole_sentences():
    for pledge in load_pledges():
        for text in (*pledge.goals, *(c.text for c in pledge.commitments)):
            assert sentence("text", text) == text
