"""newsharvest: crawl news sites, extract clean article records, keep them in an archive.

Stages, one package each: `spiders` fetch, `extract` turns pages into records, `store`
keeps them, `query` reads them back.
"""

from __future__ import annotations

__version__ = "0.1.0"
