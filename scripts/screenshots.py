"""Screenshots of the floor's real pages for the guide (Hướng dẫn), and the favicon.ico.

Builds a small demo floor in a temporary directory, serves it on 127.0.0.1 (a free port), drives
Debian's Chromium through Playwright and writes small PNGs (palette, ≤ 1024 px wide) to
static/guides/, and static/favicon.ico rendered from static/favicon.svg.

    .venv/bin/python scripts/screenshots.py            # every picture
    .venv/bin/python scripts/screenshots.py tim-kiem   # only the ones named
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "static" / "guides"
WIDTH, HEIGHT = 1024, 640
MAX_BYTES = 150_000
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def build_floor(tmp: Path):
    """A demo province at a small scale, plus a claim waiting for verification."""
    os.environ["FLOOR_INSTANCE_PATH"] = str(tmp / "instance")
    from flask_migrate import upgrade

    from trading_floor import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'floor.db'}",
        "SEARCH_INDEX_DIR": str(tmp / "search_index"), "UPLOAD_DIR": str(tmp / "uploads"),
        "OUTBOX_DIR": str(tmp / "outbox"), "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        from sqlalchemy import select

        from trading_floor import setup as setup_steps
        from trading_floor.accounts.services import create_user
        from trading_floor.demo import build_demo
        from trading_floor.extensions import db
        from trading_floor.registry import services as registry
        from trading_floor.registry.models import RegistryEnterprise
        from trading_floor.search.indexing import reindex

        upgrade()
        registry.load_admin_units()
        for step in setup_steps.base_steps():
            step()
        build_demo(echo=lambda line: None, scale=0.05)
        reindex()
        unclaimed = db.session.scalars(
            select(RegistryEnterprise).where(RegistryEnterprise.status == "active",
                                             RegistryEnterprise.verified_at.is_(None),
                                             RegistryEnterprise.parent_code.is_(None))
            .order_by(RegistryEnterprise.id).limit(3)).all()
        for n, enterprise in enumerate(unclaimed):
            user = create_user(f"nguoimoi{n}@demo.hungyen.vn", "demo12345",
                               ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"][n])
            registry.submit_claim(user, enterprise.code, "Giám đốc",
                                  "Người đại diện theo pháp luật; giấy phép kinh doanh số 0901/2019.")
    return app


def serve(app):
    from werkzeug.serving import make_server

    # PORT picks the port (default: any free one)
    server = make_server("127.0.0.1", int(os.environ.get("PORT", "0")), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def shots(app) -> list[tuple[str, str | None, str]]:
    """(file name, who is signed in, path)."""
    with app.app_context():
        from sqlalchemy import select

        from trading_floor.catalog import queries
        from trading_floor.content.models import EVENT, Announcement
        from trading_floor.extensions import db

        listing = queries.newest_listings(limit=1)[0]
        event = db.session.scalar(select(Announcement).where(Announcement.kind == EVENT)
                                  .order_by(Announcement.id))
        listing_path = f"/san-pham/{listing.id}"
    from trading_floor.registry import demo

    return [
        ("dang-ky", None, "/dang-ky"),
        ("nhan-doanh-nghiep", demo.BUYER_EMAIL, "/doanh-nghiep/nhan"),
        ("gian-hang", demo.OWNER_EMAIL, "/gian-hang/"),
        ("dang-san-pham", demo.OWNER_EMAIL, "/gian-hang/san-pham/moi"),
        ("tim-kiem", None, "/tim-kiem?q=nhan+long"),
        ("san-pham", demo.BUYER_EMAIL, listing_path),
        ("chao-mua", demo.BUYER_EMAIL, "/chao-mua/moi"),
        ("xac-minh", demo.OFFICER_EMAIL, "/so-cong-thuong/xac-minh"),
        ("kiem-duyet", demo.OFFICER_EMAIL, "/so-cong-thuong/kiem-duyet"),
        ("theo-doi", demo.OFFICER_EMAIL, "/theo-doi/"),
        ("soan-tin", demo.OFFICER_EMAIL, f"/so-cong-thuong/tin-tuc/{event.id}"),
    ]


def save_small(png: bytes, target: Path) -> int:
    """A palette PNG (the pages are flat colours), narrower if it is still too heavy."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width = image.width
    while True:
        scaled = image if width == image.width else image.resize(
            (width, round(image.height * width / image.width)), Image.LANCZOS)
        buffer = io.BytesIO()
        scaled.quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(
            buffer, "PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES or width <= 400:
            target.write_bytes(buffer.getvalue())
            return buffer.tell()
        width = int(width * 0.85)


def favicon(browser) -> None:
    from PIL import Image

    svg = (ROOT / "static" / "favicon.svg").read_text()
    page = browser.new_page(viewport={"width": 64, "height": 64})
    page.set_content(f"<body style='margin:0'>{svg.replace('<svg ', '<svg width=64 height=64 ')}</body>")
    png = page.screenshot(omit_background=True)
    page.close()
    Image.open(io.BytesIO(png)).save(ROOT / "static" / "favicon.ico",
                                     sizes=[(16, 16), (32, 32), (48, 48)])
    print("static/favicon.ico")


def main(only: list[str]) -> None:
    import logging

    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="floor-shots-") as tmp:
        app = build_floor(Path(tmp))
        server, base = serve(app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                    "--no-first-run", "--disable-sync"])
                if not only or "favicon" in only:
                    favicon(browser)
                contexts = {}
                for name, who, path in shots(app):
                    if only and name not in only:
                        continue
                    if who not in contexts:
                        contexts[who] = browser.new_context(
                            locale="vi-VN", base_url=base,
                            viewport={"width": WIDTH, "height": HEIGHT})
                        if who:
                            login = contexts[who].new_page()
                            login.goto("/dang-nhap")
                            login.fill("input[name=email]", who)
                            login.fill("input[name=password]", "demo12345")
                            login.click("form:has(input[name=password]) button[type=submit]")
                            login.wait_for_load_state()
                            login.close()
                    page = contexts[who].new_page()
                    response = page.goto(path)
                    assert response and response.ok, f"{path}: {response and response.status}"
                    size = save_small(page.screenshot(), OUT / f"{name}.png")
                    print(f"static/guides/{name}.png  {size // 1024} KB")
                    page.close()
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
