"""Article-extraction benchmark (AEB): our article body against the ground truth, trafilatura beside.

    python benchmarks/aeb.py [--data PATH] [--floor FILE] [--check]

Each side runs in its own subprocess started by this script, so that its peak RSS
(``ru_maxrss``) is its own: both import the same modules and load the same HTML into memory
before anything is measured, then warm up on a few pages, then extract every page once under
the clock. The metric is ../shared/aeb/README.md's, in `aeb_metric`. ``--check`` exits 1 when
our F1 is below the floor kept in ``benchmarks/aeb_floor.json`` (and 0 with no data at hand).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from aeb_metric import exact_match, f1, page_counts, score  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "aeb"
DEFAULT_FLOOR = HERE / "aeb_floor.json"
WARMUP_PAGES = 10
SIDES = ("ours", "trafilatura")


def load_pages(data: Path) -> list[dict[str, str]]:
    """Every page of the benchmark as {id, url, html, truth}, in id order."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(
            {
                "id": page_id,
                "url": truth[page_id].get("url", ""),
                "html": raw.decode("utf-8", errors="replace"),
                "truth": truth[page_id].get("articleBody", ""),
            }
        )
    return pages


def _max_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _extractor(side: str, body_only: bool = False) -> tuple[str, Callable[[str, str], str]]:
    """A label and a function (html, url) -> body text for one side.

    Ours is the full extraction (`extract_article(...).body`, every field computed) once it
    exists; `body_only` measures the generic body extractor alone instead (a diagnostic).
    """
    import trafilatura

    if side == "trafilatura":
        label = f"trafilatura {trafilatura.__version__} extract(include_comments=False)"
        return label, lambda html, url: trafilatura.extract(html, include_comments=False) or ""

    from newsharvest.extract.document import Document
    from newsharvest.extract.generic import extract_generic

    try:
        from newsharvest.extract import extract_article  # type: ignore[attr-defined]
        from newsharvest.extract.record import Article
    except ImportError:
        extract_article = None
    if extract_article is not None and not body_only:

        def full(html: str, url: str) -> str:
            result = extract_article(html, url)
            return result.body if isinstance(result, Article) else ""

        return "newsharvest extract_article (full extraction, all fields) .body", full

    def generic(html: str, url: str) -> str:
        return "\n\n".join(extract_generic(Document.from_input(html, url)).paragraphs)

    return "newsharvest extract_generic (generic body only)", generic


def worker(side: str, data: Path, repeat: int, body_only: bool = False) -> dict[str, Any]:
    """Run one side over every page in this process; its figures and predictions."""
    import logging

    logging.disable(logging.CRITICAL)
    import trafilatura  # noqa: F401  (both sides import the same modules before measuring)

    with contextlib.suppress(ImportError):
        import newsharvest.extract.generic  # noqa: F401
    pages = load_pages(data)
    label, run = _extractor(side, body_only)
    rss_before = _max_rss_mb()
    for page in pages[:WARMUP_PAGES]:
        with contextlib.suppress(Exception):
            run(page["html"], page["url"])
    predictions: dict[str, str] = {}
    errors: dict[str, str] = {}
    best = float("inf")
    for attempt in range(max(1, repeat)):
        start = time.perf_counter()
        for page in pages:
            try:
                text = run(page["html"], page["url"])
            except Exception as error:  # a crash costs the page, not the run
                text = ""
                errors[page["id"]] = f"{type(error).__name__}: {error}"
            if attempt == 0:
                predictions[page["id"]] = text
        best = min(best, time.perf_counter() - start)
    return {
        "label": label,
        "seconds": best,
        "pages": len(pages),
        "bytes": sum(len(p["html"].encode("utf-8")) for p in pages),
        "rss_before_mb": rss_before,
        "rss_peak_mb": _max_rss_mb(),
        "predictions": predictions,
        "errors": errors,
    }


def run_side(side: str, data: Path, repeat: int, body_only: bool = False) -> dict[str, Any]:
    """Start a fresh interpreter for one side and read its JSON result."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", side]
    command += ["--data", str(data), "--repeat", str(repeat)]
    if body_only:
        command.append("--body-only")
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"the {side} worker failed (exit {proc.returncode})")
    return json.loads(proc.stdout)


def evaluate(pages: list[dict[str, str]], result: dict[str, Any]) -> dict[str, Any]:
    """Scores of one side's predictions, with per-page F1 for the worst-pages list."""
    counts, matches, per_page = [], [], []
    for page in pages:
        pred = result["predictions"].get(page["id"], "")
        c = page_counts(page["truth"], pred)
        counts.append(c)
        matches.append(exact_match(page["truth"], pred))
        tp, fp, fn = c
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per_page.append((f1(p, r), page["id"], page["url"]))
    return {"score": score(counts, matches), "per_page": sorted(per_page)}


def report(side: str, pages: list[dict[str, str]], result: dict[str, Any], worst: int) -> float:
    """Print one side's figures; its F1."""
    ev = evaluate(pages, result)
    s = ev["score"]
    secs = result["seconds"]
    print(f"== {side}: {result['label']}")
    print(f"  precision {s.precision:.4f} ± {s.precision_std:.4f}")
    print(f"  recall    {s.recall:.4f} ± {s.recall_std:.4f}")
    print(f"  F1        {s.f1:.4f} ± {s.f1_std:.4f}")
    print(f"  accuracy  {s.accuracy:.4f} ± {s.accuracy_std:.4f}")
    print(
        f"  speed     {result['pages'] / secs:.1f} pages/s, "
        f"{result['bytes'] / secs / 1e6:.2f} MB/s ({secs:.2f} s for {result['pages']} pages)"
    )
    growth = result["rss_peak_mb"] - result["rss_before_mb"]
    print(
        f"  peak RSS  {result['rss_peak_mb']:.0f} MB "
        f"(+{growth:.0f} MB over {result['rss_before_mb']:.0f} MB with modules and pages loaded)"
    )
    if result["errors"]:
        print(f"  errors    {len(result['errors'])} pages raised, e.g. ", end="")
        print(next(iter(result["errors"].items())))
    if worst:
        print(f"  {worst} worst pages:")
        for value, page_id, url in ev["per_page"][:worst]:
            print(f"    {value:.3f}  {page_id[:12]}  {url}")
    return s.f1


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; the exit status is for CI."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="AEB folder (../shared/aeb)")
    parser.add_argument("--floor", type=Path, default=DEFAULT_FLOOR, help="F1 floor JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if our F1 < the floor")
    parser.add_argument("--only", choices=SIDES, help="run one side only")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes, best is kept")
    parser.add_argument("--worst", type=int, default=10, help="how many worst pages to list")
    parser.add_argument("--dump", type=Path, help="write our predictions as JSON here")
    parser.add_argument("--body-only", action="store_true", help="ours = the generic body extractor alone")
    parser.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    data = args.data or DEFAULT_DATA
    if args.worker:
        json.dump(worker(args.worker, data, args.repeat, args.body_only), sys.stdout)
        return 0
    if not (data / "ground-truth.json").is_file():
        if args.check:
            print("skipped: no data")
        else:
            print(f"no benchmark data at {data} (give --data PATH to the AEB folder); nothing to do")
        return 0

    pages = load_pages(data)
    print(f"AEB: {len(pages)} pages from {data}; each side in its own process, after a warm-up")
    results = {}
    for side in SIDES:
        if args.only and side != args.only:
            continue
        results[side] = run_side(side, data, args.repeat, args.body_only)
    scores = {
        side: report(side, pages, results[side], args.worst if side == "ours" else 0) for side in results
    }
    if "ours" in results and "trafilatura" in results:
        o, t = results["ours"], results["trafilatura"]
        print(
            f"== ours vs trafilatura: speed ×{t['seconds'] / o['seconds']:.2f}, "
            f"peak RSS ×{o['rss_peak_mb'] / t['rss_peak_mb']:.2f}, "
            f"F1 {scores['ours'] - scores['trafilatura']:+.4f}"
        )
    if args.dump and "ours" in results:
        args.dump.write_text(json.dumps(results["ours"]["predictions"], ensure_ascii=False))
    if args.check:
        floor = json.loads(args.floor.read_text())["f1"]
        if "ours" not in scores:
            print("--check needs our side")
            return 1
        ok = scores["ours"] >= floor
        print(f"check: F1 {scores['ours']:.4f} {'>=' if ok else '<'} floor {floor:.4f}")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
