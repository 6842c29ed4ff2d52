"""parse / check: one file or many, JSON for tools and tables or cards for people."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .app import EXIT_FINDINGS, EXIT_USAGE, main, say

if TYPE_CHECKING:
    from ..counting import Policy  # the --policy click.Choice in `common` guarantees it
    from ..model import FileReport
    from ..pipeline import CheckOptions

F = TypeVar("F", bound=Callable[..., Any])

FORMATS_PARSE = click.Choice(["json", "table"])
FORMATS_CHECK = click.Choice(["json", "table", "md"])


def _options(
    limit: int,
    policy: Policy,
    ocr: str,
    lexicons: tuple[str, ...],
    classify: bool,
    edition: str,
    model: str | None,
    sensitive: bool = True,
) -> CheckOptions:
    from ..pipeline import CheckOptions

    return CheckOptions(
        limit=limit,
        policy=policy,
        ocr=ocr,
        lexicons=lexicons,
        classify=classify,
        edition=edition,
        model=model,
        sensitive=sensitive,
    )


def _run(files: tuple[str, ...], options: CheckOptions, jobs: int | None) -> tuple[list[FileReport], bool]:
    from ..pipeline import check_files, expand_inputs

    skipped: list[str] = []
    paths = expand_inputs(files, skipped)
    for line in skipped:
        say(f"跳过：{line}", err=True)
    if not paths:
        raise click.UsageError("没有找到可处理的文件（支持 .docx .doc .wps .pdf .txt .md）")
    if not sys.stderr.isatty():
        return list(check_files(paths, options, jobs=jobs)), bool(skipped)
    from pathlib import Path

    from ..parsers.pdf import reader as pdf
    from ..safetext import plain

    def progress(text: str) -> None:  # on stderr, one line rewritten in place; names shown plain
        click.echo(f"\r\x1b[K{plain(text, keep_newlines=False)}", err=True, nl=False)

    out: list[FileReport] = []
    try:
        if len(paths) == 1 or jobs == 1:  # this process parses: the OCR of a scan reports page i / n
            pdf.page_progress = lambda i, n: progress(
                f"正在识别扫描页 第 {i}/{n} 页：{Path(paths[len(out)]).name}"
            )
        for rep in check_files(paths, options, jobs=jobs):
            out.append(rep)
            progress(f"已检查 {len(out)}/{len(paths)} 个文件：{Path(rep.file).name}")
    finally:
        pdf.page_progress = None
        progress("")
    return out, bool(skipped)


def _exit_code(reports: Sequence[FileReport], skipped: bool = False) -> int:
    if skipped or any(r.status == "failed" for r in reports):
        return EXIT_USAGE
    if any(f.severity == "error" for r in reports for f in r.findings) or any(
        f.severity == "error" for r in reports for s in r.scenarios for f in s.findings
    ):
        return EXIT_FINDINGS
    return 0


def _report_failures(reports: Sequence[FileReport]) -> None:
    for r in reports:
        if r.error:
            say(f"错误：{r.file}：{r.error.message}", err=True)


common = [
    click.argument("files", nargs=-1, required=True, type=click.Path()),
    click.option("--limit", default=3000, show_default=True, type=click.IntRange(1), help="场景描述字数上限"),
    click.option(
        "--policy",
        type=click.Choice(["fullwidth", "libreoffice"]),
        default="fullwidth",
        show_default=True,
        help="字数统计口径：省略号、破折号等按全角计（默认）或按 LibreOffice",
    ),
    click.option(
        "--ocr",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="扫描版 PDF 的 OCR 识别",
    ),
    click.option(
        "--jobs", "-j", type=click.IntRange(1), default=None, help="并行进程数（默认使用全部 CPU 核）"
    ),
]


def _apply(decorators: Sequence[Callable[[F], F]]) -> Callable[[F], F]:
    def wrap(f: F) -> F:
        for d in reversed(decorators):
            f = d(f)
        return f

    return wrap


@main.command()
@_apply(common)
@click.option("--format", "fmt", type=FORMATS_PARSE, default="table", show_default=True, help="输出格式")
def parse(files: tuple[str, ...], limit: int, policy: Policy, ocr: str, jobs: int | None, fmt: str) -> None:
    """解析申报书，列出每个场景的名称、对应典型场景、字数与位置。"""
    from ..reports.json_report import dumps

    reports, skipped = _run(
        files, _options(limit, policy, ocr, (), False, "2022", None, sensitive=False), jobs
    )
    if fmt == "json":
        click.echo(dumps(reports, with_checks=False))
        _report_failures(reports)
    else:
        from ..reports.terminal import render_parse_table

        render_parse_table(reports)
    sys.exit(EXIT_USAGE if skipped or any(r.status == "failed" for r in reports) else 0)


@main.command()
@_apply(common)
@click.option("--format", "fmt", type=FORMATS_CHECK, default="table", show_default=True, help="输出格式")
@click.option(
    "--lexicon",
    "lexicons",
    multiple=True,
    type=click.Path(),
    help="自定义敏感词表（YAML 或 CSV，可多次指定）",
)
@click.option("--classify/--no-classify", default=True, show_default=True, help="是否进行典型场景归类")
@click.option("--edition", default="2022", show_default=True, help="典型场景参考指引版本")
@click.option(
    "--model", type=click.Path(), default=None, help="本地 sentence-transformers 模型目录（默认用随附模型）"
)
@click.option("--no-mask", is_flag=True, help="输出中不遮蔽身份证号、手机号等个人信息")
def check(
    files: tuple[str, ...],
    limit: int,
    policy: Policy,
    ocr: str,
    jobs: int | None,
    fmt: str,
    lexicons: tuple[str, ...],
    classify: bool,
    edition: str,
    model: str | None,
    no_mask: bool,
) -> None:
    """检查申报书：字数上限、敏感内容、典型场景归类等，逐场景给出问题与依据。"""
    from ..reports.json_report import dumps

    reports, skipped = _run(files, _options(limit, policy, ocr, lexicons, classify, edition, model), jobs)
    if fmt == "json":
        click.echo(dumps(reports, with_checks=True, mask=not no_mask))
        _report_failures(reports)
    elif fmt == "md":
        from ..reports.terminal import render_check_markdown

        say(render_check_markdown(reports, mask=not no_mask))
    else:
        from ..reports.terminal import render_check_cards

        render_check_cards(reports, mask=not no_mask)
    sys.exit(_exit_code(reports, skipped))
