"""Quantified results (成效量化): before/after indicators and stated changes, as structured metrics.

Patterns seen in applications:
  一次合格率由92.3%提升至98.6%          before/after
  生产效率提升35%  /  提高了 35 %         change in %
  不良品率下降1.8个百分点                  change in points
  交付周期从15天缩短到9天                 before/after with a unit
  年节约能源成本约420万元                 saving in 万元
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Literal

from ..model import Metric, Span

_UP = "提升|提高|增长|增加|上升|增至|升至|扩大"
_DOWN = "降低|下降|减少|缩短|压缩|降至|减至|节约|节省|削减"
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT = r"(?:%|％|个百分点|万元|亿元|元|万吨|吨|千瓦时|kWh|小时|h|分钟|min|秒|s|天|日|周|月|年|次|件|台|套|人|个|倍)?"

# 由/从 A 提升/降低 至/到/为 B
_BEFORE_AFTER = re.compile(
    rf"(?P<ind>[\u4e00-\u9fffA-Za-z]{{2,12}}?)(?:[（(][A-Za-z0-9]{{1,10}}[)）])?(?:的)?(?:由|从)\s*(?P<a>{_NUM})\s*(?P<ua>{_UNIT})\s*"
    rf"(?:(?P<verb>{_UP}|{_DOWN})(?:了)?\s*(?:至|到|为)?|至|到|为)\s*(?P<b>{_NUM})\s*(?P<ub>{_UNIT})"
)
# X 提升/降低 (了/约/超过) N%|个百分点|倍|万元|天
_CHANGE = re.compile(
    rf"(?P<ind>[\u4e00-\u9fffA-Za-z]{{2,12}}?)(?:[（(][A-Za-z0-9]{{1,10}}[)）])?(?P<verb>{_UP}|{_DOWN})(?:了)?(?:约|近|超过|达|达到|逾)?\s*"
    rf"(?P<n>{_NUM})\s*(?P<u>%|％|个百分点|倍|万元|亿元|天|小时|分钟)"
)
_SAVING = re.compile(
    rf"(?P<ind>年?(?:节约|节省|降低|减少|新增|增加)[\u4e00-\u9fff]{{0,8}}?)(?:约|近|超过)?(?P<n>{_NUM})\s*(?P<u>万元|亿元)"
)

_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("equipment", ("OEE", "设备综合", "设备利用", "稼动", "停机", "故障率", "开动率", "设备完好")),
    (
        "quality",
        (
            "合格率",
            "良率",
            "良品率",
            "不良",
            "缺陷",
            "废品",
            "返工",
            "返修",
            "一次通过",
            "质量损失",
            "客诉",
            "投诉",
        ),
    ),
    ("energy", ("能耗", "耗电", "用电", "电耗", "标煤", "碳排放", "排放", "能源", "水耗", "气耗", "蒸汽")),
    (
        "cycle",
        ("周期", "交期", "交付", "研制", "研发", "换型", "换线", "准备时间", "响应时间", "时长", "时间"),
    ),
    ("labour", ("劳动生产率", "人均", "用工", "人员", "人工")),
    ("cost", ("成本", "费用", "库存", "资金占用", "节约", "节省")),
    ("resource", ("利用率", "回收率", "收率", "成材率", "材料")),
    ("efficiency", ("效率", "产能", "产量", "节拍", "产出", "准确率", "准时", "达成率", "周转")),
)
CATEGORY_ZH = {
    "efficiency": "生产效率",
    "quality": "产品质量/不良品率",
    "cost": "运营成本",
    "cycle": "周期",
    "energy": "能耗",
    "equipment": "设备利用",
    "resource": "资源利用",
    "labour": "劳动生产率",
    "other": "其他",
}
Direction = Literal["up", "down"] | None
_LEAD_NOISE = re.compile(r"^(?:使|将|让|实现|其中|同时|并|且|和|与|及|等|后|前|较|比|年|了|的|均|整体|平均)+")


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def categorise(indicator: str) -> str:
    for cat, cues in _CATEGORIES:
        if any(c in indicator for c in cues):
            return cat
    return "other"


_CLAUSE_BREAK = re.compile(r"可使|能够|实现|使得|[的使将让把后]")


def _indicator(raw: str) -> str:
    """The noun phrase right before the verb: '的单元式布局可使物流距离' -> '物流距离'."""
    tail = _CLAUSE_BREAK.split(raw)[-1]
    tail = _LEAD_NOISE.sub("", tail)
    return tail if len(tail) >= 2 else (_LEAD_NOISE.sub("", raw) or raw)


def _direction(verb: str | None, a: float | None = None, b: float | None = None) -> Direction:
    if verb and re.fullmatch(_UP, verb):
        return "up"
    if verb and re.fullmatch(_DOWN, verb):
        return "down"
    if a is not None and b is not None and a != b:
        return "up" if b > a else "down"
    return None


def _before_after(m: re.Match[str]) -> Metric:
    a, b = _num(m["a"]), _num(m["b"])
    ind = _indicator(m["ind"])
    unit = m["ub"] or m["ua"] or ""
    return Metric(
        ind,
        categorise(ind),
        _direction(m["verb"], a, b),
        a,
        b,
        None,
        unit,
        Span(m.start(), m.end()),
        m.group(0),
    )


def _change(m: re.Match[str]) -> Metric:
    ind = _indicator(m["ind"])
    unit = m["u"].replace("％", "%")
    return Metric(
        ind,
        categorise(ind),
        _direction(m["verb"]),
        None,
        None,
        _num(m["n"]),
        unit,
        Span(m.start(), m.end()),
        m.group(0),
    )


def _saving(m: re.Match[str]) -> Metric:
    ind = _indicator(m["ind"])
    direction: Direction = "up" if ("新增" in ind or "增加" in ind) else "down"
    return Metric(
        ind, "cost", direction, None, None, _num(m["n"]), m["u"], Span(m.start(), m.end()), m.group(0)
    )


# Tried in this order; a later pattern never takes text an earlier one matched.
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Metric]], ...] = (
    (_BEFORE_AFTER, _before_after),
    (_CHANGE, _change),
    (_SAVING, _saving),
)


class _Taken:
    """Spans taken so far, disjoint and sorted: an overlap test is a bisection, so long prose with thousands
    of figures stays linear (it was quadratic)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, s: int, e: int) -> bool:
        k = bisect_right(self.starts, s)
        return not ((k > 0 and self.ends[k - 1] > s) or (k < len(self.starts) and self.starts[k] < e))

    def take(self, s: int, e: int) -> None:
        k = bisect_right(self.starts, s)
        self.starts.insert(k, s)
        self.ends.insert(k, e)


def extract_metrics(text: str) -> list[Metric]:
    """All quantified results in ``text``, in order, without overlaps."""
    found: list[Metric] = []
    taken = _Taken()
    for pattern, build in _PATTERNS:
        for m in pattern.finditer(text):
            if taken.free(m.start(), m.end()):
                found.append(build(m))
                taken.take(m.start(), m.end())
    found.sort(key=lambda x: x.span.start)
    return found
