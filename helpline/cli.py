"""The `helpline` command: check content, try the webhooks, serve, and look after state."""

from __future__ import annotations

import os
import secrets
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import click
from flask import Flask
from twilio.request_validator import RequestValidator

from helpline import ContentError, create_app
from helpline.config import ConfigError
from helpline.gsm import encoding_of
from helpline.loading import PACKAGED_CONTENT, load_catalog
from helpline.problems import Severity
from helpline.rules import check as check_content
from helpline.runtime import current
from helpline.twiml import message_xml

TRY_FROM = "+447700900123"  # Ofcom's range for drama: never a real person's number
TRY_TO = "+447700900000"


@click.group()
def main() -> None:
    """helpline: an SMS and voice information line from one content source."""


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--content-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="HELPLINE_CONTENT_DIR",
    help="Content folder (default: the packaged content).",
)
def check(strict: bool, content_dir: Path | None) -> None:
    """Validate the content and report every problem with its place."""
    result = load_catalog(content_dir)
    problems = check_content(result, date.today())
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    version = result.catalog.version if result.catalog else "unusable"
    topics = len(result.catalog.topics) if result.catalog else 0
    click.echo(
        f"{errors} error(s), {warnings} warning(s) in {content_dir or PACKAGED_CONTENT} "
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
    app = _app()
    client = app.test_client()
    token = app.config.get("TWILIO_AUTH_TOKEN")
    base = (app.config.get("HELPLINE_PUBLIC_URL") or "http://localhost").rstrip("/")
    url = f"{base}/sms"
    for message in messages:
        params = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": app.config.get("TWILIO_ACCOUNT_SID") or "AC" + "0" * 32,
            "From": sender,
            "To": TRY_TO,
            "Body": message,
            "NumMedia": "0",
        }
        headers = {}
        if token:
            headers["X-Twilio-Signature"] = RequestValidator(token).compute_signature(url, params)
        response = client.post("/sms", data=params, headers=headers, base_url=base)
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


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve(gunicorn_args: tuple[str, ...]) -> None:
    """Start the production server (gunicorn on $PORT, $WEB_CONCURRENCY workers)."""
    _app()  # fail here, with the reason, rather than in every worker
    command = [sys.executable, "-m", "gunicorn", "--config", "python:helpline.gunicorn_config"]
    os.execv(sys.executable, [*command, *gunicorn_args, "helpline:create_app()"])


@main.command()
def fallback() -> None:
    """Print the static TwiML for Twilio's messaging Fallback URL."""
    app = _app()
    with app.app_context():
        click.echo(message_xml(current().sms.fallback))


@main.command()
def purge() -> None:
    """Delete operational records older than HELPLINE_RETENTION_DAYS (default 90)."""
    app = _app()
    with app.app_context():
        days = app.config["HELPLINE_RETENTION_DAYS"]
        removed = current().store.purge(timedelta(days=days))
    click.echo(f"removed {removed} record(s) older than {days:g} days")


@main.command()
def usage() -> None:
    """Show anonymous usage counts by channel, topic and how messages matched."""
    app = _app()
    with app.app_context():
        rows = current().store.usage_counts()
    click.echo(f"{'channel':8} {'topic':28} {'matched by':16} count")
    for channel, topic, matched_by, count in rows:
        click.echo(f"{channel:8} {topic or '-':28} {matched_by:16} {count}")


def _app() -> Flask:
    try:
        return create_app()
    except (ContentError, ConfigError) as exc:
        raise click.ClickException(str(exc)) from exc
