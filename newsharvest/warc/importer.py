"""`newsharvest import-warc`: the article pages of WARC files someone else wrote.

Any WARC (wget ``--warc-file``, Heritrix, Common Crawl's CC-NEWS): each HTML response with a
2xx status is extracted and stored like a crawled page (same identity, same revisions), and
its record location kept as its capture; requests, metadata, non-HTML responses, revisits
and error answers are counted and skipped. A file is checked whole before anything of it is
stored: a file that is not a WARC is refused with one line; a damaged or torn one has its
records before the damage imported and the damage reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsharvest.extract import Article, Rejection
from newsharvest.reasons import Reason
from newsharvest.store import Archive
from newsharvest.warc.reader import FileScan, WarcError, iter_records, read_response
from newsharvest.warc.rerun import HTML_TYPES, Job, Rerun, capture_of
from newsharvest.warc.writer import Location


@dataclass(slots=True)
class ImportReport:
    """What an import did, file by file and in all."""

    outcomes: Counter[str] = field(default_factory=Counter)
    """new / updated / unchanged articles, rejected pages."""
    rejected: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    """One line per file refused or damaged."""
    files: int = 0


def skip_reason(kind: str, status: int, content_type: str | None) -> str | None:
    """Why a record is not an article page to extract; None when it is one."""
    if kind == "revisit":
        return "revisit"
    if kind != "response":
        return f"{kind or 'unknown'}_record"
    if status in (404, 410):
        return Reason.NOT_FOUND
    if not 200 <= status < 300:
        return f"http_{status}" if status else "no_http_status"
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in HTML_TYPES:
        return Reason.NOT_HTML
    return None


def scan_file(path: Path, report: ImportReport) -> list[Location] | None:
    """The locations of the article candidates of one file (None when it is refused);
    skipped records counted, damage reported."""
    scan = FileScan()
    wanted: list[Location] = []
    try:
        for response in iter_records(path, scan):
            reason = skip_reason(response.record_type, response.status, response.header("content-type"))
            if reason is not None:
                report.skipped[reason] += 1
            elif response.location is not None:
                wanted.append(response.location)
    except WarcError as exc:
        report.problems.append(str(exc))
        return None
    if scan.damage is not None:
        report.problems.append(
            f"{path}: {scan.damage} at offset {scan.damaged_at}; "
            f"the {scan.records} records before it imported"
        )
        report.skipped["damaged_tail"] += 1
    return wanted


def import_warcs(
    archive: Archive,
    paths: Sequence[Path],
    *,
    extractor: str,
    workers: int,
    progress: Callable[[int], None] | None = None,
    announce: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import the article pages of `paths` into `archive` as one run ("import-warc")."""
    report = ImportReport()
    plans: list[list[Location]] = []
    for path in paths:
        wanted = scan_file(path.resolve(), report)
        if wanted is not None:
            plans.append(wanted)
            report.files += 1
    if not any(plans):
        return report  # nothing to import: not even a run is recorded
    if announce is not None:
        announce(sum(len(p) for p in plans))

    def stored(job: Job, record: Article | Rejection, outcome: str) -> None:
        report.outcomes[outcome] += 1
        if isinstance(record, Rejection):
            report.rejected[record.reason] += 1
        if progress is not None:
            progress(1)

    def jobs() -> Iterator[Job]:
        for locations in plans:
            for location in locations:
                response = read_response(location)
                yield Job(response, capture_of(response))

    run_id = archive.begin_run("import-warc")
    Rerun(archive, run_id, extractor=extractor, workers=workers, on_stored=stored).run(jobs())
    archive.finish_run(run_id, finish_reason="finished", stats={"pages": sum(report.outcomes.values())})
    return report
