"""Usage mistakes get a Chinese frame, the usage line and exit code 2 — never a traceback."""

from click.testing import CliRunner

from scenarioreview.cli import main


def test_missing_argument():
    r = CliRunner().invoke(main, ["check"])
    assert r.exit_code == 2
    assert "用法错误" in r.output and "缺少参数 '文件...'" in r.output and "Traceback" not in r.output


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


def _english_words(text: str) -> set[str]:
    """ASCII words a reader would have to understand (option names, values and file types excluded)."""
    import re

    text = re.sub(
        r"--?[\w-]+|\[[a-z|-]+\]|\bx[<>]=?\d+|\b(?:python|scenarioreview|main|YAML|JSON|Excel|HTML|OCR|CSV|"
        r"TF-IDF|TEXT|sentence-transformers|MES|ERP)\b",
        " ",
        text,
    )
    return {w for w in re.findall(r"[A-Za-z]{3,}", text)}


def test_help_and_usage_errors_are_entirely_chinese():
    seen = []
    for args in (
        ["--help"],
        ["review", "--help"],
        ["show", "--help"],
        ["coverage", "--help"],
        ["scores", "--help"],
    ):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0
        seen.append(r.output)
        assert "用法：" in r.output and "选项：" in r.output and "显示本帮助并退出。" in r.output
    for args in (["check"], ["review", "x", "--out", "y", "--limit", "abc"], ["rank", "--bogus"], ["nosuch"]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 2 and "用法错误" in r.output
        seen.append(r.output)
    leftovers = set().union(*(_english_words(t) for t in seen))
    assert not leftovers & {
        "Usage",
        "Options",
        "required",
        "default",
        "Show",
        "message",
        "exit",
        "Missing",
        "argument",
        "Invalid",
        "value",
        "not",
        "valid",
        "integer",
        "range",
        "such",
        "option",
        "command",
        "Commands",
        "INTEGER",
        "PATH",
        "DIRECTORY",
        "FILE",
        "OPTIONS",
        "ARGS",
        "WORKSPACE",
        "FILES",
        "INPUTS",
    }, leftovers


def _run_raising(monkeypatch, exc: BaseException):
    """Run a throwaway subcommand of the real root group that raises ``exc``."""
    import click

    @click.command("boom")
    def boom() -> None:
        raise exc

    monkeypatch.setitem(main.commands, "boom", boom)
    return CliRunner().invoke(main, ["boom"])


def test_errors_leave_with_the_documented_codes_without_patching_click(monkeypatch):
    import click

    from scenarioreview.errors import InputError

    assert click.ClickException.exit_code == 1  # click's own default is left alone for other programs
    r = _run_raising(monkeypatch, click.ClickException("无法读取 a.jsonl"))
    assert (r.exit_code, r.output.strip()) == (2, "错误：无法读取 a.jsonl")
    r = _run_raising(monkeypatch, InputError("文件已损坏", path="坏.docx"))
    assert (r.exit_code, r.output.strip()) == (2, "错误：坏.docx：文件已损坏")
    r = _run_raising(monkeypatch, click.UsageError("二者选一"))
    assert r.exit_code == 2 and "用法错误：二者选一（用 --help 查看帮助）" in r.output
    r = _run_raising(monkeypatch, KeyboardInterrupt())
    assert (r.exit_code, r.output.strip()) == (130, "已中断。")
    r = _run_raising(monkeypatch, OSError(28, "No space left on device", "out/report.xlsx"))
    assert r.exit_code == 2 and "磁盘空间已满" in r.output and "Traceback" not in r.output
