"""What an extraction worker runs: a page to extract (`ExtractionTask`), or a stored page to
extract again and compare with the record the archive holds for it (`RecheckTask`); and
how a fetched page becomes its task (`task_for`), unless it is an HTTP error answer, recorded
as a rejection without extraction (`rejection_for_status`).

Picklable and light: a worker process imports this module to read its tasks, and nothing
of Scrapy or SQLAlchemy comes with it. `newsharvest.workers` runs them in worker processes.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from newsharvest import defaults
from newsharvest.contents import content_hash, record_of
from newsharvest.extract import Article, Rejection
from newsharvest.extract.signature import Extracted, Signed, sign
from newsharvest.items import RawPage, status_reason
from newsharvest.urls import identity_url

DEFAULT_EXTRACTOR = defaults.NEWSHARVEST_EXTRACTOR
"""The extraction function pipelines call unless ``NEWSHARVEST_EXTRACTOR`` names another."""


R_co = TypeVar("R_co", covariant=True)


class Task(Protocol[R_co]):
    """What a worker runs: anything picklable with the page's `url` and a `run` making its
    result (`ExtractionTask`, `RecheckTask`, `warc.pages.StoredPageTask`)."""

    @property
    def url(self) -> str: ...

    def run(self) -> R_co: ...


@functools.cache
def load_extractor(path: str) -> Callable[..., Article | Rejection]:
    """The function at dotted `path` ("package.module.function"), imported once per process."""
    module_name, _, name = path.rpartition(".")
    function = getattr(importlib.import_module(module_name), name)
    return function  # type: ignore[no-any-return]


@dataclass(slots=True)
class ExtractionTask:
    """Everything `extract_article` needs for one page (picklable)."""

    body: bytes
    url: str
    fetched_at: datetime | None = None
    content_type: str | None = None
    profile: str | None = None
    timezone: str | None = None
    extractor: str = DEFAULT_EXTRACTOR
    """Dotted path of the extraction function (``NEWSHARVEST_EXTRACTOR``)."""
    sign: bool = False
    """Also sign the article's body for linking copies (`Signed`): in the worker, not the store."""

    def run(self) -> Extracted:
        """Extract in the calling process."""
        extract = load_extractor(self.extractor)
        record = extract(  # a custom extractor may not take a timezone
            self.body, self.url, fetched_at=self.fetched_at, content_type=self.content_type,
            profile=self.profile, **({"timezone": self.timezone} if self.timezone else {}),
        )  # fmt: skip
        return sign(record) if self.sign else record


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A page whose article equals the record the archive holds for it (`RecheckTask`): what
    a worker sends back instead of the whole record."""

    url: str


@dataclass(slots=True)
class RecheckTask:
    """A stored page extracted again beside what the archive holds for it: its article's
    content hash and identity (`newsharvest.urls.identity_url`).

    An article with the same content hash under the same identity is the stored record again
    (the store would find it by that identity and only note it unchanged): the worker answers
    `Unchanged`, without signing it or sending it whole. Anything else comes back as
    `ExtractionTask.run` makes it.
    """

    task: ExtractionTask
    stored_hash: str
    stored_identity: str

    @property
    def url(self) -> str:
        return self.task.url

    def run(self) -> Extracted | Unchanged:
        """Extract in the calling process and compare with the stored record."""
        record = dataclasses.replace(self.task, sign=False).run()
        assert not isinstance(record, Signed)
        if (
            isinstance(record, Article)
            and identity_url(record.canonical_url or record.url) == self.stored_identity
            and content_hash(record_of(record)) == self.stored_hash
        ):
            return Unchanged(record.url)
        return sign(record) if self.task.sign else record


def rejection_for_status(page: RawPage) -> Rejection | None:
    """A rejection for an HTTP error answer, None for a 2xx page."""
    if 200 <= page.status < 300:
        return None
    return Rejection(url=page.final_url, reason=status_reason(page.status), detail=f"HTTP {page.status}")


def task_for(page: RawPage, extractor: str = DEFAULT_EXTRACTOR, *, sign: bool = False) -> ExtractionTask:
    """The extraction task for a fetched page (`sign`: with its body's signature)."""
    return ExtractionTask(
        extractor=extractor,
        sign=sign,
        body=page.body,
        url=page.final_url,
        fetched_at=datetime.fromisoformat(page.fetched_at) if page.fetched_at else None,
        content_type=page.headers.get("content-type"),
        profile=page.profile,
        timezone=page.timezone,
    )
