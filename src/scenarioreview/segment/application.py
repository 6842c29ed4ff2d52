"""Scenario drafts -> Application: scenarios, declarations, coverage and the text that belongs to no scenario."""

from __future__ import annotations

from collections import Counter

from ..model import Application, Document, Location, Notice, Scenario
from .applicant import read_applicant, read_application_type
from .items import document_items
from .sections import section_starts
from .walk import _Draft, _finish, _walk

NO_STRUCTURE = Notice("no_structure", "未识别出场景结构，已将全文作为一个场景处理")
UNTITLED = "（未命名场景）"


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
