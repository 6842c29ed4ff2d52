"""Document -> Application with scenarios. (Minimal fallback; the full segmenter replaces this.)"""

from __future__ import annotations

from .model import Applicant, Application, Document, Location, Notice, Paragraph, Scenario


def _body_paragraphs(doc: Document) -> list[Paragraph]:
    paras: list[Paragraph] = []
    for b in doc.blocks:
        if b.kind == "table":
            for row in b.rows:
                for cell in row:
                    if cell.strip():
                        paras.append(Paragraph(cell, b.index, b.page, b.source))
        elif b.display_text.strip():
            paras.append(Paragraph(b.display_text, b.index, b.page, b.source))
    return paras


def read_application(doc: Document) -> Application:
    paras = _body_paragraphs(doc)
    scenario = Scenario(
        index=1, title="（全文）", declared_typical=None, paragraphs=tuple(paras),
        location=Location(page=paras[0].page if paras else None, paragraph=1),
    )
    return Application(
        document=doc, application_type="unknown", applicant=Applicant(), scenarios=(scenario,),
        structure="fallback", notices=(Notice("no_structure", "未识别出场景结构，已将全文作为一个场景处理"),),
    )


def split_scenarios(doc: Document) -> list[Scenario]:
    return list(read_application(doc).scenarios)
