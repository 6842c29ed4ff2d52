"""Files -> FileReports. Never aborts a batch on one file; heavy resources are loaded once per process."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

from .budget import MEMORY_MESSAGE, init_worker, within_budget
from .checks.completeness import check_completeness
from .checks.length import check_length
from .checks.structure import blocks_description, check_description, unassigned_notice_text
from .counting import DEFAULT_LIMIT, Policy, count, locate_limit
from .errors import InputError, ReviewError
from .model import Application, ErrorInfo, FileReport, Finding, Notice, Scenario, ScenarioReport
from .safetext import display_path

if TYPE_CHECKING:
    from .checks.sensitive_words import Lexicon


@dataclass(frozen=True)
class CheckOptions:
    limit: int = DEFAULT_LIMIT
    policy: Policy = "fullwidth"
    ocr: str = "auto"  # auto|always|never
    lexicons: tuple[str, ...] = ()  # user lexicon files (YAML/CSV) on top of the packaged one
    sensitive: bool = True
    classify: bool = True
    edition: str = "2022"
    model: str | None = None  # a local sentence-transformers folder; None = the shipped model
    top: int = 3


@cache
def _lexicon(paths: tuple[str, ...]) -> Lexicon:
    from .checks.sensitive import load_lexicon

    return load_lexicon(list(paths))


@cache
def _classifier(edition: str, model: str | None) -> Any:
    from .classify import load_classifier

    return load_classifier(edition=edition, model_path=model)


T = TypeVar("T")


def _guarded(stage: str, fn: Callable[[], T], default: T, problems: list[Notice]) -> T:
    """Run one check; an unexpected failure costs that check's result (noted), not the whole file."""
    try:
        return fn()
    except ReviewError:
        raise  # configuration problems (bad lexicon, missing model) stop the run with their own message
    except Exception as exc:  # noqa: BLE001 - any failure of one check is reported, never raised
        problems.append(
            Notice("check_failed", f"{stage}时发生内部错误，该项结果缺失：{type(exc).__name__}: {exc}")
        )
        return default


def check_scenario(
    scenario: Scenario,
    options: CheckOptions,
    expected_codes: tuple[str, ...] = (),
    problems: list[Notice] | None = None,
) -> ScenarioReport:
    """Count, check and classify one scenario. ``expected_codes``: the applicant's own credit code(s)."""
    problems = [] if problems is None else problems
    text = scenario.text
    counts = count(text, options.policy)
    crossing = locate_limit(scenario.paragraphs, options.limit, options.policy)
    findings: list[Finding] = check_description(counts)
    unread = bool(findings)
    findings += check_length(counts, options.limit, crossing, len(text))
    if not unread:
        findings += _guarded("完整性检查", lambda: check_completeness(text), [], problems)
    if options.sensitive:
        from .checks.sensitive import find_sensitive

        findings += _guarded(
            "敏感内容检查",
            lambda: find_sensitive(text, _lexicon(options.lexicons), expected_codes=expected_codes),
            [],
            problems,
        )
    classification = None
    if options.classify and not unread:  # nothing to classify: never guess a category for text not read
        clf = _classifier(options.edition, options.model)
        classification = _guarded(
            "典型场景归类",
            lambda: clf.classify(text, declared=scenario.declared_typical, top=options.top),
            None,
            problems,
        )
        if classification is not None:
            findings += _guarded("典型场景归类", lambda: clf.findings(classification, scenario), [], problems)
    return ScenarioReport(
        scenario=scenario,
        counts=counts,
        limit=options.limit,
        crossing=crossing,
        findings=tuple(findings),
        classification=classification,
    )


def check_application(app: Application, options: CheckOptions) -> FileReport:
    doc = app.document
    own = (app.applicant.credit_code,) if app.applicant.credit_code else ()  # expected, not a leak
    problems: list[Notice] = []
    file_findings: list[Finding] = []
    if options.sensitive and (doc.headers or doc.footers):
        from .checks.sensitive import find_sensitive_in_headers

        file_findings = _guarded(
            "页眉页脚敏感内容检查",
            lambda: find_sensitive_in_headers(doc.headers, doc.footers, _lexicon(options.lexicons)),
            [],
            problems,
        )
    file_findings += _unassigned_findings(app, options, problems)
    scenarios = tuple(check_scenario(s, options, own, problems) for s in app.scenarios)
    unread = any(blocks_description(r.findings) for r in scenarios)
    unassigned = tuple(Notice("unassigned_text", unassigned_notice_text(u), u.page) for u in app.unassigned)
    return FileReport(
        file=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        status="partial" if problems or unread else doc.status,
        application=app,
        scenarios=scenarios,
        notices=doc.notices + app.notices + unassigned + tuple(problems),
        findings=tuple(file_findings),
    )


def _unassigned_findings(app: Application, options: CheckOptions, problems: list[Notice]) -> list[Finding]:
    """Text outside every scenario is still searched for secrets; evidence names where it stands."""
    if not options.sensitive or not app.unassigned:
        return []
    from .checks.sensitive import find_sensitive

    own = (app.applicant.credit_code,) if app.applicant.credit_code else ()
    out: list[Finding] = []
    for u in app.unassigned:
        where = f"场景外正文（第 {u.page} 页）" if u.page else "场景外正文"
        search = partial(find_sensitive, u.text, _lexicon(options.lexicons), expected_codes=own)
        hits: list[Finding] = _guarded("场景外正文敏感内容检查", search, [], problems)
        out += [
            replace(f, evidence=f"{where}：{f.evidence}", extra=f.extra + (("where", where),)) for f in hits
        ]
    return out


def check_file(path: str, options: CheckOptions | None = None) -> FileReport:
    """Parse, split, count and check one file. Bad input becomes a failed report, never an exception."""
    from .parsers import parse, read_input
    from .segment import read_application

    options = options or CheckOptions()
    shown = display_path(path)  # a GBK-named file must not crash the UTF-8 writers downstream
    try:
        doc = parse(path, ocr=options.ocr)
        doc = replace(doc, path=shown) if doc.path != shown else doc
        if doc.format == "docx":  # pictures are not OCRed, but a pasted page of text is worth a warning
            from .parsers.docx.images import pasted_text_notices

            data = read_input(path)[1]  # a regular file, read within the cap (it could change under us)
            doc = replace(doc, notices=doc.notices + tuple(pasted_text_notices(data)))
        app = read_application(doc)
    except InputError as exc:
        return FileReport(
            file=shown, sha256=None, format=None, status="failed", error=ErrorInfo(exc.code, exc.message)
        )
    except ReviewError:
        raise  # configuration problems stop the run: they would fail every file the same way
    except MemoryError:  # over the worker's memory budget (budget.py): this file fails, the batch goes on
        return FileReport(
            file=shown,
            sha256=None,
            format=None,
            status="failed",
            error=ErrorInfo("too_large", MEMORY_MESSAGE),
        )
    except Exception as exc:  # noqa: BLE001 - a parser bug must not kill the batch; report it on this file
        return FileReport(
            file=shown,
            sha256=None,
            format=None,
            status="failed",
            error=ErrorInfo("internal", f"解析时发生内部错误：{type(exc).__name__}: {exc}"),
        )
    return check_application(app, options)


def _check_one(args: tuple[str, CheckOptions]) -> FileReport:
    """One file within its time budget: a file over it is reported as ``timeout`` and the batch goes on."""
    path, options = args
    return within_budget(
        lambda: check_file(path, options),
        lambda exc: FileReport(
            file=display_path(path),
            sha256=None,
            format=None,
            status="failed",
            error=ErrorInfo("timeout", exc.message),
        ),
    )


def process_count(jobs: int | None) -> int:
    """The number of processes a batch step may use: ``jobs`` as asked (-j), else every core."""
    return jobs or os.cpu_count() or 1


def check_files(
    paths: Sequence[str], options: CheckOptions | None = None, jobs: int | None = None
) -> Iterator[FileReport]:
    """Check many files, in input order, with ``jobs`` processes (default: all cores, at most one per file)."""
    options = options or CheckOptions()
    jobs = min(process_count(jobs), len(paths)) or 1
    if jobs == 1:
        for p in paths:
            yield _check_one((p, options))
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(os.getpid(),)) as pool:
        yield from pool.map(_check_one, [(p, options) for p in paths], chunksize=1)


def expand_inputs(items: Iterable[str], skipped: list[str] | None = None) -> list[str]:
    """Files as given; directories expanded to the application documents in them, sorted. Missing paths are kept
    so that they are reported as failed, not dropped. Every sub-folder not entered (a symbolic link, no
    permission) is described in Chinese in ``skipped``, so that no file goes missing silently."""
    # A folder scan takes application formats only: notes such as README.md or 说明.txt beside the forms are
    # not submissions (a .txt/.md named explicitly is still read).
    exts = (".docx", ".doc", ".wps", ".pdf", ".txt")
    skipped = [] if skipped is None else skipped
    out: list[str] = []
    for item in items:
        if os.path.isdir(item):
            found = []

            def unreadable(exc: OSError, item: str = item) -> None:
                where = display_path(exc.filename or item)
                skipped.append(f"{where}：目录无法读取（{exc.strerror or exc}），其中的文件未审查")

            for root, dirs, files in os.walk(item, onerror=unreadable):
                for d in dirs:
                    if os.path.islink(os.path.join(root, d)):  # not followed: loops and double counting
                        skipped.append(
                            f"{display_path(os.path.join(root, d))}：是指向其他位置的符号链接目录，"
                            "未进入；如需审查请直接指定其目标目录"
                        )
                for f in files:
                    if (
                        f.lower().endswith(exts)
                        and not f.startswith(("~$", "."))
                        and not f.upper().startswith("README")
                    ):
                        found.append(os.path.join(root, f))
            out.extend(sorted(found))
        else:
            out.append(item)
    return out
