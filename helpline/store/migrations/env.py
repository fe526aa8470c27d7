"""Alembic's entry point: run the migrations on the connection `schema.upgrade` hands over.

The connection arrives already in a transaction that holds the migration lock, so every
migration, and the version it leaves behind, commits together or not at all.
"""

from __future__ import annotations

from alembic import context

from helpline.store.state import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
