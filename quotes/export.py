"""The export's formats: JSON lines, one JSON array, CSV safe to open in a spreadsheet, Parquet.

The records are :func:`quotes.store.export_rows`'s; this module only writes them.
JSON, JSON lines and Parquet keep every text exactly as stored. CSV is what
people open in Excel or LibreOffice, which run a cell that starts like a
formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``, ``@SUM(...)``): a quote is
text someone else wrote, so a text cell starting with such a character gets a
single quote in front, as OWASP's advice on CSV injection has it, and
spreadsheets show it as text. defusedcsv does the same for ``= + - @`` but not
for a tab, a carriage return or the fullwidth forms (which spreadsheets also
read as formula signs), and it rewrites ``|`` inside the text; so it is done
here, on the cells only, with the csv module doing the quoting.

Parquet needs pyarrow (``pip install 'quotes[parquet]'``); it is imported only
for that format, so the rest works without it.
"""
from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable
from typing import IO

from quotes.store import EXPORT_FIELDS, EXPORT_TYPES

FORMATS = ("jsonl", "json", "csv", "parquet")
BINARY_FORMATS = ("parquet",)
# What a spreadsheet reads as the start of a formula: = + - @, a tab and a carriage return
# (OWASP), and the fullwidth equals, plus, hyphen-minus and commercial at.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
PARQUET_BATCH = 50_000  # rows a Parquet row group holds: memory stays flat at any size


class ExportUnavailable(Exception):
    """The format asked for cannot be written here; the message says how to fix it."""


def spreadsheet_safe(value):
    """``value`` as a CSV cell a spreadsheet shows as text: a text starting like a formula
    gets a ``'`` in front; numbers and empty cells stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write(rows: Iterable[dict], fmt: str, out: IO) -> int:
    """Write ``rows`` in ``fmt`` to ``out`` (a binary stream for Parquet, text otherwise);
    how many. Raises :class:`ExportUnavailable` before writing anything when ``fmt``
    needs what is not installed."""
    if fmt == "parquet":
        return write_parquet(rows, out)
    count = 0
    if fmt == "jsonl":
        for count, row in enumerate(rows, 1):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "json":  # one array, written a record at a time
        out.write("[")
        for count, row in enumerate(rows, 1):
            out.write(("\n" if count == 1 else ",\n") + json.dumps(row, ensure_ascii=False))
        out.write("\n]\n" if count else "]\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(EXPORT_FIELDS)
        for count, row in enumerate(rows, 1):
            writer.writerow([spreadsheet_safe(row[field]) for field in EXPORT_FIELDS])
    else:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    return count


def parquet_schema():
    """The export's fields as a pyarrow schema: integers, floats and texts as typed."""
    try:
        import pyarrow as pa
    except ImportError:
        raise ExportUnavailable("--format parquet needs pyarrow: pip install 'quotes[parquet]'") from None
    arrow = {int: pa.int64(), float: pa.float64(), str: pa.string()}
    return pa.schema([(name, arrow[kind]) for name, kind in EXPORT_TYPES.items()])


def write_parquet(rows: Iterable[dict], out: IO) -> int:
    """Write ``rows`` as one Parquet file to the binary stream ``out``, a row group at a time."""
    schema = parquet_schema()
    import pyarrow as pa
    import pyarrow.parquet as pq

    count = 0
    rows = iter(rows)
    with pq.ParquetWriter(out, schema) as writer:
        while batch := list(itertools.islice(rows, PARQUET_BATCH)):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
