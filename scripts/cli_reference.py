"""Write docs/cli.md, the command-line reference, from the ``--help`` of every command.

    python scripts/cli_reference.py            # (re)writes docs/cli.md
    python scripts/cli_reference.py --check    # exit 1 if docs/cli.md is out of date
    python scripts/cli_reference.py --stdout   # print it instead

It imports :mod:`quotes.cli`, walks the click command tree (``quotes``, each command, each
subcommand of a group) and renders each one's help as ``quotes CMD --help`` prints it, at a
fixed width of 100 columns, so the file is the same on any terminal. ``tests/test_docs.py``
regenerates it in memory and fails when the file differs, so edit a command's help in
``quotes/cli.py`` and run this script; never edit docs/cli.md by hand.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "cli.md"
WIDTH = 100
PROG = "quotes"

HEADER = """\
# Command-line reference

Generated from `--help` by `python scripts/cli_reference.py` (do not edit by hand; the test
`tests/test_docs.py` fails when this file is out of date). The [README](../README.md) shows the
commands by example.
"""


def _walk(command: click.Command, parent: click.Context | None, name: str):
    """(context, command) for this command and every command under it, depth first, by name."""
    ctx = click.Context(command, info_name=name, parent=parent,
                        terminal_width=WIDTH, max_content_width=WIDTH)
    yield ctx, command
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(ctx):
            sub = command.get_command(ctx, sub_name)
            if sub is None or sub.hidden:
                continue
            yield from _walk(sub, ctx, sub_name)


def _anchor(path: str) -> str:
    """GitHub's heading anchor for ``quotes speakers list``: ``quotes-speakers-list``."""
    return path.replace(" ", "-")


def render() -> str:
    """The whole of docs/cli.md, as text."""
    from quotes.cli import cli

    sections = []
    for ctx, command in _walk(cli, None, PROG):
        path = ctx.command_path
        with ctx:
            text = command.get_help(ctx)
        sections.append((path, text.rstrip()))
    depth = {path: path.count(" ") for path, _ in sections}
    lines = [HEADER]
    for path, _ in sections:
        lines.append(f"{'  ' * max(depth[path] - 1, 0)}- [`{path}`](#{_anchor(path)})")
    lines.append("")
    for path, text in sections:
        lines += [f"## {path}", "", "```text", text, "```", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1, saying so, if docs/cli.md differs from the commands' help")
    parser.add_argument("--stdout", action="store_true", help="print the reference instead of writing it")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # this checkout's quotes, whatever is installed
    text = render()
    if args.stdout:
        sys.stdout.write(text)
        return 0
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run `python scripts/cli_reference.py`",
                  file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
