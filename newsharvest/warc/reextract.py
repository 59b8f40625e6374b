"""`newsharvest reextract`: the current extractor over the responses the archive kept.

Each article's newest capture, and each rejection's, is read back from its WARC file and
extracted again in the worker pool. Storing is the crawl's own: a new revision only where
the record changed, a rejection that now extracts becomes an article, a rejection whose
reason changed is recorded with the new one. An article whose page the current extractor
rejects is counted as newly rejected and left as it is (the archive never drops an article
it has). A capture row links each new revision to its record, so a second run over the same
records changes nothing. Each article's page is compared with the stored record in the
worker that extracts it (`Job.stored`: its content hash and identity): an unchanged one, most
of any re-extraction, is only counted, so the store sees only what changed. The worker also
reads the page's WARC record itself: this process only lists captures and stores what changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from newsharvest.extract import Article, Rejection
from newsharvest.store import Archive
from newsharvest.store import captures as capture_table
from newsharvest.warc.pages import Unreadable
from newsharvest.warc.rerun import Job, Rerun, Seen


@dataclass(slots=True)
class ReextractReport:
    """What re-extraction changed."""

    changed: int = 0
    unchanged: int = 0
    newly_rejected: int = 0
    newly_accepted: int = 0
    still_rejected: int = 0
    unreadable: int = 0
    by_field: dict[str, int] = field(default_factory=dict)
    rejected: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def fetched_since(value: str) -> str:
    """A --since value (``YYYY-MM-DD``, or ISO 8601 with or without an offset, UTC when
    without) as the captures' own UTC text, so that text order is time order; `ValueError`
    with a one-line reason when it is not a date."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD or ISO 8601)") from None
    moment = moment.astimezone(UTC)
    if moment.microsecond:  # captures hold whole seconds: a fraction rounds up
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return moment.isoformat(timespec="seconds")


def reextract(
    archive: Archive,
    *,
    site: str | None = None,
    since: str | None = None,
    reason: str | None = None,
    extractor: str,
    workers: int,
    progress: Callable[[int], None] | None = None,
    announce: Callable[[int], None] | None = None,
) -> ReextractReport:
    """Re-extract the chosen captures into `archive` as one run ("reextract"); `ValueError`
    when `since` is not a date (before anything is read or written)."""
    since = fetched_since(since) if since else None
    report = ReextractReport()

    def stored(job: Job, record: Seen, outcome: str) -> None:
        was_article = job.context is None
        if isinstance(record, Unreadable):
            report.unreadable += 1
            report.problems.append(record.detail)
        elif isinstance(record, Rejection):
            report.rejected[record.reason] += 1
            if was_article:
                report.newly_rejected += 1
            else:
                report.still_rejected += 1
        elif not was_article and outcome == "new":
            report.newly_accepted += 1
        elif outcome == "updated":
            report.changed += 1
        else:
            report.unchanged += 1
        if progress is not None:
            progress(1)

    def worth_storing(job: Job, record: Article | Rejection) -> bool:
        """Articles always (unchanged ones change nothing); a rejection only when it replaces
        another rejection's reason."""
        if isinstance(record, Article):
            return True
        return job.context is not None and job.context != record.reason

    def worth_a_capture(job: Job, record: Article | Rejection, outcome: str) -> bool:
        """A capture row for each revision, article or rejection reason this run made."""
        return outcome in ("new", "updated", "rejected")

    run_id = archive.begin_run("reextract")
    rerun = Rerun(
        archive, run_id, extractor=extractor, workers=workers, on_stored=stored,
        capture_when=worth_a_capture, store_if=worth_storing,
    )  # fmt: skip
    listed = 0

    def jobs() -> Iterator[Job]:
        """The chosen captures as jobs, listed once `Rerun.run` has started its workers' fork
        server (which imports extraction meanwhile)."""
        nonlocal listed
        with archive.reading() as conn:
            chosen = capture_table.for_reextraction(conn, site=site, since=since, reason=reason)
        listed = len(chosen)
        if announce is not None:
            announce(listed)
        for row in chosen:
            # The page the capture names: an imported revisit's capture points at the record
            # holding its payload, fetched at another time (and maybe another address).
            capture = capture_table.Capture(
                url=row["url"], status=row["status"], fetched_at=row["fetched_at"],
                warc_file=row["warc_file"], warc_offset=row["warc_offset"], warc_length=row["warc_length"],
            )  # fmt: skip
            identity = row.get("article_identity")
            stored = None if identity is None else (row["stored_hash"], identity)
            yield Job(None, capture, context=row.get("old_reason"), stored=stored)

    rerun.run(jobs())
    archive.finish_run(run_id, finish_reason="finished", stats={"pages": listed}, unchanged=rerun.unchanged)
    with archive.reading() as conn:
        report.by_field = capture_table.changed_fields_in_run(conn, run_id)
    return report
