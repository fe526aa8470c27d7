"""The phone line, driven as Twilio drives it: signed steps, parsed TwiML, keys and speech."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpline.audio import recordings as audio
from helpline.audio.recordings import engine_version, text_digest
from helpline.channels import voice
from helpline.channels.voice_render import SLOWER_RATE
from helpline.content.model import Catalog
from helpline.store.privacy import pseudonym
from tests.conftest import (
    ACCOUNT_SID,
    CALLER,
    PUBLIC_URL,
    AppBuilder,
    Caller,
    Page,
    Texter,
    messages_url,
    runtime,
    twilio_refuses,
    write_recording,
)

MESSAGES_URL = messages_url(ACCOUNT_SID)
TUESDAY_NOON = datetime(2026, 11, 17, 12, 0, tzinfo=UTC)
SUNDAY_NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def catalog(app: Flask) -> Catalog:
    return runtime(app).release.catalog


def speech(app: Flask, topic_id: str) -> str:
    """How a topic's script begins: its first part, said first unless a question picks another."""
    return catalog(app).topic(topic_id).speech_parts[0].text


def test_a_call_hears_the_name_the_disclaimer_and_the_main_menu(app: Flask, caller: Caller) -> None:
    page = caller.start()
    service = catalog(app).service
    assert page.status == 200
    assert service.name in page.text and service.disclaimer in page.text
    assert "press 1" in page.text and "For urgent symptoms" in page.text


def test_the_urgent_key_is_offered_within_the_first_ten_seconds_of_a_call(caller: Caller) -> None:
    heard = " ".join(caller.start().spoken)
    before = heard[: heard.index("press 1")].split()
    assert len(before) + 2 <= 24, f"{len(before)} words before the urgent key: {heard[:200]}"
    assert heard.index("press 1") < heard.index("not medical advice")


def test_a_spoken_question_hears_the_part_of_the_script_that_answers_it_first(
    app: Flask, caller: Caller
) -> None:
    topic = catalog(app).topic("bisphosphonates")
    answering = next(p for p in topic.speech_parts if "how-often" in p.answers)
    assert answering is not topic.speech_parts[0]

    page = caller.say(caller.start(), "how often is zometa given")

    assert page.spoken[0] == answering.text
    assert all(part.text in page.spoken for part in topic.speech_parts)


def test_every_prompt_sits_in_a_gather_for_keys_and_speech_that_waits_at_least_10_s(
    caller: Caller,
) -> None:
    page = caller.start()
    gather = page.gather
    assert gather is not None
    assert gather.attrib["input"] == "dtmf speech"
    assert int(gather.attrib["timeout"]) >= 10
    assert gather.attrib["numDigits"] == "1"
    assert "xgeva" in gather.attrib["hints"].lower()
    assert [e.tag for e in page.root] == ["Gather", "Redirect"]
    assert all(child.tag in ("Say", "Play") for child in gather)


def test_the_wait_for_a_key_can_be_made_longer(build_app: AppBuilder) -> None:
    app = build_app(HELPLINE_GATHER_TIMEOUT="20")
    page = Caller(app.test_client()).start()
    assert page.gather is not None and page.gather.attrib["timeout"] == "20"


def test_a_wait_shorter_than_10_s_is_refused(build_app: AppBuilder) -> None:
    from helpline.serving.config import ConfigError

    with pytest.raises(ConfigError, match="10 to 60"):
        build_app(HELPLINE_GATHER_TIMEOUT="5")


def test_one_key_from_the_start_gives_the_urgent_advice_first(app: Flask, caller: Caller) -> None:
    page = caller.press(caller.start(), "1")
    assert page.spoken[0] == speech(app, "urgent")
    assert "For back pain, numb legs or trouble walking, press 1." in page.text


def test_saying_i_cannot_feel_my_legs_gives_the_spinal_cord_compression_advice(
    app: Flask, caller: Caller
) -> None:
    page = caller.say(caller.start(), "I can't feel my legs")
    assert page.spoken[0] == speech(app, "spinal-cord-compression")


def test_a_red_flag_said_after_a_topic_still_comes_first(app: Flask, caller: Caller) -> None:
    chemo = caller.say(caller.start(), "tell me about chemo")
    assert chemo.spoken[0] == speech(app, "chemotherapy")
    page = caller.say(chemo, "I have a high temperature and feel shivery")
    assert page.spoken[0] == speech(app, "infection")


def test_a_topic_named_in_words_is_found_by_the_same_matcher_as_texts(
    app: Flask, caller: Caller
) -> None:
    page = caller.say(caller.start(), "What is Xgeva?")
    assert page.spoken[0] == speech(app, "denosumab")


def test_asking_for_a_nurse_or_for_help_aloud_goes_to_a_person(
    caller: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voice, "now", lambda: TUESDAY_NOON)
    assert caller.say(caller.start(), "can I speak to a nurse").dial is not None
    assert caller.say(caller.start(), "help me please").dial is not None


def test_a_key_said_aloud_works_like_a_key_pressed(app: Flask, caller: Caller) -> None:
    assert caller.say(caller.start(), "one").spoken[0] == speech(app, "urgent")


def test_a_key_heard_as_a_digit_works_but_two_digits_are_not_caught(
    app: Flask, caller: Caller
) -> None:
    assert caller.say(caller.start(), "1").spoken[0] == speech(app, "urgent")
    assert caller.say(caller.start(), "12").spoken[0] == "Sorry, we did not catch that."


def test_a_wrong_key_says_sorry_and_the_menu_again(caller: Caller) -> None:
    start = caller.start()
    page = caller.press(start, "7")
    assert page.spoken[0] == "Sorry, that is not an option."
    assert "For urgent symptoms" in page.text
    assert page.gather is not None and page.gather.attrib["action"] == "/voice/menu/main/key"


def test_words_that_mean_nothing_here_say_so_and_offer_the_menu_again(caller: Caller) -> None:
    page = caller.say(caller.start(), "purple elephant sandwich")
    assert page.spoken[0] == "Sorry, we did not catch that."
    assert page.gather is not None


def test_silence_asks_again_twice_then_gives_the_number_and_ends_politely(
    app: Flask, caller: Caller
) -> None:
    page = caller.start()
    first = caller.wait(page)
    second = caller.wait(first)
    last = caller.wait(second)
    words = runtime(app).release.voice.words
    assert first.spoken[0] == words.no_input and first.gather is not None
    assert second.spoken[0] == words.no_input and second.gather is not None
    assert last.gather is None and last.hangs_up
    assert catalog(app).service.helpline.spoken_number in last.text
    assert "nine nine nine" in last.text


def test_after_a_topic_nine_repeats_one_is_slower_and_star_goes_back(
    app: Flask, caller: Caller
) -> None:
    menu = caller.press(caller.press(caller.start(), "4"), "3")
    assert menu.spoken[0] == speech(app, "denosumab")
    assert "To hear this again, press 9." in menu.text
    again = caller.press(menu, "9")
    assert again.spoken[0] == speech(app, "denosumab")
    slower = caller.press(menu, "1")
    prosody = slower.root.find("Gather/Say/prosody")
    assert prosody is not None and prosody.attrib["rate"] == SLOWER_RATE
    assert prosody.text == speech(app, "denosumab")
    back = caller.press(menu, "*")
    assert back.spoken[0].startswith("For bisphosphonates given into a vein")


def test_star_in_a_submenu_goes_to_the_menu_that_led_there(caller: Caller) -> None:
    medicines = caller.press(caller.press(caller.start(), "3"), "2")
    assert "For chemotherapy, press 2." in medicines.text
    treatments = caller.press(medicines, "*")
    assert "For cancer medicines, press 2." in treatments.text
    main = caller.press(treatments, "*")
    assert "For treatments, press 3." in main.text


def test_zero_in_opening_hours_puts_the_caller_through_to_the_nurses(
    caller: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voice, "now", lambda: TUESDAY_NOON)
    page = caller.press(caller.start(), "0")
    dial = page.dial
    assert dial is not None
    assert [n.text for n in dial.iter("Number")] == ["+448088006000"]
    assert caller.post(dial.attrib["action"], DialCallStatus="completed").hangs_up
    missed = caller.post(dial.attrib["action"], DialCallStatus="no-answer")
    assert "could not answer" in missed.text and missed.redirect is not None


def test_zero_when_closed_says_the_number_and_hours_and_returns_to_the_menu(
    app: Flask, caller: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voice, "now", lambda: SUNDAY_NOON)
    page = caller.press(caller.start(), "0")
    helpline = catalog(app).service.helpline
    assert page.dial is None
    assert helpline.spoken_number in page.text and helpline.spoken_hours in page.text
    assert page.redirect == "/voice/menu/main?intro=0"


def test_opening_hours_follow_the_helplines_time_zone(app: Flask) -> None:
    helpline = catalog(app).service.helpline
    # 08:30 UTC in July is 09:30 in London: open; in January it is 08:30: closed.
    assert helpline.is_open(datetime(2026, 7, 14, 8, 30, tzinfo=UTC))
    assert not helpline.is_open(datetime(2026, 1, 13, 8, 30, tzinfo=UTC))


def test_a_step_from_a_menu_that_no_longer_exists_is_read_as_the_main_menu(
    caller: Caller,
) -> None:
    page = caller.post("/voice/menu/no-such-menu/key", Digits="2")
    assert page.gather is not None
    assert page.gather.attrib["action"] == "/voice/menu/in-the-bone/key"
    gone = caller.post("/voice/topic/no-such-topic/key?menu=no-such-menu", Digits="9")
    assert gone.gather is not None and gone.gather.attrib["action"] == "/voice/menu/main/key"
    missed = caller.post("/voice/person/done?menu=no-such-menu", DialCallStatus="busy")
    assert missed.redirect == "/voice/menu/main?intro=0"


def test_a_step_with_a_bad_signature_is_refused(caller: Caller) -> None:
    assert caller.post("/voice", signature="wrong").status == 403


def test_an_internal_failure_still_answers_with_the_number_and_999(
    app: Flask, caller: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(runtime(app).release.phone, "topic", broken)
    page = caller.press(caller.press(caller.start(), "5"), "1")
    assert page.status == 200
    assert "nine nine nine" in page.text
    assert catalog(app).service.helpline.spoken_number in page.text
    assert page.hangs_up


@responses.activate
def test_two_after_a_topic_texts_it_to_the_caller_once_even_when_retried(
    build_app: AppBuilder,
) -> None:
    app = build_app(TWILIO_ACCOUNT_SID=ACCOUNT_SID, HELPLINE_SMS_FROM="+447700900999")
    responses.post(MESSAGES_URL, json={"sid": "SM" + "2" * 32, "status": "queued"}, status=201)
    caller = Caller(app.test_client())
    topic = caller.press(caller.press(caller.start(), "4"), "3")
    sent = caller.press(topic, "2")
    assert sent.spoken[0] == runtime(app).release.voice.words.text_sent
    assert caller.press(topic, "2").spoken[0] == runtime(app).release.voice.words.text_sent
    assert len(responses.calls) == 1
    body = responses.calls[0].request.body
    assert isinstance(body, str) and "To=%2B447700900002" in body
    texter = Texter(app.test_client(), sender=CALLER)
    assert texter.send("MORE").text == runtime(app).release.sms.topic_reply("denosumab", 1)


@responses.activate
def test_pressing_two_again_after_twilio_returned_500s_texts_the_topic_and_says_so(
    build_app: AppBuilder,
) -> None:
    app = build_app(TWILIO_ACCOUNT_SID=ACCOUNT_SID, HELPLINE_SMS_FROM="+447700900999")
    runtime(app).services.texts.sleep = lambda _seconds: None  # no real backoff between attempts
    for _ in range(3):
        twilio_refuses(responses.mock, MESSAGES_URL, 500, 20500, "Internal Server Error")
    responses.post(MESSAGES_URL, json={"sid": "SM" + "2" * 32, "status": "queued"}, status=201)
    words = runtime(app).release.voice.words
    caller = Caller(app.test_client())
    topic = caller.press(caller.press(caller.start(), "4"), "3")
    assert caller.press(topic, "2").spoken[0] == words.text_failed
    assert len(responses.calls) == 3
    assert caller.press(topic, "2").spoken[0] == words.text_sent
    assert caller.press(topic, "2").spoken[0] == words.text_sent
    assert len(responses.calls) == 4
    texter = Texter(app.test_client(), sender=CALLER)
    assert texter.send("MORE").text == runtime(app).release.sms.topic_reply("denosumab", 1)


@responses.activate
def test_while_twilio_is_slow_the_caller_hears_the_text_is_on_its_way_and_later_that_it_went(
    build_app: AppBuilder,
) -> None:
    app = build_app(TWILIO_ACCOUNT_SID=ACCOUNT_SID, HELPLINE_SMS_FROM="+447700900999")
    release = threading.Event()

    def slow_twilio(_request: Any) -> tuple[int, dict[str, str], str]:
        release.wait(10)
        return 201, {}, json.dumps({"sid": "SM" + "3" * 32, "status": "queued"})

    responses.add_callback(responses.POST, MESSAGES_URL, callback=slow_twilio)
    words = runtime(app).release.voice.words
    caller = Caller(app.test_client())
    topic = caller.press(caller.press(caller.start(), "4"), "3")
    began = time.monotonic()
    first = caller.press(topic, "2")
    assert time.monotonic() - began < 3, "the caller is not kept waiting on Twilio"
    assert first.spoken[0] == words.text_on_its_way
    assert caller.press(topic, "2").spoken[0] == words.text_on_its_way, "still sending"
    release.set()
    deadline = time.monotonic() + 5
    while runtime(app).services.store.text_status(f"{caller.call_sid}:text:denosumab") != "sent":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert caller.press(topic, "2").spoken[0] == words.text_sent
    assert len(responses.calls) == 1, "sent once"
    texter = Texter(app.test_client(), sender=CALLER)
    assert texter.send("MORE").text == runtime(app).release.sms.topic_reply("denosumab", 1)


@responses.activate
def test_no_text_goes_to_a_caller_who_opted_out_and_they_are_told_why(
    build_app: AppBuilder,
) -> None:
    app = build_app(TWILIO_ACCOUNT_SID=ACCOUNT_SID, HELPLINE_SMS_FROM="+447700900999")
    Texter(app.test_client(), sender=CALLER).send("STOP")
    caller = Caller(app.test_client())
    topic = caller.press(caller.press(caller.start(), "4"), "3")
    page = caller.press(topic, "2")
    assert page.spoken[0] == runtime(app).release.voice.words.text_opted_out
    assert len(responses.calls) == 0


@responses.activate
def test_a_text_twilio_refuses_with_21610_records_the_opt_out(build_app: AppBuilder) -> None:
    app = build_app(TWILIO_ACCOUNT_SID=ACCOUNT_SID, HELPLINE_SMS_FROM="+447700900999")
    twilio_refuses(responses.mock, MESSAGES_URL, 400, 21610, "unsubscribed recipient")
    caller = Caller(app.test_client())
    page = caller.press(caller.press(caller.press(caller.start(), "5"), "2"), "2")
    assert page.spoken[0] == runtime(app).release.voice.words.text_opted_out
    current = runtime(app).services
    assert current.store.is_opted_out(pseudonym(current.secret, CALLER))


def test_without_twilio_credentials_the_caller_hears_the_text_could_not_go(
    app: Flask, caller: Caller
) -> None:
    topic = caller.press(caller.press(caller.start(), "5"), "2")
    assert caller.press(topic, "2").spoken[0] == runtime(app).release.voice.words.text_failed


def walk(caller: Caller) -> tuple[set[str], set[str], int]:
    """Press every key on every page reachable from the start; return what was found."""
    start = caller.start()
    seen: set[str] = set()
    menus: set[str] = set()
    heard: set[str] = set()
    queue: deque[Page] = deque([start])
    pages = 0
    while queue:
        page = queue.popleft()
        pages += 1
        assert page.status == 200, page.xml
        heard.update(page.spoken)
        assert page.gather is not None or page.hangs_up or page.dial is not None, page.xml
        if page.gather is None:
            continue
        assert page.redirect is not None, "a Gather with nothing after it would end the call"
        action = page.gather.attrib["action"]
        if action.startswith("/voice/menu/"):
            menus.add(action.split("/")[3])
        if action in seen:
            continue
        seen.add(action)
        for key in "123456789*":
            queue.append(caller.press(page, key))
    return menus, heard, pages


def test_a_walk_through_every_key_finds_every_menu_and_topic_and_no_dead_end(
    app: Flask, caller: Caller
) -> None:
    menus, heard, pages = walk(caller)
    book = runtime(app).release.voice
    assert menus == {m.id for m in book.voice.menus}
    missing = [
        t.id for t in catalog(app).topics if any(p.text not in heard for p in t.speech_parts)
    ]
    assert missing == []
    assert pages > 50


def test_a_recording_plays_only_when_it_matches_the_words_exactly(
    build_app: AppBuilder, tmp_path: Path
) -> None:
    audio = tmp_path / "built-audio"
    audio.mkdir()
    probe = build_app(HELPLINE_AUDIO_DIR=str(audio))
    greeting = runtime(probe).release.voice.greeting
    version = engine_version()
    sound = b"RIFF" + bytes(100)
    name, entry = write_recording(audio, greeting, sound, with_file_hash=False)
    manifest = json.loads((audio / "manifest.json").read_text())
    app = build_app(HELPLINE_AUDIO_DIR=str(audio))
    page = Caller(app.test_client()).start()
    assert page.spoken[0] == f"[play {PUBLIC_URL}/audio/{name}]"
    served = app.test_client().get(f"/audio/{name}")
    assert served.status_code == 200 and "immutable" in served.headers["Cache-Control"]
    served.close()

    stale = {**entry, "text_sha256": text_digest(greeting + " changed")}
    (audio / "manifest.json").write_text(
        json.dumps({"format": 1, "engine": version, "files": {name: stale}})
    )
    page = Caller(build_app(HELPLINE_AUDIO_DIR=str(audio)).test_client()).start()
    assert page.spoken[0] == greeting

    (audio / "manifest.json").write_text(json.dumps(manifest))
    (audio / name).unlink()
    page = Caller(build_app(HELPLINE_AUDIO_DIR=str(audio)).test_client()).start()
    assert page.spoken[0] == greeting


def test_a_recording_damaged_while_the_worker_runs_gives_way_to_say_within_seconds(
    build_app: AppBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audio, "RECHECK_SECONDS", 0.05)
    folder = tmp_path / "built-audio"
    folder.mkdir()
    greeting = runtime(build_app(HELPLINE_AUDIO_DIR=str(folder))).release.voice.greeting
    sound = b"RIFF" + bytes(100)
    name, _ = write_recording(folder, greeting, sound)
    app = build_app(HELPLINE_AUDIO_DIR=str(folder))
    caller = Caller(app.test_client())
    assert caller.start().spoken[0] == f"[play {PUBLIC_URL}/audio/{name}]"
    (folder / name).write_bytes(sound[:50])  # cut short, as a full disk would leave it
    time.sleep(0.1)
    assert caller.start().spoken[0] == greeting, "the remembered page is worked out again"
    with app.test_client().get(f"/audio/{name}") as served:
        assert served.status_code == 404


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(
        ["/voice/menu/main/key", "/voice/menu/urgent/key", "/voice/topic/bone/key?menu=main"]
    ),
    digits=st.text(max_size=3),
    speech_text=st.text(max_size=200),
)
def test_any_key_or_words_get_valid_twiml_that_keeps_the_call_going(
    client: FlaskClient, path: str, digits: str, speech_text: str
) -> None:
    caller = Caller(client)
    page = caller.post(path, Digits=digits, SpeechResult=speech_text)
    assert page.status == 200
    assert page.gather is not None or page.hangs_up or page.dial is not None or page.redirect
