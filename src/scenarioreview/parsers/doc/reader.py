""".doc / .wps (Word 97-2003 binary, also written by Kingsoft WPS) -> Document, with no external program.

The piece table gives the character stream; paragraph properties (PAPX) tell which paragraphs are table
cells and which mark a row end, so tables are rebuilt with their rows; the style sheet gives heading
levels (built-in heading styles, localized names, outline levels). Field instructions are dropped and
their displayed results kept. Headers and footers come from the header story, kept apart from the body.
Automatic numbering (LST/LFO) is rendered into Block.label as for .docx.

Optional: with ``SCENARIOREVIEW_LIBREOFFICE=1`` and ``soffice`` on PATH the file is converted to .docx by
LibreOffice (private profile) and parsed by the .docx backend, which also renders numbering labels.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from ...errors import CorruptFile, InputError
from ...model import Block, BlockKind, Document
from ..captions import mark_captions
from .binary import HDD_INDEX, Fib, piece_text, read_fib, read_pieces, read_plc_cps, textbox_anchors
from .lists import DocLists
from .props import InvisibleRuns, PapxIndex, ParaProps, StyleInfo, read_styles

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_CAPTION_NAMES = {"caption", "题注"}
_STI_CAPTION = 34
_DROP = {"\x02", "\x03", "\x04", "\x05", "\x1f"}
_OBJECTS = {"\x01", "\x08"}


@dataclass
class _Para:
    text: str
    props: ParaProps
    end: str  # "\r" paragraph mark, "\x07" cell/row mark, "\x0c" page/section break
    objects: tuple[int, ...] = ()  # character positions of picture/drawn-object anchors


class _Fields:
    """Nesting of Word fields in the character stream: 0x13 begins one, 0x14 separates its instruction
    from its displayed result, 0x15 ends it. Only results (and text outside fields) are shown."""

    def __init__(self) -> None:
        self._open: list[bool] = []  # one entry per open field: True once its result started

    def mark(self, ch: str) -> bool:
        """Track ``ch`` if it is a field mark; True when it was one (it is never shown)."""
        if ch == "\x13":
            self._open.append(False)
        elif ch == "\x14":
            if self._open:
                self._open[-1] = True
        elif ch == "\x15":
            if self._open:
                self._open.pop()
        else:
            return False
        return True

    def shown(self) -> bool:
        return all(self._open)


_ENDS = ("\r", "\x07", "\x0c")  # paragraph mark, cell/row mark, page/section break


def _shown_char(ch: str) -> str:
    """What a reader sees for an inline character: line breaks, non-breaking hyphen, control codes dropped."""
    if ch in ("\x0b", "\x0e"):
        return "\n"
    if ch == "\x1e":
        return "-"
    if ch in _DROP or (ch < " " and ch != "\t"):
        return ""
    return ch


def _paragraphs(
    text: str,
    fcs: list[int],
    start: int,
    stop: int,
    papx: PapxIndex | None,
    invisible: InvisibleRuns | None = None,
) -> list[_Para]:
    """Split a story into paragraphs, keeping only what a reader sees (field results, not codes)."""
    out: list[_Para] = []
    buf: list[str] = []
    objects: list[int] = []
    fields = _Fields()
    for i in range(start, min(stop, len(text))):
        ch = text[i]
        if fields.mark(ch) or not fields.shown():
            continue
        if invisible is not None and ch not in ("\r", "\x07") and fcs[i] in invisible:
            continue  # deleted revision or hidden text
        if ch in _ENDS:
            if ch == "\x0c" and not "".join(buf).strip():
                continue  # a page break on its own line is not a paragraph
            props = papx.at(fcs[i]) if papx else ParaProps()
            out.append(_Para("".join(buf), props, ch, tuple(objects)))
            buf, objects = [], []
        elif ch in _OBJECTS:
            objects.append(i)
        else:
            buf.append(_shown_char(ch))
    if "".join(buf).strip():
        out.append(_Para("".join(buf), ParaProps(), "\r", tuple(objects)))
    return out


class _Styles:
    def __init__(self, styles: dict[int, StyleInfo]) -> None:
        self._s = styles

    def _chain(self, istd: int) -> list[StyleInfo]:
        out: list[StyleInfo] = []
        seen: set[int] = set()
        cur: int | None = istd
        while cur is not None and cur in self._s and cur not in seen and len(out) < 20:
            seen.add(cur)
            st = self._s[cur]
            out.append(st)
            cur = st.base if st.base != 0x0FFF else None
        return out

    def name(self, istd: int) -> str:
        chain = self._chain(istd)
        return chain[0].name if chain else ""

    def level(self, istd: int) -> int | None:
        for st in self._chain(istd):
            if st.outline is not None:
                return st.outline + 1 if st.outline <= 8 else None
            if 1 <= st.sti <= 9:  # built-in "heading 1".."heading 9"
                return st.sti
            m = _HEADING_NAME.match(st.name.strip())
            if m:
                return int(m.group(1))
        return None

    def list_ref(self, istd: int) -> tuple[int | None, int | None]:
        """(ilfo, ilvl) inherited from the style chain (headings linked to a multilevel list)."""
        ilfo = ilvl = None
        for st in self._chain(istd):
            if ilfo is None and st.ilfo is not None:
                ilfo = st.ilfo
            if ilvl is None and st.ilvl is not None:
                ilvl = st.ilvl
        return ilfo, ilvl

    def is_caption(self, istd: int) -> bool:
        return any(
            st.sti == _STI_CAPTION or st.name.strip().lower() in _CAPTION_NAMES for st in self._chain(istd)
        )


def _cell_text(lines: list[str]) -> str:
    return "\n".join(line.strip() for line in lines if line.strip())


def _label(p: _Para, styles: _Styles, lists: DocLists | None) -> str:
    if lists is None:
        return ""
    s_ilfo, s_ilvl = styles.list_ref(p.props.istd)
    ilfo = p.props.ilfo if p.props.ilfo is not None else s_ilfo
    ilvl = p.props.ilvl if p.props.ilvl is not None else s_ilvl
    return lists.next_label(ilfo, ilvl) if ilfo else ""


class _Table:
    """A table being rebuilt from its paragraphs: a cell ends at a cell mark, a row at a row-end mark."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []
        self.cells: list[str] = []
        self.lines: list[str] = []

    def add(self, p: _Para) -> None:
        pr = p.props
        if pr.itap > 1:  # nested table: flatten its cells into the enclosing cell
            if p.text.strip():
                self.lines.append(p.text)
        elif pr.row_end:
            self._end_cell(keep_empty=False)
            self.rows.append(tuple(self.cells))
            self.cells = []
        elif p.end == "\x07":
            self.lines.append(p.text)
            self._end_cell(keep_empty=True)
        else:
            self.lines.append(p.text)

    def _end_cell(self, *, keep_empty: bool) -> None:
        if self.lines or keep_empty:
            self.cells.append(_cell_text(self.lines))
            self.lines = []

    def flush(self, blocks: list[Block]) -> None:
        """Close the table (if any) into ``blocks``; a table of empty cells is dropped."""
        if self.cells or self.lines:
            self.rows.append(tuple(self.cells + ([_cell_text(self.lines)] if self.lines else [])))
        if any(c.strip() for r in self.rows for c in r):
            blocks.append(Block(kind="table", rows=tuple(self.rows)))
        self.rows, self.cells, self.lines = [], [], []


def _text_block(p: _Para, label: str, styles: _Styles) -> Block:
    pr = p.props
    level = styles.level(pr.istd) if pr.outline is None else (pr.outline + 1 if pr.outline <= 8 else None)
    kind: BlockKind = "caption" if styles.is_caption(pr.istd) else ("heading" if level else "paragraph")
    return Block(kind=kind, text=p.text, level=level, label=label, style=styles.name(pr.istd))


def _object_blocks(p: _Para, textboxes: dict[int, str] | None) -> list[Block]:
    """A picture for each anchored object, or the text box's text (an empty box shows nothing)."""
    out: list[Block] = []
    for cp in p.objects:
        box = textboxes.get(cp) if textboxes else None
        if box is None:
            out.append(Block(kind="image"))
        elif box.strip():
            out.append(Block(kind="textbox", text=box))
    return out


def _blocks(
    paras: list[_Para],
    styles: _Styles,
    have_papx: bool,
    lists: DocLists | None = None,
    textboxes: dict[int, str] | None = None,
) -> list[Block]:
    """Paragraph records -> blocks. ``textboxes`` maps a drawn object's anchor position to its text."""
    blocks: list[Block] = []
    table = _Table()
    for p in paras:
        pr = p.props
        label = _label(p, styles, lists) if p.end != "\x07" or not pr.row_end else ""
        if have_papx and pr.in_table:
            table.add(_Para(label + p.text, pr, p.end, p.objects) if label and p.text.strip() else p)
            continue
        table.flush(blocks)
        if p.text.strip():
            blocks.append(_text_block(p, label, styles))
        blocks.extend(_object_blocks(p, textboxes))
    table.flush(blocks)
    return blocks


def _headers_footers(
    text: str, fcs: list[int], fib_ccp: tuple[int, ...], cps: list[int]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Header story: 6 separator stories, then per section even/odd header, even/odd footer, first
    header, first footer."""
    base = fib_ccp[0] + fib_ccp[1]
    headers: list[str] = []
    footers: list[str] = []
    for i in range(6, len(cps) - 1):
        a, b = base + cps[i], base + cps[i + 1]
        if b <= a:
            continue
        story = "\n".join(p.text.strip() for p in _paragraphs(text, fcs, a, b, None) if p.text.strip())
        if not story:
            continue
        target = footers if (i - 6) % 6 in (2, 3, 5) else headers
        if story not in target:
            target.append(story)
    return tuple(headers), tuple(footers)


def _textboxes(text: str, fcs: list[int], fib: Fib, table: bytes) -> dict[int, str]:
    """Anchor position of each drawn shape that is a text box -> its text ('' for an empty box)."""
    base = sum(fib.ccp[:6])  # text-box story follows main text, footnotes, headers, macro, comments, endnotes
    out: dict[int, str] = {}
    for anchor, a, b in textbox_anchors(fib, table):
        paras = _paragraphs(text, fcs, base + a, base + b, None)
        out[anchor] = "\n".join(p.text.strip() for p in paras if p.text.strip())
    return out


def _parse_binary(path: Path, data: bytes, sha256: str, fmt: Literal["doc", "wps"]) -> Document:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises assorted errors on damaged containers
        raise CorruptFile("Word 97-2003 文档已损坏或不完整（OLE 复合文档无法打开）") from exc
    try:
        if not ole.exists("WordDocument"):
            raise CorruptFile("文档中没有 Word 正文流（WordDocument）")
        word = ole.openstream("WordDocument").read()
        fib = read_fib(word)
        if not ole.exists(fib.table_stream):
            raise CorruptFile(f"Word 文档已损坏：缺少 {fib.table_stream} 流")
        table = ole.openstream(fib.table_stream).read()
    except InputError:
        raise
    except Exception as exc:
        raise CorruptFile("Word 97-2003 文档已损坏，无法读取其中的数据流") from exc
    finally:
        ole.close()
    try:
        return _decode(path, sha256, fmt, fib, word, table)
    except (IndexError, KeyError, ValueError, struct.error, OverflowError) as exc:
        # inconsistent internal offsets in a damaged file: report it as such, not as a crash
        raise CorruptFile(f"Word 文档内部结构不一致，无法读取（{type(exc).__name__}）") from exc


def _decode(
    path: Path, sha256: str, fmt: Literal["doc", "wps"], fib: Fib, word: bytes, table: bytes
) -> Document:
    pieces = read_pieces(fib, table)
    text, fcs = piece_text(word, pieces)
    ccp_text = fib.ccp[0]
    if ccp_text > len(text):
        raise CorruptFile("Word 文档已损坏或不完整（正文长度与文本片段表不符）")
    papx = PapxIndex(fib, word, table)
    styles = _Styles(read_styles(fib, table))
    paras = _paragraphs(text, fcs, 0, ccp_text, papx, InvisibleRuns(fib, word, table))
    blocks = mark_captions(
        _blocks(paras, styles, bool(papx), DocLists(fib, table), _textboxes(text, fcs, fib, table))
    )
    headers: tuple[str, ...] = ()
    footers: tuple[str, ...] = ()
    if fib.ccp[2] > 0:
        headers, footers = _headers_footers(text, fcs, fib.ccp, read_plc_cps(fib, table, HDD_INDEX))
    return Document(
        path=str(path),
        format=fmt,
        sha256=sha256,
        blocks=tuple(replace(b, index=i) for i, b in enumerate(blocks)),
        headers=headers,
        footers=footers,
    )


def _via_libreoffice(path: Path, data: bytes, sha256: str, fmt: Literal["doc", "wps"]) -> Document | None:
    """Convert with LibreOffice when explicitly enabled; None when unavailable or the conversion fails."""
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    from ..docx import parse_docx

    with tempfile.TemporaryDirectory(prefix="scenarioreview-lo-") as tmp:
        src = Path(tmp) / f"input.{'doc' if fmt == 'doc' else 'wps'}"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()  # private profile: concurrent conversions must not share one
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        out = Path(tmp) / "input.docx"
        if not out.exists():
            return None
        doc = parse_docx(path, out.read_bytes(), sha256)
    return replace(doc, format=fmt)


def parse_doc(path: Path, data: bytes, sha256: str, *, fmt: Literal["doc", "wps"] = "doc") -> Document:
    if os.environ.get("SCENARIOREVIEW_LIBREOFFICE") == "1":
        read_fib_only = _parse_binary(path, data, sha256, fmt)  # still reject encrypted/corrupt files first
        converted = _via_libreoffice(path, data, sha256, fmt)
        return converted if converted is not None else read_fib_only
    return _parse_binary(path, data, sha256, fmt)
