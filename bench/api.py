"""Throughput of the HTTP API on the two reference models, on SQLite and PostgreSQL.

Run with ``.venv/bin/python bench/api.py [--quick]`` (``make bench`` runs ``--quick``).
For each database it starts a real ``machiflow serve`` on a free loopback port (SQLite: a
file in a temp folder; PostgreSQL: a throwaway cluster as in the tests), adds an admin
user, deploys ``simple.bpmn`` and ``seq10.bpmn`` with ``form.json`` from
``../shared/bench`` (or ``$MACHIFLOW_SHARED/bench``), then drives instances with 1 and
with 8 clients: start, fetch the instance for its ready task, complete it, until the
instance completes. It prints instances per second, p50/p95 per call kind and the bytes
the database grew by per completed instance, against the targets. Every request goes to
127.0.0.1; the server and the cluster are stopped whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

ROOT: Final = Path(__file__).resolve().parents[1]
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    # Run as a script, this folder is first on sys.path, where bench/engine.py would hide
    # the engine package: the repository root goes there instead (tests.pg comes from it).
    sys.path[0] = str(ROOT)

import httpx
import psycopg

from tests import pg

SHARED: Final = Path(os.environ.get("MACHIFLOW_SHARED", ROOT.parent / "shared"))
MODELS: Final = {"simple": "simple.bpmn", "seq10": "seq10.bpmn"}
# Instances per second the peer engine built on the same library reached on SQLite here.
PEER: Final = {"simple": 10.9, "seq10": 5.4}
PEER_FACTOR: Final = 10.0  # aim: ten times the peer
BYTES_TARGET: Final = {"seq10": 7 * 1024}
CLIENTS: Final = (1, 8)
MAX_CALLS: Final = 50  # per instance: a model that never completes stops the run
TIMEOUT_S: Final = 30.0
MACHIFLOW: Final = Path(sys.executable).with_name("machiflow")


class BenchError(RuntimeError):
    pass


@dataclass
class Outcome:
    """One configuration's run: wall time, latencies by call kind, failures."""

    model: str
    database: str
    clients: int
    instances: int = 0
    seconds: float = 0.0
    calls: dict[str, list[float]] = field(default_factory=dict)  # kind -> ms
    failures: list[str] = field(default_factory=list)
    server_cpu_s: float | None = None  # CPU seconds the server process used for the run
    client_cpu_s: float = 0.0  # CPU seconds the client threads used, for comparison
    bytes_per_instance: float | None = None
    tables: dict[str, float] = field(default_factory=dict)  # table -> bytes per instance

    @property
    def rate(self) -> float:
        return self.instances / self.seconds if self.seconds else 0.0

    @property
    def server_ms_per_call(self) -> float | None:
        calls = sum(len(samples) for samples in self.calls.values())
        return self.server_cpu_s * 1000 / calls if self.server_cpu_s and calls else None

    @property
    def client_ms_per_call(self) -> float | None:
        calls = sum(len(samples) for samples in self.calls.values())
        return self.client_cpu_s * 1000 / calls if calls else None

    def record(self, kind: str, ms: float) -> None:
        self.calls.setdefault(kind, []).append(ms)


# --- the server ------------------------------------------------------------------------
@dataclass
class Server:
    url: str
    token: str
    process: subprocess.Popen[bytes]
    log: Path


def _machiflow(*args: str) -> str:
    result = subprocess.run(
        [str(MACHIFLOW), *args], capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode != 0:
        raise BenchError(f"machiflow {args[0]} failed: {result.stderr.strip()}")
    return result.stdout


@contextlib.contextmanager
def server(db_url: str, workdir: Path, workers: int = 1, pin_cpu: bool = True) -> Iterator[Server]:
    """``machiflow serve`` on ``db_url`` (an admin user added first), stopped on exit."""
    token = _machiflow("users", "add", "bench", "--roles", "admin", "--db", db_url).strip()
    port = pg.free_port()
    log = workdir / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *(str(MACHIFLOW), "serve", "--db", db_url, "--port", str(port), "--no-deploy"),
                *(("--workers", str(workers)) if workers > 1 else ()),
                *(() if pin_cpu else ("--no-pin-cpu",)),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=workdir,
        )
    running = Server(f"http://127.0.0.1:{port}", token, process, log)
    try:
        _wait_ready(running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time so far of a process and its child processes (the workers of
    ``serve --workers``), on Linux; None elsewhere. Children that ended are counted as far as
    their parent waited for them."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # utime, stime, and cutime + cstime of the children it has waited for
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))
    for child in _children(pid):
        ticks_child = cpu_seconds(child)
        if ticks_child is not None:
            ticks += round(ticks_child * os.sysconf("SC_CLK_TCK"))
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _wait_ready(running: Server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise BenchError(f"the server exited:\n{running.log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{running.url}/api/health", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise BenchError("the server did not answer within 60 s")


def _client(running: Server) -> httpx.Client:
    """For setting up (deploying): a full HTTP client; the measured calls use ``Client``."""
    return httpx.Client(
        base_url=running.url,
        headers={"Authorization": f"Bearer {running.token}"},
        timeout=TIMEOUT_S,
    )


class Client:
    """One keep-alive HTTP/1.1 connection speaking JSON, for the measured calls.

    The standard library's ``http.client``: it costs the benchmark's own process about a
    quarter of httpx's CPU per call (0.3-0.5 ms against 1.3-1.6 ms here), and on 2 cores
    what the load generator burns is taken from the server (bench/README.md)."""

    def __init__(self, running: Server) -> None:
        address = urlsplit(running.url)
        self._host, self._port = address.hostname or "127.0.0.1", address.port or 80
        self._headers = {
            "Authorization": f"Bearer {running.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self._connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self._host, self._port, timeout=TIMEOUT_S)

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        try:
            self._connection.request(method, path, body=payload, headers=self._headers)
            response = self._connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self._connection.close()  # a dropped keep-alive connection: a new one next time
            self._connection = self._connect()
            raise

    def close(self) -> None:
        self._connection.close()


def deploy(running: Server, model: str) -> str:
    """Deploy the reference model with its form; returns the process key."""
    files = [
        ("file", (MODELS[model], (SHARED / "bench" / MODELS[model]).read_bytes())),
        ("file", ("form.json", (SHARED / "bench" / "form.json").read_bytes())),
    ]
    with _client(running) as client:
        response = client.post("/api/processes", files=files)
    if response.status_code not in {200, 201}:
        raise BenchError(f"deploy {model}: {response.status_code} {response.text}")
    key: str = response.json()["key"]
    return key


# --- the clients -----------------------------------------------------------------------
def _timed(
    outcome: Outcome, kind: str, client: Client, method: str, url: str, body: Any = None
) -> Any:
    began = time.perf_counter()
    status, content = client.request(method, url, body)
    elapsed = (time.perf_counter() - began) * 1000
    if status >= 300:
        raise BenchError(f"{kind}: {status} {content[:300].decode(errors='replace')}")
    outcome.record(kind, elapsed)
    return json.loads(content)


def one_instance(client: Client, key: str, outcome: Outcome, number: int) -> None:
    """Start, then fetch the ready task and complete it until the instance is completed."""
    started = _timed(
        outcome, "start", client, "POST", f"/api/processes/{key}/instances", {"data": {}}
    )
    instance_id = started["id"]
    for _ in range(MAX_CALLS):
        instance = _timed(outcome, "fetch", client, "GET", f"/api/instances/{instance_id}")
        if instance["status"] != "running" or not instance["ready_tasks"]:
            raise BenchError(f"instance {instance_id} is {instance['status']} without a task")
        task_id = instance["ready_tasks"][0]["id"]
        answers = {"data": {"name": f"申請者 {number}"}}
        summary = _timed(
            outcome, "complete", client, "POST", f"/api/tasks/{task_id}/complete", answers
        )
        if summary["status"] == "completed":
            return
    raise BenchError(f"instance {instance_id} not completed after {MAX_CALLS} tasks")


def drive(running: Server, key: str, outcome: Outcome, count: int) -> None:
    """``count`` instances over ``outcome.clients`` threads, each with its own client."""
    numbers = iter(range(count))
    lock = threading.Lock()

    def work() -> None:
        client = Client(running)
        began = time.thread_time()
        try:
            while True:
                with lock:
                    number = next(numbers, None)
                if number is None or len(outcome.failures) > 10:
                    return
                try:
                    one_instance(client, key, outcome, number)
                except (BenchError, OSError, http.client.HTTPException, ValueError) as exc:
                    outcome.failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            client.close()
            with lock:
                outcome.client_cpu_s += time.thread_time() - began

    threads = [threading.Thread(target=work) for _ in range(outcome.clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.perf_counter() - began
    outcome.instances = count - len(outcome.failures)


# --- bytes stored ----------------------------------------------------------------------
def sqlite_sizes(path: Path) -> dict[str, int]:
    """Bytes per table (indexes included) after a checkpoint and VACUUM: ``dbstat``."""
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = connection.execute(
            "SELECT m.tbl_name, SUM(s.pgsize) FROM dbstat s "
            "JOIN sqlite_master m ON m.name = s.name GROUP BY m.tbl_name"
        ).fetchall()
    finally:
        connection.close()
    return {str(name): int(size) for name, size in rows}


def postgres_sizes(conninfo: str) -> dict[str, int]:
    """Bytes per table (TOAST and indexes included) after VACUUM FULL."""
    with psycopg.connect(conninfo, autocommit=True) as connection:
        tables = [
            str(row[0])
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        for table in tables:
            connection.execute(f'VACUUM FULL "{table}"'.encode())
        return {
            table: int(
                connection.execute(
                    "SELECT pg_total_relation_size(%s::regclass)", (f'"{table}"',)
                ).fetchone()[0]  # type: ignore[index]
            )
            for table in tables
        }


# --- one database ----------------------------------------------------------------------
@dataclass
class Target:
    name: str
    url: str
    sizes: Callable[[], dict[str, int]]


def run_database(
    target: Target, workdir: Path, count: int, warmup: int, workers: int = 1, pin_cpu: bool = True
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    with server(target.url, workdir, workers, pin_cpu) as running:
        for model in MODELS:
            key = deploy(running, model)
            for clients in CLIENTS:
                drive(running, key, Outcome(model, target.name, clients), warmup)
                before = target.sizes()
                outcome = Outcome(model, target.name, clients)
                cpu_before = cpu_seconds(running.process.pid)
                drive(running, key, outcome, count)
                cpu_after = cpu_seconds(running.process.pid)
                if cpu_before is not None and cpu_after is not None:
                    outcome.server_cpu_s = cpu_after - cpu_before
                after = target.sizes()
                if outcome.instances:
                    grown = {t: (after.get(t, 0) - before.get(t, 0)) for t in after}
                    outcome.tables = {t: b / outcome.instances for t, b in grown.items() if b}
                    outcome.bytes_per_instance = sum(grown.values()) / outcome.instances
                outcomes.append(outcome)
                print(f"  {_row(outcome)}", flush=True)
    return outcomes


def sqlite_target(workdir: Path) -> Target:
    path = workdir / "bench.db"
    return Target("sqlite", f"sqlite:///{path}", lambda: sqlite_sizes(path))


@contextlib.contextmanager
def postgres_target(workdir: Path) -> Iterator[Target | None]:
    reason = pg.missing_reason()
    if reason is not None:
        print(f"(PostgreSQL skipped: {reason})")
        yield None
        return
    with pg.cluster() as cluster:
        url = cluster.create_database("bench")
        conninfo = f"host=127.0.0.1 port={cluster.port} user={cluster.user} dbname=bench"
        yield Target("postgresql", url, lambda: postgres_sizes(conninfo))


# --- output ----------------------------------------------------------------------------
def _pct(samples: list[float], q: int) -> float:
    if len(samples) < 2:
        return samples[0] if samples else float("nan")
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


HEADER: Final = (
    f"{'model':<7} {'db':<10} {'cl':>2} {'inst/s':>7} {'×peer':>6} "
    f"{'start p50/p95':>14} {'fetch p50/p95':>14} {'complete p50/p95':>17} "
    f"{'srv ms':>6} {'cl ms':>5} {'B/inst':>7} {'fail':>4}"
)


def _row(outcome: Outcome) -> str:
    def lat(kind: str) -> str:
        samples = outcome.calls.get(kind, [])
        return f"{_pct(samples, 50):5.1f}/{_pct(samples, 95):5.1f}" if samples else "-"

    size = f"{outcome.bytes_per_instance:7.0f}" if outcome.bytes_per_instance else f"{'-':>7}"
    cpu = outcome.server_ms_per_call
    server = f"{cpu:6.2f}" if cpu is not None else f"{'-':>6}"
    own = outcome.client_ms_per_call
    client = f"{own:5.2f}" if own is not None else f"{'-':>5}"
    return (
        f"{outcome.model:<7} {outcome.database:<10} {outcome.clients:>2} "
        f"{outcome.rate:7.1f} {outcome.rate / PEER[outcome.model]:6.1f} "
        f"{lat('start'):>14} {lat('fetch'):>14} {lat('complete'):>17} "
        f"{server} {client} {size} {len(outcome.failures):>4}"
    )


def report(outcomes: list[Outcome], count: int, workers: int = 1, pin_cpu: bool = True) -> None:
    print(
        f"\nmachiflow API benchmark: {count} instances per row, "
        f"{workers} server process(es), {'each on one CPU' if pin_cpu else 'not pinned'}, "
        "latencies in ms"
    )
    print(HEADER)
    for outcome in outcomes:
        print(_row(outcome))
    print(
        "\ninst/s: completed instances / wall time; ×peer: against the peer on the same library"
        f" (SQLite here: simple {PEER['simple']}, seq10 {PEER['seq10']} inst/s; "
        f"aim ×{PEER_FACTOR:.0f})."
    )
    print(
        "calls per instance: start, then fetch (GET /api/instances/{id}) + complete "
        "(POST /api/tasks/{id}/complete) per user task."
    )
    print(
        "srv ms: CPU time of the server per call (user + system, all threads of the server "
        "process and of its workers); cl ms: CPU time of the benchmark's client threads per "
        "call (http.client, keep-alive)."
    )
    print(
        "B/inst: database growth / completed instances, all tables with their indexes "
        "(instance state, task index, audit log, counters). SQLite: WAL checkpoint + VACUUM, "
        "then dbstat page sizes, before and after the row's run; PostgreSQL: VACUUM FULL, "
        "then pg_total_relation_size (TOAST and indexes included), before and after."
    )
    for outcome in outcomes:
        if outcome.tables and outcome.clients == CLIENTS[0]:
            parts = ", ".join(f"{t} {b:.0f}" for t, b in sorted(outcome.tables.items()))
            print(f"  {outcome.model} on {outcome.database}: {parts}")
    print("\nverdicts:")
    for outcome in outcomes:
        goal = PEER[outcome.model] * PEER_FACTOR
        verdict = "met" if outcome.rate >= goal else "NOT met"
        print(
            f"  {outcome.model:<7} {outcome.database:<10} {outcome.clients} client(s): "
            f"{outcome.rate:6.1f} inst/s vs {goal:.0f} (×{PEER_FACTOR:.0f} peer): {verdict}"
        )
    for model, limit in BYTES_TARGET.items():
        for outcome in outcomes:
            if outcome.model == model and outcome.bytes_per_instance and outcome.clients == 1:
                verdict = "met" if outcome.bytes_per_instance <= limit else "NOT met"
                print(
                    f"  {model} bytes on {outcome.database}: "
                    f"{outcome.bytes_per_instance:.0f} B vs {limit} B: {verdict}"
                )
    failures = list(itertools.chain.from_iterable(o.failures for o in outcomes))
    if failures:
        print(f"\n{len(failures)} failed instance(s); first: {failures[0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="40 instances per row, not 300")
    parser.add_argument("--instances", type=int, help="instances per row")
    parser.add_argument(
        "--db", choices=["sqlite", "postgresql", "both"], default="both", help="databases"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (machiflow serve --workers)"
    )
    parser.add_argument(
        "--no-pin-cpu",
        dest="pin_cpu",
        action="store_false",
        help="let the kernel move the server's threads between CPUs (serve --no-pin-cpu)",
    )
    args = parser.parse_args()
    count = args.instances or (40 if args.quick else 300)
    warmup = 5 if args.quick else 20
    if not (SHARED / "bench" / "form.json").is_file():
        print(f"no reference models under {SHARED / 'bench'}: set MACHIFLOW_SHARED")
        return 1
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="machiflow-bench-") as tmp:
        workdir = Path(tmp)
        if args.db in {"sqlite", "both"}:
            print("sqlite ...", flush=True)
            outcomes += run_database(
                sqlite_target(workdir), workdir, count, warmup, args.workers, args.pin_cpu
            )
        if args.db in {"postgresql", "both"}:
            print("postgresql ...", flush=True)
            with postgres_target(workdir) as target:
                if target is not None:
                    outcomes += run_database(
                        target, workdir, count, warmup, args.workers, args.pin_cpu
                    )
    report(outcomes, count, args.workers, args.pin_cpu)
    return 1 if any(o.failures for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
