"""Terminal views of a review (the meeting commands): ranking, summary, one submission, compare, search."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..labels import SEVERITY_ZH, STATUS_ZH
from ..review.types import Review, SubmissionResult
from .terminal import console

if TYPE_CHECKING:
    from rich.console import JustifyMethod


def print_ranking(review: Review, top: int | None = None, app_type: str | None = None) -> None:
    from rich.table import Table

    from ..review.meeting import ranking

    out = console()
    for g in ranking(review, top, app_type).groups:
        table = Table(title=f"{g.type}（推荐名额 {g.quota}，已推荐 {g.recommended}）")
        columns: tuple[tuple[str, JustifyMethod], ...] = (
            ("排名", "right"),
            ("推荐", "center"),
            ("申报单位/文件", "left"),
            ("场景数", "right"),
            ("自动分", "right"),
            ("专家分", "right"),
            ("总分", "right"),
            ("说明", "left"),
        )
        for col, just in columns:
            table.add_column(col, justify=just)
        for r in g.rows:
            mark = f"✔ {r.priority}" if r.recommended else ("✘" if r.exclusions else "")
            table.add_row(
                str(r.rank),
                mark,
                r.name,
                str(r.scenarios),
                f"{r.auto:.1f}",
                "—" if r.expert is None else f"{r.expert:.1f}",
                f"{r.final:.1f}",
                r.reason,
            )
        out.print(table)


def print_summary(review: Review, written: Sequence[Path] = ()) -> None:
    s = review.summary
    out = console()
    rec = s.recommended
    lines = [
        (
            f"共 {s.files} 个文件：成功分析 {s.analysed} 个（其中部分成功 {s.partial} 个），失败 {s.failed} 个；"
            f"本次复用已有结果 {s.reused or 0} 个。"
        ),
        (
            f"共 {s.scenarios} 个场景；超字数 {s.over_limit} 个；敏感内容错误 {s.sensitive_errors} 处；"
            f"疑似重复 {s.duplicate_pairs} 对、模板雷同群组 {s.duplicate_clusters} 个。"
        ),
        f"推荐优秀场景 {rec.get('优秀场景', 0)} 个、示范工厂 {rec.get('示范工厂', 0)} 个；因问题不予推荐 {s.excluded} 个。",
    ]
    if s.unusable:
        lines.append(
            f"其中 {s.unusable} 份没有可评审的场景描述或文件类型不明，一律不予推荐（另有 {s.failed} 个文件无法读取）。"
        )
    if s.low_confidence_ocr:
        lines.append(f"{s.low_confidence_ocr} 份扫描件文字识别可信度较低，请对照原件核对。")
    for dup in review.identical_files:
        lines.append(f"内容完全相同的文件（只分析一次）：{'、'.join(Path(f).name for f in dup.files)}")
    if written:
        lines.append("报告：" + "、".join(str(p) for p in written))
    for ln in lines:
        out.print(ln, markup=False)


CLOSERS = set("，。；：、！？）》」』】”’,.;:!?)%")


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Lines of at most ``width`` columns (CJK counts two), broken between characters of CJK text or at
    spaces, never inside a Latin word or number, never putting closing punctuation at a line start;
    lines after the first are indented by ``indent`` (a hanging indent)."""
    import re
    import unicodedata

    def w(t: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in t)

    lines: list[str] = []
    for para in text.split("\n"):
        tokens = re.findall(r"[A-Za-z0-9.%+_/\-]+|\s+|.", para)
        cur, room = "", width if not lines else width - indent
        for tok in tokens:
            # two columns stay free for closing punctuation, which never starts a line
            limit = room if tok in CLOSERS else room - 2
            if w(cur) + w(tok) > limit and cur.strip() and not (tok in CLOSERS and w(cur) + w(tok) <= room):
                lines.append(cur.rstrip())
                cur, room = "", width - indent
                if tok.isspace():
                    continue
            cur += tok
        lines.append(cur.rstrip())
    return [ln if i == 0 else " " * indent + ln for i, ln in enumerate(lines)]


def _say(out: Any, text: str, indent: int = 0, hang: int = 2, **kw: Any) -> None:
    width = min(out.width, 100)
    for ln in wrap(" " * indent + text, width, indent + hang):
        out.print(ln, markup=False, **kw)


def print_submission(review: Review, sub: SubmissionResult) -> None:
    from ..counting import format_margin
    from ..labels import exclusion_zh
    from ..review.meeting import submission

    d = submission(review, sub)
    out = console()
    sc = d.score
    _say(
        out,
        f"{d.name}　{d.project_type}　第 {d.rank} 名　总分 {sc.final:.1f}（自动 {sc.auto:.1f}"
        + ("" if sc.expert is None else f"，专家 {sc.expert:.1f}")
        + "）",
        style="bold",
    )
    _say(out, f"文件：{d.file}　状态：{STATUS_ZH.get(d.status, '未知')}　{d.reason}")
    for e in d.exclusions:
        _say(out, f"不予推荐（{exclusion_zh(e.code)}）：{e.reason}", style="red")
    out.print("得分构成：", style="bold")
    for c in sc.criteria:
        _say(out, f"{c.name}（权重 {c.weight}）：{c.score:.0f}　依据：{'；'.join(c.evidence)}", indent=2)
    for s in d.scenarios:
        out.print()
        _say(out, f"场景 {s.index}：{s.title}", style="bold")
        _say(
            out,
            f"字数：{format_margin(s.words, s.limit)}" + ("（OCR 识别，近似）" if s.ocr else ""),
            indent=2,
        )
        cl = s.classification
        if cl and cl.top:
            _say(
                out,
                "典型场景："
                + "；".join(f"{m.name}（{m.score:.2f}）" for m in cl.top)
                + ("" if cl.declared_matches is not False else f"　申报的“{s.declared_typical}”与内容不符"),
                indent=2,
            )
        for f in s.findings:
            _say(out, f"[{SEVERITY_ZH[f.severity]}] {f.message}", indent=2, hang=4)
            if f.evidence:
                _say(out, f"原文：{f.evidence}", indent=6)
    if d.duplicates:
        out.print()
        out.print("疑似重复：", style="bold")
        for x in d.duplicates:
            _say(
                out,
                f"{x.a} ↔ {x.b}（{x.kind_zh}，复制比 {x.ratio_a:.0%}/{x.ratio_b:.0%}，"
                f"最长共同段落 {x.longest} 字）",
                indent=2,
            )


def print_compare(review: Review, a_ref: str, b_ref: str) -> None:
    """Two scenarios side by side, shared passages highlighted, then every shared passage in full."""
    from rich.columns import Columns
    from rich.panel import Panel

    from ..review.meeting import compare
    from ..safetext import plain_text

    d = compare(review, a_ref, b_ref)
    ta, tb = plain_text(d.a.text), plain_text(d.b.text)
    for p in d.passages:
        ta.stylize("reverse bold", *p.a)
        tb.stylize("reverse bold", *p.b)
    out = console()
    _say(
        out,
        f"共同段落 {len(d.passages)} 处，共 {d.shared} 字；复制比 {d.ratio_a:.0%}（左） / "
        f"{d.ratio_b:.0%}（右）",
        style="bold",
    )
    width = max(40, (out.width - 4) // 2)
    out.print(
        Columns(
            [
                Panel(ta, title=plain_text(f"{d.a.name} 场景{d.a.index}"), width=width),
                Panel(tb, title=plain_text(f"{d.b.name} 场景{d.b.index}"), width=width),
            ]
        )
    )
    for i, p in enumerate(d.passages, 1):
        _say(out, f"[{i}]（{p.length} 字）{p.text_a}", hang=4)
        if p.text_b != p.text_a:
            _say(out, f"右侧原文：{p.text_b}", indent=4, hang=4)


def print_search(review: Review, keyword: str) -> None:
    from ..review.meeting import search

    d = search(review, keyword)
    out = console()
    for h in d.hits:
        where = "标题" if h.where == "title" else "正文"
        _say(
            out, f"{h.name} 场景{h.scenario}《{h.title}》{where}：…{h.before}【{h.match}】{h.after}…", hang=4
        )
    out.print(f"共 {d.count} 处。" if d.count else f"没有找到“{d.keyword}”。", markup=False)


def print_coverage(review: Review, by: str = "link") -> None:
    from rich.table import Table

    from ..review.meeting import coverage

    d = coverage(review, by)
    out = console()
    head = "环节" if by == "link" else "国民经济行业大类"
    total = min(out.width, 100)
    name_w, items_w = 24, total - 24 - 6 - 10  # 10: borders and padding of three columns
    table = Table(title=f"推荐名单覆盖：按{head}（{len(d.groups)} 个）", show_lines=True)
    table.add_column(head, width=name_w, no_wrap=True)
    table.add_column("场景数", justify="right", width=6)
    table.add_column("典型场景（推荐场景数）", width=items_w, no_wrap=True)
    for g in d.groups:  # wrapped here, at punctuation, so no typical scenario is cut in two
        items = "、".join(f"{i.name}（{i.count}）" for i in g.items)
        table.add_row("\n".join(wrap(g.name, name_w)), str(g.count), "\n".join(wrap(items, items_w)))
    out.print(table)
    if d.uncovered:
        _say(out, "没有推荐场景的环节：" + "、".join(d.uncovered))
    if d.unclassified:
        _say(out, f"另有 {d.unclassified} 个推荐场景未归入典型场景。")
