"""Read articles from ``.txt`` files, folders and ``.jsonl`` files.

Reading never raises for bad input: each problem becomes a :class:`Problem`
in the stream, so one bad file costs one line on stderr and the rest of the
run goes on. Files are streamed (a JSONL file one line at a time, split on
``\n`` only, as JSON Lines defines), and an article longer than
:data:`MAX_CHARS` is reported and skipped, so no single input can take
unbounded time or memory.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Article

ARTICLE_SUFFIXES = (".txt", ".jsonl")
METADATA_FIELDS = ("outlet", "title", "url", "published")
# The longest article read (characters); ``quotes extract --max-chars`` changes it. News
# articles are far shorter: a longer one is usually files joined by mistake.
MAX_CHARS = 1_000_000
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


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
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ManifestError(f"{path}: manifest not found") from None
    except OSError as error:
        raise ManifestError(f"{path}: cannot read manifest ({error.__class__.__name__})") from None
    encoding = _encoding(raw[:4])
    try:
        raw = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ManifestError(f"{path}: cannot read manifest (not valid {encoding}, "
                            f"byte {error.start})") from None
    if path.suffix.lower() == ".jsonl":
        rows = []
        for number, line in enumerate(raw.split("\n"), 1):
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
        rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    manifest: dict[str, dict[str, str]] = {}
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows, 1):
        source = _field(row.get("source")).strip()
        if not source:
            raise ManifestError(f"{path}: row {number} has no 'source'")
        fields = {key: _field(row.get(key)).strip() for key in METADATA_FIELDS}
        fields = {key: value for key, value in fields.items() if value}
        if source in manifest and manifest[source] != fields:
            raise ManifestError(f"{path}: rows {first_row[source]} and {number} both describe "
                                f"{source!r}, differently; keep one")
        manifest[source] = fields
        first_row.setdefault(source, number)
    return manifest


def _field(value) -> str:
    """A metadata value as text: strings as they are, numbers as written; nothing else."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    return ""


def _encoding(head: bytes) -> str:
    """UTF-16 or UTF-8 by the byte-order mark, UTF-8 without one."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8")


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


def _open(path: Path) -> io.TextIOWrapper | Problem:
    """The file as text, decoded as its byte-order mark says, lines split on ``\n`` only."""
    try:
        handle = path.open("rb")
        head = handle.read(8192)
        handle.seek(0)
    except OSError as error:
        return Problem(str(path), f"cannot read ({error.strerror or error.__class__.__name__})")
    encoding = _encoding(head)
    if encoding == "utf-8" and b"\0" in head:
        handle.close()
        return Problem(str(path), "binary file, not text")
    return io.TextIOWrapper(handle, encoding=encoding, newline="\n")


def _decode_error(where: str, error: UnicodeDecodeError) -> Problem:
    encoding = "UTF-16" if "16" in error.encoding else "UTF-8"
    return Problem(where, f"not valid {encoding} ({error.reason})")


def too_long(where: str, limit: int) -> Problem:
    return Problem(where, f"longer than {limit:,} characters, the limit per article "
                          "(--max-chars); skipped")


def _read_jsonl(path: Path, lines: io.TextIOWrapper, limit: int) -> Iterator[Article | Problem]:
    number = 0
    while True:
        where = f"{path}:{number + 1}"
        try:
            line = lines.readline(limit * 2 + 4096)  # a JSON string escapes a character in <= 12
        except UnicodeDecodeError as error:
            yield _decode_error(where, error)
            return
        if not line:
            return
        number += 1
        if not line.endswith("\n") and len(line) >= limit * 2 + 4096:
            _skip_line(lines)
            yield too_long(where, limit)
            continue
        if not line.strip():
            continue
        yield _record(path, where, line, limit)


def _skip_line(lines: io.TextIOWrapper) -> None:
    """Read past the rest of an overlong line, a megabyte at a time."""
    while True:
        piece = lines.readline(1 << 20)
        if not piece or piece.endswith("\n"):
            return


def _record(path: Path, where: str, line: str, limit: int) -> Article | Problem:
    """One JSONL record as an article; its source, if it names none, is keyed by its text."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Problem(where, f"malformed JSON ({error.msg})")
    if not isinstance(record, dict):
        return Problem(where, "expected a JSON object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return Problem(where, "no 'text'")
    if len(body) > limit:
        return too_long(where, limit)
    for key in ("source", *METADATA_FIELDS):
        if record.get(key) not in (None, "") and not _field(record[key]):
            return Problem(where, f"'{key}' must be a string, not {type(record[key]).__name__}")
    # Keyed by content, not by line number: a record added above it must not make it new.
    source = _field(record.get("source")).strip() or f"{path.name}#{text_key(body)}"
    return Article(source=source, text=body,
                   **{key: _field(record[key]) for key in METADATA_FIELDS if record.get(key)})


def text_key(text: str) -> str:
    """A short key for an article's text, the same wherever in a file it stands."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_file(path: Path, limit: int | None = None) -> Iterator[Article | Problem]:
    """One ``.txt`` file is one article; a ``.jsonl`` file is one article per line.

    An article over ``limit`` characters (default :data:`MAX_CHARS`) is a problem, read no further.
    """
    limit = limit or MAX_CHARS
    handle = _open(path)
    if isinstance(handle, Problem):
        yield handle
        return
    with handle:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path, handle, limit)
            return
        try:
            text = handle.read(limit + 1)
            if len(text) > limit:
                yield too_long(str(path), limit)
                return
        except UnicodeDecodeError as error:
            yield _decode_error(str(path), error)
            return
        except OSError as error:
            yield Problem(str(path), f"cannot read ({error.strerror or error.__class__.__name__})")
            return
    if not text.strip():
        yield Problem(str(path), "empty file")
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
    max_chars: int | None = None,
) -> Iterator[Article | Problem]:
    """Every article under ``paths`` with its metadata filled in (see :func:`apply_metadata`).

    ``on_file`` is called as each file is opened, so a caller can show progress
    by files; an article over ``max_chars`` (default :data:`MAX_CHARS`) is a problem. Manifest entries that no input matched are reported at the end.
    """
    manifest = manifest or {}
    used = set()
    for item in expand_paths(paths):
        if isinstance(item, Problem):
            yield item
            continue
        if on_file:
            on_file(item)
        for article in read_file(item, max_chars):
            if isinstance(article, Article):
                matched = apply_metadata(article, manifest, outlet)
                if matched:
                    used.add(matched)
            yield article
    yield from unused_manifest_entries(manifest, used)
