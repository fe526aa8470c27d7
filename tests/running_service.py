"""A harness for fault tests: the real service under gunicorn, and a PostgreSQL server to break.

`RunningService` starts `helpline serve` the way the Procfile does, in its own process group,
and talks to it over HTTP the way Twilio does: every webhook signed, every request bounded
in time and timed. `PrivateDatabase` starts a throwaway PostgreSQL server with
scripts/postgres-for-tests and can stop it, hang it (SIGSTOP) and bring it back on the same
port, as an outage, a stalled host and a restart would.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import psycopg
import sqlalchemy as sa
import yaml
from sqlalchemy.pool import NullPool
from twilio.request_validator import RequestValidator

from helpline.store.state import metadata

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "helpline" / "packaged_content"
POSTGRES_SCRIPT = ROOT / "scripts" / "postgres-for-tests"

AUTH_TOKEN = "fault-test-auth-token-0123456789"
TEXTER = "+447700900123"
"""Ofcom's drama range, never a real person's number; so are the others below."""
LINE_NUMBER = "+447700900000"
CALLER = "+447700900456"
REQUEST_TIMEOUT = 10.0
"""Seconds a request may take before the harness gives up on it, so no test hangs."""
POLL_EVERY = 0.25


class HarnessError(AssertionError):
    """Something the harness waited for did not happen in time, or a process misbehaved."""


class PostgresUnavailable(RuntimeError):
    """No private PostgreSQL server can be started on this machine."""


# --- small helpers -------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def poll(
    check: Callable[[], tuple[bool, T]], *, within: float, every: float = POLL_EVERY
) -> tuple[bool, T]:
    """Call `check` until it reports done or `within` seconds pass; returns its last result."""
    deadline = time.monotonic() + within
    while True:
        done, value = check()
        if done or time.monotonic() >= deadline:
            return done, value
        time.sleep(max(0.0, min(every, deadline - time.monotonic())))


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None if the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may itself hold spaces or parentheses.
    return stat.rpartition(")")[2].split()


def process_state(pid: int) -> str | None:
    """The one-letter state of a process (R, S, T, Z, ...), or None if it is gone."""
    fields = _stat_fields(pid)
    return fields[0] if fields else None


def children_of(pid: int) -> list[int]:
    """The live (not zombie) processes whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields and int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return sorted(found)


def port_accepts(port: int, timeout: float = 0.5) -> bool:
    """Whether a TCP connection to 127.0.0.1:port is accepted."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"
    return "\n".join(text.splitlines()[-lines:])


# --- what the content says ---------------------------------------------------------------


def _load_yaml(relative: str) -> Any:
    return yaml.safe_load((CONTENT / relative).read_text(encoding="utf-8"))


@cache
def helpline_number() -> str:
    """The nurses' number as texts write it, from service.yaml."""
    return str(_load_yaml("service.yaml")["helpline"]["number"])


@cache
def emergency_number() -> str:
    """The emergency number (999), from service.yaml."""
    return str(_load_yaml("service.yaml")["emergency_number"])


@cache
def fallback_opening() -> str:
    """The first sentence of the safe fallback text, which no other reply starts with."""
    template = str(_load_yaml("service.yaml")["replies"]["fallback"])
    return _first_sentence(template)


def _first_sentence(text: str) -> str:
    head, dot, _ = " ".join(text.split()).partition(". ")
    return head + "." if dot else head


def safe_reply_ok(texts: Sequence[str]) -> bool:
    """Whether a reply names the nurses' number and 999, as the safe fallback must."""
    joined = " ".join(texts)
    return bool(texts) and helpline_number() in joined and emergency_number() in joined


def is_fallback(texts: Sequence[str]) -> bool:
    """Whether a reply is the safe fallback text (alone, not added after a content reply)."""
    return bool(texts) and texts[0].startswith(fallback_opening())


@dataclass(frozen=True)
class TopicKeyword:
    """A keyword that texts a topic, and the sentence its reply opens with."""

    keyword: str
    topic_id: str
    opening: str

    def answers(self, texts: Sequence[str]) -> bool:
        """Whether a reply is this topic's normal first page."""
        return bool(texts) and texts[0].startswith(self.opening)


@cache
def first_topic_keyword() -> TopicKeyword:
    """The first keyword of the first topic on the SMS menu that has one."""
    for topic_id in _load_yaml("service.yaml")["menu"]:
        topic = _load_yaml(f"topics/{topic_id}.yaml")
        keywords = topic.get("keywords") or []
        if keywords:
            page = topic["sms"][0]
            text = page["text"] if isinstance(page, dict) else page
            return TopicKeyword(str(keywords[0]), str(topic_id), _first_sentence(str(text)))
    raise HarnessError("no topic on the SMS menu has a keyword")


@dataclass(frozen=True)
class VoiceTopicStep:
    """A key in a phone menu that plays a topic (and counts it as used)."""

    menu_id: str
    key: str
    topic_id: str

    @property
    def path(self) -> str:
        """The webhook address Twilio posts the key to."""
        return f"/voice/menu/{self.menu_id}/key"


@cache
def first_voice_topic_step() -> VoiceTopicStep:
    """The first phone menu option, in voice.yaml's order, that plays a topic."""
    for menu in _load_yaml("voice.yaml")["menus"]:
        for option in menu.get("options") or []:
            if option.get("topic"):
                return VoiceTopicStep(str(menu["id"]), str(option["key"]), str(option["topic"]))
    raise HarnessError("no phone menu option plays a topic")


def usage_counts(output: str) -> dict[tuple[str, str, str], int]:
    """Parse `helpline usage` output into (channel, topic, matched by) -> count."""
    counts: dict[tuple[str, str, str], int] = {}
    for line in output.splitlines()[1:]:
        parts = line.split()
        if len(parts) == 4 and parts[3].isdigit():
            counts[(parts[0], parts[1], parts[2])] = int(parts[3])
    return counts


# --- a private PostgreSQL server --------------------------------------------------------------


class PrivateDatabase:
    """A throwaway PostgreSQL server that a test may stop, hang and restart on the same port."""

    def __init__(self) -> None:
        try:
            started = subprocess.run(
                [str(POSTGRES_SCRIPT), "start"],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PostgresUnavailable(f"scripts/postgres-for-tests start failed: {exc}") from exc
        if started.returncode != 0:
            raise PostgresUnavailable(
                f"scripts/postgres-for-tests start exited {started.returncode}: "
                + started.stderr.strip()[-1500:]
            )
        exported = _read_exports(started.stdout)
        self._url = exported["HELPLINE_TEST_DATABASE_URL"]
        self.directory = Path(exported["HELPLINE_TEST_PG_DIR"])
        self._stopped_pids: list[int] = []
        self._closed = False
        try:
            self._read_settings()
        except BaseException:
            self.close()
            raise

    def _read_settings(self) -> None:
        port = urlsplit(self._url).port
        if port is None:
            raise HarnessError(f"no port in {self._url}")
        self.port = port
        self.data = self.directory / "data"
        self.log = self.directory / "log"
        # The server's own command line: the binary (beside pg_ctl) and the options it was
        # started with, so start() brings it back exactly so, on the same port.
        command = shlex.split((self.data / "postmaster.opts").read_text())
        self._pg_bin = Path(command[0]).parent
        self._options = _without_data_dir(command[1:])

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the test database."""
        return self._url

    @property
    def hung(self) -> bool:
        """Whether the server's processes are stopped with SIGSTOP."""
        return bool(self._stopped_pids)

    def postmaster_pid(self) -> int | None:
        """The running postmaster's pid, from postmaster.pid, or None when it is not running."""
        try:
            first = (self.data / "postmaster.pid").read_text().split("\n", 1)[0].strip()
        except OSError:
            return None
        pid = int(first) if first.isdigit() else None
        return pid if pid is not None and process_state(pid) not in (None, "Z") else None

    def stop(self, timeout: float = 20.0) -> None:
        """Shut the server down at once (immediate mode) and wait until its port refuses."""
        self.resume()
        if self.postmaster_pid() is not None:
            self._pg_ctl("-D", str(self.data), "-m", "immediate", "-w", "-t", "15", "stop")
        ok, _ = poll(lambda: (not port_accepts(self.port), None), within=timeout)
        if not ok:
            raise HarnessError(f"PostgreSQL still accepts on port {self.port} after {timeout} s")

    def start(self, timeout: float = 30.0) -> None:
        """Start the server again on the same data and port, and wait until it answers SQL."""
        if self.postmaster_pid() is None:
            self._pg_ctl(
                "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
                "-o", shlex.join(self._options), "start",
            )  # fmt: skip
        self.wait_for_sql(timeout)

    def wait_for_sql(self, timeout: float = 30.0) -> None:
        """Wait until the server answers a query."""
        ok, last = poll(self._answers_sql, within=timeout)
        if not ok:
            raise HarnessError(
                f"PostgreSQL did not answer SQL within {timeout} s: {last}\n" + _tail(self.log, 20)
            )

    def _answers_sql(self) -> tuple[bool, str]:
        try:
            with psycopg.connect(self.conninfo, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return True, "ok"
        except psycopg.Error as exc:
            return False, str(exc).strip()

    @property
    def conninfo(self) -> str:
        """The libpq form of the URL, for psycopg."""
        return self._url.replace("postgresql+psycopg://", "postgresql://", 1)

    def hang(self, timeout: float = 5.0) -> None:
        """Freeze the postmaster and every backend with SIGSTOP: a stalled database host."""
        if self.hung:
            return
        pid = self.postmaster_pid()
        if pid is None:
            raise HarnessError("cannot hang PostgreSQL: it is not running")
        # The postmaster first, so it forks no new backend while its children are stopped.
        os.kill(pid, signal.SIGSTOP)
        self._stopped_pids = [pid]
        for child in children_of(pid):
            try:
                os.kill(child, signal.SIGSTOP)
            except ProcessLookupError:
                continue
            self._stopped_pids.append(child)

        def all_stopped() -> tuple[bool, list[int]]:
            running = [p for p in self._stopped_pids if process_state(p) not in (None, "T", "Z")]
            return not running, running

        ok, running = poll(all_stopped, within=timeout, every=0.05)
        if not ok:
            raise HarnessError(f"PostgreSQL processes {running} did not stop within {timeout} s")

    def resume(self) -> None:
        """Let every process that hang() froze run again (SIGCONT)."""
        for pid in reversed(self._stopped_pids):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self._stopped_pids = []

    def empty(self) -> None:
        """Make sure the server runs and drop every table, so the next test starts afresh."""
        self.resume()
        if self.postmaster_pid() is None:
            self.start()
        else:
            self.wait_for_sql()
        engine = sa.create_engine(
            self._url, poolclass=NullPool, connect_args={"connect_timeout": 5}
        )
        try:
            with engine.begin() as conn:
                # Connections left by a killed service could hold locks on the tables.
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
                conn.execute(sa.text("SET lock_timeout = '5s'"))
                metadata.drop_all(conn)
                # And any table the service keeps outside its declared metadata.
                leftover = sa.MetaData()
                leftover.reflect(conn)
                leftover.drop_all(conn)
        finally:
            engine.dispose()

    def close(self) -> None:
        """Resume the server if hung, then stop it and delete its directory."""
        if self._closed:
            return
        self._closed = True
        self.resume()
        subprocess.run(
            [str(POSTGRES_SCRIPT), "stop", str(self.directory)],
            capture_output=True,
            timeout=90,
            check=False,
        )

    def _pg_ctl(self, *args: str) -> None:
        command = [str(self._pg_bin / "pg_ctl"), *args]
        if os.geteuid() == 0:
            # The server runs as `postgres` (initdb and postgres refuse root).
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(
            command, cwd="/", capture_output=True, text=True, timeout=60, check=False
        )
        if done.returncode != 0:
            raise HarnessError(
                f"{shlex.join(command)} exited {done.returncode}: "
                f"{done.stderr.strip()}\n{_tail(self.log, 20)}"
            )


def _read_exports(stdout: str) -> dict[str, str]:
    """The variables in `export A=...; export B=...`, unquoted as the shell would."""
    found: dict[str, str] = {}
    for part in stdout.strip().split(";"):
        words = shlex.split(part)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            name, _, value = words[1].partition("=")
            found[name] = value
    for name in ("HELPLINE_TEST_DATABASE_URL", "HELPLINE_TEST_PG_DIR"):
        if name not in found:
            raise HarnessError(f"scripts/postgres-for-tests start printed no {name}: {stdout!r}")
    return found


def _without_data_dir(options: list[str]) -> list[str]:
    """Server options without -D and its folder, which pg_ctl passes itself."""
    kept: list[str] = []
    skip = False
    for option in options:
        if skip:
            skip = False
        elif option == "-D":
            skip = True
        else:
            kept.append(option)
    return kept


# --- the running service -----------------------------------------------------------------------


@dataclass(eq=False)
class Answer:
    """What the service sent back to one request, or why nothing came back in time."""

    path: str
    status: int
    """The HTTP status; 0 when no HTTP answer came (refused, reset or timed out)."""
    elapsed: float
    """Wall-clock seconds from opening the connection to the last byte of the answer."""
    body: bytes
    content_type: str
    error: str = ""
    """Why there is no answer, or why it is not TwiML."""
    root: ET.Element | None = field(default=None, repr=False)
    """The parsed TwiML document, when the answer is a 200 whose root is <Response>."""
    worker: int | None = None
    """The pid of the worker that answered, when the harness chose it (on_each_worker)."""

    @property
    def is_twiml(self) -> bool:
        """A 200 with a text/xml TwiML document whose root is <Response>."""
        return (
            self.status == 200
            and self.content_type.startswith("text/xml")
            and self.root is not None
        )

    @property
    def messages(self) -> list[str]:
        """The text of every <Message>."""
        return [_text_of(e) for e in self.root.iter("Message")] if self.root is not None else []

    @property
    def says(self) -> list[str]:
        """The words of every <Say>."""
        return [_text_of(e) for e in self.root.iter("Say")] if self.root is not None else []

    @property
    def plays(self) -> list[str]:
        """The address of every <Play>."""
        return [_text_of(e) for e in self.root.iter("Play")] if self.root is not None else []

    @property
    def is_empty(self) -> bool:
        """A TwiML reply that sends nothing: <Response/> with no verbs."""
        return self.is_twiml and self.root is not None and len(self.root) == 0

    def __str__(self) -> str:
        shown = self.body[:600].decode("utf-8", "replace")
        problem = f" ({self.error})" if self.error else ""
        worker = f" from worker {self.worker}" if self.worker is not None else ""
        return f"{self.path}: HTTP {self.status}{worker} in {self.elapsed:.2f} s{problem}: {shown}"


def _text_of(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


def _parse_twiml(body: bytes) -> tuple[ET.Element | None, str]:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        return None, f"not XML: {exc}"
    if root.tag != "Response":
        return None, f"the root element is <{root.tag}>, not <Response>"
    return root, ""


def _sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def helpline_command() -> list[str]:
    """How to run the `helpline` command of the Python running the tests."""
    script = Path(sys.executable).parent / "helpline"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from helpline.operators.cli import main; main()"]


class RunningService:
    """`helpline serve` (gunicorn, 2 threaded workers) in a subprocess, reached over HTTP."""

    def __init__(
        self,
        database_url: str,
        workdir: Path,
        *,
        extra_env: Mapping[str, str] | None = None,
    ) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        audio = workdir / "audio"
        audio.mkdir(exist_ok=True)
        self.port = free_port()
        self.public_url = f"http://127.0.0.1:{self.port}"
        self.account_sid = _sid("AC")
        self.log_path = workdir / "service.log"
        # Short, so a Unix socket path in it stays under 108 bytes.
        self._runtime_dir = tempfile.mkdtemp(prefix="helpline-run-")
        self.env = _clean_environment()
        self.env.update(
            {
                "PORT": str(self.port),
                "HELPLINE_BIND_HOST": "127.0.0.1",
                "WEB_CONCURRENCY": "2",
                "HELPLINE_BUILD_AUDIO": "0",
                "HELPLINE_ENV": "production",
                "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                "HELPLINE_PUBLIC_URL": self.public_url,
                "HELPLINE_SECRET_KEY": "fault-test-secret-" + secrets.token_hex(16),
                "HELPLINE_DATABASE_URL": database_url,
                "HELPLINE_AUDIO_DIR": str(audio),
                # Flask's instance folder cannot be moved by the environment: everything the
                # service would keep there is given its own place in the work folder instead.
                "HELPLINE_JOURNAL_DIR": str(workdir / "opt-outs"),
                "PYTHONUNBUFFERED": "1",
                # gunicorn's control socket goes here, not in the shared ~/.gunicorn/.
                "XDG_RUNTIME_DIR": self._runtime_dir,
                **(extra_env or {}),
            }
        )
        self._log = self.log_path.open("wb")
        try:
            self._process = subprocess.Popen(
                [*helpline_command(), "serve"],
                cwd=workdir,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError:
            self._log.close()
            shutil.rmtree(self._runtime_dir, ignore_errors=True)
            raise
        self.pid = self._process.pid
        """The gunicorn master's pid: `helpline serve` execs gunicorn in its own process."""

    # -- the process --

    def log_text(self) -> str:
        """Everything the service has written to stdout and stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the service's log, for failure messages."""
        return f"--- last {lines} lines of {self.log_path} ---\n" + _tail(self.log_path, lines)

    def master_alive(self) -> bool:
        """Whether the gunicorn master is still running."""
        return self._process.poll() is None

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: live children of the master."""
        return children_of(self.pid) if self.master_alive() else []

    def kill_workers(self, signum: int = signal.SIGKILL) -> list[int]:
        """Send a signal to every worker; returns the pids signalled."""
        pids = self.worker_pids()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)
        return pids

    @contextlib.contextmanager
    def only_worker(self, pid: int) -> Iterator[None]:
        """Pause every other worker (SIGSTOP) so that `pid` takes the requests made meanwhile."""
        # Keep the pause well inside gunicorn's worker timeout, or the master kills the others.
        others = [p for p in self.worker_pids() if p != pid]
        paused = []
        try:
            for other in others:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(other, signal.SIGSTOP)
                    paused.append(other)
            yield
        finally:
            for other in paused:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(other, signal.SIGCONT)

    def on_each_worker(self, request: Callable[[], Answer]) -> list[Answer]:
        """Make the request once on every worker in turn, the others paused meanwhile."""
        pids = self.worker_pids()
        if not pids:
            raise HarnessError("the service has no workers to ask\n" + self.log_tail())
        answers = []
        for pid in pids:
            with self.only_worker(pid):
                answer = request()
            answer.worker = pid
            answers.append(answer)
        return answers

    def wait_until_answering(self, timeout: float = 30.0) -> None:
        """Wait until the server answers GET /healthz/live with any HTTP status."""

        def answering() -> tuple[bool, str]:
            if not self.master_alive():
                return True, f"helpline serve exited with status {self._process.returncode}"
            status, body, _ = self.get("/healthz/live", timeout=1.0)
            return status != 0, str(body)

        ok, last = poll(answering, within=timeout)
        if not ok or not self.master_alive():
            raise HarnessError(
                f"the service was not answering HTTP within {timeout} s: {last}\n" + self.log_tail()
            )

    def stop(self) -> None:
        """SIGTERM the whole process group, wait up to 25 s, then SIGKILL what is left."""
        if self._process.poll() is None:
            _signal_group(self.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                _signal_group(self.pid, signal.SIGKILL)
                self._process.wait(timeout=10)
        # Workers orphaned by a master that died first are still in its group.
        _signal_group(self.pid, signal.SIGKILL)
        if not self._log.closed:
            self._log.close()
        shutil.rmtree(self._runtime_dir, ignore_errors=True)

    def run_cli(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        """Run another `helpline` command with the service's settings, e.g. `usage`."""
        return subprocess.run(
            [*helpline_command(), *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    # -- HTTP --

    def sign(self, path: str, params: Mapping[str, str]) -> str:
        """Twilio's signature over the public URL of `path` (with its query) and the form."""
        validator = RequestValidator(AUTH_TOKEN)
        return str(validator.compute_signature(self.public_url + path, dict(params)))

    def post_form(
        self,
        path: str,
        params: Mapping[str, str],
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = REQUEST_TIMEOUT,
    ) -> Answer:
        """POST a signed form as Twilio does and read the TwiML that comes back."""
        sent = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": self.sign(path, params),
            **(headers or {}),
        }
        status, body, content_type, elapsed, error = self._request(
            "POST", path, urlencode(params).encode(), sent, timeout
        )
        root = None
        if status == 200:
            root, problem = _parse_twiml(body)
            error = error or problem
        return Answer(path, status, elapsed, body, content_type, error, root)

    def sms(
        self,
        body: str,
        sender: str = TEXTER,
        sid: str | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        timeout: float = REQUEST_TIMEOUT,
    ) -> Answer:
        """Text the line as Twilio delivers a text: a signed POST /sms."""
        params = {
            "MessageSid": sid or _sid("SM"),
            "AccountSid": self.account_sid,
            "From": sender,
            "To": LINE_NUMBER,
            "Body": body,
            "NumMedia": "0",
        }
        return self.post_form("/sms", params, headers=headers, timeout=timeout)

    def voice(
        self,
        path: str = "/voice",
        *,
        caller: str = CALLER,
        call_sid: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = REQUEST_TIMEOUT,
        **params: str,
    ) -> Answer:
        """One step of a call as Twilio posts it; extra params such as Digits or SpeechResult."""
        form = {
            "CallSid": call_sid or _sid("CA"),
            "AccountSid": self.account_sid,
            "From": caller,
            "To": LINE_NUMBER,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            **params,
        }
        return self.post_form(path, form, headers=headers, timeout=timeout)

    def get(self, path: str, *, timeout: float = REQUEST_TIMEOUT) -> tuple[int, Any, float]:
        """GET a path: (status, parsed JSON or text, elapsed seconds); status 0 if no answer."""
        status, body, content_type, elapsed, error = self._request("GET", path, None, {}, timeout)
        if status == 0:
            return 0, error, elapsed
        text = body.decode("utf-8", "replace")
        if content_type.startswith("application/json"):
            try:
                return status, json.loads(text), elapsed
            except ValueError:
                pass
        return status, text, elapsed

    def fetch(self, path: str, headers: Mapping[str, str] | None = None) -> tuple[int, str]:
        """GET a path with headers: (status, text); status 0 if no answer."""
        status, body, _, _, error = self._request("GET", path, None, headers or {}, REQUEST_TIMEOUT)
        return status, body.decode("utf-8", "replace") if status else error

    def _request(
        self,
        method: str,
        path: str,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout: float,
    ) -> tuple[int, bytes, str, float, str]:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=dict(headers))
            response = connection.getresponse()
            data = response.read()
            content_type = response.getheader("Content-Type") or ""
            return response.status, data, content_type, time.monotonic() - started, ""
        except (OSError, http.client.HTTPException) as exc:
            reason = f"no answer: {type(exc).__name__}: {exc}"
            return 0, b"", "", time.monotonic() - started, reason
        finally:
            connection.close()


def _clean_environment() -> dict[str, str]:
    """This process's environment without any setting of the service, gunicorn or the tests."""
    dropped = ("HELPLINE_", "TWILIO_", "GUNICORN_")
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(dropped) and name not in ("PORT", "WEB_CONCURRENCY")
    }


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


# --- hostile clients ------------------------------------------------------------------------


class SlowClients:
    """Connections that tie up a server: some idle, some trickling a header byte a second."""

    def __init__(self, port: int, *, idle: int, trickling: int) -> None:
        self.port = port
        self.idle: list[socket.socket] = []
        self.trickling: list[socket.socket] = []
        self._header = (
            b"POST /sms HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4096 + b"\r\n\r\n"
        )
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, name="slow-clients", daemon=True)
        try:
            for _ in range(idle):
                self.idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            for _ in range(trickling):
                self.trickling.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            self.close()
            raise
        self._thread.start()

    def _trickle(self) -> None:
        for sent in range(len(self._header)):
            if self._stop.wait(1.0):
                return
            byte = self._header[sent : sent + 1]
            for connection in self.trickling:
                with contextlib.suppress(OSError):
                    connection.send(byte)

    def close(self) -> None:
        """Stop trickling and close every connection."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        for connection in [*self.idle, *self.trickling]:
            connection.close()
        self.idle, self.trickling = [], []
