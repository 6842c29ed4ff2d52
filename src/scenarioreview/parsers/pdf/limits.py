"""Bounded inflation of PDF streams.

pdfminer inflates every FlateDecode stream whole with ``zlib.decompress`` (and, for a damaged one, byte by
byte with string concatenation), so a 1 MB file whose page content inflates to 1 GB takes gigabytes and
minutes, and is then reported as fine. ``install`` swaps the ``zlib`` that pdfminer's stream module sees
for one that stops at a per-stream and a per-document cap and raises a clear ``InputError`` instead.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from ...errors import InputError

MAX_STREAM_BYTES = 32 * 1024 * 1024  # one inflated stream; a dense CAD page is a few MB
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024  # all streams inflated while one PDF is parsed
_state = threading.local()


def _too_large(detail: str) -> InputError:
    return InputError(f"PDF 中的数据流{detail}，疑似恶意构造（“压缩炸弹”），已拒绝处理", code="too_large")


def _count(n: int) -> None:
    total = getattr(_state, "total", None)
    if total is None:  # pdfminer used outside parse_pdf: only the per-stream cap applies
        return
    _state.total = total + n
    if _state.total > MAX_DOCUMENT_BYTES:
        raise _too_large(f"解压后合计超过 {MAX_DOCUMENT_BYTES // 1024 // 1024} MB")


class _Inflater:
    """A decompressobj that counts what it produces (pdfminer's fallback for damaged streams uses one)."""

    def __init__(self) -> None:
        self._d = zlib.decompressobj()
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = MAX_STREAM_BYTES + 1 - self._out
        out = self._d.decompress(data, room if not max_length else min(room, max_length))
        self._out += len(out)
        if self._out > MAX_STREAM_BYTES:
            raise _too_large(f"解压后超过 {MAX_STREAM_BYTES // 1024 // 1024} MB")
        _count(len(out))
        return out

    def flush(self, *args: Any) -> bytes:
        return self._d.flush(*args)

    def __getattr__(self, name: str) -> Any:  # eof, unused_data, unconsumed_tail
        return getattr(self._d, name)


class _BoundedZlib:
    """The part of the zlib module pdfminer's stream decoding uses, with caps."""

    error = zlib.error

    @staticmethod
    def decompressobj(*args: Any) -> _Inflater:
        return _Inflater()

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        d = _Inflater()
        out = d.decompress(data)
        if d.unconsumed_tail:  # output was cut at the cap: already raised; defensive
            raise _too_large("过大")
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says; pdfminer recovers
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def lenient_inflate(data: bytes) -> bytes:
    """What can be inflated from a stream with a damaged end (a bad checksum), in linear time.

    pdfminer's own fallback feeds one byte at a time and concatenates bytes, which is quadratic: a damaged
    stream inflating to tens of MB would take hours. Here data goes in 4 KB pieces; on an error the good
    prefix is replayed and only the failing piece is fed byte by byte to find where the damage starts.
    """
    d, parts, pos, step = _Inflater(), [], 0, 4096
    while pos < len(data):
        try:
            parts.append(d.decompress(data[pos : pos + step]))
            pos += step
        except zlib.error:
            if step == 1:
                if pos < len(data) - 3:  # damage before the checksum: a corrupt stream, as pdfminer decides
                    raise
                break
            d, step = _Inflater(), 1
            parts = [d.decompress(data[:pos])]
    return b"".join(parts)


_FLATE_STREAM = re.compile(rb"/FlateDecode(?:(?!endobj).){0,600}?stream\r?\n", re.DOTALL)


def prescan_streams(data: bytes) -> None:
    """Inflate every Flate stream of the raw file once under the caps, so that a path that does not go through
    pdfminer (pdfium's) refuses a compression bomb the same way. Damaged streams are left to the parser.
    Linear in the file: ~1 ms for an ordinary application form. Call inside ``document_budget``."""
    for m in _FLATE_STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        with suppress(zlib.error):
            _Inflater().decompress(data[m.end() : end if end >= 0 else len(data)])  # counts toward the budget
    if getattr(_state, "total", None) is not None:
        _state.total = 0  # pdfplumber pages read later count afresh


def install() -> None:
    """Route pdfminer's stream inflation through the caps (idempotent)."""
    from pdfminer import pdftypes

    module: Any = pdftypes  # its private ``zlib`` import is swapped on purpose: not part of a typed API
    if not isinstance(module.zlib, _BoundedZlib):
        module.zlib = _BoundedZlib()
        module.decompress_corrupted = lenient_inflate


@contextmanager
def document_budget() -> Iterator[None]:
    """Count inflated bytes against MAX_DOCUMENT_BYTES for the PDF parsed in this thread."""
    install()
    _state.total = 0
    try:
        yield
    finally:
        _state.total = None
