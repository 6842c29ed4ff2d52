"""Every CLI command has Chinese help text and is documented in the README."""

from pathlib import Path

import click
import pytest

from scenarioreview.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, full + " ")
        else:
            yield full, cmd


COMMANDS = list(_commands(main))


def test_the_cli_has_the_documented_core_commands():
    names = {n for n, _ in COMMANDS}
    assert {
        "parse",
        "check",
        "review",
        "rank",
        "show",
        "compare",
        "search",
        "coverage",
        "scores import",
    } <= names


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help_and_is_in_readme(name, cmd):
    assert cmd.help and any("\u4e00" <= ch <= "\u9fff" for ch in cmd.help), f"{name} lacks Chinese help"
    assert (
        f"scenarioreview {name}" in README
        or f"`{name.split()[-1]}`" in README
        or (f"scenarioreview {name.split()[0]}" in README)
    ), f"{name} is not in the README"
