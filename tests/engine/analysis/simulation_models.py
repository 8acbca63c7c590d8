"""Small annotated models for the simulation tests, written as BPMN so that they go through
the reader, the token graph and the KPIs exactly as users' files do."""

from __future__ import annotations

from engine.model import Definitions, loads
from tests.factories import process


def flow(flow_id: str, source: str, target: str, probability: float | None = None) -> str:
    extra = "" if probability is None else f' bpr:probability="{probability}"'
    return f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}"{extra}/>'


def task(task_id: str, name: str, attrs: str = "") -> str:
    return f'<bpmn:task id="{task_id}" name="{name}" {attrs}/>'


def lanes(*lanes_: tuple[str, str, str, tuple[str, ...]]) -> str:
    """(id, name, actor, node ids) per lane."""
    parts = [
        f'<bpmn:lane id="{lane_id}" name="{name}" bpr:actor="{actor}">'
        + "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in nodes)
        + "</bpmn:lane>"
        for lane_id, name, actor, nodes in lanes_
    ]
    return '<bpmn:laneSet id="LaneSet_1">' + "".join(parts) + "</bpmn:laneSet>"


def model(*parts: str, variant: str = "as-is", process_id: str = "Process_1") -> bytes:
    attrs = f'bpr:procedure="test" bpr:variant="{variant}"'
    return process("\n".join(parts), process_id=process_id, attrs=attrs)


def load(data: bytes, name: str = "model.bpmn") -> Definitions:
    return loads(data, name)


def loop_model(variant: str = "as-is") -> bytes:
    """Branches and two loops, no parallel split: the KPIs' lead time is exact.

    受付 → 確認 ─(0.3)→ 補正依頼 → back to 確認; ─(0.7)→ choice 0.6 通常審査 / 0.4 詳細審査
    → 決裁 ─(0.2)→ back to 通常審査... (a second loop) ─(0.8)→ 通知 → end.
    """
    return model(
        lanes(
            ("Lane_Resident", "住民", "resident", ("Apply", "Fix")),
            ("Lane_Counter", "窓口", "staff", ("Check", "Usual", "Detail", "Notify")),
            ("Lane_Chief", "課長", "staff", ("Approve",)),
        ),
        '<bpmn:startEvent id="Start"/>',
        task("Apply", "申請", 'bpr:duration="PT20M" bpr:channel="counter" bpr:paper="2"'),
        task("Check", "確認", 'bpr:duration="PT15M" bpr:wait="PT4H" bpr:rekey="true"'),
        '<bpmn:exclusiveGateway id="Complete"/>',
        task("Fix", "補正", 'bpr:duration="PT30M" bpr:wait="P3D" bpr:channel="mail"'),
        '<bpmn:exclusiveGateway id="Kind"/>',
        task("Usual", "通常審査", 'bpr:duration="PT40M" bpr:wait="P1D"'),
        task("Detail", "詳細審査", 'bpr:duration="PT2H" bpr:wait="P5D"'),
        '<bpmn:exclusiveGateway id="Merge"/>',
        task(
            "Approve",
            "決裁",
            'bpr:duration="PT10M" bpr:wait="P2D" bpr:approval="true" bpr:seal="true"',
        ),
        '<bpmn:exclusiveGateway id="Ok"/>',
        task("Notify", "通知", 'bpr:duration="PT5M" bpr:paper="1"'),
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Apply"),
        flow("F2", "Apply", "Check"),
        flow("F3", "Check", "Complete"),
        flow("F4", "Complete", "Fix", 0.3),
        flow("F5", "Fix", "Check"),
        flow("F6", "Complete", "Kind", 0.7),
        flow("F7", "Kind", "Usual", 0.6),
        flow("F8", "Kind", "Detail", 0.4),
        flow("F9", "Usual", "Merge"),
        flow("F10", "Detail", "Merge"),
        flow("F11", "Merge", "Approve"),
        flow("F12", "Approve", "Ok"),
        flow("F13", "Ok", "Merge", 0.2),
        flow("F14", "Ok", "Notify", 0.8),
        flow("F15", "Notify", "End"),
        variant=variant,
    )


def parallel_model() -> bytes:
    """Two branches: 調査 takes 2 days; 照会 takes 1 day (0.5) or 5 days (0.5)."""
    return model(
        '<bpmn:startEvent id="Start"/>',
        '<bpmn:parallelGateway id="Fork"/>',
        task("Survey", "調査", 'bpr:wait="P2D"'),
        '<bpmn:exclusiveGateway id="Which"/>',
        task("Quick", "照会（即答）", 'bpr:wait="P1D"'),
        task("Slow", "照会（文書）", 'bpr:wait="P5D"'),
        '<bpmn:exclusiveGateway id="Answered"/>',
        '<bpmn:parallelGateway id="Join"/>',
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Fork"),
        flow("F2", "Fork", "Survey"),
        flow("F3", "Fork", "Which"),
        flow("F4", "Which", "Quick", 0.5),
        flow("F5", "Which", "Slow", 0.5),
        flow("F6", "Quick", "Answered"),
        flow("F7", "Slow", "Answered"),
        flow("F8", "Survey", "Join"),
        flow("F9", "Answered", "Join"),
        flow("F10", "Join", "End"),
    )


def counter_model(minutes: int = 60, variant: str = "as-is") -> bytes:
    """One staff step at the counter (窓口) of ``minutes``."""
    return model(
        lanes(("Lane_Counter", "窓口", "staff", ("Serve",))),
        '<bpmn:startEvent id="Start"/>',
        task("Serve", "窓口対応", f'bpr:duration="PT{minutes}M"'),
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Serve"),
        flow("F2", "Serve", "End"),
        variant=variant,
    )


def mixed_model() -> bytes:
    """Everything at once: a parallel block, an inclusive block, a sub-process with a
    parallel block inside, an interrupting boundary event and a loop."""
    return model(
        lanes(
            ("Lane_Counter", "窓口", "staff", ("Receive", "Fork", "A", "B", "Join", "Sub")),
            ("Lane_Chief", "課長", "staff", ("Or", "C", "D", "OrJoin", "Decide", "Again")),
            ("Lane_System", "システム", "system", ("Send", "Late", "Remind")),
        ),
        '<bpmn:startEvent id="Start"/>',
        task("Receive", "受付", 'bpr:duration="PT10M" bpr:wait="PT1H"'),
        '<bpmn:parallelGateway id="Fork"/>',
        task("A", "審査A", 'bpr:duration="PT30M" bpr:wait="P1D"'),
        task("B", "審査B", 'bpr:duration="PT45M" bpr:wait="P2D"'),
        '<bpmn:parallelGateway id="Join"/>',
        '<bpmn:inclusiveGateway id="Or"/>',
        task("C", "照会C", 'bpr:duration="PT20M" bpr:wait="P3D"'),
        task("D", "照会D", 'bpr:duration="PT25M" bpr:wait="P1D"'),
        '<bpmn:inclusiveGateway id="OrJoin"/>',
        '<bpmn:subProcess id="Sub" name="書類審査" bpr:wait="PT2H">'
        '<bpmn:startEvent id="SubStart"/>'
        '<bpmn:parallelGateway id="SubFork"/>'
        + task("S1", "内審1", 'bpr:duration="PT15M" bpr:wait="P1D"')
        + task("S2", "内審2", 'bpr:duration="PT35M" bpr:wait="PT6H"')
        + '<bpmn:parallelGateway id="SubJoin"/>'
        '<bpmn:endEvent id="SubEnd"/>'
        + flow("SF1", "SubStart", "SubFork")
        + flow("SF2", "SubFork", "S1")
        + flow("SF3", "SubFork", "S2")
        + flow("SF4", "S1", "SubJoin")
        + flow("SF5", "S2", "SubJoin")
        + flow("SF6", "SubJoin", "SubEnd")
        + "</bpmn:subProcess>",
        task("Decide", "決定", 'bpr:duration="PT10M" bpr:approval="true"'),
        '<bpmn:boundaryEvent id="Late" attachedToRef="Decide" bpr:probability="0.1"/>',
        task("Remind", "督促", 'bpr:wait="P7D"'),
        '<bpmn:exclusiveGateway id="Again"/>',
        task("Send", "送付", 'bpr:duration="PT5M"'),
        '<bpmn:endEvent id="End"/>',
        '<bpmn:endEvent id="LateEnd"/>',
        flow("F1", "Start", "Receive"),
        flow("F2", "Receive", "Fork"),
        flow("F3", "Fork", "A"),
        flow("F4", "Fork", "B"),
        flow("F5", "A", "Join"),
        flow("F6", "B", "Join"),
        flow("F7", "Join", "Or"),
        flow("F8", "Or", "C", 0.6),
        flow("F9", "Or", "D", 0.7),
        flow("F10", "C", "OrJoin"),
        flow("F11", "D", "OrJoin"),
        flow("F12", "OrJoin", "Sub"),
        flow("F13", "Sub", "Decide"),
        flow("F14", "Decide", "Again"),
        flow("F15", "Again", "Receive", 0.25),
        flow("F16", "Again", "Send", 0.75),
        flow("F17", "Send", "End"),
        flow("F18", "Late", "Remind"),
        flow("F19", "Remind", "LateEnd"),
    )
