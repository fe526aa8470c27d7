"""Texts sent during a call: once per key, inside the webhook's time, never holding the number."""

from __future__ import annotations

import base64
import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import requests
import responses
import sqlalchemy as sa
from requests import PreparedRequest
from urllib3.exceptions import MaxRetryError, NewConnectionError

from helpline.channels.texting import SendResult, SendStatus, TextSender, log_ref
from helpline.store.consent import Consent
from helpline.store.privacy import pseudonym
from helpline.store.state import Store, consent, make_engine, sent_texts
from tests.conftest import at_once, messages_url, patient_guard, twilio_refuses

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "rest-auth-token-fedcba9876543210"
FROM = "+447700900999"
TO = "+447700900123"
SECRET = b"test-secret-key"
BODY = "Bone secondaries: what they are and how they are treated. Urgent? Text URGENT or call 999."
MESSAGES_URL = messages_url(ACCOUNT_SID)
KEY = "CA" + "1" * 32 + ":topic-bone"


@dataclass
class FakeTime:
    """A monotonic clock that moves only when slept on (or when a test says so)."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    """Time for the sender: no real sleeping, every sleep recorded."""
    return FakeTime()


StoreMaker = Callable[[], Store]


@pytest.fixture
def new_store(database_url: str) -> Iterator[StoreMaker]:
    """Makes stores on the test's database, each with its own engine (as separate workers have)."""
    engines: list[sa.Engine] = []

    def make() -> Store:
        engines.append(make_engine(database_url))
        store = Store(engines[-1], position_ttl=timedelta(hours=24), guard=patient_guard())
        store.create_schema()
        return store

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def store(new_store: StoreMaker) -> Store:
    """A store on each kind of database."""
    return new_store()


SenderMaker = Callable[..., TextSender]


@pytest.fixture
def make_sender(store: Store, fake_time: FakeTime, tmp_path: Path) -> Iterator[SenderMaker]:
    """Builds senders on the test's store and fake time, with settings a test overrides."""
    made: list[Consent] = []

    def make(**overrides: Any) -> TextSender:
        made.append(Consent(overrides.pop("store", store), tmp_path / f"opt-outs-{len(made)}"))
        settings: dict[str, Any] = {
            "account_sid": ACCOUNT_SID,
            "auth_token": AUTH_TOKEN,
            "from_number": FROM,
            "consent": made[-1],
            "secret": SECRET,
            "sleep": fake_time.sleep,
            "clock": fake_time.clock,
            "rng": random.Random(7),
            **overrides,
        }
        return TextSender(**settings)

    yield make
    for each in made:
        each.close()


@pytest.fixture
def sender(make_sender: SenderMaker) -> TextSender:
    """A configured sender with the default timeout, attempts and budget."""
    return make_sender()


@pytest.fixture
def twilio() -> Iterator[responses.RequestsMock]:
    """Twilio's REST API at its real address; any other request fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def created(mock: responses.RequestsMock) -> None:
    """Twilio accepting a message, as its API answers."""
    mock.add(
        responses.POST,
        MESSAGES_URL,
        status=201,
        json={
            "sid": "SM" + "a" * 32,
            "account_sid": ACCOUNT_SID,
            "status": "queued",
            "to": TO,
            "from": FROM,
            "body": BODY,
            "num_segments": "1",
        },
    )


def refused(
    mock: responses.RequestsMock, status: int, code: int, message: str, **headers: str
) -> None:
    """Twilio refusing a message with its error code, in its legacy error format."""
    twilio_refuses(mock, MESSAGES_URL, status, code, message, **headers)


def raises(mock: responses.RequestsMock, error: Exception) -> None:
    """The request failing in the network, as requests reports it."""
    mock.add(responses.POST, MESSAGES_URL, body=error)


def refused_connection() -> requests.exceptions.ConnectionError:
    """What requests reports when nothing listens or the name does not resolve."""
    no_pool: Any = None  # urllib3 wants the pool and connection; only the types matter here
    reason = NewConnectionError(no_pool, "Failed to establish a new connection: refused")
    return requests.exceptions.ConnectionError(MaxRetryError(no_pool, "/", reason))


def sent_bodies(mock: responses.RequestsMock) -> list[dict[str, list[str]]]:
    """The forms posted to Twilio, in order."""
    bodies = []
    for call in mock.calls:
        body = call.request.body
        assert isinstance(body, str | bytes)
        bodies.append(parse_qs(body if isinstance(body, str) else body.decode()))
    return bodies


def test_a_text_is_posted_to_twilio_with_to_from_body_and_basic_auth(
    sender: TextSender, twilio: responses.RequestsMock, store: Store
) -> None:
    created(twilio)
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert result == SendResult(SendStatus.SENT, "accepted by Twilio", 1)
    assert result.ok
    assert sent_bodies(twilio) == [{"To": [TO], "From": [FROM], "Body": [BODY]}]
    credentials = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert twilio.calls[0].request.headers["Authorization"] == f"Basic {credentials}"
    assert store.text_status(KEY) == "sent"


def test_the_rest_client_has_the_timeout_because_twilios_default_has_none(
    make_sender: SenderMaker,
) -> None:
    assert make_sender(timeout=2.5).client.http_client.timeout == 2.5


def test_a_rate_limited_text_backs_off_and_goes_on_the_second_attempt(
    sender: TextSender, twilio: responses.RequestsMock, fake_time: FakeTime
) -> None:
    refused(twilio, 429, 20429, "Too Many Requests")
    created(twilio)
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.SENT, 2)
    assert len(twilio.calls) == 2
    assert len(fake_time.sleeps) == 1
    assert 0.5 <= fake_time.sleeps[0] <= 0.75


def test_a_short_retry_after_is_honoured_and_a_long_one_is_capped(
    sender: TextSender, twilio: responses.RequestsMock, fake_time: FakeTime
) -> None:
    refused(twilio, 429, 20429, "Too Many Requests", **{"Retry-After": "1"})
    created(twilio)
    refused(twilio, 429, 20429, "Too Many Requests", **{"Retry-After": "60"})
    created(twilio)
    assert sender.send(to=TO, body=BODY, key=KEY + "-a").ok
    assert sender.send(to=TO, body=BODY, key=KEY + "-b").ok
    assert fake_time.sleeps == [1.0, 2.0]


def test_server_errors_are_retried_with_growing_backoff_until_the_attempts_run_out(
    sender: TextSender, twilio: responses.RequestsMock, fake_time: FakeTime, store: Store
) -> None:
    refused(twilio, 500, 20500, "Internal Server Error")
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts, result.ok) == (SendStatus.UNSENT, 3, False)
    assert len(twilio.calls) == 3
    first, second = fake_time.sleeps
    assert 0.5 <= first <= 0.75 and 1.0 <= second <= 1.5
    assert store.text_status(KEY) == "unsent"


def test_error_21610_records_the_opt_out_and_later_texts_make_no_request(
    sender: TextSender, twilio: responses.RequestsMock, store: Store
) -> None:
    refused(twilio, 400, 21610, "Attempt to send to unsubscribed recipient")
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.OPTED_OUT, 1)
    assert store.is_opted_out(pseudonym(SECRET, TO))
    assert store.text_status(KEY) == "opted_out"
    later = sender.send(to=TO, body=BODY, key=KEY + "-later")
    assert (later.status, later.attempts) == (SendStatus.OPTED_OUT, 0)
    assert len(twilio.calls) == 1


def test_a_number_that_texted_stop_gets_no_request(
    sender: TextSender, twilio: responses.RequestsMock, store: Store
) -> None:
    store.set_opted_out(pseudonym(SECRET, TO), True)  # as another worker would
    sender.consent.sync()  # what this worker's background thread does twice a second
    assert sender.send(to=TO, body=BODY, key=KEY).status is SendStatus.OPTED_OUT
    assert not twilio.calls
    assert store.text_status(KEY) is None


@pytest.mark.parametrize("code", [21211, 21614])
def test_a_number_twilio_cannot_text_is_not_mobile_and_not_retried(
    sender: TextSender, twilio: responses.RequestsMock, code: int
) -> None:
    refused(twilio, 400, code, f"The 'To' number {TO} is not a valid mobile number.")
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.NOT_MOBILE, 1)
    assert TO not in result.detail and "7700900123" not in result.detail
    assert len(twilio.calls) == 1


@pytest.mark.parametrize("to", ["anonymous", "+266696687x", "client:alice", "", "07700900123"])
def test_a_caller_without_a_textable_number_gets_not_mobile_without_a_request(
    sender: TextSender, twilio: responses.RequestsMock, to: str
) -> None:
    assert sender.send(to=to, body=BODY, key=KEY).status is SendStatus.NOT_MOBILE
    assert not twilio.calls


def test_another_client_error_fails_at_once_without_retry(
    sender: TextSender, twilio: responses.RequestsMock, fake_time: FakeTime
) -> None:
    refused(twilio, 400, 21602, "Message body is required.")
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.FAILED, 1)
    assert "21602" in result.detail
    assert len(twilio.calls) == 1 and not fake_time.sleeps


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected"),
    ],
    ids=["read timeout", "connection lost"],
)
def test_a_request_lost_after_it_reached_twilio_fails_without_retry_to_avoid_a_duplicate(
    sender: TextSender, twilio: responses.RequestsMock, store: Store, error: Exception
) -> None:
    raises(twilio, error)
    created(twilio)
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.FAILED, 1)
    assert "may have been sent" in result.detail
    assert len(twilio.calls) == 1
    assert store.text_status(KEY) == "failed"


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ConnectTimeout("connect timed out"),
        refused_connection(),
    ],
    ids=["connect timeout", "connection refused"],
)
def test_a_request_that_never_reached_twilio_is_retried(
    sender: TextSender, twilio: responses.RequestsMock, error: Exception
) -> None:
    raises(twilio, error)
    created(twilio)
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.SENT, 2)


def test_connect_timeouts_on_every_attempt_end_as_unsent(
    sender: TextSender, twilio: responses.RequestsMock
) -> None:
    raises(twilio, requests.exceptions.ConnectTimeout("connect timed out"))
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.UNSENT, 3)


def test_no_attempt_begins_when_less_than_the_timeout_is_left_in_the_budget(
    make_sender: SenderMaker, twilio: responses.RequestsMock, fake_time: FakeTime
) -> None:
    def slow_server_error(_request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        fake_time.now += 3.0
        return 503, {}, '{"code": 20503, "message": "Service Unavailable", "status": 503}'

    twilio.add_callback(responses.POST, MESSAGES_URL, callback=slow_server_error)
    sender = make_sender(timeout=4.0, budget=9.0, attempts=5)
    started = fake_time.now
    result = sender.send(to=TO, body=BODY, key=KEY)
    # 0 → 3 s first attempt, ~0.6 s backoff, 3.6 → 6.6 s second attempt; a third would need a
    # ~1.2 s backoff, leaving ~1.2 s, less than the 4 s timeout: it neither sleeps nor starts.
    assert (result.status, result.attempts) == (SendStatus.UNSENT, 2)
    assert len(twilio.calls) == 2 and len(fake_time.sleeps) == 1
    assert fake_time.now - started < 9.0


def test_a_sender_whose_budget_is_spent_before_the_request_sends_nothing(
    make_sender: SenderMaker, twilio: responses.RequestsMock, fake_time: FakeTime, store: Store
) -> None:
    sender = make_sender(timeout=4.0, budget=9.0)

    class SlowStore(Store):
        def claim_text(self, key: str) -> bool:
            fake_time.now += 5.5  # a database that answered very slowly
            return super().claim_text(key)

    sender.store = SlowStore(store.engine, position_ttl=store.position_ttl)
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.UNSENT, 0)
    assert not twilio.calls


def test_the_same_key_twice_sends_one_text_and_reports_the_first_outcome(
    sender: TextSender, twilio: responses.RequestsMock
) -> None:
    created(twilio)
    first = sender.send(to=TO, body=BODY, key=KEY)
    again = sender.send(to=TO, body=BODY, key=KEY)
    assert first.status is SendStatus.SENT
    assert (again.status, again.earlier, again.attempts, again.ok) == (
        SendStatus.ALREADY_SENT,
        "sent",
        0,
        True,
    )
    assert "sent" in again.detail
    assert len(twilio.calls) == 1


def test_a_key_that_failed_is_not_tried_again_and_is_not_ok(
    sender: TextSender, twilio: responses.RequestsMock
) -> None:
    refused(twilio, 400, 21602, "Message body is required.")
    sender.send(to=TO, body=BODY, key=KEY)
    again = sender.send(to=TO, body=BODY, key=KEY)
    assert (again.status, again.earlier, again.ok) == (SendStatus.ALREADY_SENT, "failed", False)
    assert len(twilio.calls) == 1


def test_workers_racing_on_one_key_send_one_text(
    make_sender: SenderMaker, new_store: StoreMaker, twilio: responses.RequestsMock
) -> None:
    created(twilio)
    senders = [make_sender(store=new_store()) for _ in range(4)]
    results = at_once(lambda sender: sender.send(to=TO, body=BODY, key=KEY), senders)
    assert sorted(result.status for result in results) == sorted(
        [SendStatus.SENT] + [SendStatus.ALREADY_SENT] * 3
    )
    assert len(twilio.calls) == 1


Failure = Callable[[responses.RequestsMock], None]
SENDS_NOTHING: list[Any] = [
    pytest.param(lambda mock: refused(mock, 500, 20500, "Internal Server Error"), id="500"),
    pytest.param(lambda mock: refused(mock, 503, 20503, "Service Unavailable"), id="503"),
    pytest.param(lambda mock: refused(mock, 429, 20429, "Too Many Requests"), id="429"),
    pytest.param(lambda mock: raises(mock, refused_connection()), id="connection refused"),
    pytest.param(
        lambda mock: raises(mock, requests.exceptions.ConnectTimeout("connect timed out")),
        id="connect timeout",
    ),
]
MAY_HAVE_SENT: list[Any] = [
    pytest.param(requests.exceptions.ReadTimeout("read timed out"), id="read timeout"),
    pytest.param(
        requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected"),
        id="connection lost",
    ),
    pytest.param(ValueError("unexpected"), id="unexpected error"),
]


def server_errors(mock: responses.RequestsMock, attempts: int = 3) -> None:
    """Twilio answering 500 to every attempt of one try."""
    for _ in range(attempts):
        refused(mock, 500, 20500, "Internal Server Error")


@pytest.mark.parametrize("fail", SENDS_NOTHING)
def test_pressing_two_again_after_a_try_that_sent_nothing_tries_again_and_sends(
    sender: TextSender, twilio: responses.RequestsMock, store: Store, fail: Failure
) -> None:
    for _ in range(3):
        fail(twilio)
    created(twilio)
    first = sender.send(to=TO, body=BODY, key=KEY)
    assert (first.status, first.attempts, first.ok) == (SendStatus.UNSENT, 3, False)
    assert store.text_status(KEY) == "unsent"
    again = sender.send(to=TO, body=BODY, key=KEY)
    assert (again.status, again.attempts, again.ok) == (SendStatus.SENT, 1, True)
    assert store.text_status(KEY) == "sent"
    assert len(twilio.calls) == 4


def test_a_try_whose_budget_ran_out_before_any_request_is_tried_again(
    make_sender: SenderMaker, twilio: responses.RequestsMock, fake_time: FakeTime, store: Store
) -> None:
    slow = [5.5]  # the database answers very slowly once

    class SlowStore(Store):
        def claim_text(self, key: str) -> bool:
            fake_time.now += slow.pop() if slow else 0.0
            return super().claim_text(key)

    slow_store = SlowStore(store.engine, position_ttl=store.position_ttl)
    sender = make_sender(timeout=4.0, budget=9.0, store=slow_store)
    created(twilio)
    first = sender.send(to=TO, body=BODY, key=KEY)
    assert (first.status, first.attempts) == (SendStatus.UNSENT, 0)
    assert not twilio.calls
    again = sender.send(to=TO, body=BODY, key=KEY)
    assert (again.status, again.attempts) == (SendStatus.SENT, 1)
    assert len(twilio.calls) == 1


@pytest.mark.parametrize("error", MAY_HAVE_SENT)
def test_pressing_two_again_after_a_try_that_may_have_sent_does_not_send_again(
    sender: TextSender, twilio: responses.RequestsMock, store: Store, error: Exception
) -> None:
    refused(twilio, 500, 20500, "Internal Server Error")  # sent nothing, but the next may have
    raises(twilio, error)
    created(twilio)
    first = sender.send(to=TO, body=BODY, key=KEY)
    assert (first.status, first.attempts) == (SendStatus.FAILED, 2)
    assert "may have been sent" in first.detail
    again = sender.send(to=TO, body=BODY, key=KEY)
    assert (again.status, again.earlier, again.attempts, again.ok) == (
        SendStatus.ALREADY_SENT,
        "failed",
        0,
        False,
    )
    assert len(twilio.calls) == 2
    assert store.text_status(KEY) == "failed"


@pytest.mark.parametrize("error", MAY_HAVE_SENT)
def test_a_second_try_that_may_have_sent_is_not_followed_by_a_third(
    sender: TextSender, twilio: responses.RequestsMock, store: Store, error: Exception
) -> None:
    server_errors(twilio)
    raises(twilio, error)
    created(twilio)
    assert sender.send(to=TO, body=BODY, key=KEY).status is SendStatus.UNSENT
    second = sender.send(to=TO, body=BODY, key=KEY)
    assert (second.status, second.attempts) == (SendStatus.FAILED, 1)
    third = sender.send(to=TO, body=BODY, key=KEY)
    assert (third.status, third.earlier, third.ok) == (SendStatus.ALREADY_SENT, "failed", False)
    assert len(twilio.calls) == 4
    assert store.text_status(KEY) == "failed"


def test_a_text_sent_on_the_second_try_is_not_sent_again_on_the_third(
    sender: TextSender, twilio: responses.RequestsMock
) -> None:
    server_errors(twilio)
    created(twilio)
    assert sender.send(to=TO, body=BODY, key=KEY).status is SendStatus.UNSENT
    assert sender.send(to=TO, body=BODY, key=KEY).status is SendStatus.SENT
    third = sender.send(to=TO, body=BODY, key=KEY)
    assert (third.status, third.earlier, third.attempts, third.ok) == (
        SendStatus.ALREADY_SENT,
        "sent",
        0,
        True,
    )
    assert len(twilio.calls) == 4


@pytest.mark.parametrize("earlier", [None, "sent", "failed", "opted_out", "not_mobile", "unsent"])
def test_only_a_key_whose_text_certainly_went_nowhere_can_be_claimed_again(
    store: Store, earlier: str | None
) -> None:
    assert store.claim_text(KEY)
    if earlier is not None:  # None: still pending, sending or died mid-send
        store.finish_text(KEY, earlier)
    assert store.claim_text(KEY) is (earlier == "unsent")
    assert store.text_status(KEY) == ("pending" if earlier in (None, "unsent") else earlier)


def test_only_one_of_many_workers_racing_to_claim_an_unsent_key_again_claims_it(
    new_store: StoreMaker,
) -> None:
    first = new_store()
    assert first.claim_text(KEY)
    first.finish_text(KEY, "unsent")
    stores = [new_store() for _ in range(8)]
    claimed = at_once(lambda store: store.claim_text(KEY), stores)
    assert sorted(claimed) == [False] * 7 + [True]
    assert first.text_status(KEY) == "pending"


def test_workers_racing_to_try_an_unsent_key_again_send_one_text(
    make_sender: SenderMaker, new_store: StoreMaker, twilio: responses.RequestsMock
) -> None:
    server_errors(twilio)
    created(twilio)
    assert make_sender().send(to=TO, body=BODY, key=KEY).status is SendStatus.UNSENT
    senders = [make_sender(store=new_store()) for _ in range(4)]
    results = at_once(lambda sender: sender.send(to=TO, body=BODY, key=KEY), senders)
    assert sorted(result.status for result in results) == sorted(
        [SendStatus.SENT] + [SendStatus.ALREADY_SENT] * 3
    )
    assert len(twilio.calls) == 3 + 1


@pytest.mark.parametrize("missing", ["account_sid", "auth_token", "from_number"])
def test_nothing_is_sent_without_an_account_sid_token_and_sender(
    make_sender: SenderMaker,
    twilio: responses.RequestsMock,
    monkeypatch: pytest.MonkeyPatch,
    store: Store,
    missing: str,
) -> None:
    # twilio's Client would fall back to these; the sender must not.
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    result = make_sender(**{missing: ""}).send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts, result.ok) == (SendStatus.NOT_CONFIGURED, 0, False)
    assert not twilio.calls
    assert store.text_status(KEY) is None


@pytest.mark.parametrize(
    "settings",
    [{"timeout": 5.5}, {"timeout": 0}, {"attempts": 0}, {"budget": 4.0}, {"budget": 15.0}],
    ids=["timeout over 5 s", "no timeout", "no attempts", "budget within timeout", "budget 15 s"],
)
def test_settings_that_could_stall_the_call_are_rejected(
    make_sender: SenderMaker, settings: dict[str, float]
) -> None:
    with pytest.raises(ValueError):
        make_sender(**settings)


def test_a_database_failure_sends_nothing_and_reports_failed(
    sender: TextSender, twilio: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_down(_key: str) -> bool:
        raise sa.exc.OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(sender.store, "claim_text", database_down)
    result = sender.send(to=TO, body=BODY, key=KEY)
    assert (result.status, result.attempts) == (SendStatus.FAILED, 0)
    assert not twilio.calls


def test_the_database_never_holds_the_phone_number(
    sender: TextSender, twilio: responses.RequestsMock, store: Store
) -> None:
    created(twilio)
    refused(twilio, 400, 21610, f"Attempt to send to unsubscribed recipient {TO}")
    assert sender.send(to=TO, body=BODY, key=KEY).status is SendStatus.SENT
    assert sender.send(to="+447700900456", body=BODY, key=KEY + "-2").status is (
        SendStatus.OPTED_OUT
    )
    with store.engine.connect() as conn:
        values = [
            str(value)
            for table in (sent_texts, consent)
            for row in conn.execute(sa.select(table))
            for value in row
        ]
    assert len(values) == 2 * 3 + 4
    for number in (TO, "+447700900456"):
        digits = number.removeprefix("+44")
        assert not [value for value in values if digits in value or number in value]
    assert not [value for value in values if "Bone" in value]


def test_logs_and_details_hold_neither_the_number_nor_the_text(
    sender: TextSender, twilio: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    created(twilio)
    refused(twilio, 400, 21211, f"The 'To' number {TO} is not a valid phone number.")
    raises(twilio, requests.exceptions.ReadTimeout(f"timed out sending to {TO}"))
    results = [sender.send(to=TO, body=BODY, key=f"{KEY}-{n}") for n in range(3)]
    assert [result.status for result in results] == [
        SendStatus.SENT,
        SendStatus.NOT_MOBILE,
        SendStatus.FAILED,
    ]
    text = "\n".join([r.getMessage() for r in caplog.records] + [r.detail for r in results])
    assert "outcome=sent attempts=1" in text
    assert "7700900123" not in text and "Bone" not in text
    assert KEY.split(":")[0] not in text, "no call id, which beside a topic says who heard what"
    assert f"ref={log_ref(KEY + '-0')}" in text
