"""`flask search reindex` (rebuild aside, swap atomically, progress shown) and `search check`."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="Chỉ mục tìm kiếm sản phẩm.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Xây lại toàn bộ chỉ mục (tìm kiếm vẫn chạy trên chỉ mục cũ cho tới khi xong)."""
    from trading_floor.extensions import db
    from trading_floor.search import get_backend, indexing

    total = indexing.count_public_listings(db.session)
    click.echo(f"Đang xây lại chỉ mục ({get_backend().name}): {total} sản phẩm công khai…",
               err=True)
    started = time.monotonic()
    with click.progressbar(length=total, label="Đang lập chỉ mục", file=sys.stderr) as bar:
        count = indexing.reindex(progress=bar.update)
    elapsed = time.monotonic() - started
    click.echo(f"Xong: {count} sản phẩm trong {elapsed:.1f} giây "
               f"({count / elapsed if elapsed else 0:.0f}/giây).")


@search_cli.command("check")
def check_command() -> None:
    """So sánh chỉ mục với cơ sở dữ liệu và báo độ lệch (mã thoát 1 nếu lệch)."""
    from trading_floor.search import checks

    report = checks.drift()
    if report.error:
        click.echo(f"Chỉ mục không dùng được: {report.error}. Chạy `flask search reindex`.")
        raise SystemExit(2)
    click.echo(f"Cơ sở dữ liệu: {report.public} sản phẩm công khai; chỉ mục: {report.indexed}.")
    if report.missing:
        click.echo(f"Thiếu trong chỉ mục ({len(report.missing)}): "
                   + ", ".join(map(str, report.missing[:20])))
    if report.extra:
        click.echo(f"Thừa trong chỉ mục (không còn công khai) ({len(report.extra)}): "
                   + ", ".join(map(str, report.extra[:20])))
    if report.ok:
        click.echo("Không có độ lệch.")
    else:
        click.echo("Có độ lệch: chạy `flask --app trading_floor search reindex` để sửa.")
        raise SystemExit(1)


COMMANDS = [search_cli]
