"""Sensitive-content check (issue 3): secrecy markings, defence content, trade-secret cues, personal data.

One Aho–Corasick pass over the normalised scenario text finds every lexicon term; each term's *mode* then
decides with a small, local rule whether the hit is a finding (a marking on its own line, a price with an
amount after it, a formula with proportions …). Identifiers are found on the folded text by validated
patterns (identifiers.py). Every span points into the original text; evidence shows the hit in context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TypedDict

from ..model import Finding, Severity, Span
from ..resources import read_text
from ..textnorm import Normalized, fold, fold_for_matching
from .identifiers import PERSONAL_KINDS, find_identifiers, find_split_ids, luhn_valid, mask_value
from .sensitive_rules import REASONS, apply_mode, ascii_bounded, code_spans, tolerance_spans
from .sensitive_words import Category, Lexicon, load_file, parse_yaml

EVIDENCE_CONTEXT = 20  # characters shown on each side of a hit
_CARD_LIKE = re.compile(r"(?<![0-9a-z])(?:\d{4}(?: \d{4}){3}(?: \d{1,3})?|\d{16,19})(?![0-9a-z])")


@dataclass
class _Hit:
    category: str
    severity: str
    message: str
    start: int  # original offsets
    end: int
    term: str = ""
    reason: str = ""


# The lexicon loader has checked every severity against these; the table gives the checked str its type.
_SEVERITY: dict[str, Severity] = {"error": "error", "warning": "warning", "info": "info"}


# ------------------------------------------------------------------------------------------------- lexicon
@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon (corpora/lexicon/sensitive.yaml), parsed once per process."""
    return parse_yaml(read_text("lexicon", "sensitive.yaml"), "内置词表 sensitive.yaml", {})


def load_lexicon(paths: list[str]) -> Lexicon:
    """The packaged lexicon plus user lexicons (YAML or CSV), in order. Raises ConfigError on a bad file."""
    lex = default_lexicon()
    for path in paths:
        lex = lex.merged(load_file(path, lex.categories))
    return lex


# ------------------------------------------------------------------------------------------------ findings
def _term_hits(norm: Normalized, lex: Lexicon, header: bool = False) -> list[_Hit]:
    out: list[_Hit] = []
    text = norm.original
    for s, e, terms in lex.scan(norm.text):
        for term in terms:
            os, oe = norm.span(s, e)
            if term.norm[:1].isascii() and term.norm[-1:].isascii() and not ascii_bounded(text, os, oe):
                continue
            decided = apply_mode(term, s, e, norm, header)
            if decided is None:
                continue
            ns, ne, reason = decided
            os, oe = norm.span(ns, ne)
            cat = lex.categories[term.category]
            # A customer name is reported as what it is, a trade-secret cue (with the customer wording).
            category = "trade_secret_cue" if term.mode == "customer" else term.category
            message = _message(cat, reason, lex.explanation(term))
            out.append(_Hit(category, lex.severity(term), message, os, oe, term.text, reason))
    return out


def _tolerance_hits(norm: Normalized, lex: Lexicon) -> list[_Hit]:
    return [_cue_hit(lex, "tolerance", s, e) for s, e in tolerance_spans(norm)]


def _code_hits(text: str, folded: str, lex: Lexicon) -> list[_Hit]:
    return [_cue_hit(lex, "code", s, e) for s, e in code_spans(text, folded)]


def _cue_hit(lex: Lexicon, reason_key: str, os: int, oe: int) -> _Hit:
    cat = lex.categories["trade_secret_cue"]
    reason = REASONS[reason_key]
    return _Hit(cat.id, cat.severity, _message(cat, reason, cat.explanation), os, oe, "", reason)


def _identifier_hits(text: str, folded: str, lex: Lexicon, expected: set[str]) -> list[_Hit]:
    out: list[_Hit] = []
    for h in find_identifiers(folded):
        value = text[h.start : h.end]
        if h.kind == "credit_code" and value.upper() in expected:
            continue  # the applicant's own code is expected in the form
        cat = lex.categories.get(h.kind)
        if cat is None:  # a user lexicon cannot remove built-in categories, but stay safe
            continue
        message = _message(cat, h.label, cat.explanation)
        out.append(_Hit(h.kind, cat.severity, message, h.start, h.end, "", h.label))
    return out


def _split_id_hits(norm: Normalized, lex: Lexicon) -> list[_Hit]:
    """ID numbers broken by line breaks or stray spaces/hyphens (only those the folded pass cannot see)."""
    if norm.text is norm.folded or len(norm.text) == len(norm.original):
        return []
    cat = lex.categories["personal_id"]
    out = []
    for s, e in find_split_ids(norm.text):
        os, oe = norm.span(s, e)
        if oe - os > e - s:  # something was removed inside: the folded pass could not have matched it
            out.append(
                _Hit(
                    "personal_id",
                    cat.severity,
                    _message(cat, "居民身份证号", cat.explanation),
                    os,
                    oe,
                    "",
                    "居民身份证号",
                )
            )
    return out


def _message(cat: Category, reason: str, explanation: str) -> str:
    head = f"{cat.name}（{reason}）" if reason and reason != cat.name else cat.name
    return f"{head}：{explanation}"


_RUN_CHARS = "0-9a-z@._+\\-"
_RUN_HEAD = re.compile(f"[{_RUN_CHARS}]+")
_RUN_TAIL = re.compile(f"[{_RUN_CHARS}]+$")


def _is_run_char(ch: str) -> bool:
    """Part of a number, code or address (folded text: lower-case ASCII)."""
    return ch.isascii() and (ch.isalnum() or ch in "@._-+")


def evidence(
    text: str, start: int, end: int, context: int = EVIDENCE_CONTEXT, folded: str | None = None
) -> str:
    """``…左侧上下文【命中】右侧上下文…`` on one line (line breaks shown as ⏎)."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    # Never cut through a number or code at the edges: half an ID number cannot be recognised (and masked)
    # later, so the partial run is left out of the snippet instead.
    f = folded if folded is not None else fold(text)
    if 0 < lo < start and _is_run_char(f[lo - 1]):
        m = _RUN_HEAD.match(f, lo, start)
        lo += m.end() - lo if m else 0
    if end < hi < len(text) and _is_run_char(f[hi]):
        m = _RUN_TAIL.search(f, end, hi)
        hi = m.start() if m else hi
    snippet = (
        ("…" if lo > 0 else "")
        + text[lo:start]
        + "【"
        + text[start:end]
        + "】"
        + text[end:hi]
        + ("…" if hi < len(text) else "")
    )
    return snippet.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎").replace("\t", " ")


_JOINERS = re.compile(r"[\s,，、;；:：]{0,2}")


def _merge(hits: list[_Hit], text: str) -> list[_Hit]:
    """Overlapping or touching hits of one category become one finding (the widest span, the highest
    severity): "兵器军品" or "商业秘密，请勿公开" is one thing to fix, not two."""
    rank = {"error": 0, "warning": 1, "info": 2}
    hits.sort(key=lambda h: (h.category, h.start, -h.end))
    merged: list[_Hit] = []
    for h in hits:
        last = merged[-1] if merged else None
        if (
            last
            and last.category == h.category
            and (h.start < last.end or _JOINERS.fullmatch(text, last.end, h.start) is not None)
        ):
            last.end = max(last.end, h.end)
            if rank[h.severity] < rank[last.severity]:
                last.severity, last.message = h.severity, h.message
            continue
        merged.append(h)
    merged.sort(key=lambda h: (h.start, h.end, h.category))
    return merged


def find_sensitive(
    text: str, lexicon: Lexicon | None = None, *, expected_codes: Iterable[str] = (), header: bool = False
) -> list[Finding]:
    """Every sensitive passage in ``text`` as findings whose spans index ``text`` itself.

    ``lexicon`` None means the packaged default. ``expected_codes`` are credit codes that are expected
    (the applicant's own), which are not reported. ``header`` says the text is a page header or footer,
    where 商业秘密/内部资料 and the like are markings wherever they stand on the line.
    """
    if not text or not text.strip():
        return []
    lex = lexicon if isinstance(lexicon, Lexicon) else default_lexicon()
    norm = fold_for_matching(text)
    hits = _term_hits(norm, lex, header)
    hits += _tolerance_hits(norm, lex)
    hits += _code_hits(text, norm.folded, lex)
    hits += _identifier_hits(text, norm.folded, lex, {c.upper() for c in expected_codes if c})
    hits += _split_id_hits(norm, lex)
    findings = []
    for h in _merge(hits, text):
        extra: list[tuple[str, object]] = [("matched", text[h.start : h.end])]
        if h.term:
            extra.append(("term", h.term))
        if h.reason:
            extra.append(("reason", h.reason))
        findings.append(
            Finding(
                check="sensitive",
                severity=_SEVERITY[h.severity],
                message=h.message,
                span=Span(h.start, h.end),
                evidence=evidence(text, h.start, h.end, folded=norm.folded),
                category=h.category,
                extra=tuple(extra),
            )
        )
    return findings


def mask_personal(text: str) -> str:
    """Mask personal data for export: 110101********1234, 138****5678, 6222********1234, z***@example.com."""
    if not text:
        return text
    norm = fold_for_matching(text)
    folded = norm.folded
    spans = [(h.start, h.end, h.kind) for h in find_identifiers(folded) if h.kind in PERSONAL_KINDS]
    for s, e in find_split_ids(norm.text):  # ID numbers broken across lines
        os, oe = norm.span(s, e)
        if not any(a < oe and os < b for a, b, _ in spans):
            spans.append((os, oe, "personal_id"))
    # In a short snippet the word that made a number a card number ("卡号") may be cut off: mask every
    # Luhn-valid 16-19 digit run as well; masking a harmless number in a report costs nothing.
    for m in _CARD_LIKE.finditer(folded):
        overlaps = any(s < m.end() and m.start() < e for s, e, _ in spans)
        if not overlaps and luhn_valid(m.group().replace(" ", "")):
            spans.append((m.start(), m.end(), "bank_card"))
    out = text
    for s, e, kind in sorted(spans, reverse=True):
        out = out[:s] + mask_value(kind, text[s:e]) + out[e:]
    return out


def validate_lexicon(path: str) -> tuple[Lexicon, list[str]]:
    """Load one user lexicon on top of the default; ConfigError when invalid, else (lexicon, warnings).

    Warnings are not errors: terms already in the active lexicon, and whitelist phrases that contain no term
    (they can never suppress anything).
    """
    base = default_lexicon()
    user = load_file(path, base.categories)
    warnings: list[str] = []
    known = {t.norm: t for t in base.terms}
    seen: dict[tuple[str, str], str] = {}
    for t in user.terms:
        if t.norm in known and known[t.norm].category == t.category:
            warnings.append(f"{t.source}：词条“{t.text}”已在内置词表中（{known[t.norm].category}），可删除")
        key = (t.norm, t.category)
        if key in seen:
            warnings.append(f"{t.source}：词条“{t.text}”与 {seen[key]} 重复")
        seen.setdefault(key, t.source)
    merged = base.merged(user)
    norms = [t.norm for t in merged.terms]
    for w in user.whitelist:
        nw = fold_for_matching(w).text
        if not any(n in nw for n in norms):
            warnings.append(f"{path}：白名单短语“{w}”不包含任何词条，不会起作用")
    return merged, warnings


class LexiconRow(TypedDict):
    category: str
    name: str
    severity: str
    mode: str
    terms: list[str]


def lexicon_rows(lex: Lexicon) -> list[LexiconRow]:
    """The lexicon grouped by (category, mode, severity), in a stable order, for display."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for t in lex.terms:
        groups.setdefault((t.category, t.mode, lex.severity(t)), []).append(t.text)
    order = {c: i for i, c in enumerate(lex.categories)}
    rows: list[LexiconRow] = []
    for (cat, mode, severity), terms in sorted(
        groups.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0])
    ):
        c = lex.categories.get(cat)
        rows.append(
            {
                "category": cat,
                "name": c.name if c else cat,
                "severity": severity,
                "mode": mode,
                "terms": terms,
            }
        )
    return rows


def find_sensitive_in_headers(
    headers: Iterable[str], footers: Iterable[str] = (), lexicon: Lexicon | None = None
) -> list[Finding]:
    """Markings and other hits in page headers/footers (``Document.headers``/``footers``).

    Spans index the header or footer text itself; ``extra`` names which one ("页眉 1", "页脚 2"), and the
    evidence starts with it, since these findings belong to the file rather than to one scenario.
    """
    out: list[Finding] = []
    for label, texts in (("页眉", headers), ("页脚", footers)):
        for i, t in enumerate(texts, 1):
            for f in find_sensitive(t, lexicon, header=True):
                where = f"{label} {i}"
                out.append(
                    Finding(
                        check=f.check,
                        severity=f.severity,
                        message=f.message,
                        span=f.span,
                        evidence=f"{where}：{f.evidence}",
                        category=f.category,
                        extra=f.extra + (("where", where),),
                    )
                )
    return out
