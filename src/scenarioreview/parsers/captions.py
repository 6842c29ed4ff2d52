"""Figure/table captions written as plain paragraphs ("图3 …", "表 2-1：…") next to a picture or table."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Block

_CAPTION_TEXT = re.compile(
    r"^\s*(?:图|表|Figure|Fig\.|Table)\s*"
    r"[0-9０-９一二三四五六七八九十]+(?:[-－.．][0-9]+)?"
    r"(?=\s|[:：、.．]|[\u4e00-\u9fff]|$)"
)
_CAPTION_MAX_LEN = 80  # a long paragraph starting with "图1" is prose that refers to a figure


def mark_captions(blocks: list[Block]) -> list[Block]:
    """Turn caption-like paragraphs adjacent to an image or a table into kind "caption"."""
    out = list(blocks)
    for i, b in enumerate(blocks):
        if b.kind != "paragraph" or len(b.text.strip()) > _CAPTION_MAX_LEN or not _CAPTION_TEXT.match(b.text):
            continue
        near = {blocks[j].kind for j in (i - 1, i + 1) if 0 <= j < len(blocks)}
        if near & {"image", "table"}:
            out[i] = replace(b, kind="caption")
    return out
