"""What every request reads: the catalog and everything compiled from it, and the store."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from helpline.audio import AudioLibrary
from helpline.catalog import Catalog
from helpline.consent import Consent
from helpline.matching import Matcher
from helpline.recorder import Recorder
from helpline.sms_render import SmsBook
from helpline.state import Store
from helpline.texting import TextSender
from helpline.voice_render import PhonePages
from helpline.voice_script import VoiceBook


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
