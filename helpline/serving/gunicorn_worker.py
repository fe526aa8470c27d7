"""Gunicorn's threaded worker, reading each request whole before a thread takes it.

A sync worker gives its only thread to a connection for as long as the client takes to send a
request, so two idle or trickling connections held both workers (issue 9). Gunicorn's gthread
worker parks idle connections on a poller, but a thread that has begun reading a request waits
as long as the client trickles. This worker reads every request (its head, and a body of known
length) on the poller, without a thread, and hands it to a thread only once it has arrived; a
request that has not arrived whole REQUEST_ARRIVAL seconds after its connection was ready for
it is dropped. Twilio sends a webhook in one go, in milliseconds. Reads a thread still makes (a
chunked body) share one deadline, and writing the answer has its own WRITE_TIMEOUT.
"""

from __future__ import annotations

import contextlib
import re
import socket
import time
import weakref
from functools import partial
from selectors import EVENT_READ
from typing import Any

from gunicorn.workers import gthread  # type: ignore[import-untyped]

from helpline.serving.config import MAX_BODY_BYTES
from helpline.serving.heap import freeze_loaded

REQUEST_ARRIVAL = 5.0  # seconds for a request's head and body to arrive
WRITE_TIMEOUT = 15.0  # seconds for one write of the answer (Twilio's whole budget)
READ_SIZE = 65536
LONGEST_HEAD = 64 * 1024  # past this gunicorn's own limits refuse the request
_HEAD_END = b"\r\n\r\n"
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_CHUNKED = re.compile(rb"^transfer-encoding:.*chunked", re.IGNORECASE | re.MULTILINE)

# Bytes read on the poller, waiting for the thread's first reads; and each request's deadline.
_arrived: weakref.WeakKeyDictionary[socket.socket, bytes] = weakref.WeakKeyDictionary()
_deadlines: weakref.WeakKeyDictionary[socket.socket, float] = weakref.WeakKeyDictionary()


def arrived(data: bytes | bytearray) -> bool:
    """Whether a request's bytes so far are enough to hand it to a thread."""
    end = data.find(_HEAD_END)
    if end < 0:
        return len(data) > LONGEST_HEAD
    head = data[:end]
    length = _LENGTH.search(head)
    if length is None or _CHUNKED.search(head):
        return True  # no body, or one whose end only the parser can find
    wanted = int(length.group(1))
    # A body over the limit is refused from its declared length, unread.
    return wanted > MAX_BODY_BYTES or len(data) >= end + len(_HEAD_END) + wanted


class _DeadlineSocket(socket.socket):
    """A client socket that gives a thread the bytes read on the poller first, and whose reads
    by a thread share one deadline per request."""

    __slots__ = ()

    def setblocking(self, flag: bool) -> None:
        if not flag:
            super().setblocking(False)  # back on the poller
            return
        # Gunicorn makes the socket blocking each time a thread takes it for a request. Reads
        # narrow the timeout to the request's deadline first (`_left`); the answer's write
        # keeps this one, so a request read whole on the poller changes it only once: each
        # change is a system call, and each lets the poller take the interpreter lock.
        _deadlines[self] = time.monotonic() + REQUEST_ARRIVAL
        self.settimeout(WRITE_TIMEOUT)

    def recv(self, size: int, flags: int = 0) -> bytes:
        early = _arrived.pop(self, b"")
        if early:
            if len(early) > size:
                _arrived[self] = early[size:]
            return early[:size]
        self._left()
        return super().recv(size, flags)

    def sendall(self, data: Any, flags: int = 0) -> None:
        self._writing()
        super().sendall(data, flags)

    def sendfile(self, file: Any, offset: int = 0, count: int | None = None) -> int:
        self._writing()
        return super().sendfile(file, offset, count)

    def _writing(self) -> None:
        """Give the answer's write its own timeout, with a system call only if it changes."""
        if self.gettimeout() != WRITE_TIMEOUT:
            self.settimeout(WRITE_TIMEOUT)

    def _left(self) -> None:
        """Narrow the timeout to what is left of the request's deadline, or give up."""
        deadline = _deadlines.get(self)
        if deadline is None:
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the request did not arrive within {REQUEST_ARRIVAL:g} s")
        self.settimeout(left)


class DeadlineThreadWorker(gthread.ThreadWorker):  # type: ignore[misc]
    """gthread, reading each request on the poller first (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Connections whose request is arriving, oldest first, with their deadline and bytes.
        self.arriving: dict[Any, tuple[float, bytearray]] = {}

    def load_wsgi(self) -> None:
        """Build the app (the factory runs here, in the worker), then freeze what it loaded."""
        super().load_wsgi()
        freeze_loaded()

    def enqueue_req(self, conn: Any) -> None:
        """Read the connection's next request on the poller; a thread takes it once it is in."""
        if type(conn.sock) is socket.socket:
            conn.sock.__class__ = _DeadlineSocket  # same layout: only the methods change
        ahead = conn.parser is not None and conn.parser.unreader.buf.getvalue()
        if ahead:  # gunicorn already holds the next request's first bytes
            super().enqueue_req(conn)
            return
        socket.socket.setblocking(conn.sock, False)
        self.arriving[conn] = (time.monotonic() + REQUEST_ARRIVAL, bytearray())
        self.poller.register(conn.sock, EVENT_READ, partial(self._on_bytes, conn))

    def _on_bytes(self, conn: Any, _sock: Any) -> None:
        data = self.arriving[conn][1]
        try:
            chunk = socket.socket.recv(conn.sock, READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._drop(conn)
            return
        data += chunk
        if not arrived(data):
            return
        del self.arriving[conn]
        self.poller.unregister(conn.sock)
        _arrived[conn.sock] = bytes(data)
        conn.data_ready = True  # gunicorn must not wait for more bytes before reading these
        super().enqueue_req(conn)

    def _drop(self, conn: Any) -> None:
        """Close a connection that went away or did not send its request in time."""
        del self.arriving[conn]
        with contextlib.suppress(OSError, KeyError, ValueError):  # not registered any more
            self.poller.unregister(conn.sock)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        """Gunicorn's sweep of waiting connections, and of requests that did not arrive in time."""
        super().murder_pending()
        now = time.monotonic()
        for conn, (deadline, _) in list(self.arriving.items()):
            if deadline > now:
                break  # oldest first: the rest are younger
            self._drop(conn)
