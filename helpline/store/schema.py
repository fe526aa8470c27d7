"""The database schema, brought up to date by Alembic migrations under a lock.

`helpline db upgrade` and `helpline serve` run the migrations; a worker runs them too when it
first reaches the database (it may have started while the database was down). However many
processes try at once, one migrates and the others wait for it and then find nothing to do:
PostgreSQL serialises them with an advisory lock, SQLite with a lock file beside the database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from helpline.store.files import holding

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_KEY = 0x68656C70  # "help": the PostgreSQL advisory lock every migrating process takes
MIGRATION_WAIT = "60s"
"""How long a starting process waits for another's migrations; the service's own lock timeout
(a second and a half, for requests) would fail every worker that starts beside a slow one."""


def upgrade(engine: Engine) -> str:
    """Run every migration the database has not had yet; return the revision it is now at."""
    with _migration_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SET LOCAL lock_timeout = '{MIGRATION_WAIT}'"))
            connection.execute(text(f"SET LOCAL statement_timeout = '{MIGRATION_WAIT}'"))
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        if current(connection) != head():
            command.upgrade(_config(connection), "head")
        return current(connection) or ""


def current(connection: Connection) -> str | None:
    """The revision a database is at; None for a database no migration has touched."""
    return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    """The newest revision this code knows."""
    revision = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert revision is not None, "the migrations folder has no revisions"
    return revision


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def sqlite_file(engine: Engine) -> str | None:
    """The path of the file an SQLite engine opens, or None (another database, or in memory)."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        return None
    return None if engine.url.query.get("uri") else path


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """For SQLite, an exclusive lock on a file beside the database; PostgreSQL locks inside
    the migrating transaction instead."""
    database = sqlite_file(engine)
    if database is None or not Path(database).parent.is_dir():
        yield  # nothing to lock: no file, or none can be made, which connecting will report
        return
    with holding(Path(f"{database}.migrate-lock")):
        yield
