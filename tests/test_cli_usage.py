"""Usage mistakes get a Chinese frame, the usage line and exit code 2 — never a traceback."""

from click.testing import CliRunner

from scenarioreview.cli import main


def test_missing_argument():
    r = CliRunner().invoke(main, ["check"])
    assert r.exit_code == 2
    assert "用法错误" in r.output and "FILES" in r.output and "Traceback" not in r.output


def test_unknown_option():
    r = CliRunner().invoke(main, ["review", "examples", "--out", "x", "--bogus"])
    assert r.exit_code == 2 and "用法错误" in r.output and "--bogus" in r.output


def test_guide_import_warns_on_a_document_that_is_not_a_guide(tmp_path):
    doc = tmp_path / "not-a-guide.txt"
    doc.write_text("一、工厂设计\n1. 工厂数字化设计：用三维软件完成工厂规划。\n", encoding="utf-8")
    out = tmp_path / "g.yaml"
    r = CliRunner().invoke(main, ["guide", "import", str(doc), "--edition", "x", "-o", str(out)])
    assert r.exit_code == 0 and out.exists()
    assert "可能不是参考指引" in r.output
