""".doc / .wps backend (Word 97-2003 binary, also written by Kingsoft WPS): bytes -> Document.

Flow: ``binary`` (FIB, piece table, sprms) -> ``props`` (paragraph/character properties, style sheet) and
``lists`` (automatic numbering) -> ``reader.parse_doc`` (paragraphs, tables, headings, headers/footers).
"""

from .reader import parse_doc

__all__ = ["parse_doc"]
