"""The schema version the code writes is the newest migration."""

from __future__ import annotations

from newsharvest.store.schema import SCHEMA_VERSION, head_revision


def test_schema_version_is_the_newest_migration() -> None:
    assert head_revision() == SCHEMA_VERSION
