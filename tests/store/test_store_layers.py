"""The layering the design promises: extraction never pulls in the database."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_extract_never_imports_sqlalchemy() -> None:
    loaded = _modules_after("import newsharvest.extract.article, newsharvest.extract.generic")
    assert not any(name.split(".")[0] in ("sqlalchemy", "alembic") for name in loaded)


def test_store_and_query_import_cleanly() -> None:
    loaded = _modules_after("import newsharvest.store, newsharvest.query")
    assert "newsharvest.store.archive" in loaded
