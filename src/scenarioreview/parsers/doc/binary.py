"""Low-level structures of the Word 97-2003 binary format ([MS-DOC]) used by Word and Kingsoft WPS.

Here: the FIB (flags, story lengths, table-stream pointers), the piece table (CLX -> PlcPcd) mapping
character positions to bytes, the sprm walker, and the PLCs that tie text boxes to their anchors.
Paragraph/character properties and the style sheet live in props.py.
Every read is bounds-checked: a damaged file raises ``CorruptFile`` instead of an IndexError.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ...errors import CorruptFile, EncryptedFile, UnsupportedFormat

WORD_IDENT = 0xA5EC
# FibRgFcLcb97 pair indices
_FC_PLCFHDD = 11
_FC_CLX = 33


def u16(buf: bytes, off: int) -> int:
    if off < 0 or off + 2 > len(buf):
        raise CorruptFile("Word 文档结构已损坏（数据越界）")
    value: int = struct.unpack_from("<H", buf, off)[0]
    return value


def u32(buf: bytes, off: int) -> int:
    if off < 0 or off + 4 > len(buf):
        raise CorruptFile("Word 文档结构已损坏（数据越界）")
    value: int = struct.unpack_from("<I", buf, off)[0]
    return value


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
    if len(word) < 0x44 or u16(word, 0) != WORD_IDENT:
        raise CorruptFile("不是有效的 Word 97-2003 文档（WordDocument 流标识错误）")
    n_fib = u16(word, 2)
    if n_fib <= 0x0068:  # Word 6.0 (101) / Word 95 (104) and older use another FIB layout
        raise UnsupportedFormat("这是 Word 6.0/95 或更早版本的文档，暂不支持，请另存为 .docx 后再提交")
    flags = u16(word, 0x0A)
    encrypted = bool(flags & 0x0100)
    obfuscated = bool(flags & 0x8000)
    if encrypted:
        raise EncryptedFile("Word 文档已加密（设置了打开密码），请去除密码后再提交")
    pos = 32
    csw = u16(word, pos)
    pos += 2 + 2 * csw
    cslw = u16(word, pos)
    lw = [u32(word, pos + 2 + 4 * i) for i in range(cslw)]
    pos += 2 + 4 * cslw
    cb = u16(word, pos)
    pos += 2
    pairs = tuple(
        (u32(word, pos + 8 * i), u32(word, pos + 8 * i + 4))
        for i in range(cb)
        if pos + 8 * i + 8 <= len(word)
    )
    ccp = tuple((lw + [0] * 11)[3:11])
    return Fib(
        n_fib=n_fib,
        encrypted=encrypted,
        obfuscated=obfuscated,
        table_stream="1Table" if flags & 0x0200 else "0Table",
        ccp=ccp,
        fc_lcb=pairs,
    )


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
    clx = table[fc : fc + lcb]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc blocks (property modifiers of fast saves): skip
        pos += 3 + u16(clx, pos + 1)
    if pos >= len(clx) or clx[pos] != 0x02:
        raise CorruptFile("Word 文档结构已损坏（文本片段表格式错误）")
    size = u32(clx, pos + 1)
    plc = clx[pos + 5 : pos + 5 + size]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise CorruptFile("Word 文档结构已损坏（文本片段表为空）")
    cps = [u32(plc, 4 * i) for i in range(n + 1)]
    pieces: list[Piece] = []
    for i in range(n):
        raw_fc = u32(plc, 4 * (n + 1) + 8 * i + 2)
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
        raw = word[pc.fc : pc.fc + count * width]
        if len(raw) < count * width:
            raise CorruptFile("Word 文档已损坏或不完整（文本超出文件末尾，可能被截断）")
        chunks.append(
            raw.decode("cp1252", errors="replace")
            if pc.compressed
            else raw.decode("utf-16-le", errors="replace")
        )
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
        out.append((sprm, grpprl[pos : pos + size]))
        pos += size
    return out


def read_plc_cps(fib: Fib, table: bytes, index: int) -> list[int]:
    fc, lcb = fib.pair(index)
    if lcb < 4 or fc + lcb > len(table):
        return []
    return [u32(table, fc + 4 * i) for i in range(lcb // 4)]


HDD_INDEX = _FC_PLCFHDD
_FC_PLCSPAMOM = 40  # shapes anchored in the main document: CPs + FSPA (26 bytes, spid first)
_FC_PLCFTXBXTXT = 56  # main-document text-box story: CPs + FTXBXS (22 bytes)


def _plc(fib: Fib, table: bytes, index: int, elem: int) -> tuple[list[int], list[bytes]]:
    fc, lcb = fib.pair(index)
    if lcb < 4 or fc + lcb > len(table):
        return [], []
    n = (lcb - 4) // (4 + elem)
    cps = [u32(table, fc + 4 * i) for i in range(n + 1)]
    data = [table[fc + 4 * (n + 1) + elem * i : fc + 4 * (n + 1) + elem * (i + 1)] for i in range(n)]
    return cps, data


def textbox_anchors(fib: Fib, table: bytes) -> list[tuple[int, int, int]]:
    """(anchor CP in the main text, story start, story end) per text box, story positions relative to the
    text-box story. A text box (FTXBXS.lid) is tied to its shape (FSPA.spid), which gives the anchor."""
    try:
        spa_cps, spas = _plc(fib, table, _FC_PLCSPAMOM, 26)
        tx_cps, txs = _plc(fib, table, _FC_PLCFTXBXTXT, 22)
    except CorruptFile:
        return []
    anchor = {u32(fspa, 0): cp for cp, fspa in zip(spa_cps, spas)}
    out: list[tuple[int, int, int]] = []
    for i, ftxbxs in enumerate(txs[:-1] if txs else []):  # the last entry is a sentinel
        if len(ftxbxs) < 18 or u16(ftxbxs, 8):  # fReusable: a free slot, not a text box
            continue
        lid = u32(ftxbxs, 14)
        if lid in anchor:
            out.append((anchor[lid], tx_cps[i], tx_cps[i + 1]))
    return out
