"""Search bench: index build rate and size, then search latency (p50/p95/p99) of the search
service against a naive LIKE baseline, cold and production-like, for each backend in one run.

    .venv/bin/python -m bench.search.run --size 10000
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/floor_bench \
        .venv/bin/python -m bench.search.run --size 100000 --backends whoosh,postgres

The corpus database is built once per size under bench/search/data/ (git-ignored) and reused.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    return (f"p50 {at(50):7.1f} ms  p95 {at(95):7.1f} ms  p99 {at(99):7.1f} ms  "
            f"(n={len(samples)}, mean {statistics.fmean(ordered) * 1000:.1f} ms)")


def make_app(size: int, backend: str, database_url: str | None):
    os.environ.setdefault("FLOOR_INSTANCE_PATH", str(DATA / "instance"))
    from trading_floor import create_app

    DATA.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{DATA / f'corpus-{size}.db'}"
    index_dir = DATA / f"index-{backend}-{size}"
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_BACKEND": backend,
                       "SEARCH_INDEX_DIR": str(index_dir), "SERVER_NAME": "localhost"})


def populate(app, size: int) -> None:
    """Loads the generated corpus into the database once (bulk inserts, no ORM events)."""
    from flask_migrate import upgrade
    from sqlalchemy import func, insert, select

    from bench.search import corpus
    from trading_floor.catalog.models import Category, Listing, ListingCertification
    from trading_floor.extensions import db
    from trading_floor.i18n import utcnow
    from trading_floor.registry.models import AdminUnit, RegistryEnterprise
    from trading_floor.registry.services import load_admin_units

    upgrade()
    if db.session.scalar(select(func.count(Listing.id))) == size:
        return
    print(f"  building the corpus database ({size} listings)…", flush=True)
    for table in (ListingCertification, Listing, RegistryEnterprise, Category):
        db.session.execute(table.__table__.delete())
    load_admin_units()
    units = list(db.session.scalars(select(AdminUnit.code).order_by(AdminUnit.code)))
    ids = {}
    for position, (slug, (name, parent, _)) in enumerate(corpus.CATEGORIES.items()):
        category = Category(slug=slug, name_vi=name, position=position,
                            parent_id=ids[parent] if parent else None)
        db.session.add(category)
        db.session.flush()
        ids[slug] = category.id
    now = utcnow()
    enterprise_rows = [
        {"id": i + 1, "code": f"09{i:08d}", "name": name, "address": "",
         "commune_code": units[commune % len(units)], "vsic_code": "0121", "vsic_section": "A",
         "size_class": "small", "status": "active", "verified_at": now, "verified_via": "import",
         "first_imported_at": now, "updated_at": now}
        for i, (name, commune) in enumerate(corpus.enterprises(size))]
    db.session.execute(insert(RegistryEnterprise), enterprise_rows)
    from datetime import timedelta

    listings, certs = [], []
    for i, item in enumerate(corpus.generate(size)):
        published = now - timedelta(hours=item.day)
        listings.append({"id": i + 1, "enterprise_id": item.enterprise + 1, "sku": item.sku,
                         "title": item.title, "title_en": "", "description": item.description,
                         "category_id": ids[item.category], "price_vnd": item.price_vnd,
                         "unit": item.unit, "moq": item.moq, "tiers": [],
                         "availability": "in_stock", "status": "published",
                         "origin_commune_code": units[item.commune_index % len(units)],
                         "rejection_reason": "", "view_count": 0, "created_at": published,
                         "updated_at": published, "published_at": published})
        certs.extend({"listing_id": i + 1, "code": code, "number": ""} for code in item.certs)
    for start in range(0, len(listings), 5000):
        db.session.execute(insert(Listing), listings[start:start + 5000])
    for start in range(0, len(certs), 5000):
        db.session.execute(insert(ListingCertification), certs[start:start + 5000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # fresh bulk-loaded tables: plan with real stats
        from sqlalchemy import text

        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def index_size(app, backend) -> str:
    if backend.name == "whoosh":
        out = subprocess.run(["du", "-sLh", str(backend.current)], capture_output=True, text=True)
        return out.stdout.split()[0] if out.stdout else "?"
    from sqlalchemy import text

    from trading_floor.extensions import db

    return db.session.scalar(text(
        "SELECT pg_size_pretty(pg_total_relation_size('search_listings'))"))


def like_baseline(params: dict) -> None:
    """The naive approach: LIKE on every word over title and description, count and a page."""
    from sqlalchemy import and_, func, or_, true

    from trading_floor.catalog.models import Listing
    from trading_floor.catalog.visibility import public_listings
    from trading_floor.extensions import db

    words = (params.get("q") or "").replace('"', " ").split()[:8]
    condition = and_(true(), *[or_(func.lower(Listing.title).like(f"%{w.lower()}%"),
                           func.lower(Listing.description).like(f"%{w.lower()}%"))
                       for w in words])
    query = public_listings().where(condition)
    db.session.scalar(query.with_only_columns(func.count(Listing.id)))
    list(db.session.scalars(query.with_only_columns(Listing.id).order_by(Listing.id.desc())
                            .limit(20)))


def run_backend(name: str, size: int, database_url: str | None, stream_length: int,
                like: bool = True) -> None:
    app = make_app(size, name, database_url if name == "postgres" else None)
    with app.app_context():
        from trading_floor.extensions import db
        from trading_floor.search import get_backend, indexing, service

        populate(app, size)
        backend = get_backend()
        print(f"\n== {name} — {size} listings ({db.engine.dialect.name}) ==", flush=True)
        started = time.perf_counter()
        count = indexing.reindex()
        elapsed = time.perf_counter() - started
        print(f"full reindex      {elapsed:6.1f} s   {count / elapsed:8.0f} listings/s   "
              f"index size {index_size(app, backend)}", flush=True)

        from bench.search.queries import query_set

        communes = backend.search(service.SearchQuery(limit=0)).facets.commune
        commune = str(max(communes, key=communes.get)) if communes else ""
        queries = [{k: (commune if v == "__commune__" else v) for k, v in q.items()}
                   for q in query_set()]
        service.search(service.parse_params({"q": "warm up the searcher"}))

        def one(params):
            begin = time.perf_counter()
            service.search(service.parse_params(params))
            return time.perf_counter() - begin

        cold = []
        for params in queries:
            backend.forget_results()  # cold: no result cached from an earlier query
            cold.append(one(params))
        print(f"cold service      {percentiles(cold)}", flush=True)
        if like:
            samples = []
            for params in queries:
                begin = time.perf_counter()
                like_baseline(params)
                samples.append(time.perf_counter() - begin)
            print(f"cold LIKE         {percentiles(samples)}", flush=True)

        # production-like: a Zipf stream over the set while one listing changes every second
        rng = random.Random(7)
        weights = [1 / (rank + 1) ** 1.1 for rank in range(len(queries))]
        stream = rng.choices(queries, weights=weights, k=stream_length)
        stop, changes = threading.Event(), [0]

        def writer():
            from trading_floor.catalog.models import Listing

            with app.app_context():
                while not stop.wait(1.0):
                    listing = db.session.get(Listing, rng.randrange(1, size + 1))
                    listing.price_vnd = (listing.price_vnd or 10000) + 1000
                    listing.title = listing.title.rstrip("*") + ("*" if changes[0] % 2 else "")
                    db.session.commit()
                    changes[0] += 1
                db.session.remove()

        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        prod, prod_like = [], []
        for params in stream:
            prod.append(one(params))
        stop.set()
        thread.join()
        print(f"prod-like service {percentiles(prod)}   ({changes[0]} listing changes meanwhile)")
        if like:
            for params in stream[:100]:
                begin = time.perf_counter()
                like_baseline(params)
                prod_like.append(time.perf_counter() - begin)
            print(f"prod-like LIKE    {percentiles(prod_like)}", flush=True)
        db.session.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--backends", default="whoosh,postgres")
    parser.add_argument("--stream", type=int, default=1000, help="production-like queries")
    parser.add_argument("--no-like", action="store_true", help="skip the naive LIKE baseline")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL")
    print(f"search bench: {args.size} listings, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    for name in args.backends.split(","):
        if name == "postgres" and not database_url:
            print("\n== postgres: skipped (set BENCH_DATABASE_URL=postgresql+psycopg://…) ==")
            continue
        run_backend(name, args.size, database_url, args.stream, like=not args.no_like)


if __name__ == "__main__":
    tempfile.tempdir = None
    main()
