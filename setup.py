"""Build hook: copy the top-level corpora/ and models/ into the wheel as scenarioreview/data/.

In a source checkout (editable install) resources.py reads them from the repository root instead, so they live
in one place only. Everything else about the package is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "scenarioreview" / "data"
        for name in ("corpora", "models"):
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, target / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("fragments", "narratives", "__pycache__", "*.md"))


setup(cmdclass={"build_py": BuildWithData})
