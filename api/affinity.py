"""A server process keeps all its threads on one CPU (decision 0015).

A request crosses two threads of one process: the event loop reads it and writes the
answer, the engine thread runs the use case (decision 0014). The GIL lets one of them run
at a time, so the process never uses more than about one core for Python; but when the
kernel wakes the other thread on another core, the objects both touch (the request, the
answer, the interpreter's own state) move between the cores' caches at every hand-off.
Measured with ``bench/api.py`` on 2 vCPUs, that cost the server about 0.6-1 ms of CPU
per call; with the process on one CPU the hand-offs stay on one core's caches.

Linux only (``os.sched_setaffinity``); elsewhere, or with one allowed CPU, nothing is done.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("machiflow")

_THREADS = Path("/proc/self/task")


def allowed_cpus() -> list[int]:
    """The CPUs this process may run on, in order; empty where that cannot be known."""
    getter = getattr(os, "sched_getaffinity", None)
    if getter is None:
        return []
    return sorted(getter(0))


def cpu_for(index: int, allowed: list[int] | None = None) -> int | None:
    """The CPU for server process number ``index`` (0 for a single process), or None when
    there is no choice to make (one CPU, or a platform without affinity).

    Counted from the last allowed CPU, so a single process stays off CPU 0, which many
    machines give the network's interrupts; with more processes than CPUs they wrap round.
    """
    cpus = allowed_cpus() if allowed is None else sorted(allowed)
    if len(cpus) < 2 or not hasattr(os, "sched_setaffinity"):
        return None
    return cpus[-1 - index % len(cpus)]


def keep_on(cpu: int) -> bool:
    """Run every thread of this process, and every thread they start, on ``cpu``.

    Never fatal: a CPU the process may not use, or a platform without affinity, is logged
    and the kernel keeps choosing. True when every thread was moved."""
    setter = getattr(os, "sched_setaffinity", None)
    if setter is None:
        return False
    try:
        threads = [int(name) for name in os.listdir(_THREADS)] if _THREADS.is_dir() else [0]
    except OSError:
        threads = [0]
    moved = True
    for thread in threads:
        try:
            setter(thread, {cpu})
        except ProcessLookupError:  # the thread ended meanwhile
            continue
        except OSError as exc:
            log.warning("cannot keep the server on CPU %d: %s", cpu, exc)
            moved = False
            break
    if moved:
        log.info("server process %d runs on CPU %d", os.getpid(), cpu)
    return moved
