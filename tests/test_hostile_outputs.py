"""Hostile strings in applicant-controlled text (file names, applicant names, titles, narratives) through
every output: report.json, report.xlsx, report.html, the meeting commands' text and JSON, check --format md.
Script tags and attribute breakers must stay text, formula starters must not become formulas, ANSI escapes
must not reach a terminal or a workbook."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_review import form

from scenarioreview.cli import main
from scenarioreview.review.serialise import load_review_data as load_review  # the JSON as written

SCRIPT = '<script>alert(1)</script>" onmouseover="alert(2)'
FORMULA = '=HYPERLINK("http://example.invalid","点此")'
ANSI = "\x1b[31m红字\x1b[0m\x1b]0;标题\x07"
HOSTILE_NAMES = [SCRIPT, FORMULA, "+1+1", "@SUM(A1:A9)", "-2+3", ANSI]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("in")
    for i, name in enumerate(HOSTILE_NAMES):
        text = form(i, f"{name}公司").replace("场景一：", f"场景一：{name}", 1)
        text += f"\n补充说明：{SCRIPT}{FORMULA}{ANSI}。\n"
        (d / f"{i:02d}-{'=cmd' if i == 1 else 'x'}{i}.txt").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("ws")
    r = CliRunner().invoke(
        main, ["review", str(d), "--out", str(out), "--no-classify", "-q"], catch_exceptions=False
    )
    assert "Traceback" not in r.output
    return out


def test_json_keeps_the_text_and_stays_valid(hostile):
    review = load_review(hostile)
    names = {(s.get("applicant") or {}).get("name") for s in review["submissions"]}
    assert f"{SCRIPT}公司" in names and f"{FORMULA}公司" in names
    json.dumps(review)  # round-trips


def test_html_shows_markup_only_as_text(hostile):
    html = (hostile / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and 'onmouseover="alert' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html.split('<script type="application/json"')[0]


def test_xlsx_has_no_formula_and_no_control_character(hostile):
    from openpyxl import load_workbook

    wb = load_workbook(hostile / "report.xlsx")
    seen_formula_text = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                    assert not cell.value.startswith(("=", "+", "-", "@")), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                    assert "\x1b" not in cell.value and "\x07" not in cell.value
                    seen_formula_text |= "HYPERLINK" in cell.value
    assert seen_formula_text  # the text is there, as text


def _outputs(ws: Path) -> list[str]:
    review = load_review(ws)
    sub = review["submissions"][0]
    runs = [
        ["rank", str(ws)],
        ["show", str(ws), Path(sub["file"]).name],
        ["search", str(ws), "补充说明"],
        ["coverage", str(ws)],
        [
            "compare",
            str(ws),
            Path(review["submissions"][0]["file"]).name,
            Path(review["submissions"][1]["file"]).name,
        ],
    ]
    out = []
    for args in runs:
        for fmt in ("text", "json"):
            r = CliRunner().invoke(main, [*args, "--format", fmt], catch_exceptions=False)
            assert r.exit_code == 0, r.output
            out.append(r.output)
    return out


def test_json_outputs_escape_control_characters(hostile):
    outputs = _outputs(hostile)[1::2]
    for text in outputs:
        assert "\x1b" not in text and "\x07" not in text
        json.loads(text)
    assert any("\\u001b[31m" in t for t in outputs)  # kept, as JSON escapes


def test_terminal_text_carries_no_escape_sequence(hostile):
    outputs = _outputs(hostile)[0::2]
    for text in outputs:
        assert "\x1b" not in text and "\x07" not in text
    assert any("<script>alert(1)</script>" in t for t in outputs)  # shown as the literal text it is


def test_check_markdown_carries_no_escape_sequence(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(form(1, f"{ANSI}公司") + f"\n{ANSI}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(f), "--format", "md", "--no-classify"], catch_exceptions=False)
    assert "\x1b" not in r.output and "\x07" not in r.output and "公司" in r.output
