"""`newsharvest import-warc`: the article pages of WARC files someone else wrote.

Any WARC (wget ``--warc-file``, Heritrix, Common Crawl's CC-NEWS): each HTML response with a
2xx status is extracted and stored like a crawled page (same identity, same revisions), and
its record location kept as its capture; requests, metadata, DNS lookups, non-HTML
responses and error answers are counted and skipped. A ``revisit`` record (a page fetched
again whose payload the crawler did not store twice) is resolved to the record holding that
payload — by ``WARC-Refers-To``, else ``WARC-Refers-To-Target-URI`` and ``-Date``, else its
``WARC-Payload-Digest`` — when that record is in the files given, and imported as that page
seen again at the revisit's date (its capture points at the record with the bytes); one
whose record is not there is counted and skipped. A file is checked whole before anything
of it is stored: a file that is not a WARC is refused with one line; a damaged or torn one
has its records before the damage imported and the damage reported.

Each page is read back from its file by the worker that extracts it (`Job` without its
response: file, offset, length, address and date go out), as `reextract` does; only a
revisit's page, made of two records, is put together here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsharvest.extract import Rejection
from newsharvest.reasons import Reason
from newsharvest.store import Archive
from newsharvest.store.captures import Capture
from newsharvest.warc.reader import FileScan, StoredResponse, WarcError, iter_records, read_response
from newsharvest.warc.rerun import HTML_TYPES, Job, Rerun, Seen, capture_of
from newsharvest.warc.writer import Location


@dataclass(slots=True)
class ImportReport:
    """What an import did, file by file and in all."""

    outcomes: Counter[str] = field(default_factory=Counter)
    """new / updated / unchanged articles, rejected pages."""
    rejected: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    revisits_resolved: int = 0
    """Revisit records imported with the payload of the record they refer to."""
    problems: list[str] = field(default_factory=list)
    """One line per file refused or damaged."""
    files: int = 0


def content_type_of(response: StoredResponse) -> str | None:
    """The HTTP Content-Type, else the type the crawler identified (WARC-Identified-Payload-Type)."""
    return response.header("content-type") or response.warc_header("WARC-Identified-Payload-Type")


def skip_reason(kind: str, status: int, content_type: str | None, url: str = "") -> str | None:
    """Why a record is not an article page to extract; None when it is one."""
    if kind == "revisit":
        return "revisit"
    if kind == "response" and url.startswith("dns:"):
        return "dns"
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


@dataclass(slots=True)
class Revisit:
    """A revisit record (its HTTP headers, no payload), and the record whose payload it repeats."""

    record: StoredResponse
    original: Location | None = None


Planned = Capture | Revisit
"""A response to import, as its capture (read where it is extracted), or a revisit."""
BODY_CODINGS = ("transfer-encoding", "content-encoding")


@dataclass(slots=True)
class Originals:
    """Where each response record seen lies, by the keys a revisit may name it with."""

    by_id: dict[str, Location] = field(default_factory=dict)
    by_target: dict[tuple[str, str], Location] = field(default_factory=dict)
    by_digest: dict[str, Location] = field(default_factory=dict)

    def add(self, response: StoredResponse) -> None:
        location = response.location
        assert location is not None
        record_id = response.warc_header("WARC-Record-ID")
        if record_id:
            self.by_id[record_id.strip()] = location
        self.by_target[(response.url, response.date)] = location
        digest = response.warc_header("WARC-Payload-Digest")
        if digest:
            self.by_digest[digest.strip()] = location

    def of(self, revisit: StoredResponse) -> Location | None:
        refers_to = (revisit.warc_header("WARC-Refers-To") or "").strip()
        if refers_to in self.by_id:
            return self.by_id[refers_to]
        target = (revisit.warc_header("WARC-Refers-To-Target-URI") or "").strip()
        when = (revisit.warc_header("WARC-Refers-To-Date") or "").strip()
        if (target, when) in self.by_target:
            return self.by_target[(target, when)]
        return self.by_digest.get((revisit.warc_header("WARC-Payload-Digest") or "").strip())


def scan_file(path: Path, report: ImportReport, originals: Originals) -> list[Planned] | None:
    """The article candidates of one file, and its revisits (None when it is refused);
    skipped records counted, damage reported, response records indexed in `originals`."""
    scan = FileScan()
    wanted: list[Planned] = []
    try:
        for response in iter_records(path, scan):
            if response.record_type == "revisit":
                response.body = b""
                wanted.append(Revisit(response))
                continue
            if response.record_type == "response":
                originals.add(response)
            kind, status, url = response.record_type, response.status, response.url
            reason = skip_reason(kind, status, content_type_of(response), url)
            if reason is not None:
                report.skipped[reason] += 1
            elif response.location is not None:
                wanted.append(capture_of(response))
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


def keeps_headers(revisit: StoredResponse) -> bool:
    """Whether a revisit's own HTTP headers describe the page (not a 304's, not absent)."""
    return revisit.status not in (0, 304)


def resolved(planned: list[Planned], originals: Originals, report: ImportReport) -> list[Planned]:
    """`planned` with each revisit given its original, or counted and dropped; a resolved
    revisit whose page is no article page (a 404, a feed) is counted as that."""
    out: list[Planned] = []
    for item in planned:
        if isinstance(item, Capture):
            out.append(item)
            continue
        item.original = originals.of(item.record)
        if item.original is None:
            report.skipped["revisit"] += 1
            continue
        record = item.record
        page = record if keeps_headers(record) else merged(item, read_response(item.original))
        reason = skip_reason("response", page.status, content_type_of(page), page.url)
        if reason is not None:
            report.skipped[reason] += 1
            continue
        out.append(item)
    return out


def merged(revisit: Revisit, original: StoredResponse) -> StoredResponse:
    """The page a revisit stands for: its address, date and HTTP headers (the original's
    when it kept none, or when they are a 304's), the original's payload and location."""
    record = revisit.record
    own = keeps_headers(record)
    headers = original.headers
    if own:  # the codings are the stored body's: the original's
        headers = [h for h in record.headers if h[0].lower() not in BODY_CODINGS]
        headers += [h for h in original.headers if h[0].lower() in BODY_CODINGS]
    return StoredResponse(
        url=record.url,
        status=record.status if own else original.status,
        headers=headers,
        body=original.body,
        date=record.date,
        status_line=record.status_line if own else original.status_line,
        location=revisit.original,
        warc_headers=record.warc_headers,
    )


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
    originals = Originals()
    plans: list[list[Planned]] = []
    for path in paths:
        wanted = scan_file(path.resolve(), report, originals)
        if wanted is not None:
            plans.append(wanted)
            report.files += 1
    plans = [resolved(plan, originals, report) for plan in plans]  # an original may come later
    if not any(plans):
        return report  # nothing to import: not even a run is recorded
    if announce is not None:
        announce(sum(len(p) for p in plans))

    def stored(job: Job, record: Seen, outcome: str) -> None:
        report.outcomes[outcome] += 1
        if isinstance(record, Rejection):
            report.rejected[record.reason] += 1
        if progress is not None:
            progress(1)

    def jobs() -> Iterator[Job]:
        for planned in plans:
            for item in planned:
                if isinstance(item, Capture):
                    yield Job(None, item)  # read by the worker that extracts it
                    continue
                assert item.original is not None
                response = merged(item, read_response(item.original))
                report.revisits_resolved += 1
                yield Job(response, capture_of(response))

    run_id = archive.begin_run("import-warc")
    Rerun(archive, run_id, extractor=extractor, workers=workers, on_stored=stored).run(jobs())
    archive.finish_run(run_id, finish_reason="finished", stats={"pages": sum(report.outcomes.values())})
    return report
