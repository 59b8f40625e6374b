"""Alembic environment: runs on the connection `Archive.open` hands over (inside its
``BEGIN IMMEDIATE`` transaction), or on ``sqlalchemy.url`` when run by the ``alembic``
command (``alembic -x`` is not needed: see `schema.alembic_config`).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from newsharvest.store.models import Base
from newsharvest.store.schema import compare_default, include_name

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_server_default=compare_default,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = config.attributes.get("connection")
if _connection is not None:
    _run(_connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url") or "").begin() as _conn:
        _run(_conn)
