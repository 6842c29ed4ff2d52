"""The meeting commands over a review workspace: rank, show, compare, search, coverage and scores import.
Each asks review.meeting for a typed view; the terminal renders it, --format json prints it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .app import EXIT_USAGE, main, say

if TYPE_CHECKING:
    from ..review.meeting import View
    from ..review.types import Review


def _load(workspace: str) -> Review:
    from ..review.serialise import load_review

    return load_review(workspace)


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 供阅读，json 供其他程序使用",
)


def _json(view: View) -> None:
    import json

    from ..review.meeting import as_json

    click.echo(json.dumps(as_json(view), ensure_ascii=False, indent=1))


@main.command("rank")
@click.argument("workspace", type=click.Path(exists=True, file_okay=False))
@click.option("--top", type=click.IntRange(1), default=None, help="只显示前 N 名")
@click.option(
    "--type", "app_type", type=click.Choice(["优秀场景", "示范工厂"]), default=None, help="只显示一个项目类别"
)
@_FORMAT
def rank_cmd(workspace: str, top: int | None, app_type: str | None, fmt: str) -> None:
    """显示工作区中的排序与推荐名单。"""
    from ..reports.terminal_meeting import print_ranking
    from ..review.meeting import ranking

    if fmt == "json":
        return _json(ranking(_load(workspace), top, app_type))
    print_ranking(_load(workspace), top=top, app_type=app_type)


@main.command()
@click.argument("workspace", type=click.Path(exists=True, file_okay=False))
@click.argument("submission")
@_FORMAT
def show(workspace: str, submission: str, fmt: str) -> None:
    """显示一份申报材料的详情：得分构成、各场景字数、问题、归类与疑似重复。申报材料可写文件名、单位名称、排名或哈希前缀。"""
    from ..reports.terminal_meeting import print_submission
    from ..review.meeting import find_submission
    from ..review.meeting import submission as submission_data

    review_ = _load(workspace)
    sub = find_submission(review_, submission)
    if fmt == "json":
        return _json(submission_data(review_, sub))
    print_submission(review_, sub)


@main.command()
@click.argument("workspace", type=click.Path(exists=True, file_okay=False))
@click.argument("a")
@click.argument("b")
@_FORMAT
def compare(workspace: str, a: str, b: str, fmt: str) -> None:
    """并排比较两份申报材料，高亮并完整列出共同段落。材料A、材料B 可写文件名、单位名称或“文件名#场景序号”。"""
    from ..reports.terminal_meeting import print_compare
    from ..review.meeting import compare as compare_data

    if fmt == "json":
        return _json(compare_data(_load(workspace), a, b))
    print_compare(_load(workspace), a, b)


@main.command()
@click.argument("workspace", type=click.Path(exists=True, file_okay=False))
@click.argument("keyword")
@_FORMAT
def search(workspace: str, keyword: str, fmt: str) -> None:
    """在工作区所有场景的标题和正文中检索关键词，显示上下文。"""
    from ..reports.terminal_meeting import print_search
    from ..review.meeting import search as search_data

    if fmt == "json":
        return _json(search_data(_load(workspace), keyword))
    print_search(_load(workspace), keyword)


@main.command()
@click.argument("workspace", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--by",
    type=click.Choice(["link", "industry"]),
    default="link",
    show_default=True,
    help="分组方式：link 按环节，industry 按国民经济行业大类",
)
@_FORMAT
def coverage(workspace: str, by: str, fmt: str) -> None:
    """推荐名单覆盖了哪些典型场景：按环节或按行业大类分组列出。"""
    from ..reports.terminal_meeting import print_coverage
    from ..review.meeting import coverage as coverage_data

    if fmt == "json":
        return _json(coverage_data(_load(workspace), by))
    print_coverage(_load(workspace), by)


@main.group()
def scores() -> None:
    """专家评分：导入后与自动评分合并并更新排序。"""


@scores.command("import")
@click.argument("workspace", type=click.Path(exists=True, file_okay=False))
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False))
def scores_import(workspace: str, sheet: str) -> None:
    """导入专家评分表（.xlsx 或 .csv；列：申报材料、专家、分数）。"""
    from ..reports.terminal_meeting import print_ranking
    from ..reports.writers import write_reports
    from ..review.experts import import_expert_scores
    from ..store import workspace_lock

    with workspace_lock(workspace):
        result, imported, skipped = import_expert_scores(workspace, sheet)
        write_reports(result, workspace)
    for line in skipped:
        say(f"跳过：{line}", err=True)
    say(f"已导入 {imported} 条专家评分，排序已更新。")
    print_ranking(result)
    if skipped:
        sys.exit(EXIT_USAGE)
