"""Installed from a wheel, away from the clone: `newsharvest demo` still finds its replica.

The wheel is built from a copy of the source tree and installed, without dependencies and
without the network, into a fresh virtual environment whose dependencies come from the
environment running the tests (a path entry, so this clone's editable install is not seen).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

G20_HEADLINE = "Blinken, Lavrov Meet Briefly As U.S.-Russia Tensions Soar"
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "*.db*", ".scrapy"
)


def run(*command: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    args = [str(c) for c in command]
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.slow
def test_demo_from_an_installed_wheel_archives_the_reference_story(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REPO_ROOT, source, ignore=NOT_COPIED)
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", wheels, source, cwd=tmp_path)  # fmt: skip
    (wheel,) = wheels.glob("newsharvest-*.whl")

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel,
        cwd=tmp_path)  # fmt: skip
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path)
                   .stdout.strip())  # fmt: skip
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run(python, "-c", "import newsharvest; print(newsharvest.__file__)", cwd=elsewhere).stdout
    assert where.startswith(str(purelib)), where  # the wheel's copy, not the clone's

    result = run(venv / "bin" / "newsharvest", "demo", "--quiet", cwd=elsewhere)
    assert G20_HEADLINE in result.stdout
    assert (elsewhere / "newsharvest.db").exists()
