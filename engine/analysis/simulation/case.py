"""What one simulated case remembers while its tokens move, shared by both ways of running.

Joins, the visit budget, the visit and hand-off counts and the tagging of inclusive
splits live here, so that the plain walk and the SimPy run cannot drift apart: they differ
only in how time passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from engine.analysis.simulation.plan import END, Carried, Plan, Tags, emit, join_stream

MAX_VISITS: Final = 20_000  # a case looping past this many visits is cut off

Buffers = dict[tuple[int, int], list[Carried]]


@dataclass(slots=True)
class Tally:
    """Counts over all cases of one variant."""

    visits: list[int]  # per node
    handoffs: float = 0.0
    truncated: int = 0
    busy: dict[int, float] = field(default_factory=dict)  # resource -> seconds of work
    queued: dict[int, float] = field(default_factory=dict)  # resource -> seconds waited

    @classmethod
    def empty(cls, plan: Plan) -> Tally:
        return cls([0] * plan.size)


class Case:
    """One case: its key (the root of its random streams), visits so far, open joins."""

    __slots__ = ("activations", "firings", "key", "plan", "tally", "truncated", "visits")

    def __init__(self, plan: Plan, tally: Tally, key: int) -> None:
        self.plan = plan
        self.tally = tally
        self.key = key
        self.visits = 0
        self.activations = 0
        self.firings: dict[int, int] = {}
        self.truncated = False

    def arrive(
        self, buffers: Buffers, node: int, stream: int, carried: Carried, tags: Tags
    ) -> tuple[int, Carried, Tags] | None:
        """A token reaches a join: None while the join still waits for others; else the
        token that leaves it. It carries the lanes of every token it merged: each branch
        hands its work on to the step after the join (``graph.walk_edges``)."""
        need = self.plan.join[node]
        block = -1
        if need < 0:  # inclusive: wait for the tokens its split actually sent
            if tags:
                block, need = tags[-1]
                tags = tags[:-1]
            else:
                need = self.plan.join_fallback[node]
        if need <= 1:
            return stream, carried, tags
        waiting = buffers.setdefault((node, block), [])
        waiting.append(carried)
        if len(waiting) < need:
            return None
        del buffers[(node, block)]
        merged = tuple(item for c in waiting for item in c)
        firing = self.firings.get(node, 0)
        self.firings[node] = firing + 1
        return join_stream(self.key, node, firing), merged, tags

    def visit(self, node: int, carried: Carried) -> Carried | None:
        """Count a visit (and a hand-off when an activity is in another lane than the ones
        the token comes from); None once the case has used up its visits."""
        self.visits += 1
        if self.visits > MAX_VISITS:  # the plain walk inlines this method: keep both alike
            if not self.truncated:
                self.truncated = True
                self.tally.truncated += 1
            return None
        tally = self.tally
        tally.visits[node] += 1
        lane = self.plan.lane[node]
        if lane < 0:
            return carried
        for source, weight in carried:
            if source != lane:
                tally.handoffs += weight
        return self.plan.own[node]

    def leave(
        self, node: int, stream: int, carried: Carried, tags: Tags, ended: list[Carried]
    ) -> tuple[list[tuple[int, int]], Tags]:
        """The tokens leaving ``node``, and the tags they carry (an inclusive split adds
        one saying how many tokens it sent, for its join). A token at the end of its scope
        adds what it carries to ``ended``: a sub-process hands on the work of the steps
        that ended its inside."""
        plan = self.plan
        route = plan.routes[node]
        if route.kind == END:
            ended.append(carried)
            return [], tags
        tokens = emit(route, stream)
        if plan.opens[node] and tokens:
            self.activations += 1
            tags = (*tags, (self.activations, len(tokens)))
        return tokens, tags
