"""For `scrapyd-deploy` (and `python setup.py bdist_egg`), which need a setup.py.

Everything else is in pyproject.toml, including the ``scrapy`` entry point naming the
settings module, which is how Scrapyd finds the project inside the deployed egg.
"""

from __future__ import annotations

from setuptools import setup

setup()
