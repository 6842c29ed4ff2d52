"""Build hook: copy the data the installed CLI reads into the wheel as scenarioreview/data/.

In a source checkout (editable install) resources.py reads the top-level ``corpora/`` and ``models/``
instead, so the data lives in one place only; resources.data_root() is the one resolver for both layouts.
Everything else about the package is declared in pyproject.toml. tests/test_wheel.py builds the wheel and
runs check, review, train --help and evaluate from it.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

# Left out of the wheel, everything else under corpora/ and models/ goes in:
# - narratives/fragments: the sources scripts/compose_corpus.py composes corpus.jsonl from (the composed
#   corpus, which `train` and `evaluate` read by default, is packaged: ~7 MB, ~1.5 MB compressed);
# - real-cases: outside cases kept for measuring only, never redistributed; `evaluate` skips them when absent;
# - developer notes (*.md) of the corpora; the model card (models/*/README.md) stays with its model.
CORPORA_LEFT_OUT = ("fragments", "real-cases", "__pycache__", "*.md")
MODELS_LEFT_OUT = ("__pycache__",)


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "scenarioreview" / "data"
        for name, left_out in (("corpora", CORPORA_LEFT_OUT), ("models", MODELS_LEFT_OUT)):
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, target / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*left_out))


setup(cmdclass={"build_py": BuildWithData})
