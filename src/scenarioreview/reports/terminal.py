"""Human output for the terminal (rich tables and cards with CJK-aware widths) and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..counting import format_margin
from ..labels import SEVERITY_ZH, STATUS_ZH
from ..model import FileReport, Finding, ScenarioReport

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from ..safetext import SafeConsole

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def console(stderr: bool = False) -> SafeConsole:
    from ..safetext import SafeConsole

    # Document text and file names are printed: never as markup, never with live control characters.
    c = SafeConsole(stderr=stderr, highlight=False, soft_wrap=False)
    if not c.is_terminal:
        c = SafeConsole(stderr=stderr, highlight=False, width=140, no_color=True)
    return c


def _file_header(rep: FileReport) -> str:
    parts = [f"文件：{rep.file}", f"格式：{rep.format or '-'}", f"状态：{STATUS_ZH[rep.status]}"]
    if rep.application:
        app = rep.application
        parts.append(f"类型：{app.application_type if app.application_type != 'unknown' else '未识别'}")
        if app.applicant.name:
            parts.append(f"申报单位：{app.applicant.name}")
        parts.append(f"场景数：{len(app.scenarios)}")
    return "　".join(parts)


def render_parse_table(reports: Sequence[FileReport]) -> None:
    from rich.table import Table

    out = console()
    for rep in reports:
        out.print(_file_header(rep), style="bold")
        if rep.error:
            out.print(f"  错误：{rep.error.message}", style="red")
            continue
        for n in rep.notices:
            out.print(f"  提示：{n.message}" + (f"（第 {n.page} 页）" if n.page else ""), style="cyan")
        table = Table(show_lines=False)
        columns: tuple[tuple[str, JustifyMethod], ...] = (
            ("序号", "right"),
            ("场景名称", "left"),
            ("对应典型场景", "left"),
            ("字数", "right"),
            ("位置", "left"),
        )
        for col, just in columns:
            table.add_column(col, justify=just)
        for r in rep.scenarios:
            s = r.scenario
            loc = f"第 {s.location.page} 页" if s.location.page else f"第 {s.location.paragraph} 段"
            words = f"{r.counts.words:,}" + (" ⚠" if r.over_limit else "")
            table.add_row(str(s.index), s.title, s.declared_typical or "—", words, loc)
        out.print(table)


def _finding_lines(f: Finding, mask: bool = True) -> list[str]:
    lines = [f"[{SEVERITY_ZH[f.severity]}] {f.message}"]
    if f.evidence:
        evidence = f.evidence
        if mask and f.check == "sensitive":
            from ..checks.sensitive import mask_personal

            evidence = mask_personal(evidence)
        lines.append(f"    原文：{evidence}")
    return lines


def scenario_card_lines(r: ScenarioReport, mask: bool = True) -> list[str]:
    s = r.scenario
    approx = "（OCR 识别文本，字数为近似值）" if s.from_ocr else ""
    lines = [f"场景 {s.index}：{s.title}"]
    if s.declared_typical:
        lines.append(f"  对应典型场景（申报）：{s.declared_typical}")
    lines.append(f"  字数：{format_margin(r.counts.words, r.limit)}{approx}")
    lines.append(
        f"  字符数(不计空格) {r.counts.chars_no_spaces:,}　字符数(计空格) {r.counts.chars_with_spaces:,}　"
        f"中文字符 {r.counts.cjk_chars:,}　非中文单词 {r.counts.non_cjk_words:,}"
    )
    c = r.classification
    if c is not None:
        if c.none_fits:
            lines.append("  典型场景归类：没有足够匹配的典型场景")
        tops = "；".join(f"{m.name}（{m.score:.2f}）" for m in c.top)
        lines.append(f"  典型场景归类（{c.edition} 版指引）：{tops}")
        if c.keywords:
            lines.append(f"    依据关键词：{'、'.join(c.keywords)}")
        for sent in c.sentences[:2]:
            lines.append(f"    依据原文：{sent if len(sent) <= 80 else sent[:80] + '…'}")
    from ..checks.completeness import ELEMENTS, profile

    prof = profile(s.text)
    covered = [ELEMENTS[k][0] for k, terms in prof.elements if terms]
    lines.append(
        f"  实施要素：涉及 {'、'.join(covered) or '无'}"
        + (f"；未提及 {'、'.join(prof.missing_elements())}" if prof.missing_elements() else "")
    )
    if prof.metrics:
        shown = "；".join(m.text for m in prof.metrics[:5])
        more = f" 等 {len(prof.metrics)} 项" if len(prof.metrics) > 5 else f"（{len(prof.metrics)} 项）"
        lines.append(f"  量化成效：{shown}{more}")
    if not r.findings:
        lines.append("  未发现问题。")
    for f in r.findings:
        lines.extend("  " + ln for ln in _finding_lines(f, mask))
    return lines


def render_check_cards(reports: Sequence[FileReport], mask: bool = True) -> None:
    out = console()
    for rep in reports:
        out.print(_file_header(rep), style="bold")
        if rep.error:
            out.print(f"  错误：{rep.error.message}", style="red")
            out.print()
            continue
        for n in rep.notices:
            out.print(f"  提示：{n.message}" + (f"（第 {n.page} 页）" if n.page else ""), style="cyan")
        for f in rep.findings:
            for ln in _finding_lines(f, mask):
                out.print(
                    "  " + ln,
                    style=SEVERITY_STYLE[f.severity] if not ln.startswith("    ") else None,
                    markup=False,
                )
        for r in rep.scenarios:
            out.print()
            for i, ln in enumerate(scenario_card_lines(r, mask)):
                style = "bold" if i == 0 else None
                if ln.lstrip().startswith("[错误]"):
                    style = "bold red"
                elif ln.lstrip().startswith("[警告]"):
                    style = "yellow"
                out.print(ln, style=style, markup=False)
        out.print()


def render_check_markdown(reports: Sequence[FileReport], mask: bool = True) -> str:
    parts: list[str] = []
    for rep in reports:
        parts.append(f"## {rep.file}\n")
        if rep.error:
            parts.append(f"**错误**：{rep.error.message}\n")
            continue
        parts.append(_file_header(rep) + "\n")
        # file-level notices (OCR used, no text layer, renamed file …) matter as much as the findings
        parts.extend(f"- 提示：{n.message}" + (f"（第 {n.page} 页）" if n.page else "") for n in rep.notices)
        parts.extend(f"- {ln.strip()}" for f in rep.findings for ln in _finding_lines(f, mask))
        for r in rep.scenarios:
            lines = scenario_card_lines(r, mask)
            parts.append(f"### {lines[0]}\n")
            parts.extend(f"- {ln.strip()}" for ln in lines[1:])
            parts.append("")
    return "\n".join(parts) + "\n"
