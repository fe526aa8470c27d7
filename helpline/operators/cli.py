"""The `helpline` command: check content, try the webhooks, serve, and look after state."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from helpline import ContentError, create_app
from helpline.audio.recordings import EngineUnavailable, FolderBusy
from helpline.audio.recordings import build as build_audio
from helpline.channels.sms_render import render_sms
from helpline.channels.twiml import message_xml
from helpline.channels.voice_render import FALLBACK_FILE, PhonePages, PhoneSettings, Speaker
from helpline.channels.voice_script import VoiceBook, read_for_voice
from helpline.content import codes, fingerprints
from helpline.content.gate import inspect
from helpline.content.loading import PACKAGED_CONTENT
from helpline.operators import release_commands
from helpline.operators.evaluation import (
    ALARMS,
    DEFAULT_FOLDER,
    SETS,
    Report,
    Score,
    evaluate,
    figure,
    shown,
)
from helpline.operators.evaluation import unpunctuated as dictated
from helpline.operators.metrics import MULTIPROCESS_DIR
from helpline.serving.config import (
    DEFAULT_AUDIO_DIR,
    MIN_GATHER_TIMEOUT,
    ConfigError,
    settings_only,
)
from helpline.serving.runtime import current
from helpline.store import schema
from helpline.store.database_guard import describe
from helpline.store.files import replace_file
from helpline.store.state import make_engine
from helpline.text.gsm import encoding_of
from helpline.understanding.matching import Matcher

TRY_FROM = "+447700900123"  # Ofcom's range for drama: never a real person's number
TRY_TO = "+447700900000"


content_dir_option = click.option(
    "--content-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="HELPLINE_CONTENT_DIR",
    help="Content folder (default: the packaged content).",
)
"""The content folder a command reads: HELPLINE_CONTENT_DIR, or the packaged content."""


@click.group()
def main() -> None:
    """helpline: an SMS and voice information line from one content source."""


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--list-rules", is_flag=True, help="List every rule's code and what it checks.")
@content_dir_option
def check(strict: bool, content_dir: Path | None, list_rules: bool) -> None:
    """Validate the content and report every problem with its place and code."""
    if list_rules:
        for rule in codes.ALL:
            click.echo(f"{rule.code}  {rule.severity.value:7}  {rule.summary}")
        return
    inspection = inspect(content_dir)
    for problem in inspection.problems:
        click.echo(str(problem))
    errors = len(inspection.errors)
    warnings = len(inspection.problems) - errors
    catalog = inspection.catalog
    version = catalog.version if catalog else "unusable"
    topics = len(catalog.topics) if catalog else 0
    click.echo(
        f"{errors} error(s), {warnings} warning(s) in {inspection.folder} "
        f"({topics} topics, content version {version})"
    )
    if errors or (strict and warnings):
        sys.exit(1)


@main.group("try")
def try_() -> None:
    """Send messages through the real webhooks in-process and show the replies."""


@try_.command("sms")
@click.argument("messages", nargs=-1, required=True)
@click.option("--from", "sender", default=TRY_FROM, show_default=True, help="Sender number.")
def try_sms(messages: tuple[str, ...], sender: str) -> None:
    """Text MESSAGES in order, as one sender, e.g. helpline try sms "bone" "MORE"."""
    post = _Twilio(_app())
    for message in messages:
        params = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "From": sender,
            "To": TRY_TO,
            "Body": message,
            "NumMedia": "0",
        }
        response = post("/sms", params)
        click.secho(f"> {message}", bold=True)
        if response.status_code != 200:
            click.secho(f"HTTP {response.status_code}", fg="red")
            continue
        replies = [m.text or "" for m in ET.fromstring(response.data).iter("Message")]
        if not replies:
            click.echo("(no reply is sent)")
        for reply in replies:
            encoding = encoding_of(reply)
            click.echo(reply)
            click.secho(
                f"[{encoding.name}, {encoding.segments} segment(s), {len(reply)} characters]",
                fg="cyan",
            )
        click.echo()
    post.finish()


@try_.command("call")
@click.option(
    "--keys",
    default=None,
    help='Steps to take without asking, e.g. "1,2,9" or "1,say:numb legs,-" (- waits in silence).',
)
@click.option("--from", "caller", default=TRY_FROM, show_default=True, help="Caller number.")
def try_call(keys: str | None, caller: str) -> None:
    """Call the phone line in the terminal: see what is said or played, press keys or type words."""
    post = _Twilio(_app())
    call = {"CallSid": "CA" + secrets.token_hex(16), "From": caller, "To": TRY_TO}
    call |= {"CallStatus": "in-progress", "Direction": "inbound"}
    steps = [k.strip() for k in keys.split(",")] if keys is not None else None
    try:
        _follow_call(post, call, steps)
    finally:
        post.finish()


def _follow_call(post: _Twilio, call: dict[str, str], steps: list[str] | None) -> None:
    """Step through a call until it ends, the caller hangs up, or the scripted keys run out."""
    address, extra = "/voice", dict[str, str]()
    while True:
        response = post(address, {**call, **extra})
        if response.status_code != 200:
            raise click.ClickException(f"HTTP {response.status_code} from {address}")
        page = ET.fromstring(response.data)
        _show_call_page(page)
        gather, redirect = page.find("Gather"), page.find("Redirect")
        dial = page.find("Dial")
        if dial is not None:
            click.secho("[the nurses' line answers and the call is handed over]", fg="cyan")
            address, extra = dial.attrib["action"], {"DialCallStatus": "completed"}
            continue
        if gather is None:
            if redirect is not None and redirect.text:
                address, extra = redirect.text, {}
                continue
            click.secho("[call ended]", fg="cyan")
            return
        step = _next_step(steps)
        if step is None:
            click.secho("[you hang up]", fg="cyan")
            return
        if step in ("", "-"):
            click.secho("(silence)", fg="cyan")
            if redirect is None or not redirect.text:
                click.secho("[call ended]", fg="cyan")
                return
            address, extra = redirect.text, {}
        elif len(step) == 1 or step.startswith("press:"):
            key = step.removeprefix("press:")
            click.secho(f"> press {key}", bold=True)
            address, extra = gather.attrib["action"], {"Digits": key}
        else:
            words = step.removeprefix("say:")
            click.secho(f'> say "{words}"', bold=True)
            address, extra = gather.attrib["action"], {"SpeechResult": words, "Confidence": "0.9"}


def _show_call_page(page: ET.Element) -> None:
    listening = ""
    for element in page.iter():
        if element.tag == "Say":
            slower = " (slower)" if element.find("prosody") is not None else ""
            click.echo(f"SAY{slower}: {''.join(element.itertext()).strip()}")
        elif element.tag == "Play":
            click.echo(f"PLAY: {element.text}")
        elif element.tag == "Number":
            click.echo(f"DIAL: {element.text}")
        elif element.tag == "Hangup":
            click.echo("HANG UP")
        elif element.tag == "Gather":
            listening = f"[listening for a key or words for {element.attrib.get('timeout')} s]"
    if listening:
        click.secho(listening, fg="cyan")


def _next_step(steps: list[str] | None) -> str | None:
    """The next scripted step, or one typed at the prompt: a key, words, or nothing."""
    if steps is not None:
        return steps.pop(0) if steps else None
    try:
        typed: str = click.prompt(
            "key, words, or Enter for silence (Ctrl-D hangs up)", default="", show_default=False
        )
    except (EOFError, click.Abort):
        return None
    return typed.strip()


@main.command()
@click.option(
    "--audio-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="HELPLINE_AUDIO_DIR",
    default=DEFAULT_AUDIO_DIR,
    show_default=True,
    help="Where recordings and their manifest go.",
)
@content_dir_option
@click.option("--workers", default=2, show_default=True, help="Speech engine processes.")
@click.option("--progress/--no-progress", default=True, help="Show a progress bar.")
@click.option(
    "--prune",
    is_flag=True,
    help="Delete recordings no prompt uses any more (only when no server is running on them).",
)
def build(
    audio_dir: Path, content_dir: Path | None, workers: int, progress: bool, prune: bool
) -> None:
    """Render every prompt and script to telephone audio, and write the static fallback TwiML."""
    if not _build_audio(audio_dir, content_dir, workers=workers, progress=progress, prune=prune):
        sys.exit(1)


def _build_audio(
    audio_dir: Path, content_dir: Path | None, *, workers: int, progress: bool, prune: bool
) -> bool:
    """The work of `helpline build`; False when some or all of the audio could not be made."""
    catalog = inspect(content_dir).passed
    if catalog is None:
        raise click.ClickException("the content has errors; run `helpline check`")
    book = read_for_voice(catalog)
    audio_dir.mkdir(parents=True, exist_ok=True)
    fallback_file = audio_dir / FALLBACK_FILE
    replace_file(fallback_file, _voice_fallback(book) + "\n")
    click.echo(f"wrote {fallback_file}: host it and set it as the number's voice Fallback URL")
    try:
        summary = build_audio(
            book.utterances(), audio_dir, workers=workers, progress=progress, prune=prune
        )
    except EngineUnavailable as exc:
        click.secho(f"no speech engine can run here: {exc}", fg="red", err=True)
        click.echo("The service still works: callers hear the same words through <Say>.", err=True)
        return False
    except FolderBusy as exc:
        raise click.ClickException(str(exc)) from exc
    for line in summary.lines():
        click.echo(line)
    for text, reason in summary.failed:
        click.secho(f"failed: {text!r}: {reason}", fg="red", err=True)
    return not summary.failed


def _voice_fallback(book: VoiceBook) -> str:
    """The static voice fallback: words only, so it plays from any host with no audio."""
    return PhonePages(book, Speaker(None, ""), PhoneSettings(MIN_GATHER_TIMEOUT, "")).fallback()


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve(gunicorn_args: tuple[str, ...]) -> None:
    """Bring the recordings up to date, then start gunicorn on $PORT with $WEB_CONCURRENCY workers.

    Set HELPLINE_BUILD_AUDIO=0 to skip the audio build; without it, callers hear <Say>.
    """
    app = _app()  # fail here, with the reason, rather than in every worker
    if _upgrade_database() is None:
        click.echo("Starting anyway: each worker migrates the database when it can reach it.")
    if os.environ.get("HELPLINE_BUILD_AUDIO", "1") != "0":
        content_dir = app.config.get("HELPLINE_CONTENT_DIR")
        built = _build_audio(
            Path(app.config["HELPLINE_AUDIO_DIR"]),
            Path(content_dir) if content_dir else None,
            workers=2,
            progress=False,
            prune=True,  # no worker is running on the old files yet
        )
        if not built:
            click.echo("Starting anyway: prompts without a recording are spoken by <Say>.")
    # Checked above; from here on a worker that meets a bad edit serves the last good content.
    os.environ["HELPLINE_KEEP_SERVING"] = "1"
    # Before gunicorn imports prometheus_client: every worker keeps its counters in files here,
    # and a scrape of /metrics sums them (metrics.py). A fresh folder for each start.
    os.environ.setdefault(MULTIPROCESS_DIR, tempfile.mkdtemp(prefix="helpline-metrics-"))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:helpline.serving.gunicorn_config",
    ]
    os.execv(sys.executable, [*command, *gunicorn_args, "helpline:create_app()"])


@main.command()
@click.option("--voice", is_flag=True, help="The voice Fallback URL's document instead.")
def fallback(voice: bool) -> None:
    """Print the static TwiML for a Twilio Fallback URL: messaging, or with --voice, calls."""
    app = _app()
    with app.app_context():
        click.echo(
            _voice_fallback(current().release.voice)
            if voice
            else message_xml(current().release.sms.fallback)
        )


@main.command()
def purge() -> None:
    """Delete operational records older than HELPLINE_RETENTION_DAYS (default 90)."""
    app = _app()
    with app.app_context():
        days = app.config["HELPLINE_RETENTION_DAYS"]
        removed = current().services.store.purge(timedelta(days=days))
    click.echo(f"removed {removed} record(s) older than {days:g} days")


@main.command()
def usage() -> None:
    """Show anonymous usage counts by channel, topic and how messages matched."""
    app = _app()
    with app.app_context():
        rows = current().services.store.usage_counts()
    click.echo(f"{'channel':8} {'topic':28} {'matched by':16} count")
    for channel, topic, matched_by, count in rows:
        click.echo(f"{channel:8} {topic or '-':28} {matched_by:16} {count}")


class _Twilio:
    """Posts to the app in-process, signed as Twilio signs, to the address Twilio would use."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()
        self.token = app.config.get("TWILIO_AUTH_TOKEN")
        self.account = app.config.get("TWILIO_ACCOUNT_SID") or "AC" + "0" * 32
        self.base = (app.config.get("HELPLINE_PUBLIC_URL") or "http://localhost").rstrip("/")

    def finish(self) -> None:
        """Write what the webhooks queued, so `helpline usage` sees it straight away."""
        with self.app.app_context():
            current().services.recorder.flush()

    def __call__(self, address: str, params: dict[str, str]) -> TestResponse:
        form = {"AccountSid": self.account, **params}
        headers = {}
        if self.token:
            validator = RequestValidator(self.token)
            headers["X-Twilio-Signature"] = validator.compute_signature(self.base + address, form)
        return self.client.post(address, data=form, headers=headers, base_url=self.base)


def _app() -> Flask:
    try:
        return create_app()
    except (ContentError, ConfigError) as exc:
        raise click.ClickException(str(exc)) from exc


@main.group()
def db() -> None:
    """Look after the service database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Run the database migrations this code has and the database has not; safe to repeat."""
    revision = _upgrade_database()
    if revision is None:
        raise click.exceptions.Exit(1)
    click.echo(f"the database is at revision {revision} (the newest is {schema.head()})")


def _upgrade_database() -> str | None:
    """Migrate the configured database under the migration lock; None, with the reason
    printed, when that cannot be done now."""
    try:
        app = settings_only()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    engine = make_engine(app.config["HELPLINE_DATABASE_URL"])
    try:
        return schema.upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        click.secho(f"could not upgrade the database: {describe(exc)}", fg="red", err=True)
        return None
    finally:
        engine.dispose()


@main.command("eval")
@click.option(
    "--sets",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_FOLDER,
    show_default=True,
    help="Folder holding the dev/ and holdout/ evaluation sets.",
)
@click.option(
    "--only", type=click.Choice(SETS), default=None, help="Run one set (dev while building)."
)
@click.option("--misses/--no-misses", default=True, help="List every miss.")
@click.option("--strict", is_flag=True, help="Exit 1 when any goal is missed.")
@click.option(
    "--by-kind", is_flag=True, help="Also give each figure for each kind of case, worst first."
)
@click.option(
    "--unpunctuated",
    is_flag=True,
    help="Read every message as dictated in one breath, its sentence marks taken out "
    "(numbers kept whole): a probe of how the line copes, not a set of its own.",
)
@content_dir_option
def eval_(
    folder: Path,
    only: str | None,
    misses: bool,
    strict: bool,
    by_kind: bool,
    unpunctuated: bool,
    content_dir: Path | None,
) -> None:
    """Measure the matcher: urgent recall, right condition, false alarms, questions answered."""
    catalog = inspect(content_dir).catalog
    if catalog is None:
        raise click.ClickException("the content cannot be loaded; run `helpline check`")
    matcher, book = Matcher(catalog), render_sms(catalog)
    reports = [
        evaluate(matcher, book, folder / name, name, dictated if unpunctuated else str)
        for name in ((only,) if only else SETS)
        if (folder / name).is_dir()
    ]
    if not reports:
        raise click.ClickException(f"no evaluation sets in {folder}")
    missed = False
    for report in reports:
        if misses:
            _print_misses(report)
    for report in reports:
        click.secho(f"{report.name}:", bold=True)
        for key, score, goal, met in report.measures():
            rate, count = figure(score.passed, score.total, alarms=key == ALARMS)
            bound = "<=" if key == ALARMS else ">="
            mark = "met" if met else "MISSED"
            percent = shown(rate, alarms=key == ALARMS)
            click.echo(
                f"  {key:16} {percent:>6}  ({count}/{score.total}; goal {bound} {goal:.0%}: {mark})"
            )
            if by_kind:
                _print_kinds(score, alarms=key == ALARMS)
            missed = missed or not met
    if strict and missed:
        sys.exit(1)


def _print_kinds(score: Score, *, alarms: bool) -> None:
    """One measure for each kind of case, the kinds furthest from the goal first."""
    rows = [
        (*figure(passed, total, alarms=alarms), total, kind)
        for kind, (passed, total) in score.by_kind.items()
    ]
    for rate, count, total, kind in sorted(rows, key=lambda r: -r[0] if alarms else r[0]):
        click.echo(
            f"    {kind or '(no kind)':20} {shown(rate, alarms=alarms):>6}  ({count}/{total})"
        )


def _print_misses(report: Report) -> None:
    """Every miss, with what the person got, so a reader can see the kind of wording missed."""
    for key, score, _, _ in report.measures():
        for case, reply in score.misses:
            wanted = case.conditions or case.facts or (case.topic,) if key != ALARMS else ()
            click.echo(f"[{report.name} {key} {case.kind}] {case.text}")
            if wanted:
                click.echo(f"    wanted: {', '.join(str(w) for w in wanted)}")
            click.echo(f"    got:    {reply[:150].replace(chr(10), ' / ')}")


@main.command()
@click.argument("document", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@content_dir_option
def fingerprint(document: Path, content_dir: Path | None) -> None:
    """Fingerprint a source document, so check can catch wording copied from it."""
    folder = content_dir or PACKAGED_CONTENT
    target = fingerprints.path_for(folder, document.name)
    taken = fingerprints.take(document.read_text(encoding="utf-8"))
    fingerprints.write(taken, target, document.name)
    click.echo(
        f"wrote {target}: {len(taken.runs)} runs of {fingerprints.RUN} words and "
        f"{len(taken.rare)} rare words from {document.name}; its text is not kept"
    )


for _command in release_commands.COMMANDS:
    main.add_command(_command)
