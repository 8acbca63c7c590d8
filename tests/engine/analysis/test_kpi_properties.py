"""Property tests: KPIs do not depend on the order of elements in the file, nor on ids.

Hypothesis draws a procedure block by block (steps, rework loops, choices, parallel and
inclusive blocks, sub-processes with loops, interrupting boundary events) over three
lanes; the same model is then written twice with its elements shuffled (inside every
container, lanes and their references too) and every id renamed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.analysis.kpi import KPI_KEYS, kpis
from engine.model import loads
from tests.factories import definitions

LANES = (("Residents", "resident"), ("Clerks", "staff"), ("Machine", "system"))
KINDS = ("step", "loop", "choice", "parallel", "inclusive", "sub", "boundary")
PROBABILITIES = (0.1, 0.25, 0.5, 0.7)
MINUTES = (0, 3, 10, 45)
REFS = ("sourceRef", "targetRef", "attachedToRef", "default")

Block = tuple[str, int, float]  # kind, lane number, a probability


@dataclass
class Element:
    tag: str
    id: str
    parent: str | None
    attrs: dict[str, str] = field(default_factory=dict)
    inner: str = ""


@dataclass
class Procedure:
    elements: list[Element] = field(default_factory=list)
    lane: dict[str, int] = field(default_factory=dict)  # top-level node -> lane number
    count: int = 0

    def add(self, tag: str, parent: str | None, lane: int, **attrs: str) -> str:
        self.count += 1
        element_id = f"{tag}_{self.count}"
        self.elements.append(Element(tag, element_id, parent, dict(attrs)))
        if parent is None:
            self.lane[element_id] = lane
        return element_id

    def step(self, parent: str | None, lane: int, salt: int) -> str:
        values = {"bpr:duration": f"PT{MINUTES[salt % len(MINUTES)]}M"}
        if salt % 3 == 0:
            values["bpr:wait"] = "P1D"
        if LANES[lane][1] == "resident":
            values["bpr:channel"] = ("counter", "online", "mail")[salt % 3]
        if salt % 2:
            values["bpr:paper"] = str(salt % 4)
            values["bpr:seal"] = "true"
        return self.add("task", parent, lane, **values)

    def link(self, source: str, target: str, parent: str | None, p: float | None = None) -> str:
        attrs = {"sourceRef": source, "targetRef": target}
        if p is not None:
            attrs["bpr:probability"] = f"{p:g}"
        return self.add("sequenceFlow", parent, 0, **attrs)


def build(blocks: list[Block]) -> Procedure:
    proc = Procedure()
    tail = proc.add("startEvent", None, 0)
    for number, (kind, lane, p) in enumerate(blocks):
        tail = _block(proc, tail, kind, lane, p, number)
    proc.link(tail, proc.add("endEvent", None, 1), None)
    return proc


def _block(proc: Procedure, tail: str, kind: str, lane: int, p: float, salt: int) -> str:
    if kind == "step":
        node = proc.step(None, lane, salt)
        proc.link(tail, node, None)
        return node
    if kind == "loop":  # rework: back to the merge with p
        merge = proc.add("exclusiveGateway", None, lane)
        work = proc.step(None, lane, salt)
        check = proc.add("exclusiveGateway", None, lane)
        for source, target in ((tail, merge), (merge, work), (work, check)):
            proc.link(source, target, None)
        proc.link(check, merge, None, p)
        after = proc.step(None, (lane + 1) % 3, salt + 1)
        proc.link(check, after, None, round(1 - p, 6))
        return after
    if kind in {"choice", "parallel", "inclusive"}:
        gateway = {"choice": "exclusiveGateway", "parallel": "parallelGateway"}.get(
            kind, "inclusiveGateway"
        )
        split = proc.add(gateway, None, lane)
        join = proc.add(gateway, None, lane)
        proc.link(tail, split, None)
        shares = {"choice": (p, round(1 - p, 6)), "parallel": (None, None, None)}.get(
            kind, (p, 0.5, None)
        )
        for branch, share in enumerate(shares):
            first = proc.step(None, (lane + branch) % 3, salt + branch)
            flow_id = proc.link(split, first, None, share)
            if kind == "inclusive" and share is None:
                _set_default(proc, split, flow_id)
            last = first
            if branch == 1 and kind == "parallel":  # a choice inside a branch
                last = _block(proc, first, "choice", lane, p, salt + 7)
            proc.link(last, join, None)
        return join
    if kind == "sub":
        sub = proc.add("subProcess", None, lane)
        inner_start = proc.add("startEvent", sub, lane)
        merge = proc.add("exclusiveGateway", sub, lane)
        work = proc.step(sub, lane, salt)
        check = proc.add("exclusiveGateway", sub, lane)
        inner_end = proc.add("endEvent", sub, lane)
        for source, target in ((inner_start, merge), (merge, work), (work, check)):
            proc.link(source, target, sub)
        proc.link(check, merge, sub, p)
        proc.link(check, inner_end, sub, round(1 - p, 6))
        proc.link(tail, sub, None)
        return sub
    # "boundary": a step that times out in p of its runs and goes to a handler and an end
    work = proc.step(None, lane, salt)
    proc.link(tail, work, None)
    timer = proc.add(
        "boundaryEvent", None, lane, attachedToRef=work, **{"bpr:probability": f"{p:g}"}
    )
    proc.elements[-1].inner = "<bpmn:timerEventDefinition/>"
    handler = proc.step(None, (lane + 2) % 3, salt + 3)
    proc.link(timer, handler, None)
    proc.link(handler, proc.add("endEvent", None, lane), None)
    return work


def _set_default(proc: Procedure, split: str, flow_id: str) -> None:
    for element in proc.elements:
        if element.id == split:
            element.attrs["default"] = flow_id


def write(proc: Procedure, rng: random.Random, rename: dict[str, str]) -> bytes:
    """The procedure as a BPMN document, elements shuffled and ids renamed."""

    def name(element_id: str) -> str:
        return rename.get(element_id, element_id)

    def render(element: Element) -> str:
        attrs = " ".join(f'{k}="{name(v) if k in REFS else v}"' for k, v in element.attrs.items())
        inner = element.inner
        if element.tag == "subProcess":
            inner += container(element.id)
        return f'<bpmn:{element.tag} id="{name(element.id)}" {attrs}>{inner}</bpmn:{element.tag}>'

    def container(parent: str | None) -> str:
        children = [e for e in proc.elements if e.parent == parent]
        rng.shuffle(children)
        return "".join(render(e) for e in children)

    lanes = []
    for number, (lane_id, actor) in enumerate(LANES):
        refs = [n for n, lane in proc.lane.items() if lane == number]
        rng.shuffle(refs)
        body = "".join(f"<bpmn:flowNodeRef>{name(r)}</bpmn:flowNodeRef>" for r in refs)
        lanes.append(f'<bpmn:lane id="{name(lane_id)}" bpr:actor="{actor}">{body}</bpmn:lane>')
    rng.shuffle(lanes)
    return definitions(
        '<bpmn:process id="Process_1" isExecutable="false">'
        f'<bpmn:laneSet id="LaneSet_1">{"".join(lanes)}</bpmn:laneSet>'
        f"{container(None)}</bpmn:process>"
    )


blocks_strategy = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 2), st.sampled_from(PROBABILITIES)),
    min_size=1,
    max_size=7,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=blocks_strategy, rng=st.randoms(use_true_random=False))
def test_kpis_do_not_depend_on_element_order_or_ids(
    blocks: list[Block], rng: random.Random
) -> None:
    proc = build(blocks)
    ids = [e.id for e in proc.elements] + [lane_id for lane_id, _ in LANES]
    shuffled = list(ids)
    rng.shuffle(shuffled)
    rename = {old: f"id_{new}_x" for old, new in zip(ids, shuffled, strict=True)}
    back = {new: old for old, new in rename.items()}
    plain = kpis(loads(write(proc, random.Random(0), {})))[0]
    other = kpis(loads(write(proc, rng, rename)))[0]
    for key in KPI_KEYS:
        if key == "lead_time_days" and plain.lead_time_method == "simulation":
            # Simulated numbers differ in their noise (draws follow the element order).
            assert other.kpis[key] == pytest.approx(plain.kpis[key], rel=0.05), key
        else:
            assert other.kpis[key] == pytest.approx(plain.kpis[key], rel=1e-9, abs=1e-9), key
    assert {m.key: set(m.elements) for m in plain.missing} == {
        m.key: {back.get(e, e) for e in m.elements} for m in other.missing
    }
    for node_id, visits in plain.visits.items():
        assert other.visits[rename[node_id]] == pytest.approx(visits, rel=1e-9, abs=1e-12)
