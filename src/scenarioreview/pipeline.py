"""Files -> FileReports. Never aborts a batch on one file; heavy resources are loaded once per process."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache

from .checks.completeness import check_completeness
from .checks.length import check_length
from .counting import DEFAULT_LIMIT, Policy, count, locate_limit
from .errors import InputError, ReviewError
from .model import Application, ErrorInfo, FileReport, Finding, Scenario, ScenarioReport


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
def _lexicon(paths: tuple[str, ...]) -> object | None:
    from .checks import sensitive

    loader = getattr(sensitive, "load_lexicon", None)
    return loader(list(paths)) if loader else None


@cache
def _classifier(edition: str, model: str | None) -> object | None:
    try:
        from .classify import load_classifier
    except ImportError:
        return None
    return load_classifier(edition=edition, model_path=model)


def review_scenario(scenario: Scenario, options: CheckOptions,
                    expected_codes: tuple[str, ...] = ()) -> ScenarioReport:
    """Count, check and classify one scenario. ``expected_codes``: the applicant's own credit code(s)."""
    text = scenario.text
    counts = count(text, options.policy)
    crossing = locate_limit(scenario.paragraphs, options.limit, options.policy)
    findings: list[Finding] = check_length(counts, options.limit, crossing, len(text))
    findings += check_completeness(text)
    if options.sensitive:
        from .checks.sensitive import find_sensitive

        findings += find_sensitive(text, _lexicon(options.lexicons), expected_codes=expected_codes)
    classification = None
    if options.classify:
        clf = _classifier(options.edition, options.model)
        if clf is not None:
            classification = clf.classify(text, declared=scenario.declared_typical, top=options.top)  # type: ignore[attr-defined]
            findings += clf.findings(classification, scenario)  # type: ignore[attr-defined]
    return ScenarioReport(
        scenario=scenario, counts=counts, limit=options.limit, crossing=crossing,
        findings=tuple(findings), classification=classification,
    )


def review_application(app: Application, options: CheckOptions) -> FileReport:
    doc = app.document
    own = (app.applicant.credit_code,) if app.applicant.credit_code else ()  # expected, not a leak
    file_findings: list[Finding] = []
    if options.sensitive and (doc.headers or doc.footers):
        from .checks.sensitive import find_sensitive_in_headers

        file_findings = find_sensitive_in_headers(doc.headers, doc.footers, _lexicon(options.lexicons))
    return FileReport(
        file=doc.path, sha256=doc.sha256, format=doc.format, status=doc.status, application=app,
        scenarios=tuple(review_scenario(s, options, own) for s in app.scenarios),
        notices=doc.notices + app.notices, findings=tuple(file_findings),
    )


def check_file(path: str, options: CheckOptions | None = None) -> FileReport:
    """Parse, split, count and check one file. Bad input becomes a failed report, never an exception."""
    from .parsers import parse
    from .segment import read_application

    options = options or CheckOptions()
    try:
        doc = parse(path, ocr=options.ocr)
        if doc.format == "docx":  # pictures are not OCRed, but a pasted page of text is worth a warning
            from dataclasses import replace

            from .parsers.docx_images import pasted_text_notices

            with open(path, "rb") as fh:
                doc = replace(doc, notices=doc.notices + tuple(pasted_text_notices(fh.read())))
        app = read_application(doc)
        return review_application(app, options)
    except InputError as exc:
        return FileReport(file=str(path), sha256=None, format=None, status="failed",
                          error=ErrorInfo(exc.code, exc.message))
    except ReviewError:
        raise  # configuration problems stop the run: they would fail every file the same way
    except Exception as exc:  # a parser bug must not kill the batch; report it on this file
        return FileReport(file=str(path), sha256=None, format=None, status="failed",
                          error=ErrorInfo("internal", f"解析时发生内部错误：{type(exc).__name__}: {exc}"))


def _check_one(args: tuple[str, CheckOptions]) -> FileReport:
    return check_file(*args)


def check_files(paths: Sequence[str], options: CheckOptions | None = None, jobs: int | None = None) -> Iterator[FileReport]:
    """Check many files, in input order, with ``jobs`` processes (default: all cores, at most one per file)."""
    options = options or CheckOptions()
    jobs = min(jobs or os.cpu_count() or 1, len(paths)) or 1
    if jobs == 1:
        for p in paths:
            yield check_file(p, options)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_check_one, [(p, options) for p in paths], chunksize=1)


def expand_inputs(items: Iterable[str]) -> list[str]:
    """Files as given; directories expanded to the application documents in them, sorted. Missing paths are kept
    so that they are reported as failed, not dropped."""
    # A folder scan takes application formats only: notes such as README.md or 说明.txt beside the forms are
    # not submissions (a .txt/.md named explicitly is still read).
    exts = (".docx", ".doc", ".wps", ".pdf", ".txt")
    out: list[str] = []
    for item in items:
        if os.path.isdir(item):
            found = []
            for root, _dirs, files in os.walk(item):
                for f in files:
                    if f.lower().endswith(exts) and not f.startswith(("~$", ".")) and not f.upper().startswith("README"):
                        found.append(os.path.join(root, f))
            out.extend(sorted(found))
        else:
            out.append(item)
    return out
