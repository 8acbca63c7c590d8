"""The SimPy run: cases compete for a limited number of staff per lane.

Every case is a SimPy process, and so is every extra token a parallel split forks off.
A token waits (``bpr:wait``) without holding anyone, then asks its lane's
``simpy.Resource`` for a member of staff, holds them for the work (``bpr:duration``,
stretched over working hours when given) and lets go. Joins, routing and counting are the
same ``Case`` methods the plain walk uses.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from typing import Any

import simpy

from engine.analysis.simulation.calendar import WorkingHours
from engine.analysis.simulation.case import Buffers, Case, Tally
from engine.analysis.simulation.plan import Carried, Plan, Tags

Process = Generator[Any, Any, None]
PROGRESS_STEP = 100


class _Scope:
    """The tokens of a case, or of one visit of a sub-process: over when none is left, or
    when one of them reaches a terminate end event.

    The first token runs inside the process that opened the scope (``host``); only when it
    ends while forked tokens still run does that process wait for ``done``.
    """

    __slots__ = (
        "buffers",
        "children",
        "done",
        "ended",
        "finish",
        "forks",
        "host",
        "live",
        "parent",
        "terminated",
    )

    def __init__(self, begin: float, parent: _Scope | None) -> None:
        self.buffers: Buffers = {}
        self.done: simpy.Event | None = None
        self.ended: list[Carried] = []  # what tokens that reached the scope's end carry
        self.finish = begin
        self.live = 1  # the first token
        self.parent = parent
        self.host: simpy.Process | None = None
        self.forks: set[simpy.Process] = set()  # forked tokens that have started
        self.children: list[_Scope] = []  # sub-processes running inside
        self.terminated = False

    def end_token(self) -> None:
        self.live -= 1
        if self.live == 0 and self.done is not None:
            self.done.succeed()

    def cancelled(self) -> bool:
        scope: _Scope | None = self
        while scope is not None:
            if scope.terminated:
                return True
            scope = scope.parent
        return False

    def processes(self) -> list[simpy.Process]:
        """Every process running tokens of this scope or of sub-processes inside it."""
        found = [] if self.host is None else [self.host]
        found += self.forks
        for child in self.children:
            found += child.processes()
        return found


class Queueing:
    """Runs the cases of one variant in one SimPy environment.

    ``resource[node]`` is the number of the staff pool that works ``node`` (-1: none) and
    ``capacity[r]`` the size of pool ``r``.
    """

    def __init__(
        self,
        plan: Plan,
        hours: WorkingHours | None,
        resource: Sequence[int],
        capacity: Sequence[int],
        tally: Tally,
    ) -> None:
        self.plan = plan
        self.hours = hours
        self.resource = list(resource)
        self.tally = tally
        self.env = simpy.Environment()
        self.pools = [simpy.Resource(self.env, capacity=n) for n in capacity]
        for r in range(len(capacity)):
            tally.busy.setdefault(r, 0.0)
            tally.queued.setdefault(r, 0.0)
        self.in_hours = [
            hours is not None and plan.actor[i] == "staff" and plan.work[i] > 0
            for i in range(plan.size)
        ]

    def run(
        self,
        arrivals: Sequence[float],
        keys: Sequence[int],
        progress: Callable[[int], None] | None = None,
    ) -> tuple[list[float], float]:
        """Seconds from arrival to the end of the last token per case, and when the last
        case ended."""
        leads = [0.0] * len(arrivals)
        done = [0]

        def finished() -> None:
            done[0] += 1
            if progress is not None and done[0] % PROGRESS_STEP == 0:
                progress(PROGRESS_STEP)

        for number, (arrival, key) in enumerate(zip(arrivals, keys, strict=True)):
            self.env.process(self._case(number, arrival, key, leads, finished))
        self.env.run()
        if progress is not None and done[0] % PROGRESS_STEP:
            progress(done[0] % PROGRESS_STEP)
        return leads, float(self.env.now)

    def _case(
        self,
        number: int,
        arrival: float,
        key: int,
        leads: list[float],
        finished: Callable[[], None],
    ) -> Process:
        if arrival > 0:
            yield self.env.timeout(arrival)
        case = Case(self.plan, self.tally, key)
        tokens = self.plan.start(key)
        if tokens:
            scope = _Scope(arrival, None)
            for node, stream in tokens[1:]:
                self._fork(scope, case, node, stream, (), ())
            yield from self._scope(scope, case, tokens[0][0], tokens[0][1], (), ())
            leads[number] = scope.finish - arrival
        finished()

    def _scope(
        self, scope: _Scope, case: Case, node: int, stream: int, carried: Carried, tags: Tags
    ) -> Process:
        """Run the first token of ``scope`` here, then wait for the ones it forked."""
        scope.host = self.env.active_process
        try:
            yield from self._token(scope, case, node, stream, carried, tags)
            if scope.live and not scope.terminated:
                scope.done = self.env.event()
                yield scope.done
        except simpy.Interrupt as stop:
            if stop.cause is not scope:  # an outer scope ended: unwind to it
                raise

    def _fork(
        self, scope: _Scope, case: Case, node: int, stream: int, carried: Carried, tags: Tags
    ) -> None:
        scope.live += 1
        self.env.process(self._forked(scope, case, node, stream, carried, tags))

    def _forked(
        self, scope: _Scope, case: Case, node: int, stream: int, carried: Carried, tags: Tags
    ) -> Process:
        if scope.cancelled():  # ended before this token got going
            scope.end_token()
            return
        process = self.env.active_process
        assert process is not None
        scope.forks.add(process)
        try:
            yield from self._token(scope, case, node, stream, carried, tags)
        except simpy.Interrupt:
            pass  # its scope, or one around it, reached a terminate end event
        finally:
            scope.forks.discard(process)

    def _terminate(self, scope: _Scope) -> None:
        """A terminate end event: the scope ends now; its other tokens stop where they are."""
        scope.terminated = True
        scope.finish = self.env.now
        active = self.env.active_process
        for process in scope.processes():
            if process is not active and process.is_alive:
                process.interrupt(scope)

    def _token(
        self, scope: _Scope, case: Case, node: int, stream: int, carried: Carried, tags: Tags
    ) -> Process:
        """One token from ``node`` until it ends, is absorbed by a join or the case stops.

        Nodes without staff limits or calendar advance by wait + work in one timeout, as
        the plain walk does, so that both add the same floating-point numbers.
        """
        env, plan, resource, in_hours = self.env, self.plan, self.resource, self.in_hours
        try:
            while True:
                if plan.join[node]:
                    # A token stuck at a join ends here too.
                    scope.finish = max(scope.finish, env.now)
                    merged = case.arrive(scope.buffers, node, stream, carried, tags)
                    if merged is None:
                        return
                    stream, carried, tags = merged
                after = case.visit(node, carried)
                if after is None:
                    scope.finish = max(scope.finish, env.now)
                    return
                carried = after
                pool = resource[node]
                if pool >= 0 and plan.work[node]:
                    if plan.wait[node]:
                        yield env.timeout(plan.wait[node])
                    asked = env.now
                    with self.pools[pool].request() as request:
                        yield request
                        self.tally.queued[pool] += env.now - asked
                        yield env.timeout(self._end(node, env.now) - env.now)
                        self.tally.busy[pool] += plan.work[node]
                elif in_hours[node]:
                    end = self._end(node, env.now + plan.wait[node])
                    yield env.timeout(end - env.now)
                elif plan.elapsed[node]:
                    yield env.timeout(plan.elapsed[node])
                if plan.entered[node]:
                    stream, entries = plan.enter(node, stream)
                    inside = _Scope(env.now, scope)
                    if entries:
                        scope.children.append(inside)
                        for start, start_stream in entries[1:]:
                            self._fork(inside, case, start, start_stream, carried, tags)
                        start, start_stream = entries[0]
                        yield from self._scope(inside, case, start, start_stream, carried, tags)
                        scope.children.remove(inside)
                    carried = tuple(item for c in inside.ended for item in c)
                    if case.truncated:
                        scope.finish = max(scope.finish, env.now)
                        return
                scope.finish = max(scope.finish, env.now)
                if plan.terminates[node]:
                    self._terminate(scope)
                    return
                leaving, tags = case.leave(node, stream, carried, tags, scope.ended)
                if not leaving:
                    return
                for target, token_stream in leaving[1:]:
                    self._fork(scope, case, target, token_stream, carried, tags)
                node, stream = leaving[0]
        except simpy.Interrupt as stop:
            if stop.cause is not scope:  # an outer scope ended: unwind to it
                raise
        finally:
            scope.end_token()

    def _end(self, node: int, start: float) -> float:
        """When the work of ``node`` begun at ``start`` is done."""
        if self.in_hours[node]:
            assert self.hours is not None
            return self.hours.finish(start, self.plan.work[node])
        return start + self.plan.work[node]
