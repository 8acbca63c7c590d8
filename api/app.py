"""The FastAPI application: ``create_app(settings)``; no module-level app or engine."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from fastapi import Depends, FastAPI
from starlette.types import Receive, Scope, Send

from api import affinity, direct, problems, web
from api.auth import Principals
from api.params import printable_parameters
from api.routes import compare, instances, processes, tasks
from api.routes.answers import engine_executor
from api.settings import Settings
from api.timers import TimerLoop
from api.web import handbook as handbook_pages
from api.web import resident as resident_pages
from api.web import staff as staff_pages
from engine.errors import MachiflowError
from engine.service.cases import Cases
from engine.service.deployments import bundle_files, deploy
from engine.store import Database
from engine.store.migrations import upgrade

log = logging.getLogger("machiflow")

# Allocations between two young-generation collections (CPython's default is 700). An
# engine step allocates thousands of objects, most of them freed as soon as the request
# ends, but the workflow task trees are cyclic and only the collector frees them: with the
# default, a request set off several collections, and each older-generation one walked the
# whole application (bench/README.md: about 0.2 ms per API call).
YOUNG_COLLECTION_THRESHOLD: Final = 20_000


def settle_heap() -> None:
    """After start-up: move what the application built (routes, schemas, specs, caches) out
    of the collector's sight and collect less often; garbage is still freed, in fewer and
    smaller collections."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)


def deploy_bundled(db: Database, settings: Settings) -> list[str]:
    """Deploy every model under the processes folder; a bad one is logged, not fatal."""
    if settings.processes_dir is None or not settings.processes_dir.is_dir():
        return []
    deployed: list[str] = []
    for main, files in bundle_files(settings.processes_dir):
        try:
            with db.transaction() as session:
                outcome = deploy(session, files, actor="system", main=main)
            deployed.append(f"{outcome.main.definition.key} v{outcome.main.definition.version}")
        except MachiflowError as exc:
            log.warning("not deployed: %s: %s", main, exc.message("en"))
    return deployed


class App(FastAPI):
    """FastAPI, with the calls every step of a case makes answered by ``api.direct`` first
    (decision 0016); it hands on to the routes whatever it does not fully understand."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        call = direct.match(scope)
        if call is None:
            await super().__call__(scope, receive, send)
        else:
            await direct.answer_call(self, call, scope, receive, send, super().__call__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.cpu is not None:
            affinity.keep_on(settings.cpu)  # before the engine and timer threads start
        if settings.migrate:
            upgrade(settings.db_url)
        db = Database(settings.db_url, shared_writers=settings.shared_writers)
        app.state.db = db
        app.state.principals = Principals(db)
        app.state.cases = Cases(db)
        app.state.engine = engine_executor(db.dialect, settings.engine_threads)
        for line in deploy_bundled(db, settings):
            log.info("deployed %s", line)
        if settings.settle_heap:
            settle_heap()
        loop = TimerLoop(app.state.cases, poll_seconds=settings.timer_poll_seconds)
        if settings.run_timers:
            loop.start()
        try:
            yield
        finally:
            if settings.run_timers:
                loop.stop()
            if app.state.engine is not None:
                app.state.engine.shutdown(wait=True)
            db.dispose()

    app = App(
        title="machiflow",
        version="0.1.0",
        description="BPMN workflows for municipal procedures: deploy, run, inbox, audit.",
        lifespan=lifespan,
        dependencies=[Depends(printable_parameters)],
    )
    app.state.settings = settings
    problems.install(app)

    # First, and async: probes call it often, and routes are matched in order.
    @app.get("/api/health", tags=["health"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(processes.router)
    app.include_router(instances.router)
    app.include_router(tasks.router)
    app.include_router(compare.router)
    app.include_router(staff_pages.router)  # before web.router: its catch-all answers /staff/*
    app.include_router(web.router)
    app.include_router(handbook_pages.router)
    app.include_router(resident_pages.router)

    return app
