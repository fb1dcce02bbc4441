"""Background jobs: what leaving the request buys, and what a consumer crash costs.

Three scenarios, each against a fresh SQLite floor (the embedded default) and a local aiosmtpd
SMTP sink that takes --smtp-delay seconds (0.2) per message:

1. rfq: posting an RFQ (HTTP POST /chao-mua/moi) that fans out to --enterprises (500) verified
   sellers. "before": the jobs run inside the request (JOBS_IMMEDIATE=1, what the floor did before
   the queue); "after": the real queue, a consumer process running (--workers threads). Prints the
   request time (median, p95) and checks every message arrives, once per Message-ID.
2. approvals: --approvals (1000) listings approved one after another by an officer (HTTP), the
   consumer indexing them (Whoosh, the embedded default). Prints the approval request's median and
   p95 and each listing's lag from its approval's answer to being searchable (median, p95, max).
3. crash: --crash-mails (200) e-mails queued; the consumer is killed with SIGKILL part-way, then
   started again; prints how many arrived, how many distinct, how many jobs are done.

    .venv/bin/python bench/jobs/bench_jobs.py [--only rfq|approvals|crash] [--enterprises 500]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.jobs.smtp_sink import SmtpSink  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def fmt(values_ms: list[float]) -> str:
    return (f"median {statistics.median(values_ms):.1f} ms, p95 {pct(values_ms, 0.95):.1f} ms "
            f"(n={len(values_ms)})")


class Floor:
    """A fresh floor in a temp folder: SQLite database, SqliteHuey queue, Whoosh index."""

    def __init__(self, sink_port: int, immediate: bool):
        self.dir = Path(tempfile.mkdtemp(prefix="jobs-bench-"))
        self.env = {**os.environ, "FLOOR_INSTANCE_PATH": str(self.dir / "instance"),
                    "DATABASE_URL": f"sqlite:///{self.dir / 'floor.db'}",
                    "JOBS_SQLITE_PATH": str(self.dir / "jobs.db"),
                    "JOBS_IMMEDIATE": "1" if immediate else "0",
                    "SEARCH_INDEX_DIR": str(self.dir / "search_index"),
                    "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(sink_port), "MAIL_USE_TLS": "0",
                    "SERVER_NAME": "localhost"}
        self.env.pop("REDIS_URL", None)
        os.environ.update(self.env)
        from flask_migrate import upgrade

        from trading_floor import create_app

        self.app = create_app({"SERVER_NAME": "localhost", "WTF_CSRF_ENABLED": False,
                               "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                               "RATELIMIT_ENABLED": False})
        self.ctx = self.app.app_context()
        self.ctx.push()
        upgrade()
        from trading_floor.registry.services import load_admin_units

        load_admin_units()
        self.consumer = None

    def start_consumer(self, workers: int, log_name: str = "consumer.log"):
        with open(self.dir / log_name, "ab") as log:
            self.consumer = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "trading_floor", "jobs", "consume",
                 "--workers", str(workers)], cwd=ROOT, env=self.env, stdout=log,
                stderr=subprocess.STDOUT)

    def stop_consumer(self, kill: bool = False):
        if self.consumer is None:
            return
        self.consumer.send_signal(signal.SIGKILL if kill else signal.SIGINT)
        self.consumer.wait(60)
        self.consumer = None

    def close(self):
        self.stop_consumer()
        self.ctx.pop()

    def login(self, email: str):
        client = self.app.test_client()
        response = client.post("/dang-nhap", data={"email": email, "password": "matkhau123"})
        assert response.status_code == 302, response.status_code
        return client

    def jobs_done(self, task: str) -> tuple[int, int]:
        from sqlalchemy import func, select

        from trading_floor.extensions import db
        from trading_floor.jobs.models import DONE, Job

        db.session.rollback()
        total = db.session.scalar(select(func.count()).select_from(Job).where(Job.task == task))
        done = db.session.scalar(select(func.count()).select_from(Job)
                                 .where(Job.task == task, Job.status == DONE))
        return done, total


def sellers(n: int, category_id: int, status: str = "published") -> list[int]:
    """n verified enterprises, each with an owner and one listing in the category."""
    from trading_floor.accounts.models import Membership, User
    from trading_floor.accounts.services import hash_password
    from trading_floor.catalog.models import Listing
    from trading_floor.extensions import db
    from trading_floor.i18n import utcnow
    from trading_floor.registry.codes import tax_check_digit, vsic_section
    from trading_floor.registry.models import RegistryEnterprise

    password = hash_password("matkhau123")
    now = utcnow() - timedelta(days=1)
    listing_ids = []
    serial = 0
    for i in range(n):
        while True:
            serial += 1
            head = f"08{serial:07d}"
            digit = tax_check_digit(head)
            if digit:
                break
        enterprise = RegistryEnterprise(
            code=head + digit, name=f"Công ty Nông sản số {i}", address="Phố Hiến",
            commune_code=11953, vsic_code="0121", vsic_section=vsic_section("0121"),
            size_class="small", status="active", verified_at=now, verified_via="claim")
        owner = User(email=f"chu{i}@bench.vn", password_hash=password, full_name=f"Chủ {i}",
                     role="buyer")
        db.session.add_all([enterprise, owner])
        db.session.flush()
        db.session.add(Membership(user_id=owner.id, enterprise_id=enterprise.id, role="owner"))
        listing = Listing(enterprise_id=enterprise.id, sku=f"NHAN{i}",
                          title=f"Nhãn lồng Hưng Yên mẫu {i}", category_id=category_id,
                          price_vnd=50_000, unit="kg", moq=10, tiers=[], status=status,
                          published_at=now if status == "published" else None)
        db.session.add(listing)
        db.session.flush()
        listing_ids.append(listing.id)
    db.session.commit()
    return listing_ids


def person(email: str, role: str):
    from trading_floor.accounts.services import create_user

    return create_user(email, "matkhau123", email.split("@")[0], role=role)


def category():
    from trading_floor.catalog.models import Category
    from trading_floor.extensions import db

    fruit = Category(slug="nhan", name_vi="Nhãn", name_en="Longan")
    db.session.add(fruit)
    db.session.commit()
    return fruit.id


def post_rfq(client, category_id: int, n: int) -> float:
    from trading_floor.trade.rfqs import today_vn

    started = time.perf_counter()
    response = client.post("/chao-mua/moi", data={
        "title": f"Cần mua nhãn lồng, lô {n}", "description": "", "category": str(category_id),
        "quantity": "5", "unit": "tấn", "target_price": "", "delivery_commune": "",
        "delivery_place": "Phố Hiến", "deadline": today_vn().strftime("%d/%m/%Y")})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return elapsed


def wait(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def bench_rfq(args) -> None:
    print(f"== RFQ fan-out to {args.enterprises} enterprises, SMTP {args.smtp_delay * 1000:.0f} ms "
          "per message ==")
    # before: the e-mails are sent inside the request (immediate mode)
    with SmtpSink(delay=args.smtp_delay) as sink:
        floor = Floor(sink.port, immediate=True)
        cat = category()
        sellers(args.enterprises, cat)
        person("mua@bench.vn", "buyer")
        client = floor.login("mua@bench.vn")
        before = [post_rfq(client, cat, n) for n in range(args.before_posts)]
        arrived = sink.count()
        floor.close()
    print(f"before (jobs inside the request): {fmt(before)}; {arrived} messages arrived")
    # after: the real queue, a consumer process
    with SmtpSink(delay=args.smtp_delay) as sink:
        floor = Floor(sink.port, immediate=False)
        cat = category()
        sellers(args.enterprises, cat)
        person("mua@bench.vn", "buyer")
        client = floor.login("mua@bench.vn")
        floor.start_consumer(args.workers)
        started = time.monotonic()
        after = [post_rfq(client, cat, n) for n in range(args.posts)]
        expected = args.posts * args.enterprises
        wait(lambda: floor.jobs_done("mail.send")[0] >= expected, 3600, "all e-mails")
        delivered = time.monotonic() - started
        counts = sink.per_message_id()
        floor.close()
    print(f"after (real queue, consumer with {args.workers} threads): {fmt(after)}")
    print(f"  {sink.count()} messages arrived for {expected} expected, {len(counts)} distinct, "
          f"{sum(1 for c in counts.values() if c > 1)} duplicated; all delivered "
          f"{delivered:.1f} s after the first post")


def bench_approvals(args) -> None:
    print(f"== {args.approvals} listing approvals, Whoosh (embedded default) ==")
    with SmtpSink() as sink:
        floor = Floor(sink.port, immediate=False)
        cat = category()
        ids = sellers(args.approvals, cat, status="submitted")
        from trading_floor.search import get_backend
        from trading_floor.search.indexing import reindex

        reindex()  # an (empty) index exists, as after `flask setup`
        person("canbo@bench.vn", "officer")
        client = floor.login("canbo@bench.vn")
        floor.start_consumer(args.index_workers)
        wait(lambda: floor.jobs_done("search.refresh")[0] == floor.jobs_done("search.refresh")[1],
             1800, "the set-up's index jobs")
        backend = get_backend()
        approved_at: dict[int, float] = {}
        seen_at: dict[int, float] = {}
        stop = threading.Event()

        def watch():
            with floor.app.app_context():
                while not stop.is_set():
                    now = time.monotonic()
                    for listing_id in backend.indexed_ids():
                        seen_at.setdefault(listing_id, now)
                    time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        requests_ms = []
        for listing_id in ids:
            started = time.perf_counter()
            response = client.post(f"/so-cong-thuong/kiem-duyet/{listing_id}/duyet")
            requests_ms.append((time.perf_counter() - started) * 1000)
            approved_at[listing_id] = time.monotonic()
            assert response.status_code == 302
            with client.session_transaction() as session:  # the page that shows it is not read
                session.pop("_flashes", None)
        last = time.monotonic()
        wait(lambda: all(i in seen_at for i in ids), 600, "every listing searchable")
        stop.set()
        watcher.join()
        all_after = max(seen_at[i] for i in ids) - last
        lags = [(seen_at[i] - approved_at[i]) * 1000 for i in ids]
        floor.close()
    print(f"approval request: {fmt(requests_ms)}")
    print(f"approval → searchable: median {statistics.median(lags):.0f} ms, "
          f"p95 {pct(lags, 0.95):.0f} ms, max {max(lags):.0f} ms; "
          f"all searchable {all_after:.2f} s after the last approval")


def bench_crash(args) -> None:
    print(f"== crash: {args.crash_mails} e-mails queued, consumer killed with SIGKILL ==")
    with SmtpSink(delay=args.smtp_delay) as sink:
        floor = Floor(sink.port, immediate=False)
        from trading_floor import jobs
        from trading_floor.extensions import db

        for i in range(args.crash_mails):
            jobs.send_mail_later(f"khach{i}@bench.vn", f"Thư {i}", "nội dung")
        db.session.commit()
        floor.start_consumer(args.workers)
        wait(lambda: sink.count() >= args.crash_mails // 4, 300, "a quarter delivered")
        floor.stop_consumer(kill=True)
        at_kill = sink.count()
        floor.start_consumer(args.workers, "consumer2.log")
        wait(lambda: floor.jobs_done("mail.send")[0] == args.crash_mails, 600, "all jobs done")
        time.sleep(1)  # any late duplicate would arrive now
        counts = sink.per_message_id()
        floor.close()
    duplicated = sum(c - 1 for c in counts.values() if c > 1)
    print(f"killed after {at_kill} deliveries; after the restart {sink.count()} deliveries, "
          f"{len(counts)} distinct messages of {args.crash_mails}, {duplicated} duplicate(s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["rfq", "approvals", "crash"])
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--smtp-delay", type=float, default=0.2)
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--before-posts", type=int, default=1)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--index-workers", type=int, default=2)
    parser.add_argument("--approvals", type=int, default=1000)
    parser.add_argument("--crash-mails", type=int, default=200)
    args = parser.parse_args()
    for name, run in (("rfq", bench_rfq), ("approvals", bench_approvals), ("crash", bench_crash)):
        if args.only in (None, name):
            run(args)


if __name__ == "__main__":
    main()
