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

from ..lexicon import Category, Lexicon, Term, load_file, parse_yaml
from ..model import Finding, Span
from ..resources import read_text
from ..textnorm import Normalized, fold, normalize
from .identifiers import PERSONAL_KINDS, find_identifiers, find_split_ids, luhn_valid, mask_value

EVIDENCE_CONTEXT = 20  # characters shown on each side of a hit
_CARD_LIKE = re.compile(r"(?<![0-9a-z])(?:\d{4}(?: \d{4}){3}(?: \d{1,3})?|\d{16,19})(?![0-9a-z])")

# --------------------------------------------------------------------------------------- local rule patterns
# All run on the normalised text (folded, no spaces), anchored at or near a term hit.
_NUM = r"\d+(?:\.\d+)?"
_PERIOD = re.compile(r"(?:长期|启用前|公布前|解密条件|解密时间|\d{4}年\d{1,2}月(?:\d{1,2}日)?前?|\d{1,3}(?:年|个月|月|天|日))")
_MARK_PERIOD = re.compile(r"\d{1,4}(?:年|个月|月|天|日)|长期|公布前|启用前|保密期限|期限|密级|等级|★")
_ENUMERATOR = re.compile(r"[(（]?(?:[一二三四五六七八九十]{1,3}|\d{1,2}(?:\.\d{1,2})*)[)）、.]|第[一二三四五六七八九十\d]+[章节条部分]")
_MARK_PUNCT = re.compile(r"[\[\]【】〔〕()<>《》:,.;!?、。“”‘’\"'/|]+")
_MONEY_AFTER = re.compile(r"[^。;!?]{0,12}?" + _NUM + r"(?:万|亿)?(?:元|美元|欧元)")
_PERCENT_AFTER = re.compile(r"[^。;!?]{0,10}?" + _NUM + r"%")
_PERCENT = re.compile(_NUM + r"%")
_RATIO = re.compile(r"(?<![\d.])\d+(?:\.\d+)?:\d+(?:\.\d+)?(?::\d+(?:\.\d+)?)*(?![\d.])")
_UNITS_ZH = "摄氏度|度|兆帕|千帕|帕|分钟|秒|小时|转/分|毫米|微米|伏|安|千瓦|赫兹"
_SETPOINT = re.compile(_NUM + r"(?:℃|°c|k\b|mpa|kpa|pa|bar|min|s(?![a-z])|h(?![a-z])|rpm|r/min|m/min|mm/s|"
                       r"a(?![a-z])|v(?![a-z])|kw|hz|" + _UNITS_ZH + ")")
_TOLERANCE = re.compile(r"(?<![\d.])" + _NUM + r"(?:℃|°c|mpa|kpa|mm|μm|um|min|s|%|v|a|hz|rpm|" + _UNITS_ZH
                        + r")?(?:±|\+/-|\+-)" + _NUM
                        + r"(?:℃|°c|mpa|kpa|pa|mm|μm|um|min|s|h|%|v|a|hz|rpm|r/min|kw|" + _UNITS_ZH + ")")
_AMOUNT = re.compile(_NUM + r"(?:万|亿)?(?:元|美元|件|台|套|吨|辆|只|片|颗|个)")
_ORG = re.compile(r"(?:^|[与向为给和及同对由,、:]|供应|供货给|销售给|客户|用户)([\u4e00-\u9fff()]{2,18}?"
                  r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|研究院|研究所))")
_SELF = ("本", "我", "该", "贵", "子", "分", "总")
# A code name right after 型号/代号: quoted Chinese, or a 代号 word ("型号“天鹰”", "代号“长风-3”").
_CODENAME = re.compile(r"(?:代号|代码)?[:]?[“\"「『《][\u4e00-\u9fff][\u4e00-\u9fff0-9a-z]{0,7}[”\"」』》]")
_TOKEN = re.compile(r"(?:[:=]|为|是)?[a-z0-9][a-z0-9!@#$%^&*_+=.~?/-]{3,39}")
_HOST = re.compile(r"(?:[:=]|为|是)?[a-z][a-z0-9.]{2,40}")
_SENTENCE_END = re.compile(r"[。;!?]")
_SAVING_BEFORE = re.compile(r"节约|节省|降低|减少|下降")
_CHANGE_BEFORE = re.compile(r"提升|提高|降低|下降|减少|增长|增加|缩短|达到|降至|升至|由|从|约")
FORMULA_WINDOW = 50  # characters after a 配方/组分 word in which the proportions must appear

# Source code and configuration dumps: searched on the original text, line by line.
_CODE = re.compile(
    r"^[ \t]*(?:#include\s*[<\"]|def [A-Za-z_]\w*\(.*\)\s*:|class [A-Za-z_]\w*[(:]|from [\w.]+ import \w|"
    r"import [A-Za-z_][\w.]*\s*$|public (?:static )?[\w<>\[\]]+ \w+\(|function \w*\s*\(|"
    r"(?:int|void|bool|float|double) \w+\(.*\)\s*\{?|[A-Za-z_][\w-]*(?:\.[\w-]+)+\s*=\s*\S+|"
    r"(?:interface (?:gigabit|ten-?gigabit|fast)ethernet|ip route|vlan \d+)\b)"
    r"|\bselect\s+[\w\s,.*()]+?\s+from\s+\w+|jdbc:\w+://",
    re.MULTILINE | re.IGNORECASE,
)

REASONS = {
    "price": "价格、成本或报价",
    "margin": "毛利率/利润率",
    "formula": "配方或组分比例",
    "process": "精确工艺参数",
    "tolerance": "带公差的工艺设定值",
    "deal": "客户名称与金额或数量",
    "customer": "客户名称与金额或数量",
    "code": "源代码或系统配置",
    "credential": "账号或口令",
    "hostname": "主机名",
}


@dataclass
class _Hit:
    category: str
    severity: str
    message: str
    start: int  # original offsets
    end: int
    term: str = ""
    reason: str = ""


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


# --------------------------------------------------------------------------------------------- mode rules
def _sentence(nt: str, start: int, end: int, limit: int = 100) -> tuple[int, int]:
    """Bounds of the sentence around [start, end) in the normalised text (at most ``limit`` each side)."""
    lo = max(0, start - limit)
    left = max((m.end() for m in _SENTENCE_END.finditer(nt, lo, start)), default=lo)
    m = _SENTENCE_END.search(nt, end, min(len(nt), end + limit))
    return left, (m.start() if m else min(len(nt), end + limit))


def _ascii_bounded(text: str, os: int, oe: int) -> bool:
    """An ASCII term must not be glued to other letters ("confidentiality", "passwords")."""
    if os > 0 and text[os - 1].isascii() and text[os - 1].isalnum() and text[os].isascii():
        return False
    if oe < len(text) and text[oe].isascii() and text[oe].isalnum() and text[oe - 1].isascii():
        return False
    return True


def _is_marking(text: str, os: int, oe: int) -> bool:
    """True when the term at [os, oe) stands as a marking: bracketed, or alone on its line (plus a period)."""
    if os > 0 and oe < len(text) and text[os - 1] in "【〔[［" and text[oe] in "】〕]］":
        return True
    line_start = text.rfind("\n", 0, os) + 1
    line_end = text.find("\n", oe)
    line_end = len(text) if line_end < 0 else line_end
    before = normalize(text[line_start:os]).text
    if _ENUMERATOR.match(before):  # "（四）商业秘密" is a section heading, not a marking
        return False
    rest = before + normalize(text[oe:line_end]).text
    rest = _MARK_PUNCT.sub("", _MARK_PERIOD.sub("", rest))
    return len(rest) <= 1


def _apply(term: Term, s: int, e: int, norm: Normalized, header: bool = False) -> tuple[int, int, str] | None:
    """Decide whether a term hit at normalised [s, e) is a finding; return the (normalised) span and reason."""
    nt, text = norm.text, norm.original
    mode = term.mode
    if mode == "anywhere":
        return (s, e, "")
    if mode == "secret":
        if nt.endswith(("商业", "工作", "商", "公司", "企业"), max(0, s - 2), s):
            return None  # "商业秘密★" misuses the star on a trade secret: the internal-marking rule reports it
        m = _PERIOD.match(nt, e)
        return (s, m.end() if m else e, "")
    if mode == "marking":
        os, oe = norm.span(s, e)
        return (s, e, "") if header or _is_marking(text, os, oe) else None
    if mode == "price":
        if _SAVING_BEFORE.search(nt, max(0, s - 4), s):  # "节约成本860万元" is a result, not a price
            return None
        m = _MONEY_AFTER.match(nt, e)
        return (s, m.end(), REASONS[mode]) if m else None
    if mode == "margin":
        m = _PERCENT_AFTER.match(nt, e)
        return (s, m.end(), REASONS[mode]) if m else None
    if mode in ("formula", "process"):
        _lo, hi = _sentence(nt, s, e)
        window = nt[e:hi]
        if mode == "formula":
            window = window[:FORMULA_WINDOW]
            # Proportions, not improvements: "下降约60%" after a 配比 word is an effect, not a recipe.
            nums = [m for m in _PERCENT.finditer(window)
                    if not _CHANGE_BEFORE.search(window, max(0, m.start() - 5), m.start())]
            ratio = _RATIO.search(window)
            if len(nums) >= 2 or ratio:
                last = max([m.end() for m in nums] + ([ratio.end()] if ratio else []))
                return (s, e + last, REASONS[mode])
            return None
        values = list(_SETPOINT.finditer(window))
        return (s, e + values[-1].end(), REASONS[mode]) if len(values) >= 2 else None
    if mode in ("deal", "customer"):
        lo, hi = _sentence(nt, s, e)
        sentence = nt[lo:hi]
        if mode == "customer":
            if _AMOUNT.search(sentence) or any(t in sentence for t in ("合同", "订单", "单价", "报价", "采购", "供货")):
                return (s, e, REASONS[mode])
            return None
        if not _AMOUNT.search(sentence):
            return None
        for m in _ORG.finditer(sentence):
            name = m.group(1)
            if not name.startswith(_SELF):
                return (lo + m.start(1), lo + m.end(1), REASONS[mode])
        return None
    if mode == "codename":
        m = _CODENAME.match(nt, e)
        return (s, m.end(), "") if m else None
    if mode == "credential":
        m = _TOKEN.match(nt, e)
        return (s, m.end(), REASONS[mode]) if m else None
    if mode == "hostname":
        m = _HOST.match(nt, e)
        return (s, m.end(), REASONS[mode]) if m and any(c.isdigit() or c == "." for c in m.group()) else None
    return None


# ------------------------------------------------------------------------------------------------ findings
def _term_hits(norm: Normalized, lex: Lexicon, header: bool = False) -> list[_Hit]:
    out: list[_Hit] = []
    text = norm.original
    for s, e, terms in lex.scan(norm.text):
        for term in terms:
            os, oe = norm.span(s, e)
            if term.norm[:1].isascii() and term.norm[-1:].isascii() and not _ascii_bounded(text, os, oe):
                continue
            decided = _apply(term, s, e, norm, header)
            if decided is None:
                continue
            ns, ne, reason = decided
            os, oe = norm.span(ns, ne)
            cat = lex.categories[term.category]
            category = "trade_secret_cue" if term.mode == "customer" else term.category
            explanation = lex.explanation(term)
            if term.mode == "customer" and term.category == "customer" and not term.explanation:
                explanation = cat.explanation
            out.append(_Hit(category, lex.severity(term), _message(cat, reason, explanation), os, oe,
                            term.text, reason))
    return out


def _tolerance_hits(norm: Normalized, lex: Lexicon) -> list[_Hit]:
    nt = norm.text
    out: list[_Hit] = []
    i = nt.find("±")
    while i >= 0:
        m = _TOLERANCE.search(nt, max(0, i - 12), min(len(nt), i + 16))
        if m and m.start() < i < m.end():
            out.append(_cue_hit(lex, "tolerance", *norm.span(m.start(), m.end())))
        i = nt.find("±", i + 1)
    return out


_CODE_WORDS = ("select", "import", "interface", "vlan", "ip route", "jdbc", "function", "class ", "void ", "int ")


def _code_hits(text: str, folded: str, lex: Lexicon) -> list[_Hit]:
    # Cheap substring gate first: ordinary Chinese prose has none of these ASCII code signs.
    if not any(c in text for c in "=#(") and not any(w in folded for w in _CODE_WORDS):
        return []
    return [_cue_hit(lex, "code", m.start(), m.end()) for m in _CODE.finditer(text) if m.group().strip()]


def _cue_hit(lex: Lexicon, reason_key: str, os: int, oe: int) -> _Hit:
    cat = lex.categories["trade_secret_cue"]
    reason = REASONS[reason_key]
    return _Hit(cat.id, cat.severity, _message(cat, reason, cat.explanation), os, oe, "", reason)


def _identifier_hits(text: str, folded: str, lex: Lexicon, expected: set[str]) -> list[_Hit]:
    out: list[_Hit] = []
    for h in find_identifiers(folded):
        value = text[h.start:h.end]
        if h.kind == "credit_code" and value.upper() in expected:
            continue  # the applicant's own code is expected in the form
        cat = lex.categories.get(h.kind)
        if cat is None:  # a user lexicon cannot remove built-in categories, but stay safe
            continue
        out.append(_Hit(h.kind, cat.severity, _message(cat, h.label, cat.explanation), h.start, h.end, "", h.label))
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
            out.append(_Hit("personal_id", cat.severity, _message(cat, "居民身份证号", cat.explanation), os, oe,
                            "", "居民身份证号"))
    return out


def _message(cat: Category, reason: str, explanation: str) -> str:
    head = f"{cat.name}（{reason}）" if reason and reason != cat.name else cat.name
    return f"{head}：{explanation}"


def _is_run_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "@._-+")


def evidence(text: str, start: int, end: int, context: int = EVIDENCE_CONTEXT, folded: str | None = None) -> str:
    """``…左侧上下文【命中】右侧上下文…`` on one line (line breaks shown as ⏎)."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    # Never cut through a number or code at the edges: half an ID number cannot be recognised (and masked)
    # later, so the partial run is left out of the snippet instead.
    f = folded if folded is not None else fold(text)
    while lo < start and lo > 0 and _is_run_char(f[lo]) and _is_run_char(f[lo - 1]):
        lo += 1
    while hi > end and hi < len(text) and _is_run_char(f[hi - 1]) and _is_run_char(f[hi]):
        hi -= 1
    snippet = ("…" if lo > 0 else "") + text[lo:start] + "【" + text[start:end] + "】" + text[end:hi] \
        + ("…" if hi < len(text) else "")
    return snippet.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎").replace("\t", " ")


def _merge(hits: list[_Hit]) -> list[_Hit]:
    """Overlapping hits of one category become one finding (the widest span, the highest severity)."""
    rank = {"error": 0, "warning": 1, "info": 2}
    hits.sort(key=lambda h: (h.category, h.start, -h.end))
    merged: list[_Hit] = []
    for h in hits:
        last = merged[-1] if merged else None
        if last and last.category == h.category and h.start < last.end:
            last.end = max(last.end, h.end)
            if rank[h.severity] < rank[last.severity]:
                last.severity, last.message = h.severity, h.message
            continue
        merged.append(h)
    merged.sort(key=lambda h: (h.start, h.end, h.category))
    return merged


def find_sensitive(text: str, lexicon: Lexicon | None = None, *,
                   expected_codes: Iterable[str] = (), header: bool = False) -> list[Finding]:
    """Every sensitive passage in ``text`` as findings whose spans index ``text`` itself.

    ``lexicon`` None means the packaged default. ``expected_codes`` are credit codes that are expected
    (the applicant's own), which are not reported. ``header`` says the text is a page header or footer,
    where 商业秘密/内部资料 and the like are markings wherever they stand on the line.
    """
    if not text or not text.strip():
        return []
    lex = lexicon if isinstance(lexicon, Lexicon) else default_lexicon()
    norm = normalize(text)
    hits = _term_hits(norm, lex, header)
    hits += _tolerance_hits(norm, lex)
    hits += _code_hits(text, norm.folded, lex)
    hits += _identifier_hits(text, norm.folded, lex, {c.upper() for c in expected_codes if c})
    hits += _split_id_hits(norm, lex)
    findings = []
    for h in _merge(hits):
        extra: list[tuple[str, object]] = [("matched", text[h.start:h.end])]
        if h.term:
            extra.append(("term", h.term))
        if h.reason:
            extra.append(("reason", h.reason))
        findings.append(Finding(
            check="sensitive", severity=h.severity, message=h.message,  # type: ignore[arg-type]
            span=Span(h.start, h.end), evidence=evidence(text, h.start, h.end, folded=norm.folded), category=h.category,
            extra=tuple(extra),
        ))
    return findings


def mask_personal(text: str) -> str:
    """Mask personal data for export: 110101********1234, 138****5678, 6222********1234, z***@example.com."""
    if not text:
        return text
    norm = normalize(text)
    folded = norm.folded
    spans = [(h.start, h.end, h.kind) for h in find_identifiers(folded) if h.kind in PERSONAL_KINDS]
    for s, e in find_split_ids(norm.text):  # ID numbers broken across lines
        os, oe = norm.span(s, e)
        if not any(a < oe and os < b for a, b, _ in spans):
            spans.append((os, oe, "personal_id"))
    # In a short snippet the word that made a number a card number ("卡号") may be cut off: mask every
    # Luhn-valid 16-19 digit run as well; masking a harmless number in a report costs nothing.
    for m in _CARD_LIKE.finditer(folded):
        if luhn_valid(m.group().replace(" ", "")) and not any(s < m.end() and m.start() < e for s, e, _ in spans):
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
        nw = normalize(w).text
        if not any(n in nw for n in norms):
            warnings.append(f"{path}：白名单短语“{w}”不包含任何词条，不会起作用")
    return merged, warnings


def lexicon_rows(lex: Lexicon) -> list[dict[str, object]]:
    """The lexicon grouped by (category, mode, severity), in a stable order, for display."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for t in lex.terms:
        groups.setdefault((t.category, t.mode, lex.severity(t)), []).append(t.text)
    order = {c: i for i, c in enumerate(lex.categories)}
    rows = []
    for (cat, mode, severity), terms in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0])):
        c = lex.categories.get(cat)
        rows.append({"category": cat, "name": c.name if c else cat, "severity": severity, "mode": mode,
                     "terms": terms})
    return rows


def find_sensitive_in_headers(headers: Iterable[str], footers: Iterable[str] = (),
                              lexicon: Lexicon | None = None) -> list[Finding]:
    """Markings and other hits in page headers/footers (``Document.headers``/``footers``).

    Spans index the header or footer text itself; ``extra`` names which one ("页眉 1", "页脚 2"), and the
    evidence starts with it, since these findings belong to the file rather than to one scenario.
    """
    out: list[Finding] = []
    for label, texts in (("页眉", headers), ("页脚", footers)):
        for i, t in enumerate(texts, 1):
            for f in find_sensitive(t, lexicon, header=True):
                where = f"{label} {i}"
                out.append(Finding(check=f.check, severity=f.severity, message=f.message, span=f.span,
                                   evidence=f"{where}：{f.evidence}", category=f.category,
                                   extra=f.extra + (("where", where),)))
    return out
