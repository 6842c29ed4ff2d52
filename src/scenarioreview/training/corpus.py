"""Training and evaluation data: default locations (through resources.py), corpus reading, model labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..classify.head import DEFAULT_MODEL, label_item
from ..errors import ConfigError
from ..guide import Guide
from ..resources import models_path, real_cases, real_genre_corpus, training_corpus

ONLY_2025 = ("02", "30", "35")  # 2025 items with no 2022 counterpart: extra model labels "2025:ID"
EXTRA_LABELS = tuple(f"2025:{i}" for i in ONLY_2025)
DICT_NAME = "domain_dict.txt"  # the jieba user dictionary a training run derives; kept in its --out folder


def default_corpus() -> Path:
    return training_corpus()


def default_real_corpus() -> Path:
    return real_genre_corpus()


def default_outside_cases() -> Path:
    return real_cases()


def default_model() -> Path:
    return models_path(DEFAULT_MODEL)


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL corpus; a missing file or a bad line is a ConfigError naming the file."""
    try:
        with path.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except OSError as exc:
        raise ConfigError(
            f"无法读取语料 {path}：{exc.strerror or exc}（可用 --corpus 指定语料文件）"
        ) from exc
    except ValueError as exc:
        raise ConfigError(f"语料 {path} 中有一行不是有效的 JSON：{exc}") from exc


def model_label(r: dict[str, Any]) -> str | None:
    """A record's label in model space: its 2022 id, or "2025:ID" for a 2025-only item."""
    if r.get("label_id"):
        return str(r["label_id"])
    if r.get("label_2025") in ONLY_2025:
        return f"2025:{r['label_2025']}"
    return None


def load_real(path: Path | None) -> list[dict[str, Any]]:
    """The real-genre corpus with ``model_label`` set; empty when there is none."""
    if path is None or not path.is_file():
        return []
    recs = read_corpus(path)
    for r in recs:
        r["model_label"] = model_label(r)
    return [r for r in recs if r["model_label"]]


def guide_text(guide: Guide, item_id: str) -> str:
    """A guide item as one training text: name, aliases, description, keywords."""
    it = label_item(guide, item_id)
    return f"{it.name}。{'，'.join(it.aliases)}。{it.description}{'，'.join(it.keywords)}。"
