"""A package's source distribution, fetched once with pip from the package index into a cache.

Some projects ship real pages with their tests (newspaper4k's articles, chardet's encodings):
the benchmarks read them in place from the unpacked distribution and copy nothing of them into
this repository.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

DEFAULT_CACHE = Path.home() / ".cache" / "newsharvest-outside"


def fetch(name: str, version: str, inside: str, cache: Path = DEFAULT_CACHE) -> Path:
    """The folder `inside` (such as "tests/data") of `name`'s `version` source distribution,
    downloaded and unpacked into `cache`/`name`-`version` on first use."""
    unpacked = cache / f"{name}-{version}"
    if unpacked.is_dir():
        return next(unpacked.iterdir()) / inside
    with tempfile.TemporaryDirectory() as download:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             f"{name}=={version}", "--dest", download],
            check=True,
        )  # fmt: skip
        [tarball] = Path(download).glob("*.tar.gz")
        with tarfile.open(tarball) as archive:
            top = archive.getnames()[0].split("/")[0]
            members = [m for m in archive.getmembers() if m.name.startswith(f"{top}/{inside}/")]
            archive.extractall(unpacked, members=members, filter="data")
    return unpacked / top / inside
