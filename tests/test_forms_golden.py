"""Generated application forms (scripts/make_forms.py) through the real parsers and the segmenter.

Two kinds of test per fixture:
* fidelity: what comes out equals what the generator put in (the ``.spec.json`` next to each form):
  scenario count, titles, declared typical scenarios, applicant, and the text (whitespace-normalised);
* golden: ``scenarioreview parse --format json`` equals ``golden/<form>.json`` (the file path made relative).
  A missing golden fails. Regenerate on purpose with ``SCENARIOREVIEW_REGEN_GOLDEN=1 pytest tests/test_forms_golden.py``.

The forms are committed, so no LibreOffice is needed here; ``python3 scripts/make_forms.py fixtures
tests/fixtures/forms`` rebuilds them (then regenerate the goldens and review the diff).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarioreview.cli import main
from scenarioreview.counting import count
from scenarioreview.parsers import parse
from scenarioreview.segment import read_application

FORMS = Path(__file__).parent / "fixtures" / "forms"
GOLDEN = FORMS / "golden"
REGEN = os.environ.get("SCENARIOREVIEW_REGEN_GOLDEN") == "1"
SPECS = sorted(FORMS.glob("*.spec.json"))

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from make_forms import FIXTURES, credit_code_valid  # noqa: E402 - scripts/ joins sys.path just above


def _form(spec_path: Path) -> Path:
    return spec_path.with_name(spec_path.name.removesuffix(".spec.json"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_fixture_in_the_generator_list_is_committed_with_its_spec() -> None:
    names = {name for name, *_ in FIXTURES}
    assert names == {_form(p).name for p in SPECS}
    assert all(_form(p).exists() for p in SPECS)
    layouts = {json.loads(p.read_text(encoding="utf-8"))["layout"] for p in SPECS}
    formats = {json.loads(p.read_text(encoding="utf-8"))["format"] for p in SPECS}
    assert layouts >= {"headings", "table", "table-nextrow", "outline", "numbering", "plain"}
    assert formats == {"docx", "doc", "wps", "pdf", "txt"}
    total = sum(f.stat().st_size for f in FORMS.rglob("*") if f.is_file())
    assert total < 6 * 1024 * 1024


def test_regeneration_flag_is_off_in_ci() -> None:
    if os.environ.get("CI", "").lower() == "true":
        assert not REGEN, "SCENARIOREVIEW_REGEN_GOLDEN must not be set in CI"


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: _form(p).name)
def test_fidelity(spec_path: Path) -> None:
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    app = read_application(parse(_form(spec_path)))
    want = spec["scenarios"]
    assert [s.title for s in app.scenarios] == [w["title"] for w in want]
    assert [s.declared_typical for s in app.scenarios] == [w["declared_typical"] for w in want]
    assert [s.declared_link for s in app.scenarios] == [w["link"] for w in want]
    for got, w in zip(app.scenarios, want):
        assert _norm(got.text) == _norm(w["text"]), got.title
    assert app.application_type == spec["application_type"]
    a, wa = app.applicant, spec["applicant"]
    assert (a.name, a.credit_code, a.industry, a.region, a.maturity_level) == (
        wa["name"],
        wa["credit_code"],
        wa["industry"],
        wa["region"],
        wa["maturity_level"],
    )
    assert credit_code_valid(a.credit_code or "")
    assert app.structure != "fallback" and not app.notices


def test_one_fixture_is_just_over_the_limit() -> None:
    words = [
        count(s["text"]).words for p in SPECS for s in json.loads(p.read_text(encoding="utf-8"))["scenarios"]
    ]
    over = [w for w in words if w > 3000]
    assert over and all(3050 <= w <= 3300 for w in over)
    assert min(words) >= 500


def test_narratives_are_distinct_realistic_lengths_across_industries() -> None:
    from make_forms import load_narratives, scenario_spec

    data = load_narratives()
    specs = [(n, scenario_spec(n)) for n in data["narratives"]]
    assert len({s.title for _n, s in specs}) == len(specs) >= 10
    assert len({data["companies"][n["company"]]["industry"] for n, _s in specs}) >= 5
    for n, s in specs:
        words = count(s.text).words
        assert (3050 <= words <= 3300) if n.get("over_limit") else (800 <= words <= 2000), (n["id"], words)
    assert sum(1 for n, _s in specs if n.get("over_limit")) == 1


def _parse_json(path: Path) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["parse", "--format", "json", "--jobs", "1", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for rep in data:
        rep["file"] = Path(rep["file"]).name  # the checkout location is not part of the result
    return data


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: _form(p).name)
def test_golden(spec_path: Path) -> None:
    form = _form(spec_path)
    got = _parse_json(form)
    golden = GOLDEN / (form.name + ".json")
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert golden.exists(), f"missing golden {golden.name}: run with SCENARIOREVIEW_REGEN_GOLDEN=1 and review"
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def _xml(form: str, part: str) -> str:
    import zipfile

    with zipfile.ZipFile(FORMS / form) as zf:
        return zf.read(part).decode("utf-8")


def test_numbering_fixture_keeps_scenario_numbers_out_of_the_text() -> None:
    body = _xml("f04_factory_numbering.docx", "word/document.xml")
    assert "场景一" not in body and body.count('<w:numId w:val="70"/>') == 4
    assert 'w:lvlText w:val="场景%1："' in _xml("f04_factory_numbering.docx", "word/numbering.xml")


def test_outline_fixture_uses_numeric_styles_with_outline_levels_only() -> None:
    body = _xml("f03_factory_outline.docx", "word/document.xml")
    assert '<w:pStyle w:val="2"/>' in body and "<w:outlineLvl" in body
    assert 'w:val="Heading' not in body


def test_table_fixtures_put_the_description_in_one_long_cell() -> None:
    from scenarioreview.parsers import parse

    doc = parse(FORMS / "f02_scenario_table.docx")
    rows = [r for b in doc.blocks if b.kind == "table" for r in b.rows]
    desc = [r for r in rows if r and r[0].startswith("场景描述")]
    assert len(desc) == 1 and count(desc[0][-1]).words > 800 and desc[0][-1].count("\n") >= 5


def test_examples_quick_start() -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    result = CliRunner().invoke(
        main, ["check", str(examples), "--no-classify", "--format", "json", "--jobs", "1"]
    )
    assert result.exit_code == 1, result.output  # error findings: one submission is over the limit
    reports = json.loads(result.stdout)
    assert len(reports) == 6 and all(r["status"] == "ok" for r in reports)
    assert {r["format"] for r in reports} == {"docx", "doc", "wps", "pdf"}
    assert sorted(len(r["scenarios"]) for r in reports) == [1, 1, 1, 1, 2, 6]
    over = [s["title"] for r in reports for s in r["scenarios"] if s["over_limit"]]
    assert over == ["液压油缸数字孪生工厂建设"]
    assert all(r["applicant"]["name"] and r["application_type"] in ("优秀场景", "示范工厂") for r in reports)


def test_round_trip_of_generated_docx_and_txt_forms_in_every_combination(tmp_path: Path) -> None:
    """Every layout x type x option set, written by the generator and read back, gives back the spec."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from make_forms import LAYOUTS, load_narratives, make_spec, write_form

    data = load_narratives()
    ids = [n["id"] for n in data["narratives"]]

    @settings(max_examples=25, deadline=None, derandomize=True)
    @given(
        layout=st.sampled_from(LAYOUTS),
        fmt=st.sampled_from(["docx", "txt"]),
        chosen=st.lists(st.sampled_from(ids), min_size=1, max_size=7, unique=True),
        summary=st.booleans(),
        furniture=st.booleans(),
        serial=st.integers(1, 10_000),
    )
    def run(layout: str, fmt: str, chosen: list[str], summary: bool, furniture: bool, serial: int) -> None:
        kind = "示范工厂" if len(chosen) > 1 else "优秀场景"
        spec = make_spec(
            f"rt.{fmt}",
            kind,
            layout,
            chosen,
            serial=serial,
            data=data,
            summary_table=summary,
            page_furniture=furniture,
        )
        path = write_form(spec, tmp_path / f"rt.{fmt}", write_spec=False)
        app = read_application(parse(path))
        assert [s.title for s in app.scenarios] == [s.title for s in spec.scenarios]
        assert [s.declared_typical for s in app.scenarios] == [s.typical for s in spec.scenarios]
        assert [_norm(s.text) for s in app.scenarios] == [_norm(s.text) for s in spec.scenarios]
        assert app.application_type == kind and app.applicant.credit_code == spec.company["credit_code"]
        assert credit_code_valid(spec.company["credit_code"])

    run()


def test_overleaf_fixture_really_runs_a_description_cell_over_a_page_break() -> None:
    # whether the PDF parser joins the table across the break or the segmenter reads on after it (see
    # test_segment.test_pdf_description_cell_running_over_the_page_break), test_fidelity must hold for it
    import pdfplumber

    spec = json.loads((FORMS / "f15_factory_table_overleaf.pdf.spec.json").read_text(encoding="utf-8"))
    with pdfplumber.open(FORMS / "f15_factory_table_overleaf.pdf") as pdf:
        pages = [_norm(page.extract_text() or "") for page in pdf.pages]

    def page_of(text: str) -> int:
        return next(i for i, p in enumerate(pages) if _norm(text)[:20] in p)

    crossing = [
        s["title"]
        for s in spec["scenarios"]
        if page_of(s["text"].split("\n")[-1]) > page_of(s["text"].split("\n")[1])
    ]
    assert crossing, "no description cell crosses a page break any more"
