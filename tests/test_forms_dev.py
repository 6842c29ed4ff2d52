"""Fidelity on the development set made independently of our fixtures (shared/reference/forms-dev).

CI has the set at ../shared/reference/forms-dev; elsewhere the test skips with the reason. Nothing from the
set is copied into the project: it is read in place and only compared with its own truth.json.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarioreview.fidelity import load_truth, score_form

DEV = Path(__file__).resolve().parents[2] / "shared" / "reference" / "forms-dev"
TRUTH = load_truth(DEV) if (DEV / "truth.json").exists() else {}
pytestmark = pytest.mark.skipif(not TRUTH, reason=f"development set not found at {DEV}")


@pytest.mark.parametrize("name", sorted(TRUTH) or ["(none)"])
def test_form_reads_like_its_truth(name: str) -> None:
    truth = TRUTH[name]
    form = score_form(DEV / name, truth)
    assert form.got == form.expected, f"{name}: {form.got} scenarios, expected {form.expected}"
    for s in form.scenarios:
        assert s.found, f"{name} #{s.index}: not found"
        assert s.text_ok, f"{name} #{s.index}: description similarity {s.similarity:.3f}"
        assert s.count_ok, f"{name} #{s.index}: 字数 {s.words}, allowed {s.words_range}"
        assert s.title_ok, f"{name} #{s.index}: title"
        assert s.declared_ok, f"{name} #{s.index}: declared typical scenario"
