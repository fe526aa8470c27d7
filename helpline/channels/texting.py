"""Texts the service sends itself (a topic "as a text" during a call): once, fast, or not at all."""

from __future__ import annotations

import hashlib
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from helpline.serving.config import E164
from helpline.store.consent import Consent
from helpline.store.privacy import pseudonym
from helpline.store.state import TEXT_UNSENT

log = logging.getLogger(__name__)

MAX_TIMEOUT = 5.0  # seconds for one REST request: the caller waits in silence meanwhile
WEBHOOK_LIMIT = 15.0  # Twilio gives up on a webhook after this, connecting time included
FIRST_BACKOFF = 0.5  # seconds before the second attempt; doubles for each one after
RETRY_AFTER_CAP = 2.0  # longest Retry-After honoured; a longer one would not fit the budget
KEY_LENGTH = 80  # the width of sent_texts.key
ANSWER_WAIT = 1.5  # seconds a caller waits to hear whether a text went, before "on its way"
SENDING_THREADS = 2  # per worker: texts are rare, and each waits on Twilio, not the CPU
QUEUE_LIMIT = 32  # texts sending or waiting per worker; more are refused (UNSENT) at once
OPTED_OUT_CODE = 21610  # "Attempt to send to unsubscribed recipient"
# 21211 invalid 'To' number, 21612 'To' not reachable by SMS, 21614 'To' is not a mobile number.
NOT_MOBILE_CODES = frozenset({21211, 21612, 21614})


class SendStatus(StrEnum):
    """How one request to send a text ended; also the outcome stored for its key."""

    SENT = "sent"  # Twilio accepted it; never sent again under the key
    # The key was handled before and may not be tried again; SendResult.earlier says how.
    ALREADY_SENT = "already_sent"
    OPTED_OUT = "opted_out"
    NOT_MOBILE = "not_mobile"
    NOT_CONFIGURED = "not_configured"  # nothing claimed or stored
    # Certainly not sent: Twilio answered only 429 or 5xx, was never reached, or no request
    # fitted in the budget. The key may be claimed again, so the caller can try once more.
    UNSENT = TEXT_UNSENT
    # Not sent, or not known to be: an answer lost after the request went (it may have been
    # sent), or a refusal that another try would meet again. Never tried again under the key.
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SendResult:
    """What the voice webhook needs to tell the caller, and what the logs need to explain it."""

    status: SendStatus
    detail: str  # for logs only; never holds the phone number or the message text
    attempts: int  # REST requests made by this call (0 when none was needed or allowed)
    # For ALREADY_SENT: the outcome stored by the last request that claimed the key (a
    # SendStatus value, or "pending" while that request is still sending or if it died
    # mid-send).
    earlier: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the caller can be told the text is on its way."""
        if self.status is SendStatus.ALREADY_SENT:
            return self.earlier == SendStatus.SENT
        return self.status is SendStatus.SENT


class _Retry(Exception):
    """One attempt certainly sent nothing, and failed in a way that a later attempt may not."""

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


class TextSender:
    """Sends one text per key through Twilio's REST API, inside the voice webhook's time."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        consent: Consent,
        secret: bytes,
        *,
        api_url: str = "",
        timeout: float = 4.0,
        attempts: int = 3,
        budget: float = 9.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        if not 0 < timeout <= MAX_TIMEOUT:
            raise ValueError(f"timeout must be more than 0 and at most {MAX_TIMEOUT} s")
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        if not timeout < budget < WEBHOOK_LIMIT:
            raise ValueError(f"budget must exceed the timeout and stay under {WEBHOOK_LIMIT} s")
        self.account_sid = account_sid
        self.from_number = from_number
        self.consent = consent
        self.store = consent.store
        self.secret = secret
        self.timeout = timeout
        self.attempts = attempts
        self.budget = budget
        self.sleep = sleep
        self.clock = clock
        self.rng = rng or random.Random()
        # Retry-After of the last response seen by this thread; twilio's exceptions drop headers.
        self._seen = threading.local()
        self._queue_lock = threading.Lock()
        self._queued = 0
        self._executor: ThreadPoolExecutor | None = None
        self._executor_pid = 0
        self.configured = bool(account_sid and auth_token and from_number)
        # twilio's Client falls back to TWILIO_* environment variables when given empty
        # credentials, so it is only built when all three settings are present. Its default
        # HTTP client has no timeout at all.
        self.client: Any = None
        if self.configured:
            http_client = TwilioHttpClient(
                timeout=timeout, request_hooks={"response": [self._note_response]}
            )
            self.client = Client(account_sid, auth_token, http_client=http_client)
            if api_url:  # another address for Twilio's REST API (a test's stand-in for it)
                self.client.api.base_url = api_url.rstrip("/")

    def send_soon(
        self,
        *,
        to: str,
        body: str,
        key: str,
        wait: float = ANSWER_WAIT,
        on_sent: Callable[[], None] | None = None,
    ) -> SendResult | None:
        """Send as `send` does, on a background thread; returns its result if it ends within
        `wait` seconds, else None: the text is on its way and the caller need not wait in
        silence. Pressing again reports how it went (ALREADY_SENT, with the outcome so far)."""
        with self._queue_lock:
            if self._queued >= QUEUE_LIMIT:
                return SendResult(SendStatus.UNSENT, "too many texts waiting to be sent", 0)
            self._queued += 1
            pool = self._pool()
        future = pool.submit(self._send_counted, to, body, key, on_sent)
        try:
            return future.result(timeout=wait)
        except FutureTimeout:
            return None

    def _send_counted(
        self, to: str, body: str, key: str, on_sent: Callable[[], None] | None
    ) -> SendResult:
        try:
            result = self.send(to=to, body=body, key=key)
            if result.status is SendStatus.SENT and on_sent is not None:
                on_sent()
            return result
        finally:
            with self._queue_lock:
                self._queued -= 1

    def _pool(self) -> ThreadPoolExecutor:
        """This process's sending threads (a forked worker must not use its parent's)."""
        if self._executor is None or self._executor_pid != os.getpid():
            self._executor_pid = os.getpid()
            self._queued = 0
            self._executor = ThreadPoolExecutor(SENDING_THREADS, thread_name_prefix="helpline-text")
        return self._executor

    def send(self, *, to: str, body: str, key: str) -> SendResult:
        """Send `body` to `to` at most once for `key` ("<CallSid>:<step>"); never raises.

        A key whose last try ended UNSENT is tried afresh; any other claimed key is not.
        """
        started = self.clock()
        try:
            result = self._send(to, body, key, started)
        except Exception as error:  # the webhook must still answer the caller
            log.exception("text ref=%s: unexpected %s", log_ref(key), type(error).__name__)
            result = SendResult(SendStatus.FAILED, f"unexpected {type(error).__name__}", 0)
        level = logging.INFO if result.ok else logging.WARNING
        log.log(
            level,
            "text ref=%s outcome=%s attempts=%d seconds=%.2f detail=%s",
            log_ref(key),
            result.status,
            result.attempts,
            self.clock() - started,
            result.detail,
        )
        return result

    def _send(self, to: str, body: str, key: str, started: float) -> SendResult:
        if not self.configured:
            return SendResult(SendStatus.NOT_CONFIGURED, "account SID, token or sender unset", 0)
        if not key or len(key) > KEY_LENGTH:
            return SendResult(SendStatus.FAILED, f"key must be 1 to {KEY_LENGTH} characters", 0)
        if not E164.fullmatch(to):
            # Withheld numbers ("anonymous", "+266696687") and app clients ("client:…").
            return SendResult(SendStatus.NOT_MOBILE, "not an E.164 phone number", 0)
        sender = pseudonym(self.secret, to)
        if self.consent.opted_out(sender):
            return SendResult(SendStatus.OPTED_OUT, "the number has opted out", 0)
        # Claimed in the database, not in memory, so a retried webhook served by another worker
        # or racing the first request cannot send again. If the database is down this raises
        # and nothing is sent: without the claim a duplicate could not be ruled out. A key whose
        # last try ended UNSENT is claimed again here, by one request only.
        if not self.store.claim_text(key):
            earlier = self.store.text_status(key)
            return SendResult(
                SendStatus.ALREADY_SENT, f"key already handled; earlier: {earlier}", 0, earlier
            )
        result = self._attempts(to, body, sender, started)
        try:
            self.store.finish_text(key, result.status)
        except Exception as error:  # the text went (or not) either way; the key stays claimed
            log.warning(
                "text ref=%s: could not record the outcome (%s)", log_ref(key), type(error).__name__
            )
        return result

    def _attempts(self, to: str, body: str, sender: str, started: float) -> SendResult:
        """Up to `attempts` requests, backing off between them, all inside the budget."""
        last, retry_after = "none", None
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                delay = self._delay(attempt - 1, retry_after)
                if self._left(started) - delay <= self.timeout:
                    return self._out_of_time(attempt - 1, last)
                self.sleep(delay)
            # A request may take the whole timeout; never start one that could outlast the
            # budget (and so Twilio's webhook limit).
            if self._left(started) <= self.timeout:
                return self._out_of_time(attempt - 1, last)
            try:
                return self._attempt(to, body, sender, attempt)
            except _Retry as retry:
                last, retry_after = retry.detail, retry.retry_after
        # Every attempt ended in a _Retry, none of which can have sent anything.
        return SendResult(
            SendStatus.UNSENT, f"gave up after {self.attempts} attempts; last {last}", self.attempts
        )

    @staticmethod
    def _out_of_time(made: int, last: str) -> SendResult:
        """UNSENT: the attempts made so far all ended in a _Retry, which sends nothing."""
        detail = f"no time left in the budget after {made} attempts; last {last}"
        return SendResult(SendStatus.UNSENT, detail, made)

    def _attempt(self, to: str, body: str, sender: str, attempt: int) -> SendResult:
        """One REST request; raises _Retry when it sent nothing and another attempt could."""
        self._seen.retry_after = None
        try:
            self.client.messages.create(to=to, from_=self.from_number, body=body)
        except (TwilioRestException, TwilioServiceException) as error:
            return self._refused(error, sender, attempt)
        except requests.exceptions.RequestException as error:
            if _never_reached_twilio(error):
                raise _Retry(f"could not connect ({type(error).__name__})") from error
            # Decision: a read timeout (or a connection lost mid-request) is not retried. The
            # request reached Twilio, which most likely accepted and queued the text before
            # answering slowly, so a retry would mostly send a duplicate and keep the caller
            # waiting in silence another `timeout` seconds. A missing copy of information the
            # caller has just heard, and can get again by texting the topic's keyword, is less
            # harmful than confusing duplicates and a long silence on the call.
            return SendResult(
                SendStatus.FAILED,
                f"{type(error).__name__} after the request was sent; may have been sent",
                attempt,
            )
        except Exception as error:  # whatever it says may quote the number: keep the type only
            detail = f"unexpected {type(error).__name__}; may have been sent"
            return SendResult(SendStatus.FAILED, detail, attempt)
        return SendResult(SendStatus.SENT, "accepted by Twilio", attempt)

    def _refused(self, error: Exception, sender: str, attempt: int) -> SendResult:
        """The status for an error answer from Twilio; raises _Retry for 429 and 5xx."""
        status = _as_int(getattr(error, "status", None))
        code = _as_int(getattr(error, "code", None))
        # Only numbers from the answer: Twilio's messages quote the 'To' number.
        detail = f"HTTP {status} code {code}"
        if code == OPTED_OUT_CODE:
            try:
                self.consent.learned_from_twilio(sender)
            except Exception as failure:  # Twilio blocks the number anyway
                log.warning("could not record an opt-out from Twilio (%s)", type(failure).__name__)
            return SendResult(SendStatus.OPTED_OUT, detail, attempt)
        if code in NOT_MOBILE_CODES:
            return SendResult(SendStatus.NOT_MOBILE, detail, attempt)
        if status == 429 or (status is not None and status >= 500):
            raise _Retry(detail, getattr(self._seen, "retry_after", None))
        # Nothing was sent, but another try (now or when the caller presses again) would be
        # refused alike.
        return SendResult(SendStatus.FAILED, detail, attempt)

    def _delay(self, retry: int, retry_after: float | None) -> float:
        """Backoff of 0.5 s, 1 s, 2 s… plus up to half again, or a short Retry-After if longer."""
        backoff = FIRST_BACKOFF * 2.0 ** (retry - 1)
        delay = backoff + self.rng.uniform(0, backoff / 2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
        return delay

    def _left(self, started: float) -> float:
        return self.budget - (self.clock() - started)

    def _note_response(self, response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        """A requests hook: keeps the Retry-After header (seconds) of each response."""
        value = response.headers.get("Retry-After", "").strip()
        # Whole seconds only; an HTTP date is too far off to wait for inside a call anyway.
        self._seen.retry_after = float(value) if value.isdigit() else None


def log_ref(key: str) -> str:
    """A short stand-in for a text's key in logs: the key holds the call's id and the topic,
    which together say what one caller listened to. The same key always gives the same ref."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _never_reached_twilio(error: requests.exceptions.RequestException) -> bool:
    """Whether the request failed before any byte reached Twilio, so retrying cannot duplicate."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(error, requests.exceptions.ConnectionError) and error.args:
        # Refused, unreachable, or a failed name lookup: urllib3 never opened the connection.
        return isinstance(getattr(error.args[0], "reason", None), NewConnectionError)
    return False


def _as_int(value: object) -> int | None:
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None
