"""Thin click CLI over the library. The only place that turns errors into exit codes.

Exit codes: 0 clean; 1 error-severity findings; 2 usage error or unreadable input.
Each command module registers its commands on ``main``; heavy libraries are imported inside commands.
"""

from __future__ import annotations

import errno
import sqlite3
import sys

import click

from ..errors import ReviewError
from ..safetext import display_path, plain

EXIT_FINDINGS = 1
EXIT_USAGE = 2


def os_message(exc: OSError) -> str:
    """An OSError as a Chinese sentence naming the file (exit 2, not a traceback)."""
    reasons = {errno.ENOSPC: "磁盘空间已满", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
               errno.EROFS: "只读文件系统", errno.EISDIR: "这是一个目录", errno.ENOTDIR: "路径中的上级不是目录",
               errno.ENOENT: "文件或目录不存在", errno.EDQUOT: "磁盘配额已满"}
    where = display_path(exc.filename) if isinstance(exc.filename, str) else "输出文件"
    return f"无法读写 {where}：{reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__)}"


def say(message: str, err: bool = False) -> None:
    """click.echo for people: text from documents and file names is shown, never obeyed as terminal codes."""
    click.echo(plain(message), err=err)


class UserError(click.ClickException):
    """A library error shown to people: Chinese prefix instead of click's English "Error:"."""

    exit_code = EXIT_USAGE

    def show(self, file: object = None) -> None:
        say(f"错误：{self.format_message()}", err=True)


class _Group(click.Group):
    def main(self, *args: object, **kwargs: object) -> object:
        # click's own usage errors (unknown option, missing argument) are English; frame them in Chinese and
        # point at --help. The detail stays click's wording, which names the option or argument exactly.
        try:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[arg-type]
        except click.UsageError as exc:
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage(), err=True)
            say(f"用法错误：{exc.format_message()}（用 --help 查看帮助）", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("已中断。", err=True)
            sys.exit(130)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ReviewError as exc:
            raise UserError(str(exc)) from exc
        except OSError as exc:  # the output side: a full disk, a read-only folder, a path that is a file
            raise UserError(os_message(exc)) from exc
        except sqlite3.Error as exc:
            raise UserError(f"工作区数据库读写失败：{exc}（请检查写权限与磁盘空间）") from exc
        except KeyboardInterrupt:
            click.echo("已中断。", err=True)
            sys.exit(130)


click.ClickException.exit_code = EXIT_USAGE


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scenarioreview", message="%(prog)s，版本 %(version)s")
def main() -> None:
    """智能制造试点示范申报书场景审查工具：解析、字数、敏感内容、典型场景归类、查重与评分排序。"""


def _register() -> None:
    from . import documents  # noqa: F401

    for optional in ("lexicon", "classify", "review"):
        try:
            __import__(f"{__name__}.{optional}")
        except ModuleNotFoundError as exc:  # a command module not written yet
            if exc.name != f"{__name__}.{optional}":
                raise


_register()

from .zh import localise

localise(main)
