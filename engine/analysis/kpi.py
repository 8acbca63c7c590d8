"""KPIs of a process, exactly as the BPR annotations contract defines them (per case).

``E[v]``, the expected number of times node ``v`` runs per case, solves the linear system
``E = s + Wᵀ E`` over the token graph (``engine.analysis.graph``): loops are exact, not
unrolled. Hand-offs count, for each activity, the expected activities reached next
(walking through gateways and events, a second linear system) in a different lane. Lead
time is exact without parallel splits (Σ E[v]·(duration + wait)); with them, the slowest
branch decides and it is found by simulating cases with a fixed seed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from engine.analysis.graph import FlowGraph, build, is_activity
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
LEAD_TIME_CASES: Final = 4000
LEAD_TIME_SEED: Final = 20220524  # the forum's date: fixed, so KPIs repeat exactly
MAX_STEPS_PER_CASE: Final = 20_000


class NoExitError(InputError):
    """A loop that every case takes forever: expected visits are infinite."""

    def __init__(self, *, process: str) -> None:
        super().__init__("analysis.no-exit", process=process)


@dataclass(frozen=True, slots=True)
class Missing:
    """An annotation the KPIs needed and did not find, with the elements lacking it."""

    key: str
    elements: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "count": len(self.elements), "elements": list(self.elements)}


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
    n = len(graph.nodes)
    if n == 0:
        return {}
    weights = np.zeros((n, n))
    for u, targets in graph.edges.items():
        i = graph.index[u]
        for v, w in targets.items():
            weights[i, graph.index[v]] += w
    source = np.zeros(n)
    for node, tokens in graph.sources.items():
        source[graph.index[node]] = tokens
    system = np.eye(n) - weights.T
    try:
        visits = np.linalg.solve(system, source)
    except np.linalg.LinAlgError:
        raise NoExitError(process=graph.process.id) from None
    if not np.all(np.isfinite(visits)) or np.any(visits < -1e-9) or np.any(visits > 1e9):
        raise NoExitError(process=graph.process.id)
    return {node: max(0.0, float(visits[i])) for i, node in enumerate(graph.nodes)}


def _next_activities(graph: FlowGraph, activities: set[str]) -> dict[str, dict[str, float]]:
    """For each activity: expected arrivals at each next activity per visit, walking
    through gateways, events and into sub-processes."""
    passing = [n for n in graph.nodes if n not in activities]
    if not activities:
        return {}
    pos = {n: i for i, n in enumerate(passing)}
    act = sorted(activities)
    apos = {n: i for i, n in enumerate(act)}
    # R[x, b] = expected arrivals at activity b starting from passing node x.
    through = np.zeros((len(passing), len(passing)))
    direct = np.zeros((len(passing), len(act)))
    for u in passing:
        for v, w in graph.successors(u).items():
            if v in pos:
                through[pos[u], pos[v]] += w
            else:
                direct[pos[u], apos[v]] += w
    if passing:
        try:
            reach = np.linalg.solve(np.eye(len(passing)) - through, direct)
        except np.linalg.LinAlgError:
            reach = direct
    else:
        reach = direct
    result: dict[str, dict[str, float]] = {}
    for a in act:
        row = np.zeros(len(act))
        for v, w in graph.successors(a).items():
            if v in apos:
                row[apos[v]] += w
            else:
                row += w * reach[pos[v]]
        result[a] = {act[j]: float(x) for j, x in enumerate(row) if x > 1e-12}
    return result


def _seconds(node: FlowNode) -> float:
    wait = node.bpr.wait
    if "wait" not in node.bpr.present:
        wait = _timer_wait(node)
    return node.bpr.duration + wait


def _timer_wait(node: FlowNode) -> float:
    """An intermediate timer without bpr:wait waits its own duration (``P14D`` or "P14D")."""
    if node.kind != "intermediateCatchEvent":
        return 0.0
    for definition in node.event_definitions:
        if definition.kind == "timer" and definition.timer_type == "timeDuration":
            text = (definition.expression or "").strip().strip("\"'")
            return parse_duration(text) or 0.0
    return 0.0


def compute(definitions: Definitions, process: Process) -> KpiReport:
    graph = build(definitions, process)
    visits = expected_visits(graph)
    nodes = process.nodes
    activities = {n for n, node in nodes.items() if is_activity(node)}
    actor = {n: definitions.actor_of(nodes[n]) for n in activities}

    def total(predicate: Any, value: Any = lambda node: 1.0) -> float:
        return float(sum(visits[n] * value(nodes[n]) for n in activities if predicate(nodes[n])))

    resident = {n for n in activities if actor[n] == "resident"}
    staff = {n for n in activities if actor[n] == "staff"}
    with_channel = sum(visits[n] for n in resident if nodes[n].bpr.channel)
    online = sum(visits[n] for n in resident if nodes[n].bpr.channel == "online")
    next_acts = _next_activities(graph, activities)
    lane = {n: nodes[n].lane_id or f"pool:{process.id}" for n in activities}
    handoffs = sum(
        visits[a] * w
        for a, targets in next_acts.items()
        for b, w in targets.items()
        if lane[a] != lane[b]
    )
    lead, method = _lead_time(graph, visits)
    kpis = {
        "steps": sum(visits[n] for n in activities),
        "staff_minutes": sum(visits[n] * nodes[n].bpr.duration / 60 for n in staff),
        "resident_minutes": sum(visits[n] * nodes[n].bpr.duration / 60 for n in resident),
        "resident_visits": sum(visits[n] for n in resident if nodes[n].bpr.channel == "counter"),
        "paper": total(lambda node: True, lambda node: float(node.bpr.paper)),
        "seals": total(lambda node: node.bpr.seal),
        "rekeys": total(lambda node: node.bpr.rekey),
        "approvals": total(lambda node: node.bpr.approval),
        "handoffs": handoffs,
        "lead_time_days": lead,
        "online_share": online / with_channel if with_channel else 0.0,
    }
    return KpiReport(
        process=process.id,
        name=process.name,
        kpis=kpis,
        visits=visits,
        missing=_missing(definitions, process, graph, activities, actor),
        lead_time_method=method,
    )


def _lead_time(graph: FlowGraph, visits: Mapping[str, float]) -> tuple[float, str]:
    nodes = graph.process.nodes
    if not graph.parallel:
        seconds = sum(visits[n] * _seconds(nodes[n]) for n in graph.nodes)
        return seconds / SECONDS_PER_DAY, "exact"
    return simulate_lead_time(graph) / SECONDS_PER_DAY, "simulation"


def simulate_lead_time(graph: FlowGraph, cases: int = LEAD_TIME_CASES) -> float:
    """Mean seconds from start to the last token's end over ``cases`` simulated cases."""
    rng = random.Random(LEAD_TIME_SEED)  # noqa: S311  (a simulation, not a secret)
    total = 0.0
    for _ in range(cases):
        total += _one_case(graph, rng)
    return total / cases if cases else 0.0


def _one_case(graph: FlowGraph, rng: random.Random) -> float:
    starts = list(graph.sources)
    if not starts:
        return 0.0
    start = rng.choices(starts, weights=[graph.sources[s] for s in starts])[0]
    return _run(graph, [(0.0, start)], rng, [MAX_STEPS_PER_CASE])


def _run(
    graph: FlowGraph, tokens: list[tuple[float, str]], rng: random.Random, budget: list[int]
) -> float:
    """Move tokens until none is left; returns when the last one ended. A sub-process is
    run to its end first (recursively), then the case leaves it by its own flows."""
    nodes = graph.process.nodes
    pending = list(tokens)
    arrivals: dict[str, list[float]] = {}
    finish = max((t for t, _ in pending), default=0.0)
    while pending and budget[0] > 0:
        budget[0] -= 1
        pending.sort(key=lambda item: item[0], reverse=True)
        time, node_id = pending.pop()
        need = graph.join_need.get(node_id)
        if need is not None and need > 1.0:
            got = arrivals.setdefault(node_id, [])
            got.append(time)
            if len(got) < round(need):
                continue
            time = max(got)
            arrivals[node_id] = []
        node = nodes[node_id]
        time += _seconds(node)
        inner = set(node.child_ids)
        draws = _draw(graph, node_id, rng, skip=inner)
        if inner:
            entry = [(time, c) for c in graph.successors(node_id) if c in inner]
            if entry:
                time = _run(graph, entry, rng, budget)
        finish = max(finish, time)
        for target, count in draws:
            pending.extend((time, target) for _ in range(count))
    return finish


def _draw(
    graph: FlowGraph, node_id: str, rng: random.Random, skip: set[str] | None = None
) -> list[tuple[str, int]]:
    """Where this visit's tokens go: one draw per exclusive choice, independent draws for
    independent flows, every flow of a parallel split (``skip``: a sub-process's inside)."""
    successors = {t: w for t, w in graph.successors(node_id).items() if not skip or t not in skip}
    if not successors:
        return []
    need = graph.join_need
    # Undo the 1/k scaling of edges into joins: a token is a token.
    weights = {
        t: w * need.get(t, 1.0) if need.get(t, 1.0) > 1.0 else w for t, w in successors.items()
    }
    total = sum(weights.values())
    node = graph.process.nodes[node_id]
    if node.kind in {"exclusiveGateway", "eventBasedGateway"} or (
        total <= 1.0 + 1e-9 and node.kind not in {"inclusiveGateway", "complexGateway"}
    ):
        roll = rng.random()
        acc = 0.0
        for target, weight in weights.items():
            acc += weight
            if roll < acc:
                return [(target, 1)]
        return []
    out: list[tuple[str, int]] = []
    for target, weight in weights.items():
        whole = int(weight)
        count = whole + (1 if rng.random() < weight - whole else 0)
        if count:
            out.append((target, count))
    return out


def _missing(
    definitions: Definitions,
    process: Process,
    graph: FlowGraph,
    activities: set[str],
    actor: Mapping[str, str],
) -> list[Missing]:
    nodes = process.nodes
    found: list[Missing] = []

    def need(key: str, ids: list[str]) -> None:
        if ids:
            found.append(Missing(key, tuple(sorted(ids))))

    lanes = process.all_lanes()
    if lanes and not any("actor" in lane.bpr.present for lane in lanes):
        need("bpr:actor", [lane.id for lane in lanes])
    need("bpr:duration", [a for a in activities if "duration" not in nodes[a].bpr.present])
    need(
        "bpr:channel",
        [a for a in activities if actor[a] == "resident" and not nodes[a].bpr.channel],
    )
    unassigned: list[str] = []
    for node in nodes.values():
        if node.kind in {"exclusiveGateway", "inclusiveGateway", "eventBasedGateway"}:
            flows = [process.flows[f] for f in node.outgoing if f in process.flows]
            if len(flows) > 1:
                unassigned += [f.id for f in flows if f.bpr.probability is None]
        if node.kind == "boundaryEvent" and node.bpr.probability is None:
            unassigned.append(node.id)
    need("bpr:probability", unassigned)
    for code, element in graph.problems:
        found.append(Missing(code, (element,)))
    return found


def kpis(definitions: Definitions, process_id: str | None = None) -> list[KpiReport]:
    """KPIs of ``process_id``, or of every process with flow nodes in the file."""
    if process_id is not None:
        process = definitions.processes.get(process_id)
        if process is None:
            raise InputError("analysis.no-process", process=process_id)
        return [compute(definitions, process)]
    return [compute(definitions, p) for p in definitions.processes.values() if p.nodes]
