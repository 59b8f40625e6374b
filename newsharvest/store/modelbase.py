"""The declarative base every table of the archive is declared on, its constraint naming
convention, and the column types of JSON documents (`JsonText`) and of the store's own
instants (`UtcTimestamp`).

Kept apart from the tables (`models.py`, `storymodels.py`) so that each module of tables,
and the migrations that use these types, import it without importing one another.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import TIMESTAMP, MetaData, String, Text, func
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator, TypeEngine


class JsonText(TypeDecorator[str]):
    """A JSON document handled as its text: ``TEXT`` on SQLite, ``jsonb`` on PostgreSQL.

    The code writes and reads JSON text on both; on PostgreSQL the text is parsed on the way
    in, and the document re-serialised with sorted keys on the way out (jsonb keeps its own
    key order), which is how the writer serialises its objects in the first place.
    """

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return json.loads(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or dialect.name != "postgresql":
            return value
        return json.dumps(value, sort_keys=True, ensure_ascii=False)


def utc_text(value: str | datetime, *, microseconds: bool = False) -> str:
    """`value` (ISO 8601 text or a datetime; UTC when it has no offset) as the archive keeps
    an instant: UTC text of one fixed format, ``2023-03-02T11:45:00Z``, or with `microseconds`
    ``2023-03-02T11:45:00.000000Z`` (finer parts are dropped, never rounded). The same
    instant is always the same text, so these texts compare and sort in time order."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value.strip())
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds" if microseconds else "seconds") + "Z"


class UtcTimestamp(TypeDecorator[str]):
    """An instant the store itself records (when fetched, first seen, a lease's end...),
    handled as its `utc_text`: text on SQLite, ``timestamptz`` on PostgreSQL.

    Values bound (text with any offset, or a datetime) become that fixed text, or on
    PostgreSQL the instant it names; read back, PostgreSQL's instant is written as the same
    text, so a row reads the same from both databases.
    """

    impl = String
    cache_ok = True

    def __init__(self, *, microseconds: bool = False) -> None:
        super().__init__()
        self.microseconds = microseconds

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TIMESTAMP(timezone=True))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        text = utc_text(value, microseconds=self.microseconds)
        if dialect.name == "postgresql":
            return datetime.fromisoformat(text)
        return text

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if isinstance(value, datetime):
            return utc_text(value, microseconds=self.microseconds)
        return value


def utc_day(column: Any, dialect_name: str) -> Any:
    """The UTC day (``2023-03-02``) of a `UtcTimestamp` column, as SQL."""
    if dialect_name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.substr(column, 1, 10)


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}
"""Constraint names fixed so that migrations can refer to them."""


class Base(DeclarativeBase):
    """Declarative base holding the archive's metadata."""

    metadata = MetaData(naming_convention=NAMING)
