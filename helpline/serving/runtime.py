"""What every request reads: the catalog and everything compiled from it, and the store."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from helpline.audio.recordings import AudioLibrary
from helpline.channels.sms_render import SmsBook
from helpline.channels.texting import TextSender
from helpline.channels.voice_render import PhonePages
from helpline.channels.voice_script import VoiceBook
from helpline.content.model import Catalog
from helpline.store.consent import Consent
from helpline.store.recorder import Recorder
from helpline.store.state import Store
from helpline.understanding.matching import Matcher


@dataclass(frozen=True, slots=True)
class Runtime:
    """Built once per worker at start-up; requests only read it."""

    catalog: Catalog
    matcher: Matcher
    sms: SmsBook
    store: Store
    recorder: Recorder
    consent: Consent
    secret: bytes
    voice: VoiceBook
    phone: PhonePages
    audio: AudioLibrary
    texts: TextSender


def current() -> Runtime:
    """The running app's Runtime."""
    runtime: Runtime = current_app.extensions["helpline"]
    return runtime
