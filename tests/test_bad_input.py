"""Bad input, through the library and through the CLI: a clear Chinese message naming the file and the
cause, the right error class/code, exit code 2, no traceback, and a batch that still reports good files."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import olefile
import pytest
from click.testing import CliRunner

import scenarioreview
from scenarioreview import errors
from scenarioreview.cli import main
from scenarioreview.parsers.docx import safezip

FIX = Path(__file__).parent / "fixtures" / "parsers"
GOOD_DOCX = FIX / "doc_source.docx"
GOOD_DOC = FIX / "doc_source.doc"


# ------------------------------------------------------------------------------------ bad files
def _rezip(src: Path, dst: Path, replace: dict[str, bytes], drop: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
    return dst


def truncated_docx(d: Path) -> Path:
    p = d / "截断的申报书.docx"
    data = GOOD_DOCX.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


def corrupt_doc(d: Path) -> Path:
    p = d / "损坏的申报书.doc"
    data = bytearray(GOOD_DOC.read_bytes())
    data[512:] = bytes(len(data) - 512)  # OLE header intact, every sector (FAT, directory, streams) zeroed
    p.write_bytes(bytes(data))
    return p


def doc_bad_piece_table(d: Path) -> Path:
    """A valid OLE container whose WordDocument FIB points the piece table outside the table stream."""
    p = d / "片段表损坏.doc"
    shutil.copyfile(GOOD_DOC, p)
    with olefile.OleFileIO(str(p), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        word[0x1A2:0x1A6] = (0x7FFFFFF0).to_bytes(4, "little")  # fcClx
        ole.write_stream("WordDocument", bytes(word))
    return p


def pdf_named_docx(d: Path) -> Path:
    p = d / "其实是PDF.docx"
    shutil.copyfile(FIX / "doc_source.pdf", p)
    return p


def truncated_pdf_named_docx(d: Path) -> Path:
    p = d / "截断的PDF.docx"
    data = (FIX / "doc_source.pdf").read_bytes()
    p.write_bytes(data[:1500])
    return p


def empty_file(d: Path) -> Path:
    p = d / "空文件.docx"
    p.write_bytes(b"")
    return p


def encrypted_docx(d: Path) -> Path:
    p = d / "加密的申报书.docx"
    shutil.copyfile(
        FIX / "encrypted.docx", p
    )  # made with msoffcrypto-tool by scripts/make_parser_fixtures.py
    return p


def encrypted_doc(d: Path) -> Path:
    p = d / "加密的申报书.doc"
    shutil.copyfile(GOOD_DOC, p)
    with olefile.OleFileIO(str(p), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        flags = int.from_bytes(word[0x0A:0x0C], "little") | 0x0100  # FIB fEncrypted
        word[0x0A:0x0C] = flags.to_bytes(2, "little")
        ole.write_stream("WordDocument", bytes(word))
    return p


def zip_bomb(d: Path) -> Path:
    """document.xml inflating from a few KB to 6 MB of whitespace: far beyond any real compression ratio."""
    body = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    body += b" " * (6 * 1024 * 1024) + b"<w:body/></w:document>"
    return _rezip(GOOD_DOCX, d / "压缩炸弹.docx", {"word/document.xml": body})


def billion_laughs(d: Path) -> Path:
    ents = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "哈哈">' + ents + "]>"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
        "<w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _rezip(GOOD_DOCX, d / "实体炸弹.docx", {"word/document.xml": xml.encode()})


def missing_main_part(d: Path) -> Path:
    return _rezip(GOOD_DOCX, d / "缺少正文.docx", {}, drop=("word/document.xml",))


def png_file(d: Path) -> Path:
    p = d / "扫描页.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return p


def directory(d: Path) -> Path:
    p = d / "一个目录.docx"
    p.mkdir()
    return p


def missing_path(d: Path) -> Path:
    return d / "不存在的申报书.docx"


# (maker, expected error class, expected code, words the message must contain)
BAD: list[tuple[Callable[[Path], Path], type[errors.InputError], str, str]] = [
    (truncated_docx, errors.CorruptFile, "corrupt", "损坏"),
    (corrupt_doc, errors.CorruptFile, "corrupt", "损坏"),
    (doc_bad_piece_table, errors.CorruptFile, "corrupt", "损坏"),
    (truncated_pdf_named_docx, errors.InputError, "", "PDF"),
    (empty_file, errors.EmptyFile, "empty", "为空"),
    (encrypted_docx, errors.EncryptedFile, "encrypted", "加密"),
    (encrypted_doc, errors.EncryptedFile, "encrypted", "加密"),
    (zip_bomb, errors.CorruptFile, "zip_bomb", "压缩炸弹"),
    (billion_laughs, errors.CorruptFile, "unsafe_xml", "DTD"),
    (missing_main_part, errors.CorruptFile, "corrupt", "word/document.xml"),
    (png_file, errors.UnsupportedFormat, "unsupported_format", "图片"),
    (directory, errors.InputError, "is_directory", "目录"),
    (missing_path, errors.InputError, "not_found", "不存在"),
]
IDS = [m.__name__ for m, *_ in BAD]


@pytest.mark.parametrize(("maker", "cls", "code", "word"), BAD, ids=IDS)
def test_library_raises_clear_error(tmp_path: Path, maker, cls, code: str, word: str) -> None:
    path = maker(tmp_path)
    with pytest.raises(cls) as info:
        scenarioreview.parse(path) if hasattr(scenarioreview, "parse") else _parse(path)
    exc = info.value
    if code:
        assert exc.code == code
    assert word in exc.message
    assert path.name in str(exc)  # "path：reason"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.message)


def _parse(path: Path):  # scenarioreview.parse is the documented entry point; keep a fallback for safety
    from scenarioreview.parsers import parse

    return parse(path)


def _assert_clean_failure(result, path: Path, word: str) -> None:
    out = result.stdout + result.stderr
    assert result.exit_code == 2, out
    assert "Traceback" not in out
    assert path.name in result.stderr
    assert word in result.stderr


@pytest.mark.parametrize(
    ("maker", "cls", "code", "word"),
    [b for b in BAD if b[0] is not directory],
    ids=[i for i in IDS if i != "directory"],
)
@pytest.mark.parametrize("command", ["parse", "check"])
def test_cli_reports_failure(tmp_path: Path, command: str, maker, cls, code: str, word: str) -> None:
    path = maker(tmp_path)
    args = [command, "--format", "json", str(path)]
    if command == "check":
        args.insert(1, "--no-classify")
    result = CliRunner().invoke(main, args)
    _assert_clean_failure(result, path, word)
    reports = json.loads(result.stdout)
    assert len(reports) == 1 and reports[0]["status"] == "failed"
    assert reports[0]["error"]["message"] and (not code or reports[0]["error"]["code"] == code)


@pytest.mark.parametrize("command", ["parse", "check"])
def test_cli_empty_directory(tmp_path: Path, command: str) -> None:
    d = tmp_path / "空目录"
    d.mkdir()
    result = CliRunner().invoke(main, [command, str(d)])
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "没有找到可处理的文件" in result.stderr


@pytest.mark.parametrize("command", ["parse", "check"])
def test_batch_keeps_good_files(tmp_path: Path, command: str) -> None:
    bad = [truncated_docx(tmp_path), encrypted_doc(tmp_path), zip_bomb(tmp_path), missing_path(tmp_path)]
    good = [GOOD_DOCX, GOOD_DOC, FIX / "word_application.docx"]
    inputs = [str(good[0]), str(bad[0]), str(good[1]), str(bad[1]), str(bad[2]), str(good[2]), str(bad[3])]
    args = [command, "--format", "json", "-j", "1", *inputs]
    if command == "check":
        args.insert(1, "--no-classify")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    reports = json.loads(result.stdout)
    assert [r["file"] for r in reports] == inputs
    status = {r["file"]: r["status"] for r in reports}
    assert all(status[str(g)] in ("ok", "partial") for g in good)  # partial: a 26-字 scenario is flagged
    for b in bad:
        rep = next(r for r in reports if r["file"] == str(b))
        assert rep["status"] == "failed"
        assert set(rep["error"]) >= {"code", "message"}
        assert b.name in result.stderr
    good_docx = next(r for r in reports if r["file"] == str(GOOD_DOCX))
    assert "预测性维护" in json.dumps(good_docx, ensure_ascii=False)


# ------------------------------------------------------------------- format from bytes, not name
def test_docx_renamed_doc_still_parses(tmp_path: Path) -> None:
    p = tmp_path / "改了扩展名.doc"
    shutil.copyfile(GOOD_DOCX, p)
    doc = _parse(p)
    assert doc.format == "docx"
    assert doc.blocks[0].text == "场景一：基于5G的设备远程运维"
    result = CliRunner().invoke(main, ["parse", "--format", "json", str(p)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["format"] == "docx"


def test_doc_renamed_docx_still_parses(tmp_path: Path) -> None:
    p = tmp_path / "其实是doc.docx"
    shutil.copyfile(GOOD_DOC, p)
    assert _parse(p).format == "doc"


def test_pdf_renamed_docx_is_read_as_pdf(tmp_path: Path) -> None:
    p = pdf_named_docx(tmp_path)
    doc = _parse(p)
    assert doc.format == "pdf"
    assert any("远程运维" in b.text for b in doc.blocks)


# -------------------------------------------------------------------------------- safety limits
def test_declared_size_over_limit_is_rejected_before_inflating(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(safezip, "MAX_PART_BYTES", 1024)
    with pytest.raises(errors.CorruptFile) as info:
        _parse(GOOD_DOCX)
    assert info.value.code == "zip_bomb"


def test_too_many_parts_is_rejected(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(safezip, "MAX_ENTRIES", 5)
    with pytest.raises(errors.CorruptFile) as info:
        _parse(GOOD_DOCX)
    assert info.value.code == "zip_bomb" and "部件" in info.value.message


def test_normal_compression_ratio_is_accepted(tmp_path: Path) -> None:
    # 3 MB of ordinary repeated paragraphs compresses well but stays far below the bomb ratio
    para = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
    rows = "".join(
        para.format(
            f"第{i}段：企业部署MES系统，通过5G专网采集{i % 97}台设备数据，设备综合效率提升{i % 13}%。"
        )
        for i in range(20000)
    )
    xml = (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{rows}</w:body></w:document>"
    ).encode()
    assert len(xml) > safezip.RATIO_FLOOR
    p = _rezip(GOOD_DOCX, tmp_path / "长文档.docx", {"word/document.xml": xml})
    doc = _parse(p)
    assert len(doc.blocks) == 20000


def test_xml_external_entity_is_rejected(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        "<w:t>&s;</w:t></w:r></w:p></w:body></w:document>"
    )
    p = _rezip(GOOD_DOCX, tmp_path / "外部实体.docx", {"word/styles.xml": xml.encode()})
    with pytest.raises(errors.CorruptFile) as info:
        _parse(p)
    assert info.value.code == "unsafe_xml" and "word/styles.xml" in info.value.message


def test_garbage_bytes_are_unsupported(tmp_path: Path) -> None:
    p = tmp_path / "乱码.docx"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(errors.UnsupportedFormat):
        _parse(p)


def test_broken_xml_is_corrupt(tmp_path: Path) -> None:
    p = _rezip(GOOD_DOCX, tmp_path / "坏XML.docx", {"word/document.xml": b"<w:document><w:body><w:p>"})
    with pytest.raises(errors.CorruptFile) as info:
        _parse(p)
    assert "XML" in info.value.message


def test_docx_bytes_roundtrip_in_memory() -> None:
    # sanity for the helper above: rezipping without changes keeps the document readable
    buf = io.BytesIO(GOOD_DOCX.read_bytes())
    assert zipfile.ZipFile(buf).testzip() is None


# ------------------------------------------------------------------------------------ fuzzing
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_MUTATIONS = st.lists(
    st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=12
)


def _mutate(data: bytes, edits: list[tuple[int, int]], skip_header: int, window: int) -> bytes:
    buf = bytearray(data)
    span = min(window, len(buf) - skip_header)
    for pos, value in edits:
        buf[skip_header + pos % span] = value
    return bytes(buf)


def _stream_offset(name: str, stream: str) -> int:
    """File offset of an OLE stream's first sector, so damage can be aimed at the structures we decode."""
    with olefile.OleFileIO(str(FIX / name)) as ole:
        entry = ole.direntries[ole._find(stream)]
        return (entry.isectStart + 1) * ole.sectorsize


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("doc_source.doc", "WordDocument"),
        ("doc_source.doc", "1Table"),
        ("word_application.doc", "WordDocument"),
        ("word_application.doc", "1Table"),
        ("word_application.doc", None),
        ("doc_source.docx", None),
    ],
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_MUTATIONS)
def test_damaged_files_never_crash(
    tmp_path: Path, name: str, target: str | None, edits: list[tuple[int, int]]
) -> None:
    """Random byte damage (keeping the magic bytes) yields a Document or an InputError, nothing else."""
    p = tmp_path / name
    start, window = (_stream_offset(name, target), 4096) if target else (8, 1 << 30)
    p.write_bytes(_mutate((FIX / name).read_bytes(), edits, skip_header=start, window=window))
    try:
        doc = _parse(p)
    except errors.InputError as exc:
        assert exc.message and p.name in str(exc)
    else:
        assert all(
            b.kind in ("paragraph", "heading", "table", "caption", "textbox", "image") for b in doc.blocks
        )


# ------------------------------------------------------------ files that only pretend to be Word
@pytest.mark.parametrize(
    ("content", "word"),
    [
        (
            b'<html xmlns:w="urn:schemas-microsoft-com:office:word"><body><p>\xe5\x9c\xba\xe6\x99\xaf</p></body></html>',
            "HTML",
        ),
        (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n', "MHT"),
        (
            b'<?xml version="1.0"?>\n<?mso-application progid="Word.Document"?>\n<w:wordDocument>',
            "Word 2003 XML",
        ),
        (b"{\\rtf1\\ansi\\ansicpg936 \\f0 \xb3\xa1\xbe\xb0}", "RTF"),
        (b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00" + bytes(64), "图片"),
    ],
)
def test_disguised_doc_is_refused_with_advice(tmp_path: Path, content: bytes, word: str) -> None:
    p = tmp_path / "网上填报导出.doc"
    p.write_bytes(content)
    with pytest.raises(errors.UnsupportedFormat) as info:
        _parse(p)
    assert word in info.value.message and p.name in str(info.value)


def test_text_starting_like_a_bitmap_is_still_text(tmp_path: Path) -> None:
    p = tmp_path / "说明.txt"
    p.write_text("BMS电池管理系统接入MES，实现电芯全流程追溯。\n", encoding="utf-8")
    assert _parse(p).format == "txt"


def test_word95_is_unsupported(tmp_path: Path) -> None:
    p = tmp_path / "旧版Word95.doc"
    shutil.copyfile(GOOD_DOC, p)
    with olefile.OleFileIO(str(p), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        word[2:4] = (0x0068).to_bytes(2, "little")  # nFib of Word 95
        ole.write_stream("WordDocument", bytes(word))
    with pytest.raises(errors.UnsupportedFormat) as info:
        _parse(p)
    assert "Word 6.0/95" in info.value.message


def test_data_folder_without_corpora_is_a_clear_error(tmp_path: Path) -> None:
    """SCENARIOREVIEW_DATA pointing at a folder without corpora/: a Chinese usage error naming the variable and
    the folder, exit 2, no traceback (the resolver caches per process, so this runs the CLI in a child)."""
    import os
    import subprocess
    import sys

    form = Path(__file__).parents[1] / "examples" / "徐州中冶-优秀场景申报书.docx"
    env = dict(os.environ, SCENARIOREVIEW_DATA=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "scenarioreview", "check", str(form)],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "SCENARIOREVIEW_DATA" in done.stderr and "corpora/" in done.stderr and str(tmp_path) in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
