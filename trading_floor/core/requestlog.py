"""A request id on every request and structured logs.

The id comes from the X-Request-ID header when the proxy (nginx's $request_id) or a caller sent a
sane one, otherwise it is generated; it goes back in the response's X-Request-ID, on every log
line written during the request, and on the error page (so a user can quote it).
LOG_FORMAT=json writes one JSON object per line (time, level, logger, message, request_id, and the
request's method/path/status/duration on the access line); LOG_FORMAT=text is for a console.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:@-]{8,128}")
_HANDLER_NAME = "trading_floor"
access_log = logging.getLogger("trading_floor.access")


def current_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_id()
        return True


# attributes every LogRecord has; anything else passed in `extra=` goes into the JSON object
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(log_format: str, level: str = "INFO") -> None:
    """One handler on the root logger (stderr), set once per process whatever the app count."""
    root = logging.getLogger()
    root.setLevel(level)
    handler = next((h for h in root.handlers if h.get_name() == _HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))


def init_app(app: Flask) -> None:
    configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])

    @app.before_request
    def assign_id():
        sent = request.headers.get(HEADER, "")
        g.request_id = sent if _SANE.fullmatch(sent) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers[HEADER] = request_id
        if response.status_code >= 500:  # no proxy or browser keeps an error page
            response.headers["Cache-Control"] = "no-store"
        started = g.get("request_started")
        if started is not None and app.config["ACCESS_LOG"]:
            access_log.info("%s %s %s", request.method, request.path, response.status_code,
                            extra={"method": request.method, "path": request.path,
                                   "endpoint": request.endpoint, "status": response.status_code,
                                   "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                                   "remote_addr": request.remote_addr})
        return response

    @app.context_processor
    def inject_request_id():
        return {"request_id": current_id()}
