"""The real queue: an app with JOBS_IMMEDIATE off, huey on SQLite (on Redis too when REDIS_URL
is set), an SMTP sink, and `flask jobs consume` as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import _config
from tests.jobs.smtp_sink import SmtpSink

BACKENDS = ["sqlite"] + (["redis"] if os.environ.get("REDIS_URL") else [])
ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, timeout: float = 120.0, what: str = "condition"):
    """Polls until condition() is truthy (the queue works in other processes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def sink():
    with SmtpSink() as running:
        yield running


@pytest.fixture(params=BACKENDS)
def app(request, _schema, tmp_path, sink):
    """Here the app's jobs go through the real queue (no immediate mode): every fixture of the
    suite (make_user, client, …) uses this app."""
    from tests.conftest import _clean
    from trading_floor import create_app
    from trading_floor.extensions import db, limiter

    config = {**_config(tmp_path), "JOBS_IMMEDIATE": False,
              "JOBS_QUEUE_NAME": f"floor-test-{uuid.uuid4().hex[:8]}",
              "JOBS_REDIS_URL": os.environ["REDIS_URL"] if request.param == "redis" else None,
              "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": sink.port, "MAIL_USE_TLS": False}
    app = create_app(config)
    _clean(app)
    limiter.reset()
    with app.app_context():
        yield app
        app.extensions["jobs"].flush()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def queue_app(app):
    return app


def consumer_env(app) -> dict:
    config = app.config
    env = {**os.environ, "FLOOR_INSTANCE_PATH": str(Path(config["OUTBOX_DIR"]).parent / "inst"),
           "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"], "JOBS_IMMEDIATE": "0",
           "JOBS_SQLITE_PATH": config["JOBS_SQLITE_PATH"],
           "JOBS_QUEUE_NAME": config["JOBS_QUEUE_NAME"], "MAIL_SERVER": config["MAIL_SERVER"],
           "MAIL_PORT": str(config["MAIL_PORT"]), "MAIL_USE_TLS": "0",
           "SEARCH_INDEX_DIR": config["SEARCH_INDEX_DIR"], "UPLOAD_DIR": config["UPLOAD_DIR"],
           "OUTBOX_DIR": config["OUTBOX_DIR"], "SERVER_NAME": "localhost"}
    env.pop("REDIS_URL", None)
    if config.get("JOBS_REDIS_URL"):
        env["JOBS_REDIS_URL"] = config["JOBS_REDIS_URL"]
    return env


class Consumer:
    """`flask --app trading_floor jobs consume` in its own process."""

    def __init__(self, app, log: Path):
        self.app, self.log, self.process = app, log, None

    def start(self) -> Consumer:
        with self.log.open("ab") as output:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "trading_floor", "jobs", "consume",
                 "--workers", "2"], cwd=ROOT, env=consumer_env(self.app),
                stdout=output, stderr=subprocess.STDOUT)
        return self

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)  # reaped: its pid no longer exists

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def consumer(queue_app, tmp_path):
    made = []

    def start() -> Consumer:
        made.append(Consumer(queue_app, tmp_path / "consumer.log").start())
        return made[-1]

    yield start
    for process in made:
        process.stop()
