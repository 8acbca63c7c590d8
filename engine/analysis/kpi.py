"""KPIs of a process, exactly as the BPR annotations contract defines them (per case).

``E[v]``, the expected number of times node ``v`` runs per case, solves ``E = s + Wᵀ E``
over the token graph (``engine.analysis.graph``): loops are exact, not unrolled. Hand-offs
count, for each activity, the expected activities reached next (walking through gateways,
events and sub-processes) in a different lane. Lead time is exact where one token walks
and for blocks of parallel branches without loops, simulated only for what remains (see
the lead time section). handbook/{ja,en}/kpi.md says all of it in plain words.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import random
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from engine.analysis.graph import (
    INDEPENDENT_KINDS,
    SPLIT_KINDS,
    EndlessLoopError,
    FlowGraph,
    build,
    components,
    conditional,
    entered,
    immediate_dominators,
    is_activity,
    solve,
    visit_system,
    walk_edges,
)
from engine.errors import InputError
from engine.model.duration import SECONDS_PER_DAY, parse_duration
from engine.model.elements import Definitions, FlowNode, Process

KPI_KEYS: Final = (
    "steps",
    "staff_minutes",
    "resident_minutes",
    "resident_visits",
    "paper",
    "seals",
    "rekeys",
    "approvals",
    "handoffs",
    "lead_time_days",
    "online_share",
)
# Which KPIs each missing annotation leaves at a default (see handbook kpi.md).
AFFECTS: Final[dict[str, tuple[str, ...]]] = {
    "bpmn:startEvent": KPI_KEYS,
    "bpr:probability": KPI_KEYS,
    "bpr:duration": ("staff_minutes", "resident_minutes", "lead_time_days"),
    "bpr:actor": ("staff_minutes", "resident_minutes", "resident_visits", "online_share"),
    "bpr:channel": ("resident_visits", "online_share"),
}
MAX_STEPS_PER_CASE: Final = 20_000


class NoExitError(InputError):
    """A loop that cases never leave: expected visits are infinite."""

    def __init__(self, *, process: str, file: str = "", elements: tuple[str, ...] = ()) -> None:
        self.elements = elements
        shown = ", ".join(elements[:6]) + (", …" if len(elements) > 6 else "")
        super().__init__("kpi.no-exit", file=file, process=process, elements=shown)


@dataclass(frozen=True, slots=True)
class Missing:
    """An annotation the KPIs needed and did not find: the elements lacking it, and the
    KPIs that used a default instead."""

    key: str
    elements: tuple[str, ...]
    kpis: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kpis": list(self.kpis),
            "count": len(self.elements),
            "elements": list(self.elements),
        }


@dataclass(frozen=True, slots=True)
class KpiReport:
    process: str
    name: str | None
    kpis: dict[str, float]
    visits: dict[str, float]  # E[v] per node id
    missing: list[Missing] = field(default_factory=list)
    lead_time_method: str = "exact"  # or "simulation"

    def to_json(self) -> dict[str, Any]:
        return {
            "process": self.process,
            "kpis": {k: round(v, 6) for k, v in self.kpis.items()},
            "missing": [m.to_json() for m in self.missing],
        }


def expected_visits(graph: FlowGraph) -> dict[str, float]:
    """``E[v]`` for every node of the graph (0 where no case gets); raises NoExitError."""
    edges, sources = visit_system(graph)
    try:
        found = solve(edges, sources)
    except EndlessLoopError as exc:
        raise NoExitError(
            process=graph.process.id, file=graph.file, elements=tuple(exc.elements)
        ) from None
    return {node: found.get(node, 0.0) for node in graph.nodes}


def compute(definitions: Definitions, process: Process) -> KpiReport:
    graph = build(definitions, process)
    visits = expected_visits(graph)
    nodes = process.nodes
    activities = [n for n, node in nodes.items() if is_activity(node) and visits[n] > 0.0]
    actor = actors(definitions, process)

    def total(ids: list[str], value: Any = lambda node: 1.0) -> float:
        return float(sum(visits[n] * value(nodes[n]) for n in ids))

    resident = [n for n in activities if actor[n] == "resident"]
    staff = [n for n in activities if actor[n] == "staff"]
    with_channel = total([n for n in resident if nodes[n].bpr.channel])
    online = total([n for n in resident if nodes[n].bpr.channel == "online"])
    lead, method = lead_time(graph, visits)
    kpis = {
        "steps": total(activities),
        "staff_minutes": total(staff, lambda node: node.bpr.duration / 60),
        "resident_minutes": total(resident, lambda node: node.bpr.duration / 60),
        "resident_visits": total([n for n in resident if nodes[n].bpr.channel == "counter"]),
        "paper": total(activities, lambda node: float(node.bpr.paper)),
        "seals": total([n for n in activities if nodes[n].bpr.seal]),
        "rekeys": total([n for n in activities if nodes[n].bpr.rekey]),
        "approvals": total([n for n in activities if nodes[n].bpr.approval]),
        "handoffs": handoffs(graph, visits),
        "lead_time_days": lead,
        "online_share": online / with_channel if with_channel > 0.0 else 0.0,
    }
    return KpiReport(
        process=process.id,
        name=process.name,
        kpis=kpis,
        visits=visits,
        missing=missing(graph, visits, actor),
        lead_time_method=method,
    )


def kpis(definitions: Definitions, process_id: str | None = None) -> list[KpiReport]:
    """KPIs of ``process_id``, or of every process with flow nodes in the file."""
    if process_id is not None:
        process = definitions.processes.get(process_id)
        if process is None:
            known = ", ".join(p for p, v in definitions.processes.items() if v.nodes) or "-"
            raise InputError(
                "kpi.no-process", file=definitions.source, process=process_id, known=known
            )
        return [compute(definitions, process)]
    return [compute(definitions, p) for p in definitions.processes.values() if p.nodes]


def actors(definitions: Definitions, process: Process) -> dict[str, str]:
    """Who works each node (``Definitions.actor_of`` for all nodes at once)."""
    lanes = {lane.id: lane for lane in process.all_lanes()}
    participant = definitions.participant_for(process.id)
    pool = participant.bpr.actor if participant is not None else None
    return {
        node_id: lanes[node.lane_id].actor if node.lane_id in lanes else pool or "staff"
        for node_id, node in process.nodes.items()
    }


# --- hand-offs ---------------------------------------------------------------------------


def lane_key(process: Process, node: FlowNode) -> str:
    """The innermost lane of a node, or its pool when the pool has no lanes."""
    return node.lane_id or f"pool:{process.id}"


def handoffs(graph: FlowGraph, visits: Mapping[str, float]) -> float:
    """Σ over activities a of E[a] · (expected next activities in another lane than a's).

    ``ahead[x]`` is, per lane, the expected activities reached next from a node that is not
    an activity, walking through gateways, events and sub-processes (``walk_edges``):
    computed once per node in reverse topological order, loops of such nodes by a small
    linear system.
    """
    process = graph.process
    nodes = process.nodes
    walk = walk_edges(graph)
    lane = {n: lane_key(process, nodes[n]) for n in nodes if is_activity(nodes[n])}
    passing = [n for n in nodes if n not in lane]
    through = {u: {v: w for v, w in walk.get(u, {}).items() if v not in lane} for u in passing}
    ahead: dict[str, dict[str, float]] = {}
    for component in reversed(components(passing, through)):
        _reach(component, walk, lane, ahead)
    count = 0.0
    for a, own in lane.items():
        runs = visits.get(a, 0.0)
        if runs <= 0.0:
            continue
        for v, w in walk.get(a, {}).items():
            if v in lane:
                count += runs * w * (lane[v] != own)
            else:
                count += runs * w * sum(x for key, x in ahead[v].items() if key != own)
    return count


def _reach(
    component: list[str],
    walk: Mapping[str, Mapping[str, float]],
    lane: Mapping[str, str],
    ahead: dict[str, dict[str, float]],
) -> None:
    members = set(component)
    direct: dict[str, dict[str, float]] = {}
    for u in component:
        row: dict[str, float] = {}
        for v, w in walk.get(u, {}).items():
            if v in lane:
                row[lane[v]] = row.get(lane[v], 0.0) + w
            elif v not in members:
                for key, x in ahead[v].items():
                    row[key] = row.get(key, 0.0) + w * x
        direct[u] = row
    looped = len(component) > 1 or component[0] in walk.get(component[0], {})
    if not looped:
        ahead[component[0]] = direct[component[0]]
        return
    import numpy as np

    keys = sorted({k for row in direct.values() for k in row})
    position = {n: i for i, n in enumerate(component)}
    system = np.eye(len(component))
    for u in component:
        for v, w in walk.get(u, {}).items():
            if v in members:
                system[position[u], position[v]] -= w
    rhs = np.array([[direct[u].get(k, 0.0) for k in keys] for u in component]).reshape(
        len(component), len(keys)
    )
    try:
        solution = np.linalg.solve(system, rhs) if keys else rhs
    except np.linalg.LinAlgError:
        solution = rhs  # gateways passing tokens round forever: no case gets here
    for u in component:
        values = solution[position[u]].tolist() if keys else []
        ahead[u] = {k: max(0.0, x) for k, x in zip(keys, values, strict=True)}


# --- what the KPIs needed and did not find -----------------------------------------------


def missing(
    graph: FlowGraph, visits: Mapping[str, float], actor: Mapping[str, str]
) -> list[Missing]:
    """Annotations the KPIs needed and did not find, on the elements some case reaches.

    Only keys without a natural default are listed: ``bpr:paper``, ``bpr:seal``,
    ``bpr:rekey``, ``bpr:approval`` and ``bpr:wait`` default to "none", which is a
    valid answer, so their absence is not reported.
    """
    process = graph.process
    nodes = process.nodes
    reached = {n for n, v in visits.items() if v > 0.0}
    activities = [n for n in reached if is_activity(nodes[n])]
    found: list[Missing] = []

    def need(key: str, ids: list[str]) -> None:
        if ids:
            found.append(Missing(key, tuple(sorted(set(ids))), AFFECTS[key]))

    if not graph.sources:
        need("bpmn:startEvent", [process.id])
    lanes = process.all_lanes()
    if lanes and not any("actor" in lane.bpr.present for lane in lanes):
        worked = {nodes[a].lane_id for a in activities}
        need("bpr:actor", [lane.id for lane in lanes if lane.id in worked])
    need("bpr:duration", [a for a in activities if "duration" not in nodes[a].bpr.present])
    need(
        "bpr:channel",
        [a for a in activities if actor[a] == "resident" and not nodes[a].bpr.channel],
    )
    need("bpr:probability", _unknown_chances(graph, reached))
    return found


def _unknown_chances(graph: FlowGraph, reached: set[str]) -> list[str]:
    """Choices the KPIs had to guess: flows sharing an even split, inclusive flows taken
    always, boundary events and event sub-processes assumed never to fire, start events
    sharing the cases evenly."""
    process = graph.process
    nodes = process.nodes
    ids: list[str] = []
    for node_id in reached:
        node = nodes[node_id]
        flows = [
            process.flows[f]
            for f in node.outgoing
            if f in process.flows and process.flows[f].target_id in nodes
        ]
        if len(flows) > 1:
            if node.kind in {"exclusiveGateway", "eventBasedGateway"}:
                open_flows = [f.id for f in flows if f.bpr.probability is None]
                if len(open_flows) > 1:
                    ids += open_flows
            elif node.kind in {"inclusiveGateway", "complexGateway"} or (
                node.kind != "parallelGateway"
                and any(f.condition or f.id == node.default_flow for f in flows)
            ):
                ids += [
                    f.id for f in flows if f.bpr.probability is None and f.id != node.default_flow
                ]
    ids += [
        node.id
        for node in nodes.values()
        if node.kind == "boundaryEvent"
        and node.bpr.probability is None
        and node.id not in graph.derived
        and node.attached_to in reached
        and not any(d.kind == "compensate" for d in node.event_definitions)
    ]
    for sub_id, chance in graph.triggers.items():
        scope = graph.scope_of(sub_id)
        if chance == 0.0 and (scope is None or scope in reached):
            starts = [c for c in nodes[sub_id].child_ids if nodes[c].kind == "startEvent"]
            ids.append(starts[0] if starts else sub_id)
    starts = [n for n in graph.sources if nodes[n].kind == "startEvent"]
    open_starts = [n for n in starts if nodes[n].bpr.probability is None]
    if len(open_starts) > 1:
        ids += open_starts
    return ids


# --- lead time ---------------------------------------------------------------------------
#
# Σ E[v]·time(v) is exact wherever one token walks: expectation is linear, loops included.
# Where tokens run side by side the slowest decides, and E[max] is not linear, so each
# scope (the process, a sub-process, an event sub-process) is first reduced: a fork and
# the join that post-dominates it (a block with one way in and one way out) become one
# node whose time is the distribution of "fork, slowest branch taken, join". Branches
# without forks or loops are exact discrete distributions; the rest is simulated, block by
# block, and only when nothing else is left the whole scope. After reducing, the scope has
# one token again and its mean is the linear sum.

LEAD_TIME_SEED: Final = 20220524  # the forum's date: fixed, so KPIs repeat exactly
LEAD_TIME_CASES: Final = 4000  # most cases simulated for one part of a process
MIN_CASES: Final = 200
BATCH: Final = 100
PRECISION: Final = 0.005  # stop once the standard error is below 0.5 % of the mean
MAX_ATOMS: Final = 4096  # beyond this a branch's distribution is simulated instead
EMPIRICAL_ATOMS: Final = 256
_START: Final = "\0start"
_MAIN: Final = "\0main"
_END: Final = "\0end"


def timer_wait(node: FlowNode) -> float:
    """An intermediate timer without bpr:wait waits its own duration (``P14D`` or "P14D")."""
    if node.kind != "intermediateCatchEvent":
        return 0.0
    for definition in node.event_definitions:
        if definition.kind == "timer" and definition.timer_type == "timeDuration":
            text = (definition.expression or "").strip().strip("\"'")
            return parse_duration(text) or 0.0
    return 0.0


def node_wait(node: FlowNode) -> float:
    """Seconds one run of a node waits: ``bpr:wait``, else a timer's own duration. The
    simulation waits the same way (engine.analysis.simulation.plan)."""
    return node.bpr.wait if "wait" in node.bpr.present else timer_wait(node)


def node_seconds(node: FlowNode) -> float:
    """Elapsed seconds of one run of a node itself: duration + wait (a timer's own wait)."""
    return node.bpr.duration + node_wait(node)


class _TooComplexError(Exception):
    """A distribution that would need too many atoms, or a branch with a loop."""


@dataclass(frozen=True, slots=True)
class Dist:
    """A discrete distribution of seconds: increasing values and their probabilities."""

    values: tuple[float, ...]
    probs: tuple[float, ...]

    @staticmethod
    def point(value: float) -> Dist:
        return Dist((value,), (1.0,))

    @staticmethod
    def of(masses: Mapping[float, float]) -> Dist:
        if len(masses) > MAX_ATOMS:
            raise _TooComplexError
        total = sum(masses.values())
        items = sorted((v, p / total) for v, p in masses.items() if p > 0.0)
        return Dist(tuple(v for v, _ in items), tuple(p for _, p in items))

    @property
    def mean(self) -> float:
        return sum(v * p for v, p in zip(self.values, self.probs, strict=True))

    def cdf(self, points: list[float]) -> list[float]:
        """P(X ≤ x) for increasing ``points``."""
        out: list[float] = []
        acc, i = 0.0, 0
        for x in points:
            while i < len(self.values) and self.values[i] <= x:
                acc += self.probs[i]
                i += 1
            out.append(acc)
        return out


def _spread(
    target: dict[float, float], masses: Mapping[float, float], dist: Dist, w: float
) -> None:
    """target += (masses ⊛ dist)·w, values rounded to microseconds to keep atoms few."""
    if len(masses) * len(dist.values) > MAX_ATOMS * 64:
        raise _TooComplexError
    for x, p in masses.items():
        for v, q in zip(dist.values, dist.probs, strict=True):
            key = round(x + v, 6)
            target[key] = target.get(key, 0.0) + p * q * w


def _then(*parts: Dist) -> Dist:
    masses: dict[float, float] = {0.0: 1.0}
    for part in parts:
        nxt: dict[float, float] = {}
        _spread(nxt, masses, part, 1.0)
        masses = nxt
    return Dist.of(masses)


def _slowest(branches: list[tuple[float, Dist]], default: Dist | None) -> Dist:
    """The latest of independent branches, each taken with its chance; ``default`` runs
    exactly when no other does (nothing taken and no default: 0)."""
    support = sorted(
        {0.0} | {v for _, d in branches for v in d.values} | set(default.values if default else ())
    )
    if len(support) > MAX_ATOMS:
        raise _TooComplexError
    cdf = [1.0] * len(support)
    none_taken = 1.0
    for chance, dist in branches:
        none_taken *= 1.0 - chance
        for i, f in enumerate(dist.cdf(support)):
            cdf[i] *= 1.0 - chance + chance * f
    if default is not None:
        for i, f in enumerate(default.cdf(support)):
            cdf[i] += none_taken * (f - 1.0)
    masses: dict[float, float] = {}
    previous = 0.0
    for value, f in zip(support, cdf, strict=True):
        if f - previous > 1e-15:
            masses[value] = f - previous
        previous = f
    return Dist.of(masses)


def _empirical(samples: list[float]) -> Dist:
    """Simulated times as at most EMPIRICAL_ATOMS atoms of equal mass (the mean is kept)."""
    ordered = sorted(samples)
    size = max(1, -(-len(ordered) // EMPIRICAL_ATOMS))
    masses: dict[float, float] = {}
    for i in range(0, len(ordered), size):
        chunk = ordered[i : i + size]
        key = sum(chunk) / len(chunk)
        masses[key] = masses.get(key, 0.0) + len(chunk)
    return Dist.of(masses)


@dataclass(slots=True)
class _Net:
    """One scope as a network of nodes that take time, for one run of the scope."""

    key: str
    succ: dict[str, dict[str, float]]
    pred: dict[str, set[str]]
    fork: set[str]  # sends a token down each flow taken (else: one flow is chosen)
    default: dict[str, str]  # fork -> the successor taken only when no other is
    join: dict[str, int]  # parallel join -> tokens per firing; inclusive join -> 0
    terminate: set[str]
    visits: dict[str, float]  # runs per run of the scope
    block: dict[str, Dist] = field(default_factory=dict)  # fork -> its reduced block


class _LeadTime:
    def __init__(self, graph: FlowGraph, visits: Mapping[str, float]) -> None:
        self.graph = graph
        self.visits = visits
        self.nodes = graph.process.nodes
        self.children: dict[str | None, list[str]] = {}
        for node_id, node in self.nodes.items():
            self.children.setdefault(node.parent_id, []).append(node_id)
        self.means: dict[str, float] = {}
        self.dists: dict[str, Dist] = {}
        self.simulated = False

    # -- per node ----------------------------------------------------------------------
    def mean_time(self, net: _Net, node_id: str) -> float:
        if node_id in net.block:
            return net.block[node_id].mean
        if node_id in (_START, _MAIN, _END):
            return 0.0
        node = self.nodes[node_id]
        own = node_seconds(node)
        return own + self.scope_mean(node_id) if entered(node) else own

    def atom(self, net: _Net, node_id: str) -> Dist:
        if node_id in net.block:
            return net.block[node_id]
        if node_id in (_START, _MAIN, _END):
            return Dist.point(0.0)
        node = self.nodes[node_id]
        own = Dist.point(node_seconds(node))
        return _then(own, self.scope_dist(node_id)) if entered(node) else own

    # -- per scope ---------------------------------------------------------------------
    def scope_mean(self, scope: str | None) -> float:
        """Expected seconds of one run of the scope (None: the whole case)."""
        key = scope or ""
        if key not in self.means:
            net = self.net(scope)
            if net is None:
                self.means[key] = 0.0
            else:
                if net.fork:
                    self.reduce(net)
                if net.fork:
                    samples = self.simulate(net, _START, None)
                    self.means[key] = sum(samples) / len(samples)
                else:
                    self.means[key] = sum(
                        net.visits.get(v, 0.0) * self.mean_time(net, v) for v in net.succ
                    )
        return self.means[key]

    def scope_dist(self, scope: str) -> Dist:
        """The distribution of one run's seconds (for a sub-process inside a branch)."""
        if scope not in self.dists:
            net = self.net(scope)
            if net is None:
                self.dists[scope] = Dist.point(0.0)
                return self.dists[scope]
            self.reduce(net)
            try:
                if net.fork:
                    raise _TooComplexError
                area = set(net.succ) - {_END}
                self.dists[scope] = self.dag(net, _START, _END, area)
            except _TooComplexError:
                self.dists[scope] = _empirical(self.simulate(net, _START, None))
        return self.dists[scope]

    def net(self, scope: str | None) -> _Net | None:
        graph = self.graph
        base = 1.0 if scope is None else self.visits.get(scope, 0.0)
        if base <= 0.0:
            return None
        members = [n for n in self.children.get(scope, []) if n in self.nodes]
        inside = set(members)
        succ: dict[str, dict[str, float]] = {}
        fork: set[str] = set()
        default: dict[str, str] = {}
        for node_id in members:
            node = self.nodes[node_id]
            targets = {t: w for t, w in graph.tokens(node_id).items() if t in inside}
            splits, default_target = self._splits(node, targets)
            if splits:
                fork.add(node_id)
                if default_target is not None:
                    default[node_id] = default_target
            elif sum(targets.values()) < 1.0 - 1e-9:
                targets[_END] = 1.0 - sum(targets.values())  # no further: this run ends
            succ[node_id] = targets or {_END: 1.0}
        entry = dict(graph.sources) if scope is None else graph.entries(scope)
        entry = {t: w for t, w in entry.items() if t in inside}
        triggers = {t: w for t, w in graph.triggers.items() if t in inside and w > 0.0}
        if not entry and not triggers:
            return None
        if triggers:
            succ[_MAIN] = entry or {_END: 1.0}
            if sum(entry.values()) > 1.0 + 1e-9:
                fork.add(_MAIN)
            succ[_START] = {_MAIN: 1.0, **triggers}
            fork.add(_START)
        else:
            succ[_START] = entry
            if sum(entry.values()) > 1.0 + 1e-9:
                fork.add(_START)
        succ[_END] = {}
        pred: dict[str, set[str]] = {n: set() for n in succ}
        for u, targets in succ.items():
            for v in targets:
                pred[v].add(u)
        join: dict[str, int] = {}
        for node_id in members:
            if node_id in graph.join_need:
                kind = self.nodes[node_id].kind
                count = sum(
                    1
                    for f in self.nodes[node_id].incoming
                    if f in graph.process.flows and graph.process.flows[f].source_id in inside
                )
                join[node_id] = count if kind == "parallelGateway" else 0
        terminate = {
            n
            for n in members
            if self.nodes[n].kind == "endEvent"
            and any(d.kind == "terminate" for d in self.nodes[n].event_definitions)
        }
        visits = {n: self.visits.get(n, 0.0) / base for n in members}
        visits[_START] = visits[_MAIN] = 1.0
        return _Net(scope or "", succ, pred, fork, default, join, terminate, visits)

    def _splits(self, node: FlowNode, targets: Mapping[str, float]) -> tuple[bool, str | None]:
        """Whether ``node`` sends a token down each flow taken (else it chooses one), and
        the successor it takes only when it takes no other (an inclusive default flow)."""
        process = self.graph.process
        if node.kind in SPLIT_KINDS:
            return False, None
        independent = node.kind in INDEPENDENT_KINDS or (
            node.kind != "parallelGateway" and len(node.outgoing) > 1 and conditional(process, node)
        )
        if not ((independent and len(targets) > 1) or sum(targets.values()) > 1.0 + 1e-9):
            return False, None
        flow = process.flows.get(node.default_flow or "")
        if flow is not None and flow.bpr.probability is None and flow.target_id in targets:
            return True, flow.target_id
        return True, None

    # -- reduction ---------------------------------------------------------------------
    def reduce(self, net: _Net) -> None:
        """Replace each block (fork … its post-dominating join) by one timed node,
        innermost first."""
        reverse = {v: sorted(us) for v, us in net.pred.items()}
        post = immediate_dominators(_END, reverse)
        queue: list[tuple[int, int, str, str]] = []
        ticket = itertools.count()  # ties: first found first
        for fork in sorted(net.fork):
            if fork not in post:
                continue  # cases never get from here to the end
            join = post[fork] or _END
            region = self.region(net, fork, join)
            if region is not None:
                queue.append((len(region), next(ticket), fork, join))
        heapq.heapify(queue)
        while queue:
            _, _, fork, join = heapq.heappop(queue)
            region = self.region(net, fork, join)
            if region is None or fork not in net.fork:
                continue
            if join != _END and join not in net.join:
                continue  # tokens merge without waiting for each other: each goes on
            try:
                dist = self.exact_block(net, fork, join, region)
            except _TooComplexError:
                dist = _empirical(self.simulate(net, fork, join))
            self.absorb(net, fork, join, region, dist)
            if fork in net.fork and join in post:  # the join splits again: the next block
                following = post[join] or _END
                region = self.region(net, fork, following)
                if region is not None:
                    heapq.heappush(queue, (len(region), next(ticket), fork, following))

    def region(self, net: _Net, fork: str, join: str) -> set[str] | None:
        """The nodes between ``fork`` and ``join`` if they form a block: entered only from
        the fork, left only to the join, no loop back to the fork, no terminate event."""
        region: set[str] = set()
        stack = list(net.succ.get(fork, {}))
        while stack:
            node = stack.pop()
            if node == join or node in region:
                continue
            if node in (fork, _END):
                return None
            region.add(node)
            stack.extend(net.succ[node])
        allowed = region | {fork}
        if any(not net.pred[v] <= allowed for v in region):
            return None
        if join != _END and not net.pred[join] <= allowed:
            return None
        if region & net.terminate:
            return None
        return region

    def exact_block(self, net: _Net, fork: str, join: str, region: set[str]) -> Dist:
        if region & net.fork:
            raise _TooComplexError  # a fork inside that could not be reduced
        taken: set[str] = set()
        branches: list[tuple[float, Dist]] = []
        default: Dist | None = None
        for start, weight in net.succ[fork].items():
            if weight > 1.0 + 1e-9:
                raise _TooComplexError  # several tokens down one flow
            if start == join:
                dist = Dist.point(0.0)
            else:
                area = self._area(net, start, join, region)
                if area & taken:
                    raise _TooComplexError  # branches that meet before the join
                taken |= area
                dist = self.dag(net, start, join, area)
            if net.default.get(fork) == start:
                default = dist
            else:
                branches.append((min(1.0, weight), dist))
        tail = self.atom(net, join) if join != _END else Dist.point(0.0)
        return _then(self.atom(net, fork), _slowest(branches, default), tail)

    @staticmethod
    def _area(net: _Net, start: str, join: str, region: set[str]) -> set[str]:
        area: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            if node in area or node == join or node not in region:
                continue
            area.add(node)
            stack.extend(net.succ[node])
        return area

    def dag(self, net: _Net, start: str, stop: str, area: set[str]) -> Dist:
        """Seconds from arriving at ``start`` to arriving at ``stop``, one token choosing its
        way through ``area`` (no loops): an exact discrete distribution."""
        indegree = {v: sum(1 for u in net.pred[v] if u in area) for v in area}
        ready = [v for v in area if indegree[v] == 0]
        arrive: dict[str, dict[float, float]] = {start: {0.0: 1.0}}
        at_stop: dict[float, float] = {}
        done = 0
        while ready:
            node = ready.pop()
            done += 1
            masses = arrive.pop(node, {})
            leave: dict[float, float] = {}
            if masses:
                _spread(leave, masses, self.atom(net, node), 1.0)
            for target, weight in net.succ[node].items():
                if target in area:
                    indegree[target] -= 1
                    if indegree[target] == 0:
                        ready.append(target)
                    bucket = arrive.setdefault(target, {})
                else:
                    bucket = at_stop if target == stop else {}
                for value, p in leave.items():
                    bucket[value] = bucket.get(value, 0.0) + p * weight
        if done < len(area):
            raise _TooComplexError  # a loop: simulate
        return Dist.of(at_stop) if at_stop else Dist.point(0.0)

    def absorb(self, net: _Net, fork: str, join: str, region: set[str], dist: Dist) -> None:
        """Make ``fork`` the whole block: its time ``dist``, its way on the join's."""
        splits_on = join in net.fork
        default = net.default.pop(join, None)
        gone = region | ({join} if join != _END else set())
        after = dict(net.succ[join]) if join != _END else {_END: 1.0}
        for node in gone:
            for target in net.succ.pop(node, {}):
                if target in net.pred:
                    net.pred[target].discard(node)
            net.pred.pop(node, None)
            net.fork.discard(node)
        for target in net.succ[fork]:
            if target in net.pred:
                net.pred[target].discard(fork)
        net.succ[fork] = after
        for target in after:
            net.pred[target].add(fork)
        net.fork.discard(fork)
        net.default.pop(fork, None)
        if splits_on:
            net.fork.add(fork)
        if default is not None:
            net.default[fork] = default
        net.block[fork] = dist

    # -- simulation --------------------------------------------------------------------
    def simulate(self, net: _Net, start: str, stop: str | None) -> list[float]:
        """Seconds of simulated runs from ``start`` until ``stop`` fires (None: until no
        token is left), enough cases for a standard error below PRECISION of the mean."""
        self.simulated = True
        seed = LEAD_TIME_SEED ^ zlib.crc32(f"{net.key}>{start}".encode())
        rng = random.Random(seed)  # noqa: S311  (a simulation, not a secret)
        case = _Case(self, net, start, stop)
        samples: list[float] = []
        while len(samples) < LEAD_TIME_CASES:
            samples.extend(case.run(rng) for _ in range(BATCH))
            if len(samples) >= MIN_CASES:
                mean = sum(samples) / len(samples)
                var = sum((x - mean) ** 2 for x in samples) / (len(samples) - 1)
                if mean <= 0.0 or (var / len(samples)) ** 0.5 < PRECISION * mean:
                    break
        return samples


class _Case:
    """Simulated runs of one network: tokens in a time-ordered heap, joins that wait."""

    def __init__(self, owner: _LeadTime, net: _Net, start: str, stop: str | None) -> None:
        self.net = net
        self.start = start
        self.stop = stop
        self.owner = owner
        self.draw: dict[str, Callable[[random.Random], float]] = {}
        self.routes = {n: (list(t), list(_cumulative(t.values()))) for n, t in net.succ.items()}
        self.inclusive = [j for j, k in net.join.items() if k == 0 and j in net.succ]
        self.feeds: dict[str, set[str]] = {j: self._upstream(j) for j in self.inclusive}

    def _upstream(self, join: str) -> set[str]:
        found: set[str] = set()
        stack = list(self.net.pred.get(join, ()))
        while stack:
            node = stack.pop()
            if node not in found:
                found.add(node)
                stack.extend(self.net.pred.get(node, ()))
        return found

    def run(self, rng: random.Random) -> float:
        net = self.net
        heap: list[tuple[float, int, str, bool]] = [(0.0, 0, self.start, True)]
        count = 1
        waiting: dict[str, list[float]] = {}
        finish = 0.0
        for _ in range(MAX_STEPS_PER_CASE):
            if self.inclusive and waiting:
                count = self._release(heap, waiting, count)
            if not heap:
                break
            time, _, node, fired = heapq.heappop(heap)
            if node == _END:
                finish = max(finish, time)
                continue
            need = net.join.get(node)
            if need is not None and not fired:
                arrived = waiting.setdefault(node, [])
                arrived.append(time)
                if need == 0 or len(arrived) < need:
                    continue
                time = max(arrived[:need])
                del arrived[:need]
            draw = self.draw.get(node)
            if draw is None:  # built on first use: only the nodes this run reaches
                draw = self.draw[node] = _sampler(self.owner.atom(net, node))
            time += draw(rng)
            if node == self.stop or node in net.terminate:
                return time
            for target in self._route(node, rng):
                heapq.heappush(heap, (time, count, target, False))
                count += 1
        return finish

    def _release(
        self, heap: list[tuple[float, int, str, bool]], waiting: dict[str, list[float]], count: int
    ) -> int:
        """Fire each inclusive join that waits and that no other token can still reach."""
        moving = {item[2] for item in heap} | {n for n, times in waiting.items() if times}
        for join in self.inclusive:
            arrived = waiting.get(join)
            if arrived and not (moving - {join}) & self.feeds[join]:
                heapq.heappush(heap, (max(arrived), count, join, True))
                count += 1
                waiting[join] = []
        return count

    def _route(self, node: str, rng: random.Random) -> list[str]:
        targets, cumulative = self.routes[node]
        if node not in self.net.fork:
            index = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
            return [targets[min(index, len(targets) - 1)]] if targets else []
        weights = self.net.succ[node]
        default = self.net.default.get(node)
        out: list[str] = []
        for target in targets:
            if target == default:
                continue
            weight = weights[target]
            whole = int(weight)
            out += [target] * (whole + (rng.random() < weight - whole))
        if default is not None and not out:
            out.append(default)
        return out


def _cumulative(weights: Any) -> list[float]:
    out: list[float] = []
    acc = 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


def _sampler(dist: Dist) -> Callable[[random.Random], float]:
    if len(dist.values) == 1:
        value = dist.values[0]
        return lambda rng: value
    values = dist.values
    cumulative = _cumulative(dist.probs)

    def draw(rng: random.Random) -> float:
        index = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
        return values[min(index, len(values) - 1)]

    return draw


def lead_time(graph: FlowGraph, visits: Mapping[str, float]) -> tuple[float, str]:
    """Expected days from start to end per case, and how: "exact" or "simulation"."""
    if not any(node_seconds(graph.process.nodes[n]) > 0.0 for n, v in visits.items() if v > 0):
        return 0.0, "exact"
    timing = _LeadTime(graph, visits)
    seconds = timing.scope_mean(None)
    return seconds / SECONDS_PER_DAY, "simulation" if timing.simulated else "exact"
