"""helpline: an SMS and voice information line built from one structured content source."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from helpline.audio.recordings import AudioLibrary
from helpline.channels.texting import TextSender
from helpline.channels.voice_render import PhoneSettings
from helpline.channels.voice_script import dialable
from helpline.content.gate import inspect
from helpline.content.model import Catalog
from helpline.releases.publishing import RELEASE_CACHE, ReleaseError, Releases
from helpline.releases.records import LIVE, ReleaseRecords
from helpline.serving import logs
from helpline.serving.config import ConfigError, configure
from helpline.serving.following import Follower, recordings_of
from helpline.serving.runtime import Release, Runtime, Services, compile_release
from helpline.store.consent import Consent
from helpline.store.database_guard import DatabaseDown, describe
from helpline.store.recorder import Recorder
from helpline.store.state import Store, make_engine

__all__ = ["ConfigError", "ContentError", "create_app"]
log = logging.getLogger(__name__)


class ContentError(RuntimeError):
    """The content has errors; the service will not start on it."""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, content, state and the webhooks."""
    app = Flask(__name__, instance_relative_config=True)
    configure(app, test_config)
    logs.configure()

    if not app.config.get("TWILIO_AUTH_TOKEN"):
        log.warning(
            "TWILIO_AUTH_TOKEN is not set: requests are NOT checked for Twilio's signature, so "
            "anyone who can reach this server can post texts and STOPs as any number. Fine on "
            "a laptop; never in front of the internet (production refuses to start like this)."
        )
    store = Store(
        make_engine(app.config["HELPLINE_DATABASE_URL"]),
        position_ttl=timedelta(hours=app.config["HELPLINE_MORE_HOURS"]),
    )
    _first_look_at_the_database(store)
    journal = app.config.get("HELPLINE_JOURNAL_DIR") or Path(app.instance_path) / "opt-outs"
    consent = Consent(store, Path(journal))
    secret = app.config["HELPLINE_SECRET_KEY"].encode("utf-8")
    releases = Releases(
        ReleaseRecords(store.engine),
        cache=Path(app.instance_path) / RELEASE_CACHE,
        secret=secret,
    )
    configured = app.config.get("HELPLINE_CONTENT_DIR")
    try:
        first = _first_content(app, releases, Path(configured) if configured else None)
    except ContentError:
        store.engine.dispose()  # nothing will serve: give the connections back now
        raise
    configured_transfer = app.config.get("HELPLINE_TRANSFER_NUMBER")
    transfer = configured_transfer or dialable(first.catalog.service.helpline.number)
    if transfer is None:
        raise ConfigError("set HELPLINE_TRANSFER_NUMBER: the helpline number cannot be dialled")
    audio_dir = Path(app.config["HELPLINE_AUDIO_DIR"])
    audio = AudioLibrary.load(audio_dir)
    public_url = app.config.get("HELPLINE_PUBLIC_URL")
    gather_timeout = app.config["HELPLINE_GATHER_TIMEOUT"]
    services = Services(
        store=store,
        recorder=Recorder(store),
        consent=consent,
        secret=secret,
        texts=TextSender(
            app.config.get("TWILIO_ACCOUNT_SID") or "",
            app.config.get("TWILIO_AUTH_TOKEN") or "",
            app.config.get("HELPLINE_SMS_FROM") or "",
            consent,
            secret,
            api_url=app.config.get("HELPLINE_TWILIO_API_URL") or "",
        ),
    )

    def compiled(
        release_id: int | None, catalog: Catalog, recorded: AudioLibrary | None = None
    ) -> Release:
        # Pressing 0 dials the helpline number of the release the caller hears.
        dial = configured_transfer or dialable(catalog.service.helpline.number) or transfer
        settings = PhoneSettings(gather_timeout, dial)
        return compile_release(release_id, catalog, recorded or audio, public_url, settings)

    recorded = recordings_of(releases, first.id, audio_dir)
    runtime = app.extensions["helpline"] = Runtime(
        compiled(first.id, first.catalog, recorded), services
    )
    follower = app.extensions["helpline.follower"] = Follower(
        runtime, releases, compiled, float(app.config["HELPLINE_RELEASE_POLL"]), audio_dir
    )
    _follow_now(follower)
    follower.start()
    consent.start()

    from helpline.audio import web as audio_web
    from helpline.channels import sms
    from helpline.channels import voice as voice_webhooks
    from helpline.channels.request_gate import RequestGate
    from helpline.operators import health

    app.register_blueprint(health.bp)
    app.register_blueprint(audio_web.create_blueprint(lambda: runtime_audio(app)))

    def current() -> Runtime:
        return runtime

    gate = RequestGate(
        app.wsgi_app,
        (sms.channel(current), voice_webhooks.channel(current)),
        auth_token=app.config.get("TWILIO_AUTH_TOKEN"),
        public_url=public_url,
    )
    # Flask's documented way to add WSGI middleware; mypy cannot see that it is meant.
    app.wsgi_app = gate  # type: ignore[method-assign]
    return app


def _first_look_at_the_database(store: Store) -> None:
    """Create the tables now if the database answers; a worker starts without it either way."""
    try:
        store.start()
    except DatabaseDown as down:
        log.error(
            "the database is unreachable (%s); starting anyway: texts and calls get the safe "
            "replies, and opt-outs are kept on local disk, until it is back",
            down.reason,
        )


@dataclass(frozen=True, slots=True)
class _First:
    id: int | None
    catalog: Catalog


def _first_content(app: Flask, releases: Releases, configured: Path | None) -> _First:
    """The content a worker starts on: the live release, after importing a configured folder
    whose content the database has not seen. A folder with errors stops `helpline serve` and
    any app started alone; a worker that `serve` started serves the live release instead, and
    says so. With no database, the configured (or packaged) content, if it passes the gate."""
    keep_serving = bool(app.config.get("HELPLINE_KEEP_SERVING"))
    live: int | None
    try:
        try:
            live = releases.ensure_live(configured)
        except ReleaseError as refused:
            listing = "\n".join(refused.problems)
            live = releases.records.pointers().get(LIVE) if keep_serving else None
            if live is None:
                raise ContentError(
                    f"the content has errors; run `helpline check`:\n{listing}"
                ) from refused
            log.error(
                "the content in %s has %d error(s), so this worker serves the live release "
                "%d; fix them and run `helpline check`:\n%s",
                configured,
                len(refused.problems),
                live,
                listing,
            )
            app.config["HELPLINE_CONTENT_PROBLEMS"] = len(refused.problems)
        catalog, problems = releases.servable(live)
    except (SQLAlchemyError, DatabaseDown, OSError) as down:
        log.error(
            "could not read the live release (%s); serving %s until the database answers",
            describe(down),
            configured or "the packaged content",
        )
        inspection = inspect(configured)
        live, catalog, problems = None, inspection.passed, [str(p) for p in inspection.errors]
    if catalog is None:
        listing = "\n".join(problems)
        raise ContentError(f"the content has errors; run `helpline check`:\n{listing}")
    return _First(live, catalog)


def _follow_now(follower: Follower) -> None:
    """Pick up a staged release and testers before the first request, if the database answers."""
    try:
        follower.follow()
    except (SQLAlchemyError, DatabaseDown, OSError) as down:
        log.warning("could not look for releases yet (%s); the worker will keep looking", down)


def runtime_audio(app: Flask) -> tuple[AudioLibrary, ...]:
    """The recordings of the live release, and of the staged one."""
    runtime: Runtime = app.extensions["helpline"]
    staged = runtime.staged
    live = runtime.release.audio
    return (live,) if staged is None or staged.audio is live else (live, staged.audio)
