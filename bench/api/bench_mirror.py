"""Changed-since cursor bench: a partner mirrors 100k public listings through /api/v1/listings,
then the floor makes 1,000 changes (price edits and withdrawals, one transaction each, as the
services do) and the partner catches up; the mirror must equal the public catalogue exactly.

    .venv/bin/python -m bench.api.bench_mirror [--size 100000] [--changes 1000] [--limit 1000]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/floor_api]

End to end: a real HTTP server (werkzeug, threaded, on 127.0.0.1) and an HTTP client (stdlib),
JSON parsed by the partner. Baseline, same run: catching up by downloading everything again.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

TMP = Path(tempfile.mkdtemp(prefix="bench-api-"))
os.environ.setdefault("FLOOR_INSTANCE_PATH", str(TMP / "instance"))


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {at(95):.1f} ms"


class Partner:
    """What a partner floor does: follow next_cursor, apply upserts and removals to its copy."""

    def __init__(self, port: int, key: str, limit: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Bearer {key}"}
        self.limit = limit
        self.mirror: dict[int, dict] = {}
        self.cursor = ""

    def catch_up(self) -> tuple[float, int, int, list[float]]:
        """(seconds, requests, changes applied, per-request seconds)."""
        started, requests, applied, each = time.perf_counter(), 0, 0, []
        while True:
            query = urlencode({"cursor": self.cursor, "limit": self.limit})
            t0 = time.perf_counter()
            self.connection.request("GET", f"/api/v1/listings?{query}", headers=self.headers)
            response = self.connection.getresponse()
            body = json.loads(response.read())
            each.append(time.perf_counter() - t0)
            assert response.status == 200, body
            requests += 1
            for change in body["changes"]:
                if change["change"] == "upsert":
                    self.mirror[change["id"]] = change["listing"]
                else:
                    self.mirror.pop(change["id"], None)
                applied += 1
            self.cursor = body["next_cursor"]
            if not body["has_more"]:
                return time.perf_counter() - started, requests, applied, each


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    import logging

    from sqlalchemy import select
    from werkzeug.serving import make_server

    from bench.search.run import populate
    from trading_floor import create_app
    from trading_floor.catalog import changes
    from trading_floor.catalog.models import ARCHIVED, Listing
    from trading_floor.catalog.services import record_status
    from trading_floor.catalog.visibility import public_listings
    from trading_floor.core.signals import listings_changed
    from trading_floor.extensions import db
    from trading_floor.partners import keys

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("trading_floor.search").setLevel(logging.ERROR)
    url = args.database_url or f"sqlite:///{TMP / 'bench.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(TMP / "index"),
                      "UPLOAD_DIR": str(TMP / "uploads"), "JOBS_SQLITE_PATH": str(TMP / "j.db"),
                      "API_RATE_LIMIT": "1000000 per minute",
                      "RATELIMIT_STORAGE_URI": "memory://", "SECRET_KEY": "bench"})
    print(f"database: {url.split(':')[0]}; {args.size} listings, {args.changes} changes, "
          f"{args.limit} per request")
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.drop_all()
            from sqlalchemy import text

            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        populate(app, args.size)
        t0 = time.perf_counter()
        numbered = changes.rebuild()
        print(f"numbering the change log of {numbered} public listings: "
              f"{time.perf_counter() - t0:.1f} s (once; the migration does it for a live floor)")
        key = keys.create_partner_key("Bench")[1]
        ids = list(db.session.scalars(select(Listing.id).order_by(Listing.id)))

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        partner = Partner(server.server_port, key, args.limit)
        seconds, requests, applied, each = partner.catch_up()
        print(f"initial mirror: {seconds:.1f} s, {requests} requests ({percentiles(each)}), "
              f"{applied} changes, {len(partner.mirror)} listings mirrored")

        step = max(1, len(ids) // args.changes)
        touched = ids[::step][:args.changes]
        with app.app_context():
            per_change = []
            for n, listing_id in enumerate(touched):
                t0 = time.perf_counter()
                listing = db.session.get(Listing, listing_id)
                if n % 10 < 7:
                    listing.price_vnd = (listing.price_vnd or 10_000) + 1000
                else:
                    record_status(listing, ARCHIVED, None)
                db.session.commit()
                listings_changed.send(listing_ids=[listing_id])
                per_change.append(time.perf_counter() - t0)
            print(f"{len(touched)} changes (70% price, 30% withdrawn), each its own commit and "
                  f"change-log numbering: {percentiles(per_change)}")

        seconds, requests, applied, each = partner.catch_up()
        print(f"catching up: {seconds * 1000:.0f} ms, {requests} requests "
              f"({percentiles(each)}), {applied} changes applied")
        with app.app_context():
            public = {listing.id: listing.price_vnd
                      for listing in db.session.scalars(public_listings())}
        mirrored = {i: item["price_vnd"] for i, item in partner.mirror.items()}
        print("mirror equals the public catalogue: " + ("yes" if mirrored == public else
                                                        f"NO ({len(mirrored)} vs {len(public)})"))

        baseline = Partner(server.server_port, key, args.limit)
        seconds, requests, applied, each = baseline.catch_up()
        print(f"baseline, downloading everything again: {seconds:.1f} s, {requests} requests")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


if __name__ == "__main__":
    main()
