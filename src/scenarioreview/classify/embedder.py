"""Text -> vectors. Two interchangeable embedders behind one small protocol.

* ``StaticEmbedder``: the shipped model (a sentence-transformers folder whose only module is a
  ``StaticEmbedding``) run with numpy + ``tokenizers`` alone, so the default CLI never imports torch. It
  reproduces ``SentenceTransformer(path).encode(texts)`` exactly: token ids from the saved tokenizer.json,
  then the mean of their embedding rows (``nn.EmbeddingBag`` in its default "mean" mode).
* ``SentenceTransformerEmbedder``: any local sentence-transformers folder, loaded lazily (opt-in, slow start).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import MissingExtra, ModelError

_STATIC_TYPES = ("StaticEmbedding",)
_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "BF16": None}


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Minimal safetensors reader (8-byte little-endian header length, JSON header, raw little-endian data)."""
    try:
        raw = path.read_bytes()
        (n,) = struct.unpack("<Q", raw[:8])
        header = json.loads(raw[8 : 8 + n])
    except (OSError, struct.error, ValueError) as exc:
        raise ModelError(f"模型权重文件 {path} 无法读取或已损坏：{exc}") from exc
    out: dict[str, np.ndarray] = {}
    base = 8 + n
    for key, meta in header.items():
        if key == "__metadata__":
            continue
        dtype = _DTYPES.get(meta["dtype"])
        if dtype is None:
            raise ModelError(f"模型权重 {key} 的数据类型 {meta['dtype']} 不受支持")
        start, end = meta["data_offsets"]
        out[key] = np.frombuffer(raw[base + start : base + end], dtype=dtype).reshape(meta["shape"])
    return out


def static_module_dir(folder: Path) -> Path | None:
    """The folder of the StaticEmbedding module when that is the model's only module, else None."""
    modules = folder / "modules.json"
    if not modules.is_file():
        return None
    try:
        mods = json.loads(modules.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ModelError(f"{modules} 不是有效的 JSON：{exc}") from exc
    if len(mods) != 1 or not str(mods[0].get("type", "")).endswith(_STATIC_TYPES):
        return None
    return folder / str(mods[0].get("path", ""))


class StaticEmbedder:
    """numpy inference of a sentence-transformers StaticEmbedding folder (no torch)."""

    def __init__(self, folder: str | Path) -> None:
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        mod = static_module_dir(self.folder)
        if mod is None:
            raise ModelError(f"{self.folder} 不是只含 StaticEmbedding 的 sentence-transformers 模型")
        weights = read_safetensors(mod / "model.safetensors")
        key = next((k for k in weights if k.endswith("weight")), None)
        if key is None:
            raise ModelError(f"{mod} 中没有嵌入矩阵")
        self.matrix = np.ascontiguousarray(weights[key], dtype=np.float32)
        try:
            self.tokenizer = Tokenizer.from_file(str(mod / "tokenizer.json"))
        except Exception as exc:  # tokenizers raises a plain Exception on a bad file
            raise ModelError(f"{mod / 'tokenizer.json'} 无法加载：{exc}") from exc
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        # A half-written or mismatched folder would index past the matrix later; refuse it now, clearly.
        if self.tokenizer.get_vocab_size() > self.matrix.shape[0]:
            raise ModelError(
                f"{mod} 的词表（{self.tokenizer.get_vocab_size()}）比嵌入矩阵（{self.matrix.shape[0]} 行）大："
                "模型文件不完整或不匹配，请重新训练或重新安装"
            )
        self.name = self.folder.name
        self.dim = int(self.matrix.shape[1])

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def token_ids_offsets(self, texts: Sequence[str]) -> list[tuple[list[int], list[int]]]:
        """Token ids and each token's start offset in the original text."""
        return [
            (e.ids, [o[0] for o in e.offsets])
            for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ]

    def encode_ids(self, ids: Sequence[Sequence[int]]) -> np.ndarray:
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        for i, row in enumerate(ids):
            if len(row):
                out[i] = self.matrix[np.asarray(row, dtype=np.int64)].mean(axis=0)
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_ids(self.token_ids(texts))


class SentenceTransformerEmbedder:
    """Any local sentence-transformers folder (imports torch; opt-in via ``--model PATH``)."""

    def __init__(self, folder: str | Path) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MissingExtra(
                "使用 --model 指定的模型需要安装 sentence-transformers（pip install 'scenarioreview[train]'）"
            ) from exc
        self.folder = Path(folder)
        try:
            self.model = SentenceTransformer(str(self.folder), device="cpu", local_files_only=True)
        except Exception as exc:  # ST raises many kinds on a bad folder
            raise ModelError(f"无法加载模型 {self.folder}：{type(exc).__name__}: {exc}") from exc
        self.name = self.folder.name
        get_dim = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(
            self.model.encode(list(texts), batch_size=32, convert_to_numpy=True), dtype=np.float32
        )


def load_embedder(folder: str | Path, *, prefer_numpy: bool = True) -> Embedder:
    """The numpy path for static models, sentence-transformers for anything else."""
    path = Path(folder)
    if not path.is_dir():
        raise ModelError(f"模型目录不存在：{path}")
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise ModelError(f"{path} 不是 sentence-transformers 模型目录（缺少 modules.json）")
    if prefer_numpy and static_module_dir(path) is not None:
        return StaticEmbedder(path)
    return SentenceTransformerEmbedder(path)


def l2_normalize(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    out: np.ndarray = x / np.maximum(n, 1e-12)
    return out
