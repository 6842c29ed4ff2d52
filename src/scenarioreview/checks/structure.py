"""Never silent about what was not read: a scenario whose description is empty or implausibly short.

Such a scenario is not classified, never counted as compliant and never recommended (the file is ``partial``).
"""

from __future__ import annotations

from ..model import Counts, Finding, Unassigned

# A real scenario description runs to hundreds of 字 (the form asks for up to 3000); anything this short is a
# heading, a label or a stray line that the reader took for the description.
MIN_DESCRIPTION_WORDS = 50


def check_description(counts: Counts) -> list[Finding]:
    if counts.words == 0:
        return [
            Finding(
                check="structure",
                severity="error",
                category="missing_description",
                message="未找到场景描述：该场景下没有读到任何描述文字（版式未能识别、描述在图片中或扫描件未能识别），"
                "请核对原件；本场景不参与归类、评分和推荐。",
            )
        ]
    if counts.words < MIN_DESCRIPTION_WORDS:
        return [
            Finding(
                check="structure",
                severity="error",
                category="missing_description",
                message=f"未找到完整的场景描述：只读到 {counts.words} 字，不像一份场景描述，请核对原件；"
                "本场景不参与归类、评分和推荐。",
                extra=(("words", counts.words),),
            )
        ]
    return []


def blocks_description(findings: tuple[Finding, ...] | list[Finding]) -> bool:
    """True when the findings say the description was not read."""
    return any(f.category == "missing_description" for f in findings)


def unassigned_notice_text(u: Unassigned) -> str:
    where = f"第 {u.page} 页" if u.page else f"第 {u.block_index + 1} 个段落处"
    return f"{where}起有 {u.chars} 个字符的正文不属于任何场景（未计入场景字数，已做敏感内容检查），请核对是否漏读了场景描述"
