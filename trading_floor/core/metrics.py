"""Prometheus metrics at /metrics (the one module that imports prometheus_client).

Request latency by endpoint, search latency, and gauges read when scraped (the job queue's backlog,
registered by the wiring through `gauge_source`). Under gunicorn, each worker is a process:
with PROMETHEUS_MULTIPROC_DIR set (deploy/gunicorn.conf.py sets it up and marks dead workers), the
counters and histograms of every worker are added up by prometheus_client's MultiProcessCollector.
/metrics answers only to the addresses in METRICS_ALLOWED_NETWORKS (local ones by default).
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Callable

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from trading_floor.extensions import db

bp = Blueprint("metrics", __name__)

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)
REQUEST_LATENCY = Histogram("floor_request_duration_seconds",
                            "Time to answer an HTTP request, by endpoint",
                            ("endpoint", "method"), buckets=_BUCKETS)
REQUESTS = Counter("floor_requests_total", "HTTP requests answered, by endpoint and status",
                   ("endpoint", "method", "status"))
SEARCH_LATENCY = Histogram("floor_search_duration_seconds",
                           "Time of a catalogue search (query, facets, correction)", ("backend",),
                           buckets=_BUCKETS)

# name -> (help, function returning the value now); read on each scrape, in the scraping process
_GAUGES: dict[str, tuple[str, Callable[[], float]]] = {}


def gauge_source(name: str, documentation: str, read: Callable[[], float]) -> None:
    """A gauge whose value is read when /metrics is scraped (e.g. the job queue's backlog)."""
    _GAUGES[name] = (documentation, read)


class _ReadOnScrape(Collector):
    def collect(self):
        for name, (documentation, read) in _GAUGES.items():
            try:
                value = float(read())
            except Exception as error:  # a scrape reports what it can; a failing source is left out
                db.session.rollback()
                current_app.logger.warning("metrics: %s could not be read (%s)", name,
                                           error.__class__.__name__)
                continue
            yield GaugeMetricFamily(name, documentation, value=value)


def observe_search(backend: str, seconds: float) -> None:
    SEARCH_LATENCY.labels(backend).observe(seconds)


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_RegistryView())
    registry.register(_ReadOnScrape())
    return registry


class _RegistryView(Collector):
    """The process's own metrics (single-process mode), next to the read-on-scrape gauges."""

    def collect(self):
        return REGISTRY.collect()


def allowed(address: str | None, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


@bp.route("/metrics")
def metrics():
    if not allowed(request.remote_addr, current_app.config["METRICS_ALLOWED_NETWORKS"]):
        abort(404)
    return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    for network in app.config["METRICS_ALLOWED_NETWORKS"]:
        ipaddress.ip_network(network, strict=False)  # a wrong setting fails at start, not later
    app.register_blueprint(bp)

    @app.before_request
    def start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def record(response):
        started = g.pop("metrics_started", None)
        if started is not None and request.endpoint != "metrics.metrics":
            endpoint = request.endpoint or "unknown"
            REQUEST_LATENCY.labels(endpoint, request.method).observe(time.perf_counter() - started)
            REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
        return response
