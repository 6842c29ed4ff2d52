"""Low-level structures of the Word 97-2003 binary format ([MS-DOC]) used by Word and Kingsoft WPS.

Only what text extraction needs: the FIB (flags, story lengths, table-stream pointers), the piece table
(CLX -> PlcPcd) mapping character positions to bytes, paragraph properties from the PAPX FKPs (table cell /
row marks, outline level, style index) and the style sheet (built-in heading identifiers and names).
Every read is bounds-checked: a damaged file raises ``CorruptFile`` instead of an IndexError.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass

from ..errors import CorruptFile, EncryptedFile, UnsupportedFormat

WORD_IDENT = 0xA5EC
# FibRgFcLcb97 pair indices
_FC_STSHF = 1
_FC_PLCFHDD = 11
_FC_PLCFBTECHPX = 12
_FC_PLCFBTEPAPX = 13
_FC_CLX = 33
# sprms read from paragraph properties
SPRM_P_FINTABLE = 0x2416
SPRM_P_FTTP = 0x2417
SPRM_P_OUTLVL = 0x2640
SPRM_P_ITAP = 0x6649
SPRM_P_FINNERTABLECELL = 0x244B
SPRM_P_FINNERTTP = 0x244C
SPRM_P_ILFO = 0x460B  # list (LFO index, 1-based)
SPRM_P_ILVL = 0x260A  # list level
SPRM_C_FRMARKDEL = 0x0800  # deleted revision
SPRM_C_FVANISH = 0x083C  # hidden text


def _u16(buf: bytes, off: int) -> int:
    if off < 0 or off + 2 > len(buf):
        raise CorruptFile("Word 文档结构已损坏（数据越界）")
    return struct.unpack_from("<H", buf, off)[0]


def _u32(buf: bytes, off: int) -> int:
    if off < 0 or off + 4 > len(buf):
        raise CorruptFile("Word 文档结构已损坏（数据越界）")
    return struct.unpack_from("<I", buf, off)[0]


@dataclass(frozen=True)
class Fib:
    n_fib: int
    encrypted: bool
    obfuscated: bool
    table_stream: str
    ccp: tuple[int, ...]  # ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
    fc_lcb: tuple[tuple[int, int], ...]

    def pair(self, index: int) -> tuple[int, int]:
        return self.fc_lcb[index] if index < len(self.fc_lcb) else (0, 0)


def read_fib(word: bytes) -> Fib:
    if len(word) < 0x44 or _u16(word, 0) != WORD_IDENT:
        raise CorruptFile("不是有效的 Word 97-2003 文档（WordDocument 流标识错误）")
    n_fib = _u16(word, 2)
    if n_fib <= 0x0068:  # Word 6.0 (101) / Word 95 (104) and older use another FIB layout
        raise UnsupportedFormat("这是 Word 6.0/95 或更早版本的文档，暂不支持，请另存为 .docx 后再提交")
    flags = _u16(word, 0x0A)
    encrypted = bool(flags & 0x0100)
    obfuscated = bool(flags & 0x8000)
    if encrypted:
        raise EncryptedFile("Word 文档已加密（设置了打开密码），请去除密码后再提交")
    pos = 32
    csw = _u16(word, pos)
    pos += 2 + 2 * csw
    cslw = _u16(word, pos)
    lw = [_u32(word, pos + 2 + 4 * i) for i in range(cslw)]
    pos += 2 + 4 * cslw
    cb = _u16(word, pos)
    pos += 2
    pairs = tuple((_u32(word, pos + 8 * i), _u32(word, pos + 8 * i + 4)) for i in range(cb)
                  if pos + 8 * i + 8 <= len(word))
    ccp = tuple((lw + [0] * 11)[3:11])
    return Fib(n_fib=n_fib, encrypted=encrypted, obfuscated=obfuscated,
               table_stream="1Table" if flags & 0x0200 else "0Table", ccp=ccp, fc_lcb=pairs)


@dataclass(frozen=True)
class Piece:
    cp_start: int
    cp_end: int
    fc: int  # byte offset in WordDocument of cp_start
    compressed: bool  # 8-bit (cp1252) instead of UTF-16LE


def read_pieces(fib: Fib, table: bytes) -> list[Piece]:
    fc, lcb = fib.pair(_FC_CLX)
    if lcb == 0 or fc + lcb > len(table):
        raise CorruptFile("Word 文档结构已损坏（找不到文本片段表 CLX）")
    clx = table[fc:fc + lcb]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc blocks (property modifiers of fast saves): skip
        pos += 3 + _u16(clx, pos + 1)
    if pos >= len(clx) or clx[pos] != 0x02:
        raise CorruptFile("Word 文档结构已损坏（文本片段表格式错误）")
    size = _u32(clx, pos + 1)
    plc = clx[pos + 5:pos + 5 + size]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise CorruptFile("Word 文档结构已损坏（文本片段表为空）")
    cps = [_u32(plc, 4 * i) for i in range(n + 1)]
    pieces: list[Piece] = []
    for i in range(n):
        raw_fc = _u32(plc, 4 * (n + 1) + 8 * i + 2)
        compressed = bool(raw_fc & 0x40000000)
        off = (raw_fc & 0x3FFFFFFF) // 2 if compressed else raw_fc & 0x3FFFFFFF
        pieces.append(Piece(cps[i], cps[i + 1], off, compressed))
    return pieces


def piece_text(word: bytes, pieces: list[Piece]) -> tuple[str, list[int]]:
    """The whole character stream and, per character, its byte position (to look up paragraph props)."""
    chunks: list[str] = []
    fcs: list[int] = []
    for pc in pieces:
        count = pc.cp_end - pc.cp_start
        if count <= 0:
            continue
        width = 1 if pc.compressed else 2
        raw = word[pc.fc:pc.fc + count * width]
        if len(raw) < count * width:
            raise CorruptFile("Word 文档已损坏或不完整（文本超出文件末尾，可能被截断）")
        chunks.append(raw.decode("cp1252", errors="replace") if pc.compressed
                      else raw.decode("utf-16-le", errors="replace"))
        fcs.extend(range(pc.fc, pc.fc + count * width, width))
    return "".join(chunks), fcs


def iter_sprms(grpprl: bytes) -> list[tuple[int, bytes]]:
    """(sprm, operand) pairs; stops quietly at anything it cannot size."""
    out: list[tuple[int, bytes]] = []
    pos = 0
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        else:  # variable length
            if sprm == 0xD608 or sprm == 0xD606:  # sprmTDefTable / sprmTDefTable10: 2-byte length
                if pos + 2 > len(grpprl):
                    break
                size = struct.unpack_from("<H", grpprl, pos)[0] - 1
                pos += 2
            elif sprm == 0xC615:  # sprmPChgTabs: its length byte may be 255 (real size computed): stop
                if pos >= len(grpprl) or grpprl[pos] == 255:
                    break
                size = grpprl[pos]
                pos += 1
            else:
                if pos >= len(grpprl):
                    break
                size = grpprl[pos]
                pos += 1
        if size < 0 or pos + size > len(grpprl):
            break
        out.append((sprm, grpprl[pos:pos + size]))
        pos += size
    return out


@dataclass(frozen=True)
class ParaProps:
    istd: int = 0
    in_table: bool = False
    row_end: bool = False
    itap: int = 0
    outline: int | None = None
    inner_cell: bool = False
    ilfo: int | None = None
    ilvl: int | None = None


def list_sprms(grpprl: bytes) -> tuple[int | None, int | None]:
    """(ilfo, ilvl) set by a paragraph or style grpprl."""
    ilfo = ilvl = None
    for sprm, op in iter_sprms(grpprl):
        if sprm == SPRM_P_ILFO and len(op) >= 2:
            ilfo = struct.unpack_from("<h", op)[0]
        elif sprm == SPRM_P_ILVL and op:
            ilvl = op[0]
    return ilfo, ilvl


def _props(istd: int, grpprl: bytes) -> ParaProps:
    in_table = row_end = inner_cell = False
    itap = 0
    outline: int | None = None
    ilfo, ilvl = list_sprms(grpprl)
    for sprm, op in iter_sprms(grpprl):
        if sprm == SPRM_P_FINTABLE and op:
            in_table = op[0] == 1
        elif sprm in (SPRM_P_FTTP, SPRM_P_FINNERTTP) and op:
            row_end = row_end or op[0] == 1
        elif sprm == SPRM_P_ITAP and len(op) >= 4:
            itap = struct.unpack_from("<i", op)[0]
        elif sprm == SPRM_P_OUTLVL and op:
            outline = op[0]
        elif sprm == SPRM_P_FINNERTABLECELL and op:
            inner_cell = op[0] == 1
    if itap > 0:
        in_table = True
    return ParaProps(istd, in_table, row_end, max(itap, 1 if in_table else 0), outline, inner_cell, ilfo, ilvl)


class PapxIndex:
    """Paragraph properties keyed by the byte position of a paragraph's last character."""

    def __init__(self, fib: Fib, word: bytes, table: bytes) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._props: list[ParaProps] = []
        fc, lcb = fib.pair(_FC_PLCFBTEPAPX)
        if lcb < 8 or fc + lcb > len(table):
            return
        plc = table[fc:fc + lcb]
        n = (len(plc) - 4) // 8
        entries: list[tuple[int, int, ParaProps]] = []
        for i in range(n):
            pn = _u32(plc, 4 * (n + 1) + 4 * i) & 0x3FFFFF
            page = word[pn * 512:pn * 512 + 512]
            if len(page) < 512:
                continue
            crun = page[511]
            for j in range(crun):
                start, end = _u32(page, 4 * j), _u32(page, 4 * (j + 1))
                bx = 4 * (crun + 1) + 13 * j
                b_off = page[bx] * 2
                props = ParaProps()
                if b_off:
                    cb = page[b_off]
                    if cb:
                        body = page[b_off + 1:b_off + 1 + 2 * cb - 1]
                    else:
                        cb2 = page[b_off + 1] if b_off + 1 < 512 else 0
                        body = page[b_off + 2:b_off + 2 + 2 * cb2]
                    if len(body) >= 2:
                        props = _props(struct.unpack_from("<H", body)[0], body[2:])
                entries.append((start, end, props))
        entries.sort(key=lambda e: e[0])
        self._starts = [e[0] for e in entries]
        self._ends = [e[1] for e in entries]
        self._props = [e[2] for e in entries]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def at(self, fc: int) -> ParaProps:
        i = bisect_right(self._starts, fc) - 1
        if i >= 0 and fc < self._ends[i]:
            return self._props[i]
        return ParaProps()


def _fkp_pages(fib: Fib, word: bytes, table: bytes, index: int) -> list[bytes]:
    fc, lcb = fib.pair(index)
    if lcb < 8 or fc + lcb > len(table):
        return []
    plc = table[fc:fc + lcb]
    n = (len(plc) - 4) // 8
    pages = []
    for i in range(n):
        pn = _u32(plc, 4 * (n + 1) + 4 * i) & 0x3FFFFF
        page = word[pn * 512:pn * 512 + 512]
        if len(page) == 512:
            pages.append(page)
    return pages


class InvisibleRuns:
    """Byte ranges of deleted revisions and hidden text (from the CHPX FKPs): a reader does not see them."""

    def __init__(self, fib: Fib, word: bytes, table: bytes) -> None:
        ranges: list[tuple[int, int]] = []
        for page in _fkp_pages(fib, word, table, _FC_PLCFBTECHPX):
            crun = page[511]
            for j in range(crun):
                if 4 * (crun + 1) + j >= 511:
                    break
                b_off = page[4 * (crun + 1) + j] * 2
                if not b_off:
                    continue
                cb = page[b_off]
                for sprm, op in iter_sprms(page[b_off + 1:b_off + 1 + cb]):
                    if sprm in (SPRM_C_FRMARKDEL, SPRM_C_FVANISH) and op and op[0] in (1, 0x81):
                        ranges.append((_u32(page, 4 * j), _u32(page, 4 * (j + 1))))
                        break
        ranges.sort()
        self._starts = [r[0] for r in ranges]
        self._ends = [r[1] for r in ranges]

    def __contains__(self, fc: int) -> bool:
        i = bisect_right(self._starts, fc) - 1
        return i >= 0 and fc < self._ends[i]


@dataclass(frozen=True)
class StyleInfo:
    name: str
    sti: int
    base: int
    outline: int | None
    ilfo: int | None = None
    ilvl: int | None = None


def read_styles(fib: Fib, table: bytes) -> dict[int, StyleInfo]:
    """istd -> style (name, built-in id, base style, outline level from its paragraph UPX)."""
    fc, lcb = fib.pair(_FC_STSHF)
    out: dict[int, StyleInfo] = {}
    if lcb < 4 or fc + lcb > len(table):
        return out
    stsh = table[fc:fc + lcb]
    try:
        cb_stshi = _u16(stsh, 0)
        cstd = _u16(stsh, 2)
        cb_base = _u16(stsh, 4)
        pos = 2 + cb_stshi
        for istd in range(cstd):
            cb_std = _u16(stsh, pos)
            std = stsh[pos + 2:pos + 2 + cb_std]
            pos += 2 + cb_std
            if cb_std == 0 or len(std) < cb_base + 2:
                continue
            sti = _u16(std, 0) & 0x0FFF
            w2 = _u16(std, 2)
            stk, base = w2 & 0x000F, w2 >> 4
            cch = _u16(std, cb_base)
            name = std[cb_base + 2:cb_base + 2 + 2 * cch].decode("utf-16-le", errors="replace")
            outline = ilfo = ilvl = None
            upx = cb_base + 2 + 2 * cch + 2  # after the name and its terminating NUL
            if stk == 1:  # paragraph style: first UPX holds istd + paragraph sprms
                upx += upx % 2
                if upx + 2 <= len(std):
                    cb_upx = _u16(std, upx)
                    papx = std[upx + 2:upx + 2 + cb_upx]
                    for sprm, op in iter_sprms(papx[2:]):
                        if sprm == SPRM_P_OUTLVL and op:
                            outline = op[0]
                    ilfo, ilvl = list_sprms(papx[2:])
            out[istd] = StyleInfo(name, sti, base, outline, ilfo, ilvl)
    except CorruptFile:
        return out  # a damaged style sheet only costs us heading levels
    return out


def read_plc_cps(fib: Fib, table: bytes, index: int) -> list[int]:
    fc, lcb = fib.pair(index)
    if lcb < 4 or fc + lcb > len(table):
        return []
    return [_u32(table, fc + 4 * i) for i in range(lcb // 4)]


HDD_INDEX = _FC_PLCFHDD
_FC_PLCSPAMOM = 40  # shapes anchored in the main document: CPs + FSPA (26 bytes, spid first)
_FC_PLCFTXBXTXT = 56  # main-document text-box story: CPs + FTXBXS (22 bytes)


def _plc(fib: Fib, table: bytes, index: int, elem: int) -> tuple[list[int], list[bytes]]:
    fc, lcb = fib.pair(index)
    if lcb < 4 or fc + lcb > len(table):
        return [], []
    n = (lcb - 4) // (4 + elem)
    cps = [_u32(table, fc + 4 * i) for i in range(n + 1)]
    data = [table[fc + 4 * (n + 1) + elem * i: fc + 4 * (n + 1) + elem * (i + 1)] for i in range(n)]
    return cps, data


def textbox_anchors(fib: Fib, table: bytes) -> list[tuple[int, int, int]]:
    """(anchor CP in the main text, story start, story end) per text box, story positions relative to the
    text-box story. A text box (FTXBXS.lid) is tied to its shape (FSPA.spid), which gives the anchor."""
    try:
        spa_cps, spas = _plc(fib, table, _FC_PLCSPAMOM, 26)
        tx_cps, txs = _plc(fib, table, _FC_PLCFTXBXTXT, 22)
    except CorruptFile:
        return []
    anchor = {_u32(fspa, 0): cp for cp, fspa in zip(spa_cps, spas)}
    out: list[tuple[int, int, int]] = []
    for i, ftxbxs in enumerate(txs[:-1] if txs else []):  # the last entry is a sentinel
        if len(ftxbxs) < 18 or _u16(ftxbxs, 8):  # fReusable: a free slot, not a text box
            continue
        lid = _u32(ftxbxs, 14)
        if lid in anchor:
            out.append((anchor[lid], tx_cps[i], tx_cps[i + 1]))
    return out
