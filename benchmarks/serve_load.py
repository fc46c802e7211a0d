"""How does ``quotes serve`` hold up under many readers at once? Prints figures; asserts nothing.

    python benchmarks/cluster_bench.py synthetic --quotes 100000 --db /tmp/load.db   # a big database
    python benchmarks/serve_load.py /tmp/load.db --requests 2000 --concurrency 20

Starts ``quotes serve`` on 127.0.0.1 (a free port; nothing else is contacted),
then sends a fixed number of requests, ``--concurrency`` at a time, spread
over the pages people use: a speaker's page, the spelling-proof look-up
(``quotes_by_speaker``), the faceted ``quote_list`` filtered by an outlet, a
quote's page, a statement's spread, "who said it first", the database page.
Prints throughput, p50/p95/p99 latency per kind and overall, and every error
(an HTTP status other than 200, or no answer within ``--timeout``), the CPU time the
server spent a request (a figure other programs on the machine barely move) and
the load average.

``--writer-every 1`` commits to the database from another process-level
connection once a second while the requests run (a one-row update: every
commit changes ``PRAGMA data_version``, as ``quotes extract`` committing
does, so every kept page is out of date after it).
"""
from __future__ import annotations

import asyncio
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote_plus

import click
import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request_mix(db_path: Path, count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (kind, path) pairs drawn from what the database holds."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    name = db_path.stem

    def sample(sql: str) -> list:
        return [row[0] for row in conn.execute(sql + " order by random() limit 200")]

    speakers = sample("select id from speakers where scope_article_id is null")
    speaker_names = sample("select name from speakers where scope_article_id is null and kind = 'person'")
    outlets = sample("select name from outlets")
    quotes = sample("select id from quotes")
    clusters = sample("select id from clusters where article_count > 1") or sample("select id from clusters")
    words = [" ".join(text.split()[:3]) for text in sample("select text from quotes")]
    conn.close()
    kinds = {
        "speaker page": lambda: f"/{name}/speakers/{rng.choice(speakers)}",
        "quotes_by_speaker": lambda: f"/{name}/quotes_by_speaker?name={quote_plus(rng.choice(speaker_names))}",
        "quote_list faceted": lambda: (f"/{name}/quote_list?_facet=outlet&_facet=speaker&_facet=kind"
                                       f"&outlet={quote_plus(rng.choice(outlets))}"),
        "quote page": lambda: f"/{name}/quotes/{rng.choice(quotes)}",
        "cluster page": lambda: f"/{name}/clusters/{rng.choice(clusters)}",
        "who_said_it_first": lambda: f"/{name}/who_said_it_first?text={quote_plus(rng.choice(words))}",
        "database page": lambda: f"/{name}",
    }
    names = list(kinds)
    return [(kind, kinds[kind]()) for kind in (names[i % len(names)] for i in range(count))]


async def send_all(base: str, requests: list[tuple[str, str]], concurrency: int, timeout: float):
    """(kind, path, seconds, status or error name) for every request."""
    results = []
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)

    async def worker(client: httpx.AsyncClient):
        while not queue.empty():
            kind, path = queue.get_nowait()
            started = time.perf_counter()
            try:
                response = await client.get(path)
                outcome = response.status_code
            except httpx.HTTPError as error:
                outcome = error.__class__.__name__
            results.append((kind, path, time.perf_counter() - started, outcome))

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return results


def wait_until_up(base: str, server: subprocess.Popen, log, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"quotes serve exited: {Path(log.name).read_text()}")
        try:
            if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("quotes serve did not answer within a minute")


def keep_committing(db_path: Path, every: float, stop: threading.Event) -> list[int]:
    """Commit a one-row update every ``every`` seconds until ``stop``; the commits made."""
    made = [0]

    def loop():
        conn = sqlite3.connect(db_path, timeout=30)
        while not stop.wait(every):
            with conn:
                conn.execute("update outlets set name = name where id = (select min(id) from outlets)")
            made[0] += 1
        conn.close()
    threading.Thread(target=loop, daemon=True).start()
    return made


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system) used so far by process ``pid`` and its descendants now
    alive, read from Linux's /proc (0 where there is none)."""
    total, ticks, pids = 0.0, os.sysconf("SC_CLK_TCK"), [pid]
    while pids:
        pid = pids.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
            for task in Path(f"/proc/{pid}/task").iterdir():
                pids += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@click.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--requests", "count", default=2000, show_default=True)
@click.option("--concurrency", default=20, show_default=True)
@click.option("--timeout", default=30.0, show_default=True, help="Seconds before a request counts as an error")
@click.option("--seed", default=1, show_default=True)
@click.option("--writer-every", type=float, default=0, show_default=True,
              help="Seconds between commits by a writer while the requests run (0: no writer)")
@click.option("--workers", type=int, default=None,
              help="Serving processes (quotes serve --workers; default: its default, 1)")
def main(db_path, count, concurrency, timeout, seed, writer_every, workers):
    db_path = Path(db_path).resolve()
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    sizes = {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
             for t in ("articles", "quotes", "speakers", "speaker_aliases", "clusters")}
    conn.close()
    print(f"{db_path.name}: " + ", ".join(f"{n:,} {t}" for t, n in sizes.items()))
    requests = request_mix(db_path, count, seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "quotes", "serve", "--db", str(db_path),
               "--port", str(port), "--host", "127.0.0.1"]
    # The server's log goes to a file: a pipe nobody reads fills at 64 kB and then stops the
    # server mid-run (as a run of tracebacks once did).
    log = tempfile.NamedTemporaryFile("w+", prefix="serve-load-", suffix=".log")
    server = subprocess.Popen(command + (["--workers", str(workers)] if workers else []),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        wait_until_up(base, server, log)
        stop = threading.Event()
        commits = keep_committing(db_path, writer_every, stop) if writer_every > 0 else [0]
        load_before, cpu_before, started = os.getloadavg()[0], cpu_seconds(server.pid), time.perf_counter()
        results = asyncio.run(send_all(base, requests, concurrency, timeout))
        elapsed = time.perf_counter() - started
        server_cpu, load_after = cpu_seconds(server.pid) - cpu_before, os.getloadavg()[0]
        stop.set()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{len(results)} requests at concurrency {concurrency} in {elapsed:.1f}s: "
          f"{len(results) / elapsed:.1f} requests/s; {commits[0]} commits meanwhile")
    print(f"server CPU {server_cpu * 1000 / len(results):.1f} ms a request (all its processes); "
          f"load average {load_before:.1f} before, {load_after:.1f} after ({os.cpu_count()} CPUs)")
    by_kind = defaultdict(list)
    for kind, _, seconds, _ in results:
        by_kind[kind].append(seconds)
    print(f"{'kind':<20} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}")
    errors = [(kind, path, outcome) for kind, path, _, outcome in results if outcome != 200]
    for kind, seconds in [*by_kind.items(), ("all", [r[2] for r in results])]:
        failed = sum(1 for e in errors if kind in ("all", e[0]))
        print(f"{kind:<20} {len(seconds):>5} {percentile(seconds, .5) * 1000:>8.0f} "
              f"{percentile(seconds, .95) * 1000:>8.0f} {percentile(seconds, .99) * 1000:>8.0f} "
              f"{max(seconds) * 1000:>8.0f} {failed:>6}")
    tracebacks = Path(log.name).read_text(errors="replace").count("Traceback (most recent call last)")
    log.close()
    print(f"server tracebacks logged: {tracebacks}")
    print(f"errors: {len(errors)}; median of all {statistics.median(r[2] for r in results) * 1000:.0f} ms")
    for kind, path, outcome in errors[:10]:
        print(f"  {outcome} {kind}: {path}")


if __name__ == "__main__":
    main()
