"""Turn the text PDF of one bundled example into a stamped, slightly rotated scan (image-only PDF).

The quick start reviews examples/ with the OCR extra installed, so the sample batch must hold a scan, as a
province's batch does. Reuses the seeded scanner of make_scanned_fixtures.py; a re-run writes the same bytes.
Needs: Pillow, numpy, pypdfium2 and the seal font that script names.
Run: python3 scripts/make_scanned_example.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_scanned_fixtures import _scan  # noqa: E402

SOURCE = ROOT / "examples" / "合肥澜汐-优秀场景申报书.pdf"
TARGET = ROOT / "examples" / "合肥澜汐-优秀场景申报书（扫描件）.pdf"


def main() -> None:
    _scan(SOURCE, TARGET, "合肥澜汐智能装备有限公司", dpi=200, angle=0.6, sigma=8.0, seal=True, seed=20221017)
    SOURCE.unlink()  # the batch holds the scan instead of the text PDF, as a province receives it
    print(f"wrote {TARGET.name} ({TARGET.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
