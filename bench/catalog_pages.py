"""Public catalogue pages on the full demo province (~20,000 listings): median and p95 per page.

    python bench/catalog_pages.py [--runs 30] [--database-url URL]

Builds the demo province into a throw-away instance (SQLite unless --database-url points at an
empty PostgreSQL database), times the demo build, then renders each page --runs times with the test
client. The privacy page (a template and no query) is the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="bench-catalog-")
    os.environ["FLOOR_INSTANCE_PATH"] = instance
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url

    import logging

    from flask_migrate import upgrade
    from sqlalchemy import select

    from trading_floor import create_app

    app = create_app({"SERVER_NAME": "localhost"})
    logging.disable(logging.INFO)
    with app.app_context():
        from trading_floor.demo import build_demo
        from trading_floor.extensions import db
        from trading_floor.registry.services import load_admin_units

        if args.database_url:  # start from an empty database
            from sqlalchemy import text

            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        load_admin_units()
        marks = []
        started = time.perf_counter()
        build_demo(echo=lambda msg: marks.append((msg, time.perf_counter())))
        finished = time.perf_counter()
        catalogue_start = next(t for msg, t in marks if msg.startswith("Đang tạo sản phẩm"))
        catalogue_end = next(t for msg, t in marks if "sản phẩm," in msg)
        print(f"demo build: {finished - started:.1f} s in all, of which the catalogue "
              f"(~20,000 listings) {catalogue_end - catalogue_start:.1f} s")
        from trading_floor.catalog.models import Listing
        from trading_floor.catalog.visibility import public_listings

        listing = db.session.scalars(public_listings().order_by(Listing.id).limit(1)).first()
        code = listing.enterprise.code
        listing_url = f"/san-pham/{listing.slug}-{listing.id}"
        commune = listing.enterprise.commune_code
        db.session.execute(select(1))
    pages = [
        ("baseline /quyen-rieng-tu", "/quyen-rieng-tu"),
        ("home", "/"),
        ("category tree", "/danh-muc"),
        ("top category", "/danh-muc/nong-san"),
        ("top category, price sort, page 20", "/danh-muc/nong-san?sort=price_asc&page=20"),
        ("listing", listing_url),
        ("storefront", f"/doanh-nghiep/{code}"),
        ("directory", "/doanh-nghiep"),
        ("directory, name filter", "/doanh-nghiep?q=nhan+long"),
        ("directory, commune + sector", f"/doanh-nghiep?commune={commune}&sector=C"),
    ]
    client = app.test_client()
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8}")
    for name, url in pages:
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{name:40} {statistics.median(times):10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
