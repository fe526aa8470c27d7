"""Fixtures: the real app on SQLite and PostgreSQL, a signed texter, the CLI runner, and a
copy of the shipped content that a test may break."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
import responses
import sqlalchemy as sa
import yaml
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from helpline import create_app
from helpline.audio.recordings import (
    VOICES,
    Pace,
    Utterance,
    audio_name,
    engine_version,
    text_digest,
)
from helpline.content import rules
from helpline.content.loading import PACKAGED_CONTENT, load_catalog
from helpline.content.model import Catalog
from helpline.content.problems import Problem
from helpline.operators.cli import main
from helpline.serving.runtime import Runtime, current
from helpline.store.database_guard import DatabaseGuard

T = TypeVar("T")
R = TypeVar("R")
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC_URL = "https://helpline.example.org"
SENDER = "+447700900001"
CALLER = "+447700900002"
ACCOUNT_SID = "AC" + "1" * 32
POSTGRES_URL = os.environ.get("HELPLINE_TEST_DATABASE_URL", "")
REQUIRE_POSTGRES = os.environ.get("HELPLINE_REQUIRE_POSTGRES") == "1"


def _postgres_url() -> str:
    if POSTGRES_URL:
        return POSTGRES_URL
    if REQUIRE_POSTGRES:
        pytest.fail("HELPLINE_REQUIRE_POSTGRES=1 but HELPLINE_TEST_DATABASE_URL is not set")
    pytest.skip("no PostgreSQL server: run the tests through scripts/test")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind the service supports."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'helpline.sqlite3'}"
        return
    url = _postgres_url()
    empty_database(url)
    yield url


def empty_database(url: str) -> None:
    """Drop every table, the migrations' record included, so a test starts from nothing."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            found = sa.MetaData()
            found.reflect(conn)
            found.drop_all(conn)
    finally:
        engine.dispose()


def make_app(database_url: str, instance: Path, **overrides: Any) -> Flask:
    """The real app with a real database, signatures on, as Twilio would reach it."""
    config = {
        "TESTING": True,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "HELPLINE_PUBLIC_URL": PUBLIC_URL,
        "HELPLINE_DATABASE_URL": database_url,
        "HELPLINE_SECRET_KEY": "test-secret-key",
        "HELPLINE_AUDIO_DIR": str(instance / "audio"),
        "HELPLINE_JOURNAL_DIR": str(instance / "opt-outs"),
        **overrides,
    }
    app = create_app(config)
    app.instance_path = str(instance)
    return app


def close(app: Flask) -> None:
    """Write what is queued and give the database connections back, as a stopping worker does."""
    app.extensions["helpline.follower"].stop()
    current = runtime(app).services
    current.consent.close()
    current.recorder.close()
    current.store.engine.dispose()


AppBuilder = Callable[..., Flask]


@pytest.fixture
def build_app(database_url: str, tmp_path: Path) -> Iterator[AppBuilder]:
    """Builds apps on the test's database with extra settings; closes them afterwards."""
    built: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        built.append(make_app(database_url, tmp_path, **overrides))
        return built[-1]

    yield build
    for application in built:
        close(application)


@pytest.fixture
def app(build_app: AppBuilder) -> Flask:
    """The app on each database."""
    return build_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the app."""
    return app.test_client()


def runtime(app: Flask) -> Runtime:
    """The app's compiled content and store."""
    with app.app_context():
        return current()


@dataclass
class Reply:
    """What a person would receive: the HTTP status, the raw TwiML and the message texts."""

    status: int
    xml: bytes
    messages: list[str]

    @property
    def text(self) -> str:
        """The single message sent back."""
        assert len(self.messages) == 1, self.messages
        return self.messages[0]


def messages_url(account_sid: str) -> str:
    """The address of Twilio's REST API that sends texts for an account."""
    return f"https://api.twilio.com/2010-04-01/Accounts/{account_sid}/Messages.json"


def twilio_refuses(
    mock: responses.RequestsMock, url: str, status: int, code: int, message: str, **headers: str
) -> None:
    """Twilio refusing one request to `url` with its error code, in its legacy error format."""
    mock.add(
        responses.POST,
        url,
        status=status,
        headers=headers,
        json={
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
    )


def patient_guard() -> DatabaseGuard:
    """A database guard for tests about what racing workers write, not about the request
    deadline (test_database_guard and test_faults hold that): a loaded CI host once took over
    2 s to settle four racing claims, and the claim given up on still landed."""
    return DatabaseGuard(deadline=30.0)


def at_once(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """Run `work` on every item in its own thread, all let go at the same instant, as racing
    workers are; returns the results in the order they finished."""
    start = threading.Barrier(len(items))
    results: list[R] = []

    def run(item: T) -> None:
        start.wait()
        results.append(work(item))

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def write_recording(
    folder: Path, text: str, sound: bytes, *, with_file_hash: bool = True
) -> tuple[str, dict[str, Any]]:
    """Put one recording of `text` and a manifest listing it in `folder`, as `helpline build`
    writes them (an entry without the file's hash, as older builds wrote, when asked);
    returns the file's name and its manifest entry."""
    version = engine_version()
    name = audio_name(Utterance(text, Pace.NORMAL), version)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(sound)
    voice = VOICES[Pace.NORMAL]
    entry: dict[str, Any] = {
        "text_sha256": text_digest(text),
        "pace": "normal",
        "voice": voice.name,
        "rate": voice.rate,
        "word_gap": voice.word_gap,
        "seconds": 1.0,
        "bytes": len(sound),
    }
    if with_file_hash:
        entry["file_sha256"] = hashlib.sha256(sound).hexdigest()
    manifest = {"format": 1, "engine": version, "files": {name: entry}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return name, entry


def back_up_sqlite(database: Path, backup: Path) -> None:
    """Copy a live SQLite database, its write-ahead log included, as an operator's backup."""
    with (
        contextlib.closing(sqlite3.connect(database)) as live,
        contextlib.closing(sqlite3.connect(backup)) as copy,
    ):
        live.backup(copy)


def delete_sqlite(database: Path, *, keep_file: bool = False) -> None:
    """Delete an SQLite database file with its -wal and -shm files, as an operator might
    (or, with `keep_file`, only those two, before moving a backup over the file)."""
    for leftover in database.parent.glob(database.name + ("-*" if keep_file else "*")):
        leftover.unlink()


def opted_out_in(database: Path) -> int:
    """How many numbers an SQLite file holds as opted out, read afresh."""
    with contextlib.closing(sqlite3.connect(database, timeout=1)) as conn:
        return int(conn.execute("SELECT count(*) FROM consent WHERE opted_out").fetchone()[0])


def parse_messages(xml: bytes) -> list[str]:
    """The texts of every <Message> in a TwiML document, checking it is TwiML at all."""
    root = ET.fromstring(xml)
    assert root.tag == "Response"
    return [message.text or "" for message in root.iter("Message")]


def signed_post(
    client: FlaskClient, address: str, params: dict[str, str], signature: str | None
) -> TestResponse:
    """Post a form to an address as Twilio does; the signature defaults to the correct one."""
    if signature is None:
        signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + address, params)
    return client.post(address, data=params, headers={"X-Twilio-Signature": signature})


class Texter:
    """A phone texting the service: every request signed exactly as Twilio signs it."""

    def __init__(self, client: FlaskClient, sender: str = SENDER) -> None:
        self.client = client
        self.sender = sender

    def params(self, body: str | None, **extra: str) -> dict[str, str]:
        """The form Twilio posts for one incoming message."""
        params = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": "AC" + "1" * 32,
            "From": self.sender,
            "To": "+447700900999",
            "NumMedia": "0",
            **extra,
        }
        if body is not None:
            params["Body"] = body
        return {k: v for k, v in params.items() if v is not None}

    def post(
        self, params: dict[str, str], *, signature: str | None = None, path: str = "/sms"
    ) -> Reply:
        """Send a form as Twilio would; signature defaults to the correct one."""
        response = signed_post(self.client, path, params, signature)
        messages = parse_messages(response.data) if response.status_code == 200 else []
        if response.status_code == 200:
            assert response.content_type.startswith("text/xml")
        return Reply(response.status_code, response.data, messages)

    def send(self, body: str | None, **extra: str) -> Reply:
        """Text one message and return what comes back."""
        return self.post(self.params(body, **extra))


@pytest.fixture
def texter(client: FlaskClient) -> Texter:
    """A phone texting the app."""
    return Texter(client)


class Page:
    """One TwiML document of a call, read the way Twilio reads it."""

    def __init__(self, status: int, xml: bytes) -> None:
        self.status = status
        self.xml = xml
        self.root = ET.fromstring(xml) if status == 200 else ET.Element("none")
        if status == 200:
            assert self.root.tag == "Response", xml

    @property
    def spoken(self) -> list[str]:
        """Each Say's words and each Play's address, in the order the caller hears them."""
        heard: list[str] = []
        for element in self.root.iter():
            if element.tag == "Say":
                heard.append("".join(element.itertext()).strip())
            elif element.tag == "Play":
                heard.append(f"[play {element.text}]")
        return heard

    @property
    def text(self) -> str:
        """Everything said, as one string."""
        return " ".join(self.spoken)

    @property
    def gather(self) -> ET.Element | None:
        """The Gather waiting for the caller, if any."""
        return self.root.find("Gather")

    @property
    def redirect(self) -> str | None:
        """Where the call goes when the caller gives no input."""
        element = self.root.find("Redirect")
        return element.text if element is not None else None

    @property
    def hangs_up(self) -> bool:
        """Whether the call ends here."""
        return self.root.find("Hangup") is not None

    @property
    def dial(self) -> ET.Element | None:
        """The transfer to a person, if any."""
        return self.root.find("Dial")


class Caller:
    """A phone calling the service: each step signed exactly as Twilio signs it."""

    def __init__(self, client: FlaskClient, number: str = CALLER) -> None:
        self.client = client
        self.number = number
        self.call_sid = "CA" + secrets.token_hex(16)

    def post(self, address: str, *, signature: str | None = None, **extra: str) -> Page:
        """Post one step of the call to a path (with its query) as Twilio would."""
        params = {
            "CallSid": self.call_sid,
            "AccountSid": ACCOUNT_SID,
            "From": self.number,
            "To": "+447700900999",
            "CallStatus": "in-progress",
            "Direction": "inbound",
            **extra,
        }
        response = signed_post(self.client, address, params, signature)
        if response.status_code == 200:
            assert response.content_type.startswith("text/xml")
        return Page(response.status_code, response.data)

    def start(self) -> Page:
        """Ring the line."""
        return self.post("/voice")

    def press(self, page: Page, key: str) -> Page:
        """Press a key while the page's Gather listens."""
        assert page.gather is not None, page.xml
        return self.post(page.gather.attrib["action"], Digits=key)

    def say(self, page: Page, words: str) -> Page:
        """Speak while the page's Gather listens; Twilio sends what it heard."""
        assert page.gather is not None, page.xml
        return self.post(page.gather.attrib["action"], SpeechResult=words, Confidence="0.9")

    def wait(self, page: Page) -> Page:
        """Say nothing: Twilio carries on with the verb after the Gather."""
        assert page.redirect is not None, page.xml
        return self.post(page.redirect)


@pytest.fixture
def caller(client: FlaskClient) -> Caller:
    """A phone calling the app."""
    return Caller(client)


@pytest.fixture
def runner() -> CliRunner:
    """Runs the `helpline` command in-process."""
    return CliRunner()


# Before any source document's next review, so review warnings appear only when asked for.
BEFORE_REVIEWS = date(2016, 6, 1)
PAIN = "topics/pain.yaml"
VOICE = "voice.yaml"
COMMON_QUESTIONS = ("what-is", "why", "how-given", "treatment", "signs", "what-to-do")


class Content:
    """A copy of the shipped content folder that a test may edit as text."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._checked: tuple[str, list[Problem]] | None = None

    def text(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        (self.root / relative).write_text(text, encoding="utf-8")

    def data(self, relative: str) -> Any:
        return yaml.safe_load(self.text(relative))

    def catalog(self) -> Catalog:
        catalog = load_catalog(self.root).catalog
        assert catalog is not None
        return catalog

    def replace(self, relative: str, old: str, new: str) -> None:
        """Replace text that occurs exactly once in the file."""
        text = self.text(relative)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
        self.write(relative, text.replace(old, new))

    def insert_after(self, relative: str, line: str, new_line: str) -> None:
        """Add a line straight after the one line that reads exactly `line`."""
        lines = self.text(relative).split("\n")
        assert lines.count(line) == 1, f"{line!r} is not one line of {relative}"
        lines.insert(lines.index(line) + 1, new_line)
        self.write(relative, "\n".join(lines))

    def delete_line(self, relative: str, line: str) -> None:
        """Remove the one line that reads exactly `line`."""
        lines = self.text(relative).split("\n")
        assert lines.count(line) == 1, f"{line!r} is not one line of {relative}"
        lines.remove(line)
        self.write(relative, "\n".join(lines))

    def delete_lexicon_class(self, name: str) -> None:
        """Take one word class out of lexicon.yaml."""
        lines = self.text("lexicon.yaml").split("\n")
        self.delete_line("lexicon.yaml", next(x for x in lines if x.startswith(f"{name}:")))

    def set_field(self, relative: str, key: str, value: str | None) -> None:
        """Rewrite a top-level field and its indented lines as `key: value`, or delete it."""
        lines = self.text(relative).split("\n")
        starts = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
        assert len(starts) == 1, f"no single top-level {key!r} in {relative}"
        start = starts[0]
        end = start + 1
        while end < len(lines) and lines[end].startswith(" "):
            end += 1
        if value is None:
            lines[start:end] = []
        else:
            space = "" if value.startswith("\n") else " "
            lines[start:end] = f"{key}:{space}{value}".split("\n")
        self.write(relative, "\n".join(lines))

    def set_pages(self, relative: str, *pages: str) -> None:
        """Rewrite a topic's SMS pages, one double-quoted line each; the last page says it
        answers every common kind of question, so no test meets ANS003 unless it asks to."""
        for page in pages:
            assert '"' not in page and "\\" not in page
        *first, last = pages
        written = "".join(f'\n  - "{page}"' for page in first)
        written += f'\n  - text: "{last}"\n    answers: [{", ".join(COMMON_QUESTIONS)}]'
        self.set_field(relative, "sms", written)

    def page_line(self, relative: str, index: int) -> int:
        """The line of SMS page `index` as written by set_pages."""
        return self.line_of(relative, "sms:") + 1 + index

    def add_item(self, relative: str, key: str, item: str) -> int:
        """Append to a one-line list such as `keywords: [A, B]`; the new item's index."""
        line = next(x for x in self.text(relative).split("\n") if x.startswith(f"{key}: ["))
        assert line.endswith("]"), line
        head = line[:-1]
        self.replace(relative, line, f"{head}{item}]" if head.endswith("[") else f"{head}, {item}]")
        written = self.data(relative)[key]
        assert isinstance(written, list)
        return len(written) - 1

    def set_reply(self, name: str, text: str) -> None:
        """Rewrite one of the service's replies."""
        lines = self.text("service.yaml").split("\n")
        found = [i for i, line in enumerate(lines) if line.startswith(f"  {name}: ")]
        assert len(found) == 1, name
        lines[found[0]] = f'  {name}: "{text}"'
        self.write("service.yaml", "\n".join(lines))

    def set_next_reviews(self, *months: str) -> None:
        """Give the source documents these next review months, in order (the clinical policy
        listed after them keeps its own)."""
        text = self.text("sources.yaml")
        assert text.count("next_review:") == len(months) + 1
        given = iter(months)
        text = re.sub(
            r'next_review: "\d{4}-\d{2}"',
            lambda _: f'next_review: "{next(given, "2099-12")}"',
            text,
        )
        self.write("sources.yaml", text)

    def line_of(self, relative: str, fragment: str) -> int:
        """The 1-based line of the one line containing `fragment`."""
        found = [n for n, line in enumerate(self.text(relative).split("\n"), 1) if fragment in line]
        assert len(found) == 1, f"{fragment!r} is on lines {found} of {relative}"
        return found[0]

    def set_word(self, name: str, text: str) -> None:
        """Rewrite one of the phone line's words in voice.yaml."""
        lines = self.text(VOICE).split("\n")
        found = [i for i, line in enumerate(lines) if line.startswith(f"  {name}: ")]
        assert len(found) == 1, name
        lines[found[0]] = f'  {name}: "{text}"'
        self.write(VOICE, "\n".join(lines))

    def phone_menu(self, menu_id: str) -> int:
        """The index of a phone menu in voice.yaml."""
        menus = self.data(VOICE)["menus"]
        assert isinstance(menus, list)
        return [m["id"] for m in menus].index(menu_id)

    def menu_index(self, topic_id: str) -> int:
        menu = self.data("service.yaml")["menu"]
        assert isinstance(menu, list)
        return menu.index(topic_id)

    def problems(self, today: date = BEFORE_REVIEWS) -> list[Problem]:
        """Every problem `check` finds; checked again only when a file or the day changed
        (a full check takes most of a second, and fixtures and tests often ask twice)."""
        state = hashlib.sha256(today.isoformat().encode())
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                state.update(str(path.relative_to(self.root)).encode() + b"\0")
                state.update(path.read_bytes())
        key = state.hexdigest()
        if self._checked is None or self._checked[0] != key:
            self._checked = (key, rules.check(load_catalog(self.root), today))
        return list(self._checked[1])

    def run(self, runner: CliRunner, *options: str) -> Result:
        return runner.invoke(main, ["check", "--content-dir", str(self.root), *options])


@pytest.fixture
def content(tmp_path: Path) -> Content:
    """The shipped content, copied so that a test can break it."""
    root = tmp_path / "content"
    shutil.copytree(PACKAGED_CONTENT, root)
    # The operators' must-pass cases are checked as shipped; a test that breaks one thing
    # in the content should see that one thing, not the cases it upsets.
    (root / "cases.yaml").unlink(missing_ok=True)
    return Content(root)
