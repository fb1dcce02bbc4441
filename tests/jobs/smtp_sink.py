"""A local SMTP server (aiosmtpd) that counts what arrives; used by tests/jobs and bench/jobs.

`delay` seconds per message (a slow SMTP server); `hold` (a threading.Event) keeps every
conversation waiting after RCPT TO until it is set, so a test can kill a consumer mid-send.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from email import message_from_bytes
from email import policy as email_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.sink.in_flight.set()
        while self.sink.hold is not None and not self.sink.hold.is_set():
            await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        message = message_from_bytes(envelope.content, policy=email_policy.default)
        with self.sink.lock:
            self.sink.messages.append({"to": envelope.rcpt_tos[0], "subject": str(message["Subject"]),
                                       "message_id": (message["Message-ID"] or "").strip()})
        return "250 Message accepted"


class SmtpSink:
    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.hold: threading.Event | None = None
        self.in_flight = threading.Event()
        self.messages: list[dict] = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.hold is not None:
            self.hold.set()
        self.controller.stop()

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def per_message_id(self) -> Counter:
        with self.lock:
            return Counter(m["message_id"] for m in self.messages)
