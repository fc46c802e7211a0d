"""The server's CPU time a page, by kind of page, first visits only. Prints figures; asserts nothing.

    python benchmarks/serve_cpu.py /tmp/load.db                  # 100 first visits a kind
    python benchmarks/serve_cpu.py /tmp/load.db --visits 200 --profile /tmp/serve.prof
    python benchmarks/serve_cpu.py /tmp/q1m.db --kind who_said_it_first --profile /tmp/wsif.prof

Why: under twenty readers at once a visit mostly waits for the ones before it,
so the latency ``serve_load.py`` prints is the CPU time a page takes times the
queue (Little's law), and on a shared machine that queue is whatever else runs.
The CPU time a page takes barely moves with the machine's load, so this is the
figure to compare two versions of the code by (run them in turns).

Visits the pages ``serve_load.py`` draws (a speaker's page, ``quotes_by_speaker``,
``quote_list`` by an outlet, a quote's page, a statement's page, ``who_said_it_first``,
the database page) one at a time through Datasette's own client, configured as
``quotes serve`` configures it, the plugin's page cache included; a page already
visited (an answer from the cache) is skipped, so every figure is a page worked out.
Prints, per kind, the mean and median CPU milliseconds of the whole process (the
SQL threads with the serving thread) and of the serving thread alone. ``--profile``
writes a ``cProfile`` file of the serving thread over the visits (``python -m pstats``).
"""
from __future__ import annotations

import asyncio
import cProfile
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from serve_load import request_mix  # noqa: E402

from quotes import store  # noqa: E402
from quotes.web.serve import datasette_instance  # noqa: E402


@click.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--visits", default=100, show_default=True, help="First visits a kind (fewer where fewer differ)")
@click.option("--seed", default=1, show_default=True)
@click.option("--profile", type=click.Path(dir_okay=False), default=None,
              help="Write a cProfile file of the serving thread here")
@click.option("--kind", "kinds", multiple=True,
              help="Only this kind of page (as printed, e.g. who_said_it_first; repeatable)")
def main(db_path, visits, seed, profile, kinds):
    db_path = Path(db_path).resolve()
    store.open_db(db_path).conn.close()  # as quotes serve does: the schema up to date
    requests = request_mix(db_path, visits * 7 * 3, seed)
    datasette = datasette_instance(db_path)
    profiler = cProfile.Profile() if profile else None

    async def run():
        await datasette.invoke_startup()
        seen = set()
        for kind, path in requests[:7]:  # the templates read and the schema looked at, once
            seen.add(path)
            await datasette.client.get(path)
        process, thread = defaultdict(list), defaultdict(list)
        for kind, path in requests[7:]:
            if path in seen or len(process.get(kind, ())) >= visits or (kinds and kind not in kinds):
                continue
            seen.add(path)
            started, started_here = time.process_time(), time.thread_time()
            if profiler:
                profiler.enable()
            response = await datasette.client.get(path)
            if profiler:
                profiler.disable()
            process[kind].append(time.process_time() - started)
            thread[kind].append(time.thread_time() - started_here)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        return process, thread

    process, thread = asyncio.run(run())
    print(f"{db_path.name}: first visits, CPU ms a page (load average {os.getloadavg()[0]:.1f})")
    print(f"{'kind':<20} {'visits':>6} {'mean':>7} {'median':>7} {'serving thread':>15}")
    every, every_thread = [], []
    for kind in process:
        every += process[kind]
        every_thread += thread[kind]
        print(f"{kind:<20} {len(process[kind]):>6} {statistics.mean(process[kind]) * 1000:>7.1f} "
              f"{statistics.median(process[kind]) * 1000:>7.1f} {statistics.mean(thread[kind]) * 1000:>15.1f}")
    print(f"{'all':<20} {len(every):>6} {statistics.mean(every) * 1000:>7.1f} "
          f"{statistics.median(every) * 1000:>7.1f} {statistics.mean(every_thread) * 1000:>15.1f}")
    if profiler:
        profiler.dump_stats(profile)
        print(f"profile of the serving thread: {profile}")


if __name__ == "__main__":
    main()
