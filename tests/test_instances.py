"""Two instances of the service (two gunicorn masters on two ports) on one PostgreSQL follow
every publish, rollback and staged release within 5 s, by text and by phone."""

from __future__ import annotations

import secrets
import shutil
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from twilio.request_validator import RequestValidator

from helpline.content.loading import PACKAGED_CONTENT
from helpline.operators.cli import main
from tests.conftest import _postgres_url, empty_database
from tests.test_cli import cli_env, free_port, serve, stop, wait_for

pytestmark = pytest.mark.postgres

OLD, NEW = "in the bone means breast", "in the bones means breast"
SAID_OLD, SAID_NEW = "in the bone means that breast", "in the bones means that breast"
WITHIN = 5.0


class Instance:
    """One running `helpline serve`, reached over HTTP as Twilio reaches it."""

    def __init__(self, tmp_path: Path, database_url: str) -> None:
        self.port = free_port()
        self.env = cli_env(tmp_path)
        self.process = serve(
            tmp_path, self.port, HELPLINE_DATABASE_URL=database_url, WEB_CONCURRENCY="2"
        )

    def post(self, path: str, params: dict[str, str]) -> ET.Element:
        public = self.env["HELPLINE_PUBLIC_URL"] + path
        signature = RequestValidator(self.env["TWILIO_AUTH_TOKEN"]).compute_signature(
            public, params
        )
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=urllib.parse.urlencode(params).encode(),
            headers={"X-Twilio-Signature": signature},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return ET.fromstring(response.read())

    def text(self, sender: str, body: str) -> str:
        sid = "SM" + secrets.token_hex(16)
        root = self.post("/sms", {"From": sender, "Body": body, "MessageSid": sid})
        return " ".join(m.text or "" for m in root.iter("Message"))

    def said(self, caller: str, words: str) -> str:
        params = {"From": caller, "CallSid": "CA" + secrets.token_hex(16), "SpeechResult": words}
        root = self.post("/voice/menu/main/key", params)
        return " ".join(" ".join((e.text or "").split()) for e in root.iter("Say"))


@pytest.fixture
def database_url() -> str:
    url = _postgres_url()
    empty_database(url)
    return url


@pytest.fixture
def instances(tmp_path: Path, database_url: str) -> Iterator[tuple[Instance, Instance]]:
    first = Instance(tmp_path / "a", database_url)
    second = Instance(tmp_path / "b", database_url)
    try:
        for instance in (first, second):
            wait_for(f"http://127.0.0.1:{instance.port}/healthz", seconds=60)
        yield first, second
    finally:
        stop(first.process)
        stop(second.process)


def operate(tmp_path: Path, database_url: str, *args: str) -> None:
    (tmp_path / "no-evaluation").mkdir(exist_ok=True)
    env = {
        **cli_env(tmp_path),
        "HELPLINE_DATABASE_URL": database_url,
        "HELPLINE_BUILD_AUDIO": "0",
        "HELPLINE_EVALUATION_DIR": str(tmp_path / "no-evaluation"),
        "HELPLINE_CONTENT_DIR": "",
    }
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output


def within(check: Callable[[], bool]) -> None:
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < WITHIN, "not followed within 5 s"
        time.sleep(0.1)


def number(n: int) -> str:
    return f"+4477009002{n:02d}"


def test_two_instances_follow_publish_rollback_and_staging_within_5_seconds(
    instances: tuple[Instance, Instance], tmp_path: Path, database_url: str
) -> None:
    first, second = instances
    edited = tmp_path / "edited"
    shutil.copytree(PACKAGED_CONTENT, edited)
    bone = edited / "topics" / "bone.yaml"
    bone.write_text(bone.read_text().replace(OLD, NEW, 1).replace(SAID_OLD, SAID_NEW, 1))
    both = (first, second)
    for instance in both:
        assert OLD in instance.text(number(1), "BONE")
        assert SAID_OLD in instance.said(number(2), "bone")
    # Positions reach the database within half a second (each worker batches its writes).
    first.text(number(3), "BONE")
    time.sleep(1.0)
    page_two_before = first.text(number(3), "MORE")
    first.text(number(3), "BONE")  # and MORE starts again from the first page
    time.sleep(1.0)
    assert OLD not in page_two_before and "Reply with a number" not in page_two_before

    operate(tmp_path, database_url, "publish", "--content-dir", str(edited), "--note", "words")
    within(lambda: all(NEW in i.text(number(1), "BONE") for i in both for _ in range(3)))
    within(lambda: all(SAID_NEW in i.said(number(2), "bone") for i in both for _ in range(3)))
    assert second.text(number(3), "MORE") == page_two_before

    operate(tmp_path, database_url, "rollback", "--note", "undo")
    within(lambda: all(OLD in i.text(number(1), "BONE") for i in both for _ in range(3)))
    within(lambda: all(SAID_OLD in i.said(number(2), "bone") for i in both for _ in range(3)))

    operate(tmp_path, database_url, "stage", "--content-dir", str(edited), "--note", "try")
    operate(tmp_path, database_url, "testers", "add", number(4))
    within(lambda: all(NEW in i.text(number(4), "BONE") for i in both for _ in range(3)))
    within(lambda: all(SAID_NEW in i.said(number(4), "bone") for i in both for _ in range(3)))
    for instance in both:
        assert OLD in instance.text(number(5), "BONE")
        assert SAID_OLD in instance.said(number(5), "bone")
