"""Screenshots of a review's report.html (headless Chromium) and report.xlsx as printed (LibreOffice headless
to PDF, then pdftoppm), for looking at what an office would see and print.

    python scripts/render_report_screens.py WORKSPACE [--out DIR]

Without WORKSPACE's reports, run `scenarioreview review … --out WORKSPACE` first. Needs chromium,
libreoffice (soffice) and pdftoppm (poppler-utils) on PATH; a missing tool is reported and skipped.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def _tool(names: tuple[str, ...]) -> str | None:
    return next((p for n in names if (p := shutil.which(n))), None)


def screenshot_html(html: Path, png: Path, width: int = 1400, height: int = 2400) -> bool:
    exe = _tool(CHROMIUM)
    if exe is None:
        print("跳过 report.html 截图：未找到 chromium", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        f"--user-data-dir={profile}", "--hide-scrollbars", f"--window-size={width},{height}",
                        f"--screenshot={png}", html.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)
    return png.exists()


def xlsx_to_pdf(xlsx: Path, out_dir: Path) -> Path | None:
    """The workbook as LibreOffice prints it (every sheet, its own print setup)."""
    exe = _tool(("soffice", "libreoffice"))
    if exe is None:
        print("跳过 report.xlsx 打印预览：未找到 libreoffice", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(xlsx)], check=True, capture_output=True, timeout=300)
    pdf = out_dir / (xlsx.stem + ".pdf")
    return pdf if pdf.exists() else None


def pdf_pages(pdf: Path, prefix: Path, first: int = 1, last: int = 4, dpi: int = 70) -> list[Path]:
    exe = _tool(("pdftoppm",))
    if exe is None:
        print("跳过 PDF 转图片：未找到 pdftoppm", file=sys.stderr)
        return []
    subprocess.run([exe, "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
                   check=True, capture_output=True, timeout=120)
    return sorted(prefix.parent.glob(prefix.name + "*.png"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="report.html 截图与 report.xlsx 打印预览")
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--out", type=Path, default=None, help="图片输出目录（默认 WORKSPACE/screens）")
    ap.add_argument("--pages", type=int, default=4, help="report.xlsx 打印预览的页数")
    args = ap.parse_args(argv)
    out = args.out or args.workspace / "screens"
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    html = args.workspace / "report.html"
    if html.exists() and screenshot_html(html, out / "report-html.png"):
        made.append(out / "report-html.png")
    xlsx = args.workspace / "report.xlsx"
    if xlsx.exists() and (pdf := xlsx_to_pdf(xlsx, out)):
        made += [pdf, *pdf_pages(pdf, out / "report-xlsx", last=args.pages)]
    for p in made:
        print(p)
    return 0 if made else 1


if __name__ == "__main__":
    sys.exit(main())
