"""Plain text / Markdown: one paragraph per non-empty line; Markdown '#' headings keep their level."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import CorruptFile
from ..model import Block, Document

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # a lone surrogate or an odd last byte costs one character (U+FFFD), not the whole file
        return data.decode("utf-16", errors="replace")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise CorruptFile("文本文件编码无法识别（既不是 UTF-8 也不是 GB18030）")


def parse_text(path: Path, data: bytes, sha256: str) -> Document:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        m = _MD_HEADING.match(line)
        if m:
            blocks.append(
                Block(kind="heading", text=m.group(2).strip(), level=len(m.group(1)), index=len(blocks))
            )
        else:
            blocks.append(Block(kind="paragraph", text=line, index=len(blocks)))
    return Document(path=str(path), format="txt", sha256=sha256, blocks=tuple(blocks))
