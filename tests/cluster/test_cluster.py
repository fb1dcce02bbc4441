"""The production layout (scripts/cluster.sh): nginx → two gunicorn nodes, two job consumers,
PostgreSQL (its own throw-away cluster, SEARCH_BACKEND=postgres) and Redis, on 127.0.0.1.

Marked `cluster`; skipped with the reason when nginx, PostgreSQL's server binaries or Redis are not
on the machine. The script is started once for the module from nothing (its own directory, no demo
province: an officer, a buyer and a published listing are made here) and stopped at the end, its
directory removed.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "cluster.sh"
DIR = Path(f"/tmp/floor-cluster-tests-{pwd.getpwuid(os.getuid()).pw_name}")
NGINX = f"http://127.0.0.1:{os.environ.get('NGINX_PORT', '5150')}"
NODE_A = f"http://127.0.0.1:{os.environ.get('NODE_A_PORT', '5151')}"
NODE_B = f"http://127.0.0.1:{os.environ.get('NODE_B_PORT', '5152')}"
OFFICER, BUYER, PASSWORD = "canbo@cum.example.vn", "nguoimua@cum.example.vn", "matkhau-cum-123"

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.skipif(not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
                       reason="nginx is not installed (apt-get install nginx; .ci/run does)"),
    pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
                       reason="PostgreSQL's server binaries (initdb, pg_ctl) are not installed"),
    pytest.mark.skipif(not shutil.which("redis-cli"), reason="Redis is not installed"),
]


def _script(*args: str, timeout: int = 300) -> str:
    env = {**os.environ, "CLUSTER_DIR": str(DIR), "DEMO": "0"}
    result = subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def cluster():
    _script("stop")  # whatever a killed earlier run left
    shutil.rmtree(DIR, ignore_errors=True)
    try:
        _script("start", timeout=600)
        _in_cluster(f"""
from sqlalchemy import select
from trading_floor.accounts.services import create_user
from trading_floor.catalog.models import Category, Listing, PUBLISHED
from trading_floor.extensions import db
from trading_floor.i18n import utcnow
from trading_floor.registry.models import AdminUnit, RegistryEnterprise
create_user("{OFFICER}", "{PASSWORD}", "Cán bộ", role="officer")
create_user("{BUYER}", "{PASSWORD}", "Người mua")
commune = db.session.scalar(select(AdminUnit.code).limit(1))
enterprise = RegistryEnterprise(code="0900000002", name="Công ty Cụm Hai Nút", address="Số 1",
                                commune_code=commune, vsic_code="0121", vsic_section="A",
                                size_class="small", status="active", verified_at=utcnow())
db.session.add(enterprise)
db.session.flush()
category = db.session.scalar(select(Category).limit(1))
db.session.add(Listing(enterprise_id=enterprise.id, sku="MAU-1", title="Nhãn lồng mẫu",
                       description="Hàng mẫu", category_id=category.id, price_vnd=45000,
                       unit="kg", moq=10, status=PUBLISHED, published_at=utcnow()))
db.session.commit()""")
        yield
    finally:
        _script("stop")
        shutil.rmtree(DIR, ignore_errors=True)


def _in_cluster(code: str) -> str:
    """Runs Python with a node's environment (an app context is pushed) and returns its output."""
    program = ("from trading_floor import create_app\n"
               "app = create_app()\n"
               "with app.app_context():\n" + "".join(f"    {line}\n" for line in code.splitlines()))
    env_lines = _script("env")
    env = dict(os.environ)
    for line in env_lines.splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = value
    env["LOG_LEVEL"] = "WARNING"
    result = subprocess.run([str(ROOT / ".venv/bin/python"), "-c", program], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


def _token(session, url: str) -> str:
    response = session.get(url, timeout=10)
    assert response.status_code == 200, (url, response.status_code)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def _login(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = _token(session, f"{base}/dang-nhap")
    response = session.post(f"{base}/dang-nhap", data={"email": email, "password": PASSWORD,
                                                       "csrf_token": token},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    return session


def test_a_listing_approved_through_node_a_is_searchable_through_node_b(cluster):
    word = "kiemtra" + uuid.uuid4().hex[:8]
    listing_id = int(_in_cluster(f"""
from sqlalchemy import select
from trading_floor.extensions import db
from trading_floor.catalog.models import Listing, PUBLISHED, SUBMITTED
model = db.session.scalar(select(Listing).where(Listing.status == PUBLISHED).limit(1))
listing = Listing(enterprise_id=model.enterprise_id, sku="{word}", title="Vải thiều {word}",
                  description="Kiểm tra cụm hai nút", category_id=model.category_id,
                  price_vnd=40000, unit="kg", moq=10, status=SUBMITTED)
db.session.add(listing)
db.session.commit()
print(listing.id)"""))
    officer = _login(NODE_A, OFFICER)
    token = _token(officer, f"{NODE_A}/so-cong-thuong/kiem-duyet/{listing_id}")
    approved = officer.post(f"{NODE_A}/so-cong-thuong/kiem-duyet/{listing_id}/duyet",
                            data={"csrf_token": token}, allow_redirects=False, timeout=10)
    assert approved.status_code == 302
    approved_at = time.monotonic()
    found_after = None
    while time.monotonic() - approved_at < 5:
        answer = requests.get(f"{NODE_B}/api/v1/search", params={"q": word}, timeout=10)
        assert answer.status_code == 200
        if any(word in hit.get("title", "") for hit in answer.json().get("results", [])):
            found_after = time.monotonic() - approved_at
            break
        time.sleep(0.1)
    assert found_after is not None and found_after <= 2.0, found_after


def _limiter_keys_cleared() -> None:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    keys = subprocess.run(["redis-cli", "-u", url, "--scan", "--pattern", "LIMIT*"],
                          capture_output=True, text=True, check=True).stdout.split()
    if keys:
        subprocess.run(["redis-cli", "-u", url, "del", *keys], capture_output=True, check=True)


def test_rate_limits_are_shared_between_the_nodes(cluster):
    _limiter_keys_cleared()
    try:
        statuses = []
        for attempt in range(8):  # wrong passwords, alternately through A and B
            session = requests.Session()
            base = NODE_A if attempt % 2 == 0 else NODE_B
            token = _token(session, f"{base}/dang-nhap")
            statuses.append(session.post(
                f"{base}/dang-nhap", data={"email": BUYER, "password": "sai-mat-khau",
                                           "csrf_token": token},
                allow_redirects=False, timeout=10).status_code)
        # five failures in all are allowed; a node alone has seen only four by then
        assert 429 in statuses[5:], statuses
        assert 429 not in statuses[:5], statuses
    finally:
        _limiter_keys_cleared()


def test_a_job_enqueued_through_node_a_runs_once(cluster):
    outbox = DIR / "instance" / "outbox"
    before = set(outbox.glob("*")) if outbox.exists() else set()
    session = requests.Session()
    token = _token(session, f"{NODE_A}/quen-mat-khau")
    response = session.post(f"{NODE_A}/quen-mat-khau", data={"email": BUYER, "csrf_token": token},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 302
    deadline = time.monotonic() + 30
    new = []
    while time.monotonic() < deadline:
        new = [p for p in set(outbox.glob("*")) - before if BUYER in p.read_text(errors="replace")]
        if new:
            break
        time.sleep(0.2)
    assert new, "the reset e-mail was never sent by a consumer"
    time.sleep(3)  # the two consumers had time to run it twice, had they both taken it
    new = [p for p in set(outbox.glob("*")) - before if BUYER in p.read_text(errors="replace")]
    assert len(new) == 1, new


class _Traffic(threading.Thread):
    """GETs through nginx in a loop: (status, seconds, cache-control) of every answer."""

    def __init__(self, paths):
        super().__init__(daemon=True)
        self.paths, self.stop, self.results = paths, threading.Event(), []

    def run(self):
        session = requests.Session()
        n = 0
        while not self.stop.is_set():
            path = self.paths[n % len(self.paths)]
            n += 1
            started = time.monotonic()
            try:
                response = session.get(NGINX + path, timeout=30)
                self.results.append((response.status_code, time.monotonic() - started,
                                     response.headers.get("Cache-Control", "")))
            except requests.RequestException as error:
                self.results.append((type(error).__name__, time.monotonic() - started, ""))


PATHS = ["/", "/tim-kiem?q=nhãn", "/api/v1/search?q=gạo", "/healthz"]


def test_postgresql_restarted_under_load_fails_fast_and_recovers(cluster):
    traffic = _Traffic(PATHS)
    traffic.start()
    time.sleep(1)
    _script("restart-db")
    restarted = len(traffic.results)
    time.sleep(3)
    traffic.stop.set()
    traffic.join(30)
    during = traffic.results
    # no request hung on the dead database (gunicorn's timeout is 60 s; pool_pre_ping reconnects)
    assert max(seconds for _, seconds, _ in during) < 10, during
    # an error answer during the restart is never cacheable
    cacheable = [(status, cache) for status, _, cache in during
                 if isinstance(status, int) and status >= 500 and "no-store" not in cache]
    assert not cacheable, cacheable
    # the last requests, after the restart, are answered again without anyone restarting the nodes
    assert restarted < len(during)
    assert [status for status, _, _ in during[-len(PATHS):]] == [200] * len(PATHS), during[-8:]
    for base in (NODE_A, NODE_B, NGINX):  # every worker's pool is healthy again; nothing cached
        for path in PATHS:
            statuses = {requests.get(base + path, timeout=10).status_code for _ in range(4)}
            assert statuses == {200}, (base, path, statuses)


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in found.split()]


def test_kill_9_of_one_node_nginx_serves_from_the_other(cluster):
    pid_file = DIR / "web-a.pid"
    master = int(pid_file.read_text().split()[0])
    workers = _children(master)
    for pid in [master, *workers]:
        os.kill(pid, signal.SIGKILL)
    try:
        statuses = [requests.get(NGINX + PATHS[n % len(PATHS)], timeout=10).status_code
                    for n in range(20)]
        assert statuses == [200] * 20, statuses
        with pytest.raises(requests.ConnectionError):
            requests.get(NODE_A + "/healthz", timeout=5)
    finally:
        pid_file.unlink(missing_ok=True)
        _script("start")  # node A back (the rest is already running)
    assert requests.get(NODE_A + "/healthz", timeout=10).status_code == 200


def test_metrics_add_up_a_nodes_workers_and_stay_local(cluster):
    for _ in range(6):  # spread over both workers of node A
        assert requests.get(NODE_A + "/healthz", timeout=10).status_code == 200
    assert requests.get(NODE_A + "/api/v1/search?q=nhãn", timeout=10).status_code == 200
    text = requests.get(NODE_A + "/metrics", timeout=10).text
    counted = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                  if line.startswith("floor_requests_total{") and 'endpoint="healthz.healthz"' in line)
    assert counted >= 6, text[:2000]
    assert "floor_jobs_backlog" in text and "floor_search_duration_seconds" in text
    through_nginx = requests.get(NGINX + "/metrics", timeout=10)  # from 127.0.0.1: allowed
    assert through_nginx.status_code == 200 and "floor_requests_total" in through_nginx.text
