"""review: one province's batch into a workspace and its report set."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .app import EXIT_FINDINGS, EXIT_USAGE, main, say

if TYPE_CHECKING:
    from pathlib import Path

    from rich.progress import Progress

    from ..counting import Policy
    from ..review.analysis import Progress as ProgressCallback
    from ..review.batch import ReviewSettings
    from ..review.types import Review


def _progress_printer(quiet: bool) -> tuple[Progress | None, ProgressCallback | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=None,
    )
    task = bar.add_task("分析申报文件", total=None)

    def update(stage: str, done: int, total: int, current: str = "") -> None:
        from rich.markup import escape

        name = current if len(current) <= 30 else current[:29] + "…"
        bar.update(
            task,
            completed=done,
            total=total,
            description=f"{stage}申报文件" + (f"：{escape(name)}" if name else ""),
        )

    return bar, update


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False), help="输出目录（审查工作区与报告）"
)
@click.option("--jobs", "-j", type=click.IntRange(1), default=None, help="并行进程数（默认使用全部 CPU 核）")
@click.option(
    "--region-type",
    type=click.Choice(["province", "plan-city", "bingtuan"]),
    default="province",
    show_default=True,
    help="推荐单位类型：省（30/10）、计划单列市或兵团（15/5）",
)
@click.option(
    "--quota-scenarios", type=click.IntRange(0), default=None, help="优秀场景推荐名额（默认按地区类型）"
)
@click.option(
    "--quota-factories", type=click.IntRange(0), default=None, help="示范工厂推荐名额（默认按地区类型）"
)
@click.option(
    "--city-quota-scenarios", type=click.IntRange(0), default=None, help="每个地市优秀场景推荐上限（可选）"
)
@click.option(
    "--city-quota-factories", type=click.IntRange(0), default=None, help="每个地市示范工厂推荐上限（可选）"
)
@click.option("--coverage", is_flag=True, help="兼顾典型场景与行业覆盖面的推荐（每个入选都给出理由）")
@click.option(
    "--config", "rubric", type=click.Path(dir_okay=False), default=None, help="评分细则 YAML（覆盖默认值）"
)
@click.option(
    "--exclude-list",
    type=click.Path(dir_okay=False),
    default=None,
    help="已承担揭榜任务的单位名单（名称或信用代码，每行一个）",
)
@click.option("--keep-flagged", is_flag=True, help="有错误级问题的申报也参与推荐")
@click.option("--against", type=click.Path(), default=None, help="往年材料（目录或工作区），用于查重比对")
@click.option("--edition", default="2022", show_default=True, help="典型场景参考指引版本")
@click.option("--model", type=click.Path(), default=None, help="本地 sentence-transformers 模型目录")
@click.option("--classify/--no-classify", default=True, show_default=True, help="是否进行典型场景归类")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(), help="自定义敏感词表（可多次指定）")
@click.option(
    "--ocr",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="何时进行文字识别（OCR）",
)
@click.option("--limit", default=3000, show_default=True, type=click.IntRange(1), help="场景描述字数上限")
@click.option(
    "--policy",
    type=click.Choice(["fullwidth", "libreoffice"]),
    default="fullwidth",
    show_default=True,
    help="字数统计口径（与 check 相同）",
)
@click.option("--quiet", "-q", is_flag=True, help="不显示进度")
def review(
    inputs: tuple[str, ...],
    out_dir: str,
    jobs: int | None,
    region_type: str,
    quota_scenarios: int | None,
    quota_factories: int | None,
    city_quota_scenarios: int | None,
    city_quota_factories: int | None,
    coverage: bool,
    rubric: str | None,
    exclude_list: str | None,
    keep_flagged: bool,
    against: str | None,
    edition: str,
    model: str | None,
    classify: bool,
    lexicons: tuple[str, ...],
    ocr: str,
    limit: int,
    policy: Policy,
    quiet: bool,
) -> None:
    """批量审查一个省的申报材料：解析、检查、查重、评分、按名额排序，输出 Excel、HTML 和 JSON 报告。"""
    from ..pipeline import CheckOptions
    from ..reports.terminal_meeting import print_ranking, print_summary
    from ..review.batch import ReviewSettings

    settings = ReviewSettings(
        check=CheckOptions(
            ocr=ocr,
            lexicons=lexicons,
            edition=edition,
            model=model,
            classify=classify,
            limit=limit,
            policy=policy,
        ),
        region_type=region_type,
        quota_scenarios=quota_scenarios,
        quota_factories=quota_factories,
        city_quotas=tuple(
            (t, "*", cap)
            for t, cap in (("优秀场景", city_quota_scenarios), ("示范工厂", city_quota_factories))
            if cap is not None
        ),
        coverage=coverage,
        keep_flagged=keep_flagged,
        rubric=rubric,
        exclude_list=exclude_list,
        against=against,
        jobs=jobs,
    )
    result, written = _review_and_write(inputs, out_dir, settings, quiet)
    print_ranking(result)
    print_summary(result, written)
    sys.exit(
        EXIT_USAGE if result.failed or result.skipped else (EXIT_FINDINGS if result.summary.flagged else 0)
    )


def _review_and_write(
    inputs: tuple[str, ...], out_dir: str, settings: ReviewSettings, quiet: bool
) -> tuple[Review, list[Path]]:
    """Run the batch under the workspace lock (a second review on the same --out is refused meanwhile), say
    what was skipped or failed, and write the reports."""
    from ..pipeline import process_count
    from ..reports.writers import write_reports
    from ..review.batch import run_review
    from ..store import workspace_lock

    bar, update = _progress_printer(quiet)
    with workspace_lock(out_dir):
        if bar:
            with bar:
                result = run_review(inputs, out_dir, settings, update)
        else:
            result = run_review(inputs, out_dir, settings)
        for line in result.skipped or ():
            say(f"跳过：{line}", err=True)
        for f in result.failed:
            say(f"错误：{f.file}：{f.error.message}", err=True)
        written = write_reports(result, out_dir, process_count(settings.jobs))
    return result, written
