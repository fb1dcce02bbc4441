from pathlib import Path

import click
from flask.cli import AppGroup

from trading_floor.core.cli_import import progress_bar, refuse
from trading_floor.registry import importer, services

registry_cli = AppGroup("registry", help="Sổ đăng ký doanh nghiệp của tỉnh.")


@registry_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_file(file: Path) -> None:
    """Nhập sổ đăng ký từ tệp CSV (UTF-8) hoặc XLSX; một dòng sai thì từ chối cả tệp."""
    click.echo(f"Đang kiểm tra {file.name}…", err=True)
    with progress_bar("Đang kiểm tra") as progress:
        report = importer.import_registry(file.read_bytes(), file.name, progress=progress)
    if not report.ok:
        refuse(report.errors)
    click.echo(f"Xong: thêm {report.added}, cập nhật {report.updated}, "
               f"không đổi {report.unchanged}.")


@registry_cli.command("load-units")
def load_units() -> None:
    """Nạp xã/phường của tỉnh từ gói vietnam-provinces."""
    click.echo(f"Đã nạp {services.load_admin_units()} đơn vị hành chính.")


COMMANDS = [registry_cli]
