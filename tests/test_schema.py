"""The database schema comes from Alembic migrations, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner

from helpline.operators.cli import main
from helpline.store.schema import MIGRATIONS, current, head, upgrade
from helpline.store.state import Outcome, Store, make_engine, metadata
from tests.conftest import at_once

TABLES = {"consent", "positions", "processed_messages", "usage_counts", "sent_texts"}


def test_an_empty_database_is_migrated_to_the_newest_revision(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert upgrade(engine) == head()
        assert set(sa.inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as conn:
            assert current(conn) == head()
    finally:
        engine.dispose()


def test_the_migrated_schema_is_exactly_the_one_the_code_declares(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_a_database_made_before_migrations_keeps_its_rows_when_upgraded(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        tables_before_migrations().create_all(engine)
        old = Store(engine, position_ttl=timedelta(hours=1))
        old._schema_ready = True  # written as the old code wrote, with no migration yet
        old.record(Outcome("SM1", "", "sms", None, "stop", "kept", opted_out=True))
        with engine.connect() as conn:
            assert current(conn) is None
        assert upgrade(engine) == head()
        assert Store(engine, position_ttl=timedelta(hours=1)).is_opted_out("kept")
    finally:
        engine.dispose()


def tables_before_migrations() -> sa.MetaData:
    """The tables as the service created them before migrations: the baseline's own list."""
    spec = importlib.util.spec_from_file_location(
        "baseline", MIGRATIONS / "versions" / "0001_baseline.py"
    )
    assert spec is not None and spec.loader is not None
    baseline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(baseline)
    old = sa.MetaData()
    for name, (columns, indexed) in baseline.TABLES.items():
        table = sa.Table(name, old, *columns())
        for column in indexed:
            sa.Index(f"ix_{name}_{column}", table.c[column])
    return old


def test_upgrading_twice_changes_nothing_the_second_time(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        store = Store(engine, position_ttl=timedelta(hours=1))
        store.record(Outcome("SM1", "", "sms", None, "stop", "kept", opted_out=True))
        assert upgrade(engine) == head()
        assert store.is_opted_out("kept")
    finally:
        engine.dispose()


def test_workers_migrating_at_once_leave_one_record_of_the_revision(database_url: str) -> None:
    engines = [make_engine(database_url) for _ in range(4)]
    try:
        assert at_once(upgrade, engines) == [head()] * 4
        with engines[0].connect() as conn:
            versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).all()
        assert [row[0] for row in versions] == [head()]
    finally:
        for engine in engines:
            engine.dispose()


def test_db_upgrade_migrates_the_configured_database_and_says_to_which_revision(
    database_url: str, tmp_path: Path
) -> None:
    env = {"HELPLINE_DATABASE_URL": database_url, "HELPLINE_SECRET_KEY": "k"}
    result = CliRunner().invoke(main, ["db", "upgrade"], env=env)
    assert result.exit_code == 0, result.output
    assert f"at revision {head()}" in result.output
    engine = make_engine(database_url)
    try:
        assert set(sa.inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_db_upgrade_with_no_database_to_reach_fails_with_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "helpline.sqlite3"
    env = {"HELPLINE_DATABASE_URL": f"sqlite:///{missing}", "HELPLINE_SECRET_KEY": "k"}
    result = CliRunner().invoke(main, ["db", "upgrade"], env=env)
    assert result.exit_code == 1
    assert "could not upgrade the database" in result.output
