import click
from flask.cli import AppGroup

from trading_floor.accounts import services
from trading_floor.policy import ADMIN, ROLES

users_cli = AppGroup("users", help="Tài khoản: tạo quản trị viên, cán bộ.")


def _password(generate: bool) -> tuple[str, bool]:
    if generate:
        return services.generate_password(), True
    return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True), False


def _create(email: str, role: str, name: str, generate: bool) -> None:
    password, generated = _password(generate)
    try:
        user = services.create_user(email, password, name, role=role)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Đã tạo {user.email} ({user.role}).")
    if generated:
        click.echo(f"Mật khẩu (chỉ hiện một lần): {password}")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Họ và tên")
@click.option("--generate-password", is_flag=True, help="Sinh mật khẩu và in ra một lần")
def create_admin(email: str, name: str, generate_password: bool) -> None:
    """Tạo tài khoản quản trị viên (cho lần triển khai đầu tiên)."""
    _create(email, ADMIN, name, generate_password)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="officer", show_default=True)
@click.option("--name", default="", help="Họ và tên")
@click.option("--generate-password", is_flag=True, help="Sinh mật khẩu và in ra một lần")
def create(email: str, role: str, name: str, generate_password: bool) -> None:
    """Tạo tài khoản với vai trò cho trước (officer, admin, buyer)."""
    _create(email, role, name, generate_password)


COMMANDS = [users_cli]
