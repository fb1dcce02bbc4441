"""Backups: `flask backup DIR` and `flask restore DIR`.

A backup directory holds
  manifest.json      what was saved: the database kind, the migration revision, rows per table
  database.sqlite    SQLite: a consistent copy made by SQLite's online backup API (writers go on)
  database.dump      PostgreSQL: `pg_dump --format=custom` (one snapshot; writers go on)
  uploads/           the listing photos (copied after the database: every photo it refers to is there)
Restoring loads the database into an empty instance (or one made empty with --force), puts the
uploads back and rebuilds the search index from the restored rows (Whoosh or PostgreSQL).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, inspect, select, text

from trading_floor.extensions import db

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite"
PG_FILE = "database.dump"
UPLOADS = "uploads"


class BackupError(RuntimeError):
    """Why a backup or restore cannot go on, in words for the operator."""


@dataclass
class Manifest:
    dialect: str
    revision: str | None
    created_at: str
    counts: dict[str, int]
    uploads: int

    def save(self, directory: Path) -> None:
        (directory / MANIFEST).write_text(json.dumps(
            {"format": FORMAT, **self.__dict__}, ensure_ascii=False, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not path.is_file():
            raise BackupError(f"{directory}: không có {MANIFEST} — đây không phải một bản sao lưu.")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.pop("format", None) != FORMAT:
            raise BackupError(f"{path}: định dạng sao lưu không được hỗ trợ.")
        return cls(**data)


def _dialect() -> str:
    return db.engine.dialect.name


def table_counts(connection=None) -> dict[str, int]:
    """Rows per table of the models (what a restore must give back)."""
    own = connection is None
    connection = connection or db.engine.connect()
    try:
        present = set(inspect(connection).get_table_names())
        return {table.name: connection.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables if table.name in present}
    finally:
        if own:
            connection.close()


def _revision(connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _libpq(url) -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments; the password goes in the environment, not argv."""
    args = ["--dbname", url.set(drivername="postgresql", password=None)
            .render_as_string(hide_password=False)]
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} không có trên máy này (gói postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {result.stderr.strip()[-2000:]}")


def _sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return Path(database)


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while other connections keep writing."""
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def backup(directory: Path) -> Manifest:
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} đã có dữ liệu; hãy chọn một thư mục mới hoặc trống.")
    directory.mkdir(parents=True, exist_ok=True)
    dialect = _dialect()
    if dialect == "sqlite":
        target = directory / SQLITE_FILE
        _copy_sqlite(_sqlite_path(), target)
        with sqlite3.connect(target) as copy:
            counts = {t.name: copy.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
                      for t in db.metadata.sorted_tables}
            row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        copy.close()
        revision = row[0] if row else None
    elif dialect == "postgresql":
        args, env = _libpq(db.engine.url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(directory / PG_FILE), *args], env)
        # the counts of the dump itself: restore it aside? No — pg_dump takes one snapshot, so the
        # counts come from a repeatable-read transaction started right after; they are a record
        # for the operator, the restore test compares the restored rows themselves
        with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            counts, revision = table_counts(conn), _revision(conn)
    else:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {dialect}.")
    uploads = _copy_tree(Path(current_app.config["UPLOAD_DIR"]), directory / UPLOADS)
    manifest = Manifest(dialect=dialect, revision=revision, counts=counts, uploads=uploads,
                        created_at=datetime.now(UTC).isoformat(timespec="seconds"))
    manifest.save(directory)
    return manifest


def _copy_tree(source: Path, target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return 0
    shutil.copytree(source, target, dirs_exist_ok=True)
    return sum(1 for path in target.rglob("*") if path.is_file())


def _has_data() -> bool:
    """An instance with accounts or registry rows is not empty (reference data does not count)."""
    counts = table_counts()
    return any(counts.get(name) for name in ("users", "registry_enterprises", "listings"))


def restore(directory: Path, force: bool = False, progress=None) -> Manifest:
    directory = Path(directory)
    manifest = Manifest.load(directory)
    dialect = _dialect()
    if manifest.dialect != dialect:
        raise BackupError(f"Bản sao lưu là của {manifest.dialect}, còn sàn này chạy {dialect}: "
                          "hãy khôi phục vào cùng loại cơ sở dữ liệu.")
    if not force and _has_data():
        raise BackupError("Cơ sở dữ liệu đích đã có dữ liệu; khôi phục vào một sàn trống, "
                          "hoặc thêm --force để thay thế toàn bộ.")
    db.session.remove()
    if dialect == "sqlite":
        target = _sqlite_path()
        db.engine.dispose()
        with sqlite3.connect(directory / SQLITE_FILE) as src, sqlite3.connect(target) as dst:
            src.backup(dst)  # page by page over the target: the whole database is replaced
        src.close()
        dst.close()
    else:
        db.engine.dispose()
        with db.engine.begin() as connection:  # the dump brings back every table it had
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        args, env = _libpq(db.engine.url)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", *args, str(directory / PG_FILE)], env)
        db.engine.dispose()
    uploads = Path(current_app.config["UPLOAD_DIR"])
    if uploads.exists():
        shutil.rmtree(uploads)
    _copy_tree(directory / UPLOADS, uploads)
    from trading_floor.search import indexing

    indexing.reindex(progress=progress)
    return manifest
