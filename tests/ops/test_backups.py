"""`flask backup` / `flask restore`: a backup taken while writes go on, restored into an empty
instance, gives back every table's rows (counts and a sample of rows) and the same search answers;
on SQLite (online backup API) and on PostgreSQL (pg_dump/pg_restore) — whichever the suite runs on.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from tests.conftest import TEST_DB_URL, _config
from trading_floor import backups, create_app
from trading_floor.extensions import db

QUERIES = ["nhãn", "cà phê", "gao nep", "mật ong hoa", "OCOP"]
WRITER_TABLE = "users"


def _answers() -> dict[str, list[int]]:
    from trading_floor.search import service

    return {q: [hit.listing.id for hit in service.search(service.parse_params({"q": q})).hits]
            for q in QUERIES}


def _sample(table, limit: int = 5) -> list[tuple]:
    key = list(table.primary_key.columns)
    return [tuple(row) for row in db.session.execute(
        select(table).order_by(*key).limit(limit))]


def _rows_by_key(table, rows: list[tuple]) -> list[tuple]:
    key = list(table.primary_key.columns)
    positions = [list(table.columns).index(column) for column in key]
    found = []
    for row in rows:
        condition = [column == row[p] for column, p in zip(key, positions, strict=True)]
        found.append(tuple(db.session.execute(select(table).where(*condition)).one()))
    return found


class _Writer(threading.Thread):
    """Creates accounts in a loop (its own app context and connection) until told to stop."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.stop, self.written, self.error = app, threading.Event(), 0, None

    def run(self):
        from trading_floor.accounts.services import create_user

        try:
            with self.app.app_context():
                while not self.stop.is_set():
                    create_user(f"ghi{self.written}@example.vn", "matkhau123", "Người ghi")
                    self.written += 1
                db.session.remove()
        except Exception as error:  # reported by the test
            self.error = error


@pytest.fixture
def empty_instance(tmp_path):
    """A second floor on an empty database of the same kind, migrated (`flask db upgrade`)."""
    from flask_migrate import upgrade

    config = _config(tmp_path / "restored")
    admin = None
    if TEST_DB_URL:
        url = make_url(TEST_DB_URL)
        name = f"{url.database}_restore"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        config["SQLALCHEMY_DATABASE_URI"] = url.set(database=name).render_as_string(
            hide_password=False)
    else:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = create_app(config)
    with restored.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()
    yield restored
    with restored.app_context():
        db.session.remove()
        db.engine.dispose()
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_backup_under_writes_restores_into_an_empty_instance(app, corpus, backend_name,
                                                               empty_instance, tmp_path):
    uploads = Path(app.config["UPLOAD_DIR"]) / "listings"
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / ("a" * 24 + ".jpg")).write_bytes(b"\xff\xd8 photo bytes")
    answers = _answers()
    assert answers["nhãn"], "the corpus answers the queries before the backup"
    before = backups.table_counts()
    writer = _Writer(app)
    writer.start()
    while writer.written < 3 and writer.is_alive():  # the backup starts while writes go on
        pass
    target = tmp_path / "backup"
    manifest = backups.backup(target)
    writer.stop.set()
    writer.join(30)
    assert writer.error is None and writer.written >= 3
    db.session.remove()
    after = backups.table_counts()
    assert after[WRITER_TABLE] > before[WRITER_TABLE]
    tables = [t for t in db.metadata.sorted_tables if t.name in after]

    empty_instance.config["SEARCH_BACKEND"] = backend_name
    with empty_instance.app_context():
        with pytest.raises(backups.BackupError, match="manifest"):  # not a backup directory
            backups.restore(tmp_path)
        backups.restore(target)
        restored = backups.table_counts()
        samples = {t.name: _sample(t) for t in tables}
        restored_answers = _answers()
        photo = Path(empty_instance.config["UPLOAD_DIR"]) / "listings" / ("a" * 24 + ".jpg")
        assert photo.read_bytes() == b"\xff\xd8 photo bytes"
        # a second restore on top of the restored data is refused without --force
        with pytest.raises(backups.BackupError, match="--force"):
            backups.restore(target)

    if not TEST_DB_URL:  # SQLite: the manifest counts the copy itself
        assert restored == manifest.counts
    for table in tables:
        if table.name == WRITER_TABLE:
            assert before[table.name] < restored[table.name] <= after[table.name]
        else:
            assert restored[table.name] == after[table.name], table.name
        assert samples[table.name] == _rows_by_key(table, samples[table.name]), table.name
    assert restored_answers == answers


def test_restore_refuses_a_backup_of_the_other_database_kind(app, tmp_path):
    manifest = backups.Manifest(dialect="oracle", revision=None, created_at="", counts={},
                                uploads=0)
    manifest.save(tmp_path)
    with pytest.raises(backups.BackupError, match="oracle"):
        backups.restore(tmp_path)
    assert inspect(db.engine).get_table_names()  # nothing dropped


def test_the_commands_back_up_and_refuse_a_used_directory(app, runner, tmp_path, make_user):
    make_user()
    result = runner.invoke(args=["backup", str(tmp_path / "b1")])
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu" in result.output and (tmp_path / "b1" / "manifest.json").is_file()
    again = runner.invoke(args=["backup", str(tmp_path / "b1")])
    assert again.exit_code != 0 and "thư mục mới hoặc trống" in again.output
    refused = runner.invoke(args=["restore", str(tmp_path / "b1")])
    assert refused.exit_code != 0 and "--force" in refused.output
