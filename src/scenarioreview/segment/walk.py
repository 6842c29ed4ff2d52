"""Items + roles -> scenario drafts: one pass of a small state machine (see ``_Walker``).

A scenario starts at a scenario heading ("场景一：…", "（三）…场景", "3. 场景名称：…", a Word/WPS heading followed by
scenario labels, a 场景名称 table row) and ends at the next one, at a form section that is not a scenario
(揭榜任务, 进度, 投资, 承诺 …), at a heading that outranks it, or at the number that continues the form's
top-level "一、二、三" sequence. An info table that defines a scenario owns the description section that follows
("三、场景描述（不超过3000字）"). Label lines (场景名称/对应典型场景/所属环节/场景描述) set fields and are not
description text; description sub-headings (（一）实施方法, or "一、…" restarting inside the description) are.
Prose outside every scenario, the cover, tables and the form's own sections is collected as unassigned.
When nothing is found, application.py tries the section strategy (sections.py), then the whole body.

``_Draft.how`` names how a scenario was introduced: "headings" (Word heading styles, or PDF layout levels),
"outline" (WPS outline levels on numeric styles), "numbering" (automatic numbering kept in Block.label),
"table" (label rows or a list table), "text" (numbered or "场景一：" lines in plain paragraphs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..model import Paragraph
from ..textjoin import join_wrapped
from .items import Field, Item, Role, label_field, split_combined
from .items import heading_like as _heading_like
from .patterns import (
    CONTEXT_SECTION,
    END_SECTION,
    FORM_TITLE,
    GENERIC_SCENARIO_HEADING,
    HEADING_MAX_CHARS,
    SCENARIO_ORDINAL,
    SUBPART,
    TITLE_ENDS_SCENARIO,
    TOC_LINE,
    clean_declared,
    cn_to_int,
    split_enumerator,
)

_OVERLEAF_END = re.compile(r"[。！？!?；;：:”」』）)]$")
_CAPTION = re.compile(r"^[表图]\s*\d{1,3}")
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
    inner_seq: int | None = None  # last "一、二、…" number of the description's own sub-headings


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
    if (
        marked
        and TITLE_ENDS_SCENARIO.match(en.core)
        and not (GENERIC_SCENARIO_HEADING.match(en.core) or END_SECTION.match(en.core))
    ):
        return en.core
    return None


def _labels_follow(items: list[Item], k: int) -> bool:
    """True when scenario labels (场景名称 / 对应典型场景 / 所属环节) follow item ``k`` closely."""
    if FORM_TITLE.search(items[k].text):
        return False  # "智能制造优秀场景申报表" above a one-table form is the form's title
    for it in items[k + 1 : k + 1 + _LOOKAHEAD]:
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
    return not (
        re.search(r"[，,。；;：:]", core)
        or SUBPART.match(core)
        or END_SECTION.match(core)
        or GENERIC_SCENARIO_HEADING.match(core)
    )


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


def _top_number(it: Item) -> int | None:
    """n for a "一、…"-numbered heading line (the numbering of the form's top-level sections), else None."""
    en = split_enumerator(it.text)
    if en.kind != "cn_comma" or not _heading_like(it) or it.in_table:
        return None
    m = re.match(r"\s*([一二三四五六七八九十]+)", it.text)
    return cn_to_int(m.group(1)) if m else None


def _ends(it: Item, cur: _Draft | None, top_seq: int | None) -> bool:
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
        return (en.rank is not None and en.rank <= 1) or it.level is not None
    if (
        cur is not None
        and it.style
        and it.level is not None
        and cur.level is not None
        and it.level < cur.level
    ):
        return True  # an author's heading style above the scenario's (a PDF's layout levels are only a guess)
    n = _top_number(it) if cur is not None else None
    if cur is not None and n is not None and top_seq is not None:
        # the description's own "一、二、三" sub-headings restart inside it; the number that continues the
        # form's top-level sequence ("四、" after "三、场景描述") ends the scenario
        if cur.inner_seq is not None and n == cur.inner_seq + 1:
            return False
        if n == top_seq + 1:
            return True
        if n == 1:
            return False
    return cur is not None and _outranks(it, cur)


def _is_toc(it: Item) -> bool:
    return bool(
        (TOC_LINE.search(it.text) and len(it.text) <= 2 * HEADING_MAX_CHARS) or _TOC_STYLE.match(it.style)
    )


def _label_role(it: Item) -> tuple[Role, str]:
    """(role, value): a running-text line that is a label becomes that label."""
    hit = label_field(it.text)
    # in running text a label needs its colon ("对应典型场景：…"); a bare "二、典型场景" is a heading,
    # except the description label, which often stands alone ("场景描述（3000字以内）")
    if hit is not None and (hit[2] or (hit[0] == "desc" and not hit[1] and _heading_like(it))):
        return hit[0], hit[1]
    return it.role, it.text


@dataclass
class WalkResult:
    drafts: list[_Draft]
    body: list[Paragraph]  # every content line, for the fallback
    unassigned: list[Paragraph]  # body text outside every scenario (and outside cover, tables, end sections)


class _Walker:
    """One pass over the items; see the module docstring for the rules."""

    def __init__(self, items: list[Item], roles: Sequence[str], forced: dict[int, str]) -> None:
        self.items, self.roles, self.forced = items, roles, forced
        self.drafts: list[_Draft] = []
        self.body: list[Paragraph] = []
        self.unassigned: list[Paragraph] = []
        self.cur: _Draft | None = None
        self.last_added: tuple[Item, _Draft | None] | None = None
        self.top_seq: int | None = None  # last number of the form's "一、二、三" sections
        self.in_end_section = (
            False  # inside 承诺 / 推荐意见 / 企业概况 …: text there is the form's, not unassigned
        )

    def run(self) -> WalkResult:
        for k, it in enumerate(self.items):
            if self.roles[k] != "content":
                continue
            self.step(k, it)
        return WalkResult(self.drafts, self.body, self.unassigned)

    def start(self, title: str, it: Item, from_label: bool = False) -> _Draft:
        en = split_enumerator(it.text)
        d = _Draft(
            title=title, start=it, how=_how(it), level=it.level, rank=en.rank, title_from_label=from_label
        )
        self.drafts.append(d)
        self.cur = d
        self.in_end_section = False
        return d

    def continues_overleaf(self, it: Item) -> bool:
        """An OCR'd paragraph cut by a page break (the parser reads scans page by page): the last line of page
        N ends mid-sentence and page N+1 goes on with plain text."""
        cur = self.cur
        if cur is None or not cur.paragraphs or it.source != "ocr" or it.level is not None or it.in_table:
            return False
        last = cur.paragraphs[-1]
        return (
            last.source == "ocr"
            and last.page is not None
            and it.page == last.page + 1
            and not _OVERLEAF_END.search(last.text)
            and split_enumerator(it.text).kind is None
        )

    def add(self, it: Item, text: str) -> None:
        if self.continues_overleaf(it):
            assert self.cur is not None
            last = self.cur.paragraphs[-1]
            joined = replace(last, text=join_wrapped(last.text, text))
            self.cur.paragraphs[-1] = joined
            if self.body and self.body[-1] is last:
                self.body[-1] = joined
            self.last_added = (it, self.cur)
            return
        p = Paragraph(text, it.block_index, it.page, it.source)
        self.body.append(p)
        if self.cur is not None:
            self.cur.paragraphs.append(p)
        elif not (it.in_table or self.in_end_section or _heading_like(it) or _CAPTION.match(it.text)):
            self.unassigned.append(p)  # prose outside every scenario; headings and captions are the form's
        self.last_added = (it, self.cur)

    def step(self, k: int, it: Item) -> None:
        if it.role in ("table_end", "row_end", "desc_text"):
            self.table_marker(it)
            return
        if k in self.forced:
            self.start(self.forced[k], it)
            return
        role, value = it.role, it.text
        if role == "line":
            if _is_toc(it):
                return  # a table-of-contents entry repeats a heading that comes later
            role, value = _label_role(it)
        extra: list[tuple[Field, str]] = []
        if role in ("title", "typical", "link") and value:
            value, extra = split_combined(value)  # "场景名称：X；对应典型场景：Y" on one line
        if role == "title":
            self.title_label(it, value, extra)
        elif role in ("typical", "link"):
            self.field_label(k, it, role, value, extra)
        elif role == "desc":
            self.desc_label(it, value)
        else:
            self.line(k, it)

    def table_marker(self, it: Item) -> None:
        cur = self.cur
        if it.role == "table_end":
            if cur is not None and cur.table_desc:
                if it.spills:
                    cur.table_desc = False  # keep reading overleaf until a heading or section ends it
                else:
                    self.cur = None
        elif it.role == "row_end":
            self.cur = None
        else:  # desc_text
            if cur is None:
                cur = self.start("", it)
            cur.table_desc = True
            self.add(it, it.text)

    def title_label(self, it: Item, value: str, extra: list[tuple[Field, str]]) -> None:
        title = _TITLE_PUNCT.sub("", value)
        cur = self.cur
        if cur is not None and not cur.paragraphs and not cur.title_from_label:
            cur.title, cur.title_from_label = title or cur.title, True
        else:
            cur = self.start(title, it, from_label=True)
        _set_labels(cur, extra)

    def field_label(self, k: int, it: Item, role: Field, value: str, extra: list[tuple[Field, str]]) -> None:
        cur = self.cur
        if cur is None or (cur.paragraphs and getattr(cur, role) is not None):
            prev = self.items[k - 1] if k else None
            if (
                prev is not None
                and self.last_added is not None
                and self.last_added[0] is prev
                and _bare_title(prev)
            ):
                cur = self.retitle_from(prev)
            else:
                cur = self.start("", it)
        _set_labels(cur, [(role, value), *extra])

    def retitle_from(self, prev: Item) -> _Draft:
        """A title line without scenario markers (numbering lost in a .doc, a bold line) right above labels is
        this scenario's title, not the previous one's text."""
        assert self.last_added is not None
        owner = self.last_added[1]
        if owner is not None and owner.paragraphs and owner.paragraphs[-1].block_index == prev.block_index:
            owner.paragraphs.pop()
        if self.body and self.body[-1].block_index == prev.block_index:
            self.body.pop()
        if self.unassigned and self.unassigned[-1].block_index == prev.block_index:
            self.unassigned.pop()
        return self.start(split_enumerator(prev.text).core, prev)

    def desc_label(self, it: Item, value: str) -> None:
        if value:
            if self.cur is None:
                self.start("", it)
            self.add(it, value)
            return
        # "三、场景描述（不超过3000字）": the description section of the scenario its info table defined
        owner = self.cur if self.cur is not None and not self.cur.paragraphs else None
        if owner is None and self.drafts and not self.drafts[-1].paragraphs:
            owner = self.drafts[-1]
        if owner is None:
            if it.in_table:
                return
            owner = self.start("", it)
        self.cur = owner
        self.in_end_section = False
        if not it.in_table:
            owner.level, owner.rank = it.level, split_enumerator(it.text).rank
            owner.table_desc = False
        self.note_top(it)

    def note_top(self, it: Item) -> None:
        n = _top_number(it)
        if n is not None:
            self.top_seq = n

    def line(self, k: int, it: Item) -> None:
        """A plain line: a scenario heading, the end of the scenario part, or content."""
        heading_title = _scenario_title(it)
        if (
            heading_title is None
            and it.level is not None
            and _heading_like(it)
            and _labels_follow(self.items, k)
        ):
            core = split_enumerator(it.text).core
            if not (GENERIC_SCENARIO_HEADING.match(core) or END_SECTION.match(core) or SUBPART.match(core)):
                heading_title = core
        if heading_title is not None:
            self.start(heading_title, it)
            return
        cur = self.cur
        if _ends(it, cur, self.top_seq):
            self.cur = None
            self.in_end_section = bool(END_SECTION.match(split_enumerator(it.text).core))
            self.note_top(it)
            self.body.append(Paragraph(it.text, it.block_index, it.page, it.source))
            return
        n = _top_number(it)
        if cur is not None and n is not None and (cur.inner_seq is not None or n == 1) and not cur.table_desc:
            if n == 1 or (cur.inner_seq is not None and n == cur.inner_seq + 1):
                cur.inner_seq = n
        elif cur is None and n is not None:
            self.top_seq = n
            self.in_end_section = bool(CONTEXT_SECTION.match(split_enumerator(it.text).core))
        self.add(it, it.text)


def _walk(items: list[Item], roles: Sequence[str], forced: dict[int, str] | None = None) -> WalkResult:
    """One pass over the items. ``forced`` maps item positions to titles of scenario starts found by the
    section strategy (headings under "二、场景情况" that carry no scenario marker)."""
    return _Walker(items, roles, forced or {}).run()


def _finish(drafts: list[_Draft]) -> list[_Draft]:
    """Drop empty repeats: a list-table row or a table-of-contents entry whose scenario is described later.
    Linear: each title's next occurrence is looked up from a table built backwards."""
    next_same: dict[int, _Draft] = {}
    seen: dict[str, _Draft] = {}
    for i in range(len(drafts) - 1, -1, -1):
        d = drafts[i]
        key = _norm(d.title)
        if d.title and key in seen:
            next_same[i] = seen[key]
        if d.title:
            seen[key] = d
    kept: list[_Draft] = []
    for i, d in enumerate(drafts):
        if not d.paragraphs:
            later = next_same.get(i)
            if later is not None:
                later.typical = later.typical or d.typical
                later.link = later.link or d.link
                continue
            if not d.title and not d.typical:
                continue
        kept.append(d)
    return kept
