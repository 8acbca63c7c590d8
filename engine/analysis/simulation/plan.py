"""A process compiled for simulation: per-node times, lanes, KPI values and token routing.

Node ids become indexes into flat lists so that the walk does no dictionary work per step.
Routing comes from the token graph (``engine.analysis.graph``), so a simulated case takes
each flow as often, on average, as the KPIs expect: exclusive and event-based choices (and
an activity whose interrupting boundary events may fire) draw one of their flows; inclusive
splits draw each flow independently; parallel splits send a token down every flow.

Random draws come from SplitMix64 streams (Steele, Lea and Flood, "Fast splittable
pseudorandom number generators", 2014), one per token: a token that forks hands each new
token a stream split off its own, and a join starts a stream from the case's key, the join
and how often it fired. What a token draws therefore depends on its history only, never on
the order in which an event loop happens to run tokens that are due at the same time; that
is what lets the plain walk and the SimPy run give the same cases the same paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from engine.analysis.graph import INDEPENDENT_KINDS, SPLIT_KINDS, FlowGraph, entered, is_activity
from engine.analysis.kpi import node_wait
from engine.model.elements import Definitions, FlowNode, Lane, Process

MASK: Final = (1 << 64) - 1
GAMMA: Final = 0x9E3779B97F4A7C15
_JOIN_SALT: Final = 0xD1B54A32D192ED03
_TRIGGER_SALT: Final = 0x8CB92BA72F3D8DD7
_UNIT: Final = 2.0**-53

# How a node sends its tokens on.
END: Final = 0  # no outgoing flow
ONE: Final = 1  # one flow, always
CHOICE: Final = 2  # one of several flows, or none (a draw)
SPLIT: Final = 3  # a token down each flow taken; each flow its own draw unless certain

# Per-visit KPI values, in this order (see the annotations contract).
VISIT_KEYS: Final = (
    "steps",
    "staff_minutes",
    "resident_minutes",
    "resident_visits",
    "paper",
    "seals",
    "rekeys",
    "approvals",
)

Carried = tuple[tuple[int, float], ...]  # lanes of the activities a token comes from
Tags = tuple[tuple[int, int], ...]  # open inclusive splits: (activation, tokens sent)


def mix(z: int) -> int:
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def draw(stream: int) -> tuple[int, float]:
    """The stream advanced, and a uniform number in [0, 1) from it."""
    stream = (stream + GAMMA) & MASK
    return stream, (mix(stream) >> 11) * _UNIT


def split(stream: int) -> tuple[int, int]:
    """The stream advanced, and a new stream for a token forked off it."""
    stream = (stream + GAMMA) & MASK
    return stream, mix(stream)


def join_stream(key: int, node: int, firing: int) -> int:
    return mix((key + (node + 1) * _JOIN_SALT + firing * GAMMA) & MASK)


@dataclass(frozen=True, slots=True)
class Route:
    """Where a node's tokens go: ``targets`` with cumulative shares (CHOICE), or with a
    certain number of tokens ``whole`` plus the chance of one more (SPLIT)."""

    kind: int
    targets: tuple[int, ...] = ()
    cumulative: tuple[float, ...] = ()
    whole: tuple[int, ...] = ()
    chance: tuple[float, ...] = ()


Trigger = tuple[int, float]  # an event sub-process and its chance per run of its scope


@dataclass(slots=True)
class Plan:
    """One process, ready to simulate. Lists are indexed by node number."""

    process: Process
    ids: list[str]
    wait: list[float]  # seconds: bpr:wait (or a timer's own duration)
    work: list[float]  # seconds: bpr:duration, hands-on
    elapsed: list[float]  # wait + work, added in one go when no calendar or staff limit
    actor: list[str]
    activity: list[bool]
    lane: list[int]  # hand-off lane number (activities); -1 otherwise
    own: list[Carried]  # what a token carries on after this activity
    values: list[tuple[float, ...]]  # VISIT_KEYS per visit
    routes: list[Route]
    entered: list[bool]  # a sub-process whose inside is run
    entries: list[Route]  # the tokens one run of an entered sub-process starts with
    triggers: list[tuple[Trigger, ...]]  # event sub-processes of an entered sub-process
    terminates: list[bool]  # a terminate end event: its scope ends there and then
    concurrent: bool  # tokens can run side by side (the token graph's ``parallel``)
    join: list[int]  # tokens a parallel join waits for; -1 an inclusive join; 0 none
    join_fallback: list[int]  # an inclusive join reached by untagged tokens waits for this
    opens: list[bool]  # an inclusive split: its join waits for the tokens it actually sent
    lane_chain: list[tuple[Lane, ...]]  # innermost lane first, for staff capacity
    starts: Route  # where a case starts
    root_triggers: tuple[Trigger, ...]  # event sub-processes of the process

    @property
    def size(self) -> int:
        return len(self.ids)

    def start(self, key: int) -> list[tuple[int, int]]:
        """The first tokens of a case, the first drawing from the case's key."""
        return _fire(self.root_triggers, mix(key ^ _TRIGGER_SALT), emit(self.starts, key))

    def enter(self, node: int, stream: int) -> tuple[int, list[tuple[int, int]]]:
        """The stream kept by a sub-process's token, and the tokens of one run inside."""
        stream, first = split(stream)
        stream, second = split(stream)
        return stream, _fire(self.triggers[node], second, emit(self.entries[node], first))


def emit(route: Route, stream: int) -> list[tuple[int, int]]:
    """The tokens a route sends on: (target, stream) each; the first keeps ``stream``."""
    kind = route.kind
    if kind == ONE:
        return [(route.targets[0], stream)]
    if kind == END:
        return []
    if kind == CHOICE:
        stream, roll = draw(stream)
        for target, edge in zip(route.targets, route.cumulative, strict=True):
            if roll < edge:
                return [(target, stream)]
        return []
    chosen: list[int] = []
    for target, whole, chance in zip(route.targets, route.whole, route.chance, strict=True):
        count = whole
        if chance:
            stream, roll = draw(stream)
            if roll < chance:
                count += 1
        chosen.extend([target] * count)
    if not chosen:
        return []
    forked: list[tuple[int, int]] = []
    for target in chosen[1:]:
        stream, child = split(stream)
        forked.append((target, child))
    return [(chosen[0], stream), *forked]


def _fire(
    triggers: tuple[Trigger, ...], stream: int, tokens: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``tokens``, and one for each event sub-process that runs this time."""
    for node, chance in triggers:
        stream, roll = draw(stream)
        if roll < chance:
            stream, child = split(stream)
            tokens.append((node, child))
    return tokens


def _values(node: FlowNode, actor: str) -> tuple[float, ...]:
    bpr = node.bpr
    minutes = bpr.duration / 60.0
    return (
        1.0,
        minutes if actor == "staff" else 0.0,
        minutes if actor == "resident" else 0.0,
        1.0 if actor == "resident" and bpr.channel == "counter" else 0.0,
        float(bpr.paper),
        1.0 if bpr.seal else 0.0,
        1.0 if bpr.rekey else 0.0,
        1.0 if bpr.approval else 0.0,
    )


def _lane_chains(process: Process) -> list[tuple[Lane, ...]]:
    lanes = {lane.id: lane for lane in process.all_lanes()}
    chains: dict[str, tuple[Lane, ...]] = {}
    for node in process.nodes.values():  # file order: a sub-process before its content
        chain: list[Lane] = []
        lane_id = node.lane_id
        while lane_id is not None and lane_id in lanes and len(chain) < len(lanes):
            chain.append(lanes[lane_id])
            lane_id = lanes[lane_id].parent_id
        if not chain and node.parent_id is not None:  # inside a sub-process: its lane
            chains[node.id] = chains.get(node.parent_id, ())
        else:
            chains[node.id] = tuple(chain)
    return [chains[n] for n in process.nodes]


def compile_plan(definitions: Definitions, graph: FlowGraph) -> Plan:
    """The plan of the process behind ``graph`` (``engine.analysis.graph.build``)."""
    process = graph.process
    ids = list(graph.nodes)
    index = graph.index
    nodes = [process.nodes[n] for n in ids]
    actor = [definitions.actor_of(node) for node in nodes]
    activity = [is_activity(node) for node in nodes]
    lane_numbers: dict[str, int] = {}
    lane = [-1] * len(ids)
    for i, node in enumerate(nodes):
        if activity[i]:
            key = node.lane_id or f"pool:{process.id}"
            lane[i] = lane_numbers.setdefault(key, len(lane_numbers))
    join = [0] * len(ids)
    fallback = [1] * len(ids)
    for node_id, tokens in graph.join_need.items():
        i = index[node_id]
        fallback[i] = max(1, round(tokens))
        if process.nodes[node_id].kind in INDEPENDENT_KINDS:
            join[i] = -1
        elif round(tokens) > 1:
            join[i] = round(tokens)
    triggers: dict[str | None, list[Trigger]] = {}
    for sub_id, chance in graph.triggers.items():
        triggers.setdefault(graph.scope_of(sub_id), []).append((index[sub_id], chance))
    routes = [
        _route(node.kind, {index[t]: w for t, w in graph.tokens(node.id).items()}) for node in nodes
    ]
    wait = [node_wait(node) for node in nodes]
    work = [node.bpr.duration for node in nodes]
    return Plan(
        process=process,
        ids=ids,
        wait=wait,
        work=work,
        elapsed=[a + b for a, b in zip(wait, work, strict=True)],
        actor=list(actor),
        activity=activity,
        lane=lane,
        own=[((lane[i], 1.0),) if activity[i] else () for i in range(len(ids))],
        values=[
            _values(node, actor[i]) if activity[i] else (0.0,) * len(VISIT_KEYS)
            for i, node in enumerate(nodes)
        ],
        routes=routes,
        entered=[entered(node) for node in nodes],
        entries=[
            _route("", {index[t]: w for t, w in graph.entries(node.id).items()})
            if entered(node)
            else Route(END)
            for node in nodes
        ],
        triggers=[tuple(triggers.get(node.id, ())) for node in nodes],
        terminates=[
            node.kind == "endEvent" and any(d.kind == "terminate" for d in node.event_definitions)
            for node in nodes
        ],
        concurrent=graph.parallel,
        join=join,
        join_fallback=fallback,
        opens=[
            r.kind == SPLIT and node.kind in INDEPENDENT_KINDS
            for r, node in zip(routes, nodes, strict=True)
        ],
        lane_chain=_lane_chains(process),
        starts=_route("", {index[n]: w for n, w in graph.sources.items()}),
        root_triggers=tuple(triggers.get(None, ())),
    )


def _route(kind: str, weights: dict[int, float]) -> Route:
    """How tokens leave, read from the token graph as the KPIs read it: a choice where the
    node is one (or sends at most one token in all), else a token per flow taken."""
    if not weights:
        return Route(END)
    total = sum(weights.values())
    targets = tuple(weights)
    if kind in SPLIT_KINDS or (total <= 1.0 + 1e-9 and kind not in INDEPENDENT_KINDS):
        if len(targets) == 1 and total >= 1.0 - 1e-12:
            return Route(ONE, targets)
        cumulative: list[float] = []
        acc = 0.0
        for target in targets:
            acc += weights[target]
            cumulative.append(acc)
        return Route(CHOICE, targets, tuple(cumulative))
    whole = tuple(int(weights[t]) for t in targets)
    chance = tuple(weights[t] - int(weights[t]) for t in targets)
    return Route(SPLIT, targets, whole=whole, chance=chance)
