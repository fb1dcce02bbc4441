import click
from flask.cli import AppGroup

from trading_floor.trade import rfqs

trade_cli = AppGroup("trade", help="Giao dịch: hỏi hàng, chào mua, đơn hàng.")


@trade_cli.command("close-expired")
def close_expired() -> None:
    """Đóng các yêu cầu chào mua đã quá hạn chót (chạy định kỳ, ví dụ mỗi giờ)."""
    click.echo(f"Đã đóng {rfqs.close_expired()} yêu cầu chào mua quá hạn.")


COMMANDS = [trade_cli]
