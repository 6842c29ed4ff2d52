"""Free-text industries ("汽车及零部件", "新能源（光伏/锂电）", "C36") mapped to the national industry
classification GB/T 4754-2017 (门类 / 大类, corpora/industry/gbt4754.yaml), so reports count one industry
as one bar however applicants spell it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

UNMATCHED = "未能归入国民经济行业大类"
_CODE = re.compile(r"(?<![0-9A-Za-z])([A-T])?\s?(\d{2})(?!\d)")


@dataclass(frozen=True)
class Division:
    code: str  # "C36"
    name: str  # "汽车制造业"
    section: str  # "C"
    section_name: str  # "制造业"

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@cache
def _table() -> tuple[dict[str, Division], list[tuple[str, Division]]]:
    import yaml

    from .resources import read_text

    data = yaml.safe_load(read_text("industry", "gbt4754.yaml"))
    sections = data["sections"]
    by_code: dict[str, Division] = {}
    aliases: list[tuple[str, Division]] = []
    for num, d in data["divisions"].items():
        div = Division(f"{d['section']}{num}", d["name"], d["section"], sections[d["section"]])
        by_code[str(num)] = div
        aliases += [(a, div) for a in [d["name"].removesuffix("业"), *(d.get("aliases") or [])] if a]
    aliases.sort(key=lambda x: -len(x[0]))  # longest first: 工程机械 before 机械, 新能源汽车 before 新能源
    return by_code, aliases


def division_of(industry: str | None) -> Division | None:
    """The 大类 an industry as written belongs to: an explicit code (C36, 36) first, then the longest
    matching keyword; None when nothing matches."""
    if not industry:
        return None
    by_code, aliases = _table()
    for m in _CODE.finditer(industry):
        div = by_code.get(m.group(2))
        if div and (m.group(1) in (None, div.section)):
            return div
    # aliases are sorted longest first, so the first one found is the longest match
    return next((div for alias, div in aliases if alias in industry), None)


def group_counts(counts: Mapping[str, int] | Iterable[tuple[str, int]]) -> dict[str, int]:
    """Counts per industry as written -> counts per "C36 汽车制造业" label (unmatched under one label)."""
    items = counts.items() if isinstance(counts, Mapping) else counts
    out: Counter[str] = Counter()
    for industry, n in items:
        div = division_of(industry)
        out[div.label if div else UNMATCHED] += n
    return dict(sorted(out.items()))
