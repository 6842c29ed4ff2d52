"""Why a submission is kept off the recommendation list: hard exclusions (nothing to judge) and flags
(over the limit, error findings, maturity, the exclude list, not an application form)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import ConfigError
from ..model import FileReport
from .rubric import Rubric
from .types import APP_TYPES, Exclusion

# Exclusions no setting can lift (not even --keep-flagged): the text was not there to be judged.
HARD_EXCLUSIONS = frozenset({"unreadable", "no_scenario", "no_description", "unknown_type"})


def blocking(exclusions: Sequence[Exclusion], keep_flagged: bool) -> list[Exclusion]:
    """The exclusions that keep a submission off the list under the given setting."""
    return [e for e in exclusions if not keep_flagged or e.code in HARD_EXCLUSIONS]


def load_exclude_list(path: str | None) -> set[str]:
    if not path:
        return set()
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise ConfigError(f"无法读取已揭榜单位名单：{exc.strerror or exc}", path=path) from exc
    names = set()
    for ln in lines:
        for cell in ln.replace("\t", ",").split(","):
            if cell.strip() and not cell.strip().startswith("#"):
                names.add(cell.strip())
    return names


def app_type_of(rep: FileReport) -> str:
    t = rep.application.application_type if rep.application else "unknown"
    if t in APP_TYPES:
        return t
    return "示范工厂" if len(rep.scenarios) > 1 else "优秀场景"


_MIN_DESCRIPTION = 1  # 字: a scenario with fewer counted characters has no description to judge
_MIN_FALLBACK = 200  # 字: a form without scenario structure and less text than this holds no description


def _unusable(rep: FileReport) -> list[Exclusion]:
    """Hard exclusions: the form could not be read, has no scenario, an empty scenario, or is not the file
    type its name says. These hold whatever the settings (see HARD_EXCLUSIONS)."""
    out = []
    if rep.status == "failed" or rep.application is None:
        out.append(Exclusion("unreadable", "文件无法读取，未能取得申报内容"))
        return out
    # Plain text behind an office or PDF extension is a renamed file, not a form (the parser compared the
    # real file name with the bytes; rep.file is a display name and may carry a note after the suffix).
    mismatch = next((n for n in rep.notices if n.code == "format_mismatch"), None)
    renamed = rep.format == "txt" and mismatch is not None
    if renamed or rep.format is None:
        detail = "扩展名与内容不符，内容却是纯文本" if renamed else "无法确定文件格式"
        out.append(Exclusion("unknown_type", f"文件类型不明或与扩展名不符（{detail}），请人工核对原件"))
    app = rep.application
    fallback_words = sum(s.counts.words for s in rep.scenarios) if app.structure == "fallback" else None
    if not rep.scenarios or (fallback_words is not None and fallback_words < _MIN_FALLBACK):
        out.append(Exclusion("no_scenario", "未找到任何场景描述（可能是空白表格、扫描件未识别或非申报材料）"))
        return out
    missing: set[int] = set()
    for s in rep.scenarios:
        if s.counts.words < _MIN_DESCRIPTION or any(f.category == "missing_description" for f in s.findings):
            missing.add(s.scenario.index)
    if any(f.category == "missing_description" for f in rep.findings):
        missing.add(0)  # the finding does not say which scenario
    if missing:
        which = "、".join(str(i) for i in sorted(missing) if i) or "部分"
        out.append(
            Exclusion("no_description", f"场景 {which} 未找到场景描述或内容为空（0 字或过短），无法评审")
        )
    return out


def _error_labels(rep: FileReport) -> list[str]:
    """Chinese names of the error-level problems, beyond those a hard exclusion already names."""
    from ..labels import category_zh, check_zh

    found = [f for s in rep.scenarios for f in s.findings if f.severity == "error" and f.check != "length"]
    found += [f for f in rep.findings if f.severity == "error"]
    names = {
        category_zh(f.category) or check_zh(f.check) for f in found if f.category != "missing_description"
    }
    return sorted(names)


def exclusions(rep: FileReport, rubric: Rubric, excluded_names: set[str]) -> list[Exclusion]:
    out = _unusable(rep)
    if not any(e.code == "unknown_type" for e in out):
        # another office format under the wrong extension (a .docx saved as .doc): read fine, but the office
        # should confirm it is the form that was submitted; --keep-flagged lets it compete
        out += [
            Exclusion("format_mismatch", f"{n.message}") for n in rep.notices if n.code == "format_mismatch"
        ][:1]
    over = [s.scenario.index for s in rep.scenarios if s.over_limit]
    if over:
        out.append(Exclusion("over_limit", f"场景 {'、'.join(map(str, over))} 超出字数上限"))
    errs = _error_labels(rep)
    if errs:
        out.append(Exclusion("error_finding", f"存在错误级问题（{'、'.join(errs)}）"))
    app = rep.application
    if app and app.structure == "fallback" and app.application_type == "unknown":
        out.append(
            Exclusion(
                "not_application", "未识别出申报书结构（无场景标题、无项目类别），请人工核对是否为申报材料"
            )
        )
    if app and app_type_of(rep) == "示范工厂":
        level = app.applicant.maturity_level
        if level is not None and level < rubric.factory.min_maturity:
            out.append(Exclusion("maturity_below_2", f"智能制造能力成熟度自评为 {level} 级，低于二级"))
    if app and excluded_names & {app.applicant.name, app.applicant.credit_code}:
        out.append(Exclusion("exclude_list", "申报单位已承担示范工厂揭榜任务，不得重复申报"))
    return out
