"""`flask --app trading_floor catalog …`: the taxonomy and listings from files."""

from __future__ import annotations

import sys
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


@catalog_cli.command("import")
@click.option("--enterprise", "code", required=True, help="Mã số doanh nghiệp (mã số thuế).")
@click.option("--publish", is_flag=True,
              help="Cán bộ chuyển dữ liệu: đăng ngay mọi sản phẩm và xác nhận doanh nghiệp.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_listings(code: str, publish: bool, file: Path) -> None:
    """Nhập sản phẩm của một doanh nghiệp từ CSV/XLSX; cập nhật theo sku; một dòng sai thì từ chối cả tệp."""
    from trading_floor.catalog import importer
    from trading_floor.registry.services import find_enterprise

    enterprise = find_enterprise(code)
    if enterprise is None:
        click.echo(f"Không có doanh nghiệp mã {code} trong sổ đăng ký.", err=True)
        raise SystemExit(1)
    if publish and enterprise.status != "active":
        click.echo(f"Doanh nghiệp {enterprise.code} không đang hoạt động: không đăng được.",
                   err=True)
        raise SystemExit(1)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Đang ghi", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    click.echo(f"Đang kiểm tra {file.name} cho {enterprise.name}…", err=True)
    report = importer.import_listings(file.read_bytes(), file.name, enterprise,
                                      publish=publish, progress=progress)
    if bar is not None:
        bar.__exit__(None, None, None)
    if not report.ok:
        _refuse(report.errors)
    click.echo(f"Xong: thêm {report.added}, cập nhật {report.updated}, "
               f"không đổi {report.unchanged}, đăng {report.published}.")


COMMANDS = [catalog_cli]
