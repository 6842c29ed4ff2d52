"""Generate a province batch of application forms with planted problems, plus a manifest of what was planted.

Used for the committed end-to-end fixture and by bench/bench_review.py (300 forms, 3,000 scenarios, in a
temporary folder). Output layout: OUT/forms/ (the files to review: 40 forms in .docx/.pdf/.doc/.wps/.txt plus
a corrupt .docx and an empty .pdf), OUT/manifest.json (every form's spec and text, and what was planted
where), OUT/exclude_list.txt (for --exclude-list). Deterministic for a given seed and fragment files (the
.docx/.pdf bytes carry creation timestamps, their content does not change).

Narratives are composed here from the hand-written fragments (corpora/narratives/fragments/*.json) rather
than taken from corpus.jsonl, because the corpus reuses fragments between narratives: two unrelated forms
would then share whole paragraphs and the duplicate test could not tell planted copies from accidental ones.
In ``strict`` mode (the fixture) every fragment is used at most once in the whole batch; the benchmark
allows reuse. Every narrative gets the form's sub-headings （一）场景概述 / （二）实施方法 / （三）实施要素 /
（四）实施成效; only an application's first scenario carries the company introduction, so scenarios of one
示范工厂 do not look alike merely because they describe the same company.

Planted (recorded in manifest.json under "planted"): an exact cross-application copy under a new title, a
partial copy (~40% of a scenario's paragraphs), a three-application template cluster with company names
swapped, one text under two titles inside one 示范工厂, an over-limit scenario (~3,200 字), a secrecy
marking line, a personal ID and mobile number, a 示范工厂 self-assessed at 一级, applicants on the
exclude list (by name and by credit code), a corrupt .docx and an empty .pdf.

Run:  python3 scripts/make_province_batch.py OUT_DIR [--seed N] [--scenario-forms N --factory-forms N
      --factory-size MIN MAX] [--no-plant]   (the defaults write the committed fixture)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))

from make_forms import CN, FormSpec, ScenarioSpec, build_docx, convert, credit_code, render_text  # noqa: E402

FRAGMENTS = ROOT / "corpora" / "narratives" / "fragments"
SEED = 20221024
# Recommending cities of one province (name, administrative area code for the credit code).
CITIES = (("南京市", "320100"), ("无锡市", "320200"), ("徐州市", "320300"), ("常州市", "320400"),
          ("苏州市", "320500"), ("南通市", "320600"), ("扬州市", "321000"), ("泰州市", "321200"))
MATURITY = ("二级（规范级）", "三级（集成级）", "三级（集成级）", "四级（优化级）")
SUBHEADS = ("场景概述", "实施方法", "实施要素", "实施成效")
SECRECY_LINE = "机密★5年"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(body17: str) -> str:
    """A GB 11643 citizen ID number with a valid check character (the planted personal ID)."""
    s = sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS))
    return body17 + "10X98765432"[s % 11]


# --- sources -----------------------------------------------------------------------------------------


def load_sources() -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], dict[str, tuple[str, str]]]:
    """Fragments by scenario id, company profiles (with industry), and guide (name, link) by scenario id."""
    from scenarioreview.guide import load_guide

    frags = {}
    for p in sorted(FRAGMENTS.glob("s2022-*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        if all(d.get(k) for k in ("titles", "pains", "methods", "elements", "results")):
            frags[str(d["id"])] = d
    ind = json.loads((FRAGMENTS / "_industries.json").read_text(encoding="utf-8"))
    profiles = [dict(p, industry=i["industry"]) for i in ind["industries"] for p in i["profiles"]]
    guide = {it.id: (it.name, it.link) for it in load_guide("2022").items}
    return {k: v for k, v in frags.items() if k in guide}, profiles, guide


@dataclass
class Company:
    name: str
    short: str
    industry: str
    product: str
    intro: str
    city: str
    area: str
    credit_code: str

    def as_dict(self) -> dict[str, str]:  # the shape make_forms expects
        return {"name": self.name, "industry": self.industry, "city": self.city, "area": self.area,
                "product": self.product, "credit_code": self.credit_code}


@dataclass
class Composer:
    """Draws fragments; in strict mode no fragment is used twice in the batch.

    ``noise`` (benchmark batches only): the share of CJK characters of each drawn paragraph replaced by
    a random character from the fragments. A large batch must reuse fragments, and unlike real submissions
    those narratives would then share whole paragraphs; the noise keeps accidental overlap at the level of
    real batches (length, character mix and structure are unchanged; the text is no longer fluent).
    """

    frags: dict[str, dict[str, Any]]
    guide: dict[str, tuple[str, str]]
    rng: random.Random
    strict: bool
    noise: float = 0.0
    used: set[tuple[str, str, int]] = field(default_factory=set)
    _pool: str = ""

    def vary(self, text: str) -> str:
        if not self.noise:
            return text
        if not self._pool:
            self._pool = "".join(sorted({ch for d in self.frags.values() for k in ("methods", "results")
                                         for t in d[k] for ch in t if "\u4e00" <= ch <= "\u9fff"}))
        return "".join(self.rng.choice(self._pool) if "\u4e00" <= ch <= "\u9fff" and self.rng.random() < self.noise
                       else ch for ch in text)

    def take(self, sid: str, key: str, k: int) -> list[str]:
        items = self.frags[sid][key]
        free = [i for i in range(len(items)) if (sid, key, i) not in self.used]
        if len(free) < k:
            if self.strict:
                raise RuntimeError(f"fragments exhausted: {sid} {key}")
            free = list(range(len(items)))
        picked = self.rng.sample(free, min(k, len(free)))
        self.used.update((sid, key, i) for i in picked)
        return [items[i] for i in picked]

    def title(self, sid: str, company: Company) -> str:
        return fill(self.rng.choice(self.frags[sid]["titles"]), company).strip("。")

    def scenario(self, sid: str, company: Company, *, intro: bool, enum: str, methods: int = 2,
                 elements: int = 2, results: int = 2, pains: int = 1) -> ScenarioSpec:
        body = [self.take(sid, "pains", pains), self.take(sid, "methods", methods),
                self.take(sid, "elements", elements), self.take(sid, "results", results)]
        if intro:
            body[0] = [company.intro] + body[0]
        lines, heads = [], []
        for i, (head, paras) in enumerate(zip(SUBHEADS, body)):
            heads.append(len(lines))
            lines.append(subhead(i, head, enum))
            lines += [self.vary(fill(p, company)) for p in paras]
        name, link = self.guide[sid]
        return ScenarioSpec(self.title(sid, company), name, link, lines, heads)


def subhead(i: int, head: str, enum: str) -> str:
    return f"（{i + 1}）{head}" if enum == "arabic_paren" else f"{CN[i]}、{head}" if enum == "cn_comma" \
        else f"（{CN[i]}）{head}"


def enum_for(layout: str) -> str:  # the same conventions as make_forms.make_spec
    return "arabic_paren" if layout == "plain" else "cn_comma" if layout.startswith("table") else "cn_paren"


def fill(text: str, company: Company) -> str:
    return text.replace("{企业}", company.short).replace("{产品}", company.product)


def make_company(prof: dict[str, Any], serial: int, rng: random.Random, suffix: str = "") -> Company:
    city, area = CITIES[serial % len(CITIES)]
    product = rng.choice(prof.get("产品") or ["产品"])
    short = prof["企业"] + suffix
    name = prof["full_name"].replace(prof["企业"], short) if suffix else prof["full_name"]
    c = Company(name, short, prof["industry"], product, "", city, area,
                credit_code(area, 31_000_000 + 7_919 * serial))
    c.intro = fill(prof["intro"], c)
    return c


# --- the batch -------------------------------------------------------------------------------------


@dataclass
class Planned:
    spec: FormSpec
    fmt: str
    file: str = ""


def _formats(n: int, rng: random.Random, mix: dict[str, float]) -> list[str]:
    out = []
    for fmt, share in mix.items():
        out += [fmt] * round(share * n)
    out = (out + ["docx"] * n)[:n]
    rng.shuffle(out)
    return out


FIXTURE_MIX = {"pdf": 0.3, "doc": 0.12, "wps": 0.05, "txt": 0.08}  # the rest .docx
BENCH_MIX = {"pdf": 0.5}
# Layouts whose .pdf/.doc renderings the parsers segment reliably (see tests/fixtures/forms).
LAYOUTS = ("headings", "table", "outline", "numbering", "plain", "table-nextrow")


def plan_batch(n_scenario: int, n_factory: int, factory_size: tuple[int, int], seed: int, *, strict: bool,
               plant: bool, mix: dict[str, float], noise: float = 0.0) -> tuple[list[Planned], list[dict[str, Any]], list[str]]:
    """Specs for every form, the planted-problem records, and the exclude list."""
    rng = random.Random(seed)
    frags, profiles, guide = load_sources()
    comp = Composer(frags, guide, rng, strict, noise)
    profs = profiles[:]
    rng.shuffle(profs)
    sids = sorted(frags)
    total = n_scenario + n_factory
    fmts = _formats(total, rng, mix)
    sid_cycle: list[str] = []

    def next_sid() -> str:
        if not sid_cycle:
            sid_cycle.extend(rng.sample(sids, len(sids)))
        return sid_cycle.pop()

    companies = [make_company(profs[k % len(profs)], k, rng, "" if k < len(profs) else str(k // len(profs) + 1))
                 for k in range(total)]
    planned: list[Planned] = []
    planted: list[dict[str, Any]] = []
    exclude: list[str] = []
    # Planted problems use fixed positions so the manifest is easy to read (all well inside n_scenario).
    over_sid = next_sid() if plant else None
    for k in range(total):
        kind = "优秀场景" if k < n_scenario else "示范工厂"
        layout = LAYOUTS[k % len(LAYOUTS)]
        if fmts[k] == "txt" and layout.startswith("table"):
            layout = "headings"  # the text rendering has no tables
        enum = enum_for(layout)
        c = companies[k]
        if kind == "优秀场景":
            if plant and k == 14:  # over the limit: a long narrative from one scenario's fragments
                s = comp.scenario(over_sid, c, intro=True, enum=enum, methods=10, elements=5, results=4, pains=2)
                scen = [s]
            else:
                scen = [comp.scenario(next_sid(), c, intro=True, enum=enum)]
            maturity = None
        else:
            size = rng.randint(*factory_size)
            scen = [comp.scenario(next_sid(), c, intro=(j == 0), enum=enum,
                                  methods=rng.choice([1, 2]), elements=1, results=rng.choice([1, 2]))
                    for j in range(size)]
            maturity = rng.choice(MATURITY)
        planned.append(Planned(FormSpec(f"{k + 1:02d}", kind, layout, c.as_dict(), scen, maturity), fmts[k]))
    if plant:
        planted, exclude = _plant(planned, companies, comp, rng, n_scenario)
    for k, p in enumerate(planned):
        short = companies[k].short
        p.file = f"{k + 1:03d}-{short}-{p.spec.application_type}.{p.fmt}" if total > 99 else \
            f"{k + 1:02d}-{short}-{p.spec.application_type}.{p.fmt}"
    return planned, planted, exclude


def _where(planned: list[Planned], k: int, idx: int) -> dict[str, Any]:
    return {"form": k, "scenario": idx + 1, "title": planned[k].spec.scenarios[idx].title}


def _plant(planned: list[Planned], companies: list[Company], comp: Composer, rng: random.Random,
           n_scenario: int) -> tuple[list[dict[str, Any]], list[str]]:
    out: list[dict[str, Any]] = []
    f0 = n_scenario  # the first 示范工厂
    # 1. exact copy of scenario form 5's narrative into form 6 under a new title
    src = planned[4].spec.scenarios[0]
    planned[5].spec.scenarios[0] = ScenarioSpec(f"基于数据驱动的{src.typical}能力提升", src.typical, src.link,
                                                list(src.lines), list(src.subheads))
    out.append({"problem": "exact_copy", "kind": "cross", "a": _where(planned, 4, 0), "b": _where(planned, 5, 0)})
    # 2. partial copy: ~40% of the paragraphs of a factory scenario inserted into form 8's 实施方法
    fs = planned[f0 + 2].spec.scenarios[1]
    paras = [ln for i, ln in enumerate(fs.lines) if i not in fs.subheads]
    n_copy = max(2, round(0.4 * len(paras)))
    copied = paras[1:1 + n_copy] if len(paras) > n_copy else paras[:n_copy]  # skip the pain paragraph
    tgt = planned[7].spec.scenarios[0]
    at = tgt.subheads[1] + 1
    tgt.lines[at:at] = copied
    tgt.subheads[:] = [h if h < at else h + len(copied) for h in tgt.subheads]
    out.append({"problem": "partial_copy", "kind": "cross", "a": _where(planned, f0 + 2, 1),
                "b": _where(planned, 7, 0), "paragraphs_copied": len(copied), "paragraphs_in_source": len(paras)})
    # 3. template cluster: forms 10, 11, 12 share one template, company names swapped
    template_co = companies[9]
    tpl = planned[9].spec.scenarios[0]
    members = []
    for k in (9, 10, 11):
        c = companies[k]
        lines = [ln.replace(template_co.short, c.short).replace(template_co.product, c.product) for ln in tpl.lines]
        title = tpl.title.replace(template_co.short, c.short)
        planned[k].spec.scenarios[0] = ScenarioSpec(title if k == 9 else f"{title}（{c.city}）", tpl.typical,
                                                    tpl.link, lines, list(tpl.subheads))
        members.append(_where(planned, k, 0))
    out.append({"problem": "template_cluster", "kind": "cross", "members": members})
    # 4. one text under two titles inside one 示范工厂
    fac = planned[f0].spec
    first = fac.scenarios[0]
    dup = ScenarioSpec(f"{first.typical}系统深化应用", first.typical, first.link, list(first.lines),
                       list(first.subheads))
    fac.scenarios[2] = dup
    out.append({"problem": "within_copy", "kind": "within", "a": _where(planned, f0, 0),
                "b": _where(planned, f0, 2)})
    # 5. over the limit (composed long in plan_batch)
    out.append({"problem": "over_limit", "form": 14, "exclusion": "over_limit"})
    # 6. secrecy marking line at the top of the narrative
    s = planned[15].spec.scenarios[0]
    s.lines.insert(0, SECRECY_LINE)
    s.subheads[:] = [h + 1 for h in s.subheads]
    out.append({"problem": "secrecy_marking", "form": 15, "exclusion": "error_finding", "text": SECRECY_LINE})
    # 7. personal ID and a mobile number in the 实施要素 section
    s = planned[16].spec.scenarios[0]
    pid = id_number(f"{companies[16].area}19850715{rng.randint(100, 999)}")
    line = f"项目负责人张卫东（身份证号码{pid}），手机13962155870，全面负责项目推进。"
    at = s.subheads[2] + 1
    s.lines.insert(at, line)
    s.subheads[:] = [h if h < at else h + 1 for h in s.subheads]
    out.append({"problem": "personal_info", "form": 16, "exclusion": "error_finding", "id": pid,
                "mobile": "13962155870"})
    # 8. a 示范工厂 self-assessed at 一级
    planned[f0 + 3].spec.maturity = "一级（规划级）"
    out.append({"problem": "maturity_1", "form": f0 + 3, "exclusion": "maturity_below_2"})
    # 9. applicants already carrying a 揭榜 task: one by name, one (a factory) by credit code
    exclude = ["# 已承担智能制造示范工厂揭榜任务的单位（名称或统一社会信用代码，每行一个）",
               companies[18].name, companies[f0 + 4].credit_code, "江苏远景重型装备有限公司"]
    out.append({"problem": "exclude_list", "form": 18, "by": "name", "exclusion": "exclude_list"})
    out.append({"problem": "exclude_list", "form": f0 + 4, "by": "credit_code", "exclusion": "exclude_list"})
    return out, exclude


# --- writing -----------------------------------------------------------------------------------------


def write_batch(out: Path, planned: list[Planned], planted: list[dict[str, Any]], exclude: list[str],
                seed: int, *, broken: bool, manifest_texts: bool = True) -> dict[str, Any]:
    """Write every form into OUT/forms (LibreOffice once per chunk and target format), the broken files there
    too, and OUT/exclude_list.txt and OUT/manifest.json beside it (outside the folder that gets reviewed)."""
    root = out
    out = root / "forms"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="province_") as tmp:
        t = Path(tmp)
        to_convert: dict[str, list[tuple[Path, Planned]]] = {"pdf": [], "doc": []}
        for p in planned:
            dest = out / p.file
            if p.fmt == "txt":
                dest.write_text(render_text(p.spec), encoding="utf-8")
            elif p.fmt == "docx":
                build_docx(p.spec).save(str(dest))
            else:
                src = t / f"{Path(p.file).stem}.docx"
                build_docx(p.spec).save(str(src))
                to_convert["pdf" if p.fmt == "pdf" else "doc"].append((src, p))
        for target, items in to_convert.items():
            for i in range(0, len(items), 60):  # one soffice process per chunk of files
                chunk = items[i:i + 60]
                outs = convert([s for s, _ in chunk], target, t)
                for o, (_s, p) in zip(outs, chunk):
                    shutil.move(str(o), out / p.file)
    broken_files = []
    if broken:
        sample = next(out / p.file for p in planned if p.fmt == "docx")
        (out / "98-损坏文件-优秀场景.docx").write_bytes(sample.read_bytes()[:1500])  # truncated zip
        (out / "99-空白文件-优秀场景.pdf").write_bytes(b"")
        broken_files = [{"file": "98-损坏文件-优秀场景.docx", "problem": "corrupt"},
                        {"file": "99-空白文件-优秀场景.pdf", "problem": "empty"}]
    if exclude:
        (root / "exclude_list.txt").write_text("\n".join(exclude) + "\n", encoding="utf-8")
    forms = []
    for p in planned:
        d = p.spec.to_json(p.file, p.fmt)
        if not manifest_texts:
            for s in d["scenarios"]:
                s.pop("text")
        forms.append(d)
    for rec in planted:  # resolve form indexes to file names for the reader
        for key in ("a", "b"):
            if key in rec:
                rec[key]["file"] = planned[rec[key]["form"]].file
        for m in rec.get("members", ()):
            m["file"] = planned[m["form"]].file
        if "form" in rec:
            rec["file"] = planned[rec["form"]].file
    manifest = {"produced_by": f"scripts/make_province_batch.py seed={seed}", "forms": forms,
                "forms_dir": "forms", "planted": planted, "broken": broken_files, "exclude_list": "exclude_list.txt" if exclude else None}
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def make_batch(out: Path, *, n_scenario: int = 28, n_factory: int = 12, factory_size: tuple[int, int] = (4, 8),
               seed: int = SEED, plant: bool = True, mix: dict[str, float] | None = None,
               strict: bool | None = None, manifest_texts: bool = True, noise: float = 0.0) -> dict[str, Any]:
    """Plan and write a batch. Defaults: the committed 42-file fixture."""
    strict = plant if strict is None else strict
    planned, planted, exclude = plan_batch(n_scenario, n_factory, factory_size, seed, strict=strict, plant=plant,
                                           mix=FIXTURE_MIX if mix is None else mix, noise=noise)
    return write_batch(out, planned, planted, exclude, seed, broken=plant, manifest_texts=manifest_texts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate a province batch of application forms.")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--scenario-forms", type=int, default=28)
    ap.add_argument("--factory-forms", type=int, default=12)
    ap.add_argument("--factory-size", type=int, nargs=2, default=(4, 8))
    ap.add_argument("--no-plant", action="store_true")
    a = ap.parse_args(argv)
    m = make_batch(a.out, n_scenario=a.scenario_forms, n_factory=a.factory_forms,
                   factory_size=tuple(a.factory_size), seed=a.seed, plant=not a.no_plant)
    n = sum(len(f["scenarios"]) for f in m["forms"])
    print(f"{a.out}: {len(m['forms'])} forms, {n} scenarios, {len(m['planted'])} planted problems, "
          f"{len(m['broken'])} broken files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
