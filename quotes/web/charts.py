"""The Vega-Lite charts on the database, speaker, statement, outlet and pick-up pages.

Why specs in Python: each chart is data the page already gathered, drawn by
the vendored Vega JS (``static/vendor``) so the pages load nothing from
elsewhere; the templates only embed the spec (``quotes/_charts.html``).
"""
from __future__ import annotations

from .rendering import UNKNOWN_OUTLET, show_date

CHART = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
         # As wide as its box (see .q-chart): readable on a phone and on a desktop. The
         # title ("description") goes above it in HTML, where a long one wraps.
         "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}

# The timeline's tick labels: "Mar 2, 08:15", as the page writes a date (24-hour clock, UTC).
TIME_FORMAT = "%b %-d, %H:%M"


def bar_chart(data: list[dict], field: str, title: str) -> dict:
    """A Vega-Lite horizontal bar chart of ``quotes`` per ``field`` (``None`` is the unknown outlet)."""
    return {
        **CHART,
        "description": title,
        "data": {"values": [{field: d[field] or UNKNOWN_OUTLET, "quotes": d["quotes"]} for d in data]},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": field, "type": "nominal", "sort": "-x", "title": None,
                  "axis": {"labelLimit": 140}},
            "x": {"field": "quotes", "type": "quantitative", "title": "quotes",
                  "axis": {"tickMinStep": 1}},
            # The unknown outlet's bar is grey, as its name is everywhere else.
            "color": {"condition": {"test": f"datum[{field!r}] === {UNKNOWN_OUTLET!r}",
                                    "value": "#b0b0b0"}, "value": "#4c78a8"},
        },
    }


def spread_chart(appearances: list[dict]) -> dict | None:
    """A Vega-Lite timeline, one point per dated appearance; ``None`` when nothing is dated."""
    dated = [a for a in appearances if a["published"]]
    if not dated:
        return None
    rank: dict[str, int] = {}
    for appearance in dated:  # outlets top to bottom in order of first appearance
        rank.setdefault(appearance["outlet"] or UNKNOWN_OUTLET, len(rank))
    values = [
        {"outlet": a["outlet"] or UNKNOWN_OUTLET, "published": a["published"],
         "when": show_date(a["published"]).striptags(), "title": a["title"] or a["source"] or "",
         "speaker": a["speaker_mention"] or "",
         "kind": a["kind"], "rank": rank[a["outlet"] or UNKNOWN_OUTLET]}
        for a in dated
    ]
    return {
        **CHART,
        "description": "Where and when it appeared",
        "data": {"values": values},
        "mark": {"type": "point", "filled": True, "size": 140, "tooltip": True},
        "encoding": {
            "x": {"field": "published", "type": "temporal", "title": "published (UTC)",
                  # UTC, as the dates are written on the page, whatever the reader's zone.
                  "scale": {"type": "utc", "padding": 16},
                  # One format for every tick (Vega's default mixes "03:15", "04 AM" and
                  # "Tue 03" on one axis); a utc scale formats it in UTC. (formatType "utc"
                  # would drop the format: Vega-Lite 6 takes it for a custom type.)
                  "axis": {"labelFlush": True, "tickCount": {"expr": "ceil(width / 110)"},
                           "format": TIME_FORMAT, "labelOverlap": True}},
            "y": {"field": "outlet", "type": "nominal", "title": None,
                  "sort": {"field": "rank", "op": "min"}, "axis": {"labelLimit": 140}},
            "color": {"field": "kind", "type": "nominal", "legend": {"orient": "bottom"}},
            "tooltip": [{"field": "outlet"}, {"field": "when", "title": "published"},
                        {"field": "title"}, {"field": "speaker"}, {"field": "kind"}],
        },
    }


def pick_up_chart(pairs: list[dict]) -> dict:
    """Statements each outlet carried after another had them first: a bar per pair, labelled
    with the median delay."""
    values = [{"pair": f"{p['first_outlet']} \u2192 {p['picked_up_by']}",
               "statements": p["statements"],
               "delay": "undated" if p["median_delay_hours"] is None
               else f"median {p['median_delay_hours']:g} h later"}
              for p in pairs]
    bars = {"y": {"field": "pair", "type": "nominal", "sort": "-x", "title": None,
                  "axis": {"labelLimit": 220}},
            "x": {"field": "statements", "type": "quantitative", "axis": {"tickMinStep": 1}}}
    return {
        **CHART,
        "description": "Statements picked up, per pair of outlets",
        "data": {"values": values},
        "encoding": bars,
        "layer": [
            {"mark": {"type": "bar", "tooltip": True}},
            {"mark": {"type": "text", "align": "right", "dx": -4, "color": "white"},
             "encoding": {"text": {"field": "delay"}}},
        ],
    }
