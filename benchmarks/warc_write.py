"""WARC write speed: newsharvest's writer (FastWARC records, zlib) beside warcio's, same pages.

    python benchmarks/warc_write.py [--pages 300] [--repeat 3]

Writes the same response records — synthetic HTML pages of 5-60 KB, WARC/1.1, block and
payload digests, one gzip member per record — with warcio's `WARCWriter` (which always
compresses at gzip level 9) and with `newsharvest.warc.writer.WarcFileWriter` at level 9
(the same work), 6 and 1 (``NEWSHARVEST_WARC_GZIP_LEVEL``'s default), each into a temporary
file, and prints records/s, MB/s of page bytes and the file size (best of `--repeat`). Every
file is then read back with warcio to check it holds the same pages.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path


def pages(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    words = ["news", "said", "minister", "report", "city", "the", "and", "council", "vote", "water", "year"]
    out = []
    for _ in range(count):
        size = rng.randint(5_000, 60_000)
        text = " ".join(rng.choice(words) for _ in range(size // 5))
        out.append(f"<html><body><p>{text}</p></body></html>".encode()[:size])
    return out


def with_warcio(path: Path, bodies: list[bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        for number, body in enumerate(bodies):
            fields = [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]
            headers = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
            record = writer.create_warc_record(f"http://127.0.0.1/{number}", "response",
                                               payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)


def with_newsharvest(path: Path, bodies: list[bytes], level: int) -> None:
    from datetime import UTC, datetime

    from newsharvest.warc.writer import Exchange, WarcFileWriter

    writer = WarcFileWriter(path.parent, path.name.split(".")[0], max_bytes=1 << 40, gzip_level=level)
    now = datetime.now(UTC)
    for number, body in enumerate(bodies):
        writer.write_exchange(Exchange(
            url=f"http://127.0.0.1/{number}", method="GET", request_headers=[], status=200,
            response_headers=[(b"Content-Type", b"text/html"), (b"Content-Length", str(len(body)).encode())],
            body=body, fetched_at=now,
        ))
    writer.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    bodies = pages(args.pages, args.seed)
    megabytes = sum(map(len, bodies)) / 1e6
    writers: dict[str, Callable[[Path, list[bytes]], None]] = {
        "warcio (level 9)": with_warcio,
        **{f"newsharvest (level {level})": partial(with_newsharvest, level=level) for level in (9, 6, 1)},
    }
    best: dict[str, float] = {}
    sizes: dict[str, int] = {}
    from warcio.archiveiterator import ArchiveIterator

    with tempfile.TemporaryDirectory() as folder:
        for attempt in range(args.repeat):
            for number, (name, write) in enumerate(writers.items()):
                path = Path(folder) / f"w{number}-{attempt}.warc.gz"
                started = time.perf_counter()
                write(path, bodies)
                best[name] = min(best.get(name, float("inf")), time.perf_counter() - started)
                written = path if path.exists() else next(Path(folder).glob(f"w{number}-{attempt}-*.warc.gz"))
                sizes[name] = written.stat().st_size
                with written.open("rb") as stream:
                    records = ArchiveIterator(stream)
                    read = [r.content_stream().read() for r in records if r.rec_type == "response"]
                assert read == bodies, name
    print(f"WARC write speed: {args.pages} pages, {megabytes:.1f} MB of HTML, gzip per record, digests on "
          f"(best of {args.repeat}; newsharvest also writes each page's request record)")
    for name, seconds in best.items():
        print(f"  {name:<22} {args.pages / seconds:>7.0f} records/s  {megabytes / seconds:>6.1f} MB/s  "
              f"file {sizes[name] / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
