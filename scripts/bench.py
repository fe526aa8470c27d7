"""Benchmark the helpline's webhooks against a bare Flask floor, measured in the same run.

The team's rule: a performance claim comes only from this script, as a ratio against the
floor it measures beside the service. So one run

1. starts the real service, `helpline:create_app()`, under gunicorn with the project's own
   `helpline.serving.gunicorn_config`, on a fresh SQLite database in a temporary folder (or on
   --database-url), with a random Twilio auth token;
2. starts the floor, `scripts/floor_app.py`, a Flask app that answers every POST with a fixed
   TwiML message, with the very same gunicorn command line and settings;
3. signs batches of distinct Twilio webhook requests in advance, with Twilio's own
   `RequestValidator`, so that no MessageSid is ever sent twice to one target;
4. drives each target in turn with `wrk` over loopback, --rounds times, alternating floor and
   service, each run after its own warm-up; both targets get the same requests;
5. reports the median round of each target, the service/floor throughput ratio and whether the
   goals hold, as a Markdown table for the README (and as JSON with --json).

It fails (exit status 1) when a response is not 2xx, on any socket error or timeout, when a
server logs a traceback (the service answers its own failures with a 200 fallback, so the
status alone would hide them), or when a run used up its batch of signed requests before its
time was up (raise --max-requests). A missed goal is reported but does not fail the run.

Run it from the project's virtual environment, for example:

    .venv/bin/python scripts/bench.py                  # about 85 s with the defaults
    .venv/bin/python scripts/bench.py --duration 20 --json bench.json
    .venv/bin/python scripts/bench.py --database-url postgresql://user@/helpline

Why wrk rather than a load generator in Python: a Python client spends tens of microseconds
of CPU per request, on the same two cores as the servers, which would squeeze the faster
target (the floor) hardest and flatter the ratio. wrk is an event loop in C that costs little.
Both targets run with the service's own gunicorn settings (threaded workers that keep
connections alive for a few seconds), so whatever the worker model costs, it costs both; wrk
times each request from its first byte written, so a reconnect is not counted as latency. Its
percentiles include wrk's correction for coordinated omission, which can only raise them: the
p99 reported is, if anything, pessimistic.

wrk's Lua script (LUA_REPLAY) replays the signed requests from files written here, one per wrk
thread; that thread's connections take them in order, each once. When a file runs out, the
connection that asked sends nothing more, and the run is reported as invalid rather than
repeating a request. Requests are built by one function per webhook (REQUESTS_FOR_PATH), which
returns the address and form fields Twilio posts: /sms is one address; /voice is a mix of the
steps of a call (the greeting, keys in menus and after topics, words, a silence), each step
under its own address, as Twilio would post them.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import functools
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from twilio.request_validator import RequestValidator

PROJECT = Path(__file__).resolve().parent.parent
SCRIPTS = PROJECT / "scripts"
SERVICE_APP = "helpline:create_app()"
FLOOR_APP = "floor_app:app"
GUNICORN_CONFIG = "python:helpline.serving.gunicorn_config"

GOAL_RATIO = 0.8
GOAL_P99_MS = 25.0

# Batches of signed requests are sized for this rate, several times what two cores reach.
RATE_BUDGET = 20_000
WRK_THREADS = 2
# A response slower than this counts as a timeout error.
WRK_TIMEOUT = "2s"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
"""The unit of the CPU times in /proc/<pid>/stat."""
STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0
LOG_TAIL_CHARS = 3000
TRACEBACK = "Traceback (most recent call last):"

# Ofcom's range for drama: numbers that belong to nobody. Nine hundred senders, so that most
# MOREs read their position from the database, as they would from real people texting
# seconds apart, rather than from a worker's write queue.
HELPLINE_NUMBER = "+447700900000"
SENDERS = tuple(f"+447700900{n:03d}" for n in range(100, 1000))
# What people text, and roughly how often: keywords and menu choices, follow-ups, a question,
# a typo, a red flag that must be answered with care, nonsense and an empty message.
FREE_TEXT = "<free text>"
BODIES_BY_WEIGHT = {
    "BONE": 12,
    "chemo": 10,
    "MENU": 10,
    "MORE": 14,
    "3": 12,
    "what is xgeva?": 10,
    "hi": 6,
    "chemotheraphy": 6,
    "my legs feel numb": 3,
    "asdf": 4,
    "": 2,
    FREE_TEXT: int(os.environ.get("BENCH_FREE_TEXT_WEIGHT", "8")),
}
"""The mix of texts; FREE_TEXT stands for a message in people's own words seen only once, so the
matcher reads it afresh (no cache), as it does most questions and symptoms in real use.
BENCH_FREE_TEXT_WEIGHT=0 gives the mix of earlier runs, for comparing with them."""
FREE_TEXT_PARTS = (
    ("hi", "hello sorry to bother you", "quick question", "hiya", "my mum asked me to text"),
    (
        "how often is zometa given", "my legs have felt heavy since yesterday",
        "can i have radiotherapy again", "what is xgeva used for",
        "no fever but my back hurts at night", "how long does the aredia drip take",
        "she is so thirsty and muddled today", "had a clot years ago can i fly",
        "what time are you open on saturday", "do bisphosphonates hurt your kidneys",
    ),
    ("thanks", "thank you so much", "x", "cheers", "ta"),
)  # fmt: skip
BODIES = tuple(BODIES_BY_WEIGHT)
BODY_WEIGHTS = tuple(BODIES_BY_WEIGHT.values())

LUA_REPLAY = r"""-- Written by scripts/bench.py: replays requests signed in advance, each one once.
-- wrk thread N reads "<BENCH_REQUESTS>N": raw HTTP requests separated by NUL bytes.
local prefix = os.getenv("BENCH_REQUESTS")
local threads = {}

function setup(thread)
   thread:set("thread_number", #threads)
   threads[#threads + 1] = thread
end

function init(args)
   local file = assert(io.open(prefix .. thread_number, "rb"))
   local data = file:read("*a")
   file:close()
   -- Globals, so that done() can read them with thread:get().
   pool, sent, exhausted, non_2xx = {}, 0, 0, 0
   local start = 1
   while start <= #data do
      local stop = string.find(data, "\0", start, true)
      pool[#pool + 1] = string.sub(data, start, stop - 1)
      start = stop + 1
   end
end

-- wrk calls this once before the run to check the request: that one is never sent.
function request()
   if sent == #pool then
      -- Out of fresh requests: send nothing rather than repeat one.
      exhausted = 1
      return ""
   end
   sent = sent + 1
   return pool[sent]
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non_2xx = non_2xx + 1
      if failure == nil then
         local text = string.gsub(body, "%s+", " ")
         failure = status .. " " .. string.sub(text, 1, 300)
      end
   end
end

function done(summary, latency, requests)
   local non_2xx, exhausted, failure = 0, 0, nil
   for _, thread in ipairs(threads) do
      non_2xx = non_2xx + thread:get("non_2xx")
      exhausted = exhausted + thread:get("exhausted")
      failure = failure or thread:get("failure")
   end
   local errors = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non_2xx=%d"
         .. " connect=%d read=%d write=%d timeout=%d exhausted_threads=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      non_2xx, errors.connect, errors.read, errors.write, errors.timeout, exhausted))
   if failure then
      io.write("BENCH_FAILURE ", failure, "\n")
   end
end
"""


class BenchError(RuntimeError):
    """The benchmark could not be run, or its figures cannot be trusted."""


@dataclass(frozen=True)
class Settings:
    """What the command line asked for."""

    duration: int
    warmup: int
    rounds: int
    connections: int
    workers: int
    max_requests: int
    database_url: str | None
    path: str
    json: str | None
    startup_timeout: float
    service_app: str
    publish_during: bool = False
    publish_pairs: int = 0


@dataclass(frozen=True)
class Account:
    """The Twilio account the benchmark plays: who signs the requests and which URL they name."""

    sid: str
    token: str
    public_url: str

    @property
    def host(self) -> str:
        """The Host header Twilio would send."""
        return urllib.parse.urlsplit(self.public_url).netloc

    @functools.cached_property
    def validator(self) -> RequestValidator:
        """Twilio's own signer, holding the account's token."""
        return RequestValidator(self.token)


RequestFactory = Callable[[random.Random, Account], tuple[str, dict[str, str]]]


def sms_params(rng: random.Random, account: Account) -> dict[str, str]:
    """Form fields of one inbound text message, as Twilio posts them to /sms."""
    body = rng.choices(BODIES, BODY_WEIGHTS)[0]
    if body == FREE_TEXT:
        body = free_text(rng)
    return {
        "MessageSid": "SM" + rng.randbytes(16).hex(),
        "AccountSid": account.sid,
        "From": rng.choice(SENDERS),
        "To": HELPLINE_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }


def free_text(rng: random.Random) -> str:
    """A message in someone's own words that no earlier request has sent: a greeting, a
    question or symptom, a sign-off and a reference number, which the matcher reads afresh."""
    opener, middle, close = (rng.choice(part) for part in FREE_TEXT_PARTS)
    return f"{opener}, {middle}? {close} (ref {rng.randint(100_000, 999_999)})"


# Steps of a call and roughly how often each is posted: the greeting, a key in the main
# menu, a key in a submenu, a key after a topic, words, a wrong key and a silence.
VOICE_STEPS_BY_WEIGHT = {
    ("/voice", ""): 10,
    ("/voice/menu/main/key", "1"): 8,
    ("/voice/menu/main/key", "4"): 8,
    ("/voice/menu/bone-drugs/key", "3"): 10,
    ("/voice/menu/urgent/key", "1"): 6,
    ("/voice/topic/denosumab/key?menu=bone-drugs", "9"): 6,
    ("/voice/topic/denosumab/key?menu=bone-drugs", "1"): 4,
    ("/voice/topic/chemotherapy/key?menu=medicines", "*"): 6,
    ("/voice/menu/main/key", "say:what is xgeva"): 6,
    ("/voice/menu/main/key", "say:my legs feel numb"): 3,
    ("/voice/menu/main/key", "7"): 3,
    ("/voice/menu/main?intro=0&silences=1", ""): 4,
}
VOICE_STEPS = tuple(VOICE_STEPS_BY_WEIGHT)
VOICE_WEIGHTS = tuple(VOICE_STEPS_BY_WEIGHT.values())


def voice_request(rng: random.Random, account: Account) -> tuple[str, dict[str, str]]:
    """One step of an inbound call, as Twilio posts it to the step's address."""
    path, step = rng.choices(VOICE_STEPS, VOICE_WEIGHTS)[0]
    params = {
        "CallSid": "CA" + rng.randbytes(16).hex(),
        "AccountSid": account.sid,
        "From": rng.choice(SENDERS),
        "To": HELPLINE_NUMBER,
        "CallStatus": "in-progress",
        "Direction": "inbound",
    }
    if step.startswith("say:"):
        params |= {"SpeechResult": step.removeprefix("say:"), "Confidence": "0.91"}
    elif step:
        params["Digits"] = step
    return path, params


REQUESTS_FOR_PATH: dict[str, RequestFactory] = {
    "/sms": lambda rng, account: ("/sms", sms_params(rng, account)),
    "/voice": voice_request,
}


# Every value but the SIDs recurs, so most of the quoting can be remembered.
quote_form_value = functools.lru_cache(maxsize=4096)(urllib.parse.quote_plus)


def signed_request(path: str, params: dict[str, str], account: Account) -> bytes:
    """A raw HTTP request posting params to path, signed as Twilio signs webhooks."""
    signature = account.validator.compute_signature(account.public_url + path, params)
    body = urllib.parse.urlencode(params, quote_via=quote_form_value)
    head = (
        f"POST {path} HTTP/1.1\r\n"
        f"Host: {account.host}\r\n"
        f"X-Twilio-Signature: {signature}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    )
    return (head + body).encode()


def write_requests(file: Path, count: int, path: str, account: Account, seed: int) -> None:
    """Write count distinct signed requests for path to file, each followed by a NUL byte."""
    rng = random.Random(seed)
    make_request = REQUESTS_FOR_PATH[path]
    with open(file, "wb") as out:
        for _ in range(count):
            raw = signed_request(*make_request(rng, account), account)
            if b"\0" in raw:
                raise BenchError("a generated request contains a NUL byte")
            out.write(raw + b"\0")


@dataclass(frozen=True)
class RunResult:
    """What wrk measured in one run against one target."""

    requests: int
    duration_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    exhausted_threads: int
    failure: str | None
    server_cpu_s: float = 0.0
    """CPU time the target's gunicorn (master and workers) used during the run."""

    @property
    def cpu_us_per_request(self) -> float:
        """The target's own CPU time per completed request: what the work costs, apart from
        wrk's share of the cores (it moves with the host's load much as throughput does)."""
        return self.server_cpu_s / self.requests * 1e6 if self.requests else 0.0

    @property
    def requests_per_s(self) -> float:
        """Completed requests per second of the run."""
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self) -> int:
        """Responses that were not 2xx, plus socket errors and timeouts."""
        return self.non_2xx + self.socket_errors

    def as_dict(self) -> dict[str, Any]:
        """The result with its derived figures, for JSON."""
        return {
            **asdict(self),
            "requests_per_s": self.requests_per_s,
            "errors": self.errors,
            "cpu_us_per_request": self.cpu_us_per_request,
        }


def parse_wrk_output(output: str) -> RunResult:
    """Read the lines that the Lua script's done() printed."""
    figures: dict[str, int] = {}
    failure = None
    for line in output.splitlines():
        if line.startswith("BENCH_RESULT "):
            figures = {
                key: int(value) for key, value in (item.split("=") for item in line.split()[1:])
            }
        elif line.startswith("BENCH_FAILURE "):
            failure = line.removeprefix("BENCH_FAILURE ")
    if not figures:
        raise BenchError(f"wrk printed no results:\n{output[-LOG_TAIL_CHARS:]}")
    return RunResult(
        requests=figures["requests"],
        duration_s=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1e3,
        p99_ms=figures["p99_us"] / 1e3,
        non_2xx=figures["non_2xx"],
        socket_errors=sum(figures[k] for k in ("connect", "read", "write", "timeout")),
        exhausted_threads=figures["exhausted_threads"],
        failure=failure,
    )


NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Probe:
    """A request that a target answers with 200 once it is ready."""

    method: str
    path: str

    def __str__(self) -> str:
        """The probe as a log line would show it."""
        return f"{self.method} {self.path}"

    def answered(self, base_url: str) -> bool:
        """Whether the target answers the probe with 200 within a second."""
        data = b"" if self.method == "POST" else None
        request = urllib.request.Request(base_url + self.path, data=data, method=self.method)
        try:
            with NO_PROXY.open(request, timeout=1) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False


HEALTH_PROBE = Probe("GET", "/healthz")
# The floor has no health check, but answers any POST.
POST_PROBE = Probe("POST", "/sms")


@dataclass
class Server:
    """One gunicorn serving one target on a loopback port."""

    name: str
    label: str
    app: str
    port: int
    probe: Probe
    log_path: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        """Where the target listens."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, gunicorn_command: list[str], env: dict[str, str]) -> None:
        """Start gunicorn in a process group of its own, logging to log_path."""
        command = [*gunicorn_command, self.app]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT,
                env={**env, "PORT": str(self.port)},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log_tail(self) -> str:
        """The end of gunicorn's log, to explain a failure."""
        try:
            return self.log_path.read_text(errors="replace")[-LOG_TAIL_CHARS:]
        except OSError:
            return ""

    def tracebacks(self) -> list[str]:
        """The tracebacks in gunicorn's log: errors that a 200 fallback reply may have hidden."""
        text = self.log_path.read_text(errors="replace")
        return [f"{TRACEBACK}{part[:LOG_TAIL_CHARS]}" for part in text.split(TRACEBACK)[1:]]

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by gunicorn's master and its workers."""
        if self.process is None:
            return 0.0
        master = self.process.pid
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # The command name, in brackets, may hold spaces: fields follow its ")".
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # a process that ended while the list was read
            pid, parent = int(stat.parent.name), int(fields[1])
            if pid == master or parent == master:
                total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return total

    def check_running(self) -> None:
        """Raise if gunicorn has exited."""
        if self.process is None or self.process.poll() is not None:
            raise BenchError(f"the {self.name} stopped; its log ends:\n{self.log_tail()}")

    def wait_until_ready(self, timeout_s: float) -> None:
        """Poll the target until it answers, or raise after timeout_s."""
        deadline = time.monotonic() + timeout_s
        while not self.probe.answered(self.base_url):
            self.check_running()
            if time.monotonic() > deadline:
                raise BenchError(
                    f"the {self.name} did not answer {self.probe} with 200 within "
                    f"{timeout_s:.0f} s; "
                    f"its log ends:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the whole process group: gracefully first, then by force."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def find_wrk(install: bool) -> str | None:
    """The path of wrk, installing Debian's package first if allowed and possible."""
    found = shutil.which("wrk")
    if found or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk is missing: installing Debian's package", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            return None
    return shutil.which("wrk")


def gunicorn_command(gunicorn: Path) -> list[str]:
    """The command line both targets share, but for the app."""
    command = [str(gunicorn), "--config", GUNICORN_CONFIG, "--pythonpath", str(SCRIPTS)]
    # Newer gunicorns open a control socket at one fixed path per user: two benchmark servers
    # would fight over it, and over that of any gunicorn already running.
    usage = subprocess.run([str(gunicorn), "--help"], capture_output=True, text=True, check=False)
    if "--no-control-socket" in usage.stdout:
        command.append("--no-control-socket")
    return command


def find_gunicorn() -> Path:
    """The gunicorn beside this Python, else the project's virtual environment's, else PATH's."""
    for candidate in (
        Path(sys.executable).with_name("gunicorn"),
        PROJECT / ".venv" / "bin" / "gunicorn",
    ):
        if candidate.exists():
            return candidate
    found = shutil.which("gunicorn")
    if found is None:
        raise BenchError("gunicorn not found: run this with the project's .venv/bin/python")
    return Path(found)


def version_of(command: Sequence[str], pattern: str) -> str:
    """The version a command prints, found by pattern, or "unknown"."""
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    match = re.search(pattern, completed.stdout + completed.stderr)
    return match.group(1) if match else "unknown"


def free_ports(count: int) -> list[int]:
    """Distinct loopback ports that were free a moment ago."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def server_environment(account: Account, workers: int, database_url: str) -> dict[str, str]:
    """The environment both gunicorns run in, free of any helpline settings of the caller's."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("HELPLINE_", "TWILIO_"))
    }
    return {
        **inherited,
        "WEB_CONCURRENCY": str(workers),
        "HELPLINE_BIND_HOST": "127.0.0.1",
        "TWILIO_AUTH_TOKEN": account.token,
        "TWILIO_ACCOUNT_SID": account.sid,
        "HELPLINE_SMS_FROM": HELPLINE_NUMBER,
        "HELPLINE_PUBLIC_URL": account.public_url,
        "HELPLINE_SECRET_KEY": secrets.token_hex(32),
        "HELPLINE_DATABASE_URL": database_url,
    }


@dataclass
class Bench:
    """One benchmark run: its settings, the account it signs for, and the tools it drives."""

    args: Settings
    account: Account
    wrk: str
    workdir: Path
    lua_script: Path
    # Signing is the slow part of preparing a run: one process per wrk thread's file.
    signers: concurrent.futures.Executor
    rng: random.Random = field(default_factory=lambda: random.Random(secrets.randbits(64)))

    def batch_size(self, seconds: int) -> int:
        """The requests a run of that many seconds may send: --max-requests per --duration."""
        return math.ceil(self.args.max_requests * seconds / self.args.duration)

    def batch_prefix(self, phase: str) -> Path:
        """Where the batch of a phase is kept; wrk thread N reads the file named this plus N."""
        return self.workdir / f"{phase}-"

    def write_batch(self, phase: str, seconds: int) -> None:
        """Sign a fresh batch of requests for a phase of that many seconds."""
        per_thread = math.ceil(self.batch_size(seconds) / WRK_THREADS)
        jobs = [
            self.signers.submit(
                write_requests,
                Path(f"{self.batch_prefix(phase)}{thread_number}"),
                per_thread,
                self.args.path,
                self.account,
                self.rng.getrandbits(64),
            )
            for thread_number in range(WRK_THREADS)
        ]
        for job in jobs:
            job.result()

    def run_wrk(self, server: Server, phase: str, seconds: int) -> RunResult:
        """Drive server for seconds with the phase's batch; return what wrk measured."""
        server.check_running()
        cpu_before = server.cpu_seconds()
        command = [
            self.wrk,
            f"--threads={WRK_THREADS}",
            f"--connections={self.args.connections}",
            f"--duration={seconds}s",
            f"--timeout={WRK_TIMEOUT}",
            f"--script={self.lua_script}",
            server.base_url + self.args.path,
        ]
        completed = subprocess.run(
            command,
            env={**os.environ, "BENCH_REQUESTS": str(self.batch_prefix(phase))},
            capture_output=True,
            text=True,
            check=False,
            timeout=seconds + 60,
        )
        if completed.returncode != 0:
            raise BenchError(f"wrk failed:\n{completed.stdout}{completed.stderr}")
        result = parse_wrk_output(completed.stdout + completed.stderr)
        result = replace(result, server_cpu_s=server.cpu_seconds() - cpu_before)
        if result.duration_s < 0.9 * seconds:
            raise BenchError(f"wrk stopped after {result.duration_s:.1f} s of {seconds}")
        if result.requests and result.non_2xx == result.requests:
            raise BenchError(f"the {server.name} answered no request with 2xx: {result.failure}")
        if result.exhausted_threads:
            raise BenchError(
                f"the {server.name} used up all {self.batch_size(seconds)} signed requests "
                f"before {seconds} s were up, so its rate would be understated: "
                "raise --max-requests"
            )
        server.check_running()
        return result


def median_round(results: list[RunResult]) -> RunResult:
    """The round whose throughput is the median (the lower one for an even count)."""
    middle = statistics.median_low(result.requests_per_s for result in results)
    return next(result for result in results if result.requests_per_s == middle)


def describe(result: RunResult) -> str:
    """One progress line for a run."""
    line = (
        f"{result.requests_per_s:8,.0f} req/s  p50 {result.p50_ms:6.2f} ms  "
        f"p99 {result.p99_ms:6.2f} ms  errors {result.errors}"
    )
    return line + (f"  first failure: {result.failure}" if result.failure else "")


def markdown_report(summary: dict[str, Any]) -> str:
    """The results as Markdown, ready to paste into the README."""
    machine, parameters, targets = summary["machine"], summary["parameters"], summary["targets"]
    lines = [
        "| target | requests/s | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for target in targets.values():
        lines.append(
            f"| {target['label']} | {target['requests_per_s']:,.0f} | {target['p50_ms']:.2f} "
            f"| {target['p99_ms']:.2f} | {target['errors']} |"
        )
    goals = summary["goals"]
    lines += [
        "",
        f"- service/floor throughput: **{summary['ratio']:.2f}** "
        f"(goal ≥ {GOAL_RATIO:.2f}: {'met' if goals['ratio_met'] else 'missed'})",
        f"- server CPU per request (gunicorn master and workers, median of the rounds): floor "
        f"{targets['floor']['cpu_us_per_request']:,.0f} µs, service "
        f"{targets['service']['cpu_us_per_request']:,.0f} µs; floor/service "
        f"{summary['cpu_ratio']:.2f} (no goal: throughput is what the goal measures)",
        f"- service p99: **{targets['service']['p99_ms']:.2f} ms** "
        f"(goal ≤ {GOAL_P99_MS:.0f} ms: {'met' if goals['p99_met'] else 'missed'})",
        f"- machine: {machine['cpu_count']} cores, Python {machine['python']}, "
        f"gunicorn {machine['gunicorn']}, wrk {machine['wrk']}",
        f"- parameters: POST {parameters['path']} with distinct signed requests, "
        f"{parameters['workers']} threaded workers each, {parameters['connections']} connections "
        f"over loopback from {WRK_THREADS} wrk threads, median of {parameters['rounds']} "
        f"rounds of {parameters['duration_s']} s after {parameters['warmup_s']} s of warm-up, "
        f"database {parameters['database']}",
    ]
    published = summary.get("published_during")
    if published is not None:
        middle = publish_round(parameters["rounds"])
        labels = {middle: " (publish)", middle + 1: " (control)"}
        ratios = ", ".join(
            f"{r:.2f}{labels.get(n, '')}" for n, r in enumerate(summary["round_ratios"], start=1)
        )
        lines.append(
            f"- during round {middle}'s service run: {len(published['done'])} of "
            f"{len(published['done']) + len(published['failed'])} publish/rollback commands "
            f"made their release live; each round's ratio: {ratios}"
        )
        if published["control_done"] or published["control_failed"]:
            lines.append(
                f"- control, round {middle + 1}: the same commands on a scratch database the "
                "service never reads, so the gap between the two rounds is the service's own "
                "share of the dip"
            )
    paired = summary.get("publish_pairs")
    if paired is not None:
        each = ", ".join(f"{c:+.1%}" for c in paired["changes"])
        verdict = (
            "a dip the runs can measure"
            if paired["measurable_dip"]
            else "no dip the runs can measure (the interval reaches 0 or above)"
        )
        lines.append(
            f"- publish pairs: throughput with a publish and a rollback against its control, "
            f"each pair {each}; mean **{paired['mean']:+.1%}**, 95 % interval "
            f"{paired['low']:+.1%} to {paired['high']:+.1%}: {verdict}; "
            f"{paired['errors']} errors"
        )
        commands = summary.get("published_in_pairs")
        if commands is not None:
            lines.append(
                f"- {len(commands['done'])} of {len(commands['done']) + len(commands['failed'])} "
                "publish/rollback commands made their release live during the publish runs"
            )
    return "\n".join(lines)


def summarize(
    args: Settings,
    servers: dict[str, Server],
    measured: dict[str, list[RunResult]],
    warmups: dict[str, list[RunResult]],
    machine: dict[str, Any],
) -> dict[str, Any]:
    """Everything the run found, as plain data for the report and the JSON file."""
    targets: dict[str, Any] = {}
    for name, server in servers.items():
        median = median_round(measured[name])
        tracebacks = server.tracebacks()
        targets[name] = {
            "label": server.label,
            "app": server.app,
            "requests_per_s": median.requests_per_s,
            "p50_ms": median.p50_ms,
            "p99_ms": median.p99_ms,
            # The median of the rounds' CPU per request: what the gap in throughput is made of.
            "cpu_us_per_request": statistics.median(r.cpu_us_per_request for r in measured[name]),
            "errors": sum(r.errors for r in measured[name] + warmups[name]) + len(tracebacks),
            "logged_tracebacks": len(tracebacks),
            "first_traceback": tracebacks[0] if tracebacks else None,
            "rounds": [r.as_dict() for r in measured[name]],
            "warmups": [r.as_dict() for r in warmups[name]],
        }
    floor_rate = targets["floor"]["requests_per_s"]
    ratio = targets["service"]["requests_per_s"] / floor_rate if floor_rate else 0.0
    # Each round's own ratio shows how much the figures moved between rounds.
    round_ratios = [
        service.requests_per_s / floor.requests_per_s if floor.requests_per_s else 0.0
        for floor, service in zip(measured["floor"], measured["service"], strict=True)
    ]
    floor_cpu, service_cpu = (targets[n]["cpu_us_per_request"] for n in ("floor", "service"))
    cpu_ratio = floor_cpu / service_cpu if service_cpu else 0.0
    errors = sum(target["errors"] for target in targets.values())
    return {
        "machine": machine,
        "parameters": {
            "path": args.path,
            "workers": args.workers,
            "connections": args.connections,
            "wrk_threads": WRK_THREADS,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "max_requests": args.max_requests,
            # Only the scheme: a database URL may hold a password.
            "database": urllib.parse.urlsplit(args.database_url or "sqlite://").scheme,
        },
        "targets": targets,
        "ratio": ratio,
        "round_ratios": round_ratios,
        "cpu_ratio": cpu_ratio,
        "goals": {
            "ratio_min": GOAL_RATIO,
            "ratio_met": ratio >= GOAL_RATIO,
            "p99_max_ms": GOAL_P99_MS,
            "p99_met": targets["service"]["p99_ms"] <= GOAL_P99_MS,
        },
        "errors": errors,
        "ok": errors == 0,
    }


def build_recordings(gunicorn: Path, workdir: Path, env: dict[str, str]) -> Path:
    """Render the service's recordings as a deployment would, so /voice plays them.

    Without a speech engine the build fails and the service speaks through <Say>, as it would
    in production; the report says which.
    """
    audio = workdir / "audio"
    helpline = gunicorn.parent / "helpline"
    command = [str(helpline), "build", "--no-progress", "--audio-dir", str(audio)]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        print("recordings: none could be built; the service will use <Say>", flush=True)
    return audio


def define_targets(
    args: Settings, service_port: int, floor_port: int, workdir: Path
) -> dict[str, Server]:
    """The floor and the service, in the order each round drives them."""
    # The hidden --service-app may point at an app without /healthz, such as the floor.
    service_probe = HEALTH_PROBE if args.service_app == SERVICE_APP else POST_PROBE
    return {
        "floor": Server(
            "floor", "floor: bare Flask", FLOOR_APP, floor_port, POST_PROBE, workdir / "floor.log"
        ),
        "service": Server(
            "service",
            "helpline",
            args.service_app,
            service_port,
            service_probe,
            workdir / "service.log",
        ),
    }


def run_rounds(
    bench: Bench, servers: dict[str, Server], publisher: Publisher | None = None
) -> tuple[dict[str, list[RunResult]], dict[str, list[RunResult]]]:
    """Drive the targets in turn, round after round; return the measured and warm-up runs.
    With a publisher, the service's measured run of the middle round has a publish and a
    rollback in it, and that of the round after (if any) the same commands on a scratch
    database, which the service never reads: the control for what the commands cost alone."""
    measured: dict[str, list[RunResult]] = {name: [] for name in servers}
    warmups: dict[str, list[RunResult]] = {name: [] for name in servers}
    phases = {"warm-up": bench.args.warmup, "measured": bench.args.duration}
    phases = {phase: seconds for phase, seconds in phases.items() if seconds}
    publishing = publish_round(bench.args.rounds)
    for round_number in range(1, bench.args.rounds + 1):
        # A fresh batch per round and phase, shared by both targets: each target gets the
        # same requests, and never one it has had before.
        for phase, seconds in phases.items():
            bench.write_batch(phase, seconds)
        for name, server in servers.items():
            for phase, seconds in phases.items():
                during = publisher is not None and name == "service" and phase == "measured"
                control = during and round_number == publishing + 1
                during = during and (control or round_number == publishing)
                if during and publisher is not None:
                    publisher.start(seconds, control=control)
                result = bench.run_wrk(server, phase, seconds)
                if during and publisher is not None:
                    publisher.finish()
                (warmups if phase == "warm-up" else measured)[name].append(result)
                print(f"round {round_number} {name:<8} {phase:<9}{describe(result)}", flush=True)
    return measured, warmups


def publish_round(rounds: int) -> int:
    """The round whose service run has the publish in it: the middle one."""
    return (rounds + 1) // 2


def run_pairs(
    bench: Bench, service: Server, publisher: Publisher, count: int
) -> list[tuple[RunResult, RunResult]]:
    """Pairs of service runs, (with a publish and a rollback, with the control's commands),
    the order alternating from pair to pair, so drift in the host's speed falls on both."""
    seconds = bench.args.duration
    pairs: list[tuple[RunResult, RunResult]] = []
    for number in range(1, count + 1):
        results: dict[bool, RunResult] = {}
        for control in (False, True) if number % 2 else (True, False):
            bench.write_batch("measured", seconds)
            publisher.start(seconds, control=control)
            results[control] = bench.run_wrk(service, "measured", seconds)
            publisher.finish()
            label = "control" if control else "publish"
            print(f"pair {number} service  {label:<9}{describe(results[control])}", flush=True)
        pairs.append((results[False], results[True]))
    return pairs


# Two-sided 95 % points of Student's t for 1 to 10 degrees of freedom; 2.0 beyond.
_T95 = (12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23)


def paired_change(pairs: list[tuple[RunResult, RunResult]]) -> dict[str, Any]:
    """The service's own change in throughput with a publish in the run: each pair's
    publish run against its control run, their mean and its 95 % interval."""
    changes = [
        published.requests_per_s / control.requests_per_s - 1 if control.requests_per_s else 0.0
        for published, control in pairs
    ]
    mean = statistics.mean(changes)
    spread = statistics.stdev(changes) / math.sqrt(len(changes))
    t = _T95[len(changes) - 2] if len(changes) - 1 <= len(_T95) else 2.0
    low, high = mean - t * spread, mean + t * spread
    return {
        "changes": changes,
        "mean": mean,
        "low": low,
        "high": high,
        "measurable_dip": high < 0,
        "errors": sum(p.errors + c.errors for p, c in pairs),
    }


MORE_WORDINGS = (
    "Text MORE for more.", "Send MORE for more.", "Text MORE to go on.", "Send MORE to go on.",
    "Say MORE for more.", "Send MORE: more.", "Text MORE: more.", "Reply MORE: more.",
)  # fmt: skip
"""Wordings of the MORE prompt, no longer than the packaged one, one per publish to each
database, so each publish makes a new release (up to eight)."""


class Publisher:
    """Publishes a changed copy of the content, then rolls it back, while a run goes on; or,
    as a control, runs the same commands on a scratch database the service never reads."""

    def __init__(self, gunicorn: Path, workdir: Path, env: dict[str, str]) -> None:
        self.helpline = str(gunicorn.parent / "helpline")
        content = workdir / "published-content"
        shutil.copytree(PROJECT / "helpline" / "packaged_content", content)
        self.service_file = content / "service.yaml"
        self.original = self.service_file.read_text()
        self.published = {False: 0, True: 0}
        (workdir / "no-evaluation").mkdir()
        self.content = content
        self.env = {
            **env,
            "HELPLINE_BUILD_AUDIO": "0",
            "HELPLINE_EVALUATION_DIR": str(workdir / "no-evaluation"),
        }
        self.control_env = {
            **self.env,
            "HELPLINE_DATABASE_URL": f"sqlite:///{workdir / 'control.sqlite3'}",
        }
        self.thread: threading.Thread | None = None
        self.done: list[str] = []
        self.failed: list[str] = []
        self.control_done: list[str] = []
        self.control_failed: list[str] = []
        self.prepared = False

    def start(self, seconds: int, *, control: bool = False) -> None:
        """Publish a third of the way through the run, roll back at two thirds."""
        if control and not self.prepared:
            # The scratch database gets a live release first, as the service's has, so the
            # control's publish and rollback do the same work as the real ones.
            self._run("publish", "--note", "bench control", control=True, quiet=True)
            self.prepared = True

        # New words each time, as an operator's edit would be: a release published before
        # is already compiled in every worker, and would cost the service nothing.
        self.published[control] += 1
        wording = MORE_WORDINGS[(self.published[control] - 1) % len(MORE_WORDINGS)]
        self.service_file.write_text(self.original.replace("Reply MORE for more.", wording))

        def work() -> None:
            time.sleep(seconds / 3)
            self._run("publish", "--content-dir", str(self.content), "--note", "bench",
                      control=control)  # fmt: skip
            time.sleep(seconds / 3)
            self._run("rollback", "--note", "bench", control=control)

        self.thread = threading.Thread(target=work, daemon=True)
        self.thread.start()

    def take_commands(self) -> dict[str, list[str]]:
        """The commands run so far, by outcome, and a fresh count from here on."""
        taken = {
            "done": self.done,
            "failed": self.failed,
            "control_done": self.control_done,
            "control_failed": self.control_failed,
        }
        self.done, self.failed, self.control_done, self.control_failed = [], [], [], []
        return taken

    def finish(self) -> None:
        """Wait for both to have run."""
        if self.thread is not None:
            self.thread.join(timeout=120)

    def _run(self, *args: str, control: bool = False, quiet: bool = False) -> None:
        # At the lowest priority: it stands in for an operator's machine, not the service's.
        completed = subprocess.run(
            ["nice", "-n", "19", self.helpline, *args, "--by", "bench"],
            env=self.control_env if control else self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            start_new_session=True,
            preexec_fn=_lowest_group,
        )
        line = (completed.stdout or completed.stderr).strip().splitlines()
        said = line[-1] if line else ""
        ok = completed.returncode == 0
        if quiet and ok:
            return
        if control:
            (self.control_done if ok else self.control_failed).append(f"{args[0]}: {said}")
        else:
            (self.done if ok else self.failed).append(f"{args[0]}: {said}")
        if not quiet:
            where = "control (scratch database)" if control else "during the run"
            print(f"  {where}: {args[0]}: {said}", flush=True)


def _lowest_group() -> None:
    """Linux shares the CPU between sessions (autogroups) before it looks at nice values, so
    a command run beside the servers gets its own session at the lowest weight; otherwise it
    takes the share of the session it joins, nice or not."""
    with contextlib.suppress(OSError):
        Path("/proc/self/autogroup").write_text("19")


def benchmark(args: Settings, wrk: str, workdir: Path, stack: contextlib.ExitStack) -> int:
    """Start both targets, drive them, report, and return the exit status."""
    gunicorn = find_gunicorn()
    service_port, floor_port = free_ports(2)
    account = Account(
        sid="AC" + secrets.token_hex(16),
        token=secrets.token_hex(16),
        public_url=f"http://127.0.0.1:{service_port}",
    )
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = server_environment(account, args.workers, database_url)
    env["HELPLINE_JOURNAL_DIR"] = str(workdir / "opt-outs")
    env["HELPLINE_AUDIO_DIR"] = str(build_recordings(gunicorn, workdir, env))
    servers = define_targets(args, service_port, floor_port, workdir)
    command = gunicorn_command(gunicorn)
    for server in servers.values():
        stack.callback(server.stop)
        server.start(command, env)
    for server in servers.values():
        server.wait_until_ready(args.startup_timeout)

    lua_script = workdir / "replay.lua"
    lua_script.write_text(LUA_REPLAY)
    machine = {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "gunicorn": version_of([str(gunicorn), "--version"], r"version ([\w.]+)"),
        "wrk": version_of([wrk, "--version"], r"wrk \S*?([\d.]+)"),
    }
    print(
        f"POST {args.path}: {args.rounds} rounds of {args.duration} s per target after "
        f"{args.warmup} s of warm-up; {args.workers} workers, {args.connections} connections",
        flush=True,
    )
    signers = stack.enter_context(
        concurrent.futures.ProcessPoolExecutor(
            WRK_THREADS, initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN)
        )
    )
    bench = Bench(args, account, wrk, workdir, lua_script, signers)
    wanted = args.publish_during or args.publish_pairs
    publisher = Publisher(gunicorn, workdir, env) if wanted else None
    measured, warmups = run_rounds(bench, servers, publisher if args.publish_during else None)
    # The rounds' commands and the pairs' are counted apart, by the one publisher whose
    # wordings keep changing across both.
    commands: dict[str, dict[str, list[str]]] = {}
    if publisher is not None and args.publish_during:
        commands["published_during"] = publisher.take_commands()
    pairs = (
        run_pairs(bench, servers["service"], publisher, args.publish_pairs)
        if publisher is not None and args.publish_pairs
        else []
    )
    if publisher is not None and args.publish_pairs:
        commands["published_in_pairs"] = publisher.take_commands()

    summary = summarize(args, servers, measured, warmups, machine)
    if pairs:
        summary["publish_pairs"] = paired_change(pairs)
        summary["errors"] += summary["publish_pairs"]["errors"]
    for key, taken in commands.items():
        summary[key] = taken
        summary["errors"] += len(taken["failed"]) + len(taken["control_failed"])
    summary["ok"] = summary["errors"] == 0
    return report(summary, args.json)


def report(summary: dict[str, Any], json_path: str | None) -> int:
    """Print the results, write them as JSON if asked, and return the exit status."""
    print()
    print(markdown_report(summary))
    if json_path:
        Path(json_path).write_text(json.dumps(summary, indent=2) + "\n")
    if summary["ok"]:
        return 0
    for name, target in summary["targets"].items():
        if target["first_traceback"]:
            print(f"\nThe {name} logged {target['first_traceback']}", file=sys.stderr)
    print(f"\nFAILED: {summary['errors']} errors (see above)", file=sys.stderr)
    return 1


def positive_int(text: str) -> int:
    """An argparse type: a whole number above zero."""
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def parse_args(argv: Sequence[str] | None) -> Settings:
    """The command line, with --max-requests defaulting to what --duration needs."""
    parser = argparse.ArgumentParser(
        description="Benchmark the helpline against a bare Flask floor in the same run.",
    )
    parser.add_argument(
        "--duration",
        type=positive_int,
        default=10,
        help="measured seconds per target per round (default 10)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=2,
        help="uncounted seconds before each measured run; 0 for none (default 2)",
    )
    parser.add_argument(
        "--rounds",
        type=positive_int,
        default=3,
        help="alternating rounds; the median round is reported (default 3)",
    )
    parser.add_argument(
        "--connections",
        type=positive_int,
        default=16,
        help=f"concurrent connections, a multiple of {WRK_THREADS} (default 16)",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=2,
        help="gunicorn workers for each target (default 2)",
    )
    parser.add_argument(
        "--max-requests",
        type=positive_int,
        default=None,
        help=f"most requests one run may send (default {RATE_BUDGET:,} per second of --duration)",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="the service's database (default: SQLite in a temporary folder)",
    )
    parser.add_argument(
        "--path",
        default="/sms",
        choices=sorted(REQUESTS_FOR_PATH),
        help="the webhook to drive (default /sms)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results to PATH as JSON")
    parser.add_argument(
        "--publish-during",
        action="store_true",
        help="publish a content change, then roll it back, during the service's measured run "
        "of the middle round (through `helpline publish` on the service's database); in the "
        "round after, as a control, the same commands on a scratch database",
    )
    parser.add_argument(
        "--publish-pairs",
        type=int,
        default=0,
        metavar="N",
        help="after the rounds, N pairs of service runs, one with a publish and a rollback on "
        "the service's database, one with the same commands on a scratch database, in "
        "alternating order; reports the service's own change in throughput with a 95%% interval",
    )
    parser.add_argument(
        "--startup-timeout", type=float, default=STARTUP_TIMEOUT_S, help=argparse.SUPPRESS
    )
    # For trying the benchmark itself, e.g. --service-app floor_app:app for floor against floor.
    parser.add_argument("--service-app", default=SERVICE_APP, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.warmup < 0:
        parser.error("--warmup cannot be negative")
    if args.publish_pairs < 0 or args.publish_pairs == 1 or args.publish_pairs > 7:
        parser.error("--publish-pairs takes 2 to 7 pairs (or 0)")
    if args.connections % WRK_THREADS:
        parser.error(f"--connections must be a multiple of {WRK_THREADS}, the wrk threads")
    if args.max_requests is None:
        args.max_requests = RATE_BUDGET * args.duration
    return Settings(**vars(args))


@contextlib.contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit, so that cleanup runs as it does on Ctrl-C."""

    def _exit(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line; return the exit status."""
    args = parse_args(argv)
    wrk = find_wrk(install=True)
    if wrk is None:
        print(
            "bench: wrk is needed and could not be installed: "
            "install Debian's package (apt-get install wrk) and run this again",
            file=sys.stderr,
        )
        return 1
    with terminate_as_exit(), contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="helpline-bench-")))
        try:
            return benchmark(args, wrk, workdir, stack)
        except BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("bench: interrupted; stopping the servers", file=sys.stderr)
            return 130


if __name__ == "__main__":
    sys.exit(main())
