"""Read articles from ``.txt`` files, folders and ``.jsonl`` files.

Reading never raises for bad input: each problem becomes a :class:`Problem`
in the stream, so one bad file costs one line on stderr and the rest of the
run goes on.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Article

ARTICLE_SUFFIXES = (".txt", ".jsonl")
METADATA_FIELDS = ("outlet", "title", "url", "published")


@dataclass
class Problem:
    """An input that could not be read; ``where`` is ``path`` or ``path:line``."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ManifestError(Exception):
    """The manifest itself cannot be used (missing, unreadable, no source column)."""


def read_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    """Map each ``source`` (a file name) to its non-empty metadata fields.

    CSV needs a header with a ``source`` column; JSONL needs a ``source`` key
    on every line.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}: manifest not found") from None
    except (UnicodeDecodeError, OSError) as error:
        raise ManifestError(f"{path}: cannot read manifest ({error.__class__.__name__})") from None
    if path.suffix.lower() == ".jsonl":
        rows = []
        for number, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ManifestError(f"{path}:{number}: malformed JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise ManifestError(f"{path}:{number}: expected a JSON object")
            rows.append(row)
    else:
        rows = list(csv.DictReader(raw.splitlines()))
    manifest = {}
    for number, row in enumerate(rows, 1):
        source = (row.get("source") or "").strip()
        if not source:
            raise ManifestError(f"{path}: row {number} has no 'source'")
        manifest[source] = {
            key: str(row[key]).strip()
            for key in METADATA_FIELDS
            if row.get(key) not in (None, "") and str(row[key]).strip()
        }
    return manifest


def expand_paths(paths: Iterable[str | Path | Problem]) -> Iterator[Path | Problem]:
    """Files as given, folders as their ``.txt``/``.jsonl`` files in name order."""
    for given in paths:
        if isinstance(given, Problem):  # already expanded and found missing
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield Problem(str(path), "no such file or folder")


def _decode(path: Path, data: bytes) -> str | Problem:
    if b"\0" in data:
        return Problem(str(path), "binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return Problem(str(path), f"not valid UTF-8 (byte {error.start})")
    if not text.strip():
        return Problem(str(path), "empty file")
    return text


def _read_jsonl(path: Path, text: str) -> Iterator[Article | Problem]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(where, f"malformed JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield Problem(where, "expected a JSON object")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Problem(where, "no 'text'")
            continue
        yield Article(
            source=str(record.get("source") or f"{path.name}:{number}"),
            text=body,
            **{key: str(record[key]) for key in METADATA_FIELDS if record.get(key)},
        )


def read_file(path: Path) -> Iterator[Article | Problem]:
    """One ``.txt`` file is one article; a ``.jsonl`` file is one article per line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Problem(str(path), f"cannot read ({error.strerror or error.__class__.__name__})")
        return
    yield from read_data(path, data)


def read_data(path: Path, data: bytes) -> Iterator[Article | Problem]:
    """The articles in one file's bytes, told apart by its name.

    Apart from :func:`read_file` so that bytes read elsewhere (by Spark, on
    another machine) become the same articles as the file read here.
    """
    text = _decode(path, data)
    if isinstance(text, Problem):
        yield text
    elif path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path, text)
    else:
        yield Article(source=path.name, text=text)


def apply_metadata(
    article: Article, manifest: dict[str, dict[str, str]], outlet: str | None
) -> str | None:
    """Fill the article's missing metadata from its manifest entry, then ``outlet``.

    The article's own fields (JSONL) win over the manifest, which wins over
    ``outlet``. Returns the manifest key that matched, if any: the source
    itself, or the file name before ``#`` for one document of a multi-document file.
    """
    key = next((k for k in (article.source, article.source.split("#")[0]) if k in manifest), None)
    for field, value in (manifest[key] if key else {}).items():
        if not getattr(article, field):
            setattr(article, field, value)
    if outlet and not article.outlet:
        article.outlet = outlet
    return key


def unused_manifest_entries(manifest: dict[str, dict[str, str]], used: set[str]) -> Iterator[Problem]:
    """A problem for every manifest entry that no input matched."""
    for source in manifest:
        if source not in used:
            yield Problem(source, "named in the manifest but not among the inputs")


def read_articles(
    paths: Iterable[str | Path],
    manifest: dict[str, dict[str, str]] | None = None,
    outlet: str | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> Iterator[Article | Problem]:
    """Every article under ``paths`` with its metadata filled in (see :func:`apply_metadata`).

    ``on_file`` is called as each file is opened, so a caller can show progress
    by files. Manifest entries that no input matched are reported at the end.
    """
    manifest = manifest or {}
    used = set()
    for item in expand_paths(paths):
        if isinstance(item, Problem):
            yield item
            continue
        if on_file:
            on_file(item)
        for article in read_file(item):
            if isinstance(article, Article):
                matched = apply_metadata(article, manifest, outlet)
                if matched:
                    used.add(matched)
            yield article
    yield from unused_manifest_entries(manifest, used)
