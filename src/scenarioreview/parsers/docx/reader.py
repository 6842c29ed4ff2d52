""".docx -> Document: the body in document order with headings, numbering labels, tables, text boxes,
captions and images; headers and footers kept apart.

The package is read through ``safezip`` (bounded inflation, no DTDs) and walked with lxml directly:
python-docx hides automatic numbering, outline levels, text boxes and field structure, which are exactly
what scenario segmentation needs.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from ...errors import CorruptFile
from ...model import Block, BlockKind, Document, Notice
from ..captions import mark_captions
from .numbering import Numbering
from .ooxml import PKG_REL, R, W, on, wattr
from .safezip import SafeZip, parse_xml
from .styles import Styles, num_pr, outline_of
from .text import TextWalker


class _Story:
    """Turns one story (the body, a header …) into blocks; numbering counters are shared by the caller."""

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.walker = TextWalker(self._container_text)

    # -- block level ------------------------------------------------------------------------------------
    def walk(self, container: Any) -> None:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                self._paragraph(child)
            elif tag == W + "tbl":
                rows = self._table_rows(child)
                if any(cell.strip() for row in rows for cell in row):
                    self._add(Block(kind="table", rows=rows))
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"):
                self.walk(child)

    def _add(self, block: Block) -> None:
        self.blocks.append(block)

    def _para(self, p: Any) -> tuple[str, str, int | None, str, bool, list[tuple[str, str]]]:
        """(text, label, level, style name, caption style?, floating extras) of one paragraph."""
        ppr = p.find(W + "pPr")
        style_el = ppr.find(W + "pStyle") if ppr is not None else None
        style_id = wattr(style_el, "val") if style_el is not None else None
        inline = self.walker.paragraph(p)
        num_id, ilvl = num_pr(ppr)
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(style_id)
            ilvl = ilvl if ilvl is not None else style_ilvl
        label = self.numbering.next_label(num_id, ilvl or 0) if num_id else ""
        own = outline_of(ppr)
        if own is not None:
            level = own + 1 if 0 <= own <= 8 else None
        else:
            level = self.styles.heading_level(style_id)
        return (
            inline.text,
            label,
            level,
            self.styles.name(style_id),
            self.styles.is_caption(style_id),
            inline.extras,
        )

    def _paragraph(self, p: Any) -> None:
        text, label, level, style, caption, extras = self._para(p)
        if text.strip():
            kind: BlockKind = "caption" if caption else ("heading" if level else "paragraph")
            self._add(Block(kind=kind, text=text, level=level, label=label, style=style))
        for kind_x, body in extras:
            if kind_x == "image":
                self._add(Block(kind="image", style=style))
            elif body.strip():
                self._add(Block(kind="textbox", text=body))

    # -- tables and nested stories --------------------------------------------------------------------
    def _children(self, el: Any, tag: str) -> list[Any]:
        out: list[Any] = []
        for child in el:
            if child.tag == tag:
                out.append(child)
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                out.extend(self._children(child, tag))
        return out

    def _table_rows(self, tbl: Any) -> tuple[tuple[str, ...], ...]:
        rows: list[tuple[str, ...]] = []
        for tr in self._children(tbl, W + "tr"):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:  # deleted row (tracked change)
                continue
            cells: list[str] = []
            for tc in self._children(tr, W + "tc"):
                vmerge = tc.find(W + "tcPr/" + W + "vMerge")
                if vmerge is not None and wattr(vmerge, "val") != "restart":
                    cells.append("")  # continuation of a vertically merged cell: its text is above
                else:
                    cells.append(self._container_text(tc))
            rows.append(tuple(cells))
        return tuple(rows)

    def _container_text(self, el: Any) -> str:
        """Text of a cell or text box: paragraphs (with labels) one per line, nested tables flattened."""
        lines: list[str] = []
        for child in el:
            tag = child.tag
            if tag == W + "p":
                text, label, _lvl, _style, _cap, extras = self._para(child)
                if text.strip():
                    lines.append(f"{label}{text}")
                lines.extend(body for kind, body in extras if kind == "textbox" and body.strip())
            elif tag == W + "tbl":
                for row in self._table_rows(child):
                    lines.extend(cell for cell in row if cell.strip())
            elif tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                inner = self._container_text(child)
                if inner:
                    lines.append(inner)
        return "\n".join(lines).strip()


def _reindex(blocks: list[Block]) -> tuple[Block, ...]:
    return tuple(
        Block(kind=b.kind, text=b.text, index=i, level=b.level, label=b.label, style=b.style, rows=b.rows)
        for i, b in enumerate(blocks)
    )


# "Strict Open XML" (an option in Word's and WPS's save dialog) uses other namespace URIs for the same
# vocabulary; mapping them to the transitional ones lets one walker serve both.
_STRICT = (
    (
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
)


def _part(z: SafeZip, name: str) -> Any:
    data = z.read_part(name)
    for strict, transitional in _STRICT:
        if strict in data:
            data = data.replace(strict, transitional)
    return parse_xml(data, name)


def _notices(body: Any) -> tuple[Notice, ...]:
    """Tell reviewers when what they see in Word may differ from what was counted."""
    out: list[Notice] = []
    if body.find(".//" + W + "del") is not None or body.find(".//" + W + "ins") is not None:
        out.append(
            Notice("tracked_changes", "文档含有未处理的修订（修订模式），已按“接受全部修订”后的文本处理")
        )
    if any(on(v) for v in body.iter(W + "vanish")):
        out.append(Notice("hidden_text", "文档含有隐藏文字，隐藏内容未计入正文与字数"))
    return tuple(out)


def _rels(z: SafeZip, part: str) -> dict[str, str]:
    """rId -> part name for one part's relationships."""
    base = posixpath.dirname(part)
    rel_name = posixpath.join(base, "_rels", posixpath.basename(part) + ".rels")
    if not z.has(rel_name):
        return {}
    out: dict[str, str] = {}
    for rel in _part(z, rel_name).iter(PKG_REL + "Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            name = target.lstrip("/")
        else:
            name = posixpath.normpath(posixpath.join(base, target))
        out[rel.get("Id") or ""] = name
    return out


def _header_footer(z: SafeZip, root: Any, styles: Styles, numbering: Numbering, kind: str) -> tuple[str, ...]:
    rels = _rels(z, "word/document.xml")
    texts: list[str] = []
    seen_parts: set[str] = set()
    for ref in root.iter(W + kind + "Reference"):
        part = rels.get(ref.get(R + "id") or "")
        if not part or part in seen_parts or not z.has(part):
            continue
        seen_parts.add(part)
        story = _Story(styles, numbering)
        story.walk(_part(z, part))
        lines: list[str] = []
        for b in story.blocks:
            if b.kind == "table":
                lines.extend(c for row in b.rows for c in row if c.strip())
            elif b.display_text.strip():
                lines.append(b.display_text.strip())
        text = "\n".join(lines)
        if text and text not in texts:
            texts.append(text)
    return tuple(texts)


def parse_docx(path: Path, data: bytes, sha256: str) -> Document:
    with SafeZip(data) as z:
        if not z.has("word/document.xml"):
            raise CorruptFile("DOCX 文件已损坏：缺少正文部件 word/document.xml")
        root = _part(z, "word/document.xml")
        body = root.find(W + "body")
        if body is None:
            raise CorruptFile("DOCX 文件已损坏：word/document.xml 中没有正文（w:body）")
        styles = Styles(_part(z, "word/styles.xml") if z.has("word/styles.xml") else None)
        numbering = Numbering(_part(z, "word/numbering.xml") if z.has("word/numbering.xml") else None)
        numbering.resolve_style_link(styles.numbering_style_ids())
        story = _Story(styles, numbering)
        story.walk(body)
        blocks = _reindex(mark_captions(story.blocks))
        headers = _header_footer(z, root, styles, numbering, "header")
        footers = _header_footer(z, root, styles, numbering, "footer")
        notices = _notices(body)
    return Document(
        path=str(path),
        format="docx",
        sha256=sha256,
        blocks=blocks,
        headers=headers,
        footers=footers,
        notices=notices,
    )
