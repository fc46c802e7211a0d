"""Publication times as UTC instants, so that "first" means first everywhere.

Sources write times every way: ``Mar 1, 2019``, ``2019-03-05T09:00``,
``2026-03-02T08:00:00+05:00``, ``Tue, 03 Mar 2026 06:05 EST``. Compared as
strings they sort wrongly (``08:00+05:00`` is before ``05:00Z``), so every
``published`` is turned into one form, ``YYYY-MM-DDTHH:MM:SSZ``, when the
article is read; what the source said is kept beside it as ``published_raw``.

The rules, for a value without all of it:

- a time without a zone is taken as UTC (a page that leaves the zone out
  usually writes its server's time, and UTC is the one guess that is never
  off by more than the zone itself);
- a date without a time is midnight UTC of that day (``published_raw`` still
  says it was a day only);
- anything not read as a date with a year, month and day (``last Tuesday``,
  ``Mar 1``) gives no instant: the article is undated, its raw value kept.
"""
from __future__ import annotations

import datetime as dt
import re
import warnings

from dateutil import parser as dateutil_parser
from dateutil import tz

UTC = dt.timezone.utc
FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# Zone abbreviations news sites write; US "ET" and the like follow daylight saving through
# the tz database. Ambiguous ones (IST: India or Ireland) and unknown ones count as no zone.
_HOUR = 3600
ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
    "BST": 1 * _HOUR, "CET": 1 * _HOUR, "CEST": 2 * _HOUR, "EET": 2 * _HOUR, "EEST": 3 * _HOUR,
    "ET": tz.gettz("America/New_York"), "CT": tz.gettz("America/Chicago"),
    "MT": tz.gettz("America/Denver"), "PT": tz.gettz("America/Los_Angeles"),
}
_DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}")
# Two defaults that differ in every field: a field the text did not give differs between them.
_DEFAULTS = (dt.datetime(2000, 1, 1, 0, 0, 0), dt.datetime(2001, 2, 2, 1, 1, 1))


def to_utc(raw: str | None) -> str | None:
    """The UTC instant ``raw`` names, as ``YYYY-MM-DDTHH:MM:SSZ``; ``None`` when it names none."""
    text = (raw or "").strip()
    if not text:
        return None
    moment = _parse(text)
    if moment is None or not 1800 <= moment.year <= 2200:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(FORMAT)


def _parse(text: str) -> dt.datetime | None:
    if _DATE_ONLY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return dt.datetime(day.year, day.month, day.day)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            first, second = (dateutil_parser.parse(text, default=default, tzinfos=ZONES)
                             for default in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # no year, month or day in the text
    if first.hour != second.hour:
        return first.replace(hour=0, minute=0, second=0, microsecond=0)  # a day only
    return first.replace(minute=first.minute if first.minute == second.minute else 0,
                         second=first.second if first.second == second.second else 0)
