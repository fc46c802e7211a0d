"""Reading a web archive keeps memory flat, however big the archive.

    python benchmarks/warc_memory.py                 # archives of 128 MB and 1024 MB
    python benchmarks/warc_memory.py --mb 64 256 --plain

Writes gzipped WARCs (one gzip member per record, as Common Crawl does) made
mostly of large non-HTML responses (incompressible "images", 4 MB each), with
a news page from tests/data/html after every image and one oversized page,
then reads each archive through :func:`quotes.read.read_file` in a fresh
process and prints the pages read, the time, and that process's peak
resident memory. Streaming means the peak is about the same for every size.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

IMAGE_BYTES = 4 * 1024 * 1024


def write_archive(path: Path, megabytes: int, gzip: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = sorted((ROOT / "tests" / "data" / "html").glob("*.html"))
    oversized = b"<html><body><article>" + b"<p>A paragraph of a huge page.</p>" * 400_000 + b"</article>"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def response(uri: str, body: bytes, content_type: str) -> None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        response("https://big.example/huge", oversized, "text/html")
        number = 0
        while out.tell() < megabytes * 1024 * 1024:
            response(f"https://img.example/{number}.jpg", os.urandom(IMAGE_BYTES), "image/jpeg")
            page = pages[number % len(pages)]
            response(f"https://news.example/{number}/{page.name}", page.read_bytes(), "text/html")
            number += 1


def read_archive(path: Path) -> dict:
    """Run in its own process: read every record, report pages, problems, seconds, peak memory."""
    from quotes.model import Article
    from quotes.readers.inputs import read_file

    start = time.perf_counter()
    pages = problems = 0
    for item in read_file(path):
        if isinstance(item, Article):
            pages += 1
        else:
            problems += 1
    return {"pages": pages, "problems": problems, "seconds": time.perf_counter() - start,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, nargs="+", default=[128, 1024], help="archive sizes in MB")
    parser.add_argument("--plain", action="store_true", help="write .warc instead of .warc.gz")
    parser.add_argument("--read", help=argparse.SUPPRESS)  # the child process's job
    args = parser.parse_args()
    if args.read:
        print(json.dumps(read_archive(Path(args.read))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in args.mb:
            path = Path(tmp) / f"bench-{megabytes}.warc{'' if args.plain else '.gz'}"
            started = time.perf_counter()
            write_archive(path, megabytes, gzip=not args.plain)
            written = time.perf_counter() - started
            child = subprocess.run([sys.executable, __file__, "--read", str(path)], check=True,
                                   capture_output=True, text=True)
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            size = path.stat().st_size / 1024 / 1024
            print(f"{path.name}: {size:,.0f} MB written in {written:.0f} s; read {figures['pages']} pages "
                  f"({figures['problems']} skipped with a reason) in {figures['seconds']:.1f} s, "
                  f"peak memory {figures['peak_mb']:.0f} MB")
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
