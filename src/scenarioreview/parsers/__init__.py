"""File -> Document. The format is sniffed from the bytes; the extension is only a hint.

Each backend is ``parse_<fmt>(path: Path, data: bytes, sha256: str, **options) -> Document`` and raises
only ``InputError`` subclasses for bad input.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..errors import EmptyFile, InputError
from ..model import Document, Notice
from .detect import detect_format

MAX_INPUT_BYTES = 200 * 1024 * 1024


def read_input(path: str | Path) -> tuple[Path, bytes]:
    """Read a file's bytes with clear errors for a missing path, a directory, an empty or huge file."""
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", path=str(path), code="not_found")
    if p.is_dir():
        raise InputError("这是一个目录，不是文件", path=str(path), code="is_directory")
    try:
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"文件过大（{size // 1024 // 1024} MB，上限 200 MB）", path=str(path), code="too_large")
        data = p.read_bytes()
    except PermissionError as exc:
        raise InputError("没有读取权限", path=str(path), code="permission") from exc
    except OSError as exc:
        raise InputError(f"无法读取：{exc.strerror or exc}", path=str(path)) from exc
    if not data.strip():
        raise EmptyFile("文件为空", path=str(path))
    return p, data


_EXPECTED = {".docx": ("docx",), ".doc": ("doc", "wps"), ".wps": ("doc", "wps"), ".pdf": ("pdf",),
             ".txt": ("txt",), ".md": ("txt",)}
_FORMAT_ZH = {"docx": "Word 文档（.docx）", "doc": "Word 97-2003 文档（.doc）", "wps": "WPS 文档（.wps）",
              "pdf": "PDF 文件", "txt": "纯文本文件"}


def format_mismatch(name: str, fmt: str) -> Notice | None:
    """A notice when the extension promises another format than the bytes hold (a renamed file)."""
    ext = Path(name).suffix.lower()
    expected = _EXPECTED.get(ext)
    if expected is None or fmt in expected:
        return None
    return Notice("format_mismatch", f"文件扩展名为 {ext}，但内容实际是{_FORMAT_ZH.get(fmt, fmt)}，已按实际格式读取；"
                                     "请核对提交的是否为正式申报书")


def parse(path: str | Path, *, ocr: str = "auto") -> Document:
    """Parse one application document of any supported format."""
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


def _parse_as(fmt: str, p: Path, data: bytes, sha: str, ocr: str) -> Document:
    if fmt == "docx":
        from .docx import parse_docx

        return parse_docx(p, data, sha)
    if fmt in ("doc", "wps"):
        from .doc import parse_doc

        return parse_doc(p, data, sha, fmt=fmt)
    if fmt == "pdf":
        from .pdf import parse_pdf

        return parse_pdf(p, data, sha, ocr=ocr)
    from .text import parse_text

    return parse_text(p, data, sha)


__all__ = ["Document", "parse", "read_input", "detect_format"]
