"""`flask --app trading_floor jobs consume` (the consumer process), `jobs replay`, `jobs status`."""

from __future__ import annotations

import json
import logging
import threading

import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Tác vụ nền: hàng đợi, lịch chạy định kỳ.")
HEARTBEAT_SECONDS = 10


def _beat(app, stop: threading.Event) -> None:
    from trading_floor.jobs import outbox

    while not stop.wait(HEARTBEAT_SECONDS):
        with app.app_context():
            try:
                outbox.heartbeat()
                outbox.replay()  # what a crash lost is handed over again (also at start)
            except Exception:
                logging.getLogger(__name__).exception("jobs heartbeat failed")


@jobs_cli.command("consume")
@click.option("--workers", type=int, default=None, help="Số luồng chạy tác vụ (JOBS_WORKERS).")
def consume(workers: int | None) -> None:
    """Chạy tiến trình xử lý tác vụ nền (dừng bằng Ctrl-C)."""
    from trading_floor.jobs import outbox

    app = current_app._get_current_object()
    queue = app.extensions["jobs"]
    if queue.immediate:
        raise click.ClickException("JOBS_IMMEDIATE=1: các tác vụ chạy ngay, không cần tiến trình nền.")
    logging.getLogger("huey").setLevel(logging.INFO)
    outbox.heartbeat()
    replayed = outbox.replay(at_start=True)
    click.echo(f"Hàng đợi {queue.kind}: giao lại {replayed} tác vụ còn dở.", err=True)
    stop = threading.Event()
    threading.Thread(target=_beat, args=(app, stop), daemon=True, name="jobs-heartbeat").start()
    try:
        queue.consume(workers or app.config["JOBS_WORKERS"])
    finally:
        stop.set()
        outbox.stop_heartbeat()


@jobs_cli.command("replay")
def replay() -> None:
    """Giao lại cho hàng đợi các tác vụ bị bỏ lỡ (sau sự cố)."""
    from trading_floor.jobs import outbox

    click.echo(f"Đã giao lại {outbox.replay()} tác vụ.")


@jobs_cli.command("status")
def status() -> None:
    """Trạng thái hàng đợi (như /healthz)."""
    from trading_floor.jobs import outbox

    click.echo(json.dumps(outbox.status(), ensure_ascii=False))


COMMANDS = [jobs_cli]
