"""Read the news pages in a web archive (``.warc`` / ``.warc.gz``), as Common Crawl ships them.

warcio streams the archive one record at a time, so memory stays flat
however big the file is: records that are not HTTP responses, and responses
that are not HTML, are skipped without their payload ever being held. Each
page goes through :func:`quotes.readers.html.read_page` with ``WARC-Target-URI``
as its source and URL, and ``WARC-Date`` (when the page was captured) only
as a fallback for when it was published.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from quotes.model import Article
from quotes.readers.html import MAX_PAGE_BYTES, PageError, read_page

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz"))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def read_warc(path: Path, stream: BinaryIO | None = None) -> Iterator[tuple[str, Article | PageError]]:
    """``(where, article or problem)`` for every HTML response in the archive, in order.

    A record whose page holds no article gives a :class:`PageError` for that
    record and reading goes on; an archive that breaks off (truncated mid-record,
    not a WARC) gives one :class:`PageError` for the archive, after every
    record before the break. ``stream`` is the archive's bytes when they were
    read elsewhere (by Spark); ``path`` then only names it.
    """
    count = 0
    records = None
    try:
        with stream or path.open("rb") as stream:
            records = _quiet_iterator(stream)
            for record in records:
                content_type = (record.http_headers.get_header("Content-Type") or ""
                                if record.http_headers is not None else "")
                wanted = (record.rec_type == "response"
                          and content_type.split(";")[0].strip().lower() in HTML_TYPES)
                data = record.content_stream().read(MAX_PAGE_BYTES + 1) if wanted else b""
                _read_to_end(record)
                if not wanted:
                    continue
                count += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{getattr(path, 'source', path.name)}#{count}"
                try:
                    article = read_page(data, source=uri, url=uri, header_charset=_charset(content_type),
                                        fallback_time=record.rec_headers.get_header("WARC-Date"))
                except PageError as error:
                    yield uri, error
                    continue
                yield uri, article
    except Exception as error:  # warcio and zlib raise many kinds for a broken archive
        reason = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
        if getattr(records, "err_count", 0):  # what warcio would have said in three lines
            reason = "a record's Content-Length does not match it; " + reason
        yield str(path), PageError(
            f"archive breaks off after {count} pages ({error.__class__.__name__}"
            f"{': ' + reason if reason else ''}); the pages before the break were read")


def _quiet_iterator(stream: BinaryIO):
    """warcio's record iterator, without the three ``WARNING:`` lines it writes to stderr for a
    bad ``Content-Length`` (negative, not a number, wrong): the archive's one error line
    says it instead."""
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):
        INC_RECORD = ""

    return Quiet(stream)


class Truncated(Exception):
    """A record ends before the length its header gives."""


def _read_to_end(record) -> None:
    """Consume the rest of a record in small pieces; raise :class:`Truncated` if it is short.

    warcio hands out a short last record without complaint when a file was
    cut off mid-record; its page is not kept.
    """
    raw = record.raw_stream
    while raw.read(65536):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise Truncated(f"record of {record.rec_headers.get_header('WARC-Target-URI') or 'no URI'} "
                        f"is {raw.limit} bytes short")
