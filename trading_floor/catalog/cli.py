"""`flask --app trading_floor catalog …`: the taxonomy and listings from files."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from trading_floor.catalog import taxonomy

catalog_cli = AppGroup("catalog", help="Danh mục và sản phẩm.")
categories_cli = AppGroup("categories", help="Cây danh mục sản phẩm.")
catalog_cli.add_command(categories_cli)


def _refuse(errors) -> None:
    click.echo(f"Tệp bị từ chối, không có thay đổi nào. {len(errors)} lỗi:", err=True)
    for error in errors:
        column = f", cột {error.column}" if error.column else ""
        click.echo(f"  dòng {error.line}{column}: {error.reason}", err=True)
    raise SystemExit(1)


@categories_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_categories(file: Path) -> None:
    """Nhập danh mục (slug, parent_slug, name_vi, name_en) từ CSV hoặc XLSX; cập nhật theo slug."""
    report = taxonomy.import_categories(file.read_bytes(), file.name)
    if not report.ok:
        _refuse(report.errors)
    click.echo(f"Xong: thêm {report.added}, cập nhật {report.updated}, "
               f"không đổi {report.unchanged}.")


@categories_cli.command("seed")
def seed_categories() -> None:
    """Thêm các danh mục có sẵn của sàn còn thiếu (không ghi đè tên đã sửa)."""
    click.echo(f"Đã thêm {taxonomy.seed_taxonomy()} danh mục.")


COMMANDS = [catalog_cli]
