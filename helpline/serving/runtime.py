"""What every request reads: the live release of the content, compiled, and the process's
services (store, recorder, consent, secret, texting).

A release can be swapped whole while requests run: a handler asks for the current one once,
at its start, and works with that one to its end. The services live as long as the process.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from helpline.audio.recordings import AudioLibrary
from helpline.channels.sms_render import SmsBook, render_sms
from helpline.channels.texting import TextSender
from helpline.channels.voice_render import PhonePages, PhoneSettings, Speaker
from helpline.channels.voice_script import VoiceBook, read_for_voice
from helpline.content.model import Catalog
from helpline.store.consent import Consent
from helpline.store.recorder import Recorder
from helpline.store.state import Store
from helpline.understanding.matching import Matcher


@dataclass(frozen=True, slots=True)
class Release:
    """One version of the content, compiled for every channel; never changed, only replaced."""

    catalog: Catalog
    matcher: Matcher
    sms: SmsBook
    voice: VoiceBook
    phone: PhonePages
    audio: AudioLibrary

    @property
    def version(self) -> str:
        """The content hash that /healthz shows."""
        return self.catalog.version


def compile_release(
    catalog: Catalog, audio: AudioLibrary, public_url: str | None, settings: PhoneSettings
) -> Release:
    """Everything the channels read, worked out from one catalog before any request sees it."""
    voice = read_for_voice(catalog)
    # Twilio fetches recordings by absolute address, so they play only where it is known.
    speaker = Speaker(audio if public_url else None, public_url or "")
    return Release(
        catalog=catalog,
        matcher=Matcher(catalog),
        sms=render_sms(catalog),
        voice=voice,
        phone=PhonePages(voice, speaker, settings),
        audio=audio,
    )


@dataclass(frozen=True, slots=True)
class Services:
    """What a worker keeps whichever release is live: built once at start-up."""

    store: Store
    recorder: Recorder
    consent: Consent
    secret: bytes
    texts: TextSender


class Runtime:
    """The live release, swapped in one step, beside the process's services."""

    __slots__ = ("_release", "services")

    def __init__(self, release: Release, services: Services) -> None:
        self._release = release
        self.services = services

    @property
    def release(self) -> Release:
        """The release to answer the current request from; read it once per request."""
        return self._release

    def swap(self, release: Release) -> None:
        """Make another release live; requests already running finish on the one they read."""
        self._release = release


def current() -> Runtime:
    """The running app's Runtime."""
    runtime: Runtime = current_app.extensions["helpline"]
    return runtime
