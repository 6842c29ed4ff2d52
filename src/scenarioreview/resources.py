"""The only reader of bundled data: guides, lexicons, rubric, models.

In a source checkout (editable install) the data lives in the repository's top-level ``corpora/`` and
``models/``; a built wheel carries copies under ``scenarioreview/data/`` (see setup.py). The environment
variable SCENARIOREVIEW_DATA points somewhere else (a folder holding ``corpora/`` and ``models/``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from .errors import ConfigError


@cache
def data_root() -> Path:
    override = os.environ.get("SCENARIOREVIEW_DATA")
    candidates = [Path(override)] if override else []
    here = Path(__file__).resolve().parent
    candidates += [here / "data", here.parents[1]]
    for root in candidates:
        if (root / "corpora").is_dir():
            return root
    raise ConfigError("找不到随包数据目录 corpora/（安装不完整？可用环境变量 SCENARIOREVIEW_DATA 指定）")


def corpora_path(*parts: str) -> Path:
    return data_root().joinpath("corpora", *parts)


def models_path(*parts: str) -> Path:
    return data_root().joinpath("models", *parts)


def read_text(*parts: str) -> str:
    path = corpora_path(*parts)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"无法读取随包数据 {path}：{exc.strerror or exc}") from exc
