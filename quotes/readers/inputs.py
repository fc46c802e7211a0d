"""Read articles from ``.txt``, ``.jsonl`` and ``.html`` files, web archives, folders and URLs.

Reading never raises for bad input: each problem becomes a :class:`Problem`
in the stream, so one bad file, page or URL costs one line on stderr and the
rest of the run goes on. Web pages go through :mod:`quotes.readers.html`, web
archives through :mod:`quotes.readers.warc`, URLs through :mod:`quotes.readers.fetch`.

Files are streamed (a JSONL file one line at a time, split on ``\n`` only, as
JSON Lines defines), and an article longer than :data:`MAX_CHARS` is reported
and skipped, so no single input can take unbounded time or memory.

Reading is also where every article's metadata is settled
(:func:`apply_metadata`): explicit metadata over the page's own, and
``published`` turned into a UTC instant.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from quotes.readers import fetch
from quotes.readers import warc
from quotes.model import Article
from quotes.readers.dates import to_utc
from quotes.readers.html import MAX_PAGE_BYTES, PageError, outlet_from_url, read_page

TEXT_SUFFIXES = (".txt", ".jsonl")
PAGE_SUFFIXES = (".html", ".htm")
READABLE = ".txt, .jsonl, .html, .htm, .warc, .warc.gz"
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


@dataclass
class Notice:
    """Something the reader chose not to read, said once; not a failure."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ManifestError(Exception):
    """The manifest itself cannot be used (missing, unreadable, no source column)."""


def read_manifest(path: str | Path) -> dict[str, dict[str, str]]:
    """Map each ``source`` (a file name, or a path inside the folder given: ``sub/story.txt``) to its non-empty
    metadata fields.

    CSV needs a header with a ``source`` column; JSONL needs a ``source`` key
    on every line. The file is read a line at a time and a line over
    :data:`MAX_LIST_LINE` characters refuses it, so ``--manifest /dev/zero`` (or a
    gigabyte without a newline) is one line of error, not all the memory there is.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
        encoding = _encoding(handle.peek(4)[:4])
    except FileNotFoundError:
        raise ManifestError(f"{path}: manifest not found") from None
    except OSError as error:
        raise ManifestError(f"{path}: cannot read manifest ({error.__class__.__name__})") from None
    jsonl = path.suffix.lower() == ".jsonl"
    text = io.TextIOWrapper(handle, encoding=encoding, newline="\n" if jsonl else "")
    with text:
        try:
            rows = _manifest_rows(path, _bounded_lines(text, ManifestError, f"{path}: manifest"), jsonl)
        except UnicodeDecodeError:
            raise ManifestError(f"{path}: cannot read manifest (not valid {encoding})") from None
        except OSError as error:
            raise ManifestError(f"{path}: cannot read manifest ({error.__class__.__name__})") from None
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


def _manifest_rows(path: Path, lines: Iterator[str], jsonl: bool) -> list[dict]:
    """The manifest's rows: one JSON object a line, or CSV records under a header."""
    if not jsonl:
        try:
            return list(csv.DictReader(lines))
        except csv.Error as error:
            raise ManifestError(f"{path}: cannot read manifest (CSV: {error})") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ManifestError(f"{path}:{number}: malformed JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise ManifestError(f"{path}:{number}: expected a JSON object")
        rows.append(row)
    return rows


# The longest line of a manifest or a list of URLs: a URL or a row of metadata is far shorter.
MAX_LIST_LINE = 65_536


def _bounded_lines(text: io.TextIOBase, error: type[Exception], what: str) -> Iterator[str]:
    """``text``'s lines, each read with a cap, so that no line is held whole before it is
    measured; a longer line raises ``error`` naming ``what`` and the line."""
    number = 0
    while True:
        line = text.readline(MAX_LIST_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LIST_LINE or (len(line) == MAX_LIST_LINE and not line.endswith(("\n", "\r"))):
            raise error(f"{what} line {number} is longer than {MAX_LIST_LINE:,} characters; "
                        "is it the right file?")
        yield line


def _field(value) -> str:
    """A metadata value as text: strings as they are, numbers as written; nothing else."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return json.dumps(value)
    return ""  # JSON's NaN and Infinity are no name, title or date: never an outlet "NaN"


def _encoding(head: bytes) -> str:
    """UTF-16 or UTF-8 by the byte-order mark, UTF-8 without one."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8")


class UrlListError(Exception):
    """The file of URLs cannot be read."""


def read_url_list(path: str | Path) -> list[str | Problem]:
    """The URLs in a text file (``-``: standard input), one per line; blank lines and ``#`` comments skipped.

    A line that is not an ``http(s)://`` URL is a :class:`Problem` naming its line.
    """
    path = Path(path)
    try:
        text = sys.stdin if str(path) == "-" else path.open(encoding="utf-8")
    except FileNotFoundError:
        raise UrlListError(f"{path}: list of URLs not found") from None
    except OSError as error:
        raise UrlListError(f"{path}: cannot read list of URLs ({error.__class__.__name__})") from None
    found: list[str | Problem] = []
    try:
        for number, line in enumerate(_bounded_lines(text, UrlListError, f"{path}: list of URLs,"), 1):
            line = line.strip()
            if line and not line.startswith("#"):
                found.append(line if fetch.is_url(line) else Problem(f"{path}:{number}", "not an http(s):// URL"))
    except (UnicodeDecodeError, OSError) as error:
        raise UrlListError(f"{path}: cannot read list of URLs ({error.__class__.__name__})") from None
    finally:
        if text is not sys.stdin:
            text.close()
    return found


def readable(path: Path) -> bool:
    """Whether a file in a folder is one this reader takes (by its name)."""
    return path.suffix.lower() in TEXT_SUFFIXES + PAGE_SUFFIXES or warc.is_warc(path)


class FolderFile(type(Path())):
    """A file found in a folder given, that knows its path inside that folder (``source``)."""

    source: str


def in_folder(path: Path, folder: Path) -> FolderFile:
    """``path`` under ``folder``, its source the path between them: ``story.txt`` and
    ``sub/story.txt`` are two articles, not one source given twice."""
    found = FolderFile(path)
    found.source = path.relative_to(folder).as_posix()
    return found


def source_name(path: Path) -> str:
    """An article file's source: its path inside the folder given (a file named on its own,
    or at the top of the folder, is its name), so that a manifest can tell two apart."""
    return getattr(path, "source", None) or path.name


def expand_paths(paths: Iterable[str | Path | Problem | Notice],
                 known: Iterable[str | Path] = ()) -> Iterator[Path | str | Problem | Notice]:
    """Files as given, URLs as given (``str``), folders as their readable files in name order
    (each a :class:`FolderFile`, whose source is its path inside the folder).

    A folder's other files are skipped with one :class:`Notice` saying how many and why;
    ``known`` files (the ``--manifest`` kept beside the articles) are passed over quietly.
    """
    known = {Path(k).resolve() for k in known}
    for given in paths:
        if isinstance(given, (Problem, Notice)):  # already expanded
            yield given
            continue
        if isinstance(given, str) and fetch.is_url(given):
            yield given
            continue
        path = given if isinstance(given, FolderFile) else Path(given)
        if path.is_dir():
            skipped = []
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.resolve() not in known:
                    if readable(child):
                        yield in_folder(child, path)
                    else:
                        skipped.append(child)
            if skipped:
                kinds = sorted({child.suffix.lower() or child.name for child in skipped})
                yield Notice(str(path), f"skipped {len(skipped)} file{'s' * (len(skipped) > 1)} of "
                                        f"unknown type ({', '.join(kinds)}); extract reads {READABLE}")
        elif path.is_file():
            yield path
        elif path.exists():  # a FIFO, socket or device: no size, no second read, maybe no end
            yield Problem(str(path), "not a regular file (a pipe, socket or device); save its "
                                     "contents to a file and read that")
        else:
            yield Problem(str(path), "no such file or folder")


def _open(path: Path, stream: BinaryIO | None = None) -> io.TextIOWrapper | Problem:
    """The file (or ``stream``) as text, decoded as its byte-order mark says, lines split on ``\n`` only."""
    try:
        handle = stream or path.open("rb")
        head = handle.read(8192)
        handle.seek(0)
    except OSError as error:
        return Problem(str(path), f"cannot read ({error.strerror or error.__class__.__name__})")
    encoding = _encoding(head)
    if encoding == "utf-8" and b"\0" in head:
        handle.close()
        return Problem(str(path), _BINARY)
    return io.TextIOWrapper(handle, encoding=encoding, newline="\n")


def _decode_error(where: str, error: UnicodeDecodeError) -> Problem:
    encoding = "UTF-16" if "16" in error.encoding else "UTF-8"
    return Problem(where, f"not valid {encoding} ({error.reason})")


def too_long(where: str, limit: int) -> Problem:
    return Problem(where, f"longer than {limit:,} characters, the limit per article "
                          "(--max-chars); skipped")


def _read_jsonl(path: Path, lines: io.TextIOWrapper, limit: int) -> Iterator[Article | Problem]:
    number = 0
    outlets: dict[str, str | None] = {}  # the outlet of each sourceless text's first record
    while True:
        where = f"{path}:{number + 1}"
        try:
            line = lines.readline(_longest_line(limit))
        except UnicodeDecodeError as error:
            yield _decode_error(where, error)
            return
        if not line:
            return
        number += 1
        if not line.endswith("\n") and len(line) >= _longest_line(limit):
            _skip_line(lines)
            yield too_long(where, limit)
            continue
        if not line.strip():
            continue
        yield _record(path, where, line, limit, outlets)


def _longest_line(limit: int) -> int:
    """The longest JSONL line a record within ``limit`` can take: JSON may write one character
    as 12 (``\\ud83d\\ude00``), and the other fields come on top."""
    return limit * 12 + 65_536


def _skip_line(lines: io.TextIOWrapper) -> None:
    """Read past the rest of an overlong line, a megabyte at a time."""
    while True:
        piece = lines.readline(1 << 20)
        if not piece or piece.endswith("\n"):
            return


def _record(path: Path, where: str, line: str, limit: int,
            outlets: dict[str, str | None]) -> Article | Problem:
    """One JSONL record as an article; its source, if it names none, is keyed by its text.

    A text the file gave already from another outlet (one wire story in three
    outlets) is keyed by its outlet as well, so each copy is an article of its
    own; the first keeps the plain key it always had, so a database made before
    keeps it and a second run of the file stores nothing twice.
    """
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
            return Problem(where, f"'{key}' must be a string, not {_kind(record[key])}")
    # Keyed by content, not by line number: a record added above it must not make it new.
    source = _field(record.get("source")).strip()
    if not source:
        source = f"{source_name(path)}#{text_key(body)}"
        outlet = _field(record.get("outlet")).strip() or None
        if outlets.setdefault(source, outlet) != outlet:
            source = f"{source}@{outlet or ''}"
    return Article(source=source, text=body,
                   **{key: _field(record[key]) for key in METADATA_FIELDS if record.get(key)})


def _kind(value) -> str:
    """What a JSON value is, as a user wrote it: ``NaN``, ``Infinity``, ``list``, ``bool``."""
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(value)
    return type(value).__name__


def text_key(text: str) -> str:
    """A short key for an article's text, the same wherever in a file it stands."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_BINARY = "binary file, not text"


def _unknown_type(path: Path) -> Problem:
    """A file named on the command line is read as text whatever its suffix; one that is not
    text is of a type extract does not read, and says so as a folder's notice does."""
    return Problem(str(path), f"unknown type ({path.suffix.lower() or 'no suffix'}); "
                              f"extract reads {READABLE}")


def read_file(path: Path, limit: int | None = None,
              stream: BinaryIO | None = None) -> Iterator[Article | Problem]:
    """One ``.txt`` or ``.html`` file is one article; a ``.jsonl`` file one per line; a WARC one per page.

    A ``.txt`` or ``.jsonl`` article over ``limit`` characters (default :data:`MAX_CHARS`) is a
    problem, read no further (:func:`within` holds every other kind to it too). ``stream`` is
    the file's bytes when they were read elsewhere (by Spark, on another machine); ``path``
    then only names the file.
    """
    limit = limit or MAX_CHARS
    if warc.is_warc(path):
        for where, item in warc.read_warc(path, stream):
            yield Problem(where, str(item)) if isinstance(item, PageError) else item
        return
    if path.suffix.lower() in PAGE_SUFFIXES:
        try:
            data = _read_page_bytes(path, stream)
        except OSError as error:
            yield Problem(str(path), f"cannot read ({error.strerror or error.__class__.__name__})")
            return
        try:
            yield read_page(data, source=source_name(path))
        except PageError as error:
            yield Problem(str(path), str(error))
        return
    handle = _open(path, stream)
    if isinstance(handle, Problem):
        yield handle if readable(path) or handle.message != _BINARY else _unknown_type(path)
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
            yield _decode_error(str(path), error) if readable(path) else _unknown_type(path)
            return
        except OSError as error:
            yield Problem(str(path), f"cannot read ({error.strerror or error.__class__.__name__})")
            return
    if not text.strip():
        yield Problem(str(path), "empty file")
    else:
        yield Article(source=source_name(path), text=text)


def _read_page_bytes(path: Path, stream: BinaryIO | None) -> bytes:
    """At most one byte more than a page may have: enough for :func:`read_page` to refuse a
    bigger file, without a 2 GB file taking 2 GB of memory first."""
    if stream is not None:
        return stream.read(MAX_PAGE_BYTES + 1)
    with path.open("rb") as handle:
        return handle.read(MAX_PAGE_BYTES + 1)


def apply_metadata(
    article: Article, manifest: dict[str, dict[str, str]], outlet: str | None,
    notices: list[Notice] | None = None,
) -> str | None:
    """Settle the article's metadata: fill it from its manifest entry, then ``outlet``.

    The article's own explicit fields (JSONL) win over the manifest, which wins
    over what a web page says of itself (``Article.from_page``), which wins
    over ``outlet``; an article still without an outlet is named after its
    URL's domain. ``published`` becomes a UTC instant (:func:`quotes.readers.dates.to_utc`),
    what the source wrote kept in ``published_raw``. Returns the manifest key
    that matched, if any: the source itself, or the file name before ``#`` for
    one document of a multi-document file.

    ``url`` is kept only when it is an ``http(s)://`` link: a page links the
    article by it, and a ``javascript:`` or ``data:`` URL is no link to
    follow. One dropped is said in ``notices`` when a list is given.
    """
    key = next((k for k in (article.source, article.source.split("#")[0]) if k in manifest), None)
    for field, value in (manifest[key] if key else {}).items():
        if not getattr(article, field) or field in article.from_page:
            setattr(article, field, value)
    if article.url and not fetch.is_url(article.url.strip()):
        if notices is not None:
            notices.append(Notice(article.source, f"url {article.url[:40]!r} is not an http(s):// "
                                                  "link; the article is kept without it"))
        article.url = None
    article.outlet = article.outlet or outlet or outlet_from_url(article.url)
    if article.published_raw is None and article.published:
        article.published_raw = article.published
        article.published = to_utc(article.published)
    return key


def given_article(source: str, text: str, **metadata: str | None) -> Article:
    """An article handed over as text (the API's ``Tracker.add``), its metadata settled as
    every reader settles it (see :func:`apply_metadata`): ``published`` as a UTC instant."""
    article = Article(source, text, **metadata)
    apply_metadata(article, {}, None)
    return article


def unused_manifest_entries(manifest: dict[str, dict[str, str]], used: set[str]) -> Iterator[Problem]:
    """A problem for every manifest entry that no input matched."""
    for source in manifest:
        if source not in used:
            yield Problem(source, "named in the manifest but not among the inputs")


def within(articles: Iterable[Article | Problem], limit: int) -> Iterator[Article | Problem]:
    """``articles``, each one over ``limit`` characters turned into a problem."""
    for article in articles:
        if isinstance(article, Article) and len(article.text) > limit:
            article = too_long(article.source, limit)
        yield article


def read_articles(
    paths: Iterable[str | Path | Problem | Notice],
    manifest: dict[str, dict[str, str]] | None = None,
    outlet: str | None = None,
    on_file: Callable[[Path | str], None] | None = None,
    timeout: float = fetch.TIMEOUT,
    max_chars: int | None = None,
) -> Iterator[Article | Problem | Notice]:
    """Every article under ``paths`` (files, folders, URLs) with its metadata settled.

    See :func:`apply_metadata`. ``on_file`` is called as each file is opened
    or URL fetched (within ``timeout`` seconds), so a caller can show progress
    by inputs. Manifest entries that no input matched are reported at the end. An
    article over ``max_chars`` (default :data:`MAX_CHARS`) is a problem, not an article.
    """
    max_chars = max_chars or MAX_CHARS
    manifest = manifest or {}
    used = set()
    fetcher = fetch.Shared(lambda: fetch.Fetcher(timeout=timeout))  # made for the first URL

    def page(url: str):  # in a thread, ahead of the run: pages from different hosts come in parallel
        return fetcher().fetch(url)

    for item, fetched in fetch.in_parallel(expand_paths(paths), page,
                                           wanted=lambda item: isinstance(item, str)):
        if isinstance(item, (Problem, Notice)):
            yield item
            continue
        if on_file:
            on_file(item)
        if isinstance(item, str):
            articles = [Problem(item, str(fetched)) if isinstance(fetched, PageError) else fetched]
        else:
            articles = read_file(item, max_chars)
        for article in within(articles, max_chars):
            notices: list[Notice] = []
            if isinstance(article, Article):
                matched = apply_metadata(article, manifest, outlet, notices)
                if matched:
                    used.add(matched)
            yield from notices
            yield article
    yield from unused_manifest_entries(manifest, used)
