"""``machiflow serve --workers N``: several server processes on one port, timers in one of
them, a dead worker started again, and everything stopping on SIGINT."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import httpx

from api import affinity
from api.settings import Settings
from api.workers import worker_settings
from tests.api.conftest import WAIT_SECONDS, bearer, http_client, wait_until
from tests.api.test_server import (
    BENCH,
    BENCH_KEY,
    MACHIFLOW,
    STARTUP_SECONDS,
    environment,
    interrupt,
    users_add,
)
from tests.pg import free_port

WORKERS: Final = 2


def test_only_worker_zero_runs_timers_and_no_worker_migrates_or_deploys(tmp_path: Path) -> None:
    base = Settings(db_url=f"sqlite:///{tmp_path / 'a.db'}", processes_dir=tmp_path)
    first, second = worker_settings(base, 0), worker_settings(base, 1)
    assert (first.run_timers, second.run_timers) == (True, False)
    assert first.migrate is second.migrate is False
    assert first.shared_writers is second.shared_writers is True
    assert first.processes_dir is second.processes_dir is None
    assert first.db_url == second.db_url == base.db_url
    quiet = Settings(db_url=base.db_url, run_timers=False)
    assert worker_settings(quiet, 0).run_timers is False


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


@contextmanager
def workers(folder: Path, env: dict[str, str], cwd: Path) -> Iterator[tuple[str, int]]:
    """``serve --workers 2`` until the block ends (base URL, parent pid); then SIGINT, and
    it must stop cleanly with every worker."""
    port = free_port()
    port_arg = ("--port", str(port))
    process = subprocess.Popen(
        [*MACHIFLOW, "serve", "--workers", str(WORKERS), "--processes", str(folder), *port_arg],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    spawned: set[int] = set()

    def ready() -> bool:
        if process.poll() is not None:
            return True
        try:
            return httpx.get(f"{base}/api/health", timeout=1).status_code == 200 and (
                len(children(process.pid)) == WORKERS
            )
        except httpx.TransportError:
            return False

    try:
        assert wait_until(ready, timeout=STARTUP_SECONDS), "the server did not answer"
        assert process.poll() is None, process.communicate()
        spawned = children(process.pid)
        yield base, process.pid
    finally:
        spawned |= children(process.pid) if process.poll() is None else set()
        out, err = interrupt(process, timeout=WAIT_SECONDS * 2)
    assert process.returncode == 0, err
    assert "Traceback" not in out + err, err
    assert all(not Path(f"/proc/{pid}").exists() for pid in spawned), "a worker outlived it"


def test_two_workers_serve_cases_and_a_dead_one_is_started_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    env = environment(MACHIFLOW_DB=url)
    folder = tmp_path / "processes"
    folder.mkdir()
    for name in ("simple.bpmn", "form.json"):
        shutil.copyfile(BENCH / name, folder / name)
    admin = bearer(users_add("root", "--roles", "admin", cwd=tmp_path, env=env))
    # No keep-alive: every request is a new connection, so both workers get some.
    fresh = httpx.Limits(max_keepalive_connections=0)
    with (
        workers(folder, env, tmp_path) as (base, parent),
        http_client(base, headers=admin, limits=fresh) as http,
    ):
        # Each worker keeps its threads on a CPU of its own (decision 0015).
        expected = {affinity.cpu_for(i) for i in range(WORKERS)}
        assert {frozenset(os.sched_getaffinity(pid)) for pid in children(parent)} == (
            {frozenset(affinity.allowed_cpus())}
            if None in expected
            else {frozenset({c}) for c in expected}
        )
        # Deployed once, by the parent, not once per worker.
        [listed] = http.get("/api/processes").json()
        assert (listed["key"], listed["version"]) == (BENCH_KEY, 1)
        for number in range(6):
            case = http.post(f"/api/processes/{BENCH_KEY}/instances", json={"data": {}}).json()
            [task] = http.get(f"/api/instances/{case['id']}").json()["ready_tasks"]
            done = http.post(
                f"/api/tasks/{task['id']}/complete", json={"data": {"name": str(number)}}
            )
            assert (done.status_code, done.json()["status"]) == (200, "completed")
            shown = http.get(f"/api/instances/{case['id']}").json()
            assert shown["data"] == {"a": 1, "name": str(number)}
            assert [e["action"] for e in shown["history"]] == [
                "started",
                "task_completed",
                "completed",
            ]
        # Two clients complete the same task at once: exactly one wins, whichever worker.
        case = http.post(f"/api/processes/{BENCH_KEY}/instances", json={"data": {}}).json()
        [task] = case["ready_tasks"]
        answers: list[int] = []

        def complete() -> None:
            with http_client(base, headers=admin) as own:
                path = f"/api/tasks/{task['id']}/complete"
                answers.append(own.post(path, json={"data": {"name": "x"}}).status_code)

        racers = [threading.Thread(target=complete) for _ in range(2)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(WAIT_SECONDS)
        assert sorted(answers) == [200, 409]
        # A worker killed outright is started again; the server answers throughout.
        before = children(parent)
        victim = min(before)
        subprocess.run(["kill", "-KILL", str(victim)], check=True)
        assert wait_until(
            lambda: len(children(parent)) == WORKERS and victim not in children(parent)
        )
        assert http.get("/api/processes").status_code == 200
