"""PDF parser: generated application forms (tests/fixtures/pdf, made by scripts/make_pdf_fixtures.py)
must come back block for block; bad inputs must raise the right InputError."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from scenarioreview.errors import CorruptFile, EncryptedFile
from scenarioreview.model import Document
from scenarioreview.parsers.pdf import parse_pdf

FIX = Path(__file__).parent / "fixtures" / "pdf"
MANIFEST = json.loads((FIX / "manifest.json").read_text("utf-8"))


def _parse(name: str, **kw: str) -> Document:
    path = FIX / name
    data = path.read_bytes()
    return parse_pdf(path, data, hashlib.sha256(data).hexdigest(), **kw)


def _norm(text: str) -> str:
    """Whitespace-normalised: runs collapse to one space, and spaces next to a non-ASCII character go
    (they are layout, not content, in Chinese text)."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ", "", text)


def _expected(name: str) -> list[dict]:
    return MANIFEST["files"][name]["blocks"]


def _view(blocks) -> list[tuple]:
    return [
        (b.kind, tuple(tuple(_norm(c) for c in r) for r in b.rows)) if b.kind == "table" else (b.kind, _norm(b.text))
        for b in blocks
    ]


def _expected_view(name: str) -> list[tuple]:
    return [
        (b["kind"], tuple(tuple(_norm(c) for c in r) for r in b["rows"])) if b["kind"] == "table"
        else (b["kind"], _norm(b["text"]))
        for b in _expected(name)
    ]


@pytest.mark.parametrize("name", ["form_a.pdf", "form_b.pdf"])
def test_blocks_equal_source(name: str) -> None:
    doc = _parse(name)
    assert doc.status == "ok" and not doc.notices
    assert _view(doc.blocks) == _expected_view(name)
