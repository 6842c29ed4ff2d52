"""The built wheel runs on its own data: check, review, train --help and evaluate from a fresh venv.

A wheel once crashed `train` and `evaluate` because their default corpora were left out of it, while every
test passed against the source checkout. Here the package is built from a copy of the tree, installed into a
new venv (dependencies come from the system site-packages, the package itself only from the wheel) and the
installed console script is run with no PYTHONPATH, from a folder outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
pytestmark = pytest.mark.wheel


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    work: Path  # a folder outside the repository to run the commands in

    def run(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCENARIOREVIEW_DATA")}
        env["PYTHONNOUSERSITE"] = "1"
        return subprocess.run(
            [str(a) for a in args],
            cwd=self.work,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")


def _copy_tree(dst: Path) -> Path:
    """The files git would ship (tracked and new, ignored ones left out), so build/ and caches stay behind."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)
    return dst


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    tree = _copy_tree(base / "tree")
    dist = base / "dist"
    # No build isolation: setuptools comes from the test extra, so the build needs no network.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(tree),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("scenarioreview-*.whl")
    venv = base / "venv"
    # pip is visible through the system site-packages, so the venv needs none of its own (no ensurepip).
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
        check=True,
        timeout=300,
    )
    inst = Installed(wheel, venv, base / "work")
    inst.work.mkdir()
    done = inst.run(
        inst.bin / "python",
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--no-index",
        "--force-reinstall",
        wheel,
    )
    assert done.returncode == 0, done.stderr
    return inst


def test_the_wheel_carries_the_data_the_cli_reads_and_not_the_sources_of_it(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    data = "scenarioreview/data/"
    for needed in (
        "corpora/guides/2022.yaml",
        "corpora/guides/2025.yaml",
        "corpora/lexicon/sensitive.yaml",
        "models/sr-static-zh/domain_dict.txt",
        "corpora/rubric/default.yaml",
        "corpora/boilerplate/form_prompts.txt",
        "corpora/industry/gbt4754.yaml",
        "corpora/narratives/corpus.jsonl",
        "corpora/real/corpus.jsonl",
        "models/sr-static-zh/model.safetensors",
        "models/sr-static-zh/scenario_head.npz",
    ):
        assert data + needed in names, needed
    assert (
        "scenarioreview/parsers/pdf/reader.py" in names
        and "scenarioreview/reports/templates/report.html.j2" in names
    )
    assert not [n for n in names if "/fragments/" in n or "/real-cases/" in n], (
        "sources and measuring data stay out"
    )
    assert installed.wheel.stat().st_size < 40 * 1024 * 1024


def test_the_package_is_imported_from_the_wheel_and_finds_its_data_there(installed: Installed) -> None:
    code = (
        "import scenarioreview, scenarioreview.resources as r;"
        "print(scenarioreview.__file__); print(r.data_root()); print(r.layout()); print(r.training_corpus())"
    )
    done = installed.run(installed.bin / "python", "-c", code)
    assert done.returncode == 0, done.stderr
    module, root, layout, corpus = done.stdout.split("\n")[:4]
    site = str(installed.venv.resolve())
    assert module.startswith(site) and not module.startswith(str(ROOT)), module
    assert root.startswith(site) and root.endswith("scenarioreview/data") and layout == "wheel"
    assert Path(corpus).stat().st_size > 1_000_000


def test_check_reads_a_form_with_the_packaged_model_and_lexicons(installed: Installed) -> None:
    form = EXAMPLES / "徐州中冶-优秀场景申报书.docx"
    done = installed.run(installed.bin / "scenarioreview", "check", form, "--format", "json")
    assert done.returncode == 1, done.stderr  # the first scenario is over the limit: an error-level finding
    (doc,) = json.loads(done.stdout)
    assert doc["schema"] == "scenarioreview.document/1" and doc["status"] == "ok"
    assert doc["applicant"]["name"] == "徐州中冶液压机械有限公司"
    first = doc["scenarios"][0]
    assert first["title"] == "液压油缸数字孪生工厂建设" and first["over_limit"] is True
    top = [c["name"] for c in first["classification"]["top"][:3]]
    assert "数字孪生工厂建设" in top  # classified by the model folder inside the wheel


def test_review_writes_the_three_reports_for_a_small_batch(installed: Installed) -> None:
    batch = installed.work / "申报材料"
    batch.mkdir()
    for name in (
        "徐州中冶-优秀场景申报书.docx",
        "浙江康宁-优秀场景申报书.doc",
        "江北新钢-示范工厂申报书.pdf",
    ):
        shutil.copy2(EXAMPLES / name, batch / name)
    out = installed.work / "审查结果"
    done = installed.run(installed.bin / "scenarioreview", "review", batch, "--out", out)
    assert done.returncode in (0, 1), done.stderr
    assert "成功分析 3 个" in done.stdout
    review = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert review["schema"] == "scenarioreview.review/1"
    assert sorted(Path(s["file"]).name for s in review["submissions"]) == sorted(
        p.name for p in batch.iterdir()
    )
    assert (out / "report.xlsx").stat().st_size > 5000 and "<html" in (out / "report.html").read_text("utf-8")


def test_train_help_runs_from_the_wheel(installed: Installed) -> None:
    done = installed.run(installed.bin / "scenarioreview", "train", "--help")
    assert done.returncode == 0, done.stderr
    assert "--corpus" in done.stdout and "训练" in done.stdout


@pytest.mark.slow
def test_evaluate_runs_on_the_packaged_corpora(installed: Installed) -> None:
    done = installed.run(installed.bin / "scenarioreview", "evaluate", timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
    model = Path(
        installed.run(
            installed.bin / "python",
            "-c",
            "from scenarioreview.resources import models_path;print(models_path('sr-static-zh'))",
        ).stdout.strip()
    )
    assert str(model).startswith(str(installed.venv.resolve()))
    ev = json.loads((model / "eval.json").read_text(encoding="utf-8"))
    overall = ev["test"]["overall"]
    assert overall["n"] > 500 and overall["top1"] > 0.85  # the composed test split, read from the wheel
    assert ev["real_test"]  # the real-genre corpus is packaged too
    assert "real_cases" not in ev  # measuring-only cases are not
    assert "top1" in done.stdout
