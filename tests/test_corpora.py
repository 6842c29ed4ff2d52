"""The committed training corpora are what their scripts make: the composed application-genre corpus equals the
composition of the committed fragments, and the real-genre corpus is split by enterprise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NARRATIVES = ROOT / "corpora" / "narratives"
REAL = ROOT / "corpora" / "real"


def test_committed_narratives_equal_the_composition_of_the_fragments(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "compose_corpus.py"), "--out", str(out)],
                   check=True, capture_output=True, text=True)
    committed = (NARRATIVES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    composed = out.read_text(encoding="utf-8").splitlines()
    differing = [json.loads(a)["id"] for a, b in zip(committed, composed) if a != b]
    assert len(committed) == len(composed) and not differing, (
        f"{len(differing)} records differ (first {differing[:5]}): re-run scripts/compose_corpus.py")
    assert (tmp_path / "split.json").read_text(encoding="utf-8") == (NARRATIVES / "split.json").read_text(encoding="utf-8")
