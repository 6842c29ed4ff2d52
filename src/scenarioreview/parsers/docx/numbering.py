"""Automatic numbering of a .docx (numbering.xml): the labels Word draws but never stores in the text.

Word keeps one set of counters per abstract list; several ``w:num`` instances that point at the same
abstract list continue each other's numbering unless an instance carries a ``w:startOverride``, which
restarts that level the first time the instance is used. Using a level resets the deeper levels (unless
their ``w:lvlRestart`` says otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..numfmt import MAX_COUNTER, format_number
from .ooxml import W, wattr

_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart (1-based level that restarts this one; 0 = never)
    legal: bool = False  # w:isLgl: render every referenced level as decimal


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # ilvl -> startOverride
    level_overrides: dict[int, Level] = field(default_factory=dict)


def as_int(value: str | None, default: int, lo: int = 0, hi: int = MAX_COUNTER) -> int:
    """An integer attribute read the forgiving way Word reads it: a bad value is ignored, a huge one clamped.

    ``int()`` of a 5,000-digit string raises, and a counter of 10**4000 would be spelled out for ever.
    """
    try:
        n = int((value or "").strip())
    except ValueError:
        return default
    return max(lo, min(hi, n))


def _read_level(lvl: Any) -> Level:
    out = Level()
    for child in lvl:
        tag = child.tag
        if tag == W + "start":
            out.start = as_int(wattr(child, "val"), 1)
        elif tag == W + "numFmt":
            out.fmt = wattr(child, "val") or "decimal"
        elif tag == W + "lvlText":
            out.text = wattr(child, "val") or ""
        elif tag == W + "lvlRestart":
            out.restart = as_int(wattr(child, "val"), 0, hi=9)
        elif tag == W + "isLgl":
            out.legal = wattr(child, "val") not in ("0", "false")
    return out


class Numbering:
    """Parsed numbering.xml plus the running counters of one pass over the document."""

    def __init__(self, root: Any | None) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._seen_nums: set[str] = set()
        if root is None:
            return
        links: dict[str, str] = {}  # abstractNumId -> numStyleLink (list style indirection)
        for an in root.iterfind(W + "abstractNum"):
            aid = wattr(an, "abstractNumId") or ""
            levels = {as_int(wattr(lvl, "ilvl"), 0, hi=8): _read_level(lvl) for lvl in an.iterfind(W + "lvl")}
            self._abstract[aid] = levels
            link = an.find(W + "numStyleLink")
            if link is not None:
                links[aid] = wattr(link, "val") or ""
        for num in root.iterfind(W + "num"):
            nid = wattr(num, "numId") or ""
            ref = num.find(W + "abstractNumId")
            entry = _Num(abstract=(wattr(ref, "val") or "") if ref is not None else "")
            for ov in num.iterfind(W + "lvlOverride"):
                ilvl = as_int(wattr(ov, "ilvl"), 0, hi=8)
                so = ov.find(W + "startOverride")
                if so is not None:
                    entry.overrides[ilvl] = as_int(wattr(so, "val"), 1)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    entry.level_overrides[ilvl] = _read_level(lvl)
            self._nums[nid] = entry
        self._links = links

    def resolve_style_link(self, style_num_ids: dict[str, str]) -> None:
        """Follow ``w:numStyleLink`` (abstract list defined through a numbering style) to the real list."""
        for aid, style_id in getattr(self, "_links", {}).items():
            nid = style_num_ids.get(style_id)
            if nid and nid in self._nums and not self._abstract.get(aid):
                self._abstract[aid] = self._abstract.get(self._nums[nid].abstract, {})

    def _level(self, num: _Num, ilvl: int) -> Level | None:
        if ilvl in num.level_overrides:
            return num.level_overrides[ilvl]
        return self._abstract.get(num.abstract, {}).get(ilvl)

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter for this paragraph and return its visible label ('' for bullets/none)."""
        num = self._nums.get(num_id)
        if num is None or num_id == "0":
            return ""
        level = self._level(num, ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(num.abstract, {})
        if num_id not in self._seen_nums:
            self._seen_nums.add(num_id)
            for lv, start in num.overrides.items():
                counters[lv] = start - 1  # restart: the next use shows the override value
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            dl = self._level(num, deeper)
            restart = dl.restart if dl else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return ""

        def render(m: re.Match[str]) -> str:
            lv = int(m.group(1)) - 1
            ref = self._level(num, lv) or Level()
            value = counters.get(lv, ref.start)
            fmt = "decimal" if (level.legal and lv != ilvl) else ref.fmt
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(render, level.text)
