"""Helpers for tests that look inside extracted records."""

from __future__ import annotations


def strings_in(value: object) -> list[str]:
    """Every string inside a record's value (nested lists and dicts too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []
