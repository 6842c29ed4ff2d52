"""PDF backend: bytes -> Document, rebuilt from the geometry of the text layer.

Flow per page: ``limits`` (bounded stream inflation) -> ``fast`` (pdfium glyphs; pdfplumber with
SCENARIOREVIEW_PDF_ENGINE=pdfplumber) -> ``quality`` (text / damaged / image-only) -> ``lines`` (glyphs ->
lines) -> ``tables`` (ruled tables) and ``layout`` (paragraphs, headings, running headers/footers) ->
``reader.parse_pdf``. Pages without a usable text layer go to ``ocr`` (optional extra), which feeds its lines
through the same ``layout`` code.
"""

from .reader import ENGINE_ENV, parse_pdf

__all__ = ["ENGINE_ENV", "parse_pdf"]
