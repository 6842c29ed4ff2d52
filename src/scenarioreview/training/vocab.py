"""The vocabulary of a training run: a jieba user dictionary (guide terms + the train split's system names and
frequent word pairs) and a ``tokenizers`` WordPiece tokenizer with an empty continuation prefix (= forward
maximum matching) over jieba's words of the train split plus a full character inventory (nothing to [UNK])."""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..classify.features import QUOTE_CHARS
from ..guide import Guide

if TYPE_CHECKING:
    from tokenizers import Tokenizer

SPECIALS = ["[UNK]", "[PAD]"]
_ASCII_TERM = re.compile(r"[A-Za-z][A-Za-z0-9+/&.-]{1,15}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def jieba_tokenizer(dict_path: Path | None = None) -> Any:  # jieba ships no type information
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    if dict_path is not None and dict_path.is_file():
        tok.load_userdict(str(dict_path))
    return tok


def _guide_terms(guide: Guide) -> Counter[str]:
    terms: Counter[str] = Counter()
    for it in guide.items:
        for t in (it.name, *it.aliases, *it.keywords):
            t = t.strip()
            if 2 <= len(t) <= 12 and " " not in t:
                terms[t] += 50
    return terms


def _is_pair(a: str, b: str) -> bool:
    """Two adjacent multi-character CJK words short enough together to be one domain term."""
    return (
        bool(_CJK.fullmatch(a[:1] or "x") and _CJK.fullmatch(b[:1] or "x"))
        and len(a) >= 2
        and len(b) >= 2
        and len(a) + len(b) <= 6
    )


def build_domain_dict(guide: Guide, train_texts: list[str], out: Path) -> list[str]:
    """Guide terms + ASCII system names + frequent adjacent word pairs of the train split -> ``out``."""
    terms = _guide_terms(guide)
    tok = jieba_tokenizer(None)
    pairs: Counter[str] = Counter()
    for text in train_texts:
        for m in _ASCII_TERM.findall(text):
            terms[m] += 1
        words = list(tok.lcut(text, HMM=False))
        pairs.update(a + b for a, b in itertools.pairwise(words) if _is_pair(a, b))
    for w, c in pairs.items():
        if c >= 12:
            terms[w] += c
    words = sorted(t for t, c in terms.items() if c >= 3)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{w} {max(terms[w], 10) * 20} n\n" for w in words), encoding="utf-8")
    return words


def _charset() -> list[str]:
    """GB2312 characters plus ASCII: the inventory that keeps whole clauses out of [UNK]."""
    chars = [chr(c) for c in range(0x21, 0x7F) if not chr(c).isupper()]
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes([hi, lo]).decode("gb2312"))
    return chars


def build_tokenizer(train_texts: list[str], dict_path: Path, min_count: int = 2) -> Tokenizer:
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

    tok = jieba_tokenizer(dict_path)
    counts: Counter[str] = Counter()
    for text in train_texts:
        for w in tok.lcut(text.lower(), HMM=False):
            w = w.strip()
            if len(w) >= 2 and not w.isdigit():
                counts[w] += 1
    dict_words = [line.split(" ")[0].lower() for line in dict_path.read_text(encoding="utf-8").splitlines()]
    vocab_list = SPECIALS + sorted(
        set(_charset())
        | {c for t in train_texts for c in t.lower() if not c.isspace()}
        | {w for w, c in counts.items() if c >= min_count}
        | set(dict_words)
    )
    vocab = {w: i for i, w in enumerate(dict.fromkeys(vocab_list))}
    model = models.WordPiece(
        vocab=vocab, unk_token="[UNK]", continuing_subword_prefix="", max_input_chars_per_word=10_000
    )
    tokenizer = Tokenizer(model)
    quotes = Regex("[" + re.escape(QUOTE_CHARS) + "]")
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.NFKC(), normalizers.Lowercase(), normalizers.Replace(quotes, "")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Whitespace(), pre_tokenizers.Digits(individual_digits=False)]
    )
    return tokenizer
