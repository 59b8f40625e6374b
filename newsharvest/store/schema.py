"""Schema versions: recognise an archive, upgrade it in place, refuse what we cannot read.

The schema is versioned by Alembic (``migrations/``, shipped inside the package). A
writable open upgrades an older archive inside one ``BEGIN IMMEDIATE`` transaction, so two
processes opening the same old file never both migrate it; a read-only open never changes
the file and asks for an upgrade instead. A database without our version table, or with a
version this code does not know (written by a newer newsharvest), is refused.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from newsharvest.store.engine import WRITE
from newsharvest.store.errors import ArchiveError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic config for our migrations, on `connection` or on database `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The schema version this code writes."""
    head = _script().get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    """Every schema version this code can read or upgrade, oldest first."""
    return [rev.revision for rev in reversed(list(_script().walk_revisions()))]


def current_revision(conn: Connection) -> str | None:
    """The archive's schema version; None when it has no version table (not ours)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Apply migrations up to `revision` on `conn`, inside its open transaction."""
    command.upgrade(alembic_config(connection=conn), revision)


def ensure_schema(engine: Engine, *, readonly: bool, name: str) -> str:
    """Check (and when writable, create or upgrade) the schema; return its version.

    `name` is how the user named the archive, for messages.
    """
    with engine.connect() as base:
        conn = base.execution_options(**{WRITE: not readonly})
        with conn.begin():
            version = current_revision(conn)
            if version is None:
                tables = [t for t in inspect(conn).get_table_names() if not t.startswith("sqlite_")]
                if tables:
                    shown = ", ".join(sorted(tables)[:5])
                    raise ArchiveError(f"{name} is not a newsharvest archive (it has other tables: {shown})")
                if readonly:
                    raise ArchiveError(f"{name} is an empty database, not a newsharvest archive")
                upgrade(conn)
                return head_revision()
            head = head_revision()
            if version == head:
                return version
            if version not in known_revisions():
                raise ArchiveError(
                    f"{name} was written by a newer newsharvest (schema {version}; this "
                    f"version reads up to {head}): upgrade newsharvest to read it"
                )
            if readonly:
                raise ArchiveError(
                    f"{name} has an older schema ({version}, current {head}): upgrade it "
                    f"once with `newsharvest migrate --db {name}` (a crawl also does)"
                )
            upgrade(conn)
            return head
