"""An index of the section, lower-cased, for section filters on PostgreSQL.

Adds, on PostgreSQL, an index over ``lower(section)`` (`pgschema.SECTION_INDEX`), the
expression a section filter compares (`Filters.clauses`): a search filtered by section ANDs
its bitmap with the GIN index's and reads the rows of the matches in the section only, not
of every match. SQLite's filtered searches join through its covering index of the facets and
need nothing.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

from newsharvest.store import pgschema

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in pgschema.section_statements():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {pgschema.SECTION_INDEX}")
