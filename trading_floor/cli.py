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
    elif demo:
        click.echo("Tỉnh mẫu đã có sẵn (bỏ qua).")
    if demo:
        print_credentials(click.echo)
    current_app.logger.info("setup done")


COMMANDS = [setup]
