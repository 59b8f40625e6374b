"""The declarative base every table of the archive is declared on, its constraint naming
convention, and the JSON column type (`JsonText`).

Kept apart from the tables (`models.py`, `storymodels.py`) so that each module of tables,
and the migrations that use `JsonText`, import it without importing one another.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import MetaData, Text
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
