"""What the case and task endpoints share: the use cases, where they run, and an answer
that is serialized once.

These endpoints are the calls every step of every case makes, so they skip two things
FastAPI would do on each request at a cost as large as a SQL statement's (bench/README.md):
resolving dependencies for the caller and the service (they call ``api.auth.principal``
and ``cases_of`` themselves; a cached caller costs no trip to the thread pool), and
validating the answer a second time against the response model after ``api.views`` built
it as that very model. The decorators still name the response models, so OpenAPI at
``/docs`` is unchanged. The plainest requests of three of them (start, read, complete) do
not even reach FastAPI: ``api.direct`` answers those (decision 0016).

The use cases block (SQL, engine steps), so ``run`` takes them off the event loop: on
SQLite to the process's one engine thread, elsewhere to the shared thread pool (see
``engine_executor`` and decision 0014).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from fastapi import Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from engine.service.cases import Cases

JSON = "application/json"
P = ParamSpec("P")
T = TypeVar("T")


def engine_executor(dialect: str, threads: int | None = None) -> ThreadPoolExecutor | None:
    """The threads that run the API's use cases, or None for the shared pool.

    ``threads`` None: one thread on SQLite and the shared pool otherwise. A SQLite database
    has one writer at a time anyway, and every statement releases the GIL, so use cases on
    many threads only hand the GIL and the write lock back and forth (8 clients: 15-30 %
    more CPU per call, bench/README.md); PostgreSQL statements wait on the network, and
    those waits overlap only on several threads.
    """
    if threads is None:
        threads = 1 if dialect == "sqlite" else 0
    if threads <= 0:
        return None
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="machiflow-engine")


async def run(request: Request, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``call(*args, **kwargs)`` off the event loop, where the app runs its use cases."""
    return await run_on(request.app.state.engine, call, *args, **kwargs)


async def run_on(
    executor: ThreadPoolExecutor | None, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``run`` on ``executor``, the app's ``state.engine`` (None: the shared pool)."""
    if executor is None:
        return await run_in_threadpool(call, *args, **kwargs)
    context = contextvars.copy_context()  # as the shared pool does
    bound = functools.partial(call, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(executor, context.run, bound)


def cases_of(request: Request) -> Cases:
    service: Cases = request.app.state.cases
    return service


def answer(body: BaseModel | Sequence[BaseModel], status_code: int = 200) -> Response:
    """``body`` as JSON, exactly as FastAPI would write it for its response model."""
    if isinstance(body, BaseModel):
        content = body.model_dump_json().encode()
    else:
        content = b"[" + b",".join(item.model_dump_json().encode() for item in body) + b"]"
    return Response(content, status_code=status_code, media_type=JSON)
