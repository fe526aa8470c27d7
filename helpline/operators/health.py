"""GET /healthz/live and /healthz/ready (and /healthz, the same as ready): what a platform
needs to restart a stuck worker or take a worker out of rotation, and what an operator needs to
see at a glance. Both answer within the database guard's deadline, whatever the database does.
GET /metrics: the service's counters, for a platform to scrape with HELPLINE_METRICS_TOKEN."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from helpline.operators import metrics
from helpline.serving import runtime
from helpline.store.database_guard import DatabaseDown

bp = Blueprint("health", __name__)


@bp.get("/healthz/live")
def live() -> ResponseReturnValue:
    """The worker is running and answering; nothing it depends on is asked."""
    release = runtime.current().release
    return jsonify(status="live", content_version=release.version, release=release.id)


@bp.get("/healthz")
@bp.get("/healthz/ready")
def ready() -> ResponseReturnValue:
    """200 when the worker can do all its work, 503 (with the reason) when it can only answer
    safely: the database, the content, and what waits to be written."""
    current = runtime.current()
    try:
        current.services.store.check()
        database = "ok"
    except DatabaseDown as down:
        database = down.reason
    broken = current_app.config.get("HELPLINE_CONTENT_PROBLEMS")
    if database != "ok":
        status = "not ready: the database is unavailable; texts and calls get the safe replies"
    elif broken:
        status = "degraded: the configured content has errors; serving the live release"
    else:
        status = "ok"
    body = jsonify(
        status=status,
        database=database,
        content_version=current.release.version,
        release=current.release.id,
        staged=current.staged.id if current.staged is not None else None,
        content="the live release, not the configured folder" if broken else "ok",
        topics=len(current.release.catalog.topics),
        write_queue=current.services.recorder.depth,
        opt_outs_waiting=current.services.consent.pending,
    )
    return body, 200 if database == "ok" else 503


@bp.get("/metrics")
def scrape() -> ResponseReturnValue:
    """The counters (metrics.py), only for a caller with the operator's token; without a token
    set, the path does not exist."""
    token = current_app.config.get("HELPLINE_METRICS_TOKEN") or ""
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return Response("Unauthorized\n", 401, {"WWW-Authenticate": "Bearer"})
    body, content_type = metrics.exposition()
    return Response(body, 200, {"Content-Type": content_type, "Cache-Control": "no-store"})
