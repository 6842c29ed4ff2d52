"""Issue 14, items 1-5: hostile file names and hostile text reach people as plain text, and every file or
folder that is not read is reported. Fixtures are built here from the plain-text form f10."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scenarioreview.cli import main
from scenarioreview.safetext import display_path, plain

SRC = Path(__file__).parent / "fixtures" / "forms" / "f10_scenario_plain.txt"
ROOT = Path(__file__).resolve().parents[1]
APPLICANT = "苏州恒锐汽车零部件有限公司"
TITLE = "全厂能耗数据监测与分析"


def _form(path: Path, applicant: str = APPLICANT, title: str = TITLE) -> Path:
    text = SRC.read_text(encoding="utf-8").replace(APPLICANT, applicant).replace(TITLE, title)
    path.write_text(text, encoding="utf-8")
    return path


def _cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _gbk_named(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    raw = os.path.join(os.fsencode(folder), "申报书甲.txt".encode("gbk"))
    shutil.copy(SRC, raw)
    return Path(os.fsdecode(raw))


# ------------------------------------------------------------------ 1. non-UTF-8 (GBK) file names
def test_gbk_file_name_is_reviewed_and_shown_readably(tmp_path: Path) -> None:
    _gbk_named(tmp_path / "in")
    res = _cli("review", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-classify", "-q")
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    files = [s["file"] for s in report["submissions"]]
    assert files == [str(tmp_path / "in" / "申报书甲.txt") + "〔GBK 编码文件名〕"]
    assert report["submissions"][0]["applicant"]["name"] == APPLICANT
    # the workspace keeps the name losslessly: the run's inputs load back to the very same OS path
    import sqlite3

    db = sqlite3.connect(tmp_path / "out" / "review.sqlite")
    (inputs,) = db.execute("SELECT inputs_json FROM runs").fetchone()
    assert [os.fsencode(p) for p in json.loads(inputs)] == [
        os.fsencode(p) for p in (tmp_path / "in").iterdir()
    ]
    # a second run reuses the stored analysis instead of failing on the stored name
    again = _cli("review", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-classify", "-q")
    assert again.exit_code == 0 and "复用已有结果 1 个" in again.output


def test_gbk_name_of_a_bad_file_fails_that_file_only(tmp_path: Path) -> None:
    good = _gbk_named(tmp_path)
    bad = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), "坏文件.docx".encode("gbk"))))
    bad.write_bytes(b"PK\x03\x04garbage")
    res = _cli("check", str(good), str(bad), "--no-classify", "--format", "json")
    assert res.exit_code == 2
    out = json.loads(res.stdout)
    assert [f["status"] for f in out] == ["ok", "failed"]
    assert out[1]["file"].endswith("坏文件.docx〔GBK 编码文件名〕")


def test_display_path_is_unambiguous() -> None:
    gbk = os.fsdecode("/批次/".encode() + "甲.docx".encode("gbk"))
    assert display_path("/批次/甲.docx") == "/批次/甲.docx"  # UTF-8 names are untouched
    assert display_path(gbk) == "/批次/甲.docx〔GBK 编码文件名〕"
    assert display_path(os.fsdecode(b"/x/\xff\xfe.txt")) == "/x/\\xff\\xfe.txt〔非 UTF-8 文件名〕"


# ------------------------------------------------------------------ 2-3. markup and terminal escapes
HOSTILE_NAME = "苏州[/bold]恒锐[red]汽车零部件有限公司"
ESC_TITLE = "全厂能耗\x1b]0;窗口标题\x07数据监测\x1b[2J与分析"


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-classify"],
        ["parse", "--format", "table"],
        ["check", "--format", "md", "--no-classify"],
    ],
)
def test_brackets_and_escapes_in_a_document_print_as_text(tmp_path: Path, args: list[str]) -> None:
    f = _form(tmp_path / "申报书.txt", applicant=HOSTILE_NAME, title=ESC_TITLE + "（采用[mes]系统）")
    res = _cli(*args, str(f))
    assert res.exit_code in (0, 1), res.output
    assert "[/bold]恒锐[red]" in res.stdout  # shown literally, not read as markup (no MarkupError)
    assert "采用[mes]系统" in res.stdout
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "␛]0;窗口标题␇" in res.stdout  # the escape is made visible instead


def test_escape_in_a_file_name_is_neutralised_in_errors(tmp_path: Path) -> None:
    bad = tmp_path / "\x1b[2J[red]清屏.docx"  # a name cannot hold "/", so no closing tag here
    bad.write_bytes(b"PK\x03\x04garbage")
    res = _cli("check", str(bad), "--no-classify")
    assert res.exit_code == 2
    assert "\x1b" not in res.output and "␛[2J[red]清屏.docx" in res.output


def test_review_rank_and_compare_print_hostile_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _form(folder / "a.txt", applicant=HOSTILE_NAME, title=ESC_TITLE)
    _form(folder / "b.txt", applicant="无锡[/]精工\x1b[31m机械有限公司", title="设备\u202e运行监测")
    res = _cli("review", str(folder), "--out", str(tmp_path / "out"), "--no-classify", "-q")
    assert res.exit_code in (0, 1), res.output
    for cmd in (
        ["rank", str(tmp_path / "out")],
        ["compare", str(tmp_path / "out"), "a.txt", "b.txt"],
        ["show", str(tmp_path / "out"), "a.txt"],
        ["search", str(tmp_path / "out"), "能耗"],
    ):
        r = _cli(*cmd)
        assert r.exit_code == 0, (cmd, r.output)
        assert "\x1b" not in r.output and "\u202e" not in r.output, cmd
    assert "[/bold]恒锐[red]" in _cli("rank", str(tmp_path / "out")).output


def test_plain_keeps_ordinary_text_and_shows_controls() -> None:
    s = "一、场景名称：[MES] 系统\t上线\n第二行"
    assert plain(s) is s
    assert plain("a\x1b[2Jb\x9bc\u202ed") == "a␛[2Jb\\u009bc\\u202ed"
    assert plain("a\nb", keep_newlines=False) == "a␊b"


# ------------------------------------------------------------------ 4. non-regular files
def test_fifo_and_link_to_dev_zero_fail_fast_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _form(folder / "好的申报书.txt")
    os.mkfifo(folder / "管道.docx")
    os.symlink("/dev/zero", folder / "零.txt")
    # in a child with a hard timeout: the old code blocked forever on the FIFO
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scenarioreview",
            "review",
            str(folder),
            "--out",
            str(tmp_path / "out"),
            "--no-classify",
            "-q",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == 2, proc.stderr
    assert "管道.docx：这是命名管道（FIFO），不是普通文件" in proc.stderr
    assert "零.txt：这是设备文件，不是普通文件" in proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [s["applicant"]["name"] for s in report["submissions"]] == [APPLICANT]


def test_size_cap_is_enforced_on_what_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scenarioreview import errors
    from scenarioreview.parsers import parse

    monkeypatch.setattr("scenarioreview.parsers.MAX_INPUT_BYTES", 1000)
    with pytest.raises(errors.InputError) as info:
        parse(_form(tmp_path / "长.txt"))
    assert info.value.code == "too_large" and "上限" in info.value.message


# ------------------------------------------------------------------ 5. skipped sub-folders are reported
def test_symlinked_sub_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    _form(tmp_path / "elsewhere" / "乙.txt")
    (tmp_path / "in").mkdir()
    _form(tmp_path / "in" / "甲.txt")
    os.symlink(tmp_path / "elsewhere", tmp_path / "in" / "链接目录")
    res = _cli("check", str(tmp_path / "in"), "--no-classify", "--format", "json")
    assert res.exit_code == 2
    assert "链接目录：是指向其他位置的符号链接目录，未进入" in res.stderr
    assert len(json.loads(res.stdout)) == 1


def _too_deep(folder: Path) -> None:
    """A sub-folder whose full path is longer than PATH_MAX: unreadable even for root (ENAMETOOLONG)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(20):
            name = "很深的目录" * 16  # 240 bytes, under NAME_MAX
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
    finally:
        os.close(fd)


def test_unreadable_sub_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _form(folder / "甲.txt")
    _too_deep(folder)
    locked = folder / "锁住的目录"
    locked.mkdir()
    _form(locked / "乙.txt")
    locked.chmod(0o000)  # refused to a normal user; root reads it, so the deep folder covers that case
    try:
        res = _cli("check", str(folder), "--no-classify", "--format", "json")
    finally:
        locked.chmod(0o755)
    assert res.exit_code == 2
    assert "：目录无法读取（File name too long），其中的文件未审查" in res.stderr
    if os.geteuid() != 0:
        assert "锁住的目录：目录无法读取（Permission denied），其中的文件未审查" in res.stderr
    assert len(json.loads(res.stdout)) == (2 if os.geteuid() == 0 else 1)
