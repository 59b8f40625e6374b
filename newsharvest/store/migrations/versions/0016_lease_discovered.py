"""Site leases note when their holder has gone through the site.

Adds `site_leases.discovered_at`: set by the holder once its crawl went idle with the site
leased (robots.txt, sitemaps and feeds fetched, every address they named queued in the
frontier), cleared when another crawler claims the site. Until then the site's remaining
work is only in its holder's memory, so a crawler waiting on the others' sites counts it as
pending even with no due address (`store/leases.py`). Leases held when the archive is
upgraded start without it: pending until released or expired.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TIMESTAMP

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    instant = TIMESTAMP(timezone=True) if op.get_bind().dialect.name == "postgresql" else sa.String()
    op.add_column("site_leases", sa.Column("discovered_at", instant, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("site_leases") as batch:
        batch.drop_column("discovered_at")
