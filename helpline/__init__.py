"""helpline: an SMS and voice information line built from one structured content source."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from helpline.config import ConfigError, configure
from helpline.loading import load_catalog
from helpline.matching import Matcher
from helpline.problems import errors
from helpline.recorder import Recorder
from helpline.runtime import Runtime
from helpline.sms_render import render_sms
from helpline.state import Store, make_engine

__all__ = ["ConfigError", "ContentError", "create_app"]


class ContentError(RuntimeError):
    """The content has errors; the service will not start on it."""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, content, state and the webhooks."""
    app = Flask(__name__, instance_relative_config=True)
    configure(app, test_config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    content_dir = app.config.get("HELPLINE_CONTENT_DIR")
    loaded = load_catalog(Path(content_dir) if content_dir else None)
    problems = errors(loaded.problems)
    if loaded.catalog is None or problems:
        listing = "\n".join(str(p) for p in problems)
        raise ContentError(f"the content has errors; run `helpline check`:\n{listing}")
    store = Store(
        make_engine(app.config["HELPLINE_DATABASE_URL"]),
        position_ttl=timedelta(hours=app.config["HELPLINE_MORE_HOURS"]),
    )
    store.create_schema()
    app.extensions["helpline"] = Runtime(
        catalog=loaded.catalog,
        matcher=Matcher(loaded.catalog),
        sms=render_sms(loaded.catalog),
        store=store,
        recorder=Recorder(store),
        secret=app.config["HELPLINE_SECRET_KEY"].encode("utf-8"),
    )

    from helpline import health, sms

    app.register_blueprint(health.bp)
    app.register_blueprint(sms.bp)
    return app
