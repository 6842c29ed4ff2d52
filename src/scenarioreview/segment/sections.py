"""Second strategy: scenarios as the child headings of the form's scenario section.

Some forms give each scenario a plain heading ("（一）空调总装线柔性混线生产") with no 场景 marker and no labels,
under a section such as "二、场景情况" / "三、智能制造典型场景描述". Used only when the first pass finds nothing.
If the section's first child is a description sub-part (（一）场景概述), or it holds prose and no child heading,
the section itself is one scenario.
"""

from __future__ import annotations

import re

from .items import Item, heading_like
from .patterns import END_SECTION, GENERIC_SCENARIO_HEADING, SUBPART, split_enumerator

_SCENARIO_SECTION = re.compile(r"场景")


def _rank(it: Item) -> tuple[str, int] | None:
    """Comparable heading rank: ("level", n) from styles/outline, ("enum", r) from numbering, else None."""
    if it.level is not None:
        return ("level", it.level)
    en = split_enumerator(it.text)
    return ("enum", en.rank) if en.rank is not None and heading_like(it) else None


def section_starts(items: list[Item]) -> dict[int, str]:
    """Item positions -> titles of scenario starts under the first scenario section heading."""
    for k, it in enumerate(items):
        if it.role != "line" or it.in_table or not heading_like(it):
            continue
        parent = _rank(it)
        core = split_enumerator(it.text).core
        if parent is None or not (_SCENARIO_SECTION.search(core) and GENERIC_SCENARIO_HEADING.match(core)):
            continue
        starts: dict[int, str] = {}
        child: tuple[str, int] | None = None
        prose = False
        for j in range(k + 1, len(items)):
            c = items[j]
            if c.role != "line" or c.in_table:
                continue
            r = _rank(c)
            prose = prose or (r is None and child is None)
            if r is None or r[0] != parent[0]:
                continue
            c_core = split_enumerator(c.text).core
            if r[1] <= parent[1] or END_SECTION.match(c_core):
                break  # the scenario section is over
            if child is None:
                if SUBPART.match(c_core):
                    return {k: ""}  # the section is one scenario's description
                child = r
            if r == child and not (SUBPART.match(c_core) or GENERIC_SCENARIO_HEADING.match(c_core)):
                starts[j] = c_core
        if starts:
            return starts
        if child is None and prose:
            return {k: ""}  # "二、场景描述" followed by prose only: the section is the one scenario
    return {}
