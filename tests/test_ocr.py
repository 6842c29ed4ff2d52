"""Offline OCR of scanned and damaged PDFs (parsers/pdf/ocr.py) on the fixtures made by
scripts/make_scanned_fixtures.py: character accuracy (1 − CER) against the source text, scenario titles
found by segmentation, blocks marked as OCR with a confidence, and the engine never touching the network.

Every fixture is parsed once per module (rapidocr on CPU, a few seconds per page); the accuracy table is
printed even without -s."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from scenarioreview.model import Document
from scenarioreview.parsers.pdf import parse_pdf

FIX = Path(__file__).parent / "fixtures" / "scanned"
MANIFEST = json.loads((FIX / "manifest.json").read_text("utf-8"))
FILES = sorted(n for n in MANIFEST["files"] if n.endswith(".pdf"))  # the .docx ones: test_ocr_docx_images
# clean 200-dpi scans and damaged text layers re-read by OCR must be near perfect; noise/seals a bit less
TARGET = {"clean200": 0.97, "pua_tounicode": 0.97, "fakebold_offset": 0.97}
NOISY_TARGET = 0.93


def _source(name: str) -> dict:
    return json.loads((FIX / MANIFEST["files"][name]["source"]).read_text("utf-8"))


def _squash(text: str) -> str:
    # OCR cannot see spaces reliably ("OPC UA"); CER is measured on the characters, spaces removed
    return "".join(text.split())


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]


def accuracy(truth: str, got: str) -> float:
    t, g = _squash(truth), _squash(got)
    return 1 - edit_distance(t, g) / len(t)


@functools.cache
def parsed(name: str) -> Document:
    data = (FIX / name).read_bytes()
    return parse_pdf(FIX / name, data, hashlib.sha256(data).hexdigest(), ocr="auto")


def _target(name: str) -> float:
    kind = name.split("_", 1)[1].removesuffix(".pdf")
    return TARGET.get(kind, NOISY_TARGET)


def test_edit_distance() -> None:
    assert edit_distance("智能制造", "智能制造") == 0
    assert edit_distance("智能制造", "智制造") == 1
    assert edit_distance("场景一", "场景二") == 1
    assert accuracy("企业 以 数字化车间", "企业以数字化车问") == 1 - 1 / 8


@pytest.mark.slow
def test_accuracy_table(capsys: pytest.CaptureFixture[str]) -> None:
    """1 − CER per fixture against the text that went into the .docx, printed as a table."""
    rows = []
    for name in FILES:
        info = MANIFEST["files"][name]
        truth = "".join(b["text"] for b in _source(name)["blocks"])
        doc = parsed(name)
        got = "".join(b.text for b in doc.blocks)
        rows.append(
            (
                name,
                info.get("dpi", "-"),
                info.get("rotation", 0.0),
                info.get("seal", False),
                doc.pages,
                accuracy(truth, got),
                _target(name),
            )
        )
    lines = [
        "",
        "OCR 字符准确率（1 − CER，去空格）",
        f"{'fixture':26s} {'dpi':>4s} {'rot°':>5s} {'seal':>5s} {'pages':>5s} {'1-CER':>7s} {'target':>7s}",
    ]
    for name, dpi, rot, seal, pages, acc, target in rows:
        lines.append(f"{name:26s} {dpi!s:>4s} {rot:5.1f} {seal!s:>5s} {pages:5d} {acc:7.4f} {target:7.2f}")
    with capsys.disabled():
        print("\n".join(lines))
    for name, *_, acc, target in rows:
        assert acc >= target, f"{name}: 1-CER {acc:.4f} < {target}"


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in FILES if MANIFEST["files"][n]["kind"] == "scan"])
def test_scanned_form_keeps_every_scenario_title(name: str) -> None:
    from scenarioreview.segment import read_application

    expected = [b["text"] for b in _source(name)["blocks"] if b["text"].startswith("场景")]
    app = read_application(parsed(name))
    titles = [s.title for s in app.scenarios]
    assert len(titles) == len(expected)
    for want, got in zip(expected, titles):
        assert want.split("：", 1)[1] in got  # the title proper, whatever the segmenter does with "场景一："
    assert all(s.from_ocr for s in app.scenarios)
    assert app.application_type == "优秀场景"


@pytest.mark.slow
@pytest.mark.parametrize("name", FILES)
def test_blocks_are_marked_ocr_with_confidence(name: str) -> None:
    doc = parsed(name)
    assert doc.status == "ok" and doc.blocks
    assert all(
        b.source == "ocr" and b.confidence is not None and 0.5 <= b.confidence <= 1 for b in doc.blocks
    )
    assert [n.code for n in doc.notices] == ["ocr"] * doc.pages
    assert [n.page for n in doc.notices] == list(range(1, doc.pages + 1))
    assert all(
        "已 OCR 识别（平均置信度 0." in n.message or "（平均置信度 1.00）" in n.message for n in doc.notices
    )
    # headings are rebuilt from numbering and centring, paragraphs from indents, as for a text layer
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds.get("二、场景描述", kinds.get("二、典型场景")) == "heading"
    assert (
        sum(1 for b in doc.blocks if b.kind == "paragraph")
        >= len([b for b in _source(name)["blocks"] if b["kind"] == "p"]) - 1
    )


@pytest.mark.slow
def test_full_width_punctuation_survives_ocr() -> None:
    text = "".join(b.text for b in parsed("a_clean200.pdf").blocks)
    assert "（一）实施方法" in text and "，" in text and "(" not in text


def test_red_seal_is_bleached_black_text_kept() -> None:
    from scenarioreview.parsers.pdf.ocr import bleach_red, render_page

    rgb = np.asarray(render_page((FIX / "a_seal200.pdf").read_bytes(), 1, 100), dtype=np.int16)
    red = (rgb[..., 0] > 110) & (rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2]) > 50)
    assert red.sum() > 2000  # the fixture really carries a seal
    grey = bleach_red(rgb.astype(np.uint8))
    assert grey.shape == rgb.shape[:2] and grey[red].min() == 255
    dark_before = (rgb.max(axis=-1) < 100).sum()  # black in every channel: print, with or without the seal
    assert (grey < 100).sum() >= 0.98 * dark_before


def test_bleach_on_pixels() -> None:
    from scenarioreview.parsers.pdf.ocr import bleach_red

    px = np.array(
        [[[0, 0, 0], [210, 30, 35], [60, 20, 20], [30, 60, 200], [120, 120, 120], [255, 255, 255]]],
        dtype=np.uint8,
    )
    # black print, seal red, print under the seal (dark red), blue-ink signature, grey, paper
    assert bleach_red(px).tolist() == [[0, 255, 31, 255, 120, 255]]


def test_cjk_punctuation_rules() -> None:
    from scenarioreview.parsers.pdf.ocr import cjk_punctuation

    assert cjk_punctuation("(一)实施方法") == "（一）实施方法"
    assert (
        cjk_punctuation("综合利用率(OEE)由68%提高到81.5%,年节约")
        == "综合利用率（OEE）由68%提高到81.5%，年节约"
    )
    assert cjk_punctuation("OPC UA (IEC 62541), v1.04") == "OPC UA (IEC 62541), v1.04"


def test_spaces_next_to_cjk_are_dropped() -> None:
    from scenarioreview.parsers.pdf.ocr import cjk_spaces

    assert cjk_spaces("（一） 实施方法") == "（一）实施方法"
    assert cjk_spaces("基于 OPC  UA 的 数据 采集") == "基于OPC UA的数据采集"
    assert cjk_spaces(" 场景一 ") == "场景一"


def test_reading_order_of_a_rotated_page() -> None:
    """Boxes of a page rotated by 1.2°: rows stay rows and come out top to bottom, left to right."""
    import math

    from scenarioreview.parsers.pdf.ocr import group_rows, to_lines

    angle = math.radians(1.2)

    def box(x: float, y: float, w: float, h: float = 40) -> list[list[float]]:
        pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        return [
            [px * math.cos(angle) - py * math.sin(angle), px * math.sin(angle) + py * math.cos(angle)]
            for px, py in pts
        ]

    boxes = [box(900, 300, 500), box(200, 300, 600), box(200, 370, 1200), box(200, 440, 300)]
    texts = ["段落的后半", "场景一：基于", "第二行文字", "第三行"]
    rows = group_rows(to_lines(boxes, texts, [0.99, 0.98, 0.97, 0.3]))
    # the low-score box is dropped; the two boxes of the first row are joined in x order
    assert [r.text for r in rows] == ["场景一：基于段落的后半", "第二行文字"]


def test_engine_loads_bundled_models_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine loads from the models bundled in the wheel and reads a page with no connection attempted
    (attempts are recorded, not raised, so that a library swallowing the error cannot hide one)."""
    import socket

    from scenarioreview.parsers.pdf import ocr

    attempts: list[object] = []

    def no_network(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    ocr._engine.cache_clear()
    name = "a_clean200.pdf"
    blocks = ocr.ocr_page((FIX / name).read_bytes(), 1)
    monkeypatch.undo()
    assert attempts == []
    title = next(b["text"] for b in _source(name)["blocks"] if b["kind"] == "title")
    assert title in _squash("".join(b.text for b in blocks))


def test_missing_engine_raises_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from scenarioreview.errors import MissingExtra
    from scenarioreview.parsers.pdf import ocr

    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("rapidocr"):
            raise ImportError("No module named 'rapidocr'")
        return real_import(name, *args, **kwargs)

    ocr._engine.cache_clear()
    monkeypatch.setattr(builtins, "__import__", fake_import)
    try:
        with pytest.raises(MissingExtra) as info:
            ocr.ocr_page((FIX / "b_noisy150.pdf").read_bytes(), 1)
    finally:
        monkeypatch.undo()
        ocr._engine.cache_clear()
    assert 'pip install "scenarioreview[ocr]"' in info.value.message


@pytest.mark.slow
def test_check_command_on_a_scan() -> None:
    """Through the CLI: OCR text is marked in the JSON, counts match the source text, and --ocr never
    leaves the scan unread with a partial status."""
    from click.testing import CliRunner

    from scenarioreview.cli import main
    from scenarioreview.counting import count

    path = str(FIX / "b_noisy150.pdf")
    out = CliRunner().invoke(main, ["check", path, "--no-classify", "--format", "json"])
    data = json.loads(out.output)
    rep = data[0] if isinstance(data, list) else data.get("files", [data])[0]
    assert rep["status"] == "ok" and [n["code"] for n in rep["notices"]] == ["ocr"]
    assert [s["text_source"] for s in rep["scenarios"]] == ["ocr"] * 3
    source = _source("b_noisy150.pdf")["blocks"]
    first = []  # paragraphs of 场景一 in the source, up to the next scenario title
    for b in source[[b["text"] for b in source].index("场景一：能耗数据监测与能效优化") + 1 :]:
        if b["text"].startswith("场景"):
            break
        first.append(b["text"])
    assert rep["scenarios"][0]["counts"]["words"] == count("\n".join(first)).words
    never = CliRunner().invoke(main, ["check", path, "--no-classify", "--format", "json", "--ocr", "never"])
    data = json.loads(never.output)
    rep = data[0] if isinstance(data, list) else data.get("files", [data])[0]
    assert rep["status"] == "partial" and all(s["counts"]["words"] == 0 for s in rep["scenarios"])
    assert [n["code"] for n in rep["notices"]][:1] == ["no_text_layer"]
