#!/usr/bin/env python3
"""Merge the real-genre staging files into corpora/real/corpus.jsonl + split.json + README.md.

Real-genre records are public case narratives about named enterprises (news reports, government and
association case collections, award entries, company and journal write-ups), re-written in our own words by
the corpus writers, one record per project, with the source address per record. This script validates and
deduplicates them and splits them BY ENTERPRISE (train/dev/test ~60/20/20, seeded, stratified by main label),
so that no enterprise's projects are on both sides of an evaluation. Splits are sticky: enterprises already
in the committed split.json keep their split when the corpus grows (see previous_assignment).

    python scripts/build_real_corpus.py [--staging DIR] [--out corpora/real] [--seed 20251] [--resplit]

Deterministic: records are keyed by a hash of enterprise + text, so ids survive re-runs and re-orderings.
Records too close to the outside check set (corpora/real-cases/real-cases-dev.jsonl) are dropped: that set
stays out of training and tuning.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from scenarioreview.guide import load_guide  # noqa: E402

SEED = 20251
MIN_CHARS, MAX_CHARS = 150, 1500
NEAR_DUP = 0.6  # Jaccard of character 5-gram sets above which two texts count as the same write-up
ONLY_2025 = ("02", "30", "35")  # 2025 items with no 2022 counterpart: such a record may have no 2022 label
SHARES = {"train": 0.6, "dev": 0.2, "test": 0.2}
FIELDS = ("id", "enterprise", "year", "industry", "source_url", "source_title", "label_id", "label",
          "alt_label_ids", "label_2025", "hard", "text", "label_note")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "集团", "公司", "股份")
_SPACE = re.compile(r"\s+")


def norm_text(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def enterprise_key(name: str) -> str:
    """One key per enterprise: a plant in brackets or a legal-form suffix does not make another enterprise."""
    k = _BRACKETS.sub("", unicodedata.normalize("NFKC", name or "")).strip()
    changed = True
    while changed and k:
        changed = False
        for s in _SUFFIXES:
            if k.endswith(s) and len(k) > len(s) + 1:
                k, changed = k[: -len(s)], True
    return _SPACE.sub("", k).lower()


def shingles(text: str, n: int = 5) -> set[str]:
    t = norm_text(text)
    return {t[i:i + n] for i in range(max(1, len(t) - n + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / (len(a | b) or 1)


def as_ids(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    vals = value if isinstance(value, list) else [value]
    return [str(v).zfill(2) for v in vals if str(v).strip()]


def validate(r: dict[str, Any], g22: Any, g25: Any) -> tuple[dict[str, Any] | None, str]:
    """A clean record, or None and the reason it was rejected."""
    text = (r.get("text") or "").strip()
    n = len(norm_text(text))
    if not (MIN_CHARS <= n <= MAX_CHARS):
        return None, f"length {n} outside {MIN_CHARS}-{MAX_CHARS}"
    if not (r.get("enterprise") or "").strip():
        return None, "no enterprise"
    if not (r.get("source_url") or "").strip():
        return None, "no source address"
    ids22 = {it.id for it in g22.items}
    lab = (as_ids(r.get("label_id")) or [""])[0]
    l25 = [x for x in as_ids(r.get("label_2025")) if x in {it.id for it in g25.items}]
    only25 = bool(l25) and l25[0] in ONLY_2025
    if lab not in ids22 and not (only25 and not lab):
        return None, f"label {r.get('label_id')!r} not in the 2022 guide"
    alts = [a for a in as_ids(r.get("alt_label_ids")) if a in ids22 and a != lab][:2]
    out = {k: r.get(k) for k in FIELDS}
    out.update(text=text, label_id=lab or None, label=g22.get(lab).name if lab else None, alt_label_ids=alts,
               label_2025=l25[0] if l25 else None, hard=bool(r.get("hard")),
               staging_id=r.get("id"), id=None)
    if r.get("label_blind") not in (None, ""):
        out["label_blind"] = (as_ids(r.get("label_blind")) or [None])[0]
    blind25 = (as_ids(r.get("label_2025_blind")) or [""])[0]
    if blind25 in ONLY_2025:  # the blind pass named a 2025-only item as the main scenario
        out["label_2025_blind"] = blind25
    return out, ""


def blind_main(r: dict[str, Any]) -> str | None:
    """The blind pass's main label in model space: a 2022 id or "2025:ID" for a 2025-only item."""
    if r.get("label_blind"):
        return str(r["label_blind"])
    return f"2025:{r['label_2025_blind']}" if r.get("label_2025_blind") else None


def stable_id(r: dict[str, Any]) -> str:
    h = hashlib.sha1(f"{enterprise_key(r['enterprise'])}|{norm_text(r['text'])}".encode("utf-8")).hexdigest()
    return f"real-{h[:10]}"


def read_staging(folder: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                print(f"skip {path.name}:{i}: not JSON (a line still being written?)", file=sys.stderr)
                continue
            rec["_from"] = path.name
            rows.append(rec)
    return rows


def dedup(records: list[dict[str, Any]], outside: list[set[str]]) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Drop near-identical texts (keep the lowest id) and texts close to the outside check set."""
    dropped: Counter[str] = Counter()
    kept: list[dict[str, Any]] = []
    kept_sh: list[set[str]] = []
    for r in sorted(records, key=lambda x: x["id"]):
        sh = shingles(r["text"])
        if any(jaccard(sh, o) >= 0.3 for o in outside):
            dropped["close to real-cases-dev (outside check)"] += 1
        elif any(jaccard(sh, k) >= NEAR_DUP for k in kept_sh):
            dropped["near-duplicate text"] += 1
        else:
            kept.append(r)
            kept_sh.append(sh)
    return kept, dropped


ADJUDICATION = "adjudication.jsonl"


def read_adjudication(path: Path) -> dict[str, dict[str, Any]]:
    """corpus id -> the adjudicator's decision on a record where the blind label disagreed with the writer's."""
    if not path.is_file():
        return {}
    rows = (json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip())
    return {r["id"]: r for r in rows}


def apply_adjudication(records: list[dict[str, Any]], decisions: dict[str, dict[str, Any]], g22: Any) -> Counter[str]:
    """Resolve writer/blind disagreements: the adjudicated label becomes ``label_id`` (alternatives too), or
    ``label_2025`` with no 2022 label when the decision is a 2025-only item ("2025-30"); the writer's labels stay
    as ``label_reference`` / ``alt_reference`` (and ``label_2025_reference``) and the decision as
    ``label_resolution``, so the record shows both passes and how they were settled. Returns how many decisions
    took the writer's, the blind or another label."""
    ids22 = {it.id for it in g22.items}
    taken: Counter[str] = Counter()
    for r in records:
        d = decisions.get(r["id"])
        if d is None or blind_main(r) in (None, main_label(r)):
            continue
        final = str(d.get("final") or "").replace("2025-", "2025:")
        only25 = final.startswith("2025:") and final[5:] in ONLY_2025
        if final not in ids22 and not only25:
            raise SystemExit(f"{ADJUDICATION}: {r['id']}: final label {d.get('final')!r} not in the 2022 guide")
        r["label_reference"], r["alt_reference"] = r["label_id"], r["alt_label_ids"]
        if only25 or r.get("label_2025") in ONLY_2025:
            r["label_2025_reference"] = r.get("label_2025")
            r["label_2025"] = final[5:] if only25 else None
        r["label_id"], r["label"] = (None, None) if only25 else (final, g22.get(final).name)
        r["alt_label_ids"] = [a for a in as_ids(d.get("final_alts")) if a in ids22 and a != final][:2]
        r["label_resolution"] = {"chose": d.get("chose"), "reason": d.get("reason")}
        taken[str(d.get("chose"))] += 1
    return taken


def main_label(r: dict[str, Any]) -> str:
    return r["label_id"] or f"2025:{r['label_2025']}"


def writer_main(r: dict[str, Any]) -> str:
    """The writer's main label in model space, before any adjudication."""
    if "label_reference" not in r:
        return main_label(r)
    l25 = r.get("label_2025_reference", r.get("label_2025"))
    return r["label_reference"] or f"2025:{l25}"


def previous_assignment(out: Path) -> dict[str, str]:
    """enterprise key -> split of the committed split.json (empty when there is none).

    Splits are sticky: an enterprise once in test stays in test when the corpus grows, so nothing that was
    tuned on (train/dev) moves into the test split and no test text moves into training."""
    path = out / "split.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: s for s in SHARES for k in data.get("enterprises", {}).get(s, [])}


def split_by_enterprise(records: list[dict[str, Any]], seed: int,
                        fixed: dict[str, str] | None = None) -> dict[str, str]:
    """enterprise key -> split. Enterprises in ``fixed`` keep their split; the others are dealt out so each
    main label's records come closest to 60/20/20, larger groups first (they are the hardest to balance)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        groups[enterprise_key(r["enterprise"])].append(r)

    def h(k: str) -> str:
        return hashlib.sha1(f"{seed}:{k}".encode("utf-8")).hexdigest()

    main = {k: Counter(main_label(r) for r in v).most_common(1)[0][0] for k, v in groups.items()}
    by_label_total = Counter(main_label(r) for r in records)
    placed: dict[str, Counter[str]] = {s: Counter() for s in SHARES}
    totals: Counter[str] = Counter()
    assign: dict[str, str] = {}
    for k, s in (fixed or {}).items():
        if k in groups:
            assign[k] = s
            placed[s].update(main_label(r) for r in groups[k])
            totals[s] += len(groups[k])
    for k in sorted((k for k in groups if k not in assign), key=lambda k: (-len(groups[k]), main[k], h(k))):
        lab_counts = Counter(main_label(r) for r in groups[k])
        n = len(groups[k])

        def deficit(s: str) -> float:
            per_label = sum(SHARES[s] * by_label_total[lab] - placed[s][lab] for lab in lab_counts)
            overall = SHARES[s] * len(records) - totals[s]
            return per_label + 0.05 * overall

        best = max(SHARES, key=lambda s: (round(deficit(s), 6), SHARES[s], s))
        assign[k] = best
        placed[best].update(lab_counts)
        totals[best] += n
    return assign


def build(staging: Path, out: Path, seed: int, sticky: bool = True) -> dict[str, Any]:
    g22, g25 = load_guide("2022"), load_guide("2025")
    raw = read_staging(staging)
    rejected: Counter[str] = Counter()
    clean: dict[str, dict[str, Any]] = {}
    for r in raw:
        rec, why = validate(r, g22, g25)
        if rec is None:
            rejected[why.split(" ")[0] if why.startswith("length") else why] += 1
            continue
        rec["id"] = stable_id(rec)
        clean.setdefault(rec["id"], rec)
    rejected["exact duplicate"] += len(raw) - sum(rejected.values()) - len(clean)
    outside_path = ROOT / "corpora/real-cases/real-cases-dev.jsonl"
    outside = [shingles(json.loads(x)["text"]) for x in outside_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    records, dropped = dedup(list(clean.values()), outside)
    resolved = apply_adjudication(records, read_adjudication(out / ADJUDICATION), g22)
    assign = split_by_enterprise(records, seed, previous_assignment(out) if sticky else None)
    for r in records:
        r["split"] = assign[enterprise_key(r["enterprise"])]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    split = {s: sorted(r["id"] for r in records if r["split"] == s) for s in SHARES}
    ents = {s: sorted({enterprise_key(r["enterprise"]) for r in records if r["split"] == s}) for s in SHARES}
    (out / "split.json").write_text(json.dumps(
        {"seed": seed, "rule": "by enterprise (normalised name), ~60/20/20, stratified by main label",
         **split, "enterprises": ents}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    stats = {"read": len(raw), "rejected": dict(rejected), "dropped": dict(dropped), "kept": len(records),
             "resolved": resolved}
    write_readme(out, records, stats, g22)
    return stats


def agreement(blind: list[dict[str, Any]]) -> tuple[int, int]:
    """How many blind labels equal the writer's main label, and equal it or one of the writer's alternatives."""
    writer = {r["id"]: (writer_main(r), r.get("alt_reference", r["alt_label_ids"])) for r in blind}
    agree = sum(blind_main(r) == writer[r["id"]][0] for r in blind)
    agree_alt = sum(blind_main(r) == writer[r["id"]][0] or blind_main(r) in writer[r["id"]][1] for r in blind)
    return agree, agree_alt


def agreement_by_kind(blind: list[dict[str, Any]]) -> str:
    parts = []
    for name, hard in (("one scenario", False), ("marked hard", True)):
        group = [r for r in blind if bool(r.get("hard")) == hard]
        if group:
            a, aa = agreement(group)
            parts.append(f"{name} {len(group)} records, {a / len(group):.1%} / {aa / len(group):.1%}")
    return "; ".join(parts)


def write_readme(out: Path, records: list[dict[str, Any]], stats: dict[str, Any], g22: Any) -> None:
    per = {s: Counter(r["label_id"] for r in records if r["split"] == s) for s in SHARES}
    blind = [r for r in records if blind_main(r)]
    agree, agree_alt = agreement(blind)
    n25 = {s: Counter(r["label_2025"] for r in records if r["split"] == s and r.get("label_2025") in ONLY_2025)
           for s in SHARES}
    lines = [
        "# Real-genre corpus (public case narratives, re-written)", "",
        "Each record describes one smart-manufacturing project of a named enterprise, taken from a public source",
        "(news report, government or association case collection, award entry, company or journal write-up) and",
        "**re-written in our own words**: facts and figures carry over, sentences do not. `source_url` and",
        "`source_title` name the source of each record; `enterprise`, `year` and `industry` describe the project.",
        "Labels: `label_id` is the main typical scenario of the 2022 guide, `alt_label_ids` up to two others the",
        "text also supports, `label_2025` the 2025-edition item where the writer gave one, `label_note` the reason.",
        "", "Built by `python scripts/build_real_corpus.py` from the writers' staging files: text 150-1,500 字,",
        "labels checked against the guide, near-identical texts (character 5-gram Jaccard >= 0.6) merged,",
        "texts close to `corpora/real-cases/real-cases-dev.jsonl` dropped (that set is an outside check, never",
        "trained or tuned on), ids = hash of enterprise + text (stable across re-runs).",
        "`split.json`: train/dev/test **by enterprise** (normalised name; a plant in brackets or a legal-form",
        "suffix is the same enterprise), ~60/20/20, seeded, stratified by main label as far as groups allow.", "",
        f"Read {stats['read']}, rejected {stats['rejected']}, dropped {stats['dropped']}, kept **{stats['kept']}**: "
        + ", ".join(f"{s} {sum(per[s].values())}" for s in SHARES) + ".", "",
    ]
    if blind:
        lines += [f"Blind second labelling: {len(blind)} records; main label agrees on {agree} "
                  f"({agree / len(blind):.1%}), with the alternatives on {agree_alt} ({agree_alt / len(blind):.1%}). "
                  "Disagreements are kept as `label_blind` beside the reference label. By kind of narrative "
                  f"(main / with the alternatives): {agreement_by_kind(blind)}.", ""]
        res = stats.get("resolved") or {}
        if res:
            lines += [f"Disagreements resolved by a third, adjudicating pass ({ADJUDICATION}, one line per record: "
                      "final label, alternatives, which pass it sided with and why): "
                      + ", ".join(f"{n} {k}" for k, n in sorted(res.items()))
                      + " (A = the writer's label kept, B = the blind label taken, other = a third label). "
                      "A resolved record keeps the writer's label as `label_reference` and the decision as "
                      "`label_resolution`; agreement above is measured before resolution.", ""]
    lines += ["2025-only items (02/30/35, no 2022 label; `label_id` null) by split: "
              + "; ".join(f"{s} {dict(sorted(n25[s].items()))}" for s in SHARES) + ".", "",
              "| id | scenario | train | dev | test | all |", "|---|---|---|---|---|---|"]
    for it in g22.items:
        c = [per[s][it.id] for s in SHARES]
        lines.append(f"| {it.id} | {it.name} | {c[0]} | {c[1]} | {c[2]} | {sum(c)} |")
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--staging", type=Path, default=Path("/work/corpus-staging"))
    ap.add_argument("--out", type=Path, default=ROOT / "corpora/real")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--resplit", action="store_true", help="ignore the committed split.json and deal every "
                    "enterprise afresh (the test split then changes)")
    args = ap.parse_args()
    print(json.dumps(build(args.staging, args.out, args.seed, sticky=not args.resplit), ensure_ascii=False))


if __name__ == "__main__":
    main()
