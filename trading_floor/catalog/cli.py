"""`flask --app trading_floor catalog …`: the taxonomy and listings from files."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from trading_floor.catalog import taxonomy
from trading_floor.core.cli_import import progress_bar, refuse

catalog_cli = AppGroup("catalog", help="Danh mục và sản phẩm.")
categories_cli = AppGroup("categories", help="Cây danh mục sản phẩm.")
catalog_cli.add_command(categories_cli)


@categories_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_categories(file: Path) -> None:
    """Nhập danh mục (slug, parent_slug, name_vi, name_en) từ CSV hoặc XLSX; cập nhật theo slug."""
    report = taxonomy.import_categories(file.read_bytes(), file.name)
    if not report.ok:
        refuse(report.errors)
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
    click.echo(f"Đang kiểm tra {file.name} cho {enterprise.name}…", err=True)
    with progress_bar("Đang kiểm tra") as progress:
        report = importer.import_listings(file.read_bytes(), file.name, enterprise,
                                          publish=publish, progress=progress)
    if not report.ok:
        refuse(report.errors)
    click.echo(f"Xong: thêm {report.added}, cập nhật {report.updated}, "
               f"không đổi {report.unchanged}, đăng {report.published}.")


photos_cli = AppGroup("photos", help="Tệp ảnh sản phẩm.")
catalog_cli.add_command(photos_cli)


@photos_cli.command("prune")
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê, không xoá.")
def prune_photos(dry_run: bool) -> None:
    """Xoá các tệp ảnh không còn sản phẩm nào dùng (cũ hơn 1 giờ)."""
    from trading_floor.catalog.photo_cleanup import prune_orphans

    names = prune_orphans(dry_run=dry_run)
    for name in names:
        click.echo(name)
    verb = "Sẽ xoá" if dry_run else "Đã xoá"
    click.echo(f"{verb} {len(names)} tệp ảnh không còn dùng.", err=True)


COMMANDS = [catalog_cli]
