"""Stories: wire copies and reprints (store/linking.py links them as they are stored)."""

from __future__ import annotations

import sys
from typing import Any

import click

from newsharvest.cli.common import DB_OPTION, ArchiveProblem, json_out, readonly


def _clip(text: str, width: int = 90) -> str:
    """One paragraph on one line, cut at `width` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def story_line(story: dict[str, Any]) -> str:
    """A story in one line: story 3: 2 copies; original [2] AP NEWS (apnews.com), the agency's own copy."""
    from newsharvest.store.linking import REASONS

    original = story["original"]
    where = "unknown"
    if original is not None:
        where = f"[{original['id']}] {original['site_name'] or original['host']} ({original['host']})"
    reason = REASONS.get(story["original_reason"], story["original_reason"])
    return f"story {story['id']}: {story['copy_count']} copies; original {where}, {reason}"


def _change_lines(changes: dict[str, Any]) -> list[str]:
    """What a copy changed against the original, one line each."""
    lines = []
    if changes["headline"]:
        old, new = changes["headline"]
        lines.append(f"headline: “{old}” → “{new}”")
    lines.append(
        f"paragraphs: {changes['kept']} kept, {len(changes['added'])} added, "
        f"{len(changes['dropped'])} dropped, {len(changes['edited'])} edited"
    )
    lines += [f"+ {_clip(p)}" for p in changes["added"]]
    lines += [f"- {_clip(p)}" for p in changes["dropped"]]
    for old, new in changes["edited"]:
        lines.append(f"~ {_clip(old, 60)}: {_word_changes(old, new)}")
    return lines


def _word_changes(old: str, new: str) -> str:
    """The words an edit replaced, removed or inserted: “near term” → “coming months”."""
    import difflib

    before, after = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag != "equal":
            parts.append(f"“{' '.join(before[i1:i2])}” → “{' '.join(after[j1:j2])}”")
    return "; ".join(parts)


@click.command()
@click.argument("article", metavar="ID|URL")
@click.option("--diff", "show_diff", is_flag=True, help="Show what each copy changed against the original.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB_OPTION
def similar(article: str, show_diff: bool, fmt: str, db: str) -> None:
    """List the copies of an article's story: similarity, site, date and headline.

    Copies are other pages carrying the same text (wire stories, reprints), linked when
    stored; the original is marked *. --diff shows, for each copy, the headline and the
    paragraphs it added, dropped or edited against the original.

    \b
    Examples:
      newsharvest similar 12
      newsharvest similar 12 --diff
    """
    from newsharvest import stories

    with readonly(db) as archive:
        found = stories.similar_articles(archive, article)
    if found is None:
        raise click.ClickException(f"no article {article} in {db}")
    if fmt == "json":
        json_out(found)
        return
    if found["story"] is None:
        click.echo(f"no copies of article {found['article']} are known")
        return
    click.echo(story_line(found["story"]))
    for copy in found["copies"]:
        mark = "*" if copy["is_original"] else " "
        day = (copy["date_published"] or "")[:10] or "-"
        facts = f"{mark} {copy['similarity']:.2f}  {copy['host']:<18} {day:<10}"
        click.echo(f"{facts}  [{copy['id']}] {copy['headline']}")
        if show_diff and copy["changes"] is not None:
            for line in _change_lines(copy["changes"]):
                click.echo(f"      {line}")


@click.command()
@click.option("--rebuild", is_flag=True, help="Forget every link and link the whole archive again.")
@DB_OPTION
def link(rebuild: bool, db: str) -> None:
    """Link the archive's wire copies and reprints into stories, with a progress bar.

    Crawls link what they store; this links articles stored before linking existed (as
    `migrate` does), or with --rebuild everything again.

    \b
    Examples:
      newsharvest link
      newsharvest link --rebuild
    """
    from newsharvest.store import Archive, ArchiveError

    try:
        with Archive.open(db) as archive:
            link_stored(archive, rebuild=rebuild)
    except ArchiveError as exc:
        raise ArchiveProblem(str(exc)) from None


def link_stored(archive: Any, *, rebuild: bool = False) -> None:
    """Link the articles `archive` has not linked yet (all with `rebuild`), with a progress bar."""
    from newsharvest import query

    total = query.count_articles(archive) if rebuild else archive.unlinked_count()
    if not total:
        return
    with click.progressbar(length=total, label="Linking copies", file=sys.stderr) as bar:
        done = archive.link_stored(rebuild=rebuild, progress=bar.update)
    stories = query.table_counts(archive)["stories"]
    click.echo(f"{done} articles linked: {stories} stories with copies", err=True)


def print_wire_share(shares: list[dict[str, Any]]) -> None:
    """The stats' wire share per site (nothing when no copies are known)."""
    if not any(site["copies"] or site["originals"] for site in shares):
        return
    click.echo(click.style("\nWire share (copies of stories first published elsewhere)", bold=True))
    for site in shares:
        click.echo(
            f"  {site['wire_share']:>6.1%}  {site['host']}: {site['copies']} of {site['articles']} "
            f"articles are copies; {site['originals']} originals copied elsewhere"
        )
