"""`flask --app trading_floor monitoring ...`: rebuild and purge the rollups, API tokens."""

import click
from flask import current_app
from flask.cli import AppGroup

from trading_floor.monitoring import rollups, spans

monitoring_cli = AppGroup("monitoring", help="Theo dõi tỷ lệ tham gia và truy cập sàn.")


@monitoring_cli.command("rebuild")
def rebuild() -> None:
    """Dựng lại số liệu tổng hợp từ bản ghi truy cập và lịch sử trạng thái sản phẩm."""
    result = spans.rebuild_all()
    click.echo(f"Xong: {result['days']} ngày-doanh nghiệp có truy cập, {result['years']} "
               f"năm-doanh nghiệp, {result['presence']} thay đổi về sản phẩm đang đăng.")


@monitoring_cli.command("purge")
def purge() -> None:
    """Xoá bản ghi truy cập chi tiết cũ hơn thời hạn lưu (ACCESS_EVENT_RETENTION_DAYS)."""
    days = current_app.config["ACCESS_EVENT_RETENTION_DAYS"]
    removed = rollups.purge_raw_events(days)
    click.echo(f"Đã xoá {removed} bản ghi truy cập cũ hơn {days} ngày; số liệu tổng hợp giữ nguyên.")


token_cli = AppGroup("token", help="Khoá API của cán bộ (cho hệ thống báo cáo của tỉnh).")
monitoring_cli.add_command(token_cli)


@token_cli.command("create")
@click.option("--officer", "email", required=True, help="Email của cán bộ sở hữu khoá.")
@click.option("--name", default="Hệ thống báo cáo của tỉnh", help="Tên khoá.")
def token_create(email: str, name: str) -> None:
    """Tạo khoá API cho một cán bộ; khoá chỉ được in ra một lần."""
    from trading_floor.accounts.services import find_user
    from trading_floor.monitoring import tokens
    from trading_floor.monitoring.services import MonitoringError

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"Không có tài khoản {email}.")
    try:
        _token, raw = tokens.create_token(user, name)
    except MonitoringError as error:
        raise click.ClickException(str(error)) from error
    click.echo(raw)


COMMANDS = [monitoring_cli]
