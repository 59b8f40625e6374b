"""A Scrapy add-on applying newsharvest's defaults (`newsharvest.defaults`).

The project's settings module already holds them; a crawler built without it — a tool, a
test's ``get_crawler`` — gets them with ``ADDONS = {"newsharvest.addon.Defaults": 0}``.
They are set at the add-on priority, so the project's settings, a spider's custom settings
and ``-s`` still win.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newsharvest.defaults import DEFAULTS


class Defaults:
    """Sets every ``NEWSHARVEST_*`` setting that nothing set to its default."""

    def update_settings(self, settings: BaseSettings) -> None:
        for name, value in DEFAULTS.items():
            settings.set(name, value, priority="addon")
