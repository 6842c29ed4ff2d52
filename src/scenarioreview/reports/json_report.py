"""The JSON contract lives in the library (scenarioreview.contract); atomic writes in scenarioreview.atomic.
Re-exported here for the report writers."""

from __future__ import annotations

from ..atomic import atomic_target, write_atomic
from ..contract import (
    DOCUMENT_SCHEMA,
    classification_dict,
    dumps,
    file_dict,
    mask_text,
    scenario_dict,
)

__all__ = [
    "DOCUMENT_SCHEMA",
    "atomic_target",
    "classification_dict",
    "dumps",
    "file_dict",
    "mask_text",
    "scenario_dict",
    "write_atomic",
]
