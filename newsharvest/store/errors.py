"""The store's exceptions: each carries a one-line message meant for the user."""

from __future__ import annotations


class ArchiveError(Exception):
    """The archive cannot be opened or used as asked (missing, foreign, too new...)."""


class QueryError(ArchiveError):
    """A search or filter the user typed is malformed (e.g. an unbalanced FTS quote)."""


class DatabaseUnavailable(ArchiveError):
    """The archive's database server could not be reached for longer than a writer waits."""
