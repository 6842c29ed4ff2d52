"""Thin click CLI over the library; ``main`` is the ``scenarioreview`` command.

Exit codes: 0 clean; 1 error-severity findings; 2 usage error or unreadable input; 130 interrupted.
``app`` holds the root group and the error handling; each command module registers its commands on it
(imports run one way: command modules -> app, this package -> both). Heavy libraries are imported inside
commands.
"""

from __future__ import annotations

from . import classify, documents, lexicon, meeting, review
from .app import EXIT_FINDINGS, EXIT_USAGE, UserError, main, say
from .zh import localise

localise(main)  # after every command is registered: it sets the Chinese metavars of each

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_USAGE",
    "UserError",
    "classify",
    "documents",
    "lexicon",
    "main",
    "meeting",
    "review",
    "say",
]
