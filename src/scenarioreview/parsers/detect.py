"""Sniff the real format from magic bytes; the file name only breaks ties (.doc vs .wps)."""

from __future__ import annotations

import io
import zipfile

from ..errors import CorruptFile, EncryptedFile, UnsupportedFormat
from ..model import Format

# what zipfile raises on damaged archives (NotImplementedError: garbled version/compression fields)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_kind(data: bytes, name: str) -> Format:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises plain OSError/various on garbage
        raise CorruptFile("Word 97-2003 / OLE 复合文档已损坏或不完整，无法打开") from exc
    try:
        streams = {"/".join(s) for s in ole.listdir()}
    except Exception as exc:  # a damaged directory tree (e.g. a cycle: RecursionError inside olefile)
        raise CorruptFile("Word 97-2003 / OLE 复合文档的目录结构已损坏，无法读取") from exc
    finally:
        ole.close()
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise EncryptedFile("文件已加密（设置了打开密码），请去除密码后再提交")
    if "WordDocument" in streams:
        return "wps" if name.lower().endswith((".wps", ".wpt")) else "doc"
    if "Workbook" in streams or "Book" in streams:
        raise UnsupportedFormat("这是 Excel 工作簿，不是申报书文档")
    if "PowerPoint Document" in streams:
        raise UnsupportedFormat("这是 PowerPoint 演示文稿，不是申报书文档")
    if not streams or name.lower().endswith((".doc", ".dot", ".wps", ".wpt")):
        # an empty/garbled directory, or a Word-named file without its text stream: damaged, not foreign
        raise CorruptFile("Word 97-2003 文档已损坏：OLE 复合文档中找不到正文流（WordDocument）")
    raise UnsupportedFormat("OLE 复合文档中没有 Word 正文流（WordDocument），无法识别")


def _zip_kind(data: bytes) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except _ZIP_ERRORS as exc:
        raise CorruptFile("DOCX/ZIP 文件已损坏或不完整（可能下载或拷贝时被截断）") from exc
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("word/") for n in names):
        # a Word package that lost its main part is damaged, not some other format
        raise CorruptFile("DOCX 文件已损坏：缺少正文部件 word/document.xml")
    if "xl/workbook.xml" in names:
        raise UnsupportedFormat("这是 Excel 工作簿（.xlsx），不是申报书文档")
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormat("这是 PowerPoint 演示文稿（.pptx），不是申报书文档")
    if "content.xml" in names and "mimetype" in names:
        raise UnsupportedFormat("这是 OpenDocument 文档（.odt），请另存为 .docx 后再提交")
    raise UnsupportedFormat("ZIP 压缩包中没有 Word 正文（word/document.xml），不是 .docx 文档")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # a lone surrogate must not make text "unknown"
        text = sample[: len(sample) & ~1].decode("utf-16", errors="replace")
        printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        return printable >= 0.95 * max(1, len(text))
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            # a multi-byte character cut at the sample end is fine
            try:
                text = sample[:-4].decode(enc)
            except UnicodeDecodeError:
                continue
        printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        return printable >= 0.95 * max(1, len(text))
    return False


def _disguised_markup(head: bytes) -> str | None:
    """Web pages and XML flavours that online systems and old Word save under a .doc name.

    Read as plain text they would put tags into the scenario text, so they are refused with advice.
    """
    sample = head.lower()
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        sample = head.decode("utf-16", errors="ignore").lower().encode("utf-8", errors="ignore")
    sample = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if sample.startswith(b"mime-version:") or b"multipart/related" in sample[:400]:
        return "这是网页归档（MHT）文件，并非 Word 文档，请用 Word/WPS 打开后另存为 .docx 再提交"
    if sample.startswith(b"<") and (b"<html" in sample or sample.startswith(b"<!doctype html")):
        return (
            "这是网页（HTML）文件，并非 Word 文档（扩展名可能被改为 .doc），"
            "请用 Word/WPS 打开后另存为 .docx 再提交"
        )
    if b"<w:worddocument" in sample or b'progid="word.document"' in sample:
        return "这是 Word 2003 XML 文档，请用 Word/WPS 打开后另存为 .docx 再提交"
    if b"<pkg:package" in sample:
        return "这是 Word XML 单文件（Flat OPC）文档，请另存为 .docx 再提交"
    return None


def detect_format(data: bytes, name: str = "") -> Format:
    """Return the format of ``data`` or raise UnsupportedFormat / EncryptedFile."""
    head = data[:1024]
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data, name)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise UnsupportedFormat("这是 RTF 文档（扩展名可能是 .doc），请用 Word/WPS 打开后另存为 .docx 再提交")
    if (
        head[:4] in (b"\x89PNG", b"GIF8", b"II*\x00", b"MM\x00*")
        or head[:3] == b"\xff\xd8\xff"
        or (head[:2] == b"BM" and head[6:10] == b"\x00" * 4)
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    ):
        raise UnsupportedFormat("这是图片文件，不是申报书文档（扫描件请合成为 PDF）")
    disguised = _disguised_markup(head)
    if disguised:
        raise UnsupportedFormat(disguised)
    if _looks_like_text(data):
        return "txt"
    raise UnsupportedFormat("无法识别的文件格式（支持 .docx、.doc、.wps、.pdf、.txt、.md）")
