"""Bad values in a request change nothing else: every value is made safe before it is used."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from helpline.channels.request_gate import form_fields
from helpline.channels.request_values import KEY_WIDTH, message_key, phone_number
from helpline.store.recorder import Recorder
from helpline.store.state import Outcome
from tests.conftest import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CALLER,
    PUBLIC_URL,
    Caller,
    Texter,
    parse_messages,
    runtime,
)


def signed_step(app: Flask, address: str, headers: dict[str, str], **extra: str) -> bytes:
    """One call step posted as Twilio would, plus headers (the signature never covers those)."""
    params = {
        "CallSid": "CA" + secrets.token_hex(16),
        "AccountSid": ACCOUNT_SID,
        "From": CALLER,
        "To": "+447700900999",
        "CallStatus": "in-progress",
        "Direction": "inbound",
        **extra,
    }
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + address, params)
    response = app.test_client().post(
        address, data=params, headers={"X-Twilio-Signature": signature, **headers}
    )
    assert response.status_code == 200
    data: bytes = response.data
    return data


def test_an_overlong_idempotency_token_does_not_stop_later_records_being_written(
    app: Flask, caller: Caller, texter: Texter
) -> None:
    menu = caller.start()
    assert menu.gather is not None
    poison = {"I-Twilio-Idempotency-Token": "t" * 200}
    step = signed_step(app, menu.gather.attrib["action"], poison, SpeechResult="bone")
    assert b"<Say" in step or b"<Play" in step
    runtime(app).services.recorder.flush()
    assert texter.send("BONE").messages
    runtime(app).services.recorder.flush()
    counts = {
        (channel, topic) for channel, topic, _, _ in runtime(app).services.store.usage_counts()
    }
    assert counts == {("voice", "bone"), ("sms", "bone")}


def test_one_record_the_database_refuses_is_dropped_and_the_rest_are_written(
    app: Flask, database_url: str
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite stores a value of any length, so nothing is refused")
    store = runtime(app).services.store
    recorder = Recorder(store, interval=3600)
    recorder.submit(Outcome("SM1", "", "sms", "bone", "keyword", "a"))
    recorder.submit(Outcome("SM2", "", "sms", "x" * 100, "keyword", "b"))  # wider than the column
    recorder.submit(Outcome("SM3", "", "sms", "pain", "keyword", "c"))
    recorder.flush()
    assert sorted(topic or "" for _, topic, _, _ in store.usage_counts()) == ["bone", "pain"]
    recorder.submit(Outcome("SM4", "", "sms", "bone", "keyword", "d"))
    recorder.flush()
    assert ("sms", "bone", "keyword", 2) in store.usage_counts()


def test_ids_that_do_not_look_like_ids_become_a_digest_that_fits_and_stays_the_same() -> None:
    assert message_key(" SM" + "a" * 32 + " ") == "SM" + "a" * 32
    long = message_key("t" * 200)
    assert len(long) == KEY_WIDTH and long == message_key("t" * 200) != message_key("u" * 200)
    assert len(message_key("id with spaces and ümlauts")) == KEY_WIDTH
    assert message_key("") == ""


def test_a_from_too_long_to_be_an_address_keeps_no_state() -> None:
    assert phone_number(" +447700900123 ") == "+447700900123"
    assert phone_number("whatsapp:+447700900123") == "whatsapp:+447700900123"
    assert phone_number("+44" + "7" * 100) == ""
    assert phone_number("+4477\x00009") == ""


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sid=st.text(max_size=300),
    sender=st.text(max_size=300),
    body=st.text(max_size=3000),
)
def test_any_sid_sender_and_body_get_valid_twiml_and_are_recorded_safely(
    app: Flask, sid: str, sender: str, body: str
) -> None:
    texter = Texter(app.test_client(), sender=sender)
    reply = texter.post(texter.params(body, MessageSid=sid))
    assert reply.status == 200
    parse_messages(reply.xml)
    runtime(app).services.recorder.flush()  # raises if a value broke the batch


def test_a_topic_in_an_address_that_is_no_topic_is_never_counted(
    app: Flask, caller: Caller
) -> None:
    odd = "x" * 200
    page = caller.post(f"/voice/topic/{odd}/key?menu=main", Digits="9")
    assert page.status == 200
    runtime(app).services.recorder.flush()
    assert [row for row in runtime(app).services.store.usage_counts() if row[1] == odd] == []


@given(st.text(alphabet=st.sampled_from("ab=&+%2Fé \u00ff9x;"), max_size=40) | st.text(max_size=40))
def test_any_body_is_read_field_for_field_as_parse_qsl_reads_it(body: str) -> None:
    assert form_fields(body) == parse_qsl(body, keep_blank_values=True, errors="replace")


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=30), max_size=8))
def test_any_form_twilio_encodes_is_read_back_whole(fields: dict[str, str]) -> None:
    assert dict(form_fields(urlencode(fields))) == fields
