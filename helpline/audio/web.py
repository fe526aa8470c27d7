"""GET /audio/<name>: the built telephone audio, only files the manifest lists, cached for ever."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from flask import Blueprint, abort, send_file
from flask.typing import ResponseReturnValue

from helpline.audio.recordings import AudioLibrary

log = logging.getLogger(__name__)

ONE_YEAR = 365 * 24 * 60 * 60


def create_blueprint(get_libraries: Callable[[], Iterable[AudioLibrary]]) -> Blueprint:
    """Serve the libraries the app has loaded (the live release's, and the staged one's for
    testers), without this module knowing where they are kept."""
    bp = Blueprint("audio", __name__)

    @bp.get("/audio/<name>")
    def audio(name: str) -> ResponseReturnValue:
        """Let Twilio's <Play> fetch a recording; anything not in the manifest is a 404."""
        try:
            path = next(
                (found for library in get_libraries() if (found := library.path(name))), None
            )
        except Exception:
            log.exception("could not read the audio library")
            path = None
        if path is None:
            abort(404)
        try:
            response = send_file(
                path,
                mimetype="audio/wav",
                conditional=True,
                etag=name.removesuffix(".wav"),  # names are hashes of everything in the sound
                max_age=ONE_YEAR,
            )
        except OSError:  # deleted by a newer build since this worker loaded the manifest
            abort(404)
        response.cache_control.immutable = True
        return response

    return bp


def audio_url(public_url: str, name: str) -> str:
    """The absolute address of a recording, because Twilio's <Play> needs one."""
    return f"{public_url.rstrip('/')}/audio/{name}"
