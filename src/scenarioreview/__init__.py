"""scenarioreview: review the scenario narratives of 智能制造试点示范 applications.

The public API mirrors the CLI::

    from scenarioreview import parse, split_scenarios, count, check_file
    doc = parse("申报书.docx")
    for s in split_scenarios(doc):
        print(s.title, count(s.text).words)
"""

from __future__ import annotations

from .counting import count
from .errors import ReviewError
from .parsers import parse
from .pipeline import CheckOptions, check_file, check_files
from .segment import read_application, split_scenarios

__all__ = [
    "CheckOptions",
    "ReviewError",
    "check_file",
    "check_files",
    "count",
    "parse",
    "read_application",
    "split_scenarios",
]
__version__ = "0.1.0"
