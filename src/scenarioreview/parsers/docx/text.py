"""Visible text of WordprocessingML paragraphs: runs, fields, revisions, hidden text, text boxes, images.

One ``TextWalker`` walks a whole story so that a field that opens in one paragraph and closes in another
(a table of contents, for instance) is tracked correctly: only the displayed result of a field is kept, its
instruction text is dropped. Deleted revisions and hidden runs are dropped; insertions are kept.
Text boxes and pictures met inside a paragraph are collected separately so the caller can place them as
their own blocks at the anchor position, instead of merging their text into the paragraph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .ooxml import MC, WPS, A, C, M, V, W, on, wattr

# Containers whose children are walked as if they were inline (hyperlinks, content controls, smart tags…)
_TRANSPARENT = {
    W + "hyperlink",
    W + "smartTag",
    W + "customXml",
    W + "sdt",
    W + "sdtContent",
    W + "ins",
    W + "moveTo",
    W + "fldSimple",
    W + "dir",
    W + "bdo",
}
_SKIP = {
    W + "del",
    W + "moveFrom",
    W + "pPr",
    W + "rPr",
    W + "sdtPr",
    W + "sdtEndPr",
    W + "instrText",
    W + "delText",
    W + "delInstrText",
    W + "commentReference",
    W + "footnoteReference",
    W + "endnoteReference",
    W + "annotationRef",
    W + "proofErr",
    W + "bookmarkStart",
    W + "bookmarkEnd",
}


@dataclass
class Inline:
    """What a paragraph contributes: its text plus the floating objects anchored in it."""

    text: str = ""
    extras: list[tuple[str, str]] = field(default_factory=list)  # ("textbox", text) | ("image", "")


class TextWalker:
    """Stateful over one story (body, header …) because complex fields may span paragraphs."""

    def __init__(self, story_text: Callable[[Any], str]) -> None:
        # story_text renders a w:txbxContent (paragraphs, maybe tables) to text; supplied by the caller so
        # text boxes reuse the body logic (numbering labels, tables) without a circular import.
        self._fields: list[bool] = []  # one entry per open complex field: True once its result started
        self._story_text = story_text

    def _visible(self) -> bool:
        return all(self._fields)

    def paragraph(self, p: Any) -> Inline:
        out = Inline()
        parts: list[str] = []
        self._walk(p, parts, out)
        out.text = "".join(parts)
        return out

    def _walk(self, el: Any, parts: list[str], out: Inline) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "fldChar":
                self._field_char(child)
            elif tag == W + "r":
                self._run(child, parts, out)
            elif tag in _TRANSPARENT:
                self._walk(child, parts, out)
            elif tag == MC + "AlternateContent":
                # the first Choice is what a modern reader shows; Fallback duplicates it for old readers
                choice = child.find(MC + "Choice")
                if choice is None:
                    choice = child.find(MC + "Fallback")
                if choice is not None:
                    self._walk(choice, parts, out)
            elif self._visible():  # inside a field instruction nothing below is shown
                self._leaf(child, tag, parts, out)

    def _run(self, r: Any, parts: list[str], out: Inline) -> None:
        rpr = r.find(W + "rPr")
        if rpr is not None and on(rpr.find(W + "vanish")):
            # hidden run: still track field characters so field state stays right
            for fc in r.iterfind(W + "fldChar"):
                self._field_char(fc)
            return
        self._walk(r, parts, out)

    def _leaf(self, child: Any, tag: str, parts: list[str], out: Inline) -> None:
        """A visible element that is not a container: text, a symbol, a break, or a floating object."""
        render = _LEAF_TEXT.get(tag)
        if render is not None:
            parts.append(render(child))
        elif tag in _FLOATING:
            self._floating(child, out)
        elif tag == W + "txbxContent":
            out.extras.append(("textbox", self._story_text(child)))

    def _field_char(self, fc: Any) -> None:
        kind = wattr(fc, "fldCharType")
        if kind == "begin":
            self._fields.append(False)
        elif kind == "separate" and self._fields:
            self._fields[-1] = True
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _floating(self, el: Any, out: Inline) -> None:
        # a group shape can hold several boxes; a box inside another box is rendered by the outer one
        # (ancestors are only looked at up to ``el``: ``el`` itself may sit in a text box)
        outer = [b for b in el.iter(W + "txbxContent") if not _inside_box(b, el)]
        if outer:
            for box in outer:
                out.extras.append(("textbox", self._story_text(box)))
            return
        is_shape_only = el.find(".//" + WPS + "wsp") is not None or el.find(".//" + V + "rect") is not None
        has_picture = any(True for _ in el.iter(A + "blip", V + "imagedata", C + "chart"))
        if has_picture or (el.tag == W + "object") or not is_shape_only:
            out.extras.append(("image", ""))


def _inside_box(box: Any, stop: Any) -> bool:
    for anc in box.iterancestors():
        if anc is stop:
            return False
        if anc.tag == W + "txbxContent":
            return True
    return False


def _sym(el: Any) -> str:
    code = wattr(el, "char") or ""
    try:
        cp = int(code, 16)
    except ValueError:
        return ""
    if 0xE000 <= cp <= 0xF8FF:  # symbol-font glyph (Wingdings …): no faithful Unicode, drop it
        return ""
    return chr(cp) if cp >= 0x20 else ""


def _math_text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(M + "t"))


# Leaf elements and the text Word shows for them.
_LEAF_TEXT: dict[str, Callable[[Any], str]] = {
    W + "t": lambda el: el.text or "",
    W + "tab": lambda el: "\t",
    W + "ptab": lambda el: "\t",
    W + "br": lambda el: "\n",
    W + "cr": lambda el: "\n",
    W + "noBreakHyphen": lambda el: "-",
    W + "sym": _sym,
    M + "oMathPara": _math_text,
    M + "oMath": _math_text,
}
_FLOATING = {W + "drawing", W + "pict", W + "object"}
