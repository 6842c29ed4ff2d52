"""Hostile text made safe for people: control characters neutralised, markup never interpreted, file names
that are not UTF-8 rendered readably.

Everything printed to a terminal that came from a document or a file name goes through ``plain``: a
document can carry ESC sequences (clear screen, window title, OSC 8 hyperlinks), bidi overrides that reorder
what the reader sees, and square brackets that rich would take for markup. ``SafeConsole`` applies it to
every string rich renders, with markup and emoji codes switched off, so no call site can forget.
"""

from __future__ import annotations

import os
from typing import Any

from rich.console import Console
from rich.text import Text

# Bidi embeddings/overrides/isolates and the invisible marks that can reorder or hide what a reader sees.
_BIDI = frozenset([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _neutral(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x20:  # C0 controls become their visible "control picture" (ESC -> ␛)
        return chr(0x2400 + cp)
    if cp == 0x7F:
        return "\u2421"  # ␡
    return f"\\u{cp:04x}"  # C1 controls (0x9b is a one-byte CSI), bidi controls, lone surrogates


def _needs(ch: str) -> bool:
    cp = ord(ch)
    return cp < 0x20 or 0x7F <= cp <= 0x9F or cp in _BIDI or 0xD800 <= cp <= 0xDFFF


def plain(text: Any, *, keep_newlines: bool = True) -> str:
    """``text`` as a string with every control character shown, not obeyed (tab and, by default, newline kept)."""
    s = str(text)
    keep = "\n\t" if keep_newlines else "\t"
    if not any(_needs(ch) and ch not in keep for ch in s):  # the common case: nothing to do, no copy
        return s
    return "".join(_neutral(ch) if _needs(ch) and ch not in keep else ch for ch in s)


def plain_text(text: Any, style: str = "") -> Text:
    """A rich Text that is never parsed as markup (for titles rich would otherwise read with from_markup)."""
    return Text(plain(text), style=style)


class SafeConsole(Console):
    """A rich Console for document-derived output: every string rendered is ``plain`` and never markup."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(plain(text), **kwargs)


def display_path(path: str | os.PathLike[str]) -> str:
    """A readable, still unambiguous rendering of a file path for storage and reports.

    Linux names are bytes; Python hands undecodable bytes over as lone surrogates, which UTF-8 writers
    (SQLite, JSON, xlsx) refuse. A name in GBK/GB18030 (a folder unzipped from a Windows archive) is shown
    decoded and marked, so that it cannot be confused with a UTF-8 name of the same characters; anything
    else keeps its bytes visible as ``\\xNN``.
    """
    s = os.fspath(path)
    if not any(0xDC80 <= ord(ch) <= 0xDCFF for ch in s):
        return s
    parts = []
    for part in s.split("/"):
        raw = part.encode("utf-8", "surrogateescape")
        try:
            raw.decode("utf-8")
            parts.append(part)
            continue
        except UnicodeDecodeError:
            pass
        try:
            parts.append(raw.decode("gb18030") + "〔GBK 编码文件名〕")
        except UnicodeDecodeError:
            parts.append(raw.decode("utf-8", "backslashreplace") + "〔非 UTF-8 文件名〕")
    return "/".join(parts)


def json_safe(text: str) -> str:
    """A JSON text with any lone surrogate written as a ``\\uXXXX`` escape: UTF-8 storable, loads back exactly."""
    if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return text
    return "".join(f"\\u{ord(ch):04x}" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
