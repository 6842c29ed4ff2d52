"""Issue 14, items 6, 10 and 11: a bad attribute or a huge numbering start costs a label, not the file; an
honest uncompressed picture is not a zip bomb. Fixtures come from tests/hostile_build.py."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import hostile_build as hb
import pytest

from scenarioreview.parsers import parse
from scenarioreview.parsers.numfmt import format_number
from scenarioreview.pipeline import CheckOptions, check_file

OPTS = CheckOptions(classify=False)
TITLE = "设备运行状态在线监测与预测性维护"


def _check(tmp_path: Path, data: bytes, name: str = "申报书.docx"):  # type: ignore[no-untyped-def]
    p = tmp_path / name
    p.write_bytes(data)
    return check_file(str(p), OPTS)


def _heading_label(rep) -> str:  # type: ignore[no-untyped-def]
    return next(b.label for b in rep.application.document.blocks if "场景名称" in b.text)


# ------------------------------------------------------------------ 10. bad attributes are ignored
@pytest.mark.parametrize(
    "case, label",
    [
        ({"ilvl_attr": "abc"}, "1."),  # <w:lvl w:ilvl="abc">: read as level 0, as Word does
        ({"start": "abc"}, "1."),  # <w:start w:val="abc">: the default start
        ({"para_ilvl": "abc"}, "1."),  # <w:numPr><w:ilvl w:val="abc">
        ({"override": "九"}, "1."),  # <w:startOverride w:val="九">
        ({"start": "9" * 5000}, "1."),  # more digits than int() accepts: ignored, not a crash
        ({"fmt": "ideographDigital", "start": "-5"}, "〇."),  # negative start: clamped to 0
        ({"fmt": "decimalFullWidth", "start": "-5"}, "０."),
    ],
)
def test_bad_numbering_attribute_keeps_the_document(tmp_path: Path, case: dict[str, str], label: str) -> None:
    rep = _check(tmp_path, hb.numbered_form(**case))
    assert rep.status == "ok", rep.error
    assert _heading_label(rep) == label
    assert rep.application.applicant.name == "常州瑞丰精密机械有限公司"
    assert any("预测性维护" in b.text for b in rep.application.document.blocks)
    assert rep.scenarios and "综合效率" in "".join(s.scenario.text for s in rep.scenarios)


def test_utf16_text_with_a_lone_surrogate_is_read(tmp_path: Path) -> None:
    text = "\n".join(hb.FORM_HEAD + ["一、" + hb.SCENARIO_TITLE] + hb.SCENARIO_BODY)
    raw = b"\xff\xfe" + text.encode("utf-16-le")
    cut = raw.index("实施后".encode("utf-16-le"))
    raw = raw[:cut] + b"\x00\xd8" + raw[cut:]  # a high surrogate with no low one after it
    rep = _check(tmp_path, raw, "申报书.txt")
    assert rep.status == "ok", rep.error
    assert "\ufffd实施后设备综合效率" in rep.scenarios[0].scenario.text


# ------------------------------------------------------------------ 6. huge numbering starts are bounded
@pytest.mark.parametrize(
    "fmt, start, label",
    [
        ("lowerLetter", "100000000", "100000000."),  # was a label of 3.8 million letters
        ("upperLetter", "4000000000", "2147483647."),  # was a MemoryError
        ("lowerLetter", "53", "aaa."),  # ordinary letter numbering is unchanged
        ("chineseCounting", "9" * 4000, "二十一万四千七百四十八万三千六百四十七."),  # no deep recursion
    ],
)
def test_huge_numbering_start_is_clamped_and_fast(tmp_path: Path, fmt: str, start: str, label: str) -> None:
    rep = _check(tmp_path, hb.numbered_form(fmt=fmt, start=start))
    assert rep.status == "ok", rep.error
    assert _heading_label(rep) == label  # bounded: at most 30 letters or the decimal value


def test_format_number_bounds() -> None:
    assert format_number(780, "upperLetter") == "Z" * 30
    assert format_number(781, "upperLetter") == "781"
    assert format_number(-3, "ideographDigital") == "-3"
    assert format_number(2**40, "chineseCounting") == str(2**40)


# ------------------------------------------------------------------ 11. honest images vs zip bombs
def _with_part(name: str, data: bytes, comp: int) -> bytes:
    paras = [hb.para(t) for t in hb.FORM_HEAD] + [hb.para("一、" + hb.SCENARIO_TITLE)]
    paras += [hb.para(t) for t in hb.SCENARIO_BODY]
    return hb.docx_bytes(paras, extra={name: (data, comp)})


def _bmp(width: int, height: int) -> bytes:
    """An uncompressed 24-bit BMP of a white page with a few dark rows (a scanner's output)."""
    import struct

    row = (b"\xff" * (width * 3)).ljust((width * 3 + 3) & ~3, b"\x00")
    dark = (b"\x20" * (width * 3)).ljust(len(row), b"\x00")
    pixels = b"".join(dark if y % 40 == 0 else row for y in range(height))
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def test_uncompressed_page_scan_in_docx_is_not_a_bomb(tmp_path: Path) -> None:
    scan = _bmp(1240, 1754)  # an A4 page at 150 dpi: 6.5 MB, deflates about 1000:1
    rep = _check(tmp_path, _with_part("word/media/image1.bmp", scan, zipfile.ZIP_DEFLATED))
    assert rep.status == "ok", rep.error
    assert rep.application.applicant.name == "常州瑞丰精密机械有限公司"


def test_huge_picture_or_inflating_markup_is_still_a_bomb(tmp_path: Path) -> None:
    huge = b"\x00" * (120 * 1024 * 1024)  # over the per-part cap: refused whatever its kind
    rep = _check(tmp_path, _with_part("word/media/image1.bmp", huge, zipfile.ZIP_DEFLATED))
    assert rep.status == "failed" and rep.error.code == "zip_bomb"
    assert "word/media/image1.bmp" in rep.error.message
    # a markup part that inflates far beyond any real ratio is refused as before
    paras = [hb.para(t) for t in hb.FORM_HEAD] + [hb.para(" " * 4_000_000)]
    rep = _check(tmp_path, hb.docx_bytes(paras))
    assert rep.status == "failed" and rep.error.code == "zip_bomb" and "200:1" in rep.error.message


# ------------------------------------------------------------------ 7. quadratic paths are linear; giants refused
def _steps(fn, module) -> int:  # type: ignore[no-untyped-def]
    """Lines executed inside ``module`` (every file of it, when it is a package) while ``fn`` runs: a
    deterministic measure of work (no clock)."""
    target = module.__file__
    package = str(Path(target).parent) + "/" if hasattr(module, "__path__") else None
    count = 0

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
        name = frame.f_code.co_filename
        return local if name == target or (package and name.startswith(package)) else None

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def test_heading_like_text_segments_in_linear_work(tmp_path: Path) -> None:
    from scenarioreview import segment

    docs = []
    for name, size in (("小.txt", 40_000), ("大.txt", 160_000)):
        (tmp_path / name).write_text(hb.heading_like_text(size), encoding="utf-8")
        docs.append(parse(tmp_path / name))
    apps: list = []
    steps = [_steps(lambda d=d: apps.append(segment.read_application(d)), segment) for d in docs]
    assert len(apps[1].scenarios) > 3.5 * len(apps[0].scenarios) > 500  # every name line is a scenario
    assert steps[1] < 5 * steps[0]  # four times the text, about four times the work (was sixteen)


def test_metrics_on_long_prose_in_linear_work() -> None:
    from scenarioreview.checks import quantified_results as metrics

    out: list[int] = []
    steps = [
        _steps(lambda t=t: out.append(len(metrics.extract_metrics(t))), metrics)
        for t in (hb.long_prose(20_000), hb.long_prose(80_000))
    ]
    assert out[1] > 3.9 * out[0] > 400
    assert steps[1] < 5 * steps[0]


def test_text_far_larger_than_any_application_is_refused(tmp_path: Path) -> None:
    from scenarioreview.parsers import MAX_TEXT_CHARS

    p = tmp_path / "巨大.txt"
    p.write_text(hb.long_prose(MAX_TEXT_CHARS + 10_000).replace("。", "。\n"), encoding="utf-8")
    rep = check_file(str(p), OPTS)
    assert rep.status == "failed" and rep.error.code == "too_large"
    assert "远超任何真实申报书" in rep.error.message


# ------------------------------------------------------------------ found by scripts/fuzz_long.py
def test_ole_directory_cycle_is_corrupt_not_internal(tmp_path: Path) -> None:
    """Mutation 13 of f07 damages the OLE directory so that olefile recurses without end (RecursionError)."""
    import random

    seed = (Path(__file__).parent / "fixtures" / "forms" / "f07_scenario_headings.wps").read_bytes()
    rep = _check(tmp_path, hb.mutate_bytes(seed, random.Random(13)), "申报书.wps")
    assert rep.status == "failed" and rep.error.code == "corrupt", rep.error
    assert "目录结构已损坏" in rep.error.message


def test_zip_entry_flagged_as_encrypted_is_corrupt_not_internal(tmp_path: Path) -> None:
    """Found by scripts/fuzz_long.py: a flipped bit marks document.xml as ZIP-encrypted; zipfile raises
    RuntimeError("password required")."""
    import struct

    data = bytearray(hb.numbered_form())
    pos = data.find(b"PK\x01\x02")  # central directory entries: flags at +8, name length at +28, name at +46
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == b"word/document.xml":
            struct.pack_into("<H", data, pos + 8, struct.unpack_from("<H", data, pos + 8)[0] | 0x1)
        pos = data.find(b"PK\x01\x02", pos + 4)
    rep = _check(tmp_path, bytes(data))
    assert rep.status == "failed" and rep.error.code == "corrupt", rep.error
    assert "word/document.xml 被标记为 ZIP 加密" in rep.error.message
