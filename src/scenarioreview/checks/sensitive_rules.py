"""Local rules of the sensitive-content check: what makes a lexicon hit, a tolerance or a code line a finding.

Pure functions over a normalised text (see textnorm) and a term hit: each *mode* of the lexicon has one
small rule here (a marking alone on its line, a price with an amount after it, proportions after 配方 …).
"""

from __future__ import annotations

import re

from ..textnorm import Normalized, fold_for_matching
from .sensitive_words import Term

# --------------------------------------------------------------------------------------- local rule patterns
# All run on the normalised text (folded, no spaces), anchored at or near a term hit.
_NUM = r"\d+(?:\.\d+)?"
_PERIOD = re.compile(
    r"(?:长期|启用前|公布前|解密条件|解密时间|\d{4}年\d{1,2}月(?:\d{1,2}日)?前?|\d{1,3}(?:年|个月|月|天|日))"
)
# What may stand on a marking's line besides the marking: a period, a level word, "本文件/此页".
_MARK_PERIOD = re.compile(
    r"\d{1,4}(?:年|个月|月|天|日)|长期|公布前|启用前|保密期限|期限|密级|等级|★|"
    r"本文件|本文档|本资料|本材料|本页|此页|本章|以下内容|以下"
)
_ENUMERATOR = re.compile(
    r"[(（]?(?:[一二三四五六七八九十]{1,3}|\d{1,2}(?:\.\d{1,2})*)[)）、.]|第[一二三四五六七八九十\d]+[章节条部分]"
)
_MARK_PUNCT = re.compile(r"[\[\]【】〔〕()<>《》:,.;!?、。“”‘’\"'/|]+")
_MONEY_AFTER = re.compile(r"[^。;!?]{0,12}?" + _NUM + r"(?:万|亿)?(?:元|美元|欧元)")
_PERCENT_AFTER = re.compile(r"[^。;!?]{0,10}?" + _NUM + r"%")
_PERCENT = re.compile(_NUM + r"%")
_PARTS = re.compile(_NUM + r"(?:质量份|重量份|份|phr)")
_RATIO = re.compile(r"(?<![\d.])\d+(?:\.\d+)?:\d+(?:\.\d+)?(?::\d+(?:\.\d+)?)*(?![\d.])")
_UNITS_ZH = "摄氏度|度|兆帕|千帕|帕|分钟|秒|小时|转/分|毫米|微米|伏|安|千瓦|赫兹"
_SETPOINT = re.compile(
    _NUM + r"(?:/" + _NUM + r")*"
    r"(?:℃|°c|k\b|mpa|kpa|pa|bar|min|s(?![a-z])|h(?![a-z])|rpm|r/min|m/min|mm/s|"
    r"a(?![a-z])|v(?![a-z])|kw|hz|" + _UNITS_ZH + ")"
)
_TOLERANCE = re.compile(
    r"(?<![\d.])"
    + _NUM
    + r"(?:℃|°c|mpa|kpa|mm|μm|um|min|s|%|v|a|hz|rpm|"
    + _UNITS_ZH
    + r")?(?:±|\+/-|\+-)"
    + _NUM
    + r"(?:℃|°c|mpa|kpa|pa|mm|μm|um|min|s|h|%|v|a|hz|rpm|r/min|kw|"
    + _UNITS_ZH
    + ")"
)
# Money, or a quantity of goods (not "2个分院": counts of sites or people are not deal volumes).
_AMOUNT = re.compile(_NUM + r"(?:万|亿)?(?:元|美元|件|台|套|吨|辆|只|片|颗)")
DEAL_REACH = 15  # an organisation counts as the counterparty only this close to the deal word
_ORG_SUFFIX = re.compile(r"股份有限公司|有限责任公司|有限公司|集团公司|集团|研究院|研究所")
# Words after which an organisation name starts ("与XX有限公司", "客户是XX集团", "供应XX公司").
_ORG_START = re.compile(r"[与向为给和及同对由,、:()是即]|供应|供货给|销售给|客户|用户|包括")
_TO_CUSTOMER = re.compile(r"(?:向|为|给)([\u4e00-\u9fff]{2,8}?)(?:批量)?(?:供应|供货|销售|交付|配套)")
_GENERIC_PARTIES = frozenset(
    {
        "客户",
        "用户",
        "市场",
        "社会",
        "行业",
        "下游",
        "上游",
        "全国",
        "海外",
        "国内",
        "国外",
        "全球",
        "企业",
        "用户提供",
        "主机厂",
        "整车厂",
        "终端客户",
        "广大用户",
        "合作伙伴",
    }
)
# "本章节涉及公司商业秘密" declares the passage secret even inside a sentence.
_DECLARED = re.compile(
    r"(?:本章节?|本节|本页|此页|本文件|本文档|本部分|以下内容|本材料|本附件)(?:内容)?"
    r"(?:涉及|含有?|包含|属于|为|系)[\u4e00-\u9fff]{0,4}$"
)
_ORG_NAME = re.compile(r"[\u4e00-\u9fff]{2,18}")
_SELF = ("本", "我", "该", "贵", "子", "分", "总")
# A code name right after 型号/代号: quoted Chinese, or a 代号 word ("型号“天鹰”", "代号“长风-3”").
_CODENAME = re.compile(r"(?:代号|代码)?[:]?[“\"「『《][\u4e00-\u9fff][\u4e00-\u9fff0-9a-z]{0,7}[”\"」』》]")
_TOKEN = re.compile(r"(?:[:=]|为|是)?[a-z0-9][a-z0-9!@#$%^&*_+=.~?/-]{3,39}")
_HOST = re.compile(r"(?:[:=]|为|是)?[a-z][a-z0-9.]{2,40}")
_SENTENCE_END = re.compile(r"[。;!?]")
_SAVING_BEFORE = re.compile(r"节约|节省|降低|减少|下降")
_CHANGE_BEFORE = re.compile(r"提升|提高|降低|下降|减少|增长|增加|缩短|达到|降至|升至|由|从|约")
MARKING_LINE = 80  # characters besides the term on a line that can still be a marking line
FORMULA_WINDOW = 50  # characters after a 配方/组分 word in which the proportions must appear

# Source code and configuration dumps: searched on the original text, line by line.
_CODE = re.compile(
    r"^[ \t]*(?:#include\s*[<\"]|def [A-Za-z_]\w*\(.*\)\s*:|class [A-Za-z_]\w*[(:]|from [\w.]+ import \w|"
    r"import [A-Za-z_][\w.]*\s*$|public (?:static )?[\w<>\[\]]+ \w+\(|function \w*\s*\(|"
    r"(?:int|void|bool|float|double) \w+\(.*\)\s*\{?|[A-Za-z_][\w-]*(?:\.[\w-]+)+\s*=\s*\S+|"
    r"(?:interface (?:gigabit|ten-?gigabit|fast)ethernet|ip route|vlan \d+)\b)"
    r"|jdbc:\w+://",
    re.MULTILINE | re.IGNORECASE,
)
# Patterns that cannot be anchored at a line start; each runs only when its tell-tale substring is present.
_SQL = re.compile(r"\bselect\s+[\w\s,.*()]+?\s+from\s+\w+", re.IGNORECASE)
# IEC 61131-3 structured text (PLC programs): assignments and IF … END_IF blocks.
_ST = re.compile(
    r"\bif\b[^\n]{1,80}?\bthen\b[^\n]*?\bend_if\b;?"
    r"|[A-Za-z_]\w*(?:\.\w+)*\s*:=\s*[\w.+\-*/ ()]+;",
    re.IGNORECASE,
)

REASONS = {
    "price": "价格、成本或报价",
    "margin": "毛利率/利润率",
    "formula": "配方或组分比例",
    "process": "精确工艺参数",
    "tolerance": "带公差的工艺设定值",
    "deal": "客户名称与金额或数量",
    "code": "源代码或系统配置",
    "credential": "账号或口令",
    "hostname": "主机名",
}


# --------------------------------------------------------------------------------------------- mode rules
def _sentence(nt: str, start: int, end: int, limit: int = 100) -> tuple[int, int]:
    """Bounds of the sentence around [start, end) in the normalised text (at most ``limit`` each side)."""
    lo = max(0, start - limit)
    left = max((m.end() for m in _SENTENCE_END.finditer(nt, lo, start)), default=lo)
    m = _SENTENCE_END.search(nt, end, min(len(nt), end + limit))
    return left, (m.start() if m else min(len(nt), end + limit))


def ascii_bounded(text: str, os: int, oe: int) -> bool:
    """An ASCII term must not be glued to other letters ("confidentiality", "passwords")."""
    glued_before = os > 0 and text[os - 1].isascii() and text[os - 1].isalnum() and text[os].isascii()
    glued_after = oe < len(text) and text[oe].isascii() and text[oe].isalnum() and text[oe - 1].isascii()
    return not (glued_before or glued_after)


def _is_marking(text: str, os: int, oe: int) -> bool:
    """True when the term at [os, oe) stands as a marking: bracketed, or alone on its line (plus a period)."""
    if os > 0 and oe < len(text) and text[os - 1] in "【〔[［" and text[oe] in "】〕]］":
        return True
    # Look for the line ends only nearby: a line longer than MARKING_LINE is a paragraph, not a marking
    # (and an unbounded search would make a long one-line text quadratic in its hits).
    lo = max(0, os - MARKING_LINE)
    line_start = text.rfind("\n", lo, os) + 1
    if line_start == 0 and lo > 0:
        return False
    line_end = text.find("\n", oe, oe + MARKING_LINE + 1)
    if line_end < 0:
        if oe + MARKING_LINE < len(text):
            return False
        line_end = len(text)
    if (os - line_start) + (line_end - oe) > MARKING_LINE:
        return False
    before = fold_for_matching(text[line_start:os]).text
    if _ENUMERATOR.match(before):  # "（四）商业秘密" is a section heading, not a marking
        return False
    rest = before + fold_for_matching(text[oe:line_end]).text
    rest = _MARK_PUNCT.sub("", _MARK_PERIOD.sub("", rest))
    return len(rest) <= 1


def _org_name(sentence: str, suffix_start: int, suffix_end: int) -> tuple[int, int] | None:
    """The organisation name ending in the suffix at [suffix_start, suffix_end), or None when it is the
    applicant itself (本公司, 我集团 …) or no plausible name precedes the suffix."""
    lo = max(0, suffix_start - 18)
    starts = [m.end() for m in _ORG_START.finditer(sentence, lo, suffix_start)]
    begin = starts[-1] if starts else lo
    if not starts and lo > 0:
        return None  # the name would be longer than any real one: a sentence, not a name
    name = sentence[begin:suffix_start]
    if not _ORG_NAME.fullmatch(name) or name.startswith(_SELF):
        return None
    return begin, suffix_end


Decision = tuple[int, int, str] | None  # (normalised start, normalised end, reason) of a finding, or None


def _anywhere(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    return (s, e, "")


def _secret(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    if nt.endswith(("商业", "工作", "公司", "企业"), max(0, s - 2), s):
        return None  # "商业秘密★" misuses the star on a trade secret: the internal-marking rule reports it
    m = _PERIOD.match(nt, e)
    return (s, m.end() if m else e, "")


def _marking(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    os, oe = norm.span(s, e)
    if header or _is_marking(norm.original, os, oe) or _DECLARED.search(nt, max(0, s - 16), s):
        return (s, e, "")
    return None


def _price(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    if _SAVING_BEFORE.search(nt, max(0, s - 4), s):  # "节约成本860万元" is a result, not a price
        return None
    m = _MONEY_AFTER.match(nt, e)
    return (s, m.end(), REASONS["price"]) if m else None


def _margin(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    m = _PERCENT_AFTER.match(nt, e)
    return (s, m.end(), REASONS["margin"]) if m else None


def _formula(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    window = nt[e : _sentence(nt, s, e)[1]][:FORMULA_WINDOW]
    # Proportions, not improvements: "下降约60%" after a 配比 word is an effect, not a recipe.
    nums = [
        m
        for m in _PERCENT.finditer(window)
        if not _CHANGE_BEFORE.search(window, max(0, m.start() - 5), m.start())
    ]
    nums += list(_PARTS.finditer(window))
    ratio = _RATIO.search(window)
    if len(nums) < 2 and not ratio:
        return None
    last = max([m.end() for m in nums] + ([ratio.end()] if ratio else []))
    return (s, e + last, REASONS["formula"])


def _process(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    values = list(_SETPOINT.finditer(nt, e, _sentence(nt, s, e)[1]))
    # "185/190/195℃" lists several setpoints under one unit.
    count = len(values) + sum(v.group().count("/") for v in values if "/min" not in v.group())
    return (s, values[-1].end(), REASONS["process"]) if count >= 2 else None


def _customer(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    """A customer name from a user lexicon: a cue when the sentence carries an amount or a deal word."""
    lo, hi = _sentence(nt, s, e)
    sentence = nt[lo:hi]
    if _AMOUNT.search(sentence) or any(
        t in sentence for t in ("合同", "订单", "单价", "报价", "采购", "供货")
    ):
        return (s, e, "")  # the category (客户名称) already says what it is
    return None


def _deal(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    """A deal word: a cue when the sentence names an outside organisation and an amount or quantity."""
    lo, hi = _sentence(nt, s, e)
    sentence = nt[lo:hi]
    if not _AMOUNT.search(sentence):
        return None
    cs, ce = s - lo, e - lo  # the deal word inside the sentence
    for m in _ORG_SUFFIX.finditer(sentence):
        span = _org_name(sentence, m.start(), m.end())
        if span is not None and span[0] - DEAL_REACH <= ce and cs <= span[1] + DEAL_REACH:
            return (lo + span[0], lo + span[1], REASONS["deal"])
    # A customer named without a legal suffix: "向宁德时代供应…1200万件" (the amount follows the verb).
    for m in _TO_CUSTOMER.finditer(sentence):
        name = m.group(1)
        if any(g in name for g in _GENERIC_PARTIES) or not _AMOUNT.search(sentence, m.end(), m.end() + 20):
            continue
        return (lo + m.start(1), lo + m.end(1), REASONS["deal"])
    return None


def _codename(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    m = _CODENAME.match(nt, e)
    return (s, m.end(), "") if m else None


def _credential(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    m = _TOKEN.match(nt, e)
    return (s, m.end(), REASONS["credential"]) if m else None


def _hostname(nt: str, s: int, e: int, norm: Normalized, header: bool) -> Decision:
    m = _HOST.match(nt, e)
    if m and any(c.isdigit() or c == "." for c in m.group()):
        return (s, m.end(), REASONS["hostname"])
    return None


RULES = {
    "anywhere": _anywhere,
    "secret": _secret,
    "marking": _marking,
    "price": _price,
    "margin": _margin,
    "formula": _formula,
    "process": _process,
    "deal": _deal,
    "customer": _customer,
    "codename": _codename,
    "credential": _credential,
    "hostname": _hostname,
}


def apply_mode(term: Term, s: int, e: int, norm: Normalized, header: bool = False) -> Decision:
    """Decide whether a term hit at normalised [s, e) is a finding: the rule of the term's mode returns the
    (normalised) span to report and the reason, or None. ``header``: the text is a page header/footer."""
    rule = RULES.get(term.mode)
    return rule(norm.text, s, e, norm, header) if rule else None


# Room conditions and measuring accuracy are not process secrets ("车间温湿度控制在23±2℃").
_AMBIENT = re.compile(r"车间|厂房|环境|室内|室温|温湿度|洁净|恒温|均匀性|精度|偏差|公差|误差|波动")


def tolerance_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Original spans of setpoints with a tolerance (1285±5℃); found from each "±", not by a full scan."""
    nt = norm.text
    out: list[tuple[int, int]] = []
    i = nt.find("±")
    while i >= 0:
        m = _TOLERANCE.search(nt, max(0, i - 12), min(len(nt), i + 16))
        if m and m.start() < i < m.end() and not _AMBIENT.search(nt, max(0, m.start() - 10), m.start()):
            out.append(norm.span(m.start(), m.end()))
        i = nt.find("±", i + 1)
    return out


_CODE_WORDS = (
    "select",
    "import",
    "interface",
    "vlan",
    "ip route",
    "jdbc",
    "function",
    "class ",
    "void ",
    "int ",
)


def code_spans(text: str, folded: str) -> list[tuple[int, int]]:
    """Spans of source-code and configuration lines in the original text."""
    # Cheap substring gate first: ordinary Chinese prose has none of these ASCII code signs.
    if not any(c in text for c in "=#(") and not any(w in folded for w in _CODE_WORDS):
        return []
    spans = [(m.start(), m.end()) for m in _CODE.finditer(text) if m.group().strip()]
    if "select" in folded and "from" in folded:
        spans += [(m.start(), m.end()) for m in _SQL.finditer(text)]
    if ":=" in text or "end_if" in folded:
        spans += [(m.start(), m.end()) for m in _ST.finditer(text)]
    return spans
