"""Reference-guide editions: data files, validation, name resolution, crosswalk, import, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scenarioreview.cli import main
from scenarioreview.errors import ConfigError, InputError
from scenarioreview.guide import guide_from_dict, import_guide, load_crosswalk, load_guide, resolve_name

FIX = Path(__file__).parent / "fixtures" / "guides"
DRAFTS = Path(__file__).resolve().parents[2] / "shared" / "reference" / "guides"  # beside the clone, as in CI


def test_packaged_editions_have_the_documented_shape() -> None:
    g22, g25 = load_guide("2022"), load_guide("2025")
    assert (len(g22.items), len(g25.items)) == (36, 40)
    assert len(g25.links) == 8
    for g in (g22, g25):
        assert len(set(g.ids)) == len(g.ids)
        assert all(it.link in g.links and it.description and it.keywords for it in g.items)
        assert not any("（名称" in it.name for it in g.items)  # uncertainty lives in provenance, not the name


def test_verified_flags_are_no_more_generous_than_the_drafts() -> None:
    assert sum(it.verified for it in load_guide("2025").items) == 8  # 01–08 from the consultation draft
    assert sum(it.verified for it in load_guide("2022").items) == 8  # confirmed by the 2022 winners list
    if not DRAFTS.is_dir():
        pytest.skip("shared drafts not available on this machine")
    for edition in ("2022", "2025"):
        draft = {
            s["id"]: s
            for s in yaml.safe_load((DRAFTS / f"guide-{edition}-draft.yaml").read_text())["scenarios"]
        }
        ours = load_guide(edition)
        assert {it.id for it in ours.items if it.verified} == {i for i, s in draft.items() if s["verified"]}


@pytest.mark.parametrize(
    "declared, expected",
    [
        ("车间智能排产", ("07",)),
        ("计划调度-车间智能排产", ("07",)),
        ("7.车间智能排产", ("07",)),
        ("（七）车间智能排产", ("07",)),
        ("智能排产", ("07",)),
        ("仓储智能管理", ("14",)),  # a 2025-edition name
        ("柔性产线快速换产", ("09",)),  # 2025 name through the crosswalk/aliases
        ("在线运行监测", ("20",)),
        ("能源智能管控", ("23", "24")),  # 2025 merges two 2022 items
        ("设备故障诊断与预测性维护", ("19",)),  # fuzzy
        ("红烧肉做法", ()),
        ("", ()),
    ],
)
def test_resolve_declared_names(declared: str, expected: tuple[str, ...]) -> None:
    assert resolve_name(load_guide("2022"), declared) == expected


def test_resolve_into_2025_and_crosswalk_both_ways() -> None:
    g25 = load_guide("2025")
    assert resolve_name(g25, "车间智能排产") == ("09",)
    assert resolve_name(g25, "产线柔性配置") == ("20",)
    cw = load_crosswalk()
    assert cw[("2022", "2025")]["14"] == ("12",)
    assert set(cw[("2025", "2022")]["16"]) == {"23", "24"}
    ids25 = set(g25.ids)
    assert all(set(v) <= ids25 for v in cw[("2022", "2025")].values())


@pytest.mark.parametrize(
    "data, needle",
    [
        ([], "顶层应为映射"),
        ({"scenarios": [{"id": "1", "name": "a", "link": "b"}]}, "缺少 edition"),
        ({"edition": "x", "scenarios": []}, "scenarios"),
        ({"edition": "x", "scenarios": [{"id": "1", "name": "甲"}]}, "缺少 id、name 或 link"),
        (
            {
                "edition": "x",
                "scenarios": [
                    {"id": "1", "name": "甲", "link": "乙"},
                    {"id": "1", "name": "丙", "link": "乙"},
                ],
            },
            "重复",
        ),
        (
            {"edition": "x", "links": ["乙"], "scenarios": [{"id": "1", "name": "甲", "link": "丁"}]},
            "不在 links",
        ),
        (
            {"edition": "x", "scenarios": [{"id": "1", "name": "甲", "link": "乙", "aliases": "abc"}]},
            "字符串列表",
        ),
    ],
)
def test_invalid_guides_raise_chinese_config_errors(data: object, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        guide_from_dict(data)


def test_unknown_edition_names_the_available_ones() -> None:
    with pytest.raises(ConfigError, match="2022、2025"):
        load_guide("1999")


@pytest.mark.parametrize("name", ["guide_table.docx", "guide_list.docx", "guide_table.pdf", "guide_list.pdf"])
def test_import_official_layouts(name: str) -> None:
    expected = json.loads((FIX / "expected.json").read_text(encoding="utf-8"))
    g = import_guide(FIX / name, "2025-official")
    assert [(it.link, it.name) for it in g.items] == [(e["link"], e["name"]) for e in expected]
    assert [it.description for it in g.items] == [e["description"] for e in expected]
    assert g.ids[0] == "01" and g.edition == "2025-official"


def test_import_rejects_a_document_without_a_guide(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_text("这是一份普通的会议纪要。\n会议讨论了下季度的预算安排。\n", encoding="utf-8")
    with pytest.raises(InputError, match="未在文件中找到典型场景列表"):
        import_guide(p, "x")


def test_cli_guide_list_and_import_roundtrip(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["guide", "list", "--edition", "2025"])
    assert r.exit_code == 0 and "数字孪生工厂构建" in r.output and "40 个典型场景" in r.output
    out = tmp_path / "g.yaml"
    r = runner.invoke(
        main, ["guide", "import", str(FIX / "guide_table.docx"), "--edition", "2025a", "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    g = load_guide(str(out))
    assert len(g.items) == 8 and g.items[2].name == "数字孪生工厂构建"
    r = runner.invoke(main, ["guide", "list", "--edition", "1999"])
    assert r.exit_code == 2 and "没有 1999 年版" in r.output
