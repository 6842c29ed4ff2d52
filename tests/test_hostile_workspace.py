"""Issue 14, items 13-15: the report set is replaced as a whole and stale temp files are removed; a second
review on the same workspace is refused as busy; output-side failures are a Chinese message with exit 2."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import hostile_build as hb
import pytest
from click.testing import CliRunner

from scenarioreview.cli import main
from scenarioreview.store import workspace_lock

ROOT = Path(__file__).resolve().parents[1]


def _inputs(tmp_path: Path, applicant: str = "常州瑞丰精密机械有限公司") -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    head = [ln.replace("常州瑞丰精密机械有限公司", applicant) for ln in hb.FORM_HEAD]
    (folder / "申报书.txt").write_text(
        "\n".join(head + ["一、" + hb.SCENARIO_TITLE] + hb.SCENARIO_BODY), encoding="utf-8"
    )
    return folder


def _review(inputs: Path, out: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        main, ["review", str(inputs), "--out", str(out), "--no-classify", "-q"], catch_exceptions=False
    )


# ------------------------------------------------------------------ 14. one writer per workspace
def test_second_review_on_a_busy_workspace_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with workspace_lock(out):  # another review holds the workspace
        res = _review(_inputs(tmp_path), out)
    assert res.exit_code == 2
    assert "工作区正被另一个审查任务（review 或 scores import）使用" in res.output
    assert not (out / "report.json").exists()
    assert _review(_inputs(tmp_path), out).exit_code == 0  # free again afterwards


# ------------------------------------------------------------------ 13. the report set as a whole
def test_failed_report_write_keeps_the_previous_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert _review(_inputs(tmp_path), out).exit_code == 0
    before = {n: (out / n).read_bytes() for n in ("report.json", "report.html", "report.xlsx")}

    def broken(review, path):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device", str(path))

    # report.xlsx is written in the reviewing process whatever -j says (report.html may go to a helper)
    monkeypatch.setattr("scenarioreview.reports.xlsx.write_xlsx", broken)
    res = _review(_inputs(tmp_path, "无锡新程电子科技有限公司"), out)
    assert res.exit_code == 2 and "磁盘空间已满" in res.output
    assert {n: (out / n).read_bytes() for n in before} == before  # the previous set, untouched
    assert not list(out.glob(".staging-*")) and not list(out.glob(".report.*"))


def test_leftovers_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".staging-abc123").mkdir(parents=True)
    (out / ".staging-abc123" / "report.json").write_text("{}", encoding="utf-8")
    (out / ".report.json.x1y2z3.tmp").write_text("{半个文件", encoding="utf-8")
    (out / ".report.xlsx.q9w8e7.xlsx").write_bytes(b"PK")
    assert _review(_inputs(tmp_path), out).exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".review.lock"]
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["submissions"]


# ------------------------------------------------------------------ 15. output-side failures
@pytest.mark.parametrize(
    "where, message",
    [
        ("/dev/null", "输出位置已存在且不是目录"),
        ("afile/sub", "路径中的上级是一个文件，不是目录"),
    ],
)
def test_bad_out_is_a_clear_message_with_exit_2(tmp_path: Path, where: str, message: str) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    out = where if where.startswith("/") else str(tmp_path / where)
    res = _review(_inputs(tmp_path), Path(out))
    assert res.exit_code == 2 and message in res.output
    assert "Traceback" not in res.output


def test_report_json_being_a_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "report.json").mkdir(parents=True)
    res = _review(_inputs(tmp_path), out)
    assert res.exit_code == 2 and "report.json 是一个目录，无法写入报告" in res.output


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, 32 * 1024))  # what a full disk looks like to us
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_full_disk_is_a_clear_message_with_exit_2(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scenarioreview",
            "review",
            str(_inputs(tmp_path)),
            "--out",
            str(tmp_path / "out"),
            "--no-classify",
            "-q",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        preexec_fn=_limit_file_size,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("错误：") and ("工作区数据库" in proc.stderr or "无法读写" in proc.stderr)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_not_blamed_on_corruption(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _review(_inputs(tmp_path), out).exit_code == 0
    out.chmod(0o555)
    try:
        res = _review(_inputs(tmp_path), out)
    finally:
        out.chmod(0o755)
    assert res.exit_code == 2 and "没有写权限" in res.output and "损坏" not in res.output
