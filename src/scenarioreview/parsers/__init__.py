"""File -> Document: the one entry point of the parsers (``parse``). The format is sniffed from the bytes
(``detect``); the extension is only a hint.

Backends, one sub-package each, loaded only when a file of that format arrives:

* ``docx/`` - .docx (OOXML read through a bounded zip reader)
* ``doc/``  - .doc / .wps (Word 97-2003 binary)
* ``pdf/``  - PDF text layer, with OCR of scanned pages (``pdf/ocr.py``, optional extra)
* ``text``  - plain text / Markdown

Shared by several backends: ``captions`` (figure/table captions) and ``numfmt`` (list counters as Word
draws them). Each backend is ``parse_<fmt>(path: Path, data: bytes, sha256: str, **options) -> Document``
and raises only ``InputError`` subclasses for bad input.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import replace
from pathlib import Path

from ..errors import EmptyFile, InputError
from ..model import Document, Format, Notice
from .detect import detect_format

MAX_INPUT_BYTES = 200 * 1024 * 1024
# A real application is 30-150 pages, at most a few hundred thousand characters; twenty times that is refused.
MAX_TEXT_CHARS = 2_000_000


def _read_regular(p: Path) -> bytes:
    """Read a regular file only, and never more than the cap.

    Non-blocking open so that a FIFO cannot hang the batch; the type is checked on the opened descriptor
    (after symlinks are followed: a link to /dev/zero is refused), and the cap is enforced on the bytes
    actually read, not on a size that may change under us.
    """
    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = (
                "命名管道（FIFO）"
                if stat.S_ISFIFO(st.st_mode)
                else "设备文件"
                if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "套接字"
                if stat.S_ISSOCK(st.st_mode)
                else "特殊文件"
            )
            raise InputError(f"这是{kind}，不是普通文件，已跳过", path=str(p), code="not_regular")
        _too_large(st.st_size, p)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
        _too_large(len(data), p)
        return data
    finally:
        os.close(fd)


def _too_large(size: int, p: Path) -> None:
    if size > MAX_INPUT_BYTES:
        raise InputError(f"文件过大（{size // 1024 // 1024} MB，上限 200 MB）", path=str(p), code="too_large")


def read_input(path: str | Path) -> tuple[Path, bytes]:
    """Read a file's bytes with clear errors for a missing path, a directory, an empty or huge file."""
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", path=str(path), code="not_found")
    if p.is_dir():
        raise InputError("这是一个目录，不是文件", path=str(path), code="is_directory")
    try:
        data = _read_regular(p)
    except PermissionError as exc:
        raise InputError("没有读取权限", path=str(path), code="permission") from exc
    except OSError as exc:
        raise InputError(f"无法读取：{exc.strerror or exc}", path=str(path)) from exc
    if not data.strip():
        raise EmptyFile("文件为空", path=str(path))
    return p, data


_EXPECTED = {
    ".docx": ("docx",),
    ".doc": ("doc", "wps"),
    ".wps": ("doc", "wps"),
    ".pdf": ("pdf",),
    ".txt": ("txt",),
    ".md": ("txt",),
}
_FORMAT_ZH = {
    "docx": "Word 文档（.docx）",
    "doc": "Word 97-2003 文档（.doc）",
    "wps": "WPS 文档（.wps）",
    "pdf": "PDF 文件",
    "txt": "纯文本文件",
}


def format_mismatch(name: str, fmt: str) -> Notice | None:
    """A notice when the extension promises another format than the bytes hold (a renamed file)."""
    ext = Path(name).suffix.lower()
    expected = _EXPECTED.get(ext)
    if expected is None or fmt in expected:
        return None
    return Notice(
        "format_mismatch",
        f"文件扩展名为 {ext}，但内容实际是{_FORMAT_ZH.get(fmt, fmt)}，已按实际格式读取；"
        "请核对提交的是否为正式申报书",
    )


def _bounded(doc: Document) -> Document:
    """Refuse a text far larger than any real application: the later stages are then bounded in time."""
    chars = sum(len(b.text) for b in doc.blocks)
    if chars > MAX_TEXT_CHARS:
        raise InputError(
            f"文档正文约 {chars // 10000} 万字，远超任何真实申报书（上限 {MAX_TEXT_CHARS // 10000} 万字），"
            "已拒绝处理；请确认文件是否正确",
            code="too_large",
        )
    return doc


def parse(path: str | Path, *, ocr: str = "auto") -> Document:
    """Parse one application document of any supported format."""
    doc = _parse(path, ocr=ocr)
    try:
        return _bounded(doc)
    except InputError as exc:
        exc.path = str(path)
        raise


def _parse(path: str | Path, *, ocr: str = "auto") -> Document:
    p, data = read_input(path)
    sha = hashlib.sha256(data).hexdigest()
    try:
        fmt = detect_format(data, p.name)  # inside the try so that sniffing errors name the file too
        doc = _parse_as(fmt, p, data, sha, ocr)
    except InputError as exc:
        if exc.path is None:
            exc.path = str(path)
        raise
    mismatch = format_mismatch(p.name, doc.format)
    return replace(doc, notices=(mismatch, *doc.notices)) if mismatch else doc


def _parse_as(fmt: Format, p: Path, data: bytes, sha: str, ocr: str) -> Document:
    if fmt == "docx":
        from .docx import parse_docx

        return parse_docx(p, data, sha)
    if fmt == "doc" or fmt == "wps":
        from .doc import parse_doc

        return parse_doc(p, data, sha, fmt=fmt)
    if fmt == "pdf":
        from .pdf import parse_pdf

        return parse_pdf(p, data, sha, ocr=ocr)
    from .text import parse_text

    return parse_text(p, data, sha)


__all__ = ["Document", "detect_format", "parse", "read_input"]
