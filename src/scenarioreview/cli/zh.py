"""Chinese for click's own strings (Usage, Options, [required], [default: …], its error messages) and for the
metavars of every command, so `--help` and usage errors are entirely Chinese.

click looks its strings up through the module-level ``_``/``ngettext`` names it imported from gettext; those
names are rebound here to a lookup in our table (English stays for any string the table lacks).
"""

from __future__ import annotations

from typing import Any

import click

TEXT = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Error: {message}": "错误：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "Try '{command} {option}' for help.": "用“{command} {option}”查看帮助。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "deprecated": "已弃用",
    "Value must be an iterable.": "取值必须可迭代。",
    "Invalid start character for option ({option})": "选项的起始字符无效（{option}）",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不经询问直接确认。",
    "unknown error": "未知错误",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否取值，可用：{states}",
}
PLURAL = {
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，但只给了 1 个。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，但给了 {len_value} 个。",
}
PLURAL_MANY = {
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，但给了 {len} 个。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合以下任一格式：{formats}。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，但给了 {len_value} 个。",
}
TYPE_NAMES = {
    "directory": "目录",
    "file": "文件",
    "integer": "整数",
    "integer range": "整数",
    "float": "数值",
    "float range": "数值",
    "text": "文本",
    "boolean": "是/否",
    "path": "路径",
    "filename": "文件",
    "choice": "选项值",
    "uuid": "UUID",
}
ARG_METAVARS = {
    "files": "文件...",
    "inputs": "申报文件或目录...",
    "workspace": "工作区",
    "submission": "申报材料",
    "a": "材料A",
    "b": "材料B",
    "keyword": "关键词",
    "sheet": "评分表",
    "text": "文本",
    "document": "文档",
    "path": "路径",
    "paths": "路径...",
    "file": "文件",
    "guide": "指引文件",
    "lexicon": "词表文件",
}


def _gettext(message: str) -> str:
    return TEXT.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURAL_MANY.get(plural, plural) if n != 1 else PLURAL.get(singular, singular)


def _localise_params(cmd: click.Command) -> None:
    cmd.options_metavar = "[选项]"
    cmd.context_class = _ZhContext  # our commands only: click itself is left as it is
    for p in cmd.params:
        if isinstance(p, click.Option) and p.help in TEXT:  # helps click filled in at decoration time
            p.help = TEXT[p.help]
        if p.metavar is not None or isinstance(p.type, click.Choice) or getattr(p, "is_flag", False):
            continue
        if isinstance(p, click.Argument):
            p.metavar = ARG_METAVARS.get(p.name or "", (p.name or "参数") + ("..." if p.nargs == -1 else ""))
        else:
            p.metavar = TYPE_NAMES.get(p.type.name, "取值")
    if isinstance(cmd, click.Group):
        cmd.subcommand_metavar = "命令 [参数]..."
        for sub in cmd.commands.values():
            _localise_params(sub)


def localise(main: click.Command) -> None:
    """Install the Chinese strings into click and set Chinese metavars on every command of ``main``."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    modules: list[Any] = [
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ]
    for mod in modules:
        if hasattr(mod, "_"):
            mod._ = _gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = _ngettext
    _localise_params(main)
    # Type names appear in error messages ("'abc' 不是有效的整数"); after the metavars, which read them.
    for cls, zh in (
        (click.types.IntParamType, "整数"),
        (click.types.IntRange, "整数"),
        (click.types.FloatParamType, "数值"),
        (click.types.FloatRange, "数值"),
    ):
        cls.name = zh
    setattr(click.formatting, "term_len", _display_width)  # noqa: B010 - CJK metavars are two columns wide: keep help aligned


def _display_width(text: str) -> int:
    import re
    import unicodedata

    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in plain)


class _ZhHelpFormatter(click.HelpFormatter):
    """Help headings with a full-width colon (选项：), as Chinese text writes them."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class _ZhContext(click.Context):
    formatter_class = _ZhHelpFormatter
