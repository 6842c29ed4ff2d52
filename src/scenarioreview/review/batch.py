"""A province batch: files -> workspace -> duplicates -> scores -> ranking -> report dict.

Re-runs only analyse new or changed files (content hash + analysis key); a rubric change only re-scores.
The result is the ``scenarioreview.review/1`` dict that every report (JSON, Excel, HTML, terminal) renders.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..checks.completeness import profile
from ..duplicates import DupItem, DuplicateReport, find_duplicates
from ..errors import ConfigError
from ..industry import group_counts
from ..model import Exclusion, FileReport
from ..pipeline import CheckOptions, check_file, check_files, expand_inputs
from ..contract import file_dict
from .scoring import (
    HARD_EXCLUSIONS,
    Candidate,
    ScenarioEvidence,
    factory_score,
    load_rubric,
    mean_criteria,
    merge_expert,
    rank,
    score_scenario,
    trimmed_mean,
    weighted,
)
from ..safetext import display_path
from ..store import Workspace

REVIEW_SCHEMA = "scenarioreview.review/1"
APP_TYPES = ("优秀场景", "示范工厂")
LOW_OCR_CONFIDENCE = 0.8  # mean OCR confidence below which a reviewer should check the text against the scan


def ocr_confidence(rep: FileReport) -> float | None:
    """Character-weighted mean confidence of the OCR'd text of a form; None when nothing was OCR'd."""
    if rep.application is None:
        return None
    from ..parsers.pdf_quality import mean_confidence

    return mean_confidence(rep.application.document.blocks)


@dataclass(frozen=True)
class ReviewSettings:
    check: CheckOptions = field(default_factory=CheckOptions)
    region_type: str = "province"  # province | plan-city | bingtuan
    quota_scenarios: int | None = None  # None = the default for the region type
    quota_factories: int | None = None
    city_quotas: tuple[tuple[str, str, int], ...] = ()  # (项目类别, city or "*", cap)
    coverage: bool = False
    keep_flagged: bool = False
    rubric: str | None = None
    exclude_list: str | None = None
    against: str | None = None
    jobs: int | None = None


Progress = Callable[[str, int, int, str], None]  # (stage, done, total, file being worked on)


def _tree_digest(h: Any, root: Path, patterns: Sequence[str]) -> None:
    for pattern in patterns:
        for f in sorted(root.glob(pattern)):
            if f.is_file():
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())


def analysis_key(options: CheckOptions) -> str:
    """Identity of everything that shapes a file's analysis: the code, the options, and the contents of the
    model, guides, packaged lexicons and user lexicons. A cached analysis is reused only on an exact match."""
    from ..resources import corpora_path, models_path

    h = hashlib.sha256(json.dumps({"version": __version__, "options": asdict(options)}, sort_keys=True,
                                  ensure_ascii=False).encode())
    _tree_digest(h, Path(__file__).resolve().parents[1], ["**/*.py"])  # the whole package
    _tree_digest(h, corpora_path(), ["guides/*.yaml", "lexicon/*", "boilerplate/*"])
    if options.classify:
        model = Path(options.model) if options.model else models_path()
        _tree_digest(h, model, ["**/*.json", "**/*.npz", "**/*.safetensors"])
    for lex in options.lexicons:
        try:
            h.update(Path(lex).read_bytes())
        except OSError:
            h.update(lex.encode())  # the lexicon loader reports the unreadable file
    return h.hexdigest()[:16]


def _sha(path: str) -> str | None:
    """Content hash of a regular file; None for anything else (a FIFO would block, /dev/zero never ends)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def _analyse(ws: Workspace, paths: Sequence[str], options: CheckOptions, jobs: int | None,
             progress: Progress | None) -> tuple[list[tuple[str, FileReport]], int]:
    """FileReports for every path, reusing cached analyses; returns (path, report) pairs and the reuse count."""
    key = analysis_key(options)
    results: dict[str, FileReport] = {}
    todo: list[str] = []
    reused = 0
    for p in paths:
        sha = _sha(p)
        cached = ws.cached_report(sha, key) if sha else None
        if cached is not None:
            results[p] = cached
            reused += 1
        else:
            todo.append(p)
    done = reused
    if progress:
        progress("分析", done, len(paths), Path(todo[0]).name if todo else "")
    workers = min(jobs or os.cpu_count() or 1, len(todo)) if todo else 0

    def keep(path: str, rep: FileReport, following: str) -> None:
        nonlocal done
        results[path] = rep
        if rep.status != "failed" and rep.sha256:
            ws.save_report(rep, key, file_dict(rep, with_checks=True, mask=False))
        done += 1
        if progress:  # names the file now being worked on (in input order)
            progress("分析", done, len(paths), following)

    if todo:
        for i, (p, rep) in enumerate(zip(todo, check_files(todo, options, jobs=workers))):
            keep(p, rep, Path(todo[i + 1]).name if i + 1 < len(todo) else "")
    # A cached analysis may have been made from the same bytes under another name: report the current path.
    shown = {p: display_path(p) for p in paths}
    return [(p, results[p] if results[p].file == shown[p] else replace(results[p], file=shown[p])) for p in paths], \
        reused


def _boilerplate() -> list[str]:
    from ..resources import corpora_path

    texts = []
    path = corpora_path("boilerplate", "form_prompts.txt")
    if path.exists():
        texts += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    from ..guide import load_guide  # the reference guide's own phrasing is shared legitimately

    texts += [it.description for it in load_guide().items if it.description]
    return texts


def _against_items(against: str, options: CheckOptions) -> list[DupItem]:
    p = Path(against)
    if (p / "review.sqlite").exists() or p.suffix == ".sqlite":
        ws = Workspace(p)
        try:
            rows = ws.db.execute("SELECT sha256, idx, text FROM scenarios ORDER BY sha256, idx").fetchall()
        finally:
            ws.close()
        return [DupItem(f"old:{sha}#{idx}", f"old:{sha}", text, "against") for sha, idx, text in rows]
    items = []
    quick = CheckOptions(limit=options.limit, policy=options.policy, ocr=options.ocr, sensitive=False, classify=False)
    for path in expand_inputs([against]):
        rep = check_file(path, quick)
        for s in rep.scenarios:
            items.append(DupItem(f"old:{rep.sha256}#{s.scenario.index}", f"old:{path}", s.scenario.text, "against"))
    return items


def _duplicates(ws: Workspace, reports: Sequence[FileReport], against: str | None,
                options: CheckOptions) -> tuple[DuplicateReport, dict[str, str]]:
    items = [DupItem(f"{r.sha256}#{s.scenario.index}", r.sha256 or r.file, s.scenario.text)
             for r in reports for s in r.scenarios]
    labels = {f"{r.sha256}#{s.scenario.index}": f"{Path(r.file).name} 场景{s.scenario.index}"
              for r in reports for s in r.scenarios}
    set_key = hashlib.sha256(json.dumps([sorted(i.key for i in items), against or ""]).encode()).hexdigest()
    cached = ws.cached_blob("duplicates", set_key)
    if cached is not None:
        return cached
    if against:
        old = _against_items(against, options)
        items += old
        labels.update({i.key: f"往年材料 {i.submission.removeprefix('old:')} 场景{i.key.rsplit('#', 1)[1]}" for i in old})
    result = (find_duplicates(items, boilerplate=_boilerplate()), labels)
    ws.save_blob("duplicates", set_key, result)
    return result


def _load_exclude_list(path: str | None) -> set[str]:
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
    type its name says. These hold whatever the settings (see scoring.HARD_EXCLUSIONS)."""
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
        out.append(Exclusion("no_description", f"场景 {which} 未找到场景描述或内容为空（0 字或过短），无法评审"))
    return out


def _error_labels(rep: FileReport) -> list[str]:
    """Chinese names of the error-level problems, beyond those a hard exclusion already names."""
    from ..labels import category_zh, check_zh

    found = [f for s in rep.scenarios for f in s.findings if f.severity == "error" and f.check != "length"]
    found += [f for f in rep.findings if f.severity == "error"]
    names = {category_zh(f.category) or check_zh(f.check) for f in found if f.category != "missing_description"}
    return sorted(names)


def _exclusions(rep: FileReport, rubric: dict[str, Any], excluded_names: set[str]) -> list[Exclusion]:
    out = _unusable(rep)
    if not any(e.code == "unknown_type" for e in out):
        # another office format under the wrong extension (a .docx saved as .doc): read fine, but the office
        # should confirm it is the form that was submitted; --keep-flagged lets it compete
        out += [Exclusion("format_mismatch", f"{n.message}") for n in rep.notices if n.code == "format_mismatch"][:1]
    over = [s.scenario.index for s in rep.scenarios if s.over_limit]
    if over:
        out.append(Exclusion("over_limit", f"场景 {'、'.join(map(str, over))} 超出字数上限"))
    errs = _error_labels(rep)
    if errs:
        out.append(Exclusion("error_finding", f"存在错误级问题（{'、'.join(errs)}）"))
    app = rep.application
    if app and app.structure == "fallback" and app.application_type == "unknown":
        out.append(Exclusion("not_application", "未识别出申报书结构（无场景标题、无项目类别），请人工核对是否为申报材料"))
    if app and app_type_of(rep) == "示范工厂":
        level = app.applicant.maturity_level
        if level is not None and level < rubric["factory"]["min_maturity"]:
            out.append(Exclusion("maturity_below_2", f"智能制造能力成熟度自评为 {level} 级，低于二级"))
    if app and excluded_names & {app.applicant.name, app.applicant.credit_code}:
        out.append(Exclusion("exclude_list", "申报单位已承担示范工厂揭榜任务，不得重复申报"))
    return out


def _profiles(ws: Workspace, reports: Sequence[FileReport], options: CheckOptions) -> dict[str, list[Any]]:
    """Content profiles (completeness, metrics, terms) per document, cached in the workspace.

    Profiling every scenario's text (metric extraction above all) was most of a re-run's or a rubric
    re-score's time; a profile depends only on the text, so it is keyed like the analysis itself.
    """
    key = analysis_key(options)
    wanted = {f"{key}:{r.sha256}": r for r in reports if r.sha256}
    cached = ws.cached_many("profiles", list(wanted))
    fresh = {k: [profile(s.scenario.text) for s in r.scenarios] for k, r in wanted.items() if k not in cached}
    if fresh:
        ws.save_many("profiles", fresh)
    both = {**cached, **fresh}
    return {r.sha256: both[k] for k, r in wanted.items() if r.sha256}


def score_batch(reports: Sequence[FileReport], dups: DuplicateReport, rubric: dict[str, Any],
                excluded_names: set[str], experts: dict[str, list[float]],
                profiles: dict[str, list[Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Per submission: criteria, automatic/expert/final score, exclusions. Keyed by sha256.

    ``profiles``: precomputed content profiles per document (see ``_profiles``); computed here when absent.
    """
    copy: dict[str, tuple[float, str]] = {}
    for p in dups.pairs:
        for me, other, ratio in ((p.a, p.b, p.ratio_a), (p.b, p.a, p.ratio_b)):
            if ratio > copy.get(me, (0.0, ""))[0]:
                copy[me] = (ratio, other)
    out: dict[str, dict[str, Any]] = {}
    for rep in reports:
        per_scenario, totals, links = [], [], set()
        known = (profiles or {}).get(rep.sha256 or "")
        if known is None or len(known) != len(rep.scenarios):
            known = [profile(s.scenario.text) for s in rep.scenarios]
        for s, prof in zip(rep.scenarios, known):
            key = f"{rep.sha256}#{s.scenario.index}"
            ratio, other = copy.get(key, (0.0, None))
            crit = score_scenario(ScenarioEvidence(s, prof, ratio, other), rubric)
            per_scenario.append(crit)
            totals.append(weighted(crit))
            if s.classification and s.classification.top and not s.classification.none_fits:
                links.add(s.classification.top[0].link)
        criteria = mean_criteria(per_scenario)
        if app_type_of(rep) == "示范工厂":
            auto = factory_score(totals, len(links), rubric)
        else:
            auto = weighted(criteria)
        expert = trimmed_mean(experts.get(rep.sha256 or "", []), rubric["experts"]["trim_min_experts"])
        out[rep.sha256 or rep.file] = {
            "auto": auto, "expert": expert, "final": merge_expert(auto, expert, rubric["experts"]["weight"]),
            "criteria": [{"criterion": c.criterion, "name": c.name, "score": round(c.score, 2), "weight": c.weight,
                          "evidence": list(c.evidence)} for c in criteria],
            "scenario_scores": totals, "links_covered": sorted(links),
            "exclusions": [{"code": e.code, "reason": e.reason} for e in _exclusions(rep, rubric, excluded_names)],
        }
    return out


def _city_quotas(rows: Sequence[Sequence[Any]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for app_type, city, cap in rows:
        out.setdefault(app_type, {})[city] = int(cap)
    return out


def quotas_for(settings: ReviewSettings, rubric: dict[str, Any]) -> dict[str, int]:
    table = rubric["quotas"].get(settings.region_type)
    if table is None:
        raise ConfigError(f"未知的地区类型：{settings.region_type}（可选 province、plan-city、bingtuan）")
    q = dict(table)
    if settings.quota_scenarios is not None:
        q["优秀场景"] = settings.quota_scenarios
    if settings.quota_factories is not None:
        q["示范工厂"] = settings.quota_factories
    return q


def build_review(ws: Workspace, run_id: int, settings: ReviewSettings) -> dict[str, Any]:
    """Duplicates, scores and ranking for the files of ``run_id``; returns the review/1 dict."""
    files = ws.run_files(run_id)
    paths_of: dict[str, list[str]] = {}
    for p, sha, code, _m in files:
        if sha and code is None:
            paths_of.setdefault(sha, []).append(p)
    shas = sorted(paths_of)
    reports = ws.reports(shas)
    rubric = load_rubric(settings.rubric)
    dups, labels = _duplicates(ws, reports, settings.against, settings.check)
    scores = score_batch(reports, dups, rubric, _load_exclude_list(settings.exclude_list), ws.expert_scores(),
                         _profiles(ws, reports, settings.check))
    candidates = []
    for rep in reports:
        app = rep.application
        sc = scores[rep.sha256 or rep.file]
        candidates.append(Candidate(
            submission=rep.sha256 or rep.file, application_type=app_type_of(rep), score=sc["final"],
            name=(app.applicant.name if app and app.applicant.name else Path(rep.file).name),
            region=app.applicant.region if app else None, industry=app.applicant.industry if app else None,
            typicals=tuple(s.classification.top[0].id for s in rep.scenarios
                           if s.classification and s.classification.top and not s.classification.none_fits),
            exclusions=tuple(Exclusion(**e) for e in sc["exclusions"])))
    quotas = quotas_for(settings, rubric)
    ranking = rank(candidates, quotas, coverage=settings.coverage, keep_flagged=settings.keep_flagged,
                   coverage_bonus=rubric["ranking"]["coverage_bonus"], industry_bonus=rubric["ranking"]["industry_bonus"],
                   city_quotas=_city_quotas(settings.city_quotas))
    ws.save_ranking(run_id, [(r.submission, r.application_type, r.rank, r.recommended, r.priority, r.score, r.reason)
                             for r in ranking])
    ws.save_scores([(sha, rubric.get("name", ""), sc) for sha, sc in scores.items()])
    by_sha = {r.sha256: r for r in reports}
    rank_of = {r.submission: r for r in ranking}
    submissions = []
    for rep in sorted(reports, key=lambda r: (app_type_of(r), rank_of[r.sha256 or ""].rank)):
        entry = file_dict(rep, with_checks=True, mask=True)
        r = rank_of[rep.sha256 or ""]
        entry.update({"submission": rep.sha256, "project_type": app_type_of(rep), "score": scores[rep.sha256 or ""],
                      "ocr_confidence": ocr_confidence(rep),
                      "unusable": any(e["code"] in HARD_EXCLUSIONS for e in scores[rep.sha256 or ""]["exclusions"]),
                      "rank": r.rank, "recommended": r.recommended, "priority": r.priority, "reason": r.reason,
                      "exclusions": scores[rep.sha256 or ""]["exclusions"]})
        submissions.append(entry)
    failed = [{"file": p, "error": {"code": code, "message": msg}} for p, _sha, code, msg in files if code]
    from ..checks.sensitive import mask_personal

    texts = {f"{r.sha256}#{s.scenario.index}": s.scenario.text for r in reports for s in r.scenarios}

    def side_b(key: str, span: tuple[int, int], fallback: str) -> str:
        text = texts.get(key)
        return mask_personal(text[span[0]:span[1]]) if text is not None else mask_personal(fallback)

    dup_list = [{
        "a": {"key": p.a, "label": labels.get(p.a, p.a)}, "b": {"key": p.b, "label": labels.get(p.b, p.b)},
        "kind": p.kind, "ratio_a": p.ratio_a, "ratio_b": p.ratio_b, "jaccard": p.jaccard, "longest": p.longest,
        "subtracted": p.subtracted,
        "passages": [{"a": [x.a_start, x.a_end], "b": [x.b_start, x.b_end], "length": x.length,
                      "text": mask_personal(x.text), "text_b": side_b(p.b, (x.b_start, x.b_end), x.text)}
                     for x in p.passages],
    } for p in dups.pairs]
    typ = Counter(t for c in candidates if rank_of[c.submission].recommended for t in c.typicals)
    ind = Counter(c.industry or "未注明" for c in candidates if rank_of[c.submission].recommended)
    recommended = {t: [r.submission for r in sorted((x for x in ranking if x.recommended and x.application_type == t),
                                                     key=lambda x: x.priority or 0)] for t in APP_TYPES}
    n_scen = sum(len(r.scenarios) for r in reports)
    return {
        "schema": REVIEW_SCHEMA,
        "generated_by": f"scenarioreview {__version__}",
        "settings": {"region_type": settings.region_type, "quotas": quotas, "coverage": settings.coverage,
                     "keep_flagged": settings.keep_flagged, "rubric": rubric.get("name"),
                     "weights": rubric["weights"], "edition": settings.check.edition, "limit": settings.check.limit,
                     "against": settings.against},
        "summary": {
            "files": len(files), "analysed": len(reports), "failed": len(failed),
            "partial": sum(1 for r in reports if r.status == "partial"), "scenarios": n_scen,
            "over_limit": sum(1 for r in reports for s in r.scenarios if s.over_limit),
            "sensitive_errors": sum(1 for r in reports for s in r.scenarios for f in s.findings
                                    if f.check == "sensitive" and f.severity == "error"),
            "duplicate_pairs": len(dups.pairs), "duplicate_clusters": len(dups.clusters),
            "boilerplate_shingles": dups.boilerplate_shingles,
            "recommended": {t: len(v) for t, v in recommended.items()},
            "excluded": sum(1 for e in ranking if not e.recommended and scores[e.submission]["exclusions"]),
            "flagged": sum(1 for sc in scores.values() if sc["exclusions"]),
            "identical_files": sum(len(v) - 1 for v in paths_of.values()),
            # never-recommended forms (unreadable, empty, no description, unknown type) and failed files
            "unusable": sum(1 for s in submissions if s["unusable"]),
            "low_confidence_ocr": sum(1 for s in submissions if s["ocr_confidence"] is not None
                                      and s["ocr_confidence"] < LOW_OCR_CONFIDENCE),
        },
        # The same bytes under several names are analysed once; every name is listed so nothing is dropped.
        "identical_files": [{"submission": sha, "files": ps} for sha, ps in sorted(paths_of.items()) if len(ps) > 1],
        "submissions": submissions,
        "failed": failed,
        "duplicates": dup_list,
        "clusters": [{"members": [labels.get(m, m) for m in c.members], "submissions": list(c.submissions),
                      "files": [Path(by_sha[s].file).name for s in c.submissions if s in by_sha]}
                     for c in dups.clusters],
        "recommendation": recommended,
        "coverage": {"typicals": dict(sorted(typ.items())), "industries": dict(sorted(ind.items())),
                     "industry_divisions": group_counts(ind)},
    }


def run_review(inputs: Sequence[str], out_dir: str | Path, settings: ReviewSettings,
               progress: Progress | None = None) -> dict[str, Any]:
    """Analyse ``inputs`` into the workspace at ``out_dir`` and build the review. Never stops on one file."""
    skipped: list[str] = []
    paths = expand_inputs(inputs, skipped)
    if not paths:
        raise ConfigError("没有找到可处理的申报文件（支持 .docx .doc .wps .pdf .txt .md）")
    # Settings are stored with the run and read again by `scores import` from any working directory.
    settings = replace(settings, **{k: os.path.abspath(v) for k in ("rubric", "exclude_list", "against")
                                    if (v := getattr(settings, k))})
    load_rubric(settings.rubric)  # a bad rubric or list fails now, not after the whole batch was parsed
    _load_exclude_list(settings.exclude_list)
    ws = Workspace(out_dir, create=True)
    try:
        run_id = ws.start_run(paths, settings_to_dict(settings))
        pairs, reused = _analyse(ws, paths, settings.check, settings.jobs, progress)
        ws.record_files(run_id, [(rep.file, rep.sha256 or _sha(p),
                                  rep.error.code if rep.error else None, rep.error.message if rep.error else None)
                                 for p, rep in pairs])
        failed = sum(1 for _p, r in pairs if r.status == "failed")
        ws.finish_run(run_id, len(paths) - reused, reused, failed)
        review = build_review(ws, run_id, settings)
        review["summary"]["reused"] = reused
        review["skipped"] = skipped  # sub-folders not entered (added key; the review/1 fields are unchanged)
        return review
    finally:
        ws.close()


def settings_to_dict(settings: ReviewSettings) -> dict[str, Any]:
    return asdict(settings)


def settings_from_dict(d: dict[str, Any]) -> ReviewSettings:
    check = dict(d.get("check", {}))
    check["lexicons"] = tuple(check.get("lexicons", ()))
    rest = {k: v for k, v in d.items() if k != "check"}
    rest["city_quotas"] = tuple(tuple(x) for x in rest.get("city_quotas", ()))
    return ReviewSettings(check=CheckOptions(**check), **rest)


def rebuild(out_dir: str | Path) -> dict[str, Any]:
    """Re-score and re-rank the latest run (after expert scores or a rubric edit) without re-parsing."""
    ws = Workspace(out_dir)
    try:
        run_id, _inputs, settings = ws.latest_run()
        return build_review(ws, run_id, settings_from_dict(settings))
    finally:
        ws.close()


