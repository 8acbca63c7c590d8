"""The key that signs staff sessions: from MACHIFLOW_SECRET_KEY, else kept beside the SQLite
database (so sessions survive a restart), else one per process."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from api.web import keys
from engine.errors import SetupError
from tests.web.conftest import Staff


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///machiflow.db", "machiflow.db.secret-key"),
        ("sqlite:////srv/data/m.db?timeout=5", "/srv/data/m.db.secret-key"),
        ("sqlite+pysqlite:///x.db", "x.db.secret-key"),
        ("sqlite:///:memory:", None),
        ("sqlite://", None),
        ("postgresql://user@host/machiflow", None),
    ],
)
def test_key_file_beside_a_sqlite_database(url: str, expected: str | None) -> None:
    found = keys.key_file(url)
    assert (None if found is None else str(found)) == expected


def test_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/m.db"
    first = keys.secret_key(url)
    path = tmp_path / "m.db.secret-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= keys.MIN_LENGTH
    assert keys.secret_key(url) == first


def test_environment_variable_wins_and_must_be_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/m.db"
    monkeypatch.setenv(keys.ENV_VAR, "k" * keys.MIN_LENGTH)
    assert keys.secret_key(url) == "k" * keys.MIN_LENGTH
    assert not (tmp_path / "m.db.secret-key").exists()
    monkeypatch.setenv(keys.ENV_VAR, "short")
    with pytest.raises(SetupError) as raised:
        keys.secret_key(url)
    assert raised.value.code == "web.secret-too-short"


def test_other_databases_get_a_key_per_process() -> None:
    one = keys.secret_key("postgresql://user@host/db")
    assert len(one) >= keys.MIN_LENGTH
    assert keys.secret_key("postgresql://user@host/db") != one


def test_a_session_survives_a_restart_on_sqlite(tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path}/m.db", processes_dir=None, run_timers=False)
    with TestClient(create_app(settings)) as first:
        assert Staff(first).sign_in().status_code == 303
        cookies = dict(first.cookies.items())
    with TestClient(create_app(settings), cookies=cookies) as second:
        response = second.get("/staff/procedures", follow_redirects=False)
    assert response.status_code == 200
