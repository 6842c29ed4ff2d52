"""Property-based fuzzing (hypothesis) of the .docx/.doc/.pdf parsers, the segmenter and the counter, seeded
from the committed fixtures and mutated with tests/hostile_build.py. A fixed small budget here (derandomised
under CI, see conftest.py); scripts/fuzz_long.py runs the same harness for hours.

The property: bad input is an InputError with a Chinese message, never any other exception (which
``check_file`` would report as ``internal``); what is read goes through segmentation and counting."""

from __future__ import annotations

import logging
import random
import sys
from pathlib import Path

import hostile_build as hb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import fuzz_long

from scenarioreview.counting import count
from scenarioreview.errors import InputError

SEEDS = fuzz_long._seeds()
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def _quiet_pdfminer() -> None:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _survives(fmt: str, data: bytes) -> None:
    try:
        fuzz_long._through(fuzz_long._parse(fmt, data))
    except InputError as exc:
        assert exc.message and any("\u4e00" <= ch <= "\u9fff" for ch in exc.message), exc.message


@FAST
@given(rnd=st.randoms(use_true_random=False), k=st.integers(0, 100))
def test_docx_parser_survives_hostile_parts(rnd: random.Random, k: int) -> None:
    _survives("docx", hb.mutate_docx(SEEDS["docx"][k % len(SEEDS["docx"])], rnd))


@SLOW
@given(rnd=st.randoms(use_true_random=False), k=st.integers(0, 100))
def test_doc_parser_survives_damage(rnd: random.Random, k: int) -> None:
    _survives("doc", hb.mutate_bytes(SEEDS["doc"][k % len(SEEDS["doc"])], rnd))


@SLOW
@given(rnd=st.randoms(use_true_random=False), k=st.integers(0, 100))
def test_pdf_parser_survives_damage(rnd: random.Random, k: int) -> None:
    _survives("pdf", hb.mutate_bytes(SEEDS["pdf"][k % len(SEEDS["pdf"])], rnd))


@FAST
@given(rnd=st.randoms(use_true_random=False), n=st.integers(1, 150))
def test_segmenter_keeps_scenario_text_from_the_document(rnd: random.Random, n: int) -> None:
    from scenarioreview.segment import read_application

    doc = fuzz_long._text_doc(hb.hostile_lines(rnd, n))
    app = read_application(doc)
    body = "\n".join(b.text for b in doc.blocks)
    for s in app.scenarios:
        for p in s.paragraphs:
            assert p.text in body  # scenarios are cut from the document, never invented


@FAST
@given(
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
    | st.builds(hb.hostile_lines, st.randoms(use_true_random=False), st.integers(1, 40))
)
def test_counter_is_total_and_additive_over_paragraph_breaks(text: str) -> None:
    for policy in ("fullwidth", "libreoffice"):
        c = count(text, policy)  # type: ignore[arg-type]
        assert c.words >= 0
        doubled = count(text + "\n" + text, policy)  # type: ignore[arg-type]
        assert doubled.words == 2 * c.words
