"""The docs stay true to the code: docs/cli.md is the commands' own --help, and links resolve."""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", ROOT / "db" / "README.md", *(ROOT / "docs").glob("*.md")])


def _cli_reference():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date():
    reference = _cli_reference()
    current = reference.OUTPUT.read_text(encoding="utf-8")
    assert current == reference.render(), (
        "docs/cli.md differs from the commands' --help: run `python scripts/cli_reference.py`")


def test_cli_reference_covers_every_command():
    from quotes.cli import cli

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"## quotes {name}\n" in text
        for sub in getattr(command, "commands", {}):
            assert f"## quotes {name} {sub}\n" in text


def test_cli_reference_ignores_the_terminal(monkeypatch):
    reference = _cli_reference()
    monkeypatch.setenv("COLUMNS", "40")
    narrow = reference.render()
    monkeypatch.setenv("COLUMNS", "250")
    assert narrow == reference.render()


def test_check_mode_says_when_stale(tmp_path, monkeypatch, capsys):
    reference = _cli_reference()
    stale = tmp_path / "cli.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(reference, "OUTPUT", stale)
    monkeypatch.setattr(reference, "ROOT", tmp_path)
    assert reference.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert reference.main([]) == 0
    assert reference.main(["--check"]) == 0


FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+).+?\1", re.S)
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _prose(text: str) -> str:
    """The text without code: fenced blocks, indented blocks and inline code."""
    text = FENCE.sub("", text)
    kept, in_list = [], False
    for line in text.split("\n"):
        if line.startswith("    ") and not in_list:
            continue  # an indented code block
        if line.strip():
            in_list = bool(re.match(r"\s*([-*+]|\d+\.)\s", line)) or (in_list and line.startswith(" "))
        kept.append(line)
    return INLINE_CODE.sub("", "\n".join(kept))


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    heading = INLINE_CODE.sub(lambda m: m.group(0).strip("`"), heading.strip()).lower()
    kept = "".join(c for c in heading
                   if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    anchors, seen = set(), {}
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M):
        anchor = _anchor(heading)
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def _links():
    for doc in DOCS:
        for target in LINK.findall(_prose(doc.read_text(encoding="utf-8"))):
            if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:
                continue
            yield doc, target


def test_docs_have_links_to_check():
    assert {"docs/cli.md", "docs/speed.md", "docs/design.md"} <= {
        target for doc, target in _links() if doc.name == "README.md" and doc.parent == ROOT}


@pytest.mark.parametrize("doc, target", list(_links()),
                         ids=lambda value: value if isinstance(value, str) else value.relative_to(ROOT).as_posix())
def test_relative_link_resolves(doc, target):
    path, _, anchor = target.partition("#")
    resolved = (doc.parent / path).resolve() if path else doc
    assert resolved.exists(), f"{doc.relative_to(ROOT)} links to {target}, which does not exist"
    if anchor and resolved.suffix == ".md":
        assert anchor in _anchors(resolved), (
            f"{doc.relative_to(ROOT)} links to {target}: no heading with that anchor")


def test_anchor_matches_github():
    assert _anchor("How quotes are found (the `rules` engine)") == "how-quotes-are-found-the-rules-engine"
    assert _anchor("Pre-parsed input (CoNLL-U)") == "pre-parsed-input-conll-u"
    assert _anchor("quotes speakers list") == "quotes-speakers-list"
