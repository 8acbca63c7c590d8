"""Settings of one machiflow server: database, bundled processes, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from engine.store.database import database_url

BUNDLED_PROCESSES = Path(__file__).resolve().parents[1] / "processes" / "bpmn"


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str = field(default_factory=database_url)
    processes_dir: Path | None = BUNDLED_PROCESSES  # deployed at start; None: deploy nothing
    timer_poll_seconds: float = 0.5  # due timers fire within about this long
    run_timers: bool = True  # the background timer loop (tests drive timers themselves)
    migrate: bool = True  # migrate the database at start (a worker's parent has done it)
    shared_writers: bool = False  # SQLite writers take turns across processes (--workers)
    # Freeze the start-up heap and collect garbage less often (api.app.settle_heap): for
    # a server process; tests, which start many apps in one process, leave it off.
    settle_heap: bool = False
    # Threads running the API's use cases: None for one on SQLite and the shared pool on
    # PostgreSQL (api.routes.answers.engine_executor, decision 0014).
    engine_threads: int | None = None
    # The CPU this server process keeps its threads on (api.affinity, decision 0015); None:
    # the kernel moves them as it likes (tests, and `serve --no-pin-cpu`).
    cpu: int | None = None
    max_upload_bytes: int = 20 * 1024 * 1024
