"""A local HTTP receiver on 127.0.0.1 (a thread with http.server) that records what it got, and
one that always fails; the public catalogue's fixtures."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.catalog.public.conftest import make_category, make_listing, shop  # noqa: F401


class Receiver:
    def __init__(self, status: int):
        self.status, self.received = status, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                receiver.received.append({"headers": {k.lower(): v for k, v in
                                                      self.headers.items()}, "body": body})
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receivers(app):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True  # the receivers listen on 127.0.0.1
    made = []

    def make(status: int = 200) -> Receiver:
        receiver = Receiver(status)
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.close()
