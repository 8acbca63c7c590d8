"""A server process keeps its threads on one CPU (decision 0015): which CPU each process
gets, every thread moved (those started later too), and ``serve --no-pin-cpu``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from api import affinity
from api.settings import Settings
from api.workers import worker_settings
from tests.api.test_server import STARTUP_SECONDS, server_process


def thread_cpus(pid: int) -> dict[int, set[int]]:
    """Each thread of process ``pid``: the CPUs it may run on."""
    return {
        int(task.name): os.sched_getaffinity(int(task.name))
        for task in Path(f"/proc/{pid}/task").iterdir()
    }


def test_processes_are_given_cpus_from_the_last_one_and_wrap_round() -> None:
    four = [0, 1, 2, 3]
    assert [affinity.cpu_for(i, four) for i in range(6)] == [3, 2, 1, 0, 3, 2]
    assert affinity.cpu_for(0, [5, 2]) == 5  # sorted, not in the order given
    # Nothing to choose: the kernel keeps choosing.
    assert affinity.cpu_for(0, [7]) is None
    assert affinity.cpu_for(0, []) is None


def test_each_worker_gets_a_cpu_of_its_own_only_when_the_server_is_pinned(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(affinity, "allowed_cpus", lambda: [0, 1, 2, 3])
    pinned = Settings(db_url=f"sqlite:///{tmp_path / 'a.db'}", cpu=3)
    assert [worker_settings(pinned, i).cpu for i in range(3)] == [3, 2, 1]
    free = Settings(db_url=pinned.db_url)
    assert [worker_settings(free, i).cpu for i in range(3)] == [None, None, None]


SCRIPT = textwrap.dedent(
    """
    import json, os, sys, threading
    from api import affinity
    stop = threading.Event()
    before = threading.Thread(target=stop.wait)
    before.start()
    cpu = int(sys.argv[1])
    moved = affinity.keep_on(cpu)
    after = threading.Thread(target=stop.wait)
    after.start()
    tids = [int(t) for t in os.listdir("/proc/self/task")]
    seen = {t: sorted(os.sched_getaffinity(t)) for t in tids}
    refused = affinity.keep_on(4095)  # a CPU no machine here has
    print(json.dumps({"moved": moved, "refused": refused, "threads": seen,
                      "still": sorted(os.sched_getaffinity(0))}))
    stop.set()
    """
)


def test_every_thread_moves_and_threads_started_later_follow() -> None:
    cpu = affinity.allowed_cpus()[-1]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(cpu)],
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen["moved"] is True
    assert len(seen["threads"]) == 3  # main, one started before, one after
    assert all(cpus == [cpu] for cpus in seen["threads"].values()), seen
    # A CPU it may not use is refused without an exception, and nothing moves.
    assert seen["refused"] is False
    assert seen["still"] == [cpu]
    assert "cannot keep the server on CPU 4095" in done.stderr


def test_serve_keeps_its_threads_on_one_cpu_unless_told_not_to(tmp_path: Path) -> None:
    allowed = set(affinity.allowed_cpus())
    expected = affinity.cpu_for(0)
    with server_process("--no-deploy", cwd=tmp_path) as (http, process):
        assert http.get("/api/health").status_code == 200
        pinned = thread_cpus(process.pid)
    assert len(pinned) >= 2  # the event loop's and the timer loop's at least
    if expected is None:  # one CPU: nothing to choose
        assert all(cpus == allowed for cpus in pinned.values())
    else:
        assert all(cpus == {expected} for cpus in pinned.values()), pinned
    with server_process("--no-deploy", "--no-pin-cpu", cwd=tmp_path) as (http, process):
        assert http.get("/api/health").status_code == 200
        free = thread_cpus(process.pid)
    assert all(cpus == allowed for cpus in free.values()), free
