"""lexicon show / validate: the active sensitive-term lexicon and checks of user lexicon files."""

from __future__ import annotations

import json

import click

from ..labels import SEVERITY_ZH
from .app import main, say

MODE_ZH = {
    "anywhere": "出现即报",
    "marking": "作为标志时",
    "secret": "密级标志",
    "price": "后接金额",
    "margin": "后接百分比",
    "formula": "后接配比",
    "process": "后接工艺参数",
    "deal": "同句有单位与金额",
    "customer": "同句有金额/交易词",
    "credential": "后接口令",
    "hostname": "后接主机名",
    "codename": "后接代号",
}


@main.group()
def lexicon() -> None:
    """敏感词表：查看当前生效的词表，校验自定义词表（YAML 或 CSV）。"""


@lexicon.command("show")
@click.option(
    "--lexicon", "lexicons", multiple=True, type=click.Path(), help="叠加的自定义词表（可多次指定）"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="输出格式",
)
@click.option("--examples", type=click.IntRange(0), default=8, show_default=True, help="每组显示的示例词条数")
def show(lexicons: tuple[str, ...], fmt: str, examples: int) -> None:
    """按类别列出当前生效的敏感词表（内置词表 + 自定义词表）。"""
    from ..checks.sensitive import lexicon_rows, load_lexicon

    lex = load_lexicon(list(lexicons))
    rows = lexicon_rows(lex)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "sources": ["内置词表 sensitive.yaml", *lexicons],
                    "groups": rows,
                    "whitelist": lex.whitelist,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    from rich.console import JustifyMethod
    from rich.table import Table

    from ..reports.terminal import console

    out = console()
    table = Table(title="当前生效的敏感词表")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("类别", "left"),
        ("名称", "left"),
        ("严重程度", "left"),
        ("规则", "left"),
        ("词条数", "right"),
        ("示例", "left"),
    )
    for col, just in columns:
        table.add_column(col, justify=just)
    for r in rows:
        sample = "、".join(r["terms"][:examples]) + ("…" if len(r["terms"]) > examples else "")
        table.add_row(
            r["category"],
            r["name"],
            SEVERITY_ZH.get(r["severity"], r["severity"]),
            MODE_ZH.get(r["mode"], r["mode"]),
            str(len(r["terms"])),
            sample,
        )
    out.print(table)
    out.print(
        f"白名单短语 {len(lex.whitelist)} 条："
        + "、".join(lex.whitelist[:examples])
        + ("…" if len(lex.whitelist) > examples else ""),
        markup=False,
    )
    out.print("另有内置的证件号、电话、邮箱、银行卡、信用代码、IP 地址与源代码识别规则（校验位验证）。")


@lexicon.command("validate")
@click.argument("file", type=click.Path())
def validate(file: str) -> None:
    """校验自定义词表文件；有错误时指出文件、行号或词条并以退出码 2 结束。"""
    from ..checks.sensitive import validate_lexicon

    merged, warnings = validate_lexicon(file)
    user_terms = [t for t in merged.terms if t.source.startswith(f"{file} ")]
    for w in warnings:
        say(f"提示：{w}", err=True)
    say(
        f"词表有效：{file}，{len(user_terms)} 个词条，"
        f"{len(merged.whitelist) - len(_default_whitelist())} 条白名单短语。"
    )


def _default_whitelist() -> list[str]:
    from ..checks.sensitive import default_lexicon

    return default_lexicon().whitelist
