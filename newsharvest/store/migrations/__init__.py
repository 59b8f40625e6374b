"""Alembic migrations of the archive schema; `Archive.open` applies them (see `schema.py`)."""
