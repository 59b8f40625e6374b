"""The `newsharvest` command: a thin layer over crawling, extraction and the query functions.

The click group `main` is here; each family of commands lives in a module of its own
(crawl, demo, extract, archive, status, stories; the WARC ones in newsharvest/warc/commands.py)
and is registered on the group below.
"""

from __future__ import annotations

import click

from newsharvest import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsharvest")
def main() -> None:
    """newsharvest: crawl news sites, extract clean articles, search the archive.

    Start with `newsharvest demo`, which crawls the offline HuffPost replica into
    ./newsharvest.db and shows what it archived.

    \b
    Tab completion (bash; zsh and fish alike, see README):
      eval "$(_NEWSHARVEST_COMPLETE=bash_source newsharvest)"
    """


def _add_commands() -> None:
    """Every command on the group (click lists them by name, whatever the order here)."""
    from newsharvest.cli import archive, crawl, demo, extract, status, stories
    from newsharvest.warc.commands import import_warc, reextract_command

    for command in (
        crawl.serve_fixtures, crawl.crawl, demo.demo, extract.extract,
        archive.search, archive.show, archive.export, archive.revisions,
        status.stats, status.runs, status.sites, status.migrate,
        stories.similar, stories.link,
        import_warc, reextract_command,
    ):  # fmt: skip
        main.add_command(command)


_add_commands()

__all__ = ["main"]
