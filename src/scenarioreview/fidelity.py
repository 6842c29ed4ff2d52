"""Parsing fidelity against an independent truth: a folder of forms with a ``truth.json`` (the layout of the
development set in shared/reference/forms-dev, documented in its README).

Per scenario it compares the scenario count, the title, the declared typical scenario, the description text
(whitespace removed; similar ≥ 0.98 on a text layer, ≥ 0.95 on a scan) and the 字数 (inside the range the
open counting conventions allow; within 2 % on a scan). Used by tests/test_forms_dev.py and
bench/bench_forms_dev.py; a province can point it at its own truth set.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .counting import count

TEXT_SIMILARITY = 0.98
SCAN_SIMILARITY = 0.95
SCAN_COUNT_TOLERANCE = 0.02


def squash(text: str | None) -> str:
    return "".join(ch for ch in (text or "") if not ch.isspace())


def _name(text: str | None) -> str:
    s = re.sub(r"[（(].*?[)）]|\s", "", text or "")
    return s.removesuffix("场景")


def similarity(a: str, b: str) -> float:
    a, b = squash(a), squash(b)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class ScenarioScore:
    index: int
    found: bool
    similarity: float = 0.0
    words: int | None = None
    words_range: tuple[int, int] = (0, 0)
    text_ok: bool = False
    count_ok: bool = False
    title_ok: bool = False
    declared_ok: bool = False


@dataclass
class FormScore:
    name: str
    expected: int
    got: int
    scenarios: list[ScenarioScore] = field(default_factory=list)

    @property
    def count_ok(self) -> bool:
        return self.expected == self.got

    def total(self, attr: str) -> int:
        return sum(bool(getattr(s, attr)) for s in self.scenarios)


def _without_captions(text: str, captions: list[str]) -> str:
    drop = {squash(c) for c in captions}
    return "\n".join(ln for ln in text.splitlines() if squash(ln) not in drop)


def _pair(truth: list[dict[str, Any]], got: list[Any]) -> list[tuple[dict[str, Any], Any, float]]:
    """Each true scenario with the parsed one most like it (each parsed one used once); by title when no text
    is alike, so that title and declaration are still judged."""
    used: set[int] = set()
    out = []
    for t in truth:
        best, pick = 0.0, None
        for i, s in enumerate(got):
            if i not in used:
                sim = similarity(t["text"], _without_captions(s.text, t.get("figure_captions") or []))
                if sim > best:
                    best, pick = sim, i
        if best < 0.5:
            pick = next(
                (
                    i
                    for i, s in enumerate(got)
                    if i not in used and _name(t["name"]) and _name(t["name"]) in _name(s.title)
                ),
                None,
            )
        if pick is not None:
            used.add(pick)
        out.append((t, got[pick] if pick is not None else None, best))
    return out


def _score_scenario(t: dict[str, Any], s: Any, sim: float, scanned: bool) -> ScenarioScore:
    if s is None:
        return ScenarioScore(index=t["index"], found=False)
    words = count(s.text).words
    lo, hi = t.get("word_count_range_alt_conventions") or [t["word_count_word_rule"]] * 2
    captions = t.get("figure_captions") or []
    cap = sum(count(c).words for c in captions)
    if scanned:
        count_ok = abs(words - t["word_count_word_rule"]) <= SCAN_COUNT_TOLERANCE * t["word_count_word_rule"]
    else:
        count_ok = lo <= words <= hi or lo + cap <= words <= hi + cap + len(captions)
    declared = t.get("declared_typical")
    return ScenarioScore(
        index=t["index"],
        found=True,
        similarity=sim,
        words=words,
        words_range=(lo, hi),
        text_ok=sim >= (SCAN_SIMILARITY if scanned else TEXT_SIMILARITY),
        count_ok=count_ok,
        title_ok=_name(t["name"]) in _name(s.title),
        declared_ok=not declared or _name(declared) == _name(s.declared_typical),
    )


def score_form(path: Path, truth: dict[str, Any]) -> FormScore:
    from .parsers import parse
    from .segment import read_application

    app = read_application(parse(path))
    got = list(app.scenarios)
    form = FormScore(path.name, len(truth["scenarios"]), len(got))
    scanned = bool(truth.get("is_scanned"))
    form.scenarios = [_score_scenario(t, s, sim, scanned) for t, s, sim in _pair(truth["scenarios"], got)]
    return form


def load_truth(folder: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return dict(sorted(data["files"].items()))


def score_folder(folder: Path, *, scans: bool = True) -> list[FormScore]:
    return [
        score_form(folder / name, t)
        for name, t in load_truth(folder).items()
        if scans or not t.get("is_scanned")
    ]


def table(forms: list[FormScore]) -> str:
    """The fidelity table, one row per form and the totals."""
    rows = [f"{'form':<12} {'scen':>6} {'text':>5} {'字数':>4} {'title':>5} {'decl':>5}  notes"]
    for f in forms:
        notes = [
            f"#{s.index} not found"
            if not s.found
            else f"#{s.index} sim {s.similarity:.3f} 字数 {s.words} vs {s.words_range[0]}-{s.words_range[1]}"
            for s in f.scenarios
            if not (s.text_ok and s.count_ok)
        ]
        notes += [f"#{s.index} title" for s in f.scenarios if s.found and not s.title_ok]
        notes += [f"#{s.index} declared" for s in f.scenarios if s.found and not s.declared_ok]
        rows.append(
            f"{f.name:<12} {f.got:>2}/{f.expected:<3} {f.total('text_ok'):>5} {f.total('count_ok'):>4} "
            f"{f.total('title_ok'):>5} {f.total('declared_ok'):>5}  {'; '.join(notes)}"
        )
    n = sum(f.expected for f in forms)
    rows.append(
        f"\nforms with the right scenario count {sum(f.count_ok for f in forms)}/{len(forms)}; of {n} "
        f"scenarios: text {sum(f.total('text_ok') for f in forms)}, 字数 "
        f"{sum(f.total('count_ok') for f in forms)}, title {sum(f.total('title_ok') for f in forms)}, "
        f"declared {sum(f.total('declared_ok') for f in forms)}"
    )
    return "\n".join(rows)
