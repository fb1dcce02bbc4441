import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from trading_floor.registry import importer, services

registry_cli = AppGroup("registry", help="Sổ đăng ký doanh nghiệp của tỉnh.")


@registry_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_file(file: Path) -> None:
    """Nhập sổ đăng ký từ tệp CSV (UTF-8) hoặc XLSX; một dòng sai thì từ chối cả tệp."""
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Đang ghi", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    click.echo(f"Đang kiểm tra {file.name}…", err=True)
    report = importer.import_registry(file.read_bytes(), file.name, progress=progress)
    if bar is not None:
        bar.__exit__(None, None, None)
    if not report.ok:
        click.echo(f"Tệp bị từ chối, không có thay đổi nào. {len(report.errors)} lỗi:", err=True)
        for error in report.errors:
            column = f", cột {error.column}" if error.column else ""
            click.echo(f"  dòng {error.line}{column}: {error.reason}", err=True)
        raise SystemExit(1)
    click.echo(f"Xong: thêm {report.added}, cập nhật {report.updated}, "
               f"không đổi {report.unchanged}.")


@registry_cli.command("load-units")
def load_units() -> None:
    """Nạp xã/phường của tỉnh từ gói vietnam-provinces."""
    click.echo(f"Đã nạp {services.load_admin_units()} đơn vị hành chính.")


COMMANDS = [registry_cli]
