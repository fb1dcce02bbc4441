"""Schemathesis against the live app: every /api/v1 operation of /api/v1/openapi.json, with the
right credential, must answer as the document says (0 failures). Called by .ci/run.

    .venv/bin/python scripts/api_contract.py [--max-examples 30] [--port 0]

A throw-away floor (SQLite in a temporary instance folder) is migrated and seeded with a few
listings, an RFQ and one credential of each kind, then served on 127.0.0.1 in a thread; the
schemathesis CLI runs once per credential, on the operations that credential opens.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INSTANCE = Path(tempfile.mkdtemp(prefix="floor-contract-"))
os.environ["FLOOR_INSTANCE_PATH"] = str(INSTANCE)
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)


def seed(app) -> dict[str, str]:
    """A small floor and one credential per security scheme."""
    from datetime import timedelta

    from flask_migrate import upgrade

    from trading_floor.accounts.services import create_user
    from trading_floor.catalog import moderation, services
    from trading_floor.catalog.taxonomy import seed_taxonomy
    from trading_floor.extensions import db
    from trading_floor.i18n import utcnow
    from trading_floor.monitoring import tokens
    from trading_floor.partners import keys
    from trading_floor.registry import services as registry
    from trading_floor.registry.codes import tax_check_digit, vsic_section
    from trading_floor.registry.models import RegistryEnterprise
    from trading_floor.trade.models import Rfq

    upgrade()
    registry.load_admin_units()
    seed_taxonomy()
    head = "0900000123"[:9]
    code = next(head + d for d in [tax_check_digit(head)] if d)
    enterprise = RegistryEnterprise(code=code, name="Công ty TNHH Nhãn Lồng Phố Hiến",
                                    address="Số 1", commune_code=11953, vsic_code="0121",
                                    vsic_section=vsic_section("0121"), size_class="small")
    db.session.add(enterprise)
    db.session.commit()
    owner = create_user("chu@example.vn", "matkhau123", "Chủ", role="buyer")
    officer = create_user("canbo@soct.vn", "matkhau123", "Cán bộ", role="officer")
    registry.decide_claim(registry.submit_claim(owner, enterprise.code), officer, "approved")
    for number in range(3):
        listing = services.save_listing(owner, enterprise, services.ListingInput(
            sku=f"N{number}", title=f"Nhãn lồng loại {number}", category="nhan", unit="kg",
            price="45.000", tiers="100:42000"), submit=True)
        moderation.approve(officer, listing)
    db.session.add(Rfq(buyer_id=owner.id, title="Cần 2 tấn nhãn", category_id=listing.category_id,
                       quantity=2000, unit="kg", deadline=utcnow() + timedelta(days=9)))
    db.session.commit()
    return {
        "partner": keys.create_partner_key("Kiểm thử hợp đồng API")[1],
        "seller": keys.create_seller_token(owner, enterprise.id, "Kiểm thử")[1],
        "officer": tokens.create_token(officer, "Kiểm thử")[1],
    }


RUNS = (  # credential, the operations it opens
    ("partner", r"^/api/v1/(listings|enterprises|categories|rfqs|search|openapi\.json)$"),
    ("seller", r"^/api/v1/seller/"),
    ("officer", r"^/api/v1/participation$"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=30)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-time", type=int, default=60, help="seconds per credential")
    args = parser.parse_args()

    from werkzeug.serving import make_server

    from trading_floor import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{INSTANCE / 'contract.db'}",
                      "SEARCH_INDEX_DIR": str(INSTANCE / "search_index"),
                      "UPLOAD_DIR": str(INSTANCE / "uploads"),
                      "OUTBOX_DIR": str(INSTANCE / "outbox"),
                      "JOBS_IMMEDIATE": True, "JOBS_SQLITE_PATH": str(INSTANCE / "jobs.db"),
                      "RATELIMIT_STORAGE_URI": "memory://", "API_RATE_LIMIT": "100000 per minute",
                      "SECRET_KEY": "contract-test"})
    with app.app_context():
        credentials = seed(app)
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is noise here
    server = make_server("127.0.0.1", args.port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/api/v1/openapi.json"
    failed = 0
    try:
        for credential, paths in RUNS:
            print(f"== schemathesis: {paths} with the {credential} credential ==", flush=True)
            command = [str(Path(sys.executable).parent / "schemathesis"), "run", url,
                       "--include-path-regex", paths,
                       "-H", f"Authorization: Bearer {credentials[credential]}",
                       "--checks", "not_a_server_error,status_code_conformance,"
                       "content_type_conformance,response_headers_conformance,"
                       "response_schema_conformance",
                       "--max-examples", str(args.max_examples), "--seed", "14",
                       "--request-timeout", "30", "--max-time", str(args.max_time), "--no-color",
                       "--suppress-health-check", "all"]
            failed |= subprocess.run(command, cwd=INSTANCE).returncode  # its cache stays out of the tree
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    print("schemathesis: " + ("FAILED" if failed else "0 failures"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
