"""`python -m tests.support.guarded_scrapy crawl ...`: the scrapy command behind a network tripwire.

The hostile suite points the crawler at metadata and private addresses. If a guard ever
failed, the crawl must still not reach them: every socket connect to anything but 127.0.0.1
is refused here and written to the file named by ``NEWSHARVEST_TRIPWIRE`` (the test asserts
it stays empty). ``NEWSHARVEST_TEST_BUSY_TIMEOUT_MS`` shortens the archive's busy_timeout so
a locked-database test need not wait 30 s.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from typing import Any

ALLOWED_HOSTS = {"127.0.0.1"}


def _host(address: Any) -> str:
    return str(address[0]) if isinstance(address, tuple) else str(address)


def install_tripwire(log_path: str) -> None:
    """Refuse (and log) socket connections to anything but 127.0.0.1, process-wide."""
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def record(address: Any) -> bool:
        if _host(address) in ALLOWED_HOSTS:
            return False
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"{address!r}\n")
        return True

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and record(address):
            raise OSError(errno.ENETUNREACH, "tripwire: only 127.0.0.1 in tests")
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6) and record(address):
            return errno.ENETUNREACH
        return original_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]


def main() -> None:
    tripwire = os.environ.get("NEWSHARVEST_TRIPWIRE")
    if tripwire:
        install_tripwire(tripwire)
    busy = os.environ.get("NEWSHARVEST_TEST_BUSY_TIMEOUT_MS")
    if busy:
        from newsharvest.store import engine

        engine.BUSY_TIMEOUT_MS = int(busy)
    from scrapy.cmdline import execute

    sys.argv[0] = "scrapy"
    execute()


if __name__ == "__main__":
    main()
