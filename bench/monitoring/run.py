"""Monitoring bench: 20,000 registry enterprises and 5,000,000 access events.

    python bench/monitoring/run.py                       # SQLite file in a temporary directory
    python bench/monitoring/run.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench

Prints the server time (median, p95) of the dashboard for a calendar year and of the API grouped
by commune, against the naive count over raw events in the same run. Target: median ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def timed(label: str, func, repeat: int) -> list[float]:
    func()  # warm-up (imports, template compilation, caches of the database)
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"  {label:<58} median {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms")
    return times


def build_registry(db, enterprises: int) -> None:
    from trading_floor.accounts.models import User
    from trading_floor.registry import demo

    db.session.add(User(email=demo.OFFICER_EMAIL, full_name="Cán bộ", role="officer",
                        password_hash=_password_hash()))
    db.session.commit()
    demo.generate(count=enterprises, owner_share=0.4, start=datetime(2024, 6, 1),
                  password_hash=_password_hash())


def _password_hash() -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash("bench12345", method="pbkdf2:sha256:1000")


def build_listings(db, rng: random.Random) -> int:
    from sqlalchemy import insert, select

    from trading_floor.catalog.models import Category, Listing, ListingStatusEvent
    from trading_floor.registry.models import RegistryEnterprise

    category = Category(slug="nong-san", name_vi="Nông sản")
    db.session.add(category)
    db.session.commit()
    verified = db.session.execute(select(RegistryEnterprise.id, RegistryEnterprise.verified_at)
                                  .where(RegistryEnterprise.verified_at.is_not(None))
                                  .order_by(RegistryEnterprise.id)).all()
    now = datetime.utcnow()
    listings, plans = [], []
    for enterprise_id, verified_at in verified:
        if rng.random() > 0.75:
            continue
        for n in range(rng.randint(1, 4)):
            published = verified_at + timedelta(days=rng.randint(1, 90))
            history = [(published - timedelta(days=1), "submitted"), (published, "published")]
            if rng.random() < 0.15:
                history.append((published + timedelta(days=rng.randint(10, 300)), "archived"))
            history = [(at, status) for at, status in history if at < now] or [(now, "draft")]
            listings.append({"enterprise_id": enterprise_id, "sku": f"B{enterprise_id}-{n}",
                             "title": "Sản phẩm", "category_id": category.id, "unit": "kg",
                             "status": history[-1][1], "tiers": [], "created_at": history[0][0],
                             "updated_at": history[-1][0]})
            plans.append(history)
    db.session.execute(insert(Listing), listings)
    ids = dict(db.session.execute(select(Listing.sku, Listing.id)).all())
    events = [{"listing_id": ids[row["sku"]], "enterprise_id": row["enterprise_id"],
               "status": status, "changed_at": at}
              for row, history in zip(listings, plans, strict=True) for at, status in history]
    db.session.execute(insert(ListingStatusEvent), events)
    db.session.commit()
    return len(listings)


def build_access_events(db, rng: random.Random, total: int) -> None:
    """Bulk-loads the raw events straight through the driver (COPY on PostgreSQL)."""
    from sqlalchemy import select

    from trading_floor.accounts.models import Membership
    from trading_floor.registry.models import RegistryEnterprise

    members = db.session.execute(
        select(Membership.enterprise_id, Membership.user_id, RegistryEnterprise.verified_at)
        .join(RegistryEnterprise, RegistryEnterprise.id == Membership.enterprise_id)
        .order_by(Membership.id)).all()
    now = datetime.utcnow()
    start = now - timedelta(days=730)
    # heavier users get more events (a long tail, like real traffic)
    weights = [rng.paretovariate(1.5) for _m in members]
    kinds = ("search", "listing", "storefront", "rfq")
    chosen = rng.choices(members, weights=weights, k=total)

    def rows():
        for enterprise_id, user_id, verified_at in chosen:
            low = max(start, verified_at)
            span = max(1, int((now - low).total_seconds()))
            yield (enterprise_id, user_id, kinds[rng.randrange(4)],
                   low + timedelta(seconds=rng.randrange(span)))

    connection = db.session.connection().connection.dbapi_connection
    if db.engine.dialect.name == "postgresql":
        with connection.cursor() as cursor, cursor.copy(
                "COPY access_events (enterprise_id, user_id, kind, occurred_at) FROM STDIN") as copy:
            for row in rows():
                copy.write_row(row)
    else:
        cursor = connection.cursor()
        batch = []
        for enterprise_id, user_id, kind, at in rows():
            batch.append((enterprise_id, user_id, kind, at.strftime("%Y-%m-%d %H:%M:%S.%f")))
            if len(batch) == 200_000:
                cursor.executemany("INSERT INTO access_events (enterprise_id, user_id, kind, "
                                   "occurred_at) VALUES (?, ?, ?, ?)", batch)
                batch = []
        if batch:
            cursor.executemany("INSERT INTO access_events (enterprise_id, user_id, kind, "
                               "occurred_at) VALUES (?, ?, ?, ?)", batch)
    db.session.commit()


def build(db, rng, args) -> None:
    from trading_floor.registry.services import load_admin_units

    db.drop_all()
    db.create_all()
    load_admin_units()
    clock = time.perf_counter()
    build_registry(db, args.enterprises)
    print(f"  registry built in {time.perf_counter() - clock:.1f} s")
    clock = time.perf_counter()
    listings = build_listings(db, rng)
    print(f"  {listings:,} listings with their status history in "
          f"{time.perf_counter() - clock:.1f} s")
    clock = time.perf_counter()
    build_access_events(db, rng, args.events)
    print(f"  {args.events:,} raw access events bulk-loaded in "
          f"{time.perf_counter() - clock:.1f} s")
    clock = time.perf_counter()
    from trading_floor.monitoring import spans

    result = spans.rebuild_all()
    print(f"  rollups rebuilt in {time.perf_counter() - clock:.1f} s: {result['days']:,} "
          f"enterprise-days, {result['years']:,} enterprise-years, "
          f"{result['presence']:,} presence changes")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--skip-build", action="store_true",
                        help="time again on the data a previous run left (--database-url needed)")
    parser.add_argument("--naive-repeat", type=int, default=3,
                        help="runs of the naive counts (seconds each over 5 million events)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-monitoring-"))
    os.environ["FLOOR_INSTANCE_PATH"] = str(workdir / "instance")
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"

    from sqlalchemy import text

    from trading_floor import create_app
    from trading_floor.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SERVER_NAME": "localhost",
                      "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    rng = random.Random(2026)
    with app.app_context():
        dialect = db.engine.dialect.name
        print(f"Monitoring bench on {dialect}: {args.enterprises:,} enterprises, "
              f"{args.events:,} access events")
        if args.skip_build:
            print("  (timing the data of a previous run)")
        else:
            build(db, rng, args)
        db.session.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would give
        db.session.commit()

        from trading_floor.monitoring import services
        from trading_floor.monitoring.periods import parse_period, recent_months

        period = parse_period(str(datetime.utcnow().year))
        client = app.test_client()
        from trading_floor.accounts.models import User
        from trading_floor.monitoring import tokens
        from trading_floor.registry import demo

        officer = db.session.query(User).filter_by(email=demo.OFFICER_EMAIL).one()
        client.post("/dang-nhap", data={"email": officer.email, "password": "bench12345"})
        _token, raw = tokens.create_token(officer, "bench")
        headers = {"Authorization": f"Bearer {raw}"}

        def dashboard():
            response = client.get(f"/theo-doi/?period={period.key}")
            assert response.status_code == 200, response.status_code

        def api():
            response = client.get(f"/api/v1/participation?period={period.key}&group_by=commune",
                                  headers=headers)
            assert response.status_code == 200, response.status_code

        naive_sql = text(
            "SELECT COUNT(DISTINCT a.enterprise_id) FROM access_events a "
            "JOIN registry_enterprises e ON e.id = a.enterprise_id "
            "WHERE a.occurred_at >= :start AND a.occurred_at < :end "
            "AND e.status = 'active' AND e.parent_code IS NULL")

        def naive_year():
            db.session.execute(naive_sql, {"start": period.start, "end": period.end}).scalar()

        def naive_dashboard():
            naive_year()
            for month in recent_months(24):
                db.session.execute(naive_sql, {"start": month.start, "end": month.end}).scalar()

        total = services.period_report(period, group_by=()).total
        print(f"  {period.label}: denominator {total.denominator:,}, participating "
              f"{total.participating:,} ({total.participation_rate:.1%}), accessing "
              f"{total.accessing:,} ({total.access_rate:.1%})")
        print("Server time:")
        timed(f"dashboard /theo-doi/?period={period.key} (rollups)", dashboard, args.repeat)
        timed("API participation group_by=commune (rollups)", api, args.repeat)
        repeat = args.naive_repeat
        timed("naive: COUNT DISTINCT over raw events, the year", naive_year, repeat)
        timed("naive: the year + 24 monthly counts (a dashboard)", naive_dashboard, repeat)
        db.session.remove()
        if dialect != "postgresql":
            print(f"  (SQLite file: {workdir / 'bench.db'}, "
                  f"{(workdir / 'bench.db').stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
