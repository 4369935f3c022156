"""Load the pledges from their human-editable text file (``data/pledges.yaml``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from geo import config
from geo.model import Commitment, Pledge, ValidationError


def load_pledges(path: str | Path = config.PLEDGES_FILE) -> list[Pledge]:
    """Read and validate every pledge; a bad entry is refused with its id and field."""
    with open(path, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle) or []
    pledges = [_pledge(entry) for entry in entries]
    ids = [p.id for p in pledges]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValidationError("id", f"duplicate pledge ids: {', '.join(sorted(duplicates))}")
    return pledges


#: The end of a whole sentence: a full stop, ! or ?, perhaps inside a quote or bracket.
_SENTENCE_END = re.compile(r"[.!?][”’\")]?$")


def sentence(field: str, text: Any) -> str:
    """Refuse a goal or commitment that is a fragment of the source's sentence.

    Reports list them one by one, so each must read on its own: a quotation cut off at
    the front ("… platser som upplevs otrygga …") or left without its end reads as a
    fragment. One sentence of the source is one commitment.
    """
    value = " ".join(str(text or "").split())
    first = value[:1]
    if not (first.isupper() or first.isdigit()) or not _SENTENCE_END.search(value):
        raise ValidationError(field, f"is not a whole sentence (capital letter first, "
                                     f"full stop last): {value[:60]!r}")
    return value


def _pledge(entry: dict[str, Any]) -> Pledge:
    entry = dict(entry)
    pledge_id = entry.get("id", "?")
    try:
        commitments = tuple(
            Commitment(pledge_id=pledge_id, **{**c, "text": sentence("text", c.get("text"))})
            for c in entry.pop("commitments", []) or []
        )
        entry["goals"] = tuple(sentence("goals", g) for g in entry.get("goals") or ())
        entry["other_sources"] = tuple(entry.get("other_sources") or ())
        return Pledge(**entry, commitments=commitments)
    except ValidationError as error:
        raise ValidationError(f"{pledge_id}.{error.field}", error.message) from None
    except TypeError as error:  # an unknown or missing key
        raise ValidationError(str(pledge_id), str(error)) from None
