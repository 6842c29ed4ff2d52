"""Scenario drafts -> Application: scenarios, declarations and where they came from, coverage, and the body
text that belongs to no scenario (reported, never silently dropped)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from ..model import Application, Document, Location, Notice, Paragraph, Scenario, Unassigned
from .applicant import read_applicant, read_application_type
from .items import Item, document_items
from .patterns import SCENARIO_ORDINAL, split_enumerator
from .roles import assign_roles
from .sections import section_starts
from .walk import WalkResult, _Draft, _finish, _walk

NO_STRUCTURE = Notice("no_structure", "未识别出场景结构，已将全文作为一个场景处理")
UNTITLED = "（未命名场景）"
_MIN_NAME_MATCH = 4  # characters a heading must share with a guide name to name it


def _structure(drafts: list[_Draft]) -> str:
    votes = Counter(d.how for d in drafts)
    order = {d.how: i for i, d in reversed(list(enumerate(drafts)))}
    return max(votes, key=lambda h: (votes[h], -order[h]))


@cache
def _guide_names() -> tuple[tuple[str, ...], ...]:
    """Typical-scenario names per bundled guide edition, the default edition first, longest names first."""
    from ..guide import DEFAULT_EDITION, available_editions, load_guide

    editions = [DEFAULT_EDITION] + [e for e in available_editions() if e != DEFAULT_EDITION]
    return tuple(
        tuple(sorted({it.name for it in load_guide(e).items}, key=lambda n: (-len(n), n))) for e in editions
    )


def _common_tail(name: str, core: str) -> int:
    """Length of the longest part of ``name`` that occurs within the last len(name)+2 characters of ``core``."""
    tail = core[-len(name) - 2 :]
    best = 0
    for i in range(len(name)):
        j = i + best + 1
        while j <= len(name) and name[i:j] in tail:
            best, j = j - i, j + 1
    return best


def name_in_heading(title: str) -> str | None:
    """The guide scenario a heading names ("场景二：智能仓储", "（三）精益生产管理场景", "…整车虚拟验证与中试",
    "…总装线柔性配置"), ordinal and trailing 场景 stripped; None unless exactly one name fits best."""
    core = split_enumerator(title).core
    m = SCENARIO_ORDINAL.match(core)
    core = (m.group("title") if m else core).strip(" ：:、")
    if core.endswith("场景") and len(core) > 2:
        core = core[:-2]
    for names in _guide_names():  # the default edition's names first
        named = _named(core, names)
        if named:
            return named
    return None


def _named(core: str, names: tuple[str, ...]) -> str | None:
    for name in names:  # the whole name, as all of the heading or at its end
        if core.endswith(name):
            return name
    scored = sorted(
        (
            (shared / len(name), name)
            for name in names
            if (shared := _common_tail(name, core)) >= _MIN_NAME_MATCH and shared >= 0.6 * len(name)
        ),
        reverse=True,
    )
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def _declaration(d: _Draft) -> tuple[str | None, str | None]:
    """(declared typical scenario, where it came from: "label" | "heading" | None)."""
    if d.typical:
        return d.typical, "label"
    if d.title and not d.title_from_label:
        named = name_in_heading(d.title)
        if named:
            return named, "heading"
    return None, None


def _scenario(i: int, d: _Draft) -> Scenario:
    declared, source = _declaration(d)
    page = d.start.page if d.start.page is not None else (d.paragraphs[0].page if d.paragraphs else None)
    return Scenario(
        index=i,
        title=d.title or UNTITLED,
        declared_typical=declared,
        paragraphs=tuple(d.paragraphs),
        location=Location(page=page, paragraph=d.start.ordinal),
        declared_link=d.link,
        declared_source=source,
    )


def _unassigned(paras: list[Paragraph]) -> tuple[Unassigned, ...]:
    """Runs of consecutive body paragraphs outside every scenario, with where they are."""
    runs: list[list[Paragraph]] = []
    for p in paras:
        if runs and p.block_index - runs[-1][-1].block_index <= 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return tuple(
        Unassigned(
            text="\n".join(p.text for p in run),
            block_index=run[0].block_index,
            page=run[0].page,
            chars=sum(len(p.text) for p in run),
        )
        for run in runs
    )


def _walk_all(items: list[Item], roles: Sequence[str]) -> tuple[list[_Draft], WalkResult]:
    result = _walk(items, roles)
    drafts = _finish(result.drafts)
    if not drafts:
        forced = section_starts(items)
        if forced:
            result = _walk(items, roles, forced)
            drafts = _finish(result.drafts)
            for d in drafts:
                d.how = "sections"
    return drafts, result


def read_application(doc: Document) -> Application:
    """Split a parsed form into its scenarios and read who applies for what."""
    items = document_items(doc)
    roles = assign_roles(items)
    drafts, result = _walk_all(items, roles)
    notices: list[Notice] = []
    unassigned: tuple[Unassigned, ...] = ()
    if drafts:
        scenarios = tuple(_scenario(i, d) for i, d in enumerate(drafts, 1))
        structure = _structure(drafts)
        unassigned = _unassigned(result.unassigned)
    else:
        paras = tuple(result.body)
        scenarios = (
            Scenario(
                index=1,
                title="（全文）",
                declared_typical=None,
                paragraphs=paras,
                location=Location(page=paras[0].page if paras else None, paragraph=1),
            ),
        )
        structure = "fallback"
        notices.append(NO_STRUCTURE)
    assigned = sum(len(p.text) for s in scenarios for p in s.paragraphs)
    total = assigned + sum(u.chars for u in unassigned)
    first_block = drafts[0].start.block_index if drafts else None
    return Application(
        document=doc,
        application_type=read_application_type(doc, first_block),
        applicant=read_applicant(doc, first_block),
        scenarios=scenarios,
        structure=structure,
        notices=tuple(notices),
        unassigned=unassigned,
        coverage=round(assigned / total, 4) if total else 0.0,
    )


def split_scenarios(doc: Document) -> list[Scenario]:
    """The scenarios of a parsed form, in document order."""
    return list(read_application(doc).scenarios)
