"""``machiflow serve --workers N``: several server processes on one listening socket.

One Python process runs one engine step at a time (the GIL), so a server on a machine with
several cores uses one of them. With ``--workers N`` the parent process migrates the
database and deploys the bundled models once, binds the socket, and forks N workers that
each run the app on it (the kernel hands each new connection to one of them). Only worker
0 runs the timer loop, so no two processes fire the same timers; the parent starts a worker
again when one dies (worker 0 again, timers included). SIGTERM or SIGINT stops them all.
See handbook/decisions/0011-server-workers.md.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import replace
from types import FrameType
from typing import Final

import uvicorn

from api import affinity
from api.app import create_app, deploy_bundled
from api.settings import Settings
from api.web.keys import ENV_VAR as SECRET_KEY_VAR
from api.web.keys import key_file
from engine.store import Database
from engine.store.migrations import upgrade

log = logging.getLogger("machiflow.workers")

RESTART_PAUSE_S: Final = 1.0  # a worker that dies at once is not restarted in a busy loop
STOP_WAIT_S: Final = 30.0  # workers finish their requests; then they are killed
_BACKLOG: Final = 2048


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket for ``host``:``port`` (IPv6 when the host is)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(_BACKLOG)
    sock.set_inheritable(True)
    return sock


def prepare(settings: Settings) -> list[str]:
    """What the workers must not each do at start: migrate, deploy, make a shared secret."""
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    try:
        deployed = deploy_bundled(db, settings)
    finally:
        db.dispose()  # no connection may cross a fork
    if not os.environ.get(SECRET_KEY_VAR) and key_file(settings.db_url) is None:
        # Without a key file (PostgreSQL) each worker would sign staff sessions with its own
        # key; one key made here is inherited by all (sessions still end at a restart).
        os.environ[SECRET_KEY_VAR] = secrets.token_urlsafe(48)
    return deployed


def worker_settings(settings: Settings, index: int) -> Settings:
    """A worker's settings: the parent has migrated and deployed; timers run in worker 0;
    when the server is pinned (``settings.cpu`` set), each worker gets a CPU of its own."""
    return replace(
        settings,
        migrate=False,
        shared_writers=True,
        processes_dir=None,
        run_timers=settings.run_timers and index == 0,
        cpu=None if settings.cpu is None else affinity.cpu_for(index),
    )


class Supervisor:
    """Forks the workers, starts a dead one again, and stops them all on a signal."""

    def __init__(
        self,
        settings: Settings,
        workers: int,
        sock: socket.socket,
        *,
        run: Callable[[Settings, socket.socket], None] | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("at least one worker")
        self.settings = settings
        self.workers = workers
        self.sock = sock
        self.run_worker = run or serve_worker
        self.children: dict[int, int] = {}  # pid -> worker index
        self.stopping = False

    def start(self, index: int) -> int:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                self.run_worker(worker_settings(self.settings, index), self.sock)
            except BaseException:
                log.exception("worker %d failed", index)
                code = 1
            finally:
                os._exit(code)
        self.children[pid] = index
        return pid

    def stop(self, _signum: int = signal.SIGTERM, _frame: FrameType | None = None) -> None:
        self.stopping = True
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def run(self) -> int:
        """Run until a signal; the exit code (0 after a clean stop)."""
        previous = {
            signum: signal.signal(signum, self.stop) for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            for index in range(self.workers):
                self.start(index)
            self._watch()
        finally:
            self.stop()
            self._reap(time.monotonic() + STOP_WAIT_S)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return 0

    def _watch(self) -> None:
        while not self.stopping and self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                return
            except InterruptedError:  # pragma: no cover - PEP 475 retries; kept for safety
                continue
            index = self.children.pop(pid, None)
            if index is None or self.stopping:
                continue
            log.warning(
                "worker %d (pid %d) ended with status %d; starting it again",
                index,
                pid,
                os.waitstatus_to_exitcode(status),
            )
            time.sleep(RESTART_PAUSE_S)
            if not self.stopping:
                self.start(index)

    def _reap(self, deadline: float) -> None:
        while self.children:
            for pid in list(self.children):
                with contextlib.suppress(ChildProcessError):
                    done, _ = os.waitpid(pid, os.WNOHANG)
                    if done == 0:
                        continue
                self.children.pop(pid, None)
            if self.children and time.monotonic() >= deadline:
                for pid in list(self.children):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.05)


def serve_worker(settings: Settings, sock: socket.socket) -> None:
    """One worker: the app on the inherited socket until SIGTERM."""
    config = uvicorn.Config(create_app(settings), lifespan="on", log_level="info")
    uvicorn.Server(config).run(sockets=[sock])


def serve(settings: Settings, host: str, port: int, workers: int) -> int:
    """``machiflow serve --workers N`` (N >= 2): prepare once, then supervise the workers."""
    for line in prepare(settings):
        log.info("deployed %s", line)
    sock = listening_socket(host, port)
    try:
        return Supervisor(settings, workers, sock).run()
    finally:
        sock.close()
