"""helpline: an SMS and voice information line built from one structured content source."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from helpline import last_good
from helpline.audio import AudioLibrary
from helpline.catalog import Catalog
from helpline.config import ConfigError, configure
from helpline.loading import PACKAGED_CONTENT, load_catalog
from helpline.matching import Matcher
from helpline.problems import errors
from helpline.recorder import Recorder
from helpline.runtime import Runtime
from helpline.sms_render import render_sms
from helpline.state import Store, make_engine
from helpline.texting import TextSender
from helpline.voice_render import PhonePages, PhoneSettings, Speaker
from helpline.voice_script import dialable, read_for_voice

__all__ = ["ConfigError", "ContentError", "create_app"]
log = logging.getLogger(__name__)


class ContentError(RuntimeError):
    """The content has errors; the service will not start on it."""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, content, state and the webhooks."""
    app = Flask(__name__, instance_relative_config=True)
    configure(app, test_config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    catalog = _load_content(app)
    store = Store(
        make_engine(app.config["HELPLINE_DATABASE_URL"]),
        position_ttl=timedelta(hours=app.config["HELPLINE_MORE_HOURS"]),
    )
    store.create_schema()
    transfer = app.config.get("HELPLINE_TRANSFER_NUMBER") or dialable(
        catalog.service.helpline.number
    )
    if transfer is None:
        raise ConfigError("set HELPLINE_TRANSFER_NUMBER: the helpline number cannot be dialled")
    secret = app.config["HELPLINE_SECRET_KEY"].encode("utf-8")
    voice = read_for_voice(catalog)
    audio = AudioLibrary.load(Path(app.config["HELPLINE_AUDIO_DIR"]))
    public_url = app.config.get("HELPLINE_PUBLIC_URL")
    # Twilio fetches recordings by absolute address, so they play only where it is known.
    speaker = Speaker(audio if public_url else None, public_url or "")
    settings = PhoneSettings(app.config["HELPLINE_GATHER_TIMEOUT"], transfer)
    runtime = app.extensions["helpline"] = Runtime(
        catalog=catalog,
        matcher=Matcher(catalog),
        sms=render_sms(catalog),
        store=store,
        recorder=Recorder(store),
        secret=secret,
        voice=voice,
        phone=PhonePages(voice, speaker, settings),
        audio=audio,
        texts=TextSender(
            app.config.get("TWILIO_ACCOUNT_SID") or "",
            app.config.get("TWILIO_AUTH_TOKEN") or "",
            app.config.get("HELPLINE_SMS_FROM") or "",
            store,
            secret,
        ),
    )

    from helpline import audio_web, health, sms
    from helpline import voice as voice_webhooks

    app.register_blueprint(health.bp)
    app.register_blueprint(voice_webhooks.bp)
    app.register_blueprint(audio_web.create_blueprint(lambda: runtime_audio(app)))
    texts = sms.SmsEndpoint(
        runtime, auth_token=app.config.get("TWILIO_AUTH_TOKEN"), public_url=public_url
    )
    # Flask's documented way to add WSGI middleware; mypy cannot see that it is meant.
    app.wsgi_app = sms.mount(app.wsgi_app, texts)  # type: ignore[method-assign,assignment]
    return app


def _load_content(app: Flask) -> Catalog:
    """The content to serve: the configured folder, or when that is broken in a worker that
    `helpline serve` started, the last version that loaded cleanly (see last_good.py)."""
    configured = app.config.get("HELPLINE_CONTENT_DIR")
    folder = Path(configured) if configured else PACKAGED_CONTENT
    kept_at = Path(
        app.config.get("HELPLINE_LAST_GOOD_DIR") or Path(app.instance_path) / last_good.FOLDER
    )
    loaded = load_catalog(folder)
    problems = errors(loaded.problems)
    if loaded.catalog is not None and not problems:
        if app.config.get("HELPLINE_KEEP_SERVING"):
            last_good.remember(kept_at, folder, loaded.catalog.version)
        return loaded.catalog
    listing = "\n".join(str(p) for p in problems)
    kept = last_good.folder(kept_at) if app.config.get("HELPLINE_KEEP_SERVING") else None
    fallback = load_catalog(kept) if kept is not None else None
    if fallback is None or fallback.catalog is None or errors(fallback.problems):
        raise ContentError(f"the content has errors; run `helpline check`:\n{listing}")
    log.error(
        "the content in %s has errors, so this worker serves the last good version %s; "
        "fix them and run `helpline check`:\n%s",
        folder,
        fallback.catalog.version,
        listing,
    )
    app.config["HELPLINE_CONTENT_PROBLEMS"] = len(problems)
    return fallback.catalog


def runtime_audio(app: Flask) -> AudioLibrary:
    """The recordings this worker loaded at start-up."""
    runtime: Runtime = app.extensions["helpline"]
    return runtime.audio
