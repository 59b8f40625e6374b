"""The stages stay apart: extraction is a pure library."""

from __future__ import annotations

import subprocess
import sys


def test_extraction_imports_neither_scrapy_nor_sqlalchemy() -> None:
    code = (
        "import sys, newsharvest.extract, newsharvest.extract.generic;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'scrapy', 'sqlalchemy', 'twisted'});"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
