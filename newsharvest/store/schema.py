"""Schema versions: recognise an archive, upgrade it in place, refuse what we cannot read.

The schema is versioned by Alembic (``migrations/``, shipped inside the package). A
writable open upgrades an older archive inside one ``BEGIN IMMEDIATE`` transaction, so two
processes opening the same old file never both migrate it; a read-only open never changes
the file and asks for an upgrade instead. A database without our version table, or with a
version this code does not know (written by a newer newsharvest), is refused.

On PostgreSQL the same transaction first takes a transaction-level advisory lock
(`MIGRATION_LOCK`), so that crawlers starting together on an empty database create the
schema once: the others wait, then find it made.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from newsharvest.store.engine import WRITE
from newsharvest.store.errors import ArchiveError
from newsharvest.store.pgpairs import PAIRS_INDEX
from newsharvest.store.pgschema import HEAD_COLUMN, SEARCH_COLUMN, SEARCH_INDEX, SECTION_INDEX
from newsharvest.store.search import FTS_TABLE

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"
MIGRATION_LOCK = 0x6E6577736861  # "newsha"
"""The key of the PostgreSQL advisory lock held while checking and migrating the schema."""
SCHEMA_VERSION = "0016"
"""The schema this code writes: the newest migration (a test keeps them equal). Opening
an archive already at this version never loads Alembic, so query commands start fast."""


@cache
def _migrations_dir() -> Path:
    """`MIGRATIONS_DIR`, or when the package runs from a zip (a Scrapyd egg) a copy of it in a
    temporary folder: Alembic reads its scripts from files."""
    if MIGRATIONS_DIR.is_dir():
        return MIGRATIONS_DIR
    import atexit
    import shutil
    import tempfile
    from importlib import resources

    copy = Path(tempfile.mkdtemp(prefix="newsharvest-migrations-"))
    atexit.register(shutil.rmtree, copy, ignore_errors=True)

    def extract(source: Any, target: Path) -> None:
        target.mkdir(exist_ok=True)
        for item in source.iterdir():
            if item.is_dir():
                extract(item, target / item.name)
            else:
                (target / item.name).write_bytes(item.read_bytes())

    extract(resources.files("newsharvest.store") / "migrations", copy / "migrations")
    return copy / "migrations"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic config for our migrations, on `connection` or on database `url`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_migrations_dir()))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Leave the full-text index's own tables, column and indexes to `search.py` and
    `pgschema.py` and `pgpairs.py` (autogenerate ignores them), and PostgreSQL's index of the
    section (`pgschema.SECTION_INDEX`)."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(FTS_TABLE)
    if type_ == "column":
        return name not in (SEARCH_COLUMN, HEAD_COLUMN)
    if type_ == "index":
        return name not in (SEARCH_INDEX, PAIRS_INDEX, SECTION_INDEX)
    return True


def compare_default(
    _ctx: object,
    _ins: object,
    _meta: object,
    inspected: str | None,
    _meta_default: object,
    rendered: str | None,
) -> bool | None:
    """SQLite reflects an empty-string default as ``('')``, PostgreSQL with a cast
    (``'{}'::jsonb``, ``''::character varying``): the same as ours."""
    if inspected is not None:
        inspected = inspected.split("::")[0]
    if inspected in ("''", "('')") and rendered in ("", "''"):
        return False
    if inspected is not None and rendered is not None and inspected.strip("'") == rendered.strip("'"):
        return False
    return None


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

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
    """Apply migrations up to `revision` on `conn`, inside its open transaction.

    Alembic's own INFO lines (its plugins, each step) are kept out of a crawl's log: one
    line of ours says what changed.
    """
    before = current_revision(conn)
    alembic_logger = logging.getLogger("alembic")
    level = alembic_logger.level
    alembic_logger.setLevel(logging.WARNING)
    try:
        from alembic import command  # its plugins log as they load

        command.upgrade(alembic_config(connection=conn), revision)
    finally:
        alembic_logger.setLevel(level)
    after = current_revision(conn)
    if before is None:
        logger.info("Created a new archive (schema %s)", after)
    elif before != after:
        logger.info("Upgraded the archive's schema from %s to %s", before, after)


def ensure_schema(engine: Engine, *, readonly: bool, name: str) -> str:
    """Check (and when writable, create or upgrade) the schema; return its version.

    `name` is how the user named the archive, for messages.
    """
    with engine.connect() as base:
        conn = base.execution_options(**{WRITE: not readonly})
        with conn.begin():
            if not readonly and conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
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
            if version == SCHEMA_VERSION:
                return version
            head = head_revision()
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
