"""Registry import at province scale (issue 15): validation and the write phase timed apart, and
how long a listing saved meanwhile waits.

A fresh floor (migrations, the province's communes) per run; a valid registry file of --rows
(200,000) rows, per /work/shared/IMPORT-FORMATS.md (10-digit codes with their check digit, a
commune of the province, a VSIC code, size and status words, a dd/mm/yyyy date).

1. validate: `prepare_registry` (read the CSV, check every row, compare with the registry) —
   nothing is written; the floor's other writers are not held up by it.
2. write: `write_registry`, the one transaction of bulk upserts (core/bulk.py) — the only time
   the import holds SQLite's write lock.
3. re-import with 10% of the rows changed (status): validate, write.
4. baseline, same rows, same run: the write as it was before this change (ORM `insert(Model)` by
   batches of 2,000 rows, then `update(Model)` for changed rows), and a plain DBAPI executemany
   of the same rows into the same table (the floor under which no Python code goes).
5. a listing saved while an import runs: a thread saves a listing (catalog.services.save_listing)
   every 100 ms from the start of the validation to the commit of the write; the longest and
   p95 time a save took, and how many failed (`database is locked` before this change).

    flock /tmp/bench.lock .venv/bin/python bench/imports.py [--rows 200000] [--runs 3]
        [--database-url postgresql+psycopg://…]   (or BENCH_DATABASE_URL)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.registry.bench_import import make_csv  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def line(label: str, values: list[float], rows: int | None = None) -> str:
    median = statistics.median(values)
    text = (f"  {label:<58} median {median:7.2f} s  p95 {pct(values, 0.95):7.2f} s"
            f"  (n={len(values)})")
    if rows:
        text += f"  {rows / median:,.0f} rows/s"
    return text


def fresh_app(tmp: Path, url: str | None):
    from flask_migrate import upgrade
    from sqlalchemy import text

    from trading_floor import create_app
    from trading_floor.extensions import db
    from trading_floor.registry.services import load_admin_units

    database = url or f"sqlite:///{tmp / f'bench-{time.monotonic_ns()}.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "TESTING": True,
                      "JOBS_IMMEDIATE": False, "SEARCH_INDEX_DIR": str(tmp / "search"),
                      "JOBS_SQLITE_PATH": str(tmp / f"jobs-{time.monotonic_ns()}.db")})
    with app.app_context():
        if url:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        load_admin_units()
        db.session.remove()
    return app


def discard(app) -> None:
    """Closes the run's connections and removes its SQLite file (a PostgreSQL one is dropped by
    the next fresh_app)."""
    from trading_floor.extensions import db

    with app.app_context():
        url = db.engine.url
        db.session.remove()
        db.engine.dispose()
    if url.get_backend_name() == "sqlite" and url.database:
        for suffix in ("", "-wal", "-shm"):
            Path(url.database + suffix).unlink(missing_ok=True)


def communes_of(app) -> list[int]:
    from trading_floor.extensions import db
    from trading_floor.registry.models import AdminUnit

    with app.app_context():
        return list(db.session.scalars(db.select(AdminUnit.code)))


def old_write(prepared) -> None:
    """The write phase as it was before (ORM bulk statements by 2,000 rows), for the baseline."""
    from sqlalchemy import insert, select, update

    from trading_floor.extensions import db
    from trading_floor.registry.models import (
        RegistryEnterprise,
        RegistryImport,
        RegistryStatusChange,
    )

    now = prepared.now
    batch = RegistryImport(filename="old.csv", imported_at=now)
    db.session.add(batch)
    db.session.flush()
    for start in range(0, len(prepared.new_rows), 2000):
        db.session.execute(insert(RegistryEnterprise), prepared.new_rows[start:start + 2000])
    changed = [{k: v for k, v in row.items() if k not in ("code", "first_imported_at")}
               for row in prepared.changed_rows]
    for start in range(0, len(changed), 2000):
        db.session.execute(update(RegistryEnterprise), changed[start:start + 2000])
    ids = dict(db.session.execute(select(RegistryEnterprise.code, RegistryEnterprise.id)
                                  .where(RegistryEnterprise.first_imported_at == now)).all())
    changes = [{"enterprise_id": ids[r["code"]], "status": r["status"], "changed_at": now,
                "import_id": batch.id} for r in prepared.new_rows]
    for start in range(0, len(changes), 2000):
        db.session.execute(insert(RegistryStatusChange), changes[start:start + 2000])
    db.session.commit()


def plain_executemany(prepared) -> None:
    """The same rows through the DBAPI cursor's executemany, no SQLAlchemy in the loop."""
    from trading_floor.extensions import db
    from trading_floor.registry.models import RegistryEnterprise

    columns = list(prepared.new_rows[0])
    table = RegistryEnterprise.__table__.name
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        marker = "%s" if db.engine.dialect.name == "postgresql" else "?"
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join([marker] * len(columns))})",
            [tuple(row[c] for c in columns) for row in prepared.new_rows])
        connection.commit()
    finally:
        connection.close()


def owner_with_listing_rights(app):
    """A verified enterprise, its owner and the shipped categories (for the concurrent saves)."""
    from trading_floor.accounts.services import create_user
    from trading_floor.catalog.taxonomy import seed_taxonomy
    from trading_floor.extensions import db
    from trading_floor.registry import services
    from trading_floor.registry.codes import tax_check_digit, vsic_section
    from trading_floor.registry.models import RegistryEnterprise

    with app.app_context():
        seed_taxonomy()
        head = "0799999990"[:9]
        code = head + tax_check_digit(head) if tax_check_digit(head) else "0100109106"
        enterprise = RegistryEnterprise(code=code, name="Công ty Nhãn Lồng", address="Số 1",
                                        commune_code=communes_of(app)[0], vsic_code="0121",
                                        vsic_section=vsic_section("0121"), size_class="small",
                                        status="active")
        db.session.add(enterprise)
        db.session.commit()
        owner = create_user("chu@example.vn", "matkhau123", "Chủ")
        officer = create_user("canbo@example.vn", "matkhau123", "Cán bộ", role="officer")
        services.decide_claim(services.submit_claim(owner, code), officer, "approved")
        ids = owner.id, enterprise.id
        db.session.remove()
    return ids


def save_listings_meanwhile(app, ids, stop: threading.Event, waits: list[float],
                            failures: list[str]) -> None:
    from trading_floor.accounts.models import User
    from trading_floor.catalog import services
    from trading_floor.extensions import db
    from trading_floor.registry.models import RegistryEnterprise

    with app.app_context():
        n = 0
        while not stop.is_set():
            n += 1
            owner = db.session.get(User, ids[0])
            enterprise = db.session.get(RegistryEnterprise, ids[1])
            start = time.perf_counter()
            try:
                services.save_listing(owner, enterprise, services.ListingInput(
                    title=f"Nhãn lồng {n}", category="nhan", unit="kg", price="45000"))
                waits.append(time.perf_counter() - start)
            except Exception as error:  # noqa: BLE001 — counted and printed
                db.session.rollback()
                failures.append(f"{type(error).__name__}: {str(error)[:80]}")
            db.session.remove()
            time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    os.environ["FLOOR_INSTANCE_PATH"] = str(tmp)
    url = args.database_url

    from trading_floor.registry.importer import prepare_registry, write_registry

    first = fresh_app(tmp, url)
    communes = communes_of(first)
    discard(first)
    content = make_csv(args.rows, communes)
    changed = make_csv(args.rows, communes, changed=0.10)
    print(f"registry import, {args.rows:,} rows ({len(content) / 1e6:.1f} MB), "
          f"{'PostgreSQL' if url else 'SQLite'}, {args.runs} runs, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}")

    times: dict[str, list[float]] = {k: [] for k in (
        "validate", "write", "revalidate", "rewrite", "old_write", "plain")}
    for _ in range(args.runs):
        app = fresh_app(tmp, url)
        with app.app_context():
            start = time.perf_counter()
            prepared = prepare_registry(content, "bench.csv")
            times["validate"].append(time.perf_counter() - start)
            assert prepared.report.ok, prepared.report.errors[:3]
            start = time.perf_counter()
            report = write_registry(prepared)
            times["write"].append(time.perf_counter() - start)
            assert report.added == args.rows
            start = time.perf_counter()
            prepared = prepare_registry(changed, "bench2.csv")
            times["revalidate"].append(time.perf_counter() - start)
            start = time.perf_counter()
            report = write_registry(prepared)
            times["rewrite"].append(time.perf_counter() - start)
            assert report.updated > 0
        discard(app)
        app = fresh_app(tmp, url)
        with app.app_context():
            prepared = prepare_registry(content, "bench.csv")
            start = time.perf_counter()
            old_write(prepared)
            times["old_write"].append(time.perf_counter() - start)
        discard(app)
        app = fresh_app(tmp, url)
        with app.app_context():
            prepared = prepare_registry(content, "bench.csv")
            start = time.perf_counter()
            plain_executemany(prepared)
            times["plain"].append(time.perf_counter() - start)
        discard(app)

    print(line("validate + prepare (no write)", times["validate"], args.rows))
    print(line("write phase: one transaction, bulk upsert (floor)", times["write"], args.rows))
    print(line("re-import 10% changed: validate + prepare", times["revalidate"], args.rows))
    print(line("re-import 10% changed: write phase", times["rewrite"], args.rows))
    print(line("baseline: write as before (ORM insert() by 2,000)", times["old_write"],
               args.rows))
    print(line("baseline: plain DBAPI executemany, same rows", times["plain"], args.rows))

    # a listing saved every 100 ms while an import validates and writes
    app = fresh_app(tmp, url)
    ids = owner_with_listing_rights(app)
    waits: list[float] = []
    failures: list[str] = []
    stop = threading.Event()
    saver = threading.Thread(target=save_listings_meanwhile, args=(app, ids, stop, waits, failures))
    with app.app_context():
        saver.start()
        time.sleep(0.5)
        start = time.perf_counter()
        prepared = prepare_registry(content, "bench.csv")
        middle = time.perf_counter()
        write_registry(prepared)
        end = time.perf_counter()
        time.sleep(0.5)
        stop.set()
        saver.join()
    discard(app)
    print(f"  listing saves during an import (validate {middle - start:.2f} s, "
          f"write {end - middle:.2f} s): {len(waits)} saved, {len(failures)} failed; "
          f"save time median {statistics.median(waits) * 1000:.0f} ms, "
          f"p95 {pct(waits, 0.95) * 1000:.0f} ms, longest {max(waits):.2f} s")
    for failure in sorted(set(failures)):
        print(f"    failed: {failure}")
    shutil.rmtree(tmp, ignore_errors=True)  # a fresh SQLite floor per run: ~250 MB each


if __name__ == "__main__":
    main()
