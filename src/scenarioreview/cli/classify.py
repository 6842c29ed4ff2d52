"""classify / guide list / guide import / train / evaluate: thin wrappers over the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..reports.json_report import classification_dict
from .app import EXIT_USAGE, UserError, main, say

_EDITION = click.option(
    "--edition",
    default="2022",
    show_default=True,
    help="典型场景参考指引版本（2022、2025，或导入得到的 YAML 文件路径）",
)


def _print_table(rows: list[tuple[str, Any]]) -> None:
    from rich.table import Table

    from ..reports.terminal import console

    for key, c in rows:
        t = Table(title=f"{key}（{c.edition} 年版）" + ("：无匹配的典型场景" if c.none_fits else ""))
        for col in ("排名", "编号", "环节", "典型场景", "得分"):
            t.add_column(col)
        for i, m in enumerate(c.top, 1):
            t.add_row(str(i), m.id, m.link, m.name, f"{m.score:.2f}")
        con = console()
        con.print(t)
        if c.declared_matches is not None:
            con.print(f"申报的典型场景{'相符' if c.declared_matches else '不相符'}（{c.declared_id}）")
        if c.keywords:
            con.print("关键词：" + "、".join(c.keywords))
        for s in c.sentences:
            con.print("依据：" + s)


def _read_jsonl(input_file: str) -> tuple[list[str], list[str], int]:
    """(ids, texts, number of bad lines) of a JSONL file of {"id", "text"}; each bad line is named on stderr."""
    try:
        lines = Path(input_file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"无法读取 {input_file}：{exc}") from exc
    ids: list[str] = []
    texts: list[str] = []
    bad = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            reason: str | None = str(exc)
        else:
            ok = isinstance(obj, dict) and isinstance(obj.get("text"), str)
            reason = None if ok else "缺少字符串字段 text"
        if reason is not None:
            bad += 1
            say(f'错误：{input_file} 第 {n} 行不是有效的 {{"id", "text"}} JSON：{reason}', err=True)
            continue
        ids.append(str(obj.get("id", n)))
        texts.append(obj["text"])
    return ids, texts, bad


@main.command("classify")
@click.argument("text", required=False)
@click.option(
    "--input", "input_file", type=click.Path(dir_okay=False), help='JSONL 文件，每行 {"id", "text"}'
)
@click.option("--top", default=3, show_default=True, type=click.IntRange(1, 50), help="输出前几个典型场景")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@click.option("--declared", default=None, help="申报书中填写的对应典型场景（可选）")
@click.option(
    "--model", "model_path", default=None, type=click.Path(), help="本地 sentence-transformers 模型目录"
)
@_EDITION
def classify_cmd(
    text: str | None,
    input_file: str | None,
    top: int,
    fmt: str,
    declared: str | None,
    model_path: str | None,
    edition: str,
) -> None:
    """判断场景描述属于参考指引中的哪个典型场景（TEXT 为 - 时从标准输入读取）。"""
    from ..classify import load_classifier

    if (text is None) == (input_file is None):
        raise click.UsageError("请给出要归类的文本 TEXT（或 -），或用 --input 指定 JSONL 文件，二者选一")
    clf = load_classifier(edition=edition, model_path=model_path)
    if input_file is None:
        body = sys.stdin.read() if text == "-" else str(text)
        c = clf.classify(body, declared=declared, top=top)
        if fmt == "json":
            click.echo(json.dumps(classification_dict(c), ensure_ascii=False))
        else:
            _print_table([("文本", c)])
        return
    ids, texts, bad = _read_jsonl(input_file)
    results = clf.classify_many(texts, top=top, explain=fmt == "table")
    if fmt == "json":
        for i, c in zip(ids, results):
            full = classification_dict(c)
            click.echo(
                json.dumps(
                    {"id": i, "top": full["top"], "edition": full["edition"], "none_fits": full["none_fits"]},
                    ensure_ascii=False,
                )
            )
    else:
        _print_table(list(zip(ids, results)))
    if bad:
        sys.exit(EXIT_USAGE)


@main.group("guide")
def guide_group() -> None:
    """典型场景参考指引：查看、导入。"""


@guide_group.command("list")
@_EDITION
def guide_list(edition: str) -> None:
    """以表格列出某一版本指引的全部典型场景。"""
    from rich.table import Table

    from ..guide import load_guide
    from ..reports.terminal import console

    g = load_guide(edition)
    t = Table(title=f"{g.title}（{len(g.items)} 个典型场景，{len(g.links)} 个环节）")
    for col in ("编号", "环节", "典型场景", "别名", "已核实"):
        t.add_column(col)
    for it in g.items:
        t.add_row(it.id, it.link, it.name, "、".join(it.aliases[:3]), "是" if it.verified else "否")
    console().print(t)


MIN_GUIDE_ITEMS = 10


@guide_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--edition", required=True, help="新版本的编号，如 2022")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="写出的 YAML 文件")
def guide_import(file: str, edition: str, output: str) -> None:
    """从官方附件（.doc/.docx/.pdf）导入指引，生成本工具的 YAML 格式。"""
    from ..atomic import write_atomic
    from ..guide import dump_guide, import_guide

    g = import_guide(file, edition)
    write_atomic(output, dump_guide(g))
    say(f"已导入 {len(g.items)} 个典型场景（{len(g.links)} 个环节）→ {output}")
    if len(g.items) < MIN_GUIDE_ITEMS:  # official editions list 40–45; a handful means the wrong document
        say(
            f"警告：只识别出 {len(g.items)} 个典型场景，{file} 可能不是参考指引（官方版本通常有 40 个以上），"
            "请核对导入结果。",
            err=True,
        )


@main.command("train")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--out", type=click.Path(file_okay=False), default=None, help="模型输出目录")
@click.option("--epochs", default=6, show_default=True, type=click.IntRange(1))
@click.option("--dim", default=128, show_default=True, type=click.IntRange(8))
@click.option("--seed", default=42, show_default=True)
def train_cmd(corpus: str | None, out: str | None, epochs: int, dim: int, seed: int) -> None:
    """用语料训练随包的静态嵌入模型与分类器（需要 sentence-transformers）。"""
    from ..training import train

    args = ["--epochs", str(epochs), "--dim", str(dim), "--seed", str(seed)]
    args += ["--corpus", corpus] if corpus else []
    args += ["--out", out] if out else []
    train.main(args)


@main.command("evaluate")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None)
def evaluate_cmd(model_dir: str | None) -> None:
    """在测试集与真实案例上评估分类器，并与两个 TF-IDF 基线比较。"""
    from ..training import evaluate

    evaluate.main(["--model", model_dir] if model_dir else [])
