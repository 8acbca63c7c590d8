"""A process as a weighted token graph: who passes how many tokens to whom, per visit.

``weight(u, v)`` is the expected number of tokens node ``u`` sends to node ``v`` each
time ``u`` runs, from BPMN semantics and the BPR annotations contract (handbook: the
annotations contract, decision 0001):

- exclusive and event-based splits share one token by ``bpr:probability``; flows
  without one split what is left evenly;
- inclusive splits (and activities with conditional flows) send one token down each flow
  with its own probability, 1 when it has none; a default flow without one is taken with
  the chance that no other flow is, Π(1 − pᵢ);
- parallel splits (and plain multiple outgoing flows) send a token down every flow;
- a parallel join runs once per token on each incoming flow, so each incoming token counts
  1/k; an inclusive join runs once per activation of the split that opened it;
- an interrupting boundary event with probability p takes p of the activity's exits; a
  non-interrupting one adds p tokens;
- a sub-process is entered: its start events get a token per visit; it leaves by its own
  outgoing flows once per visit (its internal end events are sinks);
- a link throw passes its token to the link catch of the same name.

Pure functions on ``engine.model``: works on models that cannot run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from engine.model.elements import SUBPROCESS_KINDS, Definitions, FlowNode, Process, SequenceFlow

SPLIT_KINDS: Final = frozenset({"exclusiveGateway", "eventBasedGateway"})
INDEPENDENT_KINDS: Final = frozenset({"inclusiveGateway", "complexGateway"})


@dataclass(slots=True)
class FlowGraph:
    """The token graph of one process; node ids are BPMN ids."""

    process: Process
    nodes: list[str]
    index: dict[str, int]
    edges: dict[str, dict[str, float]]  # u -> {v: tokens per visit of u}
    sources: dict[str, float]  # node -> tokens it receives when a case starts
    parallel: bool  # some node sends more than one token (lead time needs simulation)
    join_need: dict[str, float] = field(default_factory=dict)  # join -> tokens per firing
    problems: list[tuple[str, str]] = field(default_factory=list)  # (code, element id)

    def successors(self, node_id: str) -> dict[str, float]:
        return self.edges.get(node_id, {})


def is_activity(node: FlowNode) -> bool:
    """Tasks, call activities, and sub-processes with nothing inside (black boxes)."""
    if node.kind in SUBPROCESS_KINDS:
        return not node.child_ids
    return node.is_activity


def entered(node: FlowNode) -> bool:
    return node.kind in SUBPROCESS_KINDS and bool(node.child_ids)


def _flows(process: Process, ids: Iterable[str]) -> list[SequenceFlow]:
    return [process.flows[f] for f in ids if f in process.flows]


def _live(process: Process, flows: list[SequenceFlow]) -> list[SequenceFlow]:
    return [f for f in flows if f.target_id in process.nodes]


def _exclusive_shares(flows: list[SequenceFlow]) -> dict[str, float]:
    given = {f.id: f.bpr.probability for f in flows if f.bpr.probability is not None}
    rest = [f for f in flows if f.id not in given]
    left = max(0.0, 1.0 - sum(p for p in given.values() if p is not None))
    shares = {k: float(v) for k, v in given.items() if v is not None}
    for flow in rest:
        shares[flow.id] = left / len(rest)
    return shares


def _independent_shares(flows: list[SequenceFlow], default: str | None) -> dict[str, float]:
    shares: dict[str, float] = {}
    others = [f for f in flows if f.id != default]
    for flow in others:
        shares[flow.id] = 1.0 if flow.bpr.probability is None else flow.bpr.probability
    for flow in flows:
        if flow.id == default:
            if flow.bpr.probability is not None:
                shares[flow.id] = flow.bpr.probability
            else:
                none_taken = 1.0
                for other in others:
                    none_taken *= 1.0 - shares[other.id]
                shares[flow.id] = none_taken
    return shares


def _exit_shares(process: Process, node: FlowNode) -> dict[str, float]:
    """Tokens per visit on each outgoing flow of ``node`` (before boundary events)."""
    flows = _live(process, _flows(process, node.outgoing))
    if not flows:
        return {}
    if node.kind in SPLIT_KINDS:
        return _exclusive_shares(flows)
    if node.kind in INDEPENDENT_KINDS:
        return _independent_shares(flows, node.default_flow)
    if node.kind == "parallelGateway" or len(flows) == 1:
        return {f.id: 1.0 for f in flows}
    conditional = any(f.condition or f.id == node.default_flow for f in flows)
    if conditional:  # conditional flows out of an activity behave like an inclusive split
        return _independent_shares(flows, node.default_flow)
    return {f.id: 1.0 for f in flows}  # an implicit parallel split


def _add(edges: dict[str, dict[str, float]], u: str, v: str, weight: float) -> None:
    if weight:
        edges[u][v] = edges[u].get(v, 0.0) + weight


def build(definitions: Definitions, process: Process) -> FlowGraph:
    nodes = list(process.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges: dict[str, dict[str, float]] = defaultdict(dict)
    problems: list[tuple[str, str]] = []
    boundaries: dict[str, list[FlowNode]] = defaultdict(list)
    for node in process.nodes.values():
        if node.kind == "boundaryEvent" and node.attached_to in process.nodes:
            boundaries[node.attached_to].append(node)
    links: dict[str, list[str]] = defaultdict(list)
    for node in process.nodes.values():
        if node.kind == "intermediateCatchEvent":
            for definition in node.event_definitions:
                if definition.kind == "link":
                    links[definition.link_name or node.name or ""].append(node.id)

    parallel = False
    for node in process.nodes.values():
        shares = _exit_shares(process, node)
        if sum(shares.values()) > 1.0 + 1e-9:
            parallel = True
        interrupting = [b for b in boundaries.get(node.id, ()) if b.cancel_activity]
        fired = sum(b.bpr.probability or 0.0 for b in interrupting)
        normal = max(0.0, 1.0 - fired)
        for flow_id, share in shares.items():
            _add(edges, node.id, process.flows[flow_id].target_id, share * normal)
        for boundary in boundaries.get(node.id, ()):
            probability = boundary.bpr.probability or 0.0
            _add(edges, node.id, boundary.id, probability)
            if not boundary.cancel_activity and probability:
                parallel = True
        if entered(node):
            starts = [
                process.nodes[c]
                for c in node.child_ids
                if process.nodes[c].kind == "startEvent" and not process.nodes[c].incoming
            ]
            for start in starts:
                _add(edges, node.id, start.id, 1.0)
            if len(starts) > 1:
                parallel = True
        if node.kind == "intermediateThrowEvent":
            for definition in node.event_definitions:
                if definition.kind == "link":
                    targets = links.get(definition.link_name or node.name or "", [])
                    for target in targets:
                        _add(edges, node.id, target, 1.0 / len(targets))

    join_need = _joins(process, edges)
    for join, need in join_need.items():
        if need > 1.0:
            for source in list(edges):
                if join in edges[source]:
                    edges[source][join] /= need

    roots = [
        n.id
        for n in process.nodes.values()
        if n.kind == "startEvent" and n.parent_id is None and not n.incoming
    ]
    sources = {r: 1.0 / len(roots) for r in roots} if roots else {}
    if not roots and process.nodes:
        problems.append(("analysis.no-start", process.id))
    return FlowGraph(process, nodes, index, dict(edges), sources, parallel, join_need, problems)


def _joins(process: Process, edges: dict[str, dict[str, float]]) -> dict[str, float]:
    """Tokens a joining gateway waits for per firing.

    A parallel join waits for one token per incoming flow. An inclusive join waits for the
    branches its split opened: the expected number of flows taken there (its nearest
    dominating inclusive split), else one per incoming flow.
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
                dominators = _immediate_dominators(process, edges)
            split = dominators.get(node.id)
            while split is not None and process.nodes[split].kind not in INDEPENDENT_KINDS:
                split = dominators.get(split)
            if split is not None:
                need[node.id] = max(1.0, sum(edges.get(split, {}).values()))
            else:
                need[node.id] = float(len(incoming))
    return need


def _immediate_dominators(
    process: Process, edges: dict[str, dict[str, float]]
) -> dict[str, str | None]:
    """Cooper–Harvey–Kennedy iterative dominators over the reachable token graph."""
    roots = [
        n.id
        for n in process.nodes.values()
        if n.kind == "startEvent" and n.parent_id is None and not n.incoming
    ]
    entry = "\0entry"
    successors: dict[str, list[str]] = {entry: roots}
    for u, targets in edges.items():
        successors.setdefault(u, []).extend(targets)
    order: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, int]] = [(entry, 0)]
    while stack:  # iterative post-order
        node, i = stack.pop()
        children = successors.get(node, [])
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
    for u, followers in successors.items():
        for v in followers:
            if u in number and v in number:
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
