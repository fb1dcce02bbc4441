"""The whole-floor Merchant feed with many listings: time and peak memory, streamed (the way the
floor serves it: keyset pages, chunks) against a baseline built in the same run (every row read
into one list and the document joined in memory).

    flock /tmp/bench.lock .venv/bin/python bench/feeds/bench_feeds.py [--listings 100000]
        [--repeat 3] [--database-url postgresql+psycopg://…]

Time is the median of --repeat runs without tracing; peak memory is the tracemalloc peak of one
more run of each (Python allocations, the database driver's C buffers are not in it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))


def build(listings: int, database_url: str | None):
    os.environ["FLOOR_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="feeds-bench-")
    from flask_migrate import upgrade

    from trading_floor import create_app
    from trading_floor.catalog.models import Category, Listing, ListingImage
    from trading_floor.extensions import db
    from trading_floor.i18n import utcnow
    from trading_floor.registry.models import AdminUnit, RegistryEnterprise
    from trading_floor.registry.services import load_admin_units

    config = {"SERVER_NAME": "localhost", "JOBS_IMMEDIATE": True}
    if database_url:
        config["SQLALCHEMY_DATABASE_URI"] = database_url
    app = create_app(config)
    ctx = app.app_context()
    ctx.push()
    if database_url:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
    load_admin_units()
    commune = db.session.scalar(db.select(AdminUnit.code).limit(1))
    categories = [Category(slug=f"c{i}", name_vi=f"Danh mục {i}") for i in range(20)]
    db.session.add_all(categories)
    now = utcnow()
    enterprises = [RegistryEnterprise(code=f"{9000000000 + i}", name=f"Công ty Số {i} & Cộng sự",
                                      commune_code=commune, vsic_code="0121", vsic_section="A",
                                      size_class="small", verified_at=now) for i in range(200)]
    db.session.add_all(enterprises)
    db.session.flush()
    rows, images = [], []
    for i in range(listings):
        rows.append(dict(enterprise_id=enterprises[i % 200].id, sku=f"SP{i:06d}",
                         title=f"Nhãn lồng Hưng Yên loại {i % 7} <hộp {i % 5} kg>",
                         description="Nhãn lồng Phố Hiến, cùi dày, ngọt thanh; giao tận nơi. " * 4,
                         category_id=categories[i % 20].id,
                         price_vnd=None if i % 10 == 0 else 30000 + i, unit="kg", moq=10,
                         tiers=[], availability="in_stock", status="published",
                         published_at=now, created_at=now, updated_at=now))
    for start in range(0, listings, 10000):
        db.session.execute(db.insert(Listing), rows[start:start + 10000])
    db.session.commit()
    ids = db.session.scalars(db.select(Listing.id)).all()
    for listing_id in ids:
        images.append(dict(listing_id=listing_id, filename=f"{listing_id:08d}.jpg", width=800,
                           height=600, position=0, created_at=now))
    for start in range(0, len(images), 10000):
        db.session.execute(db.insert(ListingImage), images[start:start + 10000])
    db.session.commit()
    return app


def streamed(app) -> int:
    """GET /feeds/merchant.xml through the app, reading the body chunk by chunk."""
    response = app.test_client().get("/feeds/merchant.xml", buffered=False)
    size = sum(len(chunk) for chunk in response.iter_encoded())
    response.close()
    return size


def in_memory(app) -> int:
    """Baseline: every row in one list, the whole document joined in memory."""
    from flask import url_for

    from trading_floor.extensions import db
    from trading_floor.feeds import merchant, rows

    with app.test_request_context("/feeds/merchant.xml"):
        everything = db.session.execute(rows._base(priced=True).order_by(rows.Listing.id)).all()
        urls = merchant.Urls(
            listing=lambda i, slug: url_for("catalog.listing", slug=slug, listing_id=i,
                                            _external=True),
            photo=lambda name: url_for("media.photo", name=name, _external=True))
        document = "".join(merchant.xml_feed(everything, urls, title="t", link="l",
                                             description="d"))
        return len(document.encode())


def measure(fn, app, repeat: int) -> tuple[float, float, int]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        size = fn(app)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    fn(app)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    start = time.perf_counter()
    app = build(args.listings, args.database_url)
    print(f"built {args.listings} listings in {time.perf_counter() - start:.1f} s "
          f"({'PostgreSQL' if args.database_url else 'SQLite'})")
    for name, fn in (("streamed (served)", streamed), ("in-memory list (baseline)", in_memory)):
        seconds, peak, size = measure(fn, app, args.repeat)
        print(f"{name:28s} median {seconds:6.2f} s   peak {peak:7.1f} MiB   body {size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
