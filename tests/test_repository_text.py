"""The repository's own text files hold no leftovers of an unfinished git merge.

A merge that stops on a conflict writes both sides between marker lines; a file committed in
that state (README.md is read by users, not run by tests) would otherwise pass every check.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".json", ".txt", ".ini", ".yml", ".yaml", ".sh"}
CONFLICT_MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)


def tracked_text_files() -> list[Path]:
    """The files git tracks whose names say they are text (fixture pages left out: real pages
    may hold anything)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: nothing to list")
    return [
        REPO / name
        for name in listed
        if name and Path(name).suffix in TEXT_SUFFIXES and not name.startswith("fixtures/pages/")
    ]


def test_no_tracked_text_file_holds_merge_conflict_markers() -> None:
    files = tracked_text_files()
    assert any(path.name == "README.md" for path in files)
    marked = [
        str(path.relative_to(REPO))
        for path in files
        if path.is_file() and CONFLICT_MARKER.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert marked == []


def test_the_marker_pattern_finds_a_conflict_and_not_a_heading_rule() -> None:
    conflict = "text\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n"
    assert len(CONFLICT_MARKER.findall(conflict)) == 3
    assert CONFLICT_MARKER.search("Title\n=====\n\n| a | b |\n| --- | --- |\n") is None
