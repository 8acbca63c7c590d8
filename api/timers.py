"""The timer loop of a running server: due timers fire within about a poll interval, and
timers that came due while the server was down fire as soon as it starts."""

from __future__ import annotations

import logging
import threading

from engine.service.cases import Cases

log = logging.getLogger("machiflow.timers")


class TimerLoop:
    def __init__(self, cases: Cases, *, poll_seconds: float) -> None:
        self.cases = cases
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="machiflow-timers", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                fired = self.cases.fire_due_timers()
                if fired:
                    log.info("fired timers of %d case(s)", fired)
            except Exception:  # keep the loop alive; the error is in the log
                log.exception("timer loop")
            self._stop.wait(self.poll_seconds)
