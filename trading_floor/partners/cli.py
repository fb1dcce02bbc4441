"""`flask --app trading_floor partners ...`: keys of partners, and the listing change log."""

import click
from flask.cli import AppGroup

from trading_floor.partners.models import SCOPES

partners_cli = AppGroup("partners", help="Đối tác kết nối với sàn: khoá API, nhật ký thay đổi.")
key_cli = AppGroup("key", help="Khoá API của đối tác (đọc sản phẩm, doanh nghiệp, chào mua).")
partners_cli.add_command(key_cli)


@key_cli.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, type=click.Choice(SCOPES),
              help="Phạm vi (lặp lại được); mặc định: tất cả.")
def key_create(name: str, scopes: tuple[str, ...]) -> None:
    """Cấp khoá cho đối tác NAME; khoá chỉ được in ra một lần."""
    from trading_floor.partners import keys

    try:
        key, raw = keys.create_partner_key(name, list(scopes) or None)
    except keys.KeyRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Khoá #{key.id} cho «{key.partner}» (phạm vi: {key.scopes}) — chỉ in một lần:")
    click.echo(raw)


@key_cli.command("list")
def key_list() -> None:
    """Các khoá đã cấp (không in khoá, chỉ phần đầu)."""
    from trading_floor.partners import keys

    for key in keys.partner_keys():
        state = "đã thu hồi" if key.revoked_at else "đang dùng"
        click.echo(f"#{key.id}\t{key.prefix}…\t{key.partner}\t{key.scopes}\t{state}\t"
                   f"dùng lần cuối: {key.last_used_at or '-'}")


@key_cli.command("revoke")
@click.argument("key_id", type=int)
def key_revoke(key_id: int) -> None:
    """Thu hồi khoá số KEY_ID."""
    from trading_floor.partners import keys

    try:
        key = keys.revoke_partner_key(key_id)
    except keys.KeyRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Đã thu hồi khoá #{key.id} của «{key.partner}».")


@partners_cli.command("seller-token")
@click.option("--owner", "email", required=True, help="Email của chủ doanh nghiệp đã xác minh.")
@click.option("--name", default="Phần mềm bán hàng", help="Tên mã.")
def seller_token(email: str, name: str) -> None:
    """Tạo mã API của doanh nghiệp cho chủ doanh nghiệp (như trang Gian hàng › Mã API)."""
    from trading_floor.accounts.services import find_user
    from trading_floor.partners import keys

    user = find_user(email)
    membership = user.membership if user is not None else None
    if membership is None:
        raise click.ClickException(f"{email}: không phải thành viên của doanh nghiệp nào.")
    try:
        _token, raw = keys.create_seller_token(user, membership.enterprise_id, name)
    except keys.KeyRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Mã API của «{membership.enterprise.name}» — chỉ in một lần:")
    click.echo(raw)


@partners_cli.command("rebuild-changes")
def rebuild_changes() -> None:
    """Đọc lại trạng thái công khai của mọi sản phẩm vào nhật ký thay đổi (sau một sự cố)."""
    from trading_floor.catalog import changes

    click.echo(f"Đã ghi {changes.rebuild()} thay đổi.")


COMMANDS = (partners_cli,)
