"""`newsharvest.commands.crawl.exit_now`: the end of a crawl process keeps everything an exit
does for the outcome (threads' work, atexit functions, buffered output, the status) and skips
the interpreter's teardown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

PROGRAM = """
import atexit, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from newsharvest.commands.crawl import exit_now

folder = Path(sys.argv[1])
atexit.register(lambda: (folder / "atexit").write_text("ran"))
executor = ThreadPoolExecutor(max_workers=1)
executor.submit(lambda: (time.sleep(0.2), (folder / "queued").write_text("done")))
class Teardown:
    def __del__(self):
        (folder / "teardown").write_text("ran")
kept = Teardown()
log = open(folder / "log.txt", "w")
import logging
logging.basicConfig(stream=log, level=logging.INFO)
logging.getLogger("crawl").info("Spider closed (finished)")
sys.stdout.write("buffered, not flushed")
exit_now(3)
"""


def test_exit_now_keeps_what_an_exit_does_and_skips_the_teardown(tmp_path: Path) -> None:
    command = [sys.executable, "-c", PROGRAM, str(tmp_path)]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert result.stdout == "buffered, not flushed"
    assert (tmp_path / "queued").read_text() == "done"  # the executor's queued work finished
    assert (tmp_path / "atexit").read_text() == "ran"
    assert (tmp_path / "log.txt").read_text() == "INFO:crawl:Spider closed (finished)\n"  # logging flushed
    assert not (tmp_path / "teardown").exists()  # objects are not freed one by one
