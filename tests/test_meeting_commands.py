"""The meeting commands on a real review (tests/fixtures/review/review.json, made by
scripts/make_review_fixture.py): data from library functions, `--format json` equal to that data, terminal
text that fits 100 columns with wrapping at punctuation and hanging indents, whole shared passages."""

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarioreview.cli import main
from scenarioreview.industry import division_of
from scenarioreview.reports.terminal_meeting import CLOSERS, wrap
from scenarioreview.review import meeting
from scenarioreview.review.serialise import review_from_dict

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "review.json"


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    shutil.copy(FIXTURE, tmp_path / "report.json")
    return tmp_path


@pytest.fixture()
def review() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False, terminal_width=100)
    assert r.exit_code == 0, r.output
    return r.output


def test_wrap_breaks_at_boundaries_with_hanging_indent():
    text = (
        "通过部署5G专网和边缘计算节点，设备综合效率（OEE）由68.5%提高到81.2%，不良品率下降1.5个百分点；"
        "同时建设APS-MES一体化平台，插单后十分钟内完成重排。"
    ) * 3
    lines = wrap(text, 40, 4)
    assert len(lines) > 3 and all(width(ln) <= 40 for ln in lines)
    assert all(ln.startswith("    ") for ln in lines[1:])  # hanging indent
    assert all(ln.strip()[0] not in CLOSERS for ln in lines)  # no line opens with closing punctuation
    joined = "".join(ln.strip() for ln in lines)
    assert joined == text and all(tok in " ".join(lines) for tok in ("68.5%", "81.2%", "APS-MES"))


def test_coverage_by_link_and_by_industry(ws, review):
    by_link = meeting.as_json(meeting.coverage(review_from_dict(review), "link"))
    rec = [
        sc
        for s in review["submissions"]
        if s["recommended"]
        for sc in s["scenarios"]
        if sc.get("classification") and sc["classification"]["top"] and not sc["classification"]["none_fits"]
    ]
    assert sum(g["count"] for g in by_link["groups"]) == len(rec)
    assert {g["name"] for g in by_link["groups"]} == {sc["classification"]["top"][0]["link"] for sc in rec}
    by_ind = meeting.as_json(meeting.coverage(review_from_dict(review), "industry"))
    assert all(g["name"][0] == "C" and g["name"][1:3].isdigit() for g in by_ind["groups"])  # 大类 labels
    assert json.loads(run("coverage", str(ws), "--by", "industry", "--format", "json")) == by_ind
    text = run("coverage", str(ws))
    assert all(width(ln) <= 100 for ln in text.splitlines())
    assert "…" not in text and all(g["name"] in text for g in by_link["groups"])


def test_search_covers_titles_and_texts(ws, review):
    title = review["submissions"][0]["scenarios"][0]["title"]
    word = next(w for w in (title[:4], title[2:6]) if w.strip())
    found = meeting.as_json(meeting.search(review_from_dict(review), word))
    assert any(h["where"] == "title" and h["match"] == word for h in found["hits"])
    assert json.loads(run("search", str(ws), word, "--format", "json")) == found
    text = run("search", str(ws), word)
    assert "标题：" in text and f"共 {found['count']} 处" in text


def test_compare_lists_whole_passages(ws, review):
    d = max(review["duplicates"], key=lambda x: x["longest"])
    a, b = d["a"]["label"].replace(" 场景", "#"), d["b"]["label"].replace(" 场景", "#")
    data = meeting.as_json(meeting.compare(review_from_dict(review), a, b))
    assert data["passages"] and max(p["length"] for p in data["passages"]) >= d["longest"] - 5
    for p in data["passages"]:
        assert data["a"]["text"][p["a"][0] : p["a"][1]] == p["text_a"]
    text = run("compare", str(ws), a, b)
    flat = "".join(ln.strip() for ln in text.splitlines())
    for p in data["passages"]:
        assert "".join(p["text_a"].split()) in flat  # every passage in full, never cut mid-number
    assert json.loads(run("compare", str(ws), a, b, "--format", "json")) == data


def test_rank_and_show_json_match_the_library(ws, review):
    ranked = meeting.as_json(meeting.ranking(review_from_dict(review)))
    assert json.loads(run("rank", str(ws), "--format", "json")) == ranked
    typed = review_from_dict(review)
    sub = review["submissions"][0]
    shown = json.loads(run("show", str(ws), Path(sub["file"]).name, "--format", "json"))
    assert shown == meeting.as_json(meeting.submission(typed, typed.submissions[0])) and shown["name"]
    text = run("show", str(ws), Path(sub["file"]).name)
    assert all(width(ln) <= 100 for ln in text.splitlines())
    flat = "".join(ln.strip() for ln in text.splitlines())  # wrapped lines joined again
    assert flat.startswith(f"{shown['name']}　{shown['project_type']}　第 {shown['rank']} 名")
    assert all(f"{c['name']}（权重 {c['weight']}）" in flat for c in shown["score"]["criteria"])
    for sc in shown["scenarios"]:
        assert f"场景 {sc['index']}：{sc['title']}" in flat
        assert all("".join(f["message"].split()) in flat for f in sc["findings"])


def test_rank_text_shows_every_row_of_the_ranking(ws, review):
    data = meeting.as_json(meeting.ranking(review_from_dict(review), top=4))
    text = run("rank", str(ws), "--top", "4")
    lines = text.splitlines()
    for g in data["groups"]:
        assert f"{g['type']}（推荐名额 {g['quota']}，已推荐 {g['recommended']}）" in text
        for row in g["rows"]:
            line = next(ln for ln in lines if f" {row['rank']} " in ln[:8] and row["name"][:6] in ln)
            assert f"{row['final']:.1f}" in line and (("✔" in line) == row["recommended"])
    for g in data["groups"]:  # --top holds per project type
        assert len(g["rows"]) == min(
            4, sum(1 for s in review["submissions"] if s["project_type"] == g["type"])
        )


def test_industry_divisions():
    assert division_of("汽车及零部件").label == "C36 汽车制造业"
    assert division_of("新能源汽车").code == "C36" and division_of("新能源（光伏/锂电）").code == "C38"
    assert division_of("工程机械").code == "C35" and division_of("通用设备制造业（C34）").code == "C34"
    assert division_of("轻工") is None and division_of(None) is None
