"""Registry import speed: 50,000 rows must import in under 30 s (issue: foundation).

    .venv/bin/python bench/registry/bench_import.py [ROWS] [--pg URL]

Prints, in one run: the floor's import (validate everything, then bulk upsert) on a fresh database,
a re-import of the same file (all unchanged) and of a file with 10% of rows changed, and a naive
baseline (one SELECT + ORM add per row) on the same rows, each timed 3 times (median, p95 of 3 is
the max).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def make_csv(rows: int, communes: list[int], seed: int = 7, changed: float = 0.0) -> bytes:
    from trading_floor.registry.codes import tax_check_digit

    rng = random.Random(seed)
    change_rng = random.Random(seed + 1)
    lines = ["enterprise_code,name,address,commune_code,vsic_code,size_class,status,phone,email,"
             "registered_on"]
    used = set()
    while len(lines) <= rows:
        head = f"09{rng.randint(0, 9_999_999):07d}"
        digit = tax_check_digit(head)
        if not digit or head in used:
            continue
        used.add(head)
        status = "active"
        if changed and change_rng.random() < changed:
            status = "suspended"
        lines.append(f"{head}{digit},Công ty TNHH Thương mại {len(lines)},Số {len(lines)} Điện Biên,"
                     f"{rng.choice(communes)},{rng.choice(['0121', '1079', '1410', '4632'])},"
                     f"{rng.choice(['micro', 'small', 'medium'])},{status},0221386000,"
                     f"dn{len(lines)}@example.vn,15/03/2015")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def naive_import(content: bytes) -> None:
    """What a first attempt looks like: per-row query and ORM add, one commit."""
    import csv
    import io

    from sqlalchemy import select

    from trading_floor.extensions import db
    from trading_floor.registry.codes import check_enterprise_code, vsic_section
    from trading_floor.registry.models import RegistryEnterprise

    for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig"))):
        code, parent = check_enterprise_code(row["enterprise_code"])
        found = db.session.scalar(select(RegistryEnterprise).where(RegistryEnterprise.code == code))
        if found is None:
            db.session.add(RegistryEnterprise(
                code=code, parent_code=parent, name=row["name"], address=row["address"],
                commune_code=int(row["commune_code"]), vsic_code=row["vsic_code"],
                vsic_section=vsic_section(row["vsic_code"]), size_class=row["size_class"],
                status=row["status"], phone=row["phone"], email=row["email"]))
    db.session.commit()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 50_000
    pg = sys.argv[sys.argv.index("--pg") + 1] if "--pg" in sys.argv else None
    tmp = Path(tempfile.mkdtemp(prefix="bench-registry-"))
    os.environ["FLOOR_INSTANCE_PATH"] = str(tmp)
    from flask_migrate import upgrade
    from sqlalchemy import text

    from trading_floor import create_app
    from trading_floor.extensions import db
    from trading_floor.registry.importer import import_registry
    from trading_floor.registry.services import load_admin_units

    def fresh_app():
        url = pg or f"sqlite:///{tmp / f'bench-{time.monotonic_ns()}.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
        with app.app_context():
            if pg:
                db.drop_all()
                with db.engine.begin() as c:
                    c.execute(text("DROP TABLE IF EXISTS alembic_version"))
            upgrade()
            load_admin_units()
        return app

    app = fresh_app()
    with app.app_context():
        from trading_floor.registry.models import AdminUnit

        communes = list(db.session.scalars(db.select(AdminUnit.code)))
    content = make_csv(rows, communes)
    changed = make_csv(rows, communes, changed=0.10)
    print(f"registry import, {rows:,} rows ({len(content) / 1e6:.1f} MB), "
          f"{'PostgreSQL' if pg else 'SQLite'}")

    def timed(label: str, fn, runs: int = 3) -> None:
        times = []
        for _ in range(runs):
            app = fresh_app()
            with app.app_context():
                start = time.perf_counter()
                fn(app)
                times.append(time.perf_counter() - start)
                db.session.remove()
                db.engine.dispose()
        print(f"  {label:<42} median {statistics.median(times):6.2f} s   "
              f"p95 {max(times):6.2f} s   ({rows / statistics.median(times):,.0f} rows/s)")

    def first(app):
        report = import_registry(content, "bench.csv")
        assert report.ok and report.added == rows, report.errors[:3]

    def again(app):
        import_registry(content, "bench.csv")
        start = time.perf_counter()
        report = import_registry(content, "bench.csv")
        assert report.unchanged == rows
        again.elapsed = time.perf_counter() - start

    def ten_percent(app):
        import_registry(content, "bench.csv")
        report = import_registry(changed, "bench2.csv")
        assert report.updated > 0

    timed("floor: new registry (validate + bulk insert)", first)
    timed("floor: import + re-import unchanged", again)
    timed("floor: import + re-import with 10% changed", ten_percent)
    timed("baseline: naive per-row SELECT + ORM add", lambda app: naive_import(content), runs=1)


if __name__ == "__main__":
    main()
