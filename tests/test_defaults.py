"""newsharvest's own settings are written once (`newsharvest.defaults`), read without fallbacks,
and reach a crawler through the project's settings or the `Defaults` add-on."""

from __future__ import annotations

import re
from pathlib import Path

from scrapy.utils.test import get_crawler

from newsharvest import defaults
from newsharvest import settings as project_settings
from newsharvest.addon import Defaults

PACKAGE = Path(defaults.__file__).parent
SETTING = re.compile(r"\bNEWSHARVEST_[A-Z_]+\b")
FALLBACK = re.compile(r"""get(?:int|float|bool|list|dict)?\(\s*["'](NEWSHARVEST_[A-Z_]+)["']\s*,""")


def sources() -> dict[str, str]:
    return {
        str(path.relative_to(PACKAGE)): path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if "testing" not in path.parts
    }


def test_every_setting_the_code_names_has_one_default() -> None:
    named = {name for text in sources().values() for name in SETTING.findall(text)}
    assert named - set(defaults.DEFAULTS) == set()


def test_no_code_reads_a_setting_with_a_fallback_of_its_own() -> None:
    fallbacks = {path: FALLBACK.findall(text) for path, text in sources().items() if FALLBACK.search(text)}
    assert fallbacks == {}


def test_settings_module_holds_the_defaults_and_writes_none_itself() -> None:
    for name, value in defaults.DEFAULTS.items():
        assert getattr(project_settings, name) == value
    text = Path(project_settings.__file__).read_text(encoding="utf-8")
    assert re.findall(r"^NEWSHARVEST_\w+", text, flags=re.MULTILINE) == []


def test_the_addon_applies_the_defaults_below_explicit_settings() -> None:
    crawler = get_crawler(settings_dict={"ADDONS": {Defaults: 0}, "NEWSHARVEST_STORE_BATCH_SIZE": 7})
    crawler._apply_settings()
    settings = crawler.settings
    assert settings.getint("NEWSHARVEST_STORE_BATCH_SIZE") == 7
    assert settings.getfloat("NEWSHARVEST_STORE_FLUSH_SECONDS") == 0.25
    assert settings.getint("NEWSHARVEST_GC_THRESHOLD") == 20_000
    assert settings.getint("NEWSHARVEST_EXTRACT_PAGES_PER_WORKER") == 8
    assert settings["NEWSHARVEST_DATABASE_URL"] == "sqlite:///newsharvest.db"


def test_without_the_addon_a_bare_crawler_has_none_of_them() -> None:
    crawler = get_crawler()
    crawler._apply_settings()
    assert crawler.settings.get("NEWSHARVEST_DATABASE_URL") is None
