"""Near-duplicate narratives (查重): MinHash LSH candidates, then exact shared passages as evidence.

Why hand-written MinHash: the shingle hashes are computed with a vectorised rolling hash over code points,
about 2 ms per 1,500-字 narrative, roughly ten times faster than hashing each shingle in Python as
datasketch's MinHash does; LSH banding is a dict. Both are pure numpy functions, tested on small texts.

Flow: fold to word characters (keep letters, digits and CJK; map back to original offsets) -> remove shingles shared
legitimately (guide text, form prompts, policy boilerplate, phrases common to many submissions) -> MinHash
signatures -> LSH bands -> candidate pairs -> exact passage matching -> pairs with copy ratios -> clusters.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE = 8  # normalised characters per shingle
NUM_PERM = 128
BANDS = 64  # 64 bands x 2 rows: a pair with Jaccard 0.2 becomes a candidate with p ≈ 0.93
ANCHOR = 12  # exact-match anchor length for passage evidence
MIN_PASSAGE = 20  # normalised characters: shorter shared runs are coincidence, not copying
LONG_PASSAGE = 80  # normalised characters: one shared run this long is reported whatever the share
PASSAGE_SHINGLE = 16  # characters per window for long-passage candidates (15 % noise rarely leaves 16 intact)
SAMPLE_MOD = 8  # passage candidates keep every window whose hash is 0 mod this (≈ 8 in an 80-字 run)
MIN_SAMPLED = 3  # sampled windows two texts must share to be compared for a long passage
MAX_POSTING = 40  # a sampled shingle in more texts than this is common phrasing, not a copied passage
MAX_ANCHOR_HITS = 64  # an anchor found more often than this in B is repetition (tables, lists), not copying
_CHUNK = 4096
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class DupItem:
    key: str  # unique, e.g. "<sha256>#3"
    submission: str  # the application it belongs to (file hash or name)
    text: str
    source: str = "batch"  # "batch" or "against" (an older corpus)


@dataclass(frozen=True)
class Passage:
    a_start: int  # offsets in the ORIGINAL texts, half-open
    a_end: int
    b_start: int
    b_end: int
    length: int  # normalised characters shared
    text: str  # the passage as it stands in A


@dataclass(frozen=True)
class DuplicatePair:
    a: str
    b: str
    kind: str  # "cross" (two applications), "within" (one application), "against" (older corpus)
    jaccard: float  # estimated from signatures, after boilerplate removal
    ratio_a: float  # share of A's normalised characters found in B (like a 文字复制比)
    ratio_b: float
    longest: int  # longest shared passage, normalised characters
    passages: tuple[Passage, ...]
    subtracted: int  # shared characters ignored because they are boilerplate

    @property
    def ratio(self) -> float:
        return max(self.ratio_a, self.ratio_b)


@dataclass(frozen=True)
class Cluster:
    members: tuple[str, ...]  # item keys
    submissions: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateReport:
    pairs: tuple[DuplicatePair, ...]
    clusters: tuple[Cluster, ...]
    boilerplate_shingles: int


_FOLD: dict[str, str] = {}  # char -> its normalised form ("" when dropped); batches reuse few thousand chars


def _fold(ch: str) -> str:
    folded = ch if "\u4e00" <= ch <= "\u9fff" else unicodedata.normalize("NFKC", ch).lower()
    out = "".join(c for c in folded if c.isalnum())
    _FOLD[ch] = out
    return out


def _fold_to_word_chars_slow(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        f = _FOLD.get(ch)
        if f is None:
            f = _fold(ch)
        if f:
            out.append(f)
            offsets.extend([i] * len(f))
    return "".join(out), offsets


_BMP: tuple[np.ndarray, np.ndarray] | None = None  # (mapped code point, status) for U+0000..U+FFFF


def _bmp_table() -> tuple[np.ndarray, np.ndarray]:
    """Fold every BMP character once per process (~0.1 s): status 0 dropped, 1 one char, 2 several."""
    global _BMP
    if _BMP is None:
        mapped = np.zeros(0x10000, dtype=np.uint32)
        status = np.zeros(0x10000, dtype=np.uint8)
        for c in range(0x10000):
            if 0xD800 <= c <= 0xDFFF:
                continue
            f = _fold(chr(c))
            if len(f) == 1:
                mapped[c], status[c] = ord(f), 1
            elif f:
                status[c] = 2
        _FOLD.clear()  # the table replaces the per-character memo for BMP text
        _BMP = (mapped, status)
    return _BMP


def fold_to_word_chars(text: str) -> tuple[str, list[int]]:
    """Keep letters, digits and CJK, NFKC-folded and lower-cased; return the string and each char's offset.

    Vectorised over code points with a per-process BMP lookup table; a per-character NFKC loop dominated
    large batches. Text with characters outside the BMP or folding to several characters ("㎡") takes the
    plain loop, which gives the same result.
    """
    if not text:
        return "", []
    try:
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # lone surrogates
        return _fold_to_word_chars_slow(text)
    if int(cp.max()) > 0xFFFF:
        return _fold_to_word_chars_slow(text)
    mapped, status = _bmp_table()
    st = status[cp]
    if (st == 2).any():
        return _fold_to_word_chars_slow(text)
    keep = st == 1
    return mapped[cp[keep]].tobytes().decode("utf-32-le"), np.flatnonzero(keep).tolist()


def shingle_hashes(norm: str, k: int = SHINGLE) -> np.ndarray:
    """64-bit polynomial hashes of every k-character window, in order (wrapping arithmetic is intended)."""
    if len(norm) < k:
        return np.zeros(0, dtype=np.uint64)
    cp = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cp) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    base = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * base + cp[j : j + n]
    return h


def _permutations(seed: int = 17) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**62, NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**62, NUM_PERM, dtype=np.uint64)
    return a, b


_A, _B = _permutations()


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32 values) of a set of shingle hashes."""
    if hashes.size == 0:
        return np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    out = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    # Chunks bound memory (128 × 4,096 × 8 bytes) for a whole document that fell back to one "scenario".
    with np.errstate(over="ignore"):
        for i in range(0, hashes.size, _CHUNK):
            part = hashes[i : i + _CHUNK]
            np.minimum(
                out, ((_A[:, None] * part[None, :] + _B[:, None]) >> np.uint64(32)).min(axis=1), out=out
            )
    return out.astype(np.uint32)


def _bands(sig: np.ndarray) -> list[bytes]:
    rows = NUM_PERM // BANDS
    return [sig[i * rows : (i + 1) * rows].tobytes() + bytes([i]) for i in range(BANDS)]


def boilerplate_set(texts: Iterable[str]) -> set[int]:
    """Shingles of text that everyone may legitimately share (guide, form prompts, policy phrases)."""
    out: set[int] = set()
    for t in texts:
        out.update(int(h) for h in shingle_hashes(fold_to_word_chars(t)[0]))
    return out


def _common_shingles(per_item: Sequence[np.ndarray], submissions: Sequence[str], min_subs: int) -> set[int]:
    """Shingles found in at least ``min_subs`` different applications: shared phrasing, not copying.

    Vectorised: one unique-set per application, concatenated, counted with np.unique (a Python set per
    shingle took most of the time on 10,000 scenarios).
    """
    by_sub: dict[str, list[np.ndarray]] = defaultdict(list)
    for hashes, sub in zip(per_item, submissions):
        if hashes.size:
            by_sub[sub].append(hashes)
    if not by_sub:
        return set()
    per_sub = [np.unique(np.concatenate(parts)) for parts in by_sub.values()]
    values, counts = np.unique(np.concatenate(per_sub), return_counts=True)
    return set(values[counts >= min_subs].tolist())


def shared_passages(
    a_norm: str,
    a_off: Sequence[int],
    b_norm: str,
    b_off: Sequence[int],
    a_text: str,
    ignore: set[int] | None = None,
) -> tuple[list[Passage], int]:
    """Maximal runs of ≥ MIN_PASSAGE normalised characters that A and B share, found from exact anchors.

    Returns the passages (offsets in the original texts) and the number of shared characters that were
    dropped because the run was mostly boilerplate (``ignore`` shingles).
    """
    if len(a_norm) < ANCHOR or len(b_norm) < ANCHOR:
        return [], 0
    index: dict[str, list[int]] = defaultdict(list)
    for j in range(len(b_norm) - ANCHOR + 1):
        index[b_norm[j : j + ANCHOR]].append(j)
    passages: list[Passage] = []
    subtracted = 0
    i = 0
    used_b: list[tuple[int, int]] = []
    last_b_end = 0
    ahash = shingle_hashes(a_norm) if ignore else None
    while i <= len(a_norm) - ANCHOR:
        best_len, best_j = 0, -1
        hits: Sequence[int] = index.get(a_norm[i : i + ANCHOR], ())
        if len(hits) > MAX_ANCHOR_HITS:
            # Repetitive text (tables, lists): try only the first occurrence after the last match in B, which
            # follows a sequential copy and keeps the scan linear instead of quadratic.
            k = bisect_left(hits, last_b_end)
            hits = hits[k : k + 1]
        for j in hits:
            if any(s <= j < e for s, e in used_b):
                continue
            n = ANCHOR
            while i + n < len(a_norm) and j + n < len(b_norm) and a_norm[i + n] == b_norm[j + n]:
                n += 1
            if n > best_len:
                best_len, best_j = n, j
        if best_len >= MIN_PASSAGE:
            if ahash is not None and ignore:
                window = ahash[i : i + best_len - SHINGLE + 1]
                common = sum(1 for h in window.tolist() if h in ignore)
                if common >= 0.8 * max(1, len(window)):
                    subtracted += best_len
                    i += best_len
                    continue
            used_b.append((best_j, best_j + best_len))
            last_b_end = best_j + best_len
            a0, a1 = a_off[i], a_off[i + best_len - 1] + 1
            b0, b1 = b_off[best_j], b_off[best_j + best_len - 1] + 1
            passages.append(Passage(a0, a1, b0, b1, best_len, a_text[a0:a1]))
            i += best_len
        else:
            i += 1
    return passages, subtracted


def _clusters(
    pairs: Sequence[DuplicatePair], submission_of: dict[str, str], min_ratio: float
) -> list[Cluster]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.kind != "against" and p.ratio >= min_ratio:
            parent[find(p.a)] = find(p.b)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in parent:
        groups[find(key)].append(key)
    out = []
    for members in groups.values():
        subs = sorted({submission_of[m] for m in members})
        if len(subs) >= 3:
            out.append(Cluster(tuple(sorted(members)), tuple(subs)))
    return sorted(out, key=lambda c: (-len(c.submissions), c.members))


def passage_keys(norm: str, ignore_arr: np.ndarray | None) -> np.ndarray:
    """Sampled hashes of PASSAGE_SHINGLE-character windows, boilerplate windows left out: the keys by which
    texts sharing a long exact passage find each other. Sampling by hash value is content-defined, so both
    texts keep the same windows of a shared run; long windows keep texts that merely share phrasing apart."""
    h = shingle_hashes(norm, PASSAGE_SHINGLE)
    if h.size == 0:
        return h
    idx = np.flatnonzero(h % np.uint64(SAMPLE_MOD) == 0)
    if ignore_arr is not None and idx.size:
        h8 = shingle_hashes(norm, SHINGLE)  # a window is boilerplate when either of its halves is
        bad = np.isin(h8[idx], ignore_arr) | np.isin(h8[idx + PASSAGE_SHINGLE - SHINGLE], ignore_arr)
        idx = idx[~bad]
    return np.unique(h[idx])


def passage_candidates(keys: Sequence[np.ndarray], items: Sequence[DupItem]) -> set[tuple[int, int]]:
    """Pairs sharing at least MIN_SAMPLED passage keys: how a single long copied passage inside otherwise
    different narratives is found (MinHash sees only the small overall overlap)."""
    if not keys:
        return set()
    allk = np.concatenate(keys)
    allo = np.concatenate([np.full(k.size, i, dtype=np.int64) for i, k in enumerate(keys)])
    order = np.argsort(allk, kind="stable")
    allk, allo = allk[order], allo[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(allk)) + 1))
    sizes = np.diff(np.concatenate((starts, [allk.size])))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    # Only keys held by 2..MAX_POSTING texts matter; most are unique, so select those groups first.
    for start, size in zip(*(a[(sizes >= 2) & (sizes <= MAX_POSTING)].tolist() for a in (starts, sizes))):
        g = allo[start : start + size].tolist()
        for x in range(len(g)):
            for y in range(x + 1, len(g)):
                i, j = (g[x], g[y]) if g[x] < g[y] else (g[y], g[x])
                if i != j and not (items[i].source == "against" and items[j].source == "against"):
                    shared[(i, j)] += 1
    return {pair for pair, n in shared.items() if n >= MIN_SAMPLED}


def _ignored_shingles(
    hashes: Sequence[np.ndarray], subs: Sequence[str], boilerplate: Iterable[str], common_share: float
) -> set[int]:
    """Shingles that are not evidence of copying: boilerplate, and (in a batch of ten or more
    applications) phrasing common to more than ``common_share`` of them."""
    n_subs = len(set(subs))
    ignore = boilerplate_set(boilerplate)
    if n_subs >= 10:
        ignore |= _common_shingles(hashes, subs, max(5, int(common_share * n_subs) + 1))
    return ignore


def _lsh_candidates(
    hashes: Sequence[np.ndarray], ignore_arr: np.ndarray | None, items: Sequence[DupItem]
) -> tuple[list[np.ndarray], set[tuple[int, int]]]:
    """MinHash signature of each item (ignored shingles removed) and the pairs sharing an LSH band."""
    buckets: dict[bytes, list[int]] = defaultdict(list)
    sigs = []
    for idx, h in enumerate(hashes):
        u = np.unique(h)
        if ignore_arr is not None and u.size:
            u = u[~np.isin(u, ignore_arr)]
        sig = signature(u)
        sigs.append(sig)
        if u.size:
            for band in _bands(sig):
                buckets[band].append(idx)
    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if not (items[i].source == "against" and items[j].source == "against"):
                    candidates.add((i, j) if i < j else (j, i))
    return sigs, candidates


def _pair_kind(a: DupItem, b: DupItem) -> str:
    if "against" in (a.source, b.source):
        return "against"
    return "within" if a.submission == b.submission else "cross"


def _compare(
    i: int,
    j: int,
    norms: Sequence[tuple[str, list[int]]],
    sigs: Sequence[np.ndarray],
    items: Sequence[DupItem],
    ignore: set[int],
    min_ratio: float,
    long_passage: int,
) -> DuplicatePair | None:
    """The pair (i, j) with its shared passages, or None when too little is shared to report."""
    (an, ao), (bn, bo) = norms[i], norms[j]
    passages, subtracted = shared_passages(an, ao, bn, bo, items[i].text, ignore)
    if not passages:
        return None
    shared = sum(p.length for p in passages)
    ratio_a = shared / max(1, len(an))
    ratio_b = shared / max(1, len(bn))
    longest = max(p.length for p in passages)
    if max(ratio_a, ratio_b) < min_ratio and longest < long_passage:
        return None
    a, b = items[i], items[j]
    return DuplicatePair(
        a=a.key,
        b=b.key,
        kind=_pair_kind(a, b),
        jaccard=round(float(np.mean(sigs[i] == sigs[j])), 4),
        ratio_a=round(ratio_a, 4),
        ratio_b=round(ratio_b, 4),
        longest=longest,
        passages=tuple(passages),
        subtracted=subtracted,
    )


def find_duplicates(
    items: Sequence[DupItem],
    *,
    boilerplate: Iterable[str] = (),
    min_ratio: float = 0.15,
    long_passage: int = LONG_PASSAGE,
    common_share: float = 0.2,
    cluster_ratio: float = 0.5,
) -> DuplicateReport:
    """All near-duplicate pairs among ``items`` (older-corpus items are only compared with batch items).

    ``min_ratio``: report a pair when either side has at least this share copied.
    ``long_passage``: also report it when its longest shared passage (after boilerplate) is this long.
    ``common_share``: a shingle found in more than this share of applications (and at least 5) is treated
    as common phrasing and subtracted.
    """
    norms = [fold_to_word_chars(it.text) for it in items]
    hashes = [shingle_hashes(n) for n, _ in norms]
    ignore = _ignored_shingles(hashes, [it.submission for it in items], boilerplate, common_share)
    ignore_arr = np.fromiter(ignore, dtype=np.uint64, count=len(ignore)) if ignore else None
    sigs, candidates = _lsh_candidates(hashes, ignore_arr, items)
    candidates |= passage_candidates([passage_keys(n, ignore_arr) for n, _ in norms], items)
    pairs: list[DuplicatePair] = []
    for i, j in sorted(candidates):
        pair = _compare(i, j, norms, sigs, items, ignore, min_ratio, long_passage)
        if pair is not None:
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.ratio, p.a, p.b))
    submission_of = {it.key: it.submission for it in items}
    return DuplicateReport(tuple(pairs), tuple(_clusters(pairs, submission_of, cluster_ratio)), len(ignore))
