"""Serving another guide edition with a model labelled in one: a matrix moving probability between label sets."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..guide import Guide, resolve_name


def _same_items(model_guide: Guide, index: dict[str, int], target: Guide) -> np.ndarray:
    """1 where a target item is a model label (same id and name, or resolved through names and aliases)."""
    m = np.zeros((len(index), len(target.items)), dtype=np.float32)
    for j, it in enumerate(target.items):
        hits: set[str] = set()
        if (
            target.edition == model_guide.edition
            and it.id in index
            and it.name == model_guide.get(it.id).name
        ):
            hits = {it.id}
        else:
            for name in (it.name, *it.aliases):
                hits.update(resolve_name(model_guide, name, fuzzy_cutoff=0.8))
                if hits:
                    break
        for h in hits:
            if h in index:
                m[index[h], j] = 1.0
    return m


def edition_map(model_guide: Guide, labels: Sequence[str], target: Guide) -> np.ndarray:
    """(L_model, L_target) matrix moving probability mass from model labels to target items.

    A model label claimed by several target items splits its mass evenly. A label "EDITION:ID" (an item of
    another edition with no counterpart in the model's) goes to that item when the target is that edition;
    in any other edition it has no counterpart, its mass is dropped and the rest renormalised (to_edition):
    "not 5G infrastructure" then ranks the remaining items as they are."""
    index = {lab: i for i, lab in enumerate(labels)}
    m = _same_items(model_guide, index, target)
    fan = m.sum(axis=1, keepdims=True)
    m = np.divide(m, fan, out=np.zeros_like(m), where=fan > 0)
    col = {it.id: j for j, it in enumerate(target.items)}
    for lab, i in index.items():
        if ":" not in lab:
            continue
        edition, item_id = lab.split(":", 1)
        if edition == target.edition and item_id in col:
            m[i] = 0.0
            m[i, col[item_id]] = 1.0
    out: np.ndarray = m
    return out
