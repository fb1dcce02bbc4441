"""The floor refuses to start on a setting it cannot honour, and says which one and why."""

import pytest

from trading_floor import create_app
from trading_floor.config import ConfigError


@pytest.mark.parametrize("name, value, said", [
    ("SEARCH_BACKEND", "postgresql", "SEARCH_BACKEND='postgresql': expected one of whoosh, postgres"),
    ("SEARCH_BUILD_PROCS", "two", "SEARCH_BUILD_PROCS='two': a whole number is expected"),
    ("ACCESS_EVENT_RETENTION_DAYS", "-5", "ACCESS_EVENT_RETENTION_DAYS='-5': at least 1"),
    ("FLOOR_ENV", "prod", "FLOOR_ENV='prod': expected one of development, production"),
])
def test_a_bad_setting_stops_the_start_with_its_name(monkeypatch, name, value, said):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        create_app()
    assert said in str(raised.value)


def test_the_postgres_search_backend_needs_a_postgres_database(monkeypatch):
    monkeypatch.setenv("SEARCH_BACKEND", "postgres")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    with pytest.raises(ConfigError, match="needs DATABASE_URL to be a PostgreSQL database"):
        create_app()


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SEARCH_BUILD_PROCS", "3")
    monkeypatch.setenv("DEMO", "0")
    monkeypatch.setenv("SEARCH_BACKEND", " Whoosh ")
    app = create_app()
    assert app.config["SEARCH_BUILD_PROCS"] == 3
    assert app.config["DEMO"] is False
    assert app.config["SEARCH_BACKEND"] == "whoosh"
