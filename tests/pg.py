"""A throwaway PostgreSQL cluster for tests: initdb in a temp dir, a free loopback port.

initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` user
(created when missing) and every server command runs through ``runuser``. Durability is
switched off (``fsync``, ``full_page_writes``): the cluster lives for one test session.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import psycopg

SERVER_USER: Final = "postgres"
BINARIES: Final = ("initdb", "pg_ctl", "postgres")
# A server time zone other than UTC, so the tests prove timestamps do not depend on it.
SERVER_TIMEZONE: Final = "Asia/Tokyo"


def find_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl: next to ``initdb`` on PATH, else
    ``pg_config --bindir``; ``None`` when PostgreSQL is not installed."""
    candidates: list[Path] = []
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).resolve().parent)
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            ).stdout.strip()
            candidates.append(Path(out))
    for bindir in candidates:
        if all((bindir / name).is_file() for name in BINARIES):
            return bindir
    return None


def missing_reason() -> str | None:
    """Why a cluster cannot start here, or ``None`` if it can."""
    if find_bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: cannot start PostgreSQL as another user"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Cluster:
    """A running cluster: connect as ``user`` over TCP to 127.0.0.1:``port``."""

    bindir: Path
    root: Path
    port: int
    user: str

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, *, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        conninfo = f"host=127.0.0.1 port={self.port} user={self.user} dbname={database}"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(sql.encode())

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new database (copied from ``template`` if given); returns its URL."""
        # FILE_COPY: for a small template, copying files beats WAL-logging every block.
        suffix = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.execute(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        _run_as_server([str(self.bindir / "pg_ctl"), "stop", "-D", str(self.data), "-m", "fast"])


def _as_server(argv: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *argv] if os.geteuid() == 0 else argv


def _run_as_server(argv: list[str]) -> None:
    result = subprocess.run(_as_server(argv), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}")


def _ensure_server_user() -> None:
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/bin/false", SERVER_USER],
            check=True,
        )


def _start(bindir: Path, root: Path, data: Path, attempts: int = 3) -> int:
    """Start the server on a free port (another process may take the port first: retry)."""
    for attempt in range(attempts):
        port = free_port()
        options = (
            f"-F -c fsync=off -c full_page_writes=off -c synchronous_commit=off "
            f"-c listen_addresses=127.0.0.1 -p {port} -k {root} "
            f"-c timezone={SERVER_TIMEZONE} -c max_connections=50"
        )
        argv = [str(bindir / "pg_ctl"), "start", "-D", str(data), "-w", "-t", "60"]
        argv += ["-l", str(root / "server.log"), "-o", options]
        try:
            _run_as_server(argv)
        except RuntimeError:
            if attempt == attempts - 1:
                log = root / "server.log"
                raise RuntimeError(log.read_text() if log.exists() else "no server log") from None
        else:
            return port
    raise AssertionError("unreachable")


@contextlib.contextmanager
def cluster() -> Iterator[Cluster]:
    """Start a cluster for the duration of the ``with`` block, then stop and delete it."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(missing_reason())
    root = Path(tempfile.mkdtemp(prefix="machiflow-pg-"))
    try:
        if os.geteuid() == 0:
            _ensure_server_user()
            account = pwd.getpwnam(SERVER_USER)
            os.chown(root, account.pw_uid, account.pw_gid)
        user = SERVER_USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        data = root / "data"
        _run_as_server(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                user,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ]
        )
        port = _start(bindir, root, data)
        running = Cluster(bindir=bindir, root=root, port=port, user=user)
        try:
            yield running
        finally:
            running.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
