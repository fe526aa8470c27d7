"""GET /healthz: liveness, and which content version this worker serves."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from helpline import runtime

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Let a load balancer or operator see the worker is up and what it serves."""
    catalog = runtime.current().catalog
    broken = current_app.config.get("HELPLINE_CONTENT_PROBLEMS")
    return jsonify(
        status="degraded: new content has errors, serving the last good version"
        if broken
        else "ok",
        content_version=catalog.version,
        topics=len(catalog.topics),
    )
