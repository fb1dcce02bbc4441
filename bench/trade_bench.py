"""Trade pages under load: the RFQ board and the inbox header counts with many rows.

Builds a fresh database (SQLite in a temp folder, or DATABASE_URL), then times, in the same run, a
small floor (the baseline) and a large one, and prints median / p95 in milliseconds.

    .venv/bin/python bench/trade_bench.py [--large 20000] [--repeat 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build(n: int):
    os.environ["FLOOR_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="trade-bench-")
    from flask_migrate import upgrade

    from trading_floor import create_app
    from trading_floor.accounts.models import Membership, User
    from trading_floor.catalog.models import Category
    from trading_floor.extensions import db
    from trading_floor.i18n import utcnow
    from trading_floor.registry.models import AdminUnit, RegistryEnterprise
    from trading_floor.registry.services import load_admin_units
    from trading_floor.trade.models import Inquiry, Rfq

    app = create_app({"SERVER_NAME": "localhost", "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    ctx = app.app_context()
    ctx.push()
    upgrade()
    load_admin_units()
    communes = [u.code for u in db.session.query(AdminUnit).limit(20)]
    cats = [Category(slug=f"c{i}", name_vi=f"Danh mục {i}") for i in range(12)]
    db.session.add_all(cats)
    enterprise = RegistryEnterprise(code="0900000019", name="DN", commune_code=communes[0],
                                    vsic_code="0121", vsic_section="A", size_class="small",
                                    verified_at=utcnow())
    buyer = User(email="b@x.vn", full_name="B", password_hash="x")
    seller = User(email="s@x.vn", full_name="S", password_hash="x")
    db.session.add_all([enterprise, buyer, seller])
    db.session.flush()
    db.session.add(Membership(user_id=seller.id, enterprise_id=enterprise.id, role="owner"))
    now = utcnow()
    rfqs, inquiries = [], []
    for i in range(n):
        rfqs.append(dict(buyer_id=buyer.id, title=f"Cần mua hàng {i}", description="",
                         category_id=cats[i % 12].id, quantity=100, unit="kg",
                         delivery_commune_code=communes[i % 20], delivery_place="",
                         # half of them past their deadline: the board must skip them cheaply
                         deadline=now + timedelta(days=(i % 60) - 30), status="open",
                         created_at=now - timedelta(minutes=i)))
        inquiries.append(dict(enterprise_id=enterprise.id, buyer_id=buyer.id,
                              listing_title=f"SP {i}", unit="kg", buyer_unread=i % 3,
                              seller_unread=i % 2, created_at=now, last_message_at=now))
    db.session.execute(db.insert(Rfq), rfqs)
    db.session.execute(db.insert(Inquiry), inquiries)
    db.session.commit()
    return app, ctx, cats[3].id, communes[5], seller


def timed(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def run(n: int, repeat: int) -> dict:
    app, ctx, category, commune, seller = build(n)
    from trading_floor.trade import inquiries

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(seller.id)
        session["_fresh"] = True
    results = {
        "GET /chao-mua": timed(lambda: client.get("/chao-mua"), repeat),
        "GET /chao-mua?category&commune": timed(
            lambda: client.get(f"/chao-mua?category={category}&commune={commune}"), repeat),
        "inbox unread_total()": timed(lambda: inquiries.unread_total(seller), repeat),
        "GET /hop-thu": timed(lambda: client.get("/hop-thu"), repeat),
    }
    ctx.pop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    small = run(args.small, args.repeat)
    large = run(args.large, args.repeat)
    print(f"{'measure':34} {'baseline ' + str(args.small):>22} {'large ' + str(args.large):>22}")
    print(f"{'':34} {'median / p95 ms':>22} {'median / p95 ms':>22}")
    for key in small:
        (m1, p1), (m2, p2) = small[key], large[key]
        print(f"{key:34} {m1:10.1f} / {p1:8.1f} {m2:10.1f} / {p2:8.1f}")


if __name__ == "__main__":
    main()
