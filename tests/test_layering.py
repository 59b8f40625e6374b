"""The stages stay apart, and the crawl side keeps Scrapy's own shape.

Extraction is a pure library; the store never sees Scrapy; each Scrapy component lives in
the package of its kind (as in Scrapy itself), so a dotted path in settings.py says what
the component is; demo and test infrastructure stays out of the runtime modules.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from newsharvest import settings

PACKAGE = Path(__file__).resolve().parent.parent / "newsharvest"

MAX_LINES = 400
TOO_LONG_BY_DESIGN: dict[str, str] = {}
"""Modules allowed past `MAX_LINES`, and why. Benchmarks (scripts, one per measurement) are not counted."""


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports (absolute names), at any depth of the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(under: str = "") -> dict[str, Path]:
    return {str(p.relative_to(PACKAGE)): p for p in sorted((PACKAGE / under).rglob("*.py"))}


def test_extraction_imports_neither_scrapy_nor_sqlalchemy() -> None:
    code = (
        "import sys, newsharvest.extract.article, newsharvest.extract.generic, newsharvest.reasons;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'scrapy', 'sqlalchemy', 'twisted'});"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_extraction_needs_nothing_of_newsharvest_but_reasons() -> None:
    allowed = ("newsharvest.extract", "newsharvest.reasons")
    outside = {
        name: sorted(m for m in imports_of(path) if m.startswith("newsharvest") and not m.startswith(allowed))
        for name, path in modules("extract").items()
    }
    assert {name: found for name, found in outside.items() if found} == {}


def test_the_store_never_sees_scrapy() -> None:
    found = {
        name: sorted(m for m in imports_of(path) if m.split(".")[0] in {"scrapy", "twisted"})
        for name, path in modules("store").items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}


@pytest.mark.parametrize(
    ("setting", "package"),
    [
        ("DOWNLOADER_MIDDLEWARES", "newsharvest.downloadermiddlewares."),
        ("SPIDER_MIDDLEWARES", "newsharvest.spidermiddlewares."),
        ("EXTENSIONS", "newsharvest.extensions."),
        ("ITEM_PIPELINES", "newsharvest.pipelines."),
    ],
)
def test_each_component_lives_in_the_package_of_its_kind(setting: str, package: str) -> None:
    ours = [path for path, order in getattr(settings, setting).items() if path.startswith("newsharvest.")]
    assert ours and all(path.startswith(package) for path in ours), ours


def test_settings_name_modules_that_say_what_they_hold() -> None:
    ours = {scheme: path for scheme, path in settings.DOWNLOAD_HANDLERS.items() if path}
    assert ours and all(path.startswith("newsharvest.downloadhandlers.") for path in ours.values()), ours
    assert settings.TWISTED_DNS_RESOLVER == "newsharvest.resolver.SafeResolver"
    assert settings.LOG_FORMATTER == "newsharvest.logformatter.RejectionLogFormatter"


DEMO_MODULES = {"cli/crawl.py", "cli/demo.py"}
"""The CLI's `serve-fixtures` and `demo` serve a replica (newsharvest.testing): no other module may."""


def test_runtime_modules_never_import_test_or_demo_infrastructure() -> None:
    found = {
        name: sorted(m for m in imports_of(path) if m.startswith(("tests", "newsharvest.testing")))
        for name, path in modules().items()
        if not name.startswith("testing/") and name not in DEMO_MODULES
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
    assert all(name in modules() for name in DEMO_MODULES)  # an exemption names a module that exists


def test_nothing_imports_tests() -> None:
    found = {
        name: sorted(m for m in imports_of(path) if m.split(".")[0] == "tests")
        for name, path in modules().items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_no_module_is_too_long_without_a_reason() -> None:
    long = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in modules().items()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    assert set(long) <= set(TOO_LONG_BY_DESIGN), long
    tests = Path(__file__).resolve().parent
    lines = {
        str(p.relative_to(tests)): len(p.read_text("utf-8").splitlines()) for p in tests.rglob("*.py")
    }
    assert {name: n for name, n in lines.items() if n > MAX_LINES} == {}


def test_no_benchmark_script_shadows_a_standard_library_module() -> None:
    """The benchmarks run with their folder first on the import path (`PYTHONPATH=benchmarks`
    in their crawls): a script named like a standard module ("encodings") would replace it."""
    benchmarks = PACKAGE.parent / "benchmarks"
    names = {path.stem for path in benchmarks.glob("*.py")}
    assert sorted(names & sys.stdlib_module_names) == []
