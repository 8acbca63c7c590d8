"""A process as a weighted token graph: who passes how many tokens to whom, per visit.

``weight(u, v)`` is the expected number of tokens node ``u`` sends to node ``v`` each
time ``u`` runs, from BPMN semantics and the BPR annotations contract (handbook: kpi.md,
the annotations contract, decision 0001):

- exclusive and event-based splits share one token by ``bpr:probability``; flows
  without one split what is left evenly;
- inclusive splits (and activities with conditional flows) send one token down each flow
  with its own probability, 1 when it has none; a default flow without one is taken with
  the chance that no other flow is, Π(1 − pᵢ);
- parallel splits (and plain multiple outgoing flows) send a token down every flow;
- a parallel join fires once per token on each incoming flow, so each incoming token counts
  1/k; an inclusive join fires once per activation of the split that opened it (each token
  counts 1/need, ``need`` the expected tokens of an activation that takes any branch);
- an interrupting boundary event with probability p takes p of the activity's exits; a
  non-interrupting one adds p tokens. On a sub-process, an error or escalation boundary
  without ``bpr:probability`` fires as often as the inside reaches an end event that
  throws it;
- a sub-process is entered: its start events (or, without any, its nodes without incoming
  flows) get a token per visit; it leaves by its own outgoing flows once per visit;
- an event sub-process runs with the ``bpr:probability`` of its start event per run of the
  process or sub-process around it (``triggers``; it has no incoming flow);
- a link throw passes its token to the link catch of the same name in the same scope;
- a case starts at one of the process's start events (``bpr:probability`` on start events
  shares the cases, evenly without), or, with none, at every node without incoming flows.

Pure functions on ``engine.model``: works on models that cannot run.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from engine.model.elements import SUBPROCESS_KINDS, Definitions, FlowNode, Process, SequenceFlow

SPLIT_KINDS: Final = frozenset({"exclusiveGateway", "eventBasedGateway"})
INDEPENDENT_KINDS: Final = frozenset({"inclusiveGateway", "complexGateway"})
# Events that end a scope with a result its boundary events can catch.
_THROWN: Final = {"error": frozenset({"endEvent"}), "escalation": frozenset({"endEvent"})}
_ENTRY: Final = "\0entry"
EPSILON: Final = 1e-9

Edges = dict[str, dict[str, float]]


@dataclass(slots=True)
class FlowGraph:
    """The token graph of one process; node ids are BPMN ids.

    ``edges`` hold tokens per visit with the edges into joins scaled by 1/need, so that the
    expected visits solve ``E = s + Wᵀ E``; ``raw`` holds the same edges unscaled (a token is
    a token). ``edges[S]`` of an entered sub-process also lists its entry (its start events).
    """

    process: Process
    nodes: list[str]
    index: dict[str, int]
    edges: Edges  # u -> {v: tokens per visit of u}, joins scaled
    sources: dict[str, float]  # node -> tokens it receives when a case starts
    parallel: bool  # some node sends more than one token (lead time is not a plain sum)
    join_need: dict[str, float] = field(default_factory=dict)  # join -> tokens per firing
    problems: list[tuple[str, str]] = field(default_factory=list)  # (code, element id)
    raw: Edges = field(default_factory=dict)  # u -> {v: tokens per visit}, unscaled
    triggers: dict[str, float] = field(default_factory=dict)  # event sub-process -> chance
    derived: dict[str, float] = field(default_factory=dict)  # boundary -> chance from inside
    caught: dict[str, str] = field(default_factory=dict)  # throwing end event -> boundary
    exits: Edges = field(default_factory=dict)  # sub-process -> where a normal end leads
    file: str = ""

    def successors(self, node_id: str) -> dict[str, float]:
        return self.edges.get(node_id, {})

    def tokens(self, node_id: str) -> dict[str, float]:
        """Unscaled tokens per visit, without a sub-process's entry into its inside."""
        node = self.process.nodes[node_id]
        targets = self.raw.get(node_id, {})
        if not entered(node):
            return targets
        inside = set(node.child_ids)
        return {t: w for t, w in targets.items() if t not in inside}

    def entries(self, node_id: str) -> dict[str, float]:
        """Tokens a visit of an entered sub-process puts on its inside."""
        node = self.process.nodes[node_id]
        inside = set(node.child_ids)
        return {t: w for t, w in self.raw.get(node_id, {}).items() if t in inside}

    def scope_of(self, node_id: str) -> str | None:
        """The sub-process that contains ``node_id`` (None at process level)."""
        return self.process.nodes[node_id].parent_id


def is_activity(node: FlowNode) -> bool:
    """Tasks, call activities, and sub-processes with nothing inside (black boxes)."""
    if node.kind in SUBPROCESS_KINDS:
        return not node.child_ids
    return node.is_activity


def entered(node: FlowNode) -> bool:
    return node.kind in SUBPROCESS_KINDS and bool(node.child_ids)


def is_compensation(node: FlowNode) -> bool:
    return any(d.kind == "compensate" for d in node.event_definitions)


def _flows(process: Process, ids: Iterable[str]) -> list[SequenceFlow]:
    return [process.flows[f] for f in ids if f in process.flows]


def _live(process: Process, flows: list[SequenceFlow]) -> list[SequenceFlow]:
    return [f for f in flows if f.target_id in process.nodes]


def exclusive_shares(given: Mapping[str, float | None]) -> dict[str, float]:
    """One of several: the given shares, and what is left split evenly among the rest."""
    rest = [k for k, p in given.items() if p is None]
    left = max(0.0, 1.0 - sum(p for p in given.values() if p is not None))
    return {k: (left / len(rest) if p is None else p) for k, p in given.items()}


def _independent_shares(flows: list[SequenceFlow], default: str | None) -> dict[str, float]:
    shares: dict[str, float] = {}
    none_taken = 1.0
    for flow in flows:
        if flow.id != default:
            chance = 1.0 if flow.bpr.probability is None else flow.bpr.probability
            shares[flow.id] = chance
            none_taken *= 1.0 - chance
    for flow in flows:
        if flow.id == default:
            given = flow.bpr.probability
            shares[flow.id] = none_taken if given is None else given
    return shares


def conditional(process: Process, node: FlowNode) -> bool:
    """Flows out of an activity or event that carry conditions: an inclusive split."""
    flows = _flows(process, node.outgoing)
    return any(f.condition or f.id == node.default_flow for f in flows)


def exit_shares(process: Process, node: FlowNode) -> dict[str, float]:
    """Tokens per visit on each outgoing flow of ``node`` (before boundary events)."""
    flows = _live(process, _flows(process, node.outgoing))
    if not flows:
        return {}
    if node.kind in SPLIT_KINDS:
        return exclusive_shares({f.id: f.bpr.probability for f in flows})
    if node.kind in INDEPENDENT_KINDS:
        return _independent_shares(flows, node.default_flow)
    if node.kind == "parallelGateway" or len(flows) == 1:
        return {f.id: 1.0 for f in flows}
    if conditional(process, node):
        return _independent_shares(flows, node.default_flow)
    return {f.id: 1.0 for f in flows}  # an implicit parallel split


def _add(edges: Edges, u: str, v: str, weight: float) -> None:
    if weight > 0.0:
        targets = edges.setdefault(u, {})
        targets[v] = targets.get(v, 0.0) + weight


def starts_of(process: Process, scope: FlowNode | None) -> list[FlowNode]:
    """Where a run of ``scope`` (None: the process) begins: its start events without
    incoming flows, or, with none, every node without incoming flows (BPMN 13.4.1)."""
    scope_id = None if scope is None else scope.id
    children = (
        [process.nodes[c] for c in scope.child_ids if c in process.nodes]
        if scope is not None
        else process.top_nodes()
    )
    starts = [n for n in children if n.kind == "startEvent" and not n.incoming]
    if starts or any(n.kind == "startEvent" for n in children):
        return starts
    return [
        n
        for n in children
        if not n.incoming
        and n.parent_id == scope_id
        and n.kind != "boundaryEvent"
        and not n.triggered_by_event
        and not n.is_for_compensation
        and not any(d.kind == "link" for d in n.event_definitions)
    ]


def _start_shares(starts: list[FlowNode]) -> dict[str, float]:
    """A case starts at one start event: shares by bpr:probability, the rest evenly."""
    if not starts:
        return {}
    if any(n.kind != "startEvent" for n in starts):  # no start event: all of them at once
        return {n.id: 1.0 for n in starts}
    return exclusive_shares({n.id: n.bpr.probability for n in starts})


def trigger_chance(process: Process, node: FlowNode) -> float | None:
    """``bpr:probability`` of an event sub-process: on its start event, else on itself."""
    for child in node.child_ids:
        start = process.nodes.get(child)
        if start is not None and start.kind == "startEvent" and start.bpr.probability is not None:
            return start.bpr.probability
    return node.bpr.probability


class _Builder:
    def __init__(self, process: Process) -> None:
        self.process = process
        self.boundaries: dict[str, list[FlowNode]] = defaultdict(list)
        for node in process.nodes.values():
            if (
                node.kind == "boundaryEvent"
                and node.attached_to in process.nodes
                and not is_compensation(node)
            ):
                self.boundaries[node.attached_to].append(node)
        self.links: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        for node in process.nodes.values():
            if node.kind == "intermediateCatchEvent":
                for definition in node.event_definitions:
                    if definition.kind == "link":
                        name = definition.link_name or node.name or ""
                        self.links[node.parent_id, name].append(node.id)
        self.derived: dict[str, float] = {}

    def chance(self, boundary: FlowNode) -> float:
        given = boundary.bpr.probability
        return self.derived.get(boundary.id, 0.0) if given is None else given

    def node_edges(self, node: FlowNode, *, explicit_only: bool = False) -> dict[str, float]:
        """Tokens per visit from ``node`` to its successors (not into a sub-process)."""
        process = self.process
        out: dict[str, dict[str, float]] = {}
        attached = self.boundaries.get(node.id, [])
        chances = {
            b.id: (b.bpr.probability or 0.0) if explicit_only else self.chance(b) for b in attached
        }
        fired = sum(chances[b.id] for b in attached if b.cancel_activity)
        scale = 1.0 / fired if fired > 1.0 else 1.0  # more than every case: they share it
        normal = max(0.0, 1.0 - fired * scale)
        for flow_id, share in exit_shares(process, node).items():
            _add(out, node.id, process.flows[flow_id].target_id, share * normal)
        for boundary in attached:
            factor = scale if boundary.cancel_activity else 1.0
            _add(out, node.id, boundary.id, chances[boundary.id] * factor)
        if node.kind == "intermediateThrowEvent":
            for definition in node.event_definitions:
                if definition.kind == "link":
                    name = definition.link_name or node.name or ""
                    targets = self.links.get((node.parent_id, name), [])
                    for target in targets:
                        _add(out, node.id, target, 1.0 / len(targets))
        return out.get(node.id, {})

    def entry(self, node: FlowNode) -> dict[str, float]:
        """Tokens a run of an entered sub-process puts on its inside."""
        starts = starts_of(self.process, node)
        if node.triggered_by_event:  # one trigger, even if the file lists several
            return {s.id: 1.0 / len(starts) for s in starts}
        return {s.id: 1.0 for s in starts}


def build(definitions: Definitions, process: Process) -> FlowGraph:
    builder = _Builder(process)
    nodes = list(process.nodes)
    raw: Edges = {}
    for node in process.nodes.values():
        targets = builder.node_edges(node)
        if entered(node):
            targets = {**builder.entry(node), **targets}
        if targets:
            raw[node.id] = targets
    starts = starts_of(process, None)
    sources = _start_shares(starts)
    triggers = {
        n.id: trigger_chance(process, n) or 0.0
        for n in process.nodes.values()
        if n.triggered_by_event and entered(n)
    }
    join_need = _joins(process, raw, sources, triggers)
    edges = _scaled(raw, join_need)
    caught = _derive_boundaries(process, builder, raw, edges, join_need)
    exits = {
        n.id: builder.node_edges(n, explicit_only=True)
        for n in process.nodes.values()
        if entered(n) and not n.triggered_by_event
    }
    parallel = (
        sum(sources.values()) > 1.0 + EPSILON
        or any(p > 0.0 for p in triggers.values())
        or _sends_several(process, raw)
    )
    problems: list[tuple[str, str]] = []
    if not sources and process.nodes:
        problems.append(("analysis.no-start", process.id))
    return FlowGraph(
        process=process,
        nodes=nodes,
        index={n: i for i, n in enumerate(nodes)},
        edges=edges,
        sources=sources,
        parallel=parallel,
        join_need=join_need,
        problems=problems,
        raw=raw,
        triggers=triggers,
        derived=dict(builder.derived),
        caught=caught,
        exits=exits,
        file=definitions.source,
    )


def _outside(process: Process, node_id: str, targets: dict[str, float]) -> dict[str, float]:
    node = process.nodes[node_id]
    if not entered(node):
        return targets
    inside = set(node.child_ids)
    return {t: w for t, w in targets.items() if t not in inside}


def _sends_several(process: Process, raw: Edges) -> bool:
    """Whether some node sends more than one token per visit (into a sub-process, or on)."""
    for node_id, targets in raw.items():
        node = process.nodes[node_id]
        if entered(node):
            inside = set(node.child_ids)
            into = sum(w for t, w in targets.items() if t in inside)
            on = sum(w for t, w in targets.items() if t not in inside)
            if into > 1.0 + EPSILON or on > 1.0 + EPSILON:
                return True
        elif sum(targets.values()) > 1.0 + EPSILON:
            return True
    return False


def _scaled(raw: Edges, need: Mapping[str, float]) -> Edges:
    scaled: Edges = {}
    for u, targets in raw.items():
        scaled[u] = {v: w / need[v] if need.get(v, 1.0) > 1.0 else w for v, w in targets.items()}
    return scaled


# --- boundary events that the inside of a sub-process triggers ---------------------------


def _catches(boundary: FlowNode, thrower: FlowNode) -> bool:
    for catch in boundary.event_definitions:
        for throw in thrower.event_definitions:
            if catch.kind == throw.kind and (catch.ref is None or catch.ref == throw.ref):
                return True
    return False


def _depth(process: Process, node: FlowNode) -> int:
    depth = 0
    parent = node.parent_id
    while parent is not None and parent in process.nodes:
        depth += 1
        parent = process.nodes[parent].parent_id
    return depth


def _derive_boundaries(
    process: Process, builder: _Builder, raw: Edges, edges: Edges, need: Mapping[str, float]
) -> dict[str, str]:
    """Chances of error/escalation boundaries without ``bpr:probability`` on sub-processes,
    from how often the inside reaches an end event that throws what they catch.

    Innermost sub-processes first, so that an outer one sees its inner exits settled.
    Returns which boundary each throwing end event leads to.
    """
    caught: dict[str, str] = {}
    throwers = [
        n
        for n in process.nodes.values()
        if any(n.kind in _THROWN.get(d.kind, ()) for d in n.event_definitions)
    ]
    if not throwers:
        return caught
    subs = [n for n in process.nodes.values() if entered(n) and builder.boundaries.get(n.id)]
    for sub in sorted(subs, key=lambda n: -_depth(process, n)):
        open_boundaries = [
            b
            for b in builder.boundaries[sub.id]
            if b.bpr.probability is None and any(d.kind in _THROWN for d in b.event_definitions)
        ]
        if not open_boundaries:
            continue
        found: dict[str, list[str]] = {}
        for thrower in throwers:
            boundary = _catcher(process, builder, thrower, sub)
            if boundary is not None and boundary.id in {b.id for b in open_boundaries}:
                found.setdefault(boundary.id, []).append(thrower.id)
                caught[thrower.id] = boundary.id
        if not found:
            continue
        inside = _descendants(process, sub)
        local = {u: {v: w for v, w in edges.get(u, {}).items() if v in inside} for u in inside}
        try:
            visits = solve(local, builder.entry(sub))
        except EndlessLoopError:
            continue  # a loop with no exit: the whole-process solve reports it
        for boundary_id, ids in found.items():
            builder.derived[boundary_id] = min(1.0, sum(visits.get(i, 0.0) for i in ids))
        targets = builder.node_edges(sub)
        raw[sub.id] = {**builder.entry(sub), **targets}
        edges[sub.id] = _scaled({sub.id: raw[sub.id]}, need)[sub.id]
    return caught


def _catcher(
    process: Process, builder: _Builder, thrower: FlowNode, sub: FlowNode
) -> FlowNode | None:
    """The boundary event of ``sub`` that catches what ``thrower`` throws, unless a
    sub-process in between catches it first."""
    parent = thrower.parent_id
    while parent is not None and parent in process.nodes:
        for boundary in builder.boundaries.get(parent, []):
            if _catches(boundary, thrower):
                return boundary if parent == sub.id else None
        if parent == sub.id:
            return None
        parent = process.nodes[parent].parent_id
    return None


def _descendants(process: Process, sub: FlowNode) -> set[str]:
    found: set[str] = set()
    stack = list(sub.child_ids)
    while stack:
        child = stack.pop()
        if child in found or child not in process.nodes:
            continue
        found.add(child)
        stack.extend(process.nodes[child].child_ids)
    return found


# --- joins -------------------------------------------------------------------------------


def _joins(
    process: Process, raw: Edges, sources: Mapping[str, float], triggers: Mapping[str, float]
) -> dict[str, float]:
    """Tokens a joining gateway waits for per firing.

    A parallel join waits for one token per incoming flow. An inclusive join waits for the
    branches that its split (the nearest dominating node with several successors) opened:
    with Σw tokens sent towards the join per activation and P(any) the chance that an
    activation sends any, it fires once per Σw / P(any) tokens. Behind a choice it merges
    alternatives and fires for each token.
    """
    need: dict[str, float] = {}
    dominators: dict[str, str | None] | None = None
    for node in process.nodes.values():
        incoming = [f for f in _flows(process, node.incoming) if f.source_id in process.nodes]
        if len(incoming) < 2:
            continue
        if node.kind == "parallelGateway":
            need[node.id] = float(len(incoming))
        elif node.kind in INDEPENDENT_KINDS:
            if dominators is None:
                entries = list(sources) + list(triggers)
                dominators = immediate_dominators(_ENTRY, {_ENTRY: entries, **raw})
            need[node.id] = _inclusive_need(process, raw, dominators, node)
    return need


def _inclusive_need(
    process: Process, raw: Edges, dominators: Mapping[str, str | None], join: FlowNode
) -> float:
    split = dominators.get(join.id)
    while split is not None and len(_outside(process, split, raw.get(split, {}))) < 2:
        split = dominators.get(split)
    if split is None:
        return 1.0
    node = process.nodes[split]
    targets = _outside(process, split, raw.get(split, {}))
    if node.kind in SPLIT_KINDS or (
        sum(targets.values()) <= 1.0 + EPSILON
        and node.kind not in INDEPENDENT_KINDS
        and not conditional(process, node)
    ):
        return 1.0  # a choice: the join merges alternatives
    branches = {t: w for t, w in targets.items() if _reaches(raw, t, join.id, split)}
    if not branches:
        return 1.0
    default = process.flows.get(node.default_flow or "")
    none_taken = 1.0
    for weight in branches.values():
        none_taken *= max(0.0, 1.0 - weight)
    if default is not None and default.target_id in branches and default.bpr.probability is None:
        none_taken = 0.0
    any_taken = 1.0 - none_taken
    return max(1.0, sum(branches.values()) / any_taken) if any_taken > EPSILON else 1.0


def _reaches(raw: Edges, start: str, goal: str, avoid: str) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for target in raw.get(node, {}):
            if target not in seen and target != avoid:
                seen.add(target)
                stack.append(target)
    return False


def immediate_dominators(
    entry: str, successors: Mapping[str, Iterable[str]]
) -> dict[str, str | None]:
    """Cooper–Harvey–Kennedy iterative dominators of the nodes reachable from ``entry``
    (None for the nodes ``entry`` itself dominates immediately)."""
    order: list[str] = []
    seen: set[str] = set()
    children_of = {u: list(v) for u, v in successors.items()}
    stack: list[tuple[str, int]] = [(entry, 0)]
    while stack:  # iterative post-order
        node, i = stack.pop()
        children = children_of.get(node, [])
        if i == 0:
            if node in seen:
                continue
            seen.add(node)
        if i < len(children):
            stack.append((node, i + 1))
            if children[i] not in seen:
                stack.append((children[i], 0))
        else:
            order.append(node)
    rpo = list(reversed(order))
    number = {n: i for i, n in enumerate(rpo)}
    predecessors: dict[str, list[str]] = defaultdict(list)
    for u, followers in children_of.items():
        if u in number:
            for v in followers:
                if v in number:
                    predecessors[v].append(u)
    idom: dict[str, str] = {entry: entry}
    changed = True
    while changed:
        changed = False
        for node in rpo[1:]:
            preds = [p for p in predecessors[node] if p in idom]
            if not preds:
                continue
            new = preds[0]
            for p in preds[1:]:
                a, b = p, new
                while a != b:
                    while number[a] > number[b]:
                        a = idom[a]
                    while number[b] > number[a]:
                        b = idom[b]
                new = a
            if idom.get(node) != new:
                idom[node] = new
                changed = True
    return {n: (None if d == entry else d) for n, d in idom.items() if n != entry}


# --- hand-offs ---------------------------------------------------------------------------


def walk_edges(graph: FlowGraph) -> Edges:
    """Where the work goes next, per visit, for counting hand-offs.

    Unlike ``edges``: a join passes every arriving token on (each branch hands its work to
    the step after the join); a sub-process is walked through, its inside's end events
    leading where the sub-process leads (an end event that throws to a boundary event of
    the sub-process leads there); an event sub-process is reached from no step.
    """
    process = graph.process
    walk: Edges = {u: dict(t) for u, t in graph.raw.items()}
    for sub_id, exits in graph.exits.items():
        sub = process.nodes[sub_id]
        inside = set(sub.child_ids)
        walk[sub_id] = {t: w for t, w in walk.get(sub_id, {}).items() if t in inside}
        for child in sub.child_ids:
            node = process.nodes.get(child)
            if node is None or walk.get(child) or node.triggered_by_event:
                continue
            boundary = graph.caught.get(child)
            walk[child] = {boundary: 1.0} if boundary is not None else dict(exits)
    return walk


# --- expected visits ---------------------------------------------------------------------


class EndlessLoopError(ValueError):
    """Some nodes pass tokens round forever: their expected visits are infinite."""

    def __init__(self, elements: list[str]) -> None:
        self.elements = elements
        super().__init__(", ".join(elements))


def visit_system(graph: FlowGraph) -> tuple[Edges, dict[str, float]]:
    """The edges and sources of ``E = s + Wᵀ E``, with event sub-processes triggered."""
    edges = graph.edges
    sources = dict(graph.sources)
    extra: Edges = {}
    for sub_id, chance in graph.triggers.items():
        scope = graph.scope_of(sub_id)
        if scope is None:
            sources[sub_id] = sources.get(sub_id, 0.0) + chance
        else:
            _add(extra, scope, sub_id, chance)
    if extra:
        edges = {u: dict(t) for u, t in edges.items()}
        for u, targets in extra.items():
            for v, w in targets.items():
                _add(edges, u, v, w)
    return edges, sources


def solve(edges: Edges, sources: Mapping[str, float]) -> dict[str, float]:
    """Expected visits ``E = s + Wᵀ E`` of the nodes reachable from ``sources``.

    Strongly connected components in topological order: a node outside loops is the sum of
    what flows in, a loop is a small linear system. Exact; raises ``EndlessLoopError``
    (naming the loop's nodes) when tokens can circle forever.
    """
    inflow: dict[str, float] = defaultdict(float)
    for node, tokens in sources.items():
        inflow[node] += tokens
    visits: dict[str, float] = {}
    for component in components([s for s, w in sources.items() if w > 0.0], edges):
        members = set(component)
        if len(component) == 1 and component[0] not in edges.get(component[0], {}):
            visits[component[0]] = inflow[component[0]]
        else:
            solution = _loop(component, members, edges, [inflow[n] for n in component])
            for node, value in zip(component, solution, strict=True):
                visits[node] = max(0.0, value)
        for u in component:
            for v, w in edges.get(u, {}).items():
                if v not in members:
                    inflow[v] += visits[u] * w
    return visits


SMALL_SYSTEM: Final = 16  # loops up to this size are solved without numpy (faster there)


def _loop(
    component: list[str], members: set[str], edges: Edges, inflow: list[float]
) -> list[float]:
    """Visits of a loop's nodes: (I − Wᵀ) x = inflow over the loop."""
    position = {n: i for i, n in enumerate(component)}
    size = len(component)
    system = [[float(i == j) for j in range(size)] for i in range(size)]
    leaves = False
    for u in component:
        out = edges.get(u, {})
        if sum(out.values()) < 1.0 - EPSILON:
            leaves = True  # some tokens go no further: a way out
        for v, w in out.items():
            if v in members:
                system[position[v]][position[u]] -= w
            elif w > 0.0:
                leaves = True
    if not leaves:
        raise EndlessLoopError(component)
    solution = _gauss(system, inflow) if size <= SMALL_SYSTEM else _numpy_solve(system, inflow)
    bound = 1e9 * max(1.0, sum(inflow))
    if solution is None or any(not math.isfinite(x) or x < -EPSILON or x > bound for x in solution):
        raise EndlessLoopError(component)
    return solution


def _gauss(matrix: list[list[float]], rhs: list[float]) -> list[float] | None:
    """Gaussian elimination with partial pivoting; None when the system is singular."""
    size = len(rhs)
    rows = [[*row, b] for row, b in zip(matrix, rhs, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) < 1e-12:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col]
        for r in range(col + 1, size):
            factor = rows[r][col] / head[col]
            if factor:
                row = rows[r]
                for c in range(col, size + 1):
                    row[c] -= factor * head[c]
    solution = [0.0] * size
    for r in range(size - 1, -1, -1):
        acc = rows[r][size] - sum(rows[r][c] * solution[c] for c in range(r + 1, size))
        solution[r] = acc / rows[r][r]
    return solution


def _numpy_solve(matrix: list[list[float]], rhs: list[float]) -> list[float] | None:
    import numpy as np

    try:
        found: list[float] = np.linalg.solve(np.array(matrix), np.array(rhs)).tolist()
    except np.linalg.LinAlgError:
        return None
    return found


def components(roots: list[str], edges: Mapping[str, Mapping[str, float]]) -> list[list[str]]:
    """Strongly connected components reachable from ``roots``, in topological order
    (iterative Tarjan; members in discovery order)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    empty: Mapping[str, float] = {}
    for root in roots:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(edges.get(root, empty)))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, empty))))
                    break
                if child in on_stack and index[child] < low[node]:
                    low[node] = index[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    at = len(stack) - 1
                    while stack[at] != node:
                        at -= 1
                    component = stack[at:]
                    del stack[at:]
                    on_stack.difference_update(component)
                    found.append(component)
    found.reverse()
    return found
