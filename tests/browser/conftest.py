"""Browser fixtures: the real server (``machiflow serve``) on a free loopback port with a
throwaway SQLite database, the test procedure deployed and staff users with tokens, and
Debian's Chromium driven by Playwright.

Without a Chromium that starts (or without axe-core from ``npm ci``) the tests are skipped
with the reason, except in CI or with ``MACHIFLOW_REQUIRE_BROWSER=1``: then they fail.
``make test`` installs both (``scripts/setup.sh --test``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NoReturn

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from engine.service.deployments import bundle_files
from engine.store import Database
from tests.api.conftest import add_user, bearer, http_client, wait_until
from tests.browser.axe import AXE_SCRIPT, Audit
from tests.pg import free_port
from tests.web.resident import model as resident_model

HERE: Final = Path(__file__).resolve().parent
MODELS: Final = HERE / "models"
CHROMIUM: Final = Path(os.environ.get("MACHIFLOW_CHROMIUM", "/usr/bin/chromium"))
# Debian's browser, never a download: no sandbox (root in CI), no GPU, nothing phoning home.
CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MACHIFLOW: Final = [sys.executable, "-c", "from engine.cli import main; main()"]
STARTUP_SECONDS: Final = 60.0  # a bound on a loaded machine, not a speed
STOP_SECONDS: Final = 20.0
ACTION_MS: Final = 15_000  # Playwright's wait for one element or navigation
expect.set_options(timeout=ACTION_MS)  # and for an expectation to come true

# Staff users of every test: name -> roles (lane names of the test procedure, or admin).
STAFF: Final = {
    "kanri": ("admin",),
    "shinsa": ("審査担当",),
    "kacho": ("課長",),
    "kakaricho": ("係長",),
}


def browser_required() -> bool:
    """In CI (or when asked) a browser that cannot start is a failure, not a skip."""
    return bool(os.environ.get("CI")) or os.environ.get("MACHIFLOW_REQUIRE_BROWSER") == "1"


def unavailable(reason: str) -> NoReturn:
    """Skip with ``reason``, or fail with it when the browser tests are required."""
    if browser_required():
        pytest.fail(f"browser tests are required (CI or MACHIFLOW_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(f"browser tests skipped: {reason} (run `make test` to install it)")


def environment(**extra: str) -> dict[str, str]:
    """This environment without machiflow's own variables, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MACHIFLOW_")}
    env.update(extra)
    return env


def users_add(db_url: str, name: str, roles: tuple[str, ...], cwd: Path) -> str:
    """``machiflow users add NAME --roles ...``: the token it prints."""
    done = subprocess.run(
        [*MACHIFLOW, "users", "add", name, "--roles", ",".join(roles), "--db", db_url],
        cwd=cwd,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [token] = done.stdout.split()
    return token


@dataclass
class Server:
    """A running ``machiflow serve``: its address, database and staff tokens by name."""

    url: str
    db_url: str
    workdir: Path
    log: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def api(self, user: str = "kanri") -> httpx.Client:
        """An HTTP client of the server as staff ``user`` (``with`` it to close it)."""
        return http_client(self.url, headers=bearer(self.tokens[user]))

    def deploy(self, main: str, files: Mapping[str, bytes]) -> str:
        """Deploy the model ``main`` with the files beside it over the API; its key."""
        ordered = [main, *(name for name in files if name != main)]
        parts = [("file", (name, files[name])) for name in ordered]
        with self.api() as http:
            response = http.post("/api/processes", files=parts)
        assert response.status_code in (200, 201), f"{main}: {response.text}"
        return str(response.json()["key"])

    def deploy_folder(self, folder: Path) -> list[str]:
        """Deploy every model under ``folder``; their keys."""
        return [self.deploy(main, files) for main, files in bundle_files(folder)]

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output, or from its first traceback on if it has one."""
        text = self.log.read_text(errors="replace").splitlines()
        start = next((i for i, line in enumerate(text) if line.startswith("Traceback")), None)
        shown = text[-lines:] if start is None else text[max(0, start - 2) : start + lines]
        return "\n".join(shown)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``machiflow serve`` on a free loopback port for the whole session, stopped at the end
    (SIGINT; it must exit cleanly)."""
    workdir = tmp_path_factory.mktemp("browser-server")
    db_url = f"sqlite:///{workdir / 'machiflow.db'}"
    # The first user through the command (it also creates the tables), the rest directly:
    # each command costs a Python start-up.
    [(first, roles), *others] = STAFF.items()
    tokens = {first: users_add(db_url, first, roles, workdir)}
    db = Database(db_url)
    try:
        tokens.update({name: add_user(db, name, *roles) for name, roles in others})
    finally:
        db.dispose()
    port = free_port()
    log = workdir / "server.log"
    command = [*MACHIFLOW, "serve", "--db", db_url, "--no-deploy"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=workdir, env=environment(), stdout=out, stderr=subprocess.STDOUT
        )
    running = Server(f"http://127.0.0.1:{port}", db_url, workdir, log, tokens)
    try:
        with http_client(running.url) as http:

            def answering() -> bool:
                if process.poll() is not None:
                    return True  # it stopped: reported below
                try:
                    return http.get("/api/health", timeout=1).status_code == 200
                except httpx.TransportError:
                    return False

            assert wait_until(answering, timeout=STARTUP_SECONDS), running.log_tail()
        assert process.poll() is None, f"the server stopped:\n{running.log_tail()}"
        running.deploy_folder(MODELS)
        running.deploy("gakudo.bpmn", resident_model.files())
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, running.log_tail()
    assert "Traceback" not in log.read_text(errors="replace"), running.log_tail()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver (the Node.js program inside the Python package)."""
    try:
        driver = sync_playwright().start()
    except Exception as exc:  # noqa: BLE001 (any start failure is the reason to report)
        unavailable(f"Playwright's driver did not start: {exc}")
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless; skipped (or failed in CI) when it cannot start."""
    if not CHROMIUM.is_file():
        unavailable(f"no Chromium at {CHROMIUM} (Debian package chromium)")
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), timeout=STARTUP_SECONDS * 1000
        )
    except Exception as exc:  # noqa: BLE001 (any launch failure is the reason to report)
        unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    if not AXE_SCRIPT.is_file():
        unavailable(f"no axe-core at {AXE_SCRIPT} (npm ci in {HERE})")
    return AXE_SCRIPT.read_text()


def new_context(browser: Browser, server: Server, *, locale: str = "ja-JP") -> BrowserContext:
    """A fresh browser profile on the server: its own cookies, the pages' CSP bypassed so
    that axe-core can be injected."""
    language = "en" if locale.startswith("en") else "ja"
    headers: Mapping[str, str] = {"Accept-Language": f"{locale},{language};q=0.9"}
    context = browser.new_context(
        base_url=server.url,
        bypass_csp=True,
        locale=locale,
        extra_http_headers=dict(headers),
    )
    context.set_default_timeout(ACTION_MS)
    return context


class Tabs:
    """Browser profiles a test opens, one per person (each with its own cookies)."""

    def __init__(self, browser: Browser, server: Server) -> None:
        self.browser = browser
        self.server = server
        self.opened: list[BrowserContext] = []

    def open(self, locale: str = "ja-JP") -> Page:
        context = new_context(self.browser, self.server, locale=locale)
        self.opened.append(context)
        return context.new_page()

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.fixture
def tabs(browser: Browser, server: Server) -> Iterator[Tabs]:
    opened = Tabs(browser, server)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def page(tabs: Tabs) -> Page:
    """One person's tab, in Japanese (a test with several people opens ``tabs``)."""
    return tabs.open()


@pytest.fixture
def audit(axe_script: str) -> Audit:
    """axe-core checks of the pages a test visits; ``audit.assert_clean()`` at its end."""
    return Audit(axe_script)
