"""Recordings kept in the database, so every instance can play a release's recordings, even
on a host whose disk starts empty.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recordings",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("sound", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("recordings")
