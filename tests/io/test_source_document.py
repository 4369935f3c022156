"""A pledge's source document through the guarded reader: a PDF or UTF-8 text, nothing else."""

from __future__ import annotations

import pytest

from geo.io import guard
from geo.io.errors import Refused


@pytest.mark.parametrize("data, media_type", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", guard.PDF),
    ("Medborgarlöfte Strängnäs 2019\n\nVi lovar …\n".encode(), guard.TEXT),
    ("\ufeffMed BOM och tabb\toch sidbrytning\f".encode(), guard.TEXT),
])
def test_pdf_and_utf8_text_are_kept_by_their_content(data, media_type):
    assert guard.read_source_document(data, declared="application/octet-stream") == media_type


@pytest.mark.parametrize("data", [
    b"",                                                    # nothing
    "Löfte".encode("latin-1"),                              # not UTF-8
    b"  \n<!DOCTYPE html><script>alert(1)</script>",        # a page, after blank lines
    '\ufeff<svg onload="alert(1)"/>'.encode(),               # markup behind a BOM
    b"PK\x03\x04word/document.xml",                         # a Word file (a zip)
    b"Text\x00with a NUL",                                  # binary dressed as text
    b"\x1b[31mterminal codes",                              # control characters
])
def test_anything_else_is_refused_whatever_it_is_called(data):
    with pytest.raises(Refused) as refused:
        guard.read_source_document(data, declared="application/pdf")
    assert refused.value.code in {"empty_file", "document_not_accepted"}
    assert refused.value.text("sv") != refused.value.text("en")


def test_a_document_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(Refused) as refused:
        guard.read_source_document(b"%PDF-" + b"0" * guard.MAX_DOCUMENT_BYTES)
    assert refused.value.code == "document_too_big"
    assert "10 MB" in refused.value.text("sv") and "10 MB" in refused.value.text("en")
    assert guard.read_source_document(b"%PDF-" + b"0" * (guard.MAX_DOCUMENT_BYTES - 5)) == \
        guard.PDF
