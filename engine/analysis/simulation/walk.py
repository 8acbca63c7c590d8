"""The plain walk: each case on its own, its tokens in time order, no shared staff.

Without capacity limits cases never wait for each other, so each case is walked from its
arrival to its last token with a small heap of its own tokens; working hours only change
when a piece of work ends (``WorkingHours.finish``). This gives the same numbers as the
SimPy run for such models at a fraction of the cost (see ``engine.analysis.simulate``).

A sub-process is run to its end as soon as a token enters it, so its inside does not
interleave with tokens running beside it. That changes nothing, except where a terminate
end event may cut short work running beside it: such models go to SimPy.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Sequence

from engine.analysis.simulation.calendar import WorkingHours
from engine.analysis.simulation.case import MAX_VISITS, Buffers, Case, Tally
from engine.analysis.simulation.plan import ONE, Carried, Plan, Tags

Token = tuple[float, int, int, int, Carried, Tags]  # time, order, node, stream, lanes, tags


def walk(
    plan: Plan,
    arrivals: Sequence[float],
    keys: Sequence[int],
    hours: WorkingHours | None,
    tally: Tally,
    progress: Callable[[int], None] | None = None,
) -> list[float]:
    """Seconds from arrival to the end of the last token, per case."""
    runner = _Walker(plan, hours)
    leads: list[float] = []
    step = 500
    for number, (arrival, key) in enumerate(zip(arrivals, keys, strict=True), 1):
        leads.append(runner.case(Case(plan, tally, key), arrival) - arrival)
        if progress is not None and number % step == 0:
            progress(step)
    if progress is not None and len(leads) % step:
        progress(len(leads) % step)
    return leads


class _Walker:
    def __init__(self, plan: Plan, hours: WorkingHours | None) -> None:
        self.plan = plan
        self.hours = hours
        self.in_hours = [
            hours is not None and plan.actor[i] == "staff" and plan.work[i] > 0
            for i in range(plan.size)
        ]

    def case(self, case: Case, arrival: float) -> float:
        tokens: list[Token] = [
            (arrival, order, node, stream, (), ())
            for order, (node, stream) in enumerate(self.plan.start(case.key))
        ]
        return self._scope(case, tokens, arrival, [])

    def _scope(self, case: Case, tokens: list[Token], begin: float, ended: list[Carried]) -> float:
        """Run tokens until none is left (a sub-process's inside is a scope of its own);
        returns when the last one ended. ``ended`` collects what the tokens that reached
        the end of the scope carry.

        The hot loop of the simulation: ``Case.visit`` is inlined, and a token with a single
        way on keeps going without a round trip through the heap while no other token is
        due before it.
        """
        plan, hours, tally = self.plan, self.hours, case.tally
        join, elapsed, entered, in_hours = plan.join, plan.elapsed, plan.entered, self.in_hours
        routes, lanes, own, counts = plan.routes, plan.lane, plan.own, tally.visits
        terminates = plan.terminates
        heap = list(tokens)
        heapq.heapify(heap)
        order = itertools.count(len(heap))
        buffers: Buffers = {}
        finish = begin
        while heap:
            time, _, node, stream, carried, tags = heapq.heappop(heap)
            while True:
                if join[node]:
                    finish = max(finish, time)  # a token stuck at a join ends here too
                    merged = case.arrive(buffers, node, stream, carried, tags)
                    if merged is None:
                        break
                    stream, carried, tags = merged
                case.visits += 1
                if case.visits > MAX_VISITS:
                    case.visit(node, carried)  # counts the case as cut off
                    return max(finish, time)
                counts[node] += 1
                lane = lanes[node]
                if lane >= 0:
                    for source, weight in carried:
                        if source != lane:
                            tally.handoffs += weight
                    carried = own[node]
                if in_hours[node]:
                    assert hours is not None
                    time = hours.finish(time + plan.wait[node], plan.work[node])
                else:
                    time += elapsed[node]
                if entered[node]:
                    stream, entries = plan.enter(node, stream)
                    inside = [(time, i, n, s, carried, tags) for i, (n, s) in enumerate(entries)]
                    done: list[Carried] = []
                    time = self._scope(case, inside, time, done)
                    carried = tuple(item for c in done for item in c)
                    if case.truncated:
                        return max(finish, time)
                if time > finish:  # noqa: PLR1730  (max() costs a call per step here)
                    finish = time
                if terminates[node]:  # the scope ends: the other tokens stop where they are
                    return time
                route = routes[node]
                if route.kind == ONE:
                    node = route.targets[0]
                    if heap and heap[0][0] <= time:
                        heapq.heappush(heap, (time, next(order), node, stream, carried, tags))
                        break
                    continue
                leaving, tags = case.leave(node, stream, carried, tags, ended)
                for target, token_stream in leaving:
                    heapq.heappush(heap, (time, next(order), target, token_stream, carried, tags))
                break
        return finish
