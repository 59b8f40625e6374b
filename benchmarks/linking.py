"""Benchmark wire-copy linking on labelled pairs made from real article texts.

Positives are true copies of real articles (the truth bodies of ../shared/corpora and
../shared/aeb, read in place) with the edits sites make to wire stories: trimmed ending,
paragraphs reordered or dropped, editor's notes, furniture lines, copy edits, a dateline
cut. Hard negatives are distinct articles on the same topic: the pairs of the corpora
sharing the most topical words (pages that are the same text inside a corpus are left out,
and counted). Every pair goes through `newsharvest.store.linking` exactly as the store
does (signatures, the LSH band keys, the estimated similarity, `is_copy`).

Prints precision and recall at the default threshold, the curve around it (containment,
the measure used, and Jaccard beside it), on the dev and test halves (`splits.py`); and
rensa against datasketch on the same shingles (speed, and the error of the Jaccard estimate).

    python benchmarks/linking.py                   # ../shared next to the repository
    python benchmarks/linking.py --shared /work/shared --bases 400
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from splits import split_of

from newsharvest.extract import signature as linking

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"precision": 0.995, "recall": 0.95}
DATASETS = ("l3s-gn1", "dragnet", "readability")
WORD = re.compile(r"\w+")

NOTES_TOP = [
    "Editor's note: This story has been updated to include new information.",
    "EDITOR'S NOTE — This is a developing story. Check back for updates.",
    "This article was originally published by The Associated Press.",
]
NOTES_TAIL = [
    "Associated Press writers in Washington contributed to this report.",
    "This story has been corrected to show the correct date of the meeting.",
    "Reuters contributed reporting.",
]
FURNITURE = [
    "ADVERTISEMENT",
    "Sign up for our daily newsletter to get the latest news in your inbox.",
    "RELATED: More coverage from our partners",
    "Follow us on Twitter and Facebook.",
    "Photo credit: Getty Images",
    "Read more:",
]
COPY_EDITS = [
    ("said", "says"),
    ("percent", "%"),
    ("Mr.", ""),
    ("U.S.", "US"),
    ("which", "that"),
    (" and ", " & "),
]


@dataclass(frozen=True, slots=True)
class Doc:
    dataset: str
    id: str
    title: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def half(self) -> str:
        return split_of(self.dataset, self.id)


def load_docs(shared: Path) -> list[Doc]:
    """Truth bodies of the corpora and AEB with at least 4 paragraphs and 150 words."""
    docs = []
    for dataset in DATASETS:
        for line in (shared / "corpora" / dataset / "truth.jsonl").read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                docs.append(
                    Doc(dataset, row["id"], row.get("title") or "", _paragraphs(row.get("body") or ""))
                )
    for page_id, row in json.loads((shared / "aeb" / "ground-truth.json").read_text()).items():
        docs.append(Doc("aeb", page_id, row.get("title") or "", _paragraphs(row.get("articleBody") or "")))
    return [d for d in docs if len(d.paragraphs) >= 4 and len(WORD.findall(d.body)) >= 150]


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


# -- positives: copies with the edits real sites make ----------------------------------


def trim(paragraphs: list[str], share: float) -> list[str]:
    return paragraphs[: max(1, round(len(paragraphs) * share))]


def edit(doc: Doc, kinds: tuple[str, ...], rnd: random.Random) -> str:
    out = list(doc.paragraphs)
    for kind in kinds:
        if kind == "trim60":
            out = trim(out, 0.6)
        elif kind == "trim75":
            out = trim(out, 0.75)
        elif kind == "reorder" and len(out) > 3:
            i, j = rnd.sample(range(1, len(out)), 2)
            out[i], out[j] = out[j], out[i]
        elif kind == "drop1" and len(out) > 3:
            del out[rnd.randrange(1, len(out))]
        elif kind == "drop2" and len(out) > 4:
            for _ in range(2):
                del out[rnd.randrange(1, len(out))]
        elif kind == "note_top":
            out.insert(0, rnd.choice(NOTES_TOP))
        elif kind == "note_tail":
            out.append(rnd.choice(NOTES_TAIL))
        elif kind == "furniture":
            for line in rnd.sample(FURNITURE, 3):
                out.insert(rnd.randrange(1, len(out) + 1), line)
        elif kind == "copyedit":
            out = [_copyedit(p, rnd) for p in out]
        elif kind == "dateline":
            out[0] = re.sub(r"^[A-Z][A-Z .,'-]+(\([A-Za-z]+\))?\s*[—–-]+\s*", "", out[0])
    return "\n\n".join(out)


def _copyedit(paragraph: str, rnd: random.Random) -> str:
    for old, new in rnd.sample(COPY_EDITS, 2):
        paragraph = paragraph.replace(old, new, 1)
    return paragraph


EDITS: tuple[tuple[str, ...], ...] = (
    ("trim60",),
    ("trim60", "note_top", "furniture"),
    ("trim75", "copyedit"),
    ("reorder", "drop1"),
    ("note_top", "note_tail", "furniture"),
    ("copyedit", "dateline"),
    ("drop2", "furniture", "note_tail"),
)
"""Each base article gets one copy per line (a retitled copy changes no body word, so
every line stands for a retitled copy too)."""


# -- hard negatives: different articles on the same topic ------------------------------


def topical_words(doc: Doc) -> set[str]:
    return {w for w in WORD.findall(doc.body.lower()) if len(w) > 3 and not w.isdigit()}


def hard_negatives(docs: list[Doc], count: int) -> list[tuple[Doc, Doc, float]]:
    """The `count` pairs with the highest Jaccard of topical word sets (rare words only:
    those in at most 2% of the documents)."""
    words = [topical_words(d) for d in docs]
    df = Counter(w for ws in words for w in ws)
    limit = max(3, len(docs) // 50)
    rare = [{w for w in ws if df[w] <= limit} for ws in words]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(rare):
        for w in ws:
            postings[w].append(i)
    scored = []
    for i, ws in enumerate(rare):
        shared: Counter[int] = Counter()
        for w in ws:
            shared.update(j for j in postings[w] if j > i)
        for j in shared:
            union = len(words[i] | words[j])
            scored.append((len(words[i] & words[j]) / union if union else 0.0, i, j))
    scored.sort(reverse=True)
    return [(docs[i], docs[j], score) for score, i, j in scored[:count]]


def exact_containment(a: str, b: str) -> float:
    sa, sb = linking.shingles_of(a), linking.shingles_of(b)
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


# -- scoring ---------------------------------------------------------------------------


@dataclass(slots=True)
class Pair:
    half: str
    kind: str
    positive: bool
    candidate: bool
    found: linking.Similarity
    exact_jaccard: float


def judge(a: str, b: str, half: str, kind: str, positive: bool) -> Pair:
    sa, sb = linking.signature(a), linking.signature(b)
    candidate = bool(set(sa.bands()) & set(sb.bands()))
    x, y = linking.shingles_of(a), linking.shingles_of(b)
    exact = len(x & y) / len(x | y) if x | y else 0.0
    return Pair(half, kind, positive, candidate, linking.similarity(sa, sb), exact)


def rates(pairs: list[Pair], threshold: float, measure: str = "containment") -> tuple[float, float, int, int]:
    """(precision, recall, false positives, false negatives) at `threshold`."""
    tp = fp = fn = 0
    for p in pairs:
        if measure == "containment":
            linked = p.candidate and linking.is_copy(p.found, threshold)
        else:
            linked = p.candidate and p.found.jaccard >= threshold
        if p.positive and linked:
            tp += 1
        elif p.positive:
            fn += 1
        elif linked:
            fp += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, fp, fn


def compare_libraries(docs: list[Doc], pairs_text: list[tuple[str, str]]) -> None:
    """rensa's R-MinHash against datasketch's MinHash on the same shingles and permutations."""
    from datasketch import MinHash
    from rensa import RMinHash

    shingles = [list(linking.shingles_of(d.body)) for d in docs[:500]]
    started = time.perf_counter()
    for s in shingles:
        sketch = RMinHash(linking.NUM_PERM, linking.SEED)
        sketch.update(s)
        sketch.digest()
    rensa_us = (time.perf_counter() - started) / len(shingles) * 1e6
    started = time.perf_counter()
    for s in shingles:
        minhash = MinHash(num_perm=linking.NUM_PERM, seed=1)
        minhash.update_batch([x.encode() for x in s])
    datasketch_us = (time.perf_counter() - started) / len(shingles) * 1e6
    errors_r, errors_d = [], []
    for a, b in pairs_text[:600]:
        x, y = linking.shingles_of(a), linking.shingles_of(b)
        exact = len(x & y) / len(x | y)
        ra, rb = RMinHash(linking.NUM_PERM, linking.SEED), RMinHash(linking.NUM_PERM, linking.SEED)
        ra.update(list(x))
        rb.update(list(y))
        da, db = MinHash(num_perm=linking.NUM_PERM, seed=1), MinHash(num_perm=linking.NUM_PERM, seed=1)
        da.update_batch([s.encode() for s in x])
        db.update_batch([s.encode() for s in y])
        errors_r.append(abs(ra.jaccard(rb) - exact))
        errors_d.append(abs(da.jaccard(db) - exact))
    shingling_us = _time_shingling(docs[:500])
    print(
        f"\nMinHash libraries, {linking.NUM_PERM} permutations, {len(shingles)} real bodies (same shingles):"
    )
    print(
        f"  rensa RMinHash        {rensa_us:8.1f} µs/article   |Jaccard error| mean "
        f"{statistics.mean(errors_r):.3f}"
    )
    print(
        f"  datasketch MinHash    {datasketch_us:8.1f} µs/article   |Jaccard error| mean "
        f"{statistics.mean(errors_d):.3f}   (×{datasketch_us / rensa_us:.1f} rensa's time)"
    )
    print(f"  shingling alone       {shingling_us:8.1f} µs/article (normalise, 5-word shingles)")


def _time_shingling(docs: list[Doc]) -> float:
    started = time.perf_counter()
    for d in docs:
        linking.shingles_of(d.body)
    return (time.perf_counter() - started) / len(docs) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="The shared data folder.")
    parser.add_argument("--bases", type=int, default=400, help="Articles to make copies of.")
    parser.add_argument("--negatives", type=int, default=1500, help="Hard-negative pairs.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-libraries", action="store_true", help="Skip the rensa/datasketch comparison.")
    args = parser.parse_args()
    if not (args.shared / "corpora").is_dir():
        sys.exit(f"no corpora in {args.shared} (give --shared)")
    docs = load_docs(args.shared)
    rnd = random.Random(args.seed)
    print(f"{len(docs)} real article bodies (>= 4 paragraphs, >= 150 words) from {', '.join(DATASETS)}, aeb")

    pairs: list[Pair] = []
    texts: list[tuple[str, str]] = []
    for doc in rnd.sample(docs, min(args.bases, len(docs))):
        for kinds in EDITS:
            copy = edit(doc, kinds, rnd)
            pairs.append(judge(doc.body, copy, doc.half, "+".join(kinds), True))
            texts.append((doc.body, copy))

    negatives = hard_negatives(docs, args.negatives * 2)
    kept, same_text = 0, 0
    for a, b, _overlap in negatives:
        if kept == args.negatives:
            break
        if exact_containment(a.body, b.body) >= 0.8:
            same_text += 1  # the same article twice inside the corpora: not a negative
            continue
        half = a.half if a.half == b.half else "mixed"
        pairs.append(judge(a.body, b.body, half, "same-topic", False))
        kept += 1
    overlaps = [o for _, _, o in negatives[: kept + same_text]]
    print(
        f"{sum(p.positive for p in pairs)} copies ({len(EDITS)} edits of each base) and {kept} hard "
        "negatives "
        f"(topical-word Jaccard {min(overlaps):.2f}–{max(overlaps):.2f}; {same_text} same-text pairs "
        "inside the corpora left out)"
    )

    default = linking.DEFAULT_THRESHOLD
    for half in ("dev", "test", "all"):
        chosen = [p for p in pairs if half == "all" or p.half in (half, "mixed" if half == "test" else "")]
        precision, recall, fp, fn = rates(chosen, default)
        ok = precision >= TARGETS["precision"] and recall >= TARGETS["recall"]
        print(
            f"\n[{half}] {len(chosen)} pairs, threshold {default} (containment, "
            f"Jaccard >= {linking.MIN_JACCARD}): "
            f"precision {precision:.4f}, recall {recall:.4f}, {fp} false links, {fn} missed   "
            f"targets >= {TARGETS['precision']} / >= {TARGETS['recall']} [{'ok' if ok else 'MISSED'}]"
        )
    print(
        "\ncurve (all pairs)    containment: precision  recall  FP  FN  |  Jaccard: precision  recall  FP  FN"
    )
    for step in range(5, 17):
        t = step * 0.05
        pc, rc, fpc, fnc = rates(pairs, t)
        pj, rj, fpj, fnj = rates(pairs, t, "jaccard")
        mark = "  <- default" if abs(t - default) < 1e-9 else ""
        print(
            f"  {t:.2f}   {pc:18.4f} {rc:7.4f} {fpc:3d} {fnc:3d}  |  "
            f"{pj:17.4f} {rj:7.4f} {fpj:3d} {fnj:3d}{mark}"
        )
    print("\nrecall by edit at the default threshold (LSH misses = pairs never made candidates):")
    by_kind: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_kind[p.kind].append(p)
    for kind, group in by_kind.items():
        precision, recall, fp, fn = rates(group, default)
        misses = sum(not p.candidate for p in group)
        jaccard = statistics.mean(p.exact_jaccard for p in group)
        what = f"recall {recall:.4f}" if group[0].positive else f"false links {fp}"
        print(f"  {kind:<32} {len(group):5d} pairs  exact Jaccard {jaccard:.2f}  {what}  LSH misses {misses}")
    worst = sorted((p for p in pairs if not p.positive), key=lambda p: -p.found.containment)[:3]
    print(
        "  highest estimated containment among negatives: "
        + ", ".join(f"{p.found.containment:.2f}" for p in worst)
    )
    if not args.no_libraries:
        compare_libraries(docs, texts)


if __name__ == "__main__":
    main()
