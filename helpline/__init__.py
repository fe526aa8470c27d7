"""helpline: an SMS and voice information line built from one structured content source."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from helpline.audio.recordings import AudioLibrary
from helpline.channels.texting import TextSender
from helpline.channels.voice_render import PhoneSettings
from helpline.channels.voice_script import dialable
from helpline.content import last_good
from helpline.content.gate import Inspection, inspect
from helpline.content.model import Catalog
from helpline.serving import logs
from helpline.serving.config import ConfigError, configure
from helpline.serving.runtime import Runtime, Services, compile_release
from helpline.store.consent import Consent
from helpline.store.database_guard import DatabaseDown
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
    catalog = _load_content(app)
    store = Store(
        make_engine(app.config["HELPLINE_DATABASE_URL"]),
        position_ttl=timedelta(hours=app.config["HELPLINE_MORE_HOURS"]),
    )
    _first_look_at_the_database(store)
    journal = app.config.get("HELPLINE_JOURNAL_DIR") or Path(app.instance_path) / "opt-outs"
    consent = Consent(store, Path(journal))
    transfer = app.config.get("HELPLINE_TRANSFER_NUMBER") or dialable(
        catalog.service.helpline.number
    )
    if transfer is None:
        raise ConfigError("set HELPLINE_TRANSFER_NUMBER: the helpline number cannot be dialled")
    secret = app.config["HELPLINE_SECRET_KEY"].encode("utf-8")
    audio = AudioLibrary.load(Path(app.config["HELPLINE_AUDIO_DIR"]))
    public_url = app.config.get("HELPLINE_PUBLIC_URL")
    settings = PhoneSettings(app.config["HELPLINE_GATHER_TIMEOUT"], transfer)
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
    release = compile_release(catalog, audio, public_url, settings)
    runtime = app.extensions["helpline"] = Runtime(release, services)
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
        store.check()
    except DatabaseDown as down:
        log.error(
            "the database is unreachable (%s); starting anyway: texts and calls get the safe "
            "replies, and opt-outs are kept on local disk, until it is back",
            down.reason,
        )


def _load_content(app: Flask) -> Catalog:
    """The content to serve: the configured folder if it passes the gate; otherwise, in a
    worker that `helpline serve` started, the last version that passed (content/last_good.py)."""
    configured = app.config.get("HELPLINE_CONTENT_DIR")
    inspection = inspect(Path(configured) if configured else None)
    keep_serving = bool(app.config.get("HELPLINE_KEEP_SERVING"))
    kept_at = Path(
        app.config.get("HELPLINE_LAST_GOOD_DIR") or Path(app.instance_path) / last_good.FOLDER
    )
    catalog = inspection.passed
    if catalog is not None:
        if keep_serving:
            _remember(kept_at, inspection)
        return catalog
    listing = "\n".join(str(p) for p in inspection.errors)
    kept = last_good.folder(kept_at) if keep_serving else None
    fallback = inspect(kept) if kept is not None else None
    if fallback is None or fallback.passed is None:
        raise ContentError(f"the content has errors; run `helpline check`:\n{listing}")
    log.error(
        "the content in %s has %d error(s), so this worker serves the last good version %s; "
        "fix them and run `helpline check`:\n%s",
        inspection.folder,
        len(inspection.errors),
        fallback.passed.version,
        listing,
    )
    app.config["HELPLINE_CONTENT_PROBLEMS"] = len(inspection.errors)
    return fallback.passed


def _remember(kept_at: Path, inspection: Inspection) -> None:
    """Keep content that passed the gate; a folder that cannot be written costs only a log line."""
    assert inspection.passed is not None
    try:
        last_good.remember(kept_at, inspection.folder, inspection.passed.version)
    except OSError as exc:
        log.error(
            "could not keep a copy of the good content in %s (%s); serving it anyway, but a "
            "worker started after a bad edit will have no last good version to fall back on",
            kept_at,
            exc,
        )


def runtime_audio(app: Flask) -> AudioLibrary:
    """The recordings of the live release."""
    runtime: Runtime = app.extensions["helpline"]
    return runtime.release.audio
