"""WordprocessingML namespaces and tiny helpers shared by the .docx modules."""

from __future__ import annotations

from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
V = "{urn:schemas-microsoft-com:vml}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def wattr(el: Any, name: str) -> str | None:
    """A w:-namespaced attribute (WPS and some generators occasionally omit the prefix)."""
    val = el.get(W + name)
    if val is None:
        val = el.get(name)
    return None if val is None else str(val)


def on(el: Any | None) -> bool:
    """A toggle property (w:vanish, w:b …) is on unless its w:val says 0/false/off."""
    if el is None:
        return False
    return (wattr(el, "val") or "true").lower() not in ("0", "false", "off", "none")
