"""One request gate for texts and calls: every webhook is refused or answered the same way."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator

from helpline.operators.metrics import exposition
from tests.conftest import AUTH_TOKEN, CALLER, PUBLIC_URL, Page, runtime, signed_post

WEBHOOKS = ["/sms", "/voice", "/voice/menu/main", "/voice/menu/main/key", "/voice/person/done"]
FORM = {"From": CALLER, "Body": "BONE", "CallSid": "CA" + "1" * 32, "Digits": "1"}


def post(client: FlaskClient, address: str, signature: str | None = None) -> Page:
    response = signed_post(client, address, FORM, signature)
    return Page(response.status_code, response.data)


def scraped(name: str) -> float:
    """One counter's value now, 0 when it has no sample yet."""
    for line in exposition()[0].decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


@pytest.mark.parametrize("address", WEBHOOKS)
def test_a_signed_post_to_any_webhook_gets_twiml(client: FlaskClient, address: str) -> None:
    page = post(client, address)
    assert page.status == 200
    assert page.root.tag == "Response"


@pytest.mark.parametrize("address", WEBHOOKS)
def test_a_wrong_signature_is_refused_on_every_webhook(client: FlaskClient, address: str) -> None:
    assert post(client, address, signature="forged").status == 403


@pytest.mark.parametrize("address", WEBHOOKS)
def test_a_get_is_refused_on_every_webhook_naming_post(client: FlaskClient, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"


@pytest.mark.parametrize("address", WEBHOOKS)
def test_an_oversized_body_is_refused_on_every_webhook(client: FlaskClient, address: str) -> None:
    response = signed_post(client, address, {**FORM, "Body": "x" * (70 * 1024)}, None)
    assert response.status_code == 413


@pytest.mark.parametrize("address", ["/voice/nowhere", "/voice/menu", "/sms/more", "/voice/"])
def test_an_address_under_a_webhook_that_is_no_step_is_not_found(
    client: FlaskClient, address: str
) -> None:
    assert post(client, address).status == 404


def test_a_call_step_is_signed_with_its_query_string(client: FlaskClient) -> None:
    address = "/voice/topic/bone/key?menu=main"
    assert post(client, address).status == 200
    without_query = RequestValidator(AUTH_TOKEN).compute_signature(
        PUBLIC_URL + "/voice/topic/bone/key", FORM
    )
    assert post(client, address, signature=without_query).status == 403


def test_paths_that_are_not_webhooks_still_reach_the_app(client: FlaskClient) -> None:
    assert client.get("/healthz/live").status_code == 200


@pytest.mark.parametrize(("address", "channel"), [("/sms", "sms"), ("/voice/topic/bone", "voice")])
def test_a_failure_on_either_channel_gets_its_safe_twiml_and_is_counted(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, address: str, channel: str
) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(runtime(app).release.matcher, "match", broken)
    monkeypatch.setattr(runtime(app).release.phone, "topic", broken)
    requests = f'helpline_requests_total{{channel="{channel}"}}'
    fallbacks = f'helpline_fallbacks_total{{channel="{channel}"}}'
    before = scraped(requests), scraped(fallbacks)
    page = post(client, address)
    assert page.status == 200
    said = " ".join(e.text or "" for e in page.root.iter())
    assert "999" in said or "nine nine nine" in said
    assert (scraped(requests), scraped(fallbacks)) == (before[0] + 1, before[1] + 1)
