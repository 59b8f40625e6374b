"""Extraction accuracy on every public dataset at once, newsharvest and its peers in one run.

    python benchmarks/extraction.py                      # all datasets, all extractors, test + dev
    python benchmarks/extraction.py --datasets l3s-gn1 --extractors newsharvest --split dev --limit 50
    python benchmarks/extraction.py --json figures.json
    python benchmarks/extraction.py --extractors newsharvest --compare benchmarks/extraction_baseline.json
    python benchmarks/extraction.py --check              # CI: newsharvest, test halves, against the floor

Datasets, read in place from ../shared (never copied): `aeb` (../shared/aeb, scored with its
own shingle metric from `aeb_metric`, F1 ± bootstrap s.d.) and the corpora `readability`,
`l3s-gn1`, `dragnet` (../shared/corpora, body scored with score.py's bag-of-words token
P/R/F1, imported from there; the pages in each corpus's flagged_ids.txt are left out as
score.py --skip-flagged does, unless --keep-flagged). Every page is on the fixed dev or test
side of `splits.py`; the default prints the test half with the dev half beside it.

Fields, on pages whose truth has them: title exact match (whitespace collapsed), the same
with the site's name aside (one leading and one trailing title segment that is the site's
name as the page states it, taken off truth and prediction alike, see `site_names`;
`--forgiven` prints the dev pages only this figure counts) and title match (the truth's known
defects forgiven, see `extraction_metric`), author-set F1 (see
`extraction_metric`) and beside it the same F1 against the truth byline cleaned of dates,
credentials and non-person credits ("cleaned"; pages whose truth then names nobody are left
out and counted), published date (score.py's same-date rule). An extractor that offers no
such field shows "-". The title and author figures are printed again over the pages whose
truth title or byline is written in the page ("truth present", see `truth_present`), with the
number of pages kept.

Extractors, each in its own interpreter (so the peak RSS is its own): newsharvest
`extract_article` (the full record, every field), trafilatura `bare_extraction` (with
metadata, no comments), readability-lxml `Document.summary` + `short_title`, resiliparse
`extract_plain_text(main_content=True, comments=False)`. newsharvest and trafilatura get the
raw bytes (they find the charset themselves), the two others text decoded by score.py; AEB
pages are text for all. pages/s counts the extractor calls only (reading and decoding are
outside the clock), after a few warm-up pages. A peer that is not installed is reported as
such (`pip install -e ".[bench]"`) and the rest runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from statistics import median
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from aeb_metric import exact_match, page_counts, score  # noqa: E402
from extraction_metric import field_scores, select  # noqa: E402
from site_names import page_site_names, strip_site_segment  # noqa: E402
from truth_present import byline_present, page_strings, title_present  # noqa: E402

SHARED = Path(os.environ.get("NEWSHARVEST_SHARED") or REPO.parent / "shared")
DEFAULT_FLOOR = HERE / "extraction_floor.json"
DATASETS = ("aeb", "readability", "l3s-gn1", "dragnet")
EXTRACTORS = ("newsharvest", "trafilatura", "readability-lxml", "resiliparse")
SPLITS = ("test", "dev", "all")
WARMUP_PAGES = 5

Extract = Callable[[Any, str], dict[str, Any]]


# ----------------------------------------------------------------------------- data


def dataset_dir(shared: Path, dataset: str) -> Path:
    """Where one dataset lives under ../shared."""
    return shared / "aeb" if dataset == "aeb" else shared / "corpora" / dataset


def available(shared: Path, dataset: str) -> bool:
    """Whether the dataset's truth file is on disk."""
    folder = dataset_dir(shared, dataset)
    return (folder / ("ground-truth.json" if dataset == "aeb" else "truth.jsonl")).is_file()


def corpus_scorer(shared: Path) -> Any:
    """../shared/corpora/score.py as a module (its metric, decoding and date rule)."""
    path = str(shared / "corpora")
    if path not in sys.path:
        sys.path.insert(0, path)
    import score as corpus_score  # type: ignore[import-not-found]

    return corpus_score


def read_truth(shared: Path, dataset: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Every page's truth record in id order, and the flagged ids (none for AEB).

    AEB's records are mapped onto the corpora's shape: {"id", "url", "body"}.
    """
    folder = dataset_dir(shared, dataset)
    if dataset == "aeb":
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        return [
            {"id": i, "url": truth[i].get("url") or "", "body": truth[i].get("articleBody", "")}
            for i in sorted(truth)
        ], []
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    flagged_file = folder / "flagged_ids.txt"
    flagged = []
    if flagged_file.is_file():
        flagged = [line.split("\t", 1)[0] for line in flagged_file.read_text().splitlines() if line.strip()]
    return records, flagged


def pages_to_run(
    shared: Path, dataset: str, splits: list[str], limit: int | None, keep_flagged: bool
) -> list[dict[str, Any]]:
    """The truth records a run covers: the union of the wanted splits, first `limit` of each."""
    records, flagged = read_truth(shared, dataset)
    ids = [r["id"] for r in records]
    wanted: set[str] = set()
    for split in splits:
        chosen = select(dataset, ids, split, () if keep_flagged else flagged)
        wanted.update(chosen[:limit] if limit else chosen)
    return [r for r in records if r["id"] in wanted]


def read_page(shared: Path, dataset: str, page_id: str) -> bytes:
    """The raw bytes of one page."""
    folder = dataset_dir(shared, dataset)
    path = folder / ("html" if dataset == "aeb" else "pages") / f"{page_id}.html.gz"
    return gzip.decompress(path.read_bytes())


# ----------------------------------------------------------------------------- extractors


def make_extractor(name: str, shared: Path) -> tuple[str, tuple[str, ...], str, Extract]:
    """(label, fields offered, input kind 'bytes'|'str', function) for one extractor.

    Raises ImportError when the extractor's library is not installed.
    """
    if name == "newsharvest":
        from newsharvest.extract import Article, extract_article

        def run_newsharvest(html: Any, url: str) -> dict[str, Any]:
            record = extract_article(html, url)
            if isinstance(record, Article):
                return {
                    "body": record.body,
                    "title": record.headline or None,
                    "dek": record.dek,
                    "authors": [a.name for a in record.authors],
                    "published": record.date_published,
                }
            return {"body": "", "authors": [], "rejected": record.reason, "note": record.detail[:200]}

        label = "newsharvest extract_article (all fields)"
        return label, ("title", "authors", "published"), "bytes", run_newsharvest
    if name == "trafilatura":
        import trafilatura

        def run_trafilatura(html: Any, url: str) -> dict[str, Any]:
            doc: Any = trafilatura.bare_extraction(
                html, url=url or None, include_comments=False, with_metadata=True
            )
            if doc is None:
                return {"body": "", "authors": None}
            return {
                "body": doc.text or "",
                "title": doc.title,
                "dek": doc.description,
                "authors": doc.author,
                "published": doc.date,
            }

        label = f"trafilatura {trafilatura.__version__} bare_extraction(include_comments=False)"
        return label, ("title", "authors", "published"), "bytes", run_trafilatura
    if name == "readability-lxml":
        from importlib.metadata import version

        from readability import Document  # type: ignore[import-not-found]

        corpus_scorer(shared)  # puts ../shared/corpora on sys.path for its adapters
        from adapters import html_to_text  # type: ignore[import-not-found]

        def run_readability(html: Any, url: str) -> dict[str, Any]:
            doc = Document(html, url=url or None)
            return {"body": html_to_text(doc.summary(html_partial=True)), "title": doc.short_title()}

        label = f"readability-lxml {version('readability-lxml')} summary + short_title"
        return label, ("title",), "str", run_readability
    if name == "resiliparse":
        from importlib.metadata import version

        from resiliparse.extract.html2text import extract_plain_text  # type: ignore[import-not-found]

        def run_resiliparse(html: Any, url: str) -> dict[str, Any]:
            return {"body": extract_plain_text(html, main_content=True, comments=False) or ""}

        label = f"resiliparse {version('resiliparse')} extract_plain_text(main_content=True, comments=False)"
        return label, (), "str", run_resiliparse
    raise ValueError(f"unknown extractor {name!r}")


def _max_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _inputs(
    shared: Path, dataset: str, pages: list[dict[str, Any]], kind: str, decode: Callable[[bytes], str]
) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each page's truth and its input, read one at a time (the HTML is never all in memory)."""
    for page in pages:
        raw = read_page(shared, dataset, page["id"])
        if dataset == "aeb":
            yield page, raw.decode("utf-8", errors="replace")
        else:
            yield page, raw if kind == "bytes" else decode(raw)


def worker(
    name: str, shared: Path, datasets: list[str], splits: list[str], limit: int | None, keep_flagged: bool
) -> dict[str, Any]:
    """Run one extractor over the selected pages in this process; its predictions and figures."""
    import logging

    logging.disable(logging.CRITICAL)
    try:
        label, fields, kind, run = make_extractor(name, shared)
    except ImportError as error:
        return {"available": False, "reason": f"{type(error).__name__}: {error}"}
    decode = corpus_scorer(shared).decode_html if datasets != ["aeb"] else bytes.decode
    plan = {ds: pages_to_run(shared, ds, splits, limit, keep_flagged) for ds in datasets}
    first = next((ds for ds in datasets if plan[ds]), None)
    if first is not None:
        for page, html in _inputs(shared, first, plan[first][:WARMUP_PAGES], kind, decode):
            with contextlib.suppress(Exception):
                run(html, page["url"] or "")
    rss_base = _max_rss_mb()
    out: dict[str, Any] = {
        "available": True,
        "label": label,
        "fields": list(fields),
        "input": kind,
        "rss_base_mb": rss_base,
        "datasets": {},
    }
    for ds in datasets:
        predictions: dict[str, dict[str, Any]] = {}
        seconds = cpu = 0.0
        for page, html in _inputs(shared, ds, plan[ds], kind, decode):
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                prediction = run(html, page["url"] or "")
            except Exception as error:  # a crash costs the page, not the run
                prediction = {"body": "", "error": f"{type(error).__name__}: {error}"[:200]}
            seconds += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
            predictions[page["id"]] = prediction
        out["datasets"][ds] = {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "pages": len(predictions),
            "predictions": predictions,
        }
    out["rss_peak_mb"] = _max_rss_mb()
    return out


def run_worker(name: str, args: argparse.Namespace, datasets: list[str], splits: list[str]) -> dict[str, Any]:
    """Start a fresh interpreter for one extractor and read its JSON result."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        name,
        "--shared",
        str(args.shared),
        "--datasets",
        ",".join(datasets),
        "--split",
        ",".join(splits),
    ]
    if args.limit:
        command += ["--limit", str(args.limit)]
    if args.keep_flagged:
        command.append("--keep-flagged")
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        return {"available": False, "reason": f"worker failed (exit {proc.returncode})"}
    return json.loads(proc.stdout)


# ----------------------------------------------------------------------------- scoring


def score_split(
    dataset: str,
    split: str,
    truths: list[dict[str, Any]],
    result: dict[str, Any],
    scorer: Any,
    fields: list[str],
) -> dict[str, Any] | None:
    """Body and field figures of one extractor on one half of one dataset (None: no pages)."""
    predictions = result["predictions"]
    chosen = [t for t in truths if t["id"] in predictions and select(dataset, [t["id"]], split)]
    if not chosen:
        return None
    preds = [predictions[t["id"]] for t in chosen]
    bodies = [p.get("body") or "" for p in preds]
    figures: dict[str, Any] = {
        "pages": len(chosen),
        "empty": sum(1 for b in bodies if not b.strip()),
        "rejected": sum(1 for p in preds if p.get("rejected")),
        "extraction_errors": sum(1 for p in preds if p.get("rejected") == "extraction_error"),
        "exceptions": sum(1 for p in preds if p.get("error")),
    }
    if dataset == "aeb":
        counts = [page_counts(t["body"], b) for t, b in zip(chosen, bodies, strict=True)]
        matches = [exact_match(t["body"], b) for t, b in zip(chosen, bodies, strict=True)]
        s = score(counts, matches)
        figures.update(precision=s.precision, recall=s.recall, f1=s.f1, f1_std=s.f1_std, accuracy=s.accuracy)
        return figures
    prf = [scorer.prf(b, t["body"]) for t, b in zip(chosen, bodies, strict=True)]
    f1s = [x[2] for x in prf]
    figures.update(
        precision=sum(x[0] for x in prf) / len(prf),
        recall=sum(x[1] for x in prf) / len(prf),
        f1=sum(f1s) / len(f1s),
        f1_median=median(f1s),
        f1_below_half=sum(1 for f in f1s if f < 0.5),
    )
    pairs = list(zip(chosen, preds, strict=True))
    figures.update(field_scores(pairs, fields, scorer.same_date, scorer.norm_ws))
    return figures


def mark_truth_present(
    shared: Path, dataset: str, records: list[dict[str, Any]], ids: set[str], decode: Callable[[bytes], str]
) -> tuple[int, int]:
    """Set `title_present` and `byline_present` on the records of `ids` that have that truth
    (see `truth_present`; the page decoded as score.py does), and on those with a title the
    site's names the page states (`site_names`); (titles present, bylines present)."""
    titles = bylines = 0
    for record in records:
        if record["id"] not in ids or not (record.get("title") or record.get("byline")):
            continue
        html = decode(read_page(shared, dataset, record["id"]))
        strings = page_strings(html)
        if record.get("title"):
            record["site_names"] = sorted(page_site_names(html, record.get("url")))
            record["title_present"] = title_present(record["title"], strings)
            titles += record["title_present"]
        if record.get("byline"):
            record["byline_present"] = byline_present(record["byline"], strings)
            bylines += record["byline_present"]
    return titles, bylines


def forgiven(
    dataset: str, records: list[dict[str, Any]], predictions: dict[str, dict[str, Any]], scorer: Any
) -> list[list[str]]:
    """[id, truth title, predicted title] of the dev pages whose title only "exact, site name
    aside" counts as right (to check that it forgives nothing but the site's name)."""
    found = []
    for record in records:
        pred = predictions.get(record["id"])
        if pred is None or not record.get("title") or not select(dataset, [record["id"]], "dev"):
            continue
        names = record.get("site_names") or ()
        if scorer.norm_ws(pred.get("title")) != scorer.norm_ws(record["title"]) and strip_site_segment(
            pred.get("title"), names
        ) == strip_site_segment(record["title"], names):
            found.append([record["id"], record["title"], pred.get("title") or ""])
    return found


def print_forgiven(report: dict[str, Any], datasets: list[str]) -> None:
    """The dev pages each extractor's title is right on only with the site's name set aside."""
    print("\ntitles right only with the site name aside (dev halves): id, truth, prediction")
    for name, entry in report.items():
        for ds in datasets:
            for page_id, truth, predicted in entry.get("datasets", {}).get(ds, {}).get("forgiven_dev", []):
                print(f"  {name:18}{ds:12}{page_id}\n{'':32}truth {truth!r}\n{'':32}given {predicted!r}")


def evaluate(
    shared: Path,
    datasets: list[str],
    splits: list[str],
    results: dict[str, dict[str, Any]],
    keep_flagged: bool = False,
) -> dict[str, Any]:
    """All figures: per extractor, per dataset, per split, with speed and memory."""
    scorer = corpus_scorer(shared) if datasets != ["aeb"] else None
    truths = {ds: read_truth(shared, ds) for ds in datasets}
    for ds in datasets:
        if ds != "aeb":
            ran = (r["datasets"][ds]["predictions"] for r in results.values() if r.get("available"))
            mark_truth_present(shared, ds, truths[ds][0], {i for p in ran for i in p}, scorer.decode_html)
    report: dict[str, Any] = {}
    for name, result in results.items():
        if not result.get("available"):
            report[name] = {"available": False, "reason": result.get("reason")}
            continue
        entry: dict[str, Any] = {
            key: result[key] for key in ("label", "fields", "input", "rss_base_mb", "rss_peak_mb")
        }
        entry["available"] = True
        entry["datasets"] = {}
        total_pages = total_seconds = 0.0
        for ds in datasets:
            r = result["datasets"][ds]
            records, flagged = truths[ds]
            per_split = {
                split: score_split(ds, split, records, r, scorer, result["fields"])
                for split in (*splits, "all")
            }
            entry["datasets"][ds] = {
                "forgiven_dev": (
                    forgiven(ds, records, r["predictions"], scorer) if "title" in entry["fields"] else []
                ),
                "pages_run": r["pages"],
                "seconds": r["seconds"],
                "pages_per_s": r["pages"] / r["seconds"] if r["seconds"] else None,
                "flagged_left_out": 0 if keep_flagged else len(flagged),
                "splits": {k: v for k, v in per_split.items() if v is not None},
            }
            total_pages += r["pages"]
            total_seconds += r["seconds"]
        entry["pages_per_s"] = total_pages / total_seconds if total_seconds else None
        report[name] = entry
    return report


# ----------------------------------------------------------------------------- printing


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def print_report(report: dict[str, Any], datasets: list[str], splits: list[str]) -> None:
    """The tables: body F1 summary, then per dataset and split every figure, then speed."""
    shown = [s for s in splits if s in SPLITS]
    ran = {n: e for n, e in report.items() if e.get("available")}
    for name, entry in report.items():
        if not entry.get("available"):
            print(f'{name}: not run ({entry.get("reason")}); pip install -e ".[bench]" adds the peers')
    for name, entry in ran.items():
        print(f"{name}: {entry['label']} (input: {entry['input']})")
    print()
    head = "  ".join(f"{ds:>17}" for ds in datasets)
    print("body F1, " + " (".join(shown[:2]) + (")" if len(shown) > 1 else "") + f"\n{'':18}{head}")
    for name, entry in ran.items():
        cells = []
        for ds in datasets:
            sp = entry["datasets"][ds]["splits"]
            values = [sp[s]["f1"] if s in sp else None for s in shown[:2]]
            cell = _fmt(values[0]) + (f" ({_fmt(values[1])})" if len(values) > 1 else "")
            cells.append(f"{cell:>17}")
        print(f"{name:18}" + "  ".join(cells))
    for ds in datasets:
        metric = "AEB shingle metric, F1 ± bootstrap s.d." if ds == "aeb" else "token P/R/F1"
        print(f"\n[{ds}]  {metric}")
        cols = "split  pages     P      R      F1        med  <0.5 empty  title (n) aside match   authors (n)"
        cols += "    cleaned (n)    date (n)"
        print(f"  {'':18}{cols}")
        for name, entry in ran.items():
            sp = entry["datasets"][ds]["splits"]
            for split in shown:
                f = sp.get(split)
                if f is None:
                    continue
                f1 = _fmt(f["f1"]) + (f"±{f['f1_std']:.3f}" if "f1_std" in f else "      ")
                fields = (
                    "".join(
                        (f"  {_fmt(f.get(k)):>5} ({f[n]:>3})" if f.get(n) else f"  {'-':>5}      ")
                        + (
                            f" {_fmt(f.get('title_exact_site')):>5} {_fmt(f.get('title_match')):>5}"
                            if k == "title_exact"
                            else "    "
                        )
                        for k, n in (
                            ("title_exact", "title_n"),
                            ("author_f1", "author_n"),
                            ("author_f1_cleaned", "author_cleaned_n"),
                            ("published_accuracy", "published_n"),
                        )
                    )
                    if ds != "aeb"
                    else ""
                )
                print(
                    f"  {name:18}{split:5} {f['pages']:>6}  {_fmt(f['precision'])}  {_fmt(f['recall'])}  {f1}"
                    f"  {_fmt(f.get('f1_median')):>5}  {_fmt(f.get('f1_below_half')):>4} {f['empty']:>5}"
                    + fields.rstrip()
                )
            left_out = {s: sp[s]["author_cleaned_left_out"] for s in shown if sp.get(s, {}).get("author_n")}
            if left_out:
                counts = ", ".join(f"{split} {n} of {sp[split]['author_n']}" for split, n in left_out.items())
                print(f"  {'':18}(authors cleaned: truth bylines naming no person left out: {counts})")
            present = [
                f"{split} title exact {_fmt(sp[split].get('title_exact_present'))}"
                f" / match {_fmt(sp[split].get('title_match_present'))}"
                f" ({sp[split]['title_present_n']} of {sp[split]['title_n']})"
                + (
                    f", authors {_fmt(sp[split].get('author_f1_present'))}"
                    f" ({sp[split]['author_present_n']} of {sp[split]['author_n']})"
                    f" cleaned {_fmt(sp[split].get('author_f1_cleaned_present'))}"
                    f" ({sp[split]['author_cleaned_present_n']})"
                    if sp[split].get("author_n")
                    else ""
                )
                for split in shown
                if sp.get(split, {}).get("title_n")
            ]
            if present:
                print(f"  {'':18}(truth present in the page: {'; '.join(present)})")
            rejected = sp.get("all", {}).get("rejected")
            if rejected:
                errors = sp["all"]["extraction_errors"]
                print(f"  {'':18}(rejected {rejected} of the pages run, {errors} of them extraction_error)")
    print(f"\n{'speed':18}" + "  ".join(f"{ds:>11}" for ds in datasets) + "  all pages/s  peak RSS")
    for name, entry in ran.items():
        speeds = "  ".join(f"{_fmt(entry['datasets'][ds]['pages_per_s'], 1):>11}" for ds in datasets)
        print(
            f"{name:18}{speeds}  {_fmt(entry['pages_per_s'], 1):>11}  {entry['rss_peak_mb']:.0f} MB "
            f"(base {entry['rss_base_mb']:.0f})"
        )


def print_rounds(rounds: dict[str, list[dict[str, Any]]], datasets: list[str]) -> None:
    """Pages/s of every page run in each round (extractors in turns, so a round's figures share
    the machine's state), by wall and by CPU time, with their medians and each round's ratio of
    newsharvest to trafilatura."""

    def rate(run: dict[str, Any], key: str) -> float:
        pages = sum(run[ds]["pages"] for ds in datasets)
        seconds = sum(run[ds][key] for ds in datasets)
        return pages / seconds if seconds else 0.0

    print(
        f"\nspeed in {max(len(r) for r in rounds.values())} rounds, extractors in turns "
        f"({', '.join(datasets)}; pages/s, wall / CPU)"
    )
    for name, runs in rounds.items():
        walls = [rate(run, "seconds") for run in runs]
        cpus = [rate(run, "cpu_seconds") for run in runs]
        cells = "  ".join(f"{w:6.1f} / {c:6.1f}" for w, c in zip(walls, cpus, strict=True))
        print(f"  {name:18}{cells}   median {statistics.median(walls):.1f} / {statistics.median(cpus):.1f}")
    ours, theirs = rounds.get("newsharvest"), rounds.get("trafilatura")
    if ours and theirs:
        pairs = list(zip(ours, theirs, strict=False))
        walls = [rate(a, "seconds") / rate(b, "seconds") for a, b in pairs]
        cpus = [rate(a, "cpu_seconds") / rate(b, "cpu_seconds") for a, b in pairs]
        cells = "  ".join(f"x{w:5.2f} / x{c:5.2f}" for w, c in zip(walls, cpus, strict=True))
        print(
            f"  {'ours / trafilatura':18}  {cells}   median x{statistics.median(walls):.2f} / "
            f"x{statistics.median(cpus):.2f}"
        )


# ----------------------------------------------------------------------------- check


COMPARED = (
    "f1",
    "title_exact",
    "title_exact_site",
    "title_match",
    "title_exact_present",
    "author_f1",
    "author_f1_cleaned",
    "author_f1_present",
    "published_accuracy",
)


def compare(report: dict[str, Any], baseline: dict[str, Any], datasets: list[str], splits: list[str]) -> None:
    """Each figure beside the same figure of an earlier run's --json file, with the difference."""
    before = baseline.get("extractors", {})
    print(f"\nagainst {baseline.get('run', {}).get('commit', '?')} (figure now, change since then)")
    for name, entry in report.items():
        old = before.get(name)
        if not entry.get("available") or not old or not old.get("available"):
            continue
        for ds in datasets:
            for split in splits:
                now = entry["datasets"][ds]["splits"].get(split)
                then = old.get("datasets", {}).get(ds, {}).get("splits", {}).get(split)
                if now is None or then is None:
                    continue
                cells = [
                    f"{key} {now[key]:.3f} ({now[key] - then[key]:+.3f})"
                    for key in COMPARED
                    if now.get(key) is not None and then.get(key) is not None
                ]
                note = "" if now["pages"] == then["pages"] else f"  [pages {then['pages']} -> {now['pages']}]"
                print(f"  {name:18}{ds:12}{split:5} " + "  ".join(cells) + note)


def check(report: dict[str, Any], floor: dict[str, dict[str, float]]) -> list[str]:
    """The figures of newsharvest's test halves below the floor, as messages (none: pass).

    A page that raised or ended in an `extraction_error` rejection fails the check too.
    """
    failures = []
    entry = report["newsharvest"]
    for ds, minima in floor.items():
        figures = entry["datasets"].get(ds, {}).get("splits", {}).get("test")
        if figures is None:
            continue
        crashed = figures.get("exceptions", 0) + figures.get("extraction_errors", 0)
        if crashed:
            print(f"check {ds} test: {crashed} pages raised or ended in extraction_error")
            failures.append(f"{ds} errors")
        for key, minimum in minima.items():
            value = figures.get(key)
            ok = value is not None and value >= minimum
            print(f"check {ds} test {key}: {_fmt(value, 4)} {'>=' if ok else '<'} floor {minimum:.4f}")
            if not ok:
                failures.append(f"{ds} {key}")
    return failures


def _git_commit() -> str:
    """The checkout's commit, '+dirty' when it has uncommitted changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _csv(value: str, allowed: tuple[str, ...], what: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    for item in items:
        if item not in allowed:
            raise SystemExit(f"unknown {what} {item!r}; choose from {', '.join(allowed)}")
    return items


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; the exit status is for CI (--check)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=SHARED,
        help="the shared data folder (default ../shared or $NEWSHARVEST_SHARED)",
    )
    parser.add_argument("--datasets", default=",".join(DATASETS), help="comma list of " + ", ".join(DATASETS))
    parser.add_argument(
        "--extractors", default=",".join(EXTRACTORS), help="comma list of " + ", ".join(EXTRACTORS)
    )
    parser.add_argument(
        "--split", default="test,dev", help="comma list of test, dev, all (first shown first)"
    )
    parser.add_argument("--limit", type=int, help="first N pages of each split of each dataset")
    parser.add_argument("--keep-flagged", action="store_true", help="also score the corpora's flagged pages")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument(
        "--check", action="store_true", help="newsharvest only, test halves; exit 1 below the floor"
    )
    parser.add_argument("--floor", type=Path, default=DEFAULT_FLOOR, help="floor JSON for --check")
    parser.add_argument("--compare", type=Path, help="an earlier run's --json file: print the changes")
    parser.add_argument(
        "--forgiven",
        action="store_true",
        help='print the dev pages whose title is right only with the site name aside',
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run every extractor this many times, in turns, and print the speed of each round "
        "and their medians (pages are scored from the first round)",
    )
    parser.add_argument("--worker", choices=EXTRACTORS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    datasets = _csv(args.datasets, DATASETS, "dataset")
    splits = _csv(args.split, SPLITS, "split")
    if args.worker:
        result = worker(args.worker, args.shared, datasets, splits, args.limit, args.keep_flagged)
        json.dump(result, sys.stdout)
        return 0
    extractors = _csv(args.extractors, EXTRACTORS, "extractor")
    if args.check:
        extractors, splits, args.limit, args.keep_flagged = ["newsharvest"], ["test"], None, False
    present = [ds for ds in datasets if available(args.shared, ds)]
    for ds in datasets:
        if ds not in present:
            print(f"{ds}: no data at {dataset_dir(args.shared, ds)}; left out")
    if present != ["aeb"] and not (args.shared / "corpora" / "score.py").is_file():
        print(f"no score.py in {args.shared / 'corpora'}: the corpora are left out")
        present = [ds for ds in present if ds == "aeb"]
    if not present:
        print("skipped: no data" if args.check else f"no benchmark data under {args.shared}; nothing to do")
        return 0

    commit = _git_commit()
    print(
        f"extraction benchmark: {', '.join(present)}; splits {', '.join(splits)}"
        + (f"; first {args.limit} pages of each" if args.limit else "")
        + ("" if args.keep_flagged else "; flagged pages left out")
        + f"\nnewsharvest at {commit}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; each extractor in its own process\n"
    )
    results: dict[str, dict[str, Any]] = {}
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in extractors}
    for _turn in range(max(1, args.rounds)):
        for name in extractors:
            started = time.perf_counter()
            result = run_worker(name, args, present, splits)
            print(f"  ran {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            results.setdefault(name, result)
            if result.get("available"):
                rounds[name].append(result["datasets"])
    report = evaluate(args.shared, present, splits, results, args.keep_flagged)
    print_report(report, present, splits)
    if args.rounds > 1:
        print_rounds(rounds, present)
    if args.forgiven:
        print_forgiven(report, present)
    if args.json:
        meta = {
            "commit": commit,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "datasets": present,
            "splits": splits,
            "limit": args.limit,
            "keep_flagged": args.keep_flagged,
        }
        args.json.write_text(json.dumps({"run": meta, "extractors": report}, indent=1, ensure_ascii=False))
        print(f"\nfigures written to {args.json}")
    if args.compare:
        compare(report, json.loads(args.compare.read_text()), present, splits)
    if args.check:
        if not report["newsharvest"].get("available"):
            print("check: newsharvest did not run")
            return 1
        floor = json.loads(args.floor.read_text())
        failures = check(report, floor)
        verdict = (
            "below the floor: " + ", ".join(failures) if failures else "every figure at or above the floor"
        )
        print("check: " + verdict)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
