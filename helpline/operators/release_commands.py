"""The `helpline` commands for releases: publish, stage, releases, diff, rollback, export,
testers and audit. Each is a thin layer over releases/publishing.py, which a console can
call the same way."""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Iterator
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from helpline.operators.evaluation import DEFAULT_FOLDER
from helpline.releases.publishing import RELEASE_CACHE, Busy, ReleaseError, Releases
from helpline.releases.records import ReleaseRecords
from helpline.serving.config import ConfigError, settings_only
from helpline.store import schema
from helpline.store.database_guard import describe
from helpline.store.state import make_engine

_folder_option = click.option(
    "--content-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="HELPLINE_CONTENT_DIR",
    help="Content folder (default: the packaged content).",
)
_note_option = click.option("--note", required=True, help="Why: kept in the audit log.")
_by_option = click.option("--by", "by", default=None, help="Who (default: your user name).")


@contextlib.contextmanager
def operations() -> Iterator[Releases]:
    """The release operations on the configured database, its schema brought up to date;
    a refusal or an unreachable database ends the command with exit status 1."""
    try:
        app = settings_only()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    engine = make_engine(app.config["HELPLINE_DATABASE_URL"])
    building = os.environ.get("HELPLINE_BUILD_AUDIO", "1") != "0"
    try:
        schema.upgrade(engine)
        releases = Releases(
            ReleaseRecords(engine),
            cache=Path(app.instance_path) / RELEASE_CACHE,
            secret=app.config["HELPLINE_SECRET_KEY"].encode("utf-8"),
            audio_dir=Path(app.config["HELPLINE_AUDIO_DIR"]) if building else None,
            evaluation=Path(app.config.get("HELPLINE_EVALUATION_DIR") or DEFAULT_FOLDER),
        )
        releases.ensure_live(None)  # on an empty database, the packaged content is release 1
        yield releases
    except ReleaseError as exc:
        for problem in exc.problems:
            click.secho(problem, fg="red", err=True)
        click.secho("nothing was changed", fg="red", err=True)
        raise click.exceptions.Exit(1) from exc
    except Busy as exc:
        click.secho(f"{exc}; nothing was changed", fg="red", err=True)
        raise click.exceptions.Exit(1) from exc
    except (SQLAlchemyError, OSError) as exc:
        click.secho(f"the database cannot be used: {describe(exc)}", fg="red", err=True)
        raise click.exceptions.Exit(1) from exc
    finally:
        engine.dispose()


def _actor(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


@click.command()
@_folder_option
@_note_option
@_by_option
def publish(content_dir: Path | None, note: str, by: str | None) -> None:
    """Check content through the whole gate, build its recordings and make it live everywhere."""
    with operations() as releases:
        done = releases.publish(content_dir, note=note, by=_actor(by))
    for warning in done.warnings:
        click.secho(warning, fg="yellow")
    click.echo(f"published release {done.release_id} (content {done.content_hash}); it is live")


@click.command()
@_folder_option
@_note_option
@_by_option
def stage(content_dir: Path | None, note: str, by: str | None) -> None:
    """Check content through the whole gate, build its recordings and store it for testers,
    without making it live."""
    with operations() as releases:
        done = releases.stage(content_dir, note=note, by=_actor(by))
    for warning in done.warnings:
        click.secho(warning, fg="yellow")
    click.echo(f"staged release {done.release_id} (content {done.content_hash}); testers get it")


@click.command("releases")
def releases_() -> None:
    """List releases, newest first: id, when, by, state, content hash and note."""
    with operations() as releases:
        rows = releases.listing()
    click.echo(f"{'id':>4}  {'when (UTC)':16}  {'by':12}  {'state':12}  {'content':12}  note")
    for record, state in rows:
        when = record.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(
            f"{record.id:>4}  {when:16}  {record.created_by[:12]:12}  {state:12}  "
            f"{record.content_hash:12}  {record.note}"
        )


@click.command()
@click.argument("first")
@click.argument("second")
def diff(first: str, second: str) -> None:
    """What changed from release FIRST to SECOND (ids, live or staged), per topic and field."""
    with operations() as releases:
        lines = releases.diff(first, second)
    for line in lines or ["no differences"]:
        click.echo(line)


@click.command()
@click.argument("release", required=False, type=int)
@_note_option
@_by_option
def rollback(release: int | None, note: str, by: str | None) -> None:
    """Make an earlier release live again: RELEASE, or the one live before the current one."""
    with operations() as releases:
        done = releases.rollback(release, note=note, by=_actor(by))
    click.echo(f"release {done.release_id} (content {done.content_hash}) is live again")


@click.command()
@click.argument("release")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export(release: str, folder: Path) -> None:
    """Write RELEASE (an id, live or staged) to FOLDER as content files."""
    with operations() as releases:
        release_id = releases.export(release, folder)
    click.echo(f"wrote release {release_id} to {folder}")


@click.group()
def testers() -> None:
    """Phone numbers that get the staged release instead of the live one."""


@testers.command("add")
@click.argument("number")
@_by_option
def testers_add(number: str, by: str | None) -> None:
    """Let NUMBER (+44… form) get the staged release on SMS and voice."""
    with operations() as releases:
        added = releases.add_tester(number, by=_actor(by))
    click.echo("added" if added else "already a tester")


@testers.command("remove")
@click.argument("number")
@_by_option
def testers_remove(number: str, by: str | None) -> None:
    """Give NUMBER the live release again."""
    with operations() as releases:
        removed = releases.remove_tester(number, by=_actor(by))
    click.echo("removed" if removed else "not a tester")


@testers.command("list")
@click.argument("number", required=False)
def testers_list(number: str | None) -> None:
    """How many testers there are, or whether NUMBER is one; numbers are kept only as
    pseudonyms, so they cannot be listed."""
    with operations() as releases:
        if number is not None:
            click.echo("a tester" if releases.is_tester(number) else "not a tester")
            return
        count = len(releases.records.testers())
    click.echo(f"{count} tester number(s)")


@click.command()
def audit() -> None:
    """Every publish, stage, rollback, import and tester change: who, when, why, and the live
    content before and after."""
    with operations() as releases:
        entries = releases.records.audit()
    for entry in entries:
        when = entry.at.strftime("%Y-%m-%d %H:%M:%S")
        release = f"release {entry.release_id}" if entry.release_id is not None else "-"
        change = f"{entry.hash_before or '-'} -> {entry.hash_after or '-'}"
        click.echo(f"{when}  {entry.actor}  {entry.action}  {release}  {change}  {entry.note}")


COMMANDS = (publish, stage, releases_, diff, rollback, export, testers, audit)
