"""Observability: the request id (header, logs, error page), JSON logs, /metrics and who may read it."""

from __future__ import annotations

import json
import logging
import re

import pytest

from trading_floor.core import requestlog


def _sample(text: str, name: str, **labels) -> float:
    """The value of one sample in a Prometheus text page (0 when absent)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_request_id_is_honoured_or_generated(client):
    sent = client.get("/", headers={"X-Request-ID": "nginx-1234abcd"})
    assert sent.status_code == 200
    assert sent.headers["X-Request-ID"] == "nginx-1234abcd"
    made = client.get("/")
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    # a header that could break a log line or a page is replaced, not echoed
    hostile = client.get("/", headers={"X-Request-ID": "<script>x</script>\u00e9"})
    assert re.fullmatch(r"[0-9a-f]{32}", hostile.headers["X-Request-ID"])


@pytest.fixture
def failing_route(app):
    def boom():
        raise RuntimeError("broken on purpose")

    app.add_url_rule("/_test/boom", "test_boom", boom)
    return "/_test/boom"


@pytest.mark.parametrize("lang, words", [("vi", "Mã yêu cầu"), ("en", "Request ID")])
def test_the_500_page_shows_the_request_id_and_is_not_cached(client, failing_route, lang,
                                                             words, caplog):
    client.set_cookie("lang", lang, domain="localhost")
    with caplog.at_level(logging.ERROR):
        response = client.get(failing_route, headers={"X-Request-ID": "quote-me-0001",
                                                      "Accept-Language": lang})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "quote-me-0001" in page and words in page
    assert response.headers["Cache-Control"] == "no-store"
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged and logged[0].request_id == "quote-me-0001"


def test_the_404_page_does_not_show_a_request_id(client):
    response = client.get("/khong-co-trang-nay", headers={"X-Request-ID": "quote-me-0002"})
    assert response.status_code == 404
    assert "quote-me-0002" not in response.get_data(as_text=True)


def test_json_log_lines_carry_the_request_id_and_the_extras(app):
    formatter = requestlog.JsonFormatter()
    with app.test_request_context("/"):
        from flask import g

        g.request_id = "abc12345"
        record = logging.LogRecord("trading_floor.access", logging.INFO, __file__, 1,
                                   "GET %s %s", ("/", 200), None)
        record.status = 200
        assert requestlog.RequestIdFilter().filter(record)
        entry = json.loads(formatter.format(record))
    assert entry["request_id"] == "abc12345"
    assert entry["message"] == "GET / 200" and entry["status"] == 200
    assert entry["level"] == "INFO" and entry["logger"] == "trading_floor.access"
    assert entry["time"].endswith("+00:00")


def test_an_access_line_is_logged_per_request(client, caplog):
    with caplog.at_level(logging.INFO, logger="trading_floor.access"):
        client.get("/", headers={"X-Request-ID": "access-line-01"})
    lines = [r for r in caplog.records if r.name == "trading_floor.access"]
    assert lines and lines[-1].request_id == "access-line-01"
    assert lines[-1].status == 200 and lines[-1].endpoint == "core.home"
    assert lines[-1].duration_ms >= 0


def test_metrics_report_latency_by_endpoint_search_and_the_queue(client):
    before = client.get("/metrics").get_data(as_text=True)
    assert client.get("/").status_code == 200
    assert client.get("/tim-kiem?q=nhãn").status_code == 200
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    for name, labels in (("floor_request_duration_seconds_count", {"endpoint": "core.home"}),
                         ("floor_requests_total", {"endpoint": "core.home", "status": "200"}),
                         ("floor_search_duration_seconds_count", {})):
        assert _sample(text, name, **labels) >= _sample(before, name, **labels) + 1, name
    assert "floor_jobs_backlog 0.0" in text
    assert "floor_jobs_failed 0.0" in text


def test_metrics_are_refused_to_other_addresses(client, app):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    refused = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert refused.status_code == 404
    assert "floor_requests_total" not in refused.get_data(as_text=True)
    app.config["METRICS_ALLOWED_NETWORKS"] = ["203.0.113.0/24"]
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 200
    assert client.get("/metrics").status_code == 404


def test_a_wrong_metrics_network_setting_stops_the_start(monkeypatch):
    from trading_floor import create_app

    with pytest.raises(ValueError):
        create_app({"METRICS_ALLOWED_NETWORKS": ["not-a-network"], "TESTING": True})


def test_metrics_add_up_every_worker_in_multiprocess_mode(client, tmp_path, monkeypatch):
    """What gunicorn's workers do: PROMETHEUS_MULTIPROC_DIR set before the metrics are made."""
    import subprocess
    import sys

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    code = ("from trading_floor.core import metrics; "
            "metrics.REQUESTS.labels('core.home', 'GET', '200').inc(3)")
    for _ in range(2):  # two worker processes
        subprocess.run([sys.executable, "-c", code], check=True, env={
            **__import__("os").environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)})
    text = client.get("/metrics").get_data(as_text=True)
    assert _sample(text, "floor_requests_total", endpoint="core.home", status="200") == 6.0
    assert "floor_jobs_backlog" in text


def test_the_500_page_falls_back_to_plain_text_when_it_cannot_be_rendered(app, client,
                                                                          failing_route):
    @app.context_processor
    def database_down():  # what the menu meets when PostgreSQL is restarting
        raise RuntimeError("database down")

    response = client.get(failing_route, headers={"X-Request-ID": "quote-me-0003"})
    assert response.status_code == 500
    assert response.mimetype == "text/plain"
    assert "quote-me-0003" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
