"""Listing import of one enterprise's catalogue: median and p95 of N runs, with a baseline.

Baseline (same run): reading and parsing the same file only (core.tabular.read_table), i.e. the
floor's cost on top of merely reading the file. Also times photo preparation (Pillow).

    .venv/bin/python bench/catalog/bench_listing_import.py [--rows 2000] [--runs 5] [--pg URL]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def make_file(rows: int) -> bytes:
    rng = random.Random(7)
    lines = ["sku,title,title_en,description,category,price_vnd,unit,moq,tiers,availability,"
             "certifications,origin_commune_code"]
    for i in range(rows):
        price = rng.choice([None, 25000, 45000, 120000, 1500000])
        tiers = f"100:{price - 1000};500:{price - 2000}" if price and i % 3 == 0 else ""
        lines.append(f"SP{i:05d},Nhãn lồng Hưng Yên loại {i},Longan {i},"
                     f"\"Cùi dày, ngọt sắc; lô {i}\",nhan,{'' if price is None else price},kg,"
                     f"{50 if tiers else 1},{tiers},seasonal:7-8,OCOP4;VietGAP,11953")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    os.environ["FLOOR_INSTANCE_PATH"] = str(tmp)
    from flask_migrate import upgrade
    from sqlalchemy import text

    from trading_floor import create_app
    from trading_floor.catalog.importer import COLUMNS, REQUIRED, import_listings
    from trading_floor.catalog.taxonomy import seed_taxonomy
    from trading_floor.core.tabular import read_table
    from trading_floor.extensions import db
    from trading_floor.registry.models import RegistryEnterprise
    from trading_floor.registry.services import load_admin_units

    content = make_file(args.rows)
    results: dict[str, list[float]] = {"baseline: parse file only": [],
                                       "floor: import (all new)": [],
                                       "floor: re-import (all unchanged)": []}
    for run in range(args.runs):
        url = args.pg or f"sqlite:///{tmp / f'run{run}.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": str(tmp / "up")})
        with app.app_context():
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            upgrade()
            load_admin_units()
            seed_taxonomy()
            enterprise = RegistryEnterprise(code="0100109106", name="Bench", commune_code=11953,
                                            vsic_code="0121", vsic_section="A",
                                            size_class="small")
            db.session.add(enterprise)
            db.session.commit()
            start = time.perf_counter()
            read_table(content, "bench.csv", COLUMNS, REQUIRED)
            results["baseline: parse file only"].append(time.perf_counter() - start)
            start = time.perf_counter()
            report = import_listings(content, "bench.csv", enterprise)
            results["floor: import (all new)"].append(time.perf_counter() - start)
            assert report.ok and report.added == args.rows, report.errors[:3]
            start = time.perf_counter()
            report = import_listings(content, "bench.csv", enterprise)
            results["floor: re-import (all unchanged)"].append(time.perf_counter() - start)
            assert report.unchanged == args.rows
            db.session.remove()
            db.engine.dispose()
    print(f"{args.rows} listings, {len(content) / 1e6:.2f} MB, {args.runs} runs, "
          f"{'PostgreSQL' if args.pg else 'SQLite'}")
    for name, values in results.items():
        print(f"  {name:36s} median {statistics.median(values):6.2f} s   "
              f"p95 {percentile(values, 0.95):6.2f} s")

    from PIL import Image

    from trading_floor.catalog.images import prepare_photo

    buffer = io.BytesIO()
    gradient = Image.linear_gradient("L").resize((4000, 3000))
    noise = Image.effect_noise((4000, 3000), 20)
    Image.merge("RGB", (gradient, noise, gradient.rotate(90, expand=False))).save(
        buffer, "JPEG", quality=85)
    photo = buffer.getvalue()
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        prepare_photo(photo)
        timings.append(time.perf_counter() - start)
    print(f"  photo 12 MP JPEG ({len(photo) / 1e6:.1f} MB) verify+re-encode+thumb: median "
          f"{statistics.median(timings):.2f} s   p95 {percentile(timings, 0.95):.2f} s")


if __name__ == "__main__":
    main()
