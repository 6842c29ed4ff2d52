""".docx backend: bytes -> Document.

Flow: ``safezip`` (bounded inflation, hardened XML) -> ``styles`` (heading levels) and ``numbering``
(automatic labels) -> ``text`` (visible text of each paragraph, fields, revisions, text boxes) ->
``reader.parse_docx`` (body in order, tables, captions, headers/footers). ``images`` looks at pasted
pictures of text; ``ooxml`` holds the namespaces.
"""

from .reader import parse_docx

__all__ = ["parse_docx"]
