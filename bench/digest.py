"""The daily digest at province scale: 3,000 members, 500 open RFQs.

A fresh SQLite floor (the embedded default) in a temp folder: --members verified enterprises,
each with an owner and one published listing in one of --categories categories, and --rfqs open
RFQs spread over those categories, posted by a buyer from outside. Each RFQ's fan-out runs
through the real job chain (trade.rfq_fan_out → alerts.rfq_matched), so every owner has the RFQs
of their category waiting for the digest (members keep the default: daily).

The jobs run as the consumer runs them (JOBS_IMMEDIATE=1: outbox.execute at each hand-over, in
this process, so its memory is measured); e-mails go to the outbox folder. Measured, each from
the same snapshot of the database:

1. the daily digest run (the alerts.daily schedule's job, then one job per member, then one
   mail job per e-mail): total time, e-mails written, peak RSS of the process (getrusage);
2. the same run traced by tracemalloc (peak Python memory; tracing slows it, so not timed);
3. the same run a second time the same day (idempotency: no e-mail twice) — its time;
4. baselines: the run with one member waiting, and with RFQ alerts off for everyone.

    flock /tmp/bench.lock .venv/bin/python bench/digest.py [--members 3000] [--rfqs 500]
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--rfqs", type=int, default=500)
    parser.add_argument("--categories", type=int, default=50)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    database = folder / "floor.db"
    outbox = folder / "outbox"
    env = {"FLOOR_INSTANCE_PATH": str(folder / "instance"), "DATABASE_URL": f"sqlite:///{database}",
           "JOBS_SQLITE_PATH": str(folder / "jobs.db"), "JOBS_IMMEDIATE": "1",
           "SEARCH_INDEX_DIR": str(folder / "search_index"), "OUTBOX_DIR": str(outbox)}
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("MAIL_SERVER", None)
    os.environ.update(env)
    from datetime import timedelta

    from flask_migrate import upgrade
    from sqlalchemy import delete, func, insert, select

    from trading_floor import create_app, jobs
    from trading_floor.accounts.models import Membership, User
    from trading_floor.alerts.models import DigestItem, NotificationPreference
    from trading_floor.catalog.models import PUBLISHED, Category, Listing
    from trading_floor.extensions import db
    from trading_floor.i18n import utcnow
    from trading_floor.jobs.models import Job
    from trading_floor.jobs.outbox import run_now
    from trading_floor.registry.codes import tax_check_digit
    from trading_floor.registry.models import RegistryEnterprise, RegistryStatusChange
    from trading_floor.registry.services import load_admin_units
    from trading_floor.trade.models import Rfq

    app = create_app({"SERVER_NAME": "localhost", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    logging.getLogger().setLevel(logging.WARNING)  # the outbox logs every e-mail at INFO
    app.logger.setLevel(logging.WARNING)
    logging.getLogger("huey").setLevel(logging.WARNING)

    with app.app_context():
        upgrade()
        load_admin_units()
        now = utcnow()
        started = time.perf_counter()
        db.session.execute(insert(Category), [
            {"slug": f"danh-muc-{c}", "name_vi": f"Danh mục {c}", "name_en": f"Category {c}",
             "position": c} for c in range(args.categories)])
        categories = db.session.scalars(select(Category.id).order_by(Category.id)).all()
        rows, serial = [], 0
        for i in range(args.members):
            while True:
                serial += 1
                head = f"07{serial:07d}"
                if (digit := tax_check_digit(head)):
                    break
            rows.append({"code": head + digit, "name": f"Công ty Bench {i}", "address": "Phố Hiến",
                         "commune_code": 11953, "vsic_code": "4632", "vsic_section": "G",
                         "size_class": "small", "status": "active", "email": f"dn{i}@bench.vn",
                         "phone": "", "first_imported_at": now, "updated_at": now,
                         "verified_at": now})
        db.session.execute(insert(RegistryEnterprise), rows)
        enterprises = db.session.scalars(select(RegistryEnterprise.id)
                                         .order_by(RegistryEnterprise.id)).all()
        db.session.execute(insert(RegistryStatusChange), [
            {"enterprise_id": e, "status": "active", "changed_at": now} for e in enterprises])
        db.session.execute(insert(User), [
            {"email": f"chu{i}@bench.vn", "full_name": f"Chủ {i}", "password_hash": "x",
             "role": "buyer", "is_active_account": True, "created_at": now, "session_version": 1}
            for i in range(args.members)] + [
            {"email": "mua@bench.vn", "full_name": "Người mua", "password_hash": "x",
             "role": "buyer", "is_active_account": True, "created_at": now, "session_version": 1}])
        owners = db.session.scalars(select(User.id).where(User.email.like("chu%"))
                                    .order_by(User.id)).all()
        buyer = db.session.scalar(select(User.id).where(User.email == "mua@bench.vn"))
        db.session.execute(insert(Membership), [
            {"user_id": u, "enterprise_id": e, "role": "owner", "active": True, "created_at": now}
            for u, e in zip(owners, enterprises, strict=True)])
        db.session.execute(insert(Listing), [
            {"enterprise_id": e, "sku": "SP1", "title": f"Sản phẩm {i}",
             "category_id": categories[i % len(categories)], "price_vnd": 50_000, "unit": "kg",
             "moq": 10, "tiers": [], "status": PUBLISHED, "published_at": now, "created_at": now,
             "updated_at": now} for i, e in enumerate(enterprises)])
        db.session.execute(insert(Rfq), [
            {"buyer_id": buyer, "title": f"Cần mua hàng số {r}", "description": "",
             "category_id": categories[r % len(categories)], "quantity": 1000, "unit": "kg",
             "target_price_vnd": 40_000, "delivery_place": "Phố Nối", "status": "open",
             "deadline": now + timedelta(days=20), "created_at": now} for r in range(args.rfqs)])
        db.session.commit()
        rfq_ids = db.session.scalars(select(Rfq.id).order_by(Rfq.id)).all()
        print(f"floor: {args.members:,} members, {args.rfqs:,} open RFQs in "
              f"{args.categories} categories ({time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        for rfq_id in rfq_ids:  # each fan-out is a job, run at its commit (as the consumer does)
            jobs.record("trade.rfq_fan_out", {"rfq_id": rfq_id, "url": f"/chao-mua/{rfq_id}",
                                              "external_url": "", "deadline": ""},
                        key=f"rfq-fan-out:{rfq_id}")
            db.session.commit()
        waiting = db.session.scalar(select(func.count()).select_from(DigestItem))
        print(f"fan-out of {args.rfqs:,} RFQs through the job chain: "
              f"{time.perf_counter() - started:.1f} s; {waiting:,} RFQ alerts waiting "
              f"(~{waiting / args.members:.0f} per member)")
        db.session.remove()
        db.engine.dispose()

    snapshot = folder / "snapshot.db"
    with sqlite3.connect(database) as source, sqlite3.connect(snapshot) as copy:
        source.backup(copy)

    def restore() -> None:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        with sqlite3.connect(snapshot) as source, sqlite3.connect(database) as target:
            source.backup(target)
        for path in outbox.glob("*.eml"):
            path.unlink()

    def run_daily(trace: bool = False) -> tuple[float, int, int]:
        """(seconds, e-mails written, peak tracemalloc bytes or 0)."""
        before = len(list(outbox.glob("*.eml"))) if outbox.exists() else 0
        gc.collect()
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        with app.app_context():
            run_now("alerts.daily")
            failed = db.session.scalar(select(func.count()).select_from(Job)
                                       .where(Job.status != "done"))
            assert not failed, f"{failed} job(s) not done"
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        if trace:
            tracemalloc.stop()
        return elapsed, len(list(outbox.glob("*.eml"))) - before, peak

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # baselines first, so the big run's peak RSS is not already the process's
    restore()
    with app.app_context():
        keep = db.session.scalar(select(DigestItem.user_id).limit(1))
        db.session.execute(delete(DigestItem).where(DigestItem.user_id != keep))
        db.session.commit()
    one_time, one_mails, _ = run_daily()
    print(f"baseline, one member waiting: {one_time * 1000:.0f} ms, {one_mails} e-mail(s); "
          f"peak RSS so far {rss_mb():.0f} MB")

    restore()
    with app.app_context():
        db.session.execute(insert(NotificationPreference), [
            {"user_id": u, "kind": "rfq", "frequency": "never", "updated_at": utcnow()}
            for u in owners])
        db.session.commit()
    off_time, off_mails, _ = run_daily()
    print(f"baseline, RFQ alerts off for everyone: {off_time * 1000:.0f} ms, {off_mails} e-mails")

    restore()
    rss_before = rss_mb()
    all_time, all_mails, _ = run_daily()
    print(f"daily digest, {args.members:,} members: {all_time:.1f} s "
          f"({all_time / max(1, all_mails) * 1000:.1f} ms per member), {all_mails:,} e-mails; "
          f"peak RSS {rss_mb():.0f} MB (before the run {rss_before:.0f} MB)")
    again_time, again_mails, _ = run_daily()
    print(f"the same run again the same day: {again_time * 1000:.0f} ms, {again_mails} new e-mails")
    message = message_from_bytes(sorted(outbox.glob("*.eml"))[0].read_bytes(),
                                 policy=email_policy.default)
    listed = message.get_content().count("• Cần mua hàng số")
    print(f"one digest lists {listed} RFQs (expected ~{args.rfqs // args.categories})")

    restore()
    _, traced_mails, peak = run_daily(trace=True)
    print(f"traced run (tracemalloc, not timed): peak Python memory {peak / 1e6:.1f} MB, "
          f"{traced_mails:,} e-mails")


if __name__ == "__main__":
    main()
