"""report.html: self-contained, faithful to the review dict, applicant text escaped everywhere, and working
in a real browser (headless Chromium: non-blank render, no console errors, the URL-hash filter applies).

The review dict is tests/fixtures/review/review.json, produced by scripts/make_review_fixture.py from a
generated province batch (planted duplicates, an over-limit scenario, markup in a title and a narrative)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from scenarioreview.reports import html as html_report
from scenarioreview.review.serialise import review_from_dict

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "review.json"


def render_html(data: dict) -> str:
    """The page of a review/1 JSON object (read through the one loader, as the meeting commands do)."""
    return html_report.render_html(review_from_dict(data))


def write_html(data: dict, path: Path) -> None:
    html_report.write_html(review_from_dict(data), path)


CHROMIUM = Path("/usr/bin/chromium")
PAYLOAD = '<script>alert(1)</script>" onmouseover="alert(2)'


@pytest.fixture()
def review() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


class Page(HTMLParser):
    """Start tags with attributes, the text of <mark>/<script> elements, rows of #subs and their state."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.marks: list[str] = []
        self.rows: list[dict[str, str | None]] = []
        self._stack: list[str] = []
        self._in_subs = False
        self._mark_depth = 0
        self._buf: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self._in_subs = a.get("id") == "subs"
        if tag == "tr" and self._in_subs and "data-id" in a:
            self.rows.append(a)
        if tag in ("mark", "script"):
            self._stack.append(tag)
            self._buf = []
            self._attrs = a

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_subs = False
        if self._stack and tag == self._stack[-1]:
            self._stack.pop()
            text = "".join(self._buf)
            if tag == "mark":
                self.marks.append(text)
            else:
                self.scripts.append((self._attrs, text))

    def handle_data(self, data):
        if self._stack:
            self._buf.append(data)


def test_self_contained_deterministic(review, tmp_path):
    text = render_html(review)
    assert text == render_html(copy.deepcopy(review))  # no timestamps, stable order
    page = Page(text)
    assert "http://" not in text and "https://" not in text and "@import" not in text and "url(" not in text
    assert not any(t in ("link", "img", "iframe", "object", "embed") for t, _ in page.tags)
    assert not any("src" in a for _t, a in page.tags)
    kinds = sorted(a.get("type") or "inline" for a, _ in page.scripts)
    assert kinds == ["application/json", "inline"]
    path = tmp_path / "out" / "report.html"
    write_html(review, path)
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]  # no temp file left behind


def test_tables_follow_the_review(review):
    text = render_html(review)
    page = Page(text)
    subs = review["submissions"]
    assert [r["data-rec"] for r in page.rows] == [str(int(s["recommended"])) for s in subs]
    assert [r["data-type"] for r in page.rows] == [s["project_type"] for s in subs]
    # 推荐汇总 lists the recommended submissions in recommendation order, per project type
    rec_section = text[text.index('id="recommend"') : text.index('id="charts"')]
    for t, shas in review["recommendation"].items():
        names = [next(s["applicant"]["name"] for s in subs if s["submission"] == sha) for sha in shas]
        part = rec_section[rec_section.index(f"<h3>{t}") :]
        positions = [part.index(n) for n in names]
        assert positions == sorted(positions)
    for f in review["failed"]:
        assert f["file"] in text and f["error"]["message"] in text
    # the over-limit scenario: its word count is red and the text past the limit is marked red
    over = [(s, sc) for s in subs for sc in s["scenarios"] if sc["over_limit"]]
    assert over
    for _s, sc in over:
        assert f'class="num over" data-v="{sc["counts"]["words"]}"' in text
        tail = sc["text"][sc["limit_crossed_at"]["offset"] :]
        assert f'<span class="beyond">{tail[:30]}' in text
    assert text.count('<article class="card"') == len(subs)


def test_duplicate_passages_highlighted_on_both_sides(review):
    page = Page(render_html(review))
    texts = {
        f"{s['submission']}#{sc['index']}": sc["text"] for s in review["submissions"] for sc in s["scenarios"]
    }
    assert any(d["passages"] for d in review["duplicates"])  # else the loop below checks nothing
    for d in review["duplicates"]:
        for p in d["passages"]:
            a = texts[d["a"]["key"]][p["a"][0] : p["a"][1]]
            b = texts[d["b"]["key"]][p["b"][0] : p["b"][1]]
            assert a in page.marks and b in page.marks


def test_charts_are_inline_svg_matching_the_data(review):
    text = render_html(review)
    charts = text[text.index('id="charts"') : text.index('id="all"')]
    assert charts.count("<svg") == 3
    counts = [int(t.split("：")[1].split(" ")[0]) for t in charts.split("<title>")[1:] if "分：" in t]
    assert sum(counts) == len(review["submissions"])
    for sub in review["submissions"]:  # every score falls in the 5-point bin its title names
        lo = min(95, int(sub["score"]["final"] // 5) * 5)
        assert f"<title>{lo}–{lo + 5} 分：" in charts
    from scenarioreview.industry import group_counts

    bars = charts.count('class="cbar"')
    divisions = group_counts(review["coverage"]["industries"])  # one bar per GB/T 4754 大类
    assert bars == len(review["coverage"]["typicals"]) + len(divisions)
    assert all(f">{label.split(' ', 1)[0]}" in charts or label in charts for label in divisions)


def _plant(review: dict) -> dict:
    r = copy.deepcopy(review)
    sub = r["submissions"][0]
    sub["applicant"]["name"] = PAYLOAD
    sub["file"] = f"{PAYLOAD}.docx"
    sub["reason"] = PAYLOAD
    sc = sub["scenarios"][0]
    sc["title"] = PAYLOAD
    sc["declared_typical"] = PAYLOAD
    sc["text"] = PAYLOAD + sc["text"]
    sc.setdefault("findings", []).append(
        {
            "check": "sensitive",
            "severity": "error",
            "category": PAYLOAD,
            "message": PAYLOAD,
            "span": [0, 5],
            "evidence": PAYLOAD,
        }
    )
    sub["score"]["criteria"][0]["evidence"].append(PAYLOAD)
    r["duplicates"][0]["a"]["label"] = PAYLOAD
    r["duplicates"][0]["passages"][0]["text"] = PAYLOAD
    r["clusters"][0]["members"][0] = PAYLOAD
    r["failed"].append({"file": f"{PAYLOAD}.pdf", "error": {"code": "corrupt", "message": PAYLOAD}})
    r["settings"]["rubric"] = PAYLOAD
    r["generated_by"] = PAYLOAD
    return r


def test_hostile_text_appears_only_escaped(review):
    # the real pipeline output already carries markup (fixture form 09); plant more everywhere else
    assert any("<script>" in sc["title"] for s in review["submissions"] for sc in s["scenarios"])
    text = render_html(_plant(review))
    start = text.index('<script type="application/json"')
    markup = text[:start] + text[text.index("</script>", start) :]  # in the JSON block quotes are \" escaped
    assert "<script>alert" not in text and '" onmouseover=' not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;alert(2)" in text  # Jinja2 autoescape
    page = Page(text)
    assert len(page.scripts) == 2
    assert not [(t, k) for t, a in page.tags for k in a if k.startswith("on")]  # no event handler attributes
    data = next(body for a, body in page.scripts if a.get("type") == "application/json")
    assert "<" not in data and ">" not in data
    assert PAYLOAD.lower() in json.loads(data)["search"]["sub-1"]  # JSON.parse gets the original text back


def test_against_older_corpus_and_within_pairs(review):
    r = copy.deepcopy(review)
    d = r["duplicates"][0]
    d["kind"], d["b"] = (
        "against",
        {"key": "old:2021-winner.docx#2", "label": "往年材料 2021-winner.docx 场景2"},
    )
    w = r["duplicates"][1]
    w["kind"] = "within"
    text = render_html(r)
    page = Page(text)
    assert "与往年材料" in text and "同一申报内" in text and "往年材料 2021-winner.docx 场景2" in text
    assert all(p["text"] in page.marks for p in d["passages"])  # the older side shows its shared passages


def test_empty_review_renders(review):
    empty = {
        **review,
        "submissions": [],
        "duplicates": [],
        "clusters": [],
        "recommendation": {},
        "coverage": {"typicals": {}, "industries": {}},
    }
    text = render_html(empty)
    assert (
        "没有成功分析的申报材料" in text and "未发现疑似重复" in text and review["failed"][0]["file"] in text
    )


# --- headless Chromium ------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="需要 /usr/bin/chromium（CI 由 .ci/run 安装）"
)


def _chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    args = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--window-size=1400,1000",
        *extra,
        url,
    ]
    proc = subprocess.run(args, check=False, capture_output=True, text=True, timeout=120)
    shutil.rmtree(profile, ignore_errors=True)
    return proc


def _console_errors(stderr: str) -> list[str]:
    return [
        ln for ln in stderr.splitlines() if "Uncaught" in ln or "ERROR:CONSOLE" in ln or ":CONSOLE(" in ln
    ]


@pytest.mark.chromium
@needs_chromium
def test_chromium_renders_non_blank_without_console_errors(review, tmp_path):
    from PIL import Image

    path = tmp_path / "report.html"
    write_html(_plant(review), path)
    shot = tmp_path / "shot.png"
    proc = _chromium(tmp_path, path.as_uri(), f"--screenshot={shot}")
    assert shot.exists(), proc.stderr[-2000:]
    img = Image.open(shot).convert("RGB")
    assert img.size == (1400, 1000)
    colours = img.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, header, tables: far from one colour
    dark = sum(n for n, (r, g, b) in colours if r + g + b < 200)
    assert dark > 1400 * 1000 * 0.02  # the navy header and text are really painted
    assert _console_errors(proc.stderr) == []
    dom = _chromium(tmp_path, path.as_uri(), "--dump-dom").stdout
    assert 'data-ready="1"' in dom  # the script ran to the end (CSP hash matches, no exception)
    assert "alert(1)</script>" not in dom.replace("&lt;/script&gt;", "")


@pytest.mark.chromium
@needs_chromium
def test_chromium_console_check_detects_a_script_error(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(
        "<!doctype html><meta charset=utf-8><p>x</p><script>noSuchFunction();</script>", encoding="utf-8"
    )
    proc = _chromium(tmp_path, path.as_uri(), "--dump-dom")
    assert _console_errors(proc.stderr)  # so an empty list above means something


def _visible(dom: str) -> list[dict[str, str | None]]:
    return [r for r in Page(dom).rows if "hidden" not in r]


@pytest.mark.chromium
@needs_chromium
def test_chromium_hash_filter_applies(review, tmp_path):
    path = tmp_path / "report.html"
    write_html(review, path)
    subs = review["submissions"]
    dom = _chromium(tmp_path, path.as_uri() + "#filter=" + quote("恒通管业"), "--dump-dom").stdout
    visible = _visible(dom)
    expected = [i for i, s in enumerate(subs, 1) if "恒通管业" in (s["applicant"]["name"] or "") + s["file"]]
    assert expected and [r["data-id"] for r in visible] == [f"sub-{i}" for i in expected]
    assert f"显示 {len(expected)} / {len(subs)} 份" in dom
    dom = _chromium(tmp_path, path.as_uri() + "#type=" + quote("优秀场景") + "&rec=1", "--dump-dom").stdout
    visible = _visible(dom)
    assert len(visible) == len(review["recommendation"]["优秀场景"]) > 0
    assert all(r["data-type"] == "优秀场景" and r["data-rec"] == "1" for r in visible)
    dom = _chromium(tmp_path, path.as_uri() + "#issues=1", "--dump-dom").stdout
    flagged = {r["data-id"] for r in _visible(dom)}
    assert flagged and all(f"sub-{i}" in flagged for i, s in enumerate(subs, 1) if s["exclusions"])


def test_personal_data_masked_in_displayed_text(review):
    # form 08 names a contact's mobile number in its narrative; the sensitive check flagged it
    raw = [sc["text"] for s in review["submissions"] for sc in s["scenarios"] if "13912345678" in sc["text"]]
    assert raw
    text = render_html(review)
    assert "13912345678" not in text and "139****5678" in text


@pytest.mark.chromium
@needs_chromium
def test_chromium_hash_sort_applies(review, tmp_path):
    path = tmp_path / "report.html"
    write_html(review, path)
    final = {f"sub-{i}": s["score"]["final"] for i, s in enumerate(review["submissions"], 1)}
    dom = _chromium(tmp_path, path.as_uri() + "#sort=" + quote("总分:asc"), "--dump-dom").stdout
    order = [final[r["data-id"]] for r in _visible(dom)]
    assert len(order) == len(final) and order == sorted(order) and order != [final[k] for k in final]
    dom = _chromium(
        tmp_path, path.as_uri() + "#type=" + quote("示范工厂") + "&sort=" + quote("总分:desc"), "--dump-dom"
    ).stdout
    order = [final[r["data-id"]] for r in _visible(dom)]
    assert order == sorted(order, reverse=True) and len(order) == sum(
        s["project_type"] == "示范工厂" for s in review["submissions"]
    )
    assert 'aria-sort="descending"' in dom
