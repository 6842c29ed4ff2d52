"""The 3000-字 limit: error when over, with the margin and where the limit falls."""

from __future__ import annotations

from ..counting import format_margin
from ..model import Counts, Finding, LimitCrossing, Span


def check_length(counts: Counts, limit: int, crossing: LimitCrossing | None, text_len: int) -> list[Finding]:
    if counts.words <= limit or crossing is None:
        return []
    where = f"第 {crossing.paragraph} 段"
    if crossing.page:
        where += f"（第 {crossing.page} 页）"
    return [
        Finding(
            check="length",
            severity="error",
            category="over_limit",
            message=f"场景描述超出字数上限：{format_margin(counts.words, limit)}；超出部分从{where}开始（原文中 ‖ 处），请精简。",
            span=Span(crossing.offset, text_len),
            evidence=crossing.excerpt,
            extra=(
                ("words", counts.words),
                ("limit", limit),
                ("excess", counts.words - limit),
                ("paragraph", crossing.paragraph),
                ("page", crossing.page),
            ),
        )
    ]
