"""Import expert scores (xlsx or csv: submission, expert, score) and merge them into the ranking."""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import ConfigError
from .types import Review

_SUBMISSION = ("申报材料", "申报单位", "单位名称", "企业名称", "文件", "文件名", "submission", "项目")
_EXPERT = ("专家", "评审专家", "expert")
_SCORE = ("分数", "得分", "评分", "score")


def _rows(sheet: Path) -> list[list[str]]:
    if sheet.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(sheet, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a bad workbook
            raise ConfigError(f"无法读取专家评分表（不是有效的 .xlsx）：{exc}", path=str(sheet)) from exc
        ws = wb.worksheets[0]
        rows = [["" if v is None else str(v).strip() for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
        return rows
    try:
        raw = sheet.read_bytes()
    except OSError as exc:
        raise ConfigError(f"无法读取专家评分表：{exc.strerror or exc}", path=str(sheet)) from exc
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ConfigError("专家评分表既不是 .xlsx，也不是 UTF-8/GB18030 编码的 CSV", path=str(sheet))
    if "\x00" in text:
        raise ConfigError("专家评分表不是 CSV 文本（请提供 .xlsx 或 .csv）", path=str(sheet))
    return [[c.strip() for c in row] for row in csv.reader(text.splitlines())]


def _column(header: list[str], names: tuple[str, ...], taken: set[int]) -> int | None:
    """The column whose header is one of ``names`` (exact first, then containing one), not already taken."""
    for exact in (True, False):
        for i, h in enumerate(header):
            if i in taken:
                continue
            if h.lower() in names or (not exact and any(n in h for n in names if not n.isascii())):
                taken.add(i)
                return i
    return None


def resolve_submission(review: Review, ref: str) -> str | None:
    """A submission's sha256 from a file name, applicant name, sha prefix or rank within its type."""
    ref = ref.strip()
    for s in review.submissions:
        if ref in (s.file_name, Path(s.file).stem, s.file) or (
            len(ref) >= 6 and s.submission.startswith(ref)
        ):
            return s.submission
    named = [s for s in review.submissions if s.applicant and s.applicant.name == ref]
    if len(named) == 1:
        return named[0].submission
    return None


def import_expert_scores(workspace: str | Path, sheet: str | Path) -> tuple[Review, int, list[str]]:
    """Store the sheet's scores and re-rank. Returns (review, imported, skipped lines); the caller writes the
    reports (the library never imports the report layer)."""
    from ..store import Workspace
    from .batch import rebuild
    from .serialise import load_review

    review = load_review(workspace)
    rows = _rows(Path(sheet))
    if not rows:
        raise ConfigError("专家评分表为空", path=str(sheet))
    header = rows[0]
    taken: set[int] = set()
    # the score column first: a header such as "专家评分" names the score, not the expert
    c_score, c_sub, c_exp = (_column(header, names, taken) for names in (_SCORE, _SUBMISSION, _EXPERT))
    if c_sub is None or c_exp is None or c_score is None:
        raise ConfigError("专家评分表缺少表头：需要“申报材料/申报单位”“专家”“分数”三列", path=str(sheet))
    good: list[tuple[str, str, float]] = []
    skipped: list[str] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        try:
            ref, expert, raw = row[c_sub], row[c_exp], row[c_score]
        except IndexError:
            skipped.append(f"{sheet} 第 {n} 行：列数不足")
            continue
        sha = resolve_submission(review, ref)
        if sha is None:
            skipped.append(f"{sheet} 第 {n} 行：找不到申报材料“{ref}”")
            continue
        try:
            score = float(raw)
        except ValueError:
            skipped.append(f"{sheet} 第 {n} 行：分数“{raw}”不是数字")
            continue
        if not 0 <= score <= 100:
            skipped.append(f"{sheet} 第 {n} 行：分数 {score} 不在 0–100 之间")
            continue
        good.append((sha, expert or f"专家{n}", score))
    ws = Workspace(workspace)
    try:
        imported = ws.import_expert_scores(good)
    finally:
        ws.close()
    result = rebuild(workspace)
    return result, imported, skipped
