"""Read articles from ``.txt``, ``.jsonl`` and ``.html`` files, web archives, folders and URLs.

Reading never raises for bad input: each problem becomes a :class:`Problem`
in the stream, so one bad file, page or URL costs one line on stderr and the
rest of the run goes on. Web pages go through :mod:`quotes.webpage`, web
archives through :mod:`quotes.warc`, URLs through :mod:`quotes.fetch`.

Reading is also where every article's metadata is settled
(:func:`apply_metadata`): explicit metadata over the page's own, and
``published`` turned into a UTC instant.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import fetch, warc
from .model import Article
from .published import to_utc
from .webpage import PageError, outlet_from_url, read_page

TEXT_SUFFIXES = (".txt", ".jsonl")
PAGE_SUFFIXES = (".html", ".htm")
READABLE = ".txt, .jsonl, .html, .htm, .warc, .warc.gz"
METADATA_FIELDS = ("outlet", "title", "url", "published")


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


class UrlListError(Exception):
    """The file of URLs cannot be read."""


def read_url_list(path: str | Path) -> list[str | Problem]:
    """The URLs in a text file (``-``: standard input), one per line; blank lines and ``#`` comments skipped.

    A line that is not an ``http(s)://`` URL is a :class:`Problem` naming its line.
    """
    path = Path(path)
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UrlListError(f"{path}: list of URLs not found") from None
    except (UnicodeDecodeError, OSError) as error:
        raise UrlListError(f"{path}: cannot read list of URLs ({error.__class__.__name__})") from None
    found: list[str | Problem] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            found.append(line if fetch.is_url(line) else Problem(f"{path}:{number}", "not an http(s):// URL"))
    return found


def readable(path: Path) -> bool:
    """Whether a file in a folder is one this reader takes (by its name)."""
    return path.suffix.lower() in TEXT_SUFFIXES + PAGE_SUFFIXES or warc.is_warc(path)


def expand_paths(paths: Iterable[str | Path | Problem | Notice],
                 known: Iterable[str | Path] = ()) -> Iterator[Path | str | Problem | Notice]:
    """Files as given, URLs as given (``str``), folders as their readable files in name order.

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
        path = Path(given)
        if path.is_dir():
            skipped = []
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.resolve() not in known:
                    if readable(child):
                        yield child
                    else:
                        skipped.append(child)
            if skipped:
                kinds = sorted({child.suffix.lower() or child.name for child in skipped})
                yield Notice(str(path), f"skipped {len(skipped)} file{'s' * (len(skipped) > 1)} of "
                                        f"unknown type ({', '.join(kinds)}); extract reads {READABLE}")
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
    """One ``.txt`` or ``.html`` file is one article; a ``.jsonl`` file one per line; a WARC one per page."""
    if warc.is_warc(path):  # streamed from disk, so memory stays flat however big the archive
        yield from _read_warc(path)
        return
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
    if warc.is_warc(path):
        yield from _read_warc(path, io.BytesIO(data))
        return
    if path.suffix.lower() in PAGE_SUFFIXES:
        try:
            yield read_page(data, source=path.name)
        except PageError as error:
            yield Problem(str(path), str(error))
        return
    text = _decode(path, data)
    if isinstance(text, Problem):
        yield text
    elif path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path, text)
    else:
        yield Article(source=path.name, text=text)


def _read_warc(path: Path, stream: BinaryIO | None = None) -> Iterator[Article | Problem]:
    for where, item in warc.read_warc(path, stream):
        yield Problem(where, str(item)) if isinstance(item, PageError) else item


def _read_url(fetcher: fetch.Fetcher, url: str) -> Iterator[Article | Problem]:
    try:
        yield fetcher.fetch(url)
    except PageError as error:
        yield Problem(url, str(error))


def apply_metadata(
    article: Article, manifest: dict[str, dict[str, str]], outlet: str | None
) -> str | None:
    """Settle the article's metadata: fill it from its manifest entry, then ``outlet``.

    The article's own explicit fields (JSONL) win over the manifest, which wins
    over what a web page says of itself (``Article.from_page``), which wins
    over ``outlet``; an article still without an outlet is named after its
    URL's domain. ``published`` becomes a UTC instant (:func:`quotes.published.to_utc`),
    what the source wrote kept in ``published_raw``. Returns the manifest key
    that matched, if any: the source itself, or the file name before ``#`` for
    one document of a multi-document file.
    """
    key = next((k for k in (article.source, article.source.split("#")[0]) if k in manifest), None)
    for field, value in (manifest[key] if key else {}).items():
        if not getattr(article, field) or field in article.from_page:
            setattr(article, field, value)
    article.outlet = article.outlet or outlet or outlet_from_url(article.url)
    if article.published_raw is None and article.published:
        article.published_raw = article.published
        article.published = to_utc(article.published)
    return key


def unused_manifest_entries(manifest: dict[str, dict[str, str]], used: set[str]) -> Iterator[Problem]:
    """A problem for every manifest entry that no input matched."""
    for source in manifest:
        if source not in used:
            yield Problem(source, "named in the manifest but not among the inputs")


def read_articles(
    paths: Iterable[str | Path | Problem | Notice],
    manifest: dict[str, dict[str, str]] | None = None,
    outlet: str | None = None,
    on_file: Callable[[Path | str], None] | None = None,
    timeout: float = fetch.TIMEOUT,
) -> Iterator[Article | Problem | Notice]:
    """Every article under ``paths`` (files, folders, URLs) with its metadata settled.

    See :func:`apply_metadata`. ``on_file`` is called as each file is opened
    or URL fetched (within ``timeout`` seconds), so a caller can show progress
    by inputs. Manifest entries that no input matched are reported at the end.
    """
    manifest = manifest or {}
    used = set()
    fetcher = None
    for item in expand_paths(paths):
        if isinstance(item, (Problem, Notice)):
            yield item
            continue
        if on_file:
            on_file(item)
        if isinstance(item, str):
            fetcher = fetcher or fetch.Fetcher(timeout=timeout)
            articles = _read_url(fetcher, item)
        else:
            articles = read_file(item)
        for article in articles:
            if isinstance(article, Article):
                matched = apply_metadata(article, manifest, outlet)
                if matched:
                    used.add(matched)
            yield article
    yield from unused_manifest_entries(manifest, used)
