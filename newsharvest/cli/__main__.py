"""`python -m newsharvest.cli`: the `newsharvest` command, with the project's Scrapy settings."""

from __future__ import annotations

import os

from newsharvest.cli import main

if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsharvest.settings")
    main()
