"""Configuration in layers: defaults, the instance file, the environment, then tests."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from helpline.store.files import replace_file

MAX_BODY_BYTES = 64 * 1024
SETTINGS = (
    "TWILIO_AUTH_TOKEN",
    "TWILIO_ACCOUNT_SID",
    "HELPLINE_SMS_FROM",
    "HELPLINE_PUBLIC_URL",
    "HELPLINE_DATABASE_URL",
    "HELPLINE_CONTENT_DIR",
    "HELPLINE_SECRET_KEY",
    "HELPLINE_ENV",
    "HELPLINE_MORE_HOURS",
    "HELPLINE_RETENTION_DAYS",
    "HELPLINE_GATHER_TIMEOUT",
    "HELPLINE_TRANSFER_NUMBER",
    "HELPLINE_AUDIO_DIR",
    "HELPLINE_KEEP_SERVING",
    "HELPLINE_RELEASE_POLL",
    "HELPLINE_JOURNAL_DIR",
    "HELPLINE_METRICS_TOKEN",
    "HELPLINE_TWILIO_API_URL",
    "HELPLINE_EVALUATION_DIR",
)
MIN_GATHER_TIMEOUT = 10
MAX_GATHER_TIMEOUT = 60
DEFAULT_AUDIO_DIR = Path(__file__).resolve().parents[2] / "audio"
E164 = re.compile(r"\+[1-9]\d{6,14}")
PRODUCTION_NEEDS = ("TWILIO_AUTH_TOKEN", "HELPLINE_SECRET_KEY", "HELPLINE_PUBLIC_URL")


class ConfigError(RuntimeError):
    """The service cannot start safely with the configuration it was given."""


def settings_only() -> Flask:
    """An app holding only the configuration, for commands that need the database or the
    folders but not the content (migrations, releases)."""
    app = Flask("helpline", instance_relative_config=True)
    configure(app, None)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config from every layer and refuse unsafe production settings."""
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        HELPLINE_ENV="development",
        HELPLINE_MORE_HOURS=24,
        HELPLINE_RETENTION_DAYS=90,
        HELPLINE_GATHER_TIMEOUT=MIN_GATHER_TIMEOUT,
        HELPLINE_AUDIO_DIR=str(DEFAULT_AUDIO_DIR),
        HELPLINE_RELEASE_POLL=1.0,
    )
    app.config.from_pyfile("config.py", silent=True)
    for name in SETTINGS:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if test_config:
        app.config.update(test_config)
    for name in ("HELPLINE_MORE_HOURS", "HELPLINE_RETENTION_DAYS"):
        try:
            app.config[name] = float(app.config[name])
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{name} must be a number, not {app.config[name]!r}") from exc
    timeout = app.config["HELPLINE_GATHER_TIMEOUT"]
    try:
        app.config["HELPLINE_GATHER_TIMEOUT"] = int(timeout)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"HELPLINE_GATHER_TIMEOUT must be whole seconds, not {timeout!r}"
        ) from exc
    if not MIN_GATHER_TIMEOUT <= app.config["HELPLINE_GATHER_TIMEOUT"] <= MAX_GATHER_TIMEOUT:
        raise ConfigError(
            f"HELPLINE_GATHER_TIMEOUT must be {MIN_GATHER_TIMEOUT} to {MAX_GATHER_TIMEOUT} "
            "seconds: callers need time to think"
        )
    transfer = app.config.get("HELPLINE_TRANSFER_NUMBER")
    if transfer and not E164.fullmatch(transfer):
        raise ConfigError(f"HELPLINE_TRANSFER_NUMBER must be in +44… form, not {transfer!r}")
    if app.config["HELPLINE_ENV"] == "production":
        missing = [n for n in PRODUCTION_NEEDS if not app.config.get(n)]
        if missing:
            raise ConfigError(f"production needs {', '.join(missing)} to be set")
    if not app.config.get("HELPLINE_DATABASE_URL"):
        Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
        database = Path(app.instance_path) / "helpline.sqlite3"
        app.config["HELPLINE_DATABASE_URL"] = f"sqlite:///{database}"
    if not app.config.get("HELPLINE_SECRET_KEY"):
        app.config["HELPLINE_SECRET_KEY"] = _local_secret(Path(app.instance_path))


def _local_secret(instance: Path) -> str:
    """A secret kept in the instance folder, so pseudonyms survive a restart on a laptop."""
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        # Two workers starting together both end up reading the one secret that won.
        replace_file(path, secrets.token_hex(32), first_wins=True, private=True)
    return path.read_text().strip()
