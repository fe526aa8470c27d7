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

    id: int | None
    """Its id in the database; None for content served while the database could not say."""
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
    release_id: int | None,
    catalog: Catalog,
    audio: AudioLibrary,
    public_url: str | None,
    settings: PhoneSettings,
) -> Release:
    """Everything the channels read, worked out from one catalog before any request sees it."""
    voice = read_for_voice(catalog)
    # Twilio fetches recordings by absolute address, so they play only where it is known.
    speaker = Speaker(audio if public_url else None, public_url or "")
    return Release(
        id=release_id,
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


KEPT_RELEASES = 8
"""Earlier releases a worker keeps compiled, so a MORE started before a publish goes on with
the pages it started on; older ones fall back to the live release."""


class Runtime:
    """The live release (and the staged one, for testers), each swapped in one step, beside
    the process's services."""

    __slots__ = ("_kept", "_release", "_staged", "_testers", "services")

    def __init__(self, release: Release, services: Services) -> None:
        self._release = release
        self._staged: Release | None = None
        self._testers: frozenset[str] = frozenset()
        self._kept: dict[int, Release] = {}
        self.services = services
        self._keep(release)

    @property
    def release(self) -> Release:
        """The live release; read it once per request."""
        return self._release

    @property
    def staged(self) -> Release | None:
        """The staged release that testers get, if there is one."""
        return self._staged

    def for_sender(self, sender: str | None) -> Release:
        """The release a person gets: the staged one for a tester, else the live one."""
        staged = self._staged
        if staged is not None and sender is not None and sender in self._testers:
            return staged
        return self._release

    def kept(self, release_id: int | None) -> Release | None:
        """A release this worker still has compiled, by id (for MORE)."""
        return self._kept.get(release_id) if release_id is not None else None

    def swap(self, release: Release) -> None:
        """Make another release live; requests already running finish on the one they read."""
        self._keep(release)
        self._release = release

    def stage(self, release: Release | None, testers: frozenset[str]) -> None:
        """Set the staged release and who gets it."""
        if release is not None:
            self._keep(release)
        self._staged, self._testers = release, testers

    def _keep(self, release: Release) -> None:
        if release.id is None:
            return
        kept = {**self._kept, release.id: release}
        while len(kept) > KEPT_RELEASES:
            del kept[min(kept)]
        self._kept = kept


def current() -> Runtime:
    """The running app's Runtime."""
    runtime: Runtime = current_app.extensions["helpline"]
    return runtime
