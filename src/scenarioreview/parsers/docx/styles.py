"""Paragraph styles of a .docx: heading levels, inherited numbering, display names.

Heading levels come from three places, and real files use all of them: the built-in heading styles
(stored as "heading 1" even in Chinese Word, but localized as "标题 1" by some writers), styles based on
them, and ``w:outlineLvl`` — WPS often writes styles with numeric ids ("2") carrying only an outline level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .numbering import as_int
from .ooxml import W, wattr

_HEADING_NAME = re.compile(r"^(?:heading|标题|見出し|제목)\s*([1-9])$", re.IGNORECASE)
_CAPTION_NAMES = {"caption", "题注", "图表标题", "表格标题"}


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # 0..8, 9 = body text
    num_id: str | None
    ilvl: int | None


def num_pr(ppr: Any | None) -> tuple[str | None, int | None]:
    if ppr is None:
        return None, None
    np_ = ppr.find(W + "numPr")
    if np_ is None:
        return None, None
    nid = np_.find(W + "numId")
    lvl = np_.find(W + "ilvl")
    return (
        wattr(nid, "val") if nid is not None else None,
        as_int(wattr(lvl, "val"), 0, hi=8) if lvl is not None else None,
    )


def outline_of(ppr: Any | None) -> int | None:
    if ppr is None:
        return None
    el = ppr.find(W + "outlineLvl")
    if el is None:
        return None
    try:
        return int(wattr(el, "val") or 9)
    except ValueError:  # "abc", or more digits than int() accepts
        return None


class Styles:
    def __init__(self, root: Any | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        for st in root.iterfind(W + "style"):
            if (wattr(st, "type") or "paragraph") not in ("paragraph", "numbering"):
                continue
            sid = wattr(st, "styleId") or ""
            name_el = st.find(W + "name")
            based = st.find(W + "basedOn")
            ppr = st.find(W + "pPr")
            num_id, ilvl = num_pr(ppr)
            self._styles[sid] = _Style(
                name=(wattr(name_el, "val") if name_el is not None else None) or sid,
                based_on=wattr(based, "val") if based is not None else None,
                outline=outline_of(ppr),
                num_id=num_id,
                ilvl=ilvl,
            )
            if wattr(st, "default") in ("1", "true") and (wattr(st, "type") or "paragraph") == "paragraph":
                self.default_paragraph = sid

    def _chain(self, style_id: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        sid = style_id if style_id is not None else self.default_paragraph
        while sid and sid not in seen and sid in self._styles and len(out) < 20:  # basedOn loops exist
            seen.add(sid)
            out.append(self._styles[sid])
            sid = self._styles[sid].based_on
        return out

    def name(self, style_id: str | None) -> str:
        chain = self._chain(style_id)
        return chain[0].name if chain else (style_id or "")

    def heading_level(self, style_id: str | None) -> int | None:
        """Level 1..9 from the style or the first ancestor that decides it; None for body text."""
        for st in self._chain(style_id):
            if st.outline is not None:
                return st.outline + 1 if 0 <= st.outline <= 8 else None
            m = _HEADING_NAME.match(st.name.strip())
            if m:
                return int(m.group(1))
            if st.name.strip().lower() in ("title", "标题"):
                return None
        return None

    def is_caption(self, style_id: str | None) -> bool:
        return any(st.name.strip().lower() in _CAPTION_NAMES for st in self._chain(style_id))

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) inherited from the style chain; the nearest style that sets numId wins."""
        for st in self._chain(style_id):
            if st.num_id is not None:
                return st.num_id, st.ilvl
        return None, None

    def numbering_style_ids(self) -> dict[str, str]:
        return {sid: st.num_id for sid, st in self._styles.items() if st.num_id}
