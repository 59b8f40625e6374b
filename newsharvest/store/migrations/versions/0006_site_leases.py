"""Site leases: which crawler holds which site, until when.

Adds `site_leases` (site name, holder, its host, expiry and claim times), so crawlers
sharing one archive split the sites of the sites file between them (`store/leases.py`).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_leases",
        sa.Column("site", sa.String(), nullable=False),
        sa.Column("holder", sa.String(), nullable=True),
        sa.Column("host", sa.String(), nullable=True),
        sa.Column("expires_at", sa.String(), nullable=True),
        sa.Column("claimed_at", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("site", name="pk_site_leases"),
    )


def downgrade() -> None:
    op.drop_table("site_leases")
