"""The one resolver of bundled data: guides, lexicons, rubric, corpora, models.

The same data is found in three layouts, tried in this order:

1. ``$SCENARIOREVIEW_DATA``: a folder holding ``corpora/`` and ``models/`` (a user's own copy);
2. an installed wheel: copies under ``scenarioreview/data/`` (setup.py selects what goes in);
3. a source checkout (editable install): the repository's top-level ``corpora/`` and ``models/``.

Every reader of packaged data goes through this module, so a file that is missing from the wheel fails
here with one clear message instead of deep inside a command (tests/test_wheel.py runs the CLI from a wheel).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from .errors import ConfigError

DATA_ENV = "SCENARIOREVIEW_DATA"
_PACKAGE = Path(__file__).resolve().parent
WHEEL_DATA = _PACKAGE / "data"  # where setup.py puts the data in a built wheel
CHECKOUT_ROOT = _PACKAGE.parents[1]  # src/scenarioreview -> the repository root

# The corpora `train` and `evaluate` read by default (all packaged, see setup.py).
TRAINING_CORPUS = ("narratives", "corpus.jsonl")
REAL_GENRE_CORPUS = ("real", "corpus.jsonl")
# Outside cases for measuring only: present in a checkout, never packaged; `evaluate` skips them when absent.
REAL_CASES = ("real-cases", "real-cases-dev.jsonl")


@cache
def data_root() -> Path:
    """The folder holding ``corpora/`` and ``models/`` (see the module docstring for the order)."""
    override = os.environ.get(DATA_ENV)
    if override:
        root = Path(override)
        if not (root / "corpora").is_dir():
            raise ConfigError(f"环境变量 {DATA_ENV} 指向的 {root} 下没有 corpora/ 目录")
        return root
    for root in (WHEEL_DATA, CHECKOUT_ROOT):
        if (root / "corpora").is_dir():
            return root
    raise ConfigError(f"找不到随包数据目录 corpora/（安装不完整？可用环境变量 {DATA_ENV} 指定）")


def layout() -> str:
    """Where the data was found: "env", "wheel" or "checkout" (training writes only into a checkout)."""
    root = data_root()
    if root == WHEEL_DATA:
        return "wheel"
    return "checkout" if root == CHECKOUT_ROOT else "env"


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


def training_corpus() -> Path:
    """The composed application-genre corpus (``corpora/narratives/corpus.jsonl``)."""
    return corpora_path(*TRAINING_CORPUS)


def real_genre_corpus() -> Path:
    """The real-genre corpus (``corpora/real/corpus.jsonl``)."""
    return corpora_path(*REAL_GENRE_CORPUS)


def real_cases() -> Path:
    """The outside cases `evaluate` measures on when present (a checkout only)."""
    return corpora_path(*REAL_CASES)
