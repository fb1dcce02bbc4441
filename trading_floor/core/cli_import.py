"""What every import command shares: a progress bar on stderr and the refused-file report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


@contextmanager
def progress_bar(label: str = "Đang ghi") -> Iterator[Callable[[int, int], None]]:
    """Yields a progress(done, total) callback that draws a bar once the total is known."""
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def refuse(errors) -> None:
    """Prints every bad line of a refused file (line, column, reason) and exits with status 1."""
    click.echo(f"Tệp bị từ chối, không có thay đổi nào. {len(errors)} lỗi:", err=True)
    for error in errors:
        column = f", cột {error.column}" if error.column else ""
        click.echo(f"  dòng {error.line}{column}: {error.reason}", err=True)
    raise SystemExit(1)
