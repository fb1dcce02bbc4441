"""Payments speed: applying Stripe webhooks, and matching a bank statement to orders.

    .venv/bin/python bench/payments/bench_payments.py [ORDERS] [--pg URL]

Prints median and p95 of: one signed payment_intent.succeeded delivery through the webhook
endpoint (verify + apply once + mark paid) against a baseline of signature verification alone;
and a statement of ORDERS rows (90% matching) imported against ORDERS awaiting orders, 3 runs on
fresh data, against a baseline of reading and validating the same file without matching.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def report(name: str, values: list[float], unit: str = "ms", scale: float = 1000) -> None:
    print(f"{name:<62} median {statistics.median(values) * scale:8.2f} {unit}   "
          f"p95 {pct(values, 0.95) * scale:8.2f} {unit}   (n={len(values)})")


def setup_app(url: str | None):
    tmp = Path(tempfile.mkdtemp(prefix="bench-payments-"))
    os.environ["FLOOR_INSTANCE_PATH"] = str(tmp / "instance")
    from trading_floor import create_app
    from trading_floor.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url or f"sqlite:///{tmp / 'bench.db'}",
                      "STRIPE_SECRET_KEY": "sk_test_bench", "STRIPE_PUBLISHABLE_KEY": "pk_test",
                      "STRIPE_WEBHOOK_SECRET": "whsec_bench", "TESTING": True})
    app.logger.setLevel("WARNING")
    import logging

    logging.getLogger("trading_floor").setLevel(logging.WARNING)
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def seed(n: int, method: str, prefix: str) -> list:
    from trading_floor.accounts.models import User
    from trading_floor.extensions import db
    from trading_floor.payments.models import Payment
    from trading_floor.registry.models import AdminUnit, RegistryEnterprise
    from trading_floor.trade.models import Order

    if db.session.get(AdminUnit, 1) is None:
        db.session.add(AdminUnit(code=1, name="Phường Phố Hiến", division_type="phường",
                                 codename="pho_hien", province_code=33))
        db.session.add(User(email="buyer@bench.vn", full_name="Buyer", password_hash="x"))
        db.session.add(RegistryEnterprise(code="0900000001", name="Seller", commune_code=1,
                                          vsic_code="0121", vsic_section="A", size_class="small",
                                          bank_bin="970436", bank_account="0011001800879",
                                          bank_account_name="SELLER"))
        db.session.flush()
    buyer = db.session.query(User).first()
    seller = db.session.query(RegistryEnterprise).first()
    orders = [Order(reference=f"{prefix}{i:06d}", buyer_id=buyer.id, enterprise_id=seller.id,
                    total_vnd=100_000 + i, payment_method=method) for i in range(n)]
    db.session.add_all(orders)
    db.session.flush()
    if method == "card":
        db.session.add_all(Payment(order_id=o.id, method="card", amount_vnd=o.total_vnd,
                                   stripe_payment_intent_id=f"pi_{o.reference}") for o in orders)
    db.session.commit()
    return orders


def bench_webhooks(app, n: int) -> None:
    import stripe

    from trading_floor.payments.gateway import get_gateway

    with app.app_context():
        orders = [(o.reference, o.total_vnd) for o in seed(n, "card", "WH")]
        gateway = get_gateway()
    client = app.test_client()
    bodies = []
    for i, (reference, amount) in enumerate(orders):
        event = {"id": f"evt_{i}", "type": "payment_intent.succeeded", "data": {"object": {
            "id": f"pi_{reference}", "amount": amount, "currency": "vnd",
            "latest_charge": f"ch_{i}", "metadata": {"order_reference": reference}}}}
        body = json.dumps(event)
        bodies.append((body, stripe.WebhookSignature.generate_signature_header(
            body, "whsec_bench", timestamp=int(time.time()))))
    baseline = []
    with app.app_context():
        for body, header in bodies:
            start = time.perf_counter()
            gateway.verify_webhook(body.encode(), header)
            baseline.append(time.perf_counter() - start)
    floor, duplicate = [], []
    for target in (floor, duplicate):  # the second pass re-delivers every event
        for body, header in bodies:
            start = time.perf_counter()
            response = client.post("/payments/stripe/webhook", data=body,
                                   headers={"Stripe-Signature": header},
                                   content_type="application/json")
            target.append(time.perf_counter() - start)
            assert response.status_code == 200
    report("webhook: succeeded event, verified + applied + order paid", floor)
    report("webhook: the same event delivered again (duplicate)", duplicate)
    report("baseline: signature verification only", baseline)


def bench_statement(app, n: int) -> None:
    from trading_floor.accounts.models import User
    from trading_floor.core.tabular import read_table
    from trading_floor.extensions import db
    from trading_floor.payments import statements

    runs, baseline = [], []
    for run in range(3):
        with app.app_context():
            prefix = f"S{chr(65 + run)}"
            orders = seed(n, "bank_transfer", prefix)
            rows = ["transaction_date,amount,description"]
            for i, order in enumerate(orders):
                amount = order.total_vnd if i % 10 else order.total_vnd + 1  # 10% do not match
                rows.append(f"28/11/2026,{amount},CT TU KHACH {order.reference} THANH TOAN")
            content = ("\ufeff" + "\r\n".join(rows) + "\r\n").encode()
            officer = db.session.query(User).first()
            start = time.perf_counter()
            read_table(content, "s.csv", statements.COLUMNS, statements.REQUIRED)
            statements._read(content, "s.csv")
            baseline.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = statements.import_statement(content, "s.csv", officer)
            runs.append(time.perf_counter() - start)
            assert result.count("matched") == n - n // 10
    report(f"statement: {n} rows matched against {n} awaiting orders", runs, "s", 1)
    report("baseline: reading and validating the same file only", baseline, "s", 1)


if __name__ == "__main__":
    args = sys.argv[1:]
    url = args[args.index("--pg") + 1] if "--pg" in args else None
    count = int(next((a for a in args if a.isdigit()), "2000"))
    application = setup_app(url)
    print(f"database: {'PostgreSQL' if url else 'SQLite'}; {count} orders")
    bench_webhooks(application, min(count, 500))
    bench_statement(application, count)
