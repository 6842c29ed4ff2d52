"""Joining wrapped lines the way a reader does: shared by the PDF layout engine and the segmenter."""

from __future__ import annotations


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_wrapped(left: str, right: str) -> str:
    """Join two wrapped lines of one paragraph: nothing between them, except one space between two ASCII
    letters/digits ("OPC" + "UA" -> "OPC UA"); Chinese lines are wrapped anywhere, without a space."""
    if not left:
        return right
    if not right:
        return left
    if _ascii_alnum(left[-1]) and _ascii_alnum(right[0]):
        return f"{left} {right}"
    return left + right
