"""Issue 14, items 9 and 12: a per-file time and memory budget in the batch, and pool workers that die with
their parent. Slow and greedy files are built here from tests/hostile_build.py."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostile_build as hb
import pytest

from scenarioreview import budget
from scenarioreview.pipeline import CheckOptions, check_files

ROOT = Path(__file__).resolve().parents[1]
OPTS = CheckOptions(classify=False, ocr="never")


def _good(folder: Path) -> Path:
    p = folder / "正常申报书.txt"
    p.write_text("\n".join(hb.FORM_HEAD + ["一、" + hb.SCENARIO_TITLE] + hb.SCENARIO_BODY), encoding="utf-8")
    return p


def _slow_pdf(folder: Path, name: str = "慢.pdf") -> Path:
    p = folder / name
    p.write_bytes(hb.inflating_pdf(30))  # 30 MB of page content: pdfminer needs tens of seconds
    return p


def test_file_over_the_time_budget_fails_as_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "FILE_SECONDS", 1.0)
    monkeypatch.setenv("SCENARIOREVIEW_PDF_ENGINE", "pdfplumber")  # the pdfium path reads this file fast
    reports = list(check_files([str(_slow_pdf(tmp_path)), str(_good(tmp_path))], OPTS, jobs=1))
    assert [r.status for r in reports] == ["failed", "ok"]
    assert reports[0].error.code == "timeout" and "1 秒的上限" in reports[0].error.message
    assert reports[1].application.applicant.name == "常州瑞丰精密机械有限公司"


def _vm_size_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_file_over_the_memory_budget_fails_as_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget, "WORKER_MEMORY_MB", _vm_size_mb() + 250)  # the forked worker's cap
    greedy = tmp_path / "巨型.txt"
    with greedy.open("w", encoding="utf-8") as fh:
        for _ in range(150):
            fh.write("设备运行监测 line of an oversized annex\n" * 20000)
    good = _good(tmp_path)
    reports = list(check_files([str(greedy), str(good)], OPTS, jobs=2))
    assert [r.status for r in reports] == ["failed", "ok"]
    assert reports[0].error.code == "too_large", reports[0].error
    assert "内存超过每个文件的上限" in reports[0].error.message


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_workers_die_when_review_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        _slow_pdf(folder, f"慢{i}.pdf")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scenarioreview",
            "review",
            str(folder),
            "--out",
            str(tmp_path / "out"),
            "-j",
            "2",
            "--no-classify",
            "-q",
            "--ocr",
            "never",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert len(workers) >= 2, "the pool did not start"
        time.sleep(1.0)  # the workers are inside the slow files now
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "orphaned pool workers still running"
    finally:
        for w in [*workers, proc.pid]:  # only what this test started
            with contextlib.suppress(OSError):
                os.kill(w, signal.SIGKILL)
