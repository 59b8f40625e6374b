"""Decoding real pages in 50 encodings: chardet's test files, read as the extractor reads them.

chardet 5.2.0 (LGPL) ships with its tests real web pages and feeds saved in the encoding their
folder names (windows-1251-russian, SHIFT_JIS, EUC-KR, iso-8859-7-greek…), most of them naming
no encoding themselves. Each file is decoded by `newsharvest.extract.document.decode_html` (no
HTTP header, as a page saved without one) and compared with the file decoded in its folder's
encoding: a file differs when their non-ASCII characters differ. Files naming their encoding
in a `<meta>` or XML declaration are counted apart (for them the WHATWG maps, which browsers
and this decoder follow, differ from Python's in a few characters of Shift_JIS and GBK).

The distribution is fetched once with pip into `--cache` and read in place.

    python benchmarks/page_encodings.py              # the counts
    python benchmarks/page_encodings.py --list       # and every file that differs
    PYTHONPATH=/path/to/other/checkout python benchmarks/page_encodings.py   # another version's
"""

from __future__ import annotations

import argparse
import codecs
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sdist import DEFAULT_CACHE, fetch

VERSION = "5.2.0"
_DECLARED = re.compile(rb"""charset\s*=\s*["']?[\w-]+|<\?xml[^>]*encoding\s*=""", re.I)


def folder_codec(folder: str) -> str | None:
    """Python's codec for a test folder's name ("windows-1251-russian", "iso-8859-2-czech",
    "SHIFT_JIS"), or None when Python has none (EUC-TW)."""
    parts = folder.split("-")
    if folder.startswith("iso-8859"):
        parts = parts[:3]
    elif folder.startswith("windows"):
        parts = parts[:2]
    name = "-".join(parts)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _non_ascii(text: str) -> str:
    return "".join(char for char in text if ord(char) > 127 and not char.isspace())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--list", action="store_true", help="print every file that differs")
    args = parser.parse_args(argv)
    from newsharvest.extract.document import decode_html  # where every version of the code has it

    tests = fetch("chardet", VERSION, "tests", args.cache)
    files = differ = 0
    by_kind: Counter[str] = Counter()
    for folder in sorted(p for p in tests.iterdir() if p.is_dir()):
        codec = folder_codec(folder.name)
        if codec is None:
            continue
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            try:
                truth = data.decode(codec)
            except UnicodeDecodeError:
                continue  # not in its folder's encoding as Python reads it
            files += 1
            if _non_ascii(decode_html(data)) != _non_ascii(truth.removeprefix("\ufeff")):
                differ += 1
                kind = "naming their encoding" if _DECLARED.search(data[:4096]) else "naming none"
                by_kind[kind] += 1
                if args.list:
                    print(f"  {folder.name}/{path.name} ({kind})")
    named, unnamed = by_kind["naming their encoding"], by_kind["naming none"]
    print(f"{files} files in chardet {VERSION}'s tests; read otherwise than their folder's encoding: "
          f"{differ} ({unnamed} naming no encoding, {named} naming theirs)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
