"""Build realistic application forms (附件4 style) for tests, examples and benchmarks.

Importable: ``build_docx(spec) -> docx.Document``, ``write_form(spec, path, fmt)``, ``make_spec(...)``,
``credit_code(...)``. CLI: ``python3 scripts/make_forms.py fixtures|examples|batch OUT_DIR``.

A form is: cover (项目类别、申报单位、推荐单位、日期) -> 一、申报主体基本情况 table -> 二、场景情况 (one block per
scenario in one of five layouts) -> for 示范工厂: 揭榜任务、建设目标与指标、建设进度、投资情况 -> 承诺.
Layouts: ``headings`` (Word heading styles), ``table`` (label rows, description in a long cell; ``table-nextrow``
puts the description in the row below its label), ``outline`` (WPS-like numeric styles carrying only an outline
level), ``numbering`` (automatic numbering "场景一：" drawn from numPr, not in the text), ``plain`` ("3. 场景名称：…").

Options (``make_spec(..., summary_table=True, page_furniture=True)``): a 场景清单 table listing every scenario
before the descriptions, and a running header plus "— n —" page numbers.

Formats: .docx written directly; .doc and .pdf converted by LibreOffice (``soffice --headless``) with a private
profile; .wps is honestly the LibreOffice .doc bytes under a .wps name (WPS Office saves Word-97 binaries the
same way; we have no WPS here); .txt is the plain-text rendering of the same form. Next to each form a
``<name>.spec.json`` records the titles, declared typical scenarios and texts put in.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

NARRATIVES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "forms" / "narratives.yaml"
CN = "一二三四五六七八九十"
SUBHEAD_ENUM = {"cn_paren": "（{}）", "cn_comma": "{}、", "arabic_paren": "（{}）"}
LAYOUTS = ("headings", "table", "table-nextrow", "outline", "numbering", "plain")

# --- GB 32100 unified social credit codes (with the GB 11714 organisation-code check inside) -------------
_CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code(area: str, serial: int) -> str:
    """A valid 18-character code for an enterprise (登记管理部门 9, 类别 1) in administrative area ``area``."""
    body8 = f"{serial % 10**8:08d}"
    s = sum(int(c) * w for c, w in zip(body8, _ORG_WEIGHTS))
    c9 = 11 - s % 11
    org = body8 + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    head = "91" + area + org
    total = sum(_CC_ALPHABET.index(ch) * w for ch, w in zip(head, _CC_WEIGHTS))
    return head + _CC_ALPHABET[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    if len(code) != 18 or any(ch not in _CC_ALPHABET for ch in code):
        return False
    total = sum(_CC_ALPHABET.index(ch) * w for ch, w in zip(code[:17], _CC_WEIGHTS))
    return _CC_ALPHABET[(31 - total % 31) % 31] == code[17]


# --- specs ---------------------------------------------------------------------------------------------


@dataclass
class ScenarioSpec:
    title: str
    typical: str
    link: str
    lines: list[str]  # description lines: sub-headings and paragraphs, in order
    subheads: list[int]  # indexes into ``lines`` that are sub-headings

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class FormSpec:
    name: str
    application_type: str  # 优秀场景 | 示范工厂
    layout: str
    company: dict[str, str]
    scenarios: list[ScenarioSpec]
    maturity: str | None = None  # 示范工厂: e.g. "三级（集成级）"
    date: str = "2022年10月"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self, file: str, fmt: str) -> dict[str, Any]:
        return {
            "file": file, "format": fmt, "layout": self.layout, "options": self.extra,
            "application_type": self.application_type,
            "applicant": {"name": self.company["name"], "credit_code": self.company["credit_code"],
                          "industry": self.company["industry"], "region": f"{self.company['city']}工业和信息化局",
                          "maturity_level": _maturity_int(self.maturity)},
            "scenarios": [{"title": s.title, "declared_typical": s.typical, "link": s.link, "text": s.text}
                          for s in self.scenarios],
        }


def _maturity_int(label: str | None) -> int | None:
    return None if not label else CN.index(label[0]) + 1


def load_narratives(path: Path = NARRATIVES) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def scenario_spec(narrative: dict[str, Any], enum: str = "cn_paren") -> ScenarioSpec:
    lines: list[str] = []
    subheads: list[int] = []
    for i, sec in enumerate(narrative["sections"]):
        n = str(i + 1) if enum == "arabic_paren" else CN[i]
        subheads.append(len(lines))
        lines.append(SUBHEAD_ENUM[enum].format(n) + sec["heading"])
        lines.extend(sec["paras"])
    return ScenarioSpec(narrative["title"], narrative["typical"], narrative["link"], lines, subheads)


def make_spec(name: str, kind: str, layout: str, narrative_ids: list[str], *, serial: int = 1,
              maturity: str | None = None, data: dict[str, Any] | None = None, **extra: Any) -> FormSpec:
    data = data or load_narratives()
    by_id = {n["id"]: n for n in data["narratives"]}
    first = by_id[narrative_ids[0]]
    company = dict(data["companies"][first["company"]])
    company["credit_code"] = credit_code(company["area"], 10_000_000 + 7919 * serial)
    enum = "arabic_paren" if layout == "plain" else "cn_comma" if layout.startswith("table") else "cn_paren"
    scenarios = [scenario_spec(by_id[i], enum) for i in narrative_ids]
    if kind == "示范工厂" and maturity is None:
        maturity = "三级（集成级）"
    return FormSpec(name, kind, layout, company, scenarios, maturity, extra=extra)


# --- fixed form sections (short, realistic, identical across forms) -----------------------------------

_FORM_TEXT = load_narratives()["form_text"]
FACTORY_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (title, tuple(paras)) for title, paras in _FORM_TEXT["factory_sections"])
PLEDGE: str = _FORM_TEXT["pledge"]


def _form_title(kind: str) -> str:
    return "2022年度智能制造示范工厂揭榜单位申报书" if kind == "示范工厂" else "2022年度智能制造优秀场景申报书"


def _basic_rows(spec: FormSpec) -> list[tuple[str, str, str, str]]:
    c = spec.company
    rows = [("企业名称", c["name"], "统一社会信用代码", c["credit_code"]),
            ("所属行业", c["industry"], "所在地市", c["city"]),
            ("联系人", "王立新", "联系电话", "0512-6688" + c["area"][-4:]),
            ("主要产品", c["product"], "2021年营业收入（万元）", "286,400")]
    if spec.maturity:
        rows.append(("智能制造能力成熟度自评等级", spec.maturity, "是否已承担示范工厂揭榜任务", "否"))
    return rows


def render_text(spec: FormSpec) -> str:
    """The plain-text rendering (.txt): the same form, label rows written as "label：value" lines."""
    out = ["附件4", _form_title(spec.application_type), f"项目类别：智能制造{spec.application_type}",
           f"申报单位（盖章）：{spec.company['name']}", f"推荐单位：{spec.company['city']}工业和信息化局",
           f"申报日期：{spec.date}", "一、申报主体基本情况"]
    for a, b, c, d in _basic_rows(spec):
        out += [f"{a}：{b}", f"{c}：{d}"]
    out.append("二、场景情况")
    for k, s in enumerate(spec.scenarios, 1):
        if spec.layout == "plain":
            out.append(f"{k}. 场景名称：{s.title}")
        else:
            out.append(f"场景{CN[k - 1] if k <= 10 else k}：{s.title}")
        out += [f"对应典型场景：{s.typical}", f"所属环节：{s.link}", *s.lines]
    n = 3
    if spec.application_type == "示范工厂":
        for title, paras in FACTORY_SECTIONS:
            out += [f"{CN[n - 1]}、{title}", *paras]
            n += 1
    out += [f"{CN[n - 1]}、真实性及不涉密承诺", PLEDGE, "法定代表人（签字）：", spec.date]
    return "\n".join(out) + "\n"


def write_form(spec: FormSpec, path: str | Path, fmt: str | None = None, *, write_spec: bool = True) -> Path:
    """Write ``spec`` as .docx/.doc/.wps/.pdf/.txt (from the suffix unless ``fmt`` is given)."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "txt":
        path.write_text(render_text(spec), encoding="utf-8")
    elif fmt == "docx":
        build_docx(spec).save(str(path))
    elif fmt in ("doc", "wps", "pdf"):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / (path.stem + ".docx")
            build_docx(spec).save(str(src))
            converted = convert([src], "pdf" if fmt == "pdf" else "doc", Path(tmp))[0]
            shutil.copyfile(converted, path)
    else:
        raise ValueError(f"unknown format {fmt}")
    if write_spec:
        spec_path = path.with_name(path.name + ".spec.json")
        spec_path.write_text(json.dumps(spec.to_json(path.name, fmt), ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    return path


def convert(sources: list[Path], target: str, out_dir: Path) -> list[Path]:
    """Convert with LibreOffice in one process, using a private profile so parallel runs do not clash."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is needed to write .doc/.wps/.pdf forms")
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
               "doc:MS Word 97" if target == "doc" else "pdf:writer_pdf_Export", "--outdir", str(out_dir),
               *map(str, sources)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    outs = [out_dir / (s.stem + "." + target) for s in sources]
    missing = [str(o) for o in outs if not o.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return outs


# --- .docx (python-docx, plus raw XML for outline levels and automatic numbering) ------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NUM_ID = 70  # our scenario-heading list (abstractNum 70); the template already uses 1..9


def _numbering_xml() -> tuple[str, str]:
    abstract = (
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="70"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:suff w:val="nothing"/><w:lvlText w:val="场景%1："/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr>'
        '</w:lvl></w:abstractNum>'
    )
    num = f'<w:num xmlns:w="{_W}" w:numId="{_NUM_ID}"><w:abstractNumId w:val="70"/></w:num>'
    return abstract, num


def _set_east_asian(style: Any, font: str, size_pt: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = font
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), font)
    if size_pt:
        style.font.size = Pt(size_pt)


def _outline(paragraph_or_style_pPr: Any, level: int) -> None:
    from docx.oxml.ns import qn

    el = paragraph_or_style_pPr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(level)})
    paragraph_or_style_pPr.append(el)


class _Writer:
    """Small helper that knows the layout's conventions for section and scenario headings."""

    def __init__(self, spec: FormSpec) -> None:
        import docx
        from docx.enum.style import WD_STYLE_TYPE

        self.spec = spec
        self.doc = docx.Document()
        _set_east_asian(self.doc.styles["Normal"], "宋体", 12)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
            _set_east_asian(self.doc.styles[name], "黑体")
        if spec.layout == "outline":
            # WPS often saves outline levels on plain numeric styles, without Word's heading styles
            for lvl in (1, 2, 3):
                st = self.doc.styles.add_style(str(lvl), WD_STYLE_TYPE.PARAGRAPH)
                st.base_style = self.doc.styles["Normal"]
                st.font.bold = True
                _outline(st.element.get_or_add_pPr(), lvl - 1)
        if spec.layout == "numbering":
            from docx.oxml import parse_xml

            numbering = self.doc.part.numbering_part.element
            abstract, num = _numbering_xml()
            numbering.insert(0, parse_xml(abstract))
            numbering.append(parse_xml(num))

    def para(self, text: str, *, bold: bool = False, center: bool = False, size: float | None = None) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    def heading(self, text: str, level: int) -> Any:
        layout = self.spec.layout
        if layout == "outline":
            p = self.doc.add_paragraph(text, style=str(level))
            _outline(p._p.get_or_add_pPr(), level - 1)
            return p
        if layout == "plain" or (layout == "numbering" and level > 1):
            return self.para(text, bold=True)
        return self.doc.add_heading(text, level)

    def numbered_heading(self, text: str) -> Any:
        from docx.oxml import parse_xml

        p = self.para(text, bold=True)
        p._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="0"/><w:numId w:val="{_NUM_ID}"/></w:numPr>'))
        return p

    def table(self, rows: list[tuple[str, ...]]) -> Any:
        t = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
        return t


def _scenario_table(w: _Writer, s: ScenarioSpec, next_row: bool) -> None:
    rows = [("场景名称", s.title), ("对应典型场景", s.typical), ("所属环节", s.link)]
    t = w.table(rows + [("场景描述（3000字以内）", "")] + ([("", "")] if next_row else []))
    desc_row = len(rows)
    if next_row:
        label = t.cell(desc_row, 0).merge(t.cell(desc_row, 1))
        label.text = "场景描述（3000字以内）"
        cell = t.cell(desc_row + 1, 0).merge(t.cell(desc_row + 1, 1))
    else:
        cell = t.cell(desc_row, 1)
    cell.paragraphs[0].text = s.lines[0]
    for line in s.lines[1:]:
        cell.add_paragraph(line)
    w.para("")


def _page_furniture(w: _Writer, title: str) -> None:
    """A running header with the form title and a centred "— n —" page number in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    section = w.doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = title
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    footer._p.append(parse_xml(f'<w:fldSimple xmlns:w="{_W}" w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" —")


def build_docx(spec: FormSpec) -> Any:
    """The form as a python-docx Document (not saved)."""
    w = _Writer(spec)
    c = spec.company
    w.para("附件4", bold=True)
    w.para(_form_title(spec.application_type), bold=True, center=True, size=22)
    for line in (f"项目类别：智能制造{spec.application_type}", f"申报单位（盖章）：{c['name']}",
                 f"推荐单位：{c['city']}工业和信息化局", f"申报日期：{spec.date}"):
        w.para(line, size=16)
    w.doc.add_page_break()
    if spec.extra.get("page_furniture"):
        _page_furniture(w, _form_title(spec.application_type))
    w.heading("一、申报主体基本情况", 1)
    w.table(_basic_rows(spec))
    w.heading("二、场景情况", 1)
    if spec.extra.get("summary_table"):
        # factories often list their scenarios first, then describe each one
        w.para("表1 申报场景清单", center=True)
        w.table([("序号", "场景名称", "对应典型场景", "所属环节")]
                + [(str(k), s.title, s.typical, s.link) for k, s in enumerate(spec.scenarios, 1)])
        w.para("")
    for k, s in enumerate(spec.scenarios, 1):
        ordinal = CN[k - 1] if k <= 10 else str(k)
        if spec.layout.startswith("table"):
            _scenario_table(w, s, next_row=spec.layout == "table-nextrow")
            continue
        if spec.layout == "headings":
            w.heading(f"场景{ordinal}：{s.title}", 2)
        elif spec.layout == "outline":
            w.heading(f"（{ordinal}）{s.title}", 2)
        elif spec.layout == "numbering":
            w.numbered_heading(s.title)
        else:  # plain
            w.para(f"{k}. 场景名称：{s.title}", bold=True)
        w.para(f"对应典型场景：{s.typical}")
        w.para(f"所属环节：{s.link}")
        if spec.layout == "plain":
            w.para("场景描述：")
        for i, line in enumerate(s.lines):
            if i in s.subheads:
                w.heading(line, 3)
            else:
                w.para(line)
    n = 3
    if spec.application_type == "示范工厂":
        for title, paras in FACTORY_SECTIONS:
            w.heading(f"{CN[n - 1]}、{title}", 1)
            for p in paras:
                w.para(p)
            n += 1
    w.heading(f"{CN[n - 1]}、真实性及不涉密承诺", 1)
    w.para(PLEDGE)
    w.para("法定代表人（签字）：")
    w.para(spec.date)
    return w.doc


# --- the committed sets ----------------------------------------------------------------------------------

SETS = NARRATIVES.with_name("sets.yaml")
Entry = tuple[str, str, str, list[str], dict[str, Any]]  # name, kind, layout, narrative ids, options


def _entries(which: str) -> tuple[Entry, ...]:
    data = yaml.safe_load(SETS.read_text(encoding="utf-8"))
    return tuple((name, kind, layout, list(ids), dict(opts)) for name, kind, layout, ids, opts in data[which])


FIXTURES = _entries("fixtures")
EXAMPLES = _entries("examples")


def build_set(entries: tuple[Entry, ...], out: Path,
              write_spec: bool = True) -> list[Path]:
    data = load_narratives()
    return [write_form(make_spec(name, kind, layout, ids, serial=i, data=data, **opts), out / name,
                       write_spec=write_spec)
            for i, (name, kind, layout, ids, opts) in enumerate(entries, 1)]


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("fixtures", "examples"):
        print("usage: make_forms.py fixtures|examples OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[2])
    entries = FIXTURES if argv[1] == "fixtures" else EXAMPLES
    for p in build_set(entries, out, write_spec=argv[1] == "fixtures"):
        print(p)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main(sys.argv))

__all__ = [
    "FormSpec",
    "ScenarioSpec",
    "asdict",
    "build_docx",
    "build_set",
    "convert",
    "credit_code",
    "credit_code_valid",
    "make_spec",
    "render_text",
    "write_form",
]
