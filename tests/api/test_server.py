"""The real thing: ``machiflow serve`` and ``machiflow users add`` as subprocesses, driven
over HTTP on a free loopback port."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import httpx

from engine.store import Database, UserRepository
from tests.api.conftest import WAIT_SECONDS, add_user, bearer, http_client, problem, wait_until
from tests.api.models import DESK_LANE, REVIEW_LANE, STAFF_ONLY, STAFF_ONLY_KEY
from tests.conftest import SHARED
from tests.pg import free_port

# The console script may not be installed; this runs the same entry point.
MACHIFLOW: Final = [sys.executable, "-c", "from engine.cli import main; main()"]
BENCH: Final = SHARED / "bench"
BENCH_KEY: Final = "Process_bench_simple"
STARTUP_SECONDS: Final = 60.0  # a bound on a loaded machine, not a speed


def environment(**extra: str) -> dict[str, str]:
    """This environment without machiflow's own variables, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MACHIFLOW_")}
    env.update(extra)
    return env


def users_add(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """``machiflow users add ARGS``: the token it prints on stdout, alone on its line."""
    done = subprocess.run(
        [*MACHIFLOW, "users", "add", *args],
        cwd=cwd,
        env=dict(env or environment()),
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [token] = done.stdout.splitlines()
    assert len(token) >= 32
    return token


def add_staff(url: str, name: str, *roles: str) -> str:
    """A staff user added straight to the database at ``url``; their token."""
    db = Database(url)
    try:
        return add_user(db, name, *roles)
    finally:
        db.dispose()


def users_of(url: str) -> dict[str, tuple[str, ...]]:
    db = Database(url)
    try:
        with db.reader() as session:
            return {u.name: u.roles for u in UserRepository(session).all()}
    finally:
        db.dispose()


def interrupt(process: subprocess.Popen[str], *, timeout: float) -> tuple[str, str]:
    """SIGINT to a server; what it wrote (stdout, stderr) once it stopped. One that does not
    stop within ``timeout`` is killed, and that is a failure."""
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        raise AssertionError(f"the server did not stop on SIGINT:\n{err}") from None


@contextmanager
def serving(*args: str, cwd: Path, env: Mapping[str, str] | None = None) -> Iterator[httpx.Client]:
    """``machiflow serve ARGS --port <free>`` until the block ends; then SIGINT, and the
    server must stop cleanly (exit 0, no traceback)."""
    with server_process(*args, cwd=cwd, env=env) as (http, _):
        yield http


@contextmanager
def server_process(
    *args: str, cwd: Path, env: Mapping[str, str] | None = None
) -> Iterator[tuple[httpx.Client, subprocess.Popen[str]]]:
    """``serving``, with the server's process as well."""
    port = free_port()
    process = subprocess.Popen(
        [*MACHIFLOW, "serve", *args, "--port", str(port)],
        cwd=cwd,
        env=dict(env or environment()),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with http_client(f"http://127.0.0.1:{port}") as http:

        def answering() -> bool:
            if process.poll() is not None:
                return True  # it stopped: reported below with what it said
            try:
                return http.get("/api/health", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        try:
            assert wait_until(answering, timeout=STARTUP_SECONDS), "the server did not answer"
            assert process.poll() is None, process.communicate()
            yield http, process
        finally:
            out, err = interrupt(process, timeout=WAIT_SECONDS)
    assert process.returncode == 0, err
    assert "Traceback" not in out + err, err


def test_serve_deploys_a_folder_and_runs_cases_over_http(tmp_path: Path) -> None:
    # The database comes from MACHIFLOW_DB, for the server and the command alike.
    url = f"sqlite:///{tmp_path / 'from-env.db'}"
    env = environment(MACHIFLOW_DB=url)
    folder = tmp_path / "processes" / "bench"
    folder.mkdir(parents=True)
    for name in ("simple.bpmn", "form.json"):
        shutil.copyfile(BENCH / name, folder / name)
    (tmp_path / "processes" / "broken.bpmn").write_bytes(b"<not-bpmn")  # logged, not fatal
    admin = bearer(users_add("root", "--roles", f"{DESK_LANE},admin", cwd=tmp_path, env=env))
    assert users_of(url) == {"root": (DESK_LANE, "admin")}

    with serving("--processes", str(tmp_path / "processes"), cwd=tmp_path, env=env) as http:
        http.headers.update(admin)
        [listed] = http.get("/api/processes").json()
        assert (listed["key"], listed["executable"]) == (BENCH_KEY, True)
        case = http.post(f"/api/processes/{BENCH_KEY}/instances", json={"data": {}}).json()
        [task] = case["ready_tasks"]
        assert (task["element_id"], task["form"]["source"]) == ("ut1", "form.json")
        path = f"/api/tasks/{task['id']}/complete"
        invalid = http.post(path, json={"data": {}}, headers={"Accept-Language": "en"})
        body = problem(invalid, 422, "service.form-invalid")
        assert body["params"]["errors"][0]["field"] == "name"
        assert body["message"].startswith("The answers")
        done = http.post(path, json={"data": {"name": "山田"}})
        assert (done.status_code, done.json()["status"]) == (200, "completed")
        problem(http.post(path, json={"data": {"name": "山田"}}), 409, "service.task-done")
        assert http.get(f"/api/instances/{case['id']}").json()["data"] == {"a": 1, "name": "山田"}
        assert http.get("/docs").status_code == 200
        problem(http.get("/api/processes", headers={"Authorization": ""}), 401, "auth.unauthorized")
        # Deploy over HTTP too; a clerk works the lanes their roles name.
        deployed = http.post("/api/processes", files=[("file", ("kaigo.bpmn", STAFF_ONLY))])
        assert deployed.status_code == 201, deployed.text
        clerk = bearer(add_staff(url, "sato", DESK_LANE, REVIEW_LANE))
        started = http.post(f"/api/processes/{STAFF_ONLY_KEY}/instances", headers=clerk)
        assert started.status_code == 201, started.text
        inbox = http.get("/api/tasks", headers=clerk).json()
        assert [t["element_id"] for t in inbox] == ["Intake"]
        assert http.get(f"/api/tasks?lane={REVIEW_LANE}", headers=clerk).json() == []
        refused = http.post("/api/processes", files=[("file", ("k.bpmn", b"x"))], headers=clerk)
        problem(refused, 403, "auth.admin-only")
    assert not (tmp_path / "machiflow.db").exists()


def test_without_flags_the_database_is_a_file_in_the_working_directory(tmp_path: Path) -> None:
    # users add --db URL wins over MACHIFLOW_DB; serve without either uses ./machiflow.db.
    here = f"sqlite:///{tmp_path / 'machiflow.db'}"
    elsewhere = environment(MACHIFLOW_DB=f"sqlite:///{tmp_path / 'elsewhere.db'}")
    token = users_add("root", "--roles", "admin", "--db", here, cwd=tmp_path, env=elsewhere)
    assert not (tmp_path / "elsewhere.db").exists()
    with serving("--no-deploy", cwd=tmp_path) as http:
        listed = http.get("/api/processes", headers=bearer(token))
        assert (listed.status_code, listed.json()) == (200, [])
