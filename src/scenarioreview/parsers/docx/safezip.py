"""Bounded reading of OOXML packages and hardened XML parsing.

A .docx is a zip of XML parts, and both layers can be abused: a tiny zip can inflate to gigabytes (a "zip
bomb"), and an XML part can declare entities that expand exponentially ("billion laughs") or fetch external
files. Every part therefore goes through ``read_part`` (size and ratio caps enforced while inflating, not
trusted from the header) and ``parse_xml`` (no DTD at all, no entity resolution, no network).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import TYPE_CHECKING, Any

from ...errors import CorruptFile

if TYPE_CHECKING:
    from typing_extensions import Self

MAX_PART_BYTES = 100 * 1024 * 1024  # one inflated part
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # all parts read from one package
# inflated/compressed; only enforced above RATIO_FLOOR, since small parts compress well legitimately, and
# only on markup parts: an uncompressed TIFF/BMP page scan of white paper deflates 1000:1 quite honestly,
# and pictures are bounded by the size caps (a real bomb declares or inflates to a huge size).
MAX_RATIO = 200
RATIO_FLOOR = 2 * 1024 * 1024
_PICTURE_EXT = (
    ".bmp",
    ".dib",
    ".tif",
    ".tiff",
    ".png",
    ".gif",
    ".jpg",
    ".jpeg",
    ".emf",
    ".wmf",
    ".emz",
    ".wmz",
)
MAX_ENTRIES = 20000  # a real .docx has tens of parts, a few thousand with many images
_CHUNK = 1024 * 1024
# what zipfile raises on damaged archives (NotImplementedError: garbled version/compression fields)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError)


def _bomb(name: str, detail: str) -> CorruptFile:
    return CorruptFile(f"压缩包内部件 {name} {detail}，疑似“压缩炸弹”，已拒绝处理", code="zip_bomb")


class SafeZip:
    """A read-only zip with inflation limits; use as a context manager."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(data))
        except _ZIP_ERRORS as exc:
            raise CorruptFile("DOCX 文件已损坏或不完整（ZIP 结构无法读取，可能下载或拷贝时被截断）") from exc
        self._total = 0
        infos = self._zf.infolist()
        if len(infos) > MAX_ENTRIES:
            self._zf.close()
            raise CorruptFile(
                f"压缩包包含 {len(infos)} 个部件，远超正常文档，疑似恶意构造，已拒绝处理", code="zip_bomb"
            )
        self._infos = {i.filename: i for i in infos}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zf.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read_part(self, name: str) -> bytes:
        """Inflate one part, stopping as soon as a limit is crossed (declared sizes can lie)."""
        info = self._infos.get(name)
        if info is None:
            raise CorruptFile(f"DOCX 文件缺少部件 {name}")
        if info.file_size > MAX_PART_BYTES:
            raise _bomb(name, f"声明的解压大小为 {info.file_size // 1024 // 1024} MB")
        out = bytearray()
        ratio_rule = not (name.startswith("word/media/") and name.lower().endswith(_PICTURE_EXT))
        try:
            with self._zf.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    self._total += len(chunk)
                    if (
                        len(out) > MAX_PART_BYTES
                        or self._total > MAX_TOTAL_BYTES
                        or len(out) > info.file_size
                    ):
                        raise _bomb(name, "解压后超过大小上限")
                    if (
                        ratio_rule
                        and len(out) > RATIO_FLOOR
                        and len(out) > MAX_RATIO * max(1, info.compress_size)
                    ):
                        raise _bomb(name, f"压缩比超过 {MAX_RATIO}:1")
        except CorruptFile:
            raise
        except RuntimeError as exc:  # zipfile: the entry's "encrypted" flag is set (never so in a real .docx)
            raise CorruptFile(f"DOCX 文件已损坏：部件 {name} 被标记为 ZIP 加密，无法解压") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise CorruptFile(f"DOCX 文件已损坏：部件 {name} 无法解压（{type(exc).__name__}）") from exc
        return bytes(out)


_DOCTYPE_MARKS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"))


def _unsafe(name: str) -> CorruptFile:
    return CorruptFile(
        f"部件 {name} 含有 DTD/实体声明（可能是恶意构造的文件），已拒绝处理", code="unsafe_xml"
    )


def parse_xml(data: bytes, name: str) -> Any:
    """Parse one XML part with lxml, refusing any DTD (entity bombs, external entities)."""
    from lxml import etree

    head = data[:4096]
    # A DTD may only appear in the prolog, so looking at the start is enough; the docinfo check below
    # catches prologs longer than that.
    if any(mark in head for mark in _DOCTYPE_MARKS):
        raise _unsafe(name)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptFile(f"DOCX 文件已损坏：部件 {name} 的 XML 无法解析（{exc.msg}）") from exc
    if root is None:
        raise CorruptFile(f"DOCX 文件已损坏：部件 {name} 为空")
    if root.getroottree().docinfo.doctype:
        raise _unsafe(name)
    return root
