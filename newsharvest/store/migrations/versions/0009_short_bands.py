"""Short LSH bands: 16 band keys of 2 signature values an article instead of 32 of 3.

The linking index (`story_bands`, `story_bands_recent`) is rebuilt from the stored
signatures (`article_signatures`, unchanged): every signed article gets its 16 new keys, in
key order, straight into `story_bands` (through an unkeyed staging table, so that the
index is written in one ordered pass), and the recent table is left empty. Stories and each
article's story stay as they are: only how candidates are found changes. The keys are
computed here as `newsharvest.extract.signature.band_keys` computes them, with the band
shape of each schema fixed in this file, so downgrading restores the 32 × 3 keys.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import zlib

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NUM_PERM = 96
MIN_SHINGLES = 40
CHUNK = 2000
"""Signatures read, and their rows written, at a time."""


def _band_keys(blob: bytes, shingles: int, bands: int, rows: int) -> list[int]:
    """The keys of a stored signature (little-endian 32-bit values): band i is the CRC-32 of
    its `rows` values seeded with i × 0x9E3779B1, as a signed 32-bit integer."""
    if shingles < MIN_SHINGLES or len(blob) != NUM_PERM * 4:
        return []
    width = rows * 4
    keys = []
    for band in range(bands):
        key = zlib.crc32(blob[band * width : (band + 1) * width], band * 0x9E3779B1 & 0xFFFFFFFF)
        keys.append(key - 0x100000000 if key >= 0x80000000 else key)
    return keys


def _rebuild(bands: int, rows: int) -> None:
    """Replace every band row with those of the `bands` × `rows` shape."""
    conn = op.get_bind()
    op.execute("DELETE FROM story_bands_recent")
    op.execute("DELETE FROM story_bands")
    staging = op.create_table(
        "story_bands_rebuild",
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
    )
    signatures = sa.table(
        "article_signatures",
        sa.column("article_id", sa.Integer()),
        sa.column("shingles", sa.Integer()),
        sa.column("signature", sa.LargeBinary()),
    )
    last = 0
    while True:
        chunk = conn.execute(
            sa.select(signatures.c.article_id, signatures.c.shingles, signatures.c.signature)
            .where(signatures.c.article_id > last)
            .order_by(signatures.c.article_id)
            .limit(CHUNK)
        ).all()
        if not chunk:
            break
        found = [
            {"band": key, "article_id": article_id}
            for article_id, shingles, blob in chunk
            for key in _band_keys(bytes(blob), shingles, bands, rows)
        ]
        if found:
            conn.execute(sa.insert(staging), found)
        last = chunk[-1][0]
    op.execute(
        "INSERT INTO story_bands (band, article_id) SELECT DISTINCT band, article_id "
        "FROM story_bands_rebuild ORDER BY band, article_id"
    )
    op.drop_table("story_bands_rebuild")


def upgrade() -> None:
    _rebuild(16, 2)


def downgrade() -> None:
    _rebuild(32, 3)
