"""The root command group and what every command module shares: exit codes, ``say``, the error classes.

The only place that turns errors into exit codes. Command modules import ``main`` from here and register
their commands on it; the package ``__init__`` imports them all.
"""

from __future__ import annotations

import errno
import sqlite3
from typing import IO, Any

import click

from ..errors import ReviewError
from ..safetext import display_path, plain

EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C


def os_message(exc: OSError) -> str:
    """An OSError as a Chinese sentence naming the file (exit 2, not a traceback)."""
    reasons = {
        errno.ENOSPC: "磁盘空间已满",
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.EROFS: "只读文件系统",
        errno.EISDIR: "这是一个目录",
        errno.ENOTDIR: "路径中的上级不是目录",
        errno.ENOENT: "文件或目录不存在",
        errno.EDQUOT: "磁盘配额已满",
    }
    where = display_path(exc.filename) if isinstance(exc.filename, str) else "输出文件"
    return f"无法读写 {where}：{reasons.get(exc.errno or 0, exc.strerror or type(exc).__name__)}"


def say(message: str, err: bool = False) -> None:
    """click.echo for people: text from documents and file names is shown, never obeyed as terminal codes."""
    click.echo(plain(message), err=err)


class UserError(click.ClickException):
    """A library error shown to people: Chinese prefix instead of click's English "Error:", exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file: IO[Any] | None = None) -> None:
        say(f"错误：{self.format_message()}", err=True)


class UsageError(click.UsageError):
    """click's usage errors (unknown option, missing argument) framed in Chinese with a pointer to --help.

    The detail stays click's (translated) wording, which names the option or argument exactly.
    """

    exit_code = EXIT_USAGE

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True)
        say(f"用法错误：{self.format_message()}（用 --help 查看帮助）", err=True)


class Interrupted(click.ClickException):
    """Ctrl-C or a closed prompt: one Chinese line and the shell's convention for SIGINT."""

    exit_code = EXIT_INTERRUPTED

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo("已中断。", err=True)


def _as_ours(exc: click.ClickException) -> click.ClickException:
    """Any click error as one of ours, so click's standalone ``main`` shows it in Chinese with our exit code."""
    if isinstance(exc, (UserError, UsageError, Interrupted)):
        return exc
    if isinstance(exc, click.UsageError):
        return UsageError(exc.format_message(), exc.ctx)
    return UserError(exc.format_message())  # e.g. a file click could not open: unreadable input


class _Group(click.Group):
    """The root group: library errors and click's own errors leave here as Chinese messages and exit codes.

    click's standalone ``main`` shows a ``ClickException`` and exits with its ``exit_code``; we only make sure
    every error that reaches it is one of ours. The root's own options are parsed in ``make_context``, every
    subcommand's (and nested group's) inside ``invoke``.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            raise _as_ours(exc) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            raise _as_ours(exc) from exc
        except (click.exceptions.Abort, KeyboardInterrupt) as exc:
            raise Interrupted("") from exc
        except ReviewError as exc:
            raise UserError(str(exc)) from exc
        except OSError as exc:  # the output side: a full disk, a read-only folder, a path that is a file
            raise UserError(os_message(exc)) from exc
        except sqlite3.Error as exc:
            raise UserError(f"工作区数据库读写失败：{exc}（请检查写权限与磁盘空间）") from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scenarioreview", message="%(prog)s，版本 %(version)s")
def main() -> None:
    """智能制造试点示范申报书场景审查工具：解析、字数、敏感内容、典型场景归类、查重与评分排序。"""
