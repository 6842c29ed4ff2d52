"""Document -> Application: the applicant, the application type and each scenario's title, declared typical
scenario and description text.

The body is flattened into items (segment_items), then walked once by a small state machine: a scenario
starts at a scenario heading ("场景一：…", "（三）…场景", "3. 场景名称：…", a Word/WPS heading followed by
scenario labels, a 场景名称 table row) and ends at the next one, at a form section that is not a scenario
(揭榜任务, 进度, 投资, 承诺 …) or at a heading that outranks it. Label lines (场景名称/对应典型场景/所属环节/场景描述)
set fields and are not description text; description sub-headings (（一）实施方法 …) are.
When nothing is found, a second pass takes the unmarked child headings of the form's scenario section
("二、场景情况" -> "（一）…", "（二）…") as scenarios (segment_sections); failing that, the whole body becomes one
scenario, with a notice.

``Application.structure`` names how the scenarios were introduced (majority over scenarios): "headings" (Word
heading styles, or PDF layout levels), "outline" (WPS outline levels on numeric styles), "numbering" (automatic
numbering kept in Block.label), "table" (label rows or a list table), "text" (numbered or "场景一：" lines in
plain paragraphs), "sections" (second pass) or "fallback".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from .model import Application, Document, Location, Notice, Paragraph, Scenario
from .segment_applicant import read_applicant, read_application_type
from .segment_items import Field, Item, document_items, label_field, split_combined
from .segment_items import heading_like as _heading_like
from .segment_patterns import (
    END_SECTION,
    FORM_TITLE,
    GENERIC_SCENARIO_HEADING,
    HEADING_MAX_CHARS,
    SCENARIO_ORDINAL,
    SUBPART,
    TITLE_ENDS_SCENARIO,
    TOC_LINE,
    clean_declared,
    split_enumerator,
)
from .segment_sections import section_starts

NO_STRUCTURE = Notice("no_structure", "未识别出场景结构，已将全文作为一个场景处理")
UNTITLED = "（未命名场景）"
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d*$", re.IGNORECASE)
_OUTLINE_STYLE = re.compile(r"^\s*(?:样式\s*)?\d+\s*$|outline|大纲", re.IGNORECASE)
_LOOKAHEAD = 4  # items after a bare heading in which scenario labels make it a scenario heading
_TITLE_PUNCT = re.compile(r"^[\s:：、.．\-—－]+|[\s:：、.．\-—－]+$")


@dataclass
class _Draft:
    title: str
    start: Item
    how: str  # "table" | "numbering" | "headings" | "outline" | "text"
    level: int | None = None
    rank: int | None = None
    title_from_label: bool = False
    typical: str | None = None
    link: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    table_desc: bool = False  # the description came from a table cell; the table's end closes the scenario


def _norm(title: str) -> str:
    return re.sub(r"[\s:：、，,.。．\"“”'‘’]", "", title)


def _how(it: Item) -> str:
    if it.in_table:
        return "table"
    if it.numbered:
        return "numbering"
    if it.level is not None:
        # WPS saves outline levels on plain numeric styles ("1", "2"); a PDF's levels come from the layout
        return "outline" if _OUTLINE_STYLE.search(it.style) else "headings"
    return "text"


def _scenario_title(it: Item) -> str | None:
    """The title when ``it`` is a scenario heading line, else None."""
    if not _heading_like(it) or "。" in it.text:
        return None
    en = split_enumerator(it.text)
    if SUBPART.match(en.core):
        return None
    for text in (it.text, en.core):
        m = SCENARIO_ORDINAL.match(text)
        if m:
            title = _TITLE_PUNCT.sub("", m.group("title"))
            return title or text[: m.start("title")].rstrip(" ：:、.．")
    marked = en.kind is not None or it.level is not None or it.numbered
    if marked and TITLE_ENDS_SCENARIO.match(en.core) and not (
            GENERIC_SCENARIO_HEADING.match(en.core) or END_SECTION.match(en.core)):
        return en.core
    return None


def _labels_follow(items: list[Item], k: int) -> bool:
    """True when scenario labels (场景名称 / 对应典型场景 / 所属环节) follow item ``k`` closely."""
    if FORM_TITLE.search(items[k].text):
        return False  # "智能制造优秀场景申报表" above a one-table form is the form's title
    for it in items[k + 1: k + 1 + _LOOKAHEAD]:
        if it.role in ("title", "typical", "link"):
            return True  # a small label table right under the heading
        if it.role == "line":
            hit = label_field(it.text)
            if hit and hit[0] != "desc" and hit[2]:
                return True
            if hit is None:
                return False  # labels come right under the heading, before any prose or other heading
    return False


def _set_labels(cur: _Draft, labels: list[tuple[Field, str]]) -> None:
    """Fill 对应典型场景 / 所属环节 once; the first statement wins."""
    for field_name, value in labels:
        value = clean_declared(value)
        if field_name in ("typical", "link") and value and getattr(cur, field_name) is None:
            setattr(cur, field_name, value)


def _bare_title(it: Item) -> bool:
    """A short line that can only be a title: no sentence punctuation, not a label or a known sub-part."""
    if it.role != "line" or it.in_table or not _heading_like(it) or len(it.text) > 40:
        return False
    core = split_enumerator(it.text).core
    return not (re.search(r"[，,。；;：:]", core) or SUBPART.match(core) or END_SECTION.match(core)
                or GENERIC_SCENARIO_HEADING.match(core))


def _outranks(it: Item, cur: _Draft) -> bool:
    """True when heading line ``it`` sits at or above the level of the scenario heading (so it ends it)."""
    if it.in_table:
        return False
    if cur.level is not None and it.level is not None:
        return it.level <= cur.level
    rank = split_enumerator(it.text).rank
    if rank is None or not _heading_like(it):
        return False
    if cur.rank is not None:
        return rank < cur.rank
    return False


def _ends(it: Item, cur: _Draft | None) -> bool:
    if not _heading_like(it):
        return False
    en = split_enumerator(it.text)
    if SUBPART.match(en.core):
        return False  # "（二）实施方法" belongs to the description even when a PDF gives it the title's level
    if END_SECTION.match(en.core) and len(en.core) <= 30:
        if cur is None:
            return True
        if cur.level is not None and it.level is not None:
            return it.level <= cur.level
        if cur.rank is not None and en.rank is not None:
            return en.rank <= cur.rank
        # a scenario introduced without numbering ("场景一：…"): only a top-level section ends it
        return en.rank is not None and en.rank <= 1 or it.level is not None
    return cur is not None and _outranks(it, cur)


def _walk(items: list[Item], forced: dict[int, str] | None = None) -> tuple[list[_Draft], list[Paragraph]]:
    """One pass over the items. ``forced`` maps item positions to titles of scenario starts found by the
    section strategy (headings under "二、场景情况" that carry no scenario marker)."""
    forced = forced or {}
    drafts: list[_Draft] = []
    body: list[Paragraph] = []  # every content line, for the fallback
    cur: _Draft | None = None

    def start(title: str, it: Item, from_label: bool = False) -> _Draft:
        en = split_enumerator(it.text)
        d = _Draft(title=title, start=it, how=_how(it), level=it.level, rank=en.rank, title_from_label=from_label)
        drafts.append(d)
        return d

    last_added: tuple[Item, _Draft | None] | None = None

    def add(it: Item, text: str) -> None:
        nonlocal last_added
        p = Paragraph(text, it.block_index, it.page, it.source)
        body.append(p)
        if cur is not None:
            cur.paragraphs.append(p)
        last_added = (it, cur)

    for k, it in enumerate(items):
        if it.role == "table_end":
            if cur is not None and cur.table_desc:
                if it.spills:
                    cur.table_desc = False  # keep reading overleaf until a heading or section ends it
                else:
                    cur = None
            continue
        if it.role == "row_end":
            cur = None
            continue
        if it.role == "desc_text":
            if cur is None:
                cur = start("", it)
            cur.table_desc = True
            add(it, it.text)
            continue
        role, value = it.role, it.text
        if k in forced:
            cur = start(forced[k], it)
            continue
        if role == "line":
            if (TOC_LINE.search(it.text) and len(it.text) <= 2 * HEADING_MAX_CHARS) or _TOC_STYLE.match(it.style):
                continue  # a table-of-contents entry repeats a heading that comes later
            hit = label_field(it.text)
            # in running text a label needs its colon ("对应典型场景：…"); a bare "二、典型场景" is a heading,
            # except the description label, which often stands alone ("场景描述（3000字以内）")
            if hit is not None and (hit[2] or (hit[0] == "desc" and not hit[1] and _heading_like(it))):
                role, value = hit[0], hit[1]
        extra: list[tuple[Field, str]] = []
        if role in ("title", "typical", "link") and value:
            value, extra = split_combined(value)  # "场景名称：X；对应典型场景：Y" on one line
        if role == "title":
            title = _TITLE_PUNCT.sub("", value)
            if cur is not None and not cur.paragraphs and not cur.title_from_label:
                cur.title, cur.title_from_label = title or cur.title, True
            else:
                cur = start(title, it, from_label=True)
            _set_labels(cur, extra)
            continue
        if role in ("typical", "link"):
            if cur is None or (cur.paragraphs and getattr(cur, role) is not None):
                prev = items[k - 1] if k else None
                if prev is not None and last_added is not None and last_added[0] is prev and _bare_title(prev):
                    # a title line without scenario markers (numbering lost in a .doc, a bold line):
                    # the line right above the labels is this scenario's title, not the previous one's text
                    owner = last_added[1]
                    if owner is not None and owner.paragraphs and owner.paragraphs[-1].block_index == prev.block_index:
                        owner.paragraphs.pop()
                    if body and body[-1].block_index == prev.block_index:
                        body.pop()
                    cur = start(split_enumerator(prev.text).core, prev)
                else:
                    cur = start("", it)
            _set_labels(cur, [(role, value), *extra])
            continue
        if role == "desc":
            if value:
                if cur is None:
                    cur = start("", it)
                add(it, value)
            continue
        # a plain line: a scenario heading, the end of the scenario part, or content
        heading_title = _scenario_title(it)
        if heading_title is None and it.level is not None and _heading_like(it) and _labels_follow(items, k):
            core = split_enumerator(it.text).core
            if not (GENERIC_SCENARIO_HEADING.match(core) or END_SECTION.match(core) or SUBPART.match(core)):
                heading_title = core
        if heading_title is not None:
            cur = start(heading_title, it)
            continue
        if _ends(it, cur):
            cur = None
            body.append(Paragraph(it.text, it.block_index, it.page, it.source))
            continue
        add(it, it.text)
    return drafts, body


def _finish(drafts: list[_Draft]) -> list[_Draft]:
    """Drop empty repeats: a list-table row or a table-of-contents entry whose scenario is described later."""
    kept: list[_Draft] = []
    # Positions of each normalised title, in order: finding "the first later draft with this title" by
    # bisection keeps a text whose every line looks like a heading linear instead of quadratic.
    where: dict[str, list[int]] = {}
    for i, d in enumerate(drafts):
        where.setdefault(_norm(d.title), []).append(i)
    for i, d in enumerate(drafts):
        if not d.paragraphs:
            same = where[_norm(d.title)] if d.title else []
            k = bisect_right(same, i)
            if k < len(same):
                first = drafts[same[k]]
                first.typical = first.typical or d.typical
                first.link = first.link or d.link
                continue
            if not d.title and not d.typical:
                continue
        kept.append(d)
    return kept


def _structure(drafts: list[_Draft]) -> str:
    votes = Counter(d.how for d in drafts)
    order = {d.how: i for i, d in reversed(list(enumerate(drafts)))}
    return max(votes, key=lambda h: (votes[h], -order[h]))


def read_application(doc: Document) -> Application:
    """Split a parsed form into its scenarios and read who applies for what."""
    items = document_items(doc)
    drafts, body = _walk(items)
    drafts = _finish(drafts)
    if not drafts:
        forced = section_starts(items)
        if forced:
            drafts, body = _walk(items, forced)
            drafts = _finish(drafts)
            for d in drafts:
                d.how = "sections"
    notices: list[Notice] = []
    first_block = drafts[0].start.block_index if drafts else None
    if drafts:
        scenarios = tuple(
            Scenario(
                index=i,
                title=d.title or UNTITLED,
                declared_typical=d.typical,
                paragraphs=tuple(d.paragraphs),
                location=Location(page=d.start.page if d.start.page is not None else
                                  (d.paragraphs[0].page if d.paragraphs else None), paragraph=d.start.ordinal),
                declared_link=d.link,
            )
            for i, d in enumerate(drafts, 1)
        )
        structure = _structure(drafts)
    else:
        paras = tuple(body)
        scenarios = (Scenario(index=1, title="（全文）", declared_typical=None, paragraphs=paras,
                              location=Location(page=paras[0].page if paras else None, paragraph=1)),)
        structure = "fallback"
        notices.append(NO_STRUCTURE)
    return Application(
        document=doc,
        application_type=read_application_type(doc, first_block),
        applicant=read_applicant(doc, first_block),
        scenarios=scenarios,
        structure=structure,
        notices=tuple(notices),
    )


def split_scenarios(doc: Document) -> list[Scenario]:
    """The scenarios of a parsed form, in document order."""
    return list(read_application(doc).scenarios)
