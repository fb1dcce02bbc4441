"""The report of a refused import file, bounded on the page and whole as a CSV download.

A file with a million bad rows must not become a 140 MB page: the page shows the first
MAX_SHOWN errors and the totals per column; the full list is written once to a CSV file in
IMPORT_REPORT_DIR, named by a random token and the id of the user who imported, and served only
to that user for KEEP_SECONDS.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import time
from collections import Counter
from pathlib import Path

from flask import current_app, url_for

from trading_floor.core.tabular import RowError

MAX_SHOWN = 1000
KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def shown(errors: list[RowError]) -> list[RowError]:
    """The errors a page shows: the first MAX_SHOWN."""
    return errors[:MAX_SHOWN]


def totals(errors: list[RowError]) -> list[tuple[str, int]]:
    """How many errors each column has, most first."""
    return Counter(error.column for error in errors).most_common()


def _directory() -> Path:
    path = Path(current_app.config["IMPORT_REPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_old(directory: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for old in directory.glob("*.csv"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:  # another worker removed it first
            pass


def save(errors: list[RowError], user_id: int) -> str | None:
    """Writes the full report as CSV (UTF-8 with BOM, for Excel); its token, None if no error."""
    if not errors:
        return None
    directory = _directory()
    _forget_old(directory)
    token = secrets.token_urlsafe(24)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["line", "column", "reason"])
    writer.writerows((error.line, error.column, error.reason) for error in errors)
    (directory / f"{user_id}-{token}.csv").write_text("\ufeff" + buffer.getvalue(),
                                                     encoding="utf-8")
    return token


def path_of(token: str, user_id: int) -> Path | None:
    """The saved report of this user under this token, if it is still kept."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    path = _directory() / f"{user_id}-{token}.csv"
    return path if path.is_file() else None


def download_for(report, user_id: int) -> str | None:
    """The download link of a refused report's full error list (saved now), None if it is fine."""
    if report is None or not report.errors:
        return None
    return url_for("core.import_report", token=save(report.errors, user_id))
