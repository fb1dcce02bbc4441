from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select

from trading_floor import setup as setup_steps
from trading_floor.demo import build_demo, print_credentials
from trading_floor.extensions import db
from trading_floor.registry.models import RegistryEnterprise
from trading_floor.registry.services import load_admin_units


@click.command("setup")
@click.option("--demo/--no-demo", default=None,
              help="Nạp tỉnh mẫu (mặc định: có, trừ khi DEMO=0).")
@with_appcontext
def setup(demo: bool | None) -> None:
    """Chuẩn bị sàn: migrate, nạp đơn vị hành chính, danh mục, và tỉnh mẫu (lần đầu)."""
    if demo is None:
        demo = current_app.config["DEMO"]
    upgrade()
    click.echo(f"Đơn vị hành chính: thêm {load_admin_units()}.")
    for step in setup_steps.base_steps():
        step()
    empty = not db.session.scalar(select(func.count()).select_from(RegistryEnterprise))
    if demo and empty:
        build_demo(echo=click.echo)
        from trading_floor.search import indexing

        # the demo's listings are searchable when `make run` opens, not once the consumer has
        # worked through them
        click.echo(f"Chỉ mục tìm kiếm: {indexing.reindex()} sản phẩm.")
    elif demo:
        click.echo("Tỉnh mẫu đã có sẵn (bỏ qua).")
    if demo:
        print_credentials(click.echo)
    current_app.logger.info("setup done")


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(directory: Path) -> None:
    """Sao lưu cơ sở dữ liệu và ảnh tải lên vào DIRECTORY (mới hoặc trống); sàn vẫn chạy."""
    from trading_floor import backups

    try:
        manifest = backups.backup(directory)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Đã sao lưu ({manifest.dialect}, phiên bản {manifest.revision}): "
               f"{sum(manifest.counts.values())} dòng trong {len(manifest.counts)} bảng, "
               f"{manifest.uploads} tệp ảnh → {directory}")


@click.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Thay thế cả khi sàn đích đã có dữ liệu.")
@with_appcontext
def restore_command(directory: Path, force: bool) -> None:
    """Khôi phục một bản sao lưu vào sàn trống, rồi xây lại chỉ mục tìm kiếm."""
    from trading_floor import backups

    try:
        manifest = backups.restore(directory, force=force)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Đã khôi phục bản sao lưu {manifest.created_at} ({manifest.dialect}): "
               f"{sum(manifest.counts.values())} dòng, {manifest.uploads} tệp ảnh; "
               "chỉ mục tìm kiếm đã được xây lại.")


COMMANDS = [setup, backup_command, restore_command]
