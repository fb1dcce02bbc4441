"""Outreach campaigns at province scale: building a campaign for 3,000 enterprises, the request
that starts it, and sending it through the job queue to a local SMTP sink.

A fresh SQLite floor (the embedded default, SqliteHuey) in a temp folder with --enterprises (3000)
active enterprises, each with a registry e-mail; nobody participates, so all are in the group.

1. build: services.create_campaign (the outreach filters → 3,000 target rows), --runs times:
   median/p95 and tracemalloc's peak memory of one build.
2. start: POST /so-cong-thuong/chien-dich/<id>/gui by a signed-in officer, --runs times (the
   campaign is put back to draft between runs); the baseline of the same run is GET
   /theo-doi/van-dong, the outreach list of the same 3,000 enterprises.
3. send: one campaign started for real with messages per minute = --per-minute (default: all); a real
   `flask jobs consume --workers N` process sends; time from the start to the last message at the
   sink, messages arrived / distinct Message-IDs, and the consumer's peak RSS.

    flock /tmp/bench.lock .venv/bin/python bench/outreach/bench_outreach.py [--enterprises 3000]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--per-minute", type=int, default=None,
                        help="messages per minute for the sending (default: all in one minute); "
                             "e.g. --enterprises 60 --per-minute 20 checks the pacing (~120 s)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    with SmtpSink() as sink:
        env = {**os.environ, "FLOOR_INSTANCE_PATH": str(folder / "instance"),
               "DATABASE_URL": f"sqlite:///{folder / 'floor.db'}",
               "JOBS_SQLITE_PATH": str(folder / "jobs.db"), "JOBS_IMMEDIATE": "0",
               "SEARCH_INDEX_DIR": str(folder / "search_index"),
               "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(sink.port), "MAIL_USE_TLS": "0"}
        env.pop("REDIS_URL", None)
        os.environ.update(env)
        from flask_migrate import upgrade
        from sqlalchemy import delete, insert, select

        from trading_floor import create_app
        from trading_floor.accounts.services import create_user
        from trading_floor.extensions import db
        from trading_floor.i18n import utcnow
        from trading_floor.jobs.models import Job
        from trading_floor.outreach import services
        from trading_floor.outreach.models import DRAFT, Campaign
        from trading_floor.registry.codes import tax_check_digit
        from trading_floor.registry.models import RegistryEnterprise, RegistryStatusChange
        from trading_floor.registry.services import load_admin_units

        app = create_app({"SERVER_NAME": "localhost", "WTF_CSRF_ENABLED": False,
                          "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                          "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
            load_admin_units()
            officer = create_user("canbo@bench.vn", "matkhau123", "Cán bộ", role="officer")
            now = utcnow()
            rows, serial = [], 0
            for i in range(args.enterprises):
                while True:
                    serial += 1
                    head = f"07{serial:07d}"
                    if (digit := tax_check_digit(head)):
                        break
                rows.append({"code": head + digit, "name": f"Công ty Bench {i}", "address": "Phố Hiến",
                             "commune_code": 11953 if i % 2 else 11983, "vsic_code": "4632",
                             "vsic_section": "G", "size_class": "small", "status": "active",
                             "email": f"dn{i}@bench.vn", "phone": "", "first_imported_at": now,
                             "updated_at": now})
            db.session.execute(insert(RegistryEnterprise), rows)
            ids = db.session.scalars(select(RegistryEnterprise.id)).all()
            db.session.execute(insert(RegistryStatusChange),
                               [{"enterprise_id": i, "status": "active", "changed_at": now}
                                for i in ids])
            db.session.commit()
            services.update_settings(10000, False)

            tracemalloc.start()  # one build traced for memory, not timed (tracing slows it)
            services.create_campaign(officer, "Bench traced", services.Filters())
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            builds = []
            for run in range(args.runs):
                started = time.perf_counter()
                campaign = services.create_campaign(officer, f"Bench {run}", services.Filters())
                builds.append((time.perf_counter() - started) * 1000)
            assert len(campaign.targets) == args.enterprises
            print(f"build a campaign of {args.enterprises:,} enterprises: {fmt(builds)}; "
                  f"peak Python memory {peak / 1e6:.1f} MB (tracemalloc, a separate build)")

            client = app.test_client()
            assert client.post("/dang-nhap", data={"email": "canbo@bench.vn",
                                                   "password": "matkhau123"}).status_code == 302
            baseline, starts = [], []
            for _run in range(args.runs):
                t = time.perf_counter()
                assert client.get("/theo-doi/van-dong").status_code == 200
                baseline.append((time.perf_counter() - t) * 1000)
            target = db.session.scalars(select(Campaign).order_by(Campaign.id)).first()
            for _run in range(args.runs):
                t = time.perf_counter()
                response = client.post(f"/so-cong-thuong/chien-dich/{target.id}/gui")
                starts.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 302
                db.session.expire_all()
                target = db.session.get(Campaign, target.id)
                assert target.status == "sending"
                target.status, target.started_at = DRAFT, None  # ready for the next run
                db.session.execute(delete(Job))
                db.session.commit()
            print(f"baseline GET /theo-doi/van-dong ({args.enterprises:,} enterprises): "
                  f"{fmt(baseline)}")
            print(f"start request POST …/gui (records one job): {fmt(starts)}")

            # send for real: the consumer picks the job up and sends everything to the sink
            services.update_settings(args.per_minute or max(1, args.enterprises), False)
            app.extensions["jobs"].flush()
            log = open(folder / "consumer.log", "ab")  # noqa: SIM115
            consumer = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "trading_floor", "jobs", "consume",
                 "--workers", str(args.workers)], cwd=ROOT, env=env, stdout=log,
                stderr=subprocess.STDOUT)
            time.sleep(3)  # the consumer's start
            t = time.perf_counter()
            assert client.post(f"/so-cong-thuong/chien-dich/{target.id}/gui").status_code == 302
            deadline = time.time() + 1800
            while sink.count() < args.enterprises and time.time() < deadline:
                time.sleep(0.5)
            elapsed = time.perf_counter() - t
            time.sleep(3)  # anything sent twice would arrive now
            consumer.send_signal(2)
            consumer.wait(60)
            log.close()
            peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            ids = sink.per_message_id()
            print(f"send {args.enterprises:,} invitations, {args.per_minute or 'all'} a minute "
                  f"({args.workers} consumer threads, SMTP "
                  f"sink without delay): {elapsed:.1f} s, {sink.count():,} arrived, {len(ids):,} "
                  f"distinct Message-IDs, {sum(n - 1 for n in ids.values())} repeated; consumer "
                  f"peak RSS {peak_rss:.0f} MB")


if __name__ == "__main__":
    main()
