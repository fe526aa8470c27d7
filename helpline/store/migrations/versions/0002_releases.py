"""Content releases: immutable snapshots, the live and staged pointers, an audit log, testers,
and the release each MORE position belongs to.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.Column("files", sa.Text, nullable=False),
    )
    op.create_index("ix_releases_content_hash", "releases", ["content_hash"])
    op.create_table(
        "release_pointers",
        sa.Column("name", sa.String(16), primary_key=True),
        sa.Column("release_id", sa.Integer, sa.ForeignKey("releases.id"), nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "release_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("release_id", sa.Integer, nullable=True),
        sa.Column("hash_before", sa.String(64), nullable=True),
        sa.Column("hash_after", sa.String(64), nullable=True),
    )
    op.create_table(
        "testers",
        sa.Column("sender", sa.String(64), primary_key=True),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("added_by", sa.String(80), nullable=False),
    )
    with op.batch_alter_table("positions") as positions:
        positions.add_column(sa.Column("release_id", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("positions") as positions:
        positions.drop_column("release_id")
    op.drop_table("testers")
    op.drop_table("release_audit")
    op.drop_table("release_pointers")
    op.drop_index("ix_releases_content_hash", table_name="releases")
    op.drop_table("releases")
