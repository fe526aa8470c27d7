"""The tables as the service created them before migrations, and the old opt-out list moved.

A database that code from before migrations created already has some or all of these tables,
with no version recorded: each is created only when it is missing, so upgrading such a
database keeps every row. The definitions are written out here, not imported, because a
migration must stay what it was when later ones change the tables.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES: dict[str, tuple[Callable[[], tuple[sa.Column[Any], ...]], tuple[str, ...]]] = {
    "consent": (
        lambda: (
            sa.Column("sender", sa.String(64), primary_key=True),
            sa.Column("opted_out", sa.Boolean, nullable=False),
            sa.Column("changed_at", sa.DateTime, nullable=False),
            sa.Column("written_at", sa.DateTime, nullable=False),
        ),
        ("written_at",),
    ),
    "positions": (
        lambda: (
            sa.Column("sender", sa.String(64), primary_key=True),
            sa.Column("topic_id", sa.String(64), nullable=False),
            sa.Column("next_page", sa.Integer, nullable=False),
            sa.Column("expires_at", sa.DateTime, nullable=False),
        ),
        ("expires_at",),
    ),
    "processed_messages": (
        lambda: (
            sa.Column("sid", sa.String(64), primary_key=True),
            sa.Column("reply", sa.Text, nullable=False),
            sa.Column("at", sa.DateTime, nullable=False),
        ),
        ("at",),
    ),
    "usage_counts": (
        lambda: (
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("minute", sa.DateTime, nullable=False),
            sa.Column("channel", sa.String(8), nullable=False),
            sa.Column("topic_id", sa.String(64), nullable=True),
            sa.Column("matched_by", sa.String(24), nullable=False),
            sa.Column("events", sa.Integer, nullable=False),
        ),
        ("minute",),
    ),
    "sent_texts": (
        lambda: (
            sa.Column("key", sa.String(80), primary_key=True),
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("at", sa.DateTime, nullable=False),
        ),
        ("at",),
    ),
}


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, (columns, indexed) in TABLES.items():
        if name in existing:
            continue
        op.create_table(name, *columns())
        for column in indexed:
            op.create_index(f"ix_{name}_{column}", name, [column])
    if "opt_outs" in existing:
        _move_opt_outs()


def downgrade() -> None:
    for name, (_, indexed) in reversed(TABLES.items()):
        for column in indexed:
            op.drop_index(f"ix_{name}_{column}", table_name=name)
        op.drop_table(name)


def _move_opt_outs() -> None:
    """Before the consent table there was only a list of opted-out senders: carry it over."""
    bind = op.get_bind()
    old = sa.table("opt_outs", sa.column("sender", sa.String), sa.column("since", sa.DateTime))
    consent = sa.table(
        "consent",
        sa.column("sender", sa.String),
        sa.column("opted_out", sa.Boolean),
        sa.column("changed_at", sa.DateTime),
        sa.column("written_at", sa.DateTime),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    known = set(bind.execute(sa.select(consent.c.sender)).scalars())
    moved = [
        {"sender": row.sender, "opted_out": True, "changed_at": row.since, "written_at": now}
        for row in bind.execute(sa.select(old.c.sender, old.c.since))
        if row.sender not in known
    ]
    if moved:
        bind.execute(sa.insert(consent), moved)
    op.drop_table("opt_outs")
