"""How fast ``quotes watch`` reads a site, with the politeness rules on.

    python benchmarks/watch_local.py                       # 1,000 pages over 20 hosts, 0.2 s delay
    python benchmarks/watch_local.py --pages 400 --hosts 8 --delay 1

Starts ``--hosts`` web servers on 127.0.0.1 to 127.0.0.N (a host each), each with a
robots.txt, a sitemap index, a news sitemap and its share of ``--pages`` news
pages (each with an ETag), then polls every sitemap with :func:`quotes.run.watch.watch`
(robots.txt read and obeyed, one request at a time per host, ``--delay`` seconds
apart, hosts in parallel; the rules engine) and prints pages a second for
the first poll (fetch, extract, store) and the second (every page unchanged: a
304 each), beside the bound the delay sets (pages per host times the delay).
Nothing leaves the machine.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SPEAKERS = ["Ana Reyes", "Tom Hale", "Lena Ortiz", "Sam Okafor", "Ines Duarte", "Omar Haddad"]


def build_sites(hosts: int, pages: int):
    from local_site import LocalSite, news_sitemap, sitemap_index, story

    sites = [LocalSite(f"127.0.0.{n + 1}") for n in range(hosts)]
    for n in range(pages):
        site = sites[n % hosts]
        speaker = SPEAKERS[n % len(SPEAKERS)]
        site.page(f"/news/{n}", story(f"Story {n}", f"The council met on day {n} to talk about the harbour.",
                                      f'"We will decide on item {n} next week," said {speaker}.',
                                      "The meeting ran late into the night."), etag=f'"{n}"')
    for number, site in enumerate(sites):
        mine = [site.url(f"/news/{n}") for n in range(number, pages, hosts)]
        site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        site.page("/sitemap.xml", sitemap_index(site.url("/news-sitemap.xml")), "application/xml")
        site.page("/news-sitemap.xml", news_sitemap(*mine), "application/xml")
    return sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds between requests to one host")
    args = parser.parse_args()

    from quotes.engines import get_engine
    from quotes.run import watch

    sites = build_sites(args.hosts, args.pages)
    engine = get_engine("rules", None, lang_code="en")
    sources = [site.url("/sitemap.xml") for site in sites]
    lines: list[str] = []
    per_host = -(-args.pages // args.hosts)
    requests_per_host = per_host + 3  # robots.txt, the index, the news sitemap
    print(f"{args.pages} pages over {args.hosts} hosts, {args.delay:g} s between requests to a host;"
          f" the delay alone needs {requests_per_host * args.delay:.1f} s a poll"
          f" ({args.pages / (requests_per_host * args.delay):.0f} pages/s at most)")
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "watch.db")
        for name in ("first poll (fetch, extract, store)", "second poll (all unchanged, 304s)"):
            asked = sum(len(site.log) for site in sites)
            started = time.perf_counter()
            code = watch.watch(db, sources, engine, None, lines.append, delay=args.delay,
                               stop=_NoSignals())
            took = time.perf_counter() - started
            requests = sum(len(site.log) for site in sites) - asked
            errors = sum(int(line.split(", ")[4].split()[0]) for line in lines[-args.hosts:] if " new, " in line)
            print(f"{name}: {took:.1f} s, {args.pages / took:.1f} pages/s,"
                  f" {requests} requests, {errors} errors, exit {code}")
        most = max(site.most_in_flight for site in sites)
        print(f"requests in flight to one host at once, at most: {most}")
    for site in sites:
        site.close()


class _NoSignals:
    """The watch's stop, without taking over this script's Ctrl-C."""

    def __init__(self):
        self.event = threading.Event()

    def install(self) -> None:
        pass

    def restore(self) -> None:
        pass


if __name__ == "__main__":
    main()
