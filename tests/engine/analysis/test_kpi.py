"""KPIs per case, computed by hand for small models (the arithmetic is in each comment).

Models are written with the helpers below: ``task("A", duration="PT10M")`` is a task with
annotations, ``flow("A", "B", 0.3)`` a sequence flow with a probability, ``lanes(...)`` a
lane set. The other KPI test modules (properties, command line) reuse them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from pathlib import Path

import pytest

from engine.analysis.graph import build
from engine.analysis.kpi import KPI_KEYS, KpiReport, NoExitError, expected_visits, kpis
from engine.messages import render
from engine.model import Definitions, load, loads
from tests.conftest import CORPUS_FILES
from tests.factories import collaboration, definitions, linear, participant, process

DAY = 1440.0  # minutes


# --- writing models ----------------------------------------------------------------------


def bpr(values: Mapping[str, object]) -> str:
    """``bpr:key="value"`` attributes (booleans as true/false)."""
    return " ".join(
        f'bpr:{k}="{str(v).lower() if isinstance(v, bool) else v}"' for k, v in values.items()
    )


def node(kind: str, node_id: str, inner: str = "", attrs: str = "", **values: str | float) -> str:
    return f'<bpmn:{kind} id="{node_id}" {attrs} {bpr(values)}>{inner}</bpmn:{kind}>'


def task(node_id: str, **values: object) -> str:
    return f'<bpmn:task id="{node_id}" {bpr(values)}/>'


def start(node_id: str = "Start", **values: object) -> str:
    return f'<bpmn:startEvent id="{node_id}" {bpr(values)}/>'


def end(node_id: str = "End", definition: str = "") -> str:
    inner = f"<bpmn:{definition}/>" if definition else ""
    return node("endEvent", node_id, inner)


def gateway(kind: str, node_id: str, default: str | None = None) -> str:
    attrs = f'default="{default}"' if default else ""
    return node(f"{kind}Gateway", node_id, attrs=attrs)


def boundary(
    node_id: str,
    attached: str,
    definition: str,
    *,
    interrupting: bool = True,
    probability: float | None = None,
) -> str:
    cancel = "" if interrupting else 'cancelActivity="false"'
    chance = "" if probability is None else f'bpr:probability="{probability}"'
    return node(
        "boundaryEvent",
        node_id,
        f"<bpmn:{definition}/>",
        attrs=f'attachedToRef="{attached}" {cancel} {chance}',
    )


def sub_process(node_id: str, *parts: str | list[str], attrs: str = "") -> str:
    return node("subProcess", node_id, "\n".join(_flat(parts)), attrs=attrs)


def _flat(parts: tuple[str | list[str], ...]) -> list[str]:
    lines: list[str] = []
    for part in parts:
        lines.extend([part] if isinstance(part, str) else part)
    return lines


def flow(source: str, target: str, p: float | None = None, *, flow_id: str = "") -> str:
    probability = f' bpr:probability="{p}"' if p is not None else ""
    return (
        f'<bpmn:sequenceFlow id="{flow_id or f"F_{source}_{target}"}" '
        f'sourceRef="{source}" targetRef="{target}"{probability}/>'
    )


def chain(*ids: str) -> list[str]:
    """Flows A→B→C… without probabilities."""
    return [flow(a, b) for a, b in itertools.pairwise(ids)]


def lanes(*spec: tuple[str, str | None, list[str]]) -> str:
    """A lane set: (lane id, bpr:actor or None, node ids)."""
    body = "".join(
        f'<bpmn:lane id="{lane_id}"{f" bpr:actor={chr(34)}{actor}{chr(34)}" if actor else ""}>'
        + "".join(f"<bpmn:flowNodeRef>{n}</bpmn:flowNodeRef>" for n in refs)
        + "</bpmn:lane>"
        for lane_id, actor, refs in spec
    )
    return f'<bpmn:laneSet id="LaneSet_1">{body}</bpmn:laneSet>'


def model(*parts: str | list[str]) -> Definitions:
    return loads(process("\n".join(_flat(parts))))


def report(definitions: Definitions, process_id: str | None = None) -> KpiReport:
    found = kpis(definitions, process_id)
    assert len(found) == 1
    return found[0]


def assert_kpis(found: KpiReport, **expected: float) -> None:
    """The KPIs named are as expected; every other KPI is 0."""
    for key in KPI_KEYS:
        want = expected.get(key, 0.0)
        assert found.kpis[key] == pytest.approx(want, rel=1e-9, abs=1e-12), key


def missing_of(found: KpiReport) -> dict[str, list[str]]:
    return {m.key: list(m.elements) for m in found.missing}


# --- straight lines and loops ------------------------------------------------------------


def test_a_straight_line_with_annotations() -> None:
    # Start → Apply (resident, counter, 10 min, 2 sheets, seal) → Check (staff, 30 min,
    # waits 1 day, re-keys, sign-off) → End; each step runs once.
    found = report(
        model(
            lanes(
                ("Resident", "resident", ["Start", "Apply"]), ("Staff", "staff", ["Check", "End"])
            ),
            start(),
            task("Apply", duration="PT10M", channel="counter", paper=2, seal=True),
            task("Check", duration="PT30M", wait="P1D", rekey=True, approval=True),
            end(),
            chain("Start", "Apply", "Check", "End"),
        )
    )
    assert_kpis(
        found,
        steps=2,
        staff_minutes=30,
        resident_minutes=10,
        resident_visits=1,  # Apply: resident lane, counter
        paper=2,
        seals=1,
        rekeys=1,
        approvals=1,
        handoffs=1,  # Apply (Resident) → Check (Staff)
        lead_time_days=1 + (10 + 30) / DAY,  # 1 day of waiting plus 40 minutes of work
        online_share=0,  # 0 online of 1 resident step with a channel
    )
    assert found.missing == []
    assert found.lead_time_method == "exact"


def test_an_exclusive_rework_loop_is_solved_exactly() -> None:
    # Review runs until it passes; back to the merge with p = 0.3:
    # E[Review] = 1 + 0.3 + 0.3² + … = 1 / 0.7 ≈ 1.4286; 7 min a run → 7 / 0.7 = 10 min.
    found = report(
        model(
            start(),
            gateway("exclusive", "Merge"),
            task("Review", duration="PT7M"),
            gateway("exclusive", "Ok"),
            end(),
            chain("Start", "Merge", "Review", "Ok"),
            flow("Ok", "Merge", 0.3),
            flow("Ok", "End", 0.7),
        )
    )
    assert_kpis(found, steps=1 / 0.7, staff_minutes=10, lead_time_days=10 / DAY)
    assert found.visits["Review"] == pytest.approx(1 / 0.7)
    assert found.missing == []


def test_nested_loops() -> None:
    # Outer loop: A, then the inner loop, then back to A with p = 0.2 → E[A] = 1 / 0.8 = 1.25.
    # Inner loop: B repeats with p = 0.5 → 2 runs per entry → E[B] = 1.25 · 2 = 2.5.
    # steps = 1.25 + 2.5 = 3.75; minutes = 1.25 · 10 + 2.5 · 5 = 25.
    found = report(
        model(
            start(),
            gateway("exclusive", "M1"),
            task("A", duration="PT10M"),
            gateway("exclusive", "M2"),
            task("B", duration="PT5M"),
            gateway("exclusive", "X2"),
            gateway("exclusive", "X1"),
            end(),
            chain("Start", "M1", "A", "M2", "B", "X2"),
            flow("X2", "M2", 0.5),
            flow("X2", "X1", 0.5),
            flow("X1", "M1", 0.2),
            flow("X1", "End", 0.8),
        )
    )
    assert_kpis(found, steps=3.75, staff_minutes=25, lead_time_days=25 / DAY)
    assert found.visits["A"] == pytest.approx(1.25)
    assert found.visits["B"] == pytest.approx(2.5)


def test_a_loop_with_no_exit_is_an_error_that_names_it() -> None:
    # The way out has probability 0: E[Work] = 1 + 1 + … is infinite.
    definitions = model(
        start(),
        gateway("exclusive", "Merge"),
        task("Work"),
        gateway("exclusive", "Again"),
        end(),
        chain("Start", "Merge", "Work", "Again"),
        flow("Again", "Merge", 1.0),
        flow("Again", "End", 0.0),
    )
    with pytest.raises(NoExitError) as raised:
        kpis(definitions)
    assert raised.value.code == "kpi.no-exit"
    assert set(raised.value.elements) == {"Merge", "Work", "Again"}
    assert "Work" in raised.value.message("ja")
    assert "Process_1" in raised.value.message("en")


def test_a_parallel_split_inside_a_loop_that_multiplies_tokens_is_an_error() -> None:
    # Each run of Work forks two tokens and both come back: tokens double without end.
    definitions = model(
        start(),
        gateway("exclusive", "Merge"),
        task("Work"),
        gateway("parallel", "Fork"),
        end(),
        chain("Start", "Merge", "Work", "Fork"),
        flow("Fork", "Merge", flow_id="Back_1"),
        flow("Fork", "Merge", flow_id="Back_2"),
    )
    with pytest.raises(NoExitError):
        kpis(definitions)


# --- parallel and inclusive blocks -------------------------------------------------------


def test_a_parallel_block_runs_each_branch_once_and_waits_for_the_slowest() -> None:
    # Intake → [Survey ∥ Register] → Decide. Every step runs once and the join once.
    # Lead time: 5 min + max(2 days + 60 min, 1 min) + 10 min = 2 days 75 min.
    # Staff minutes: Counter and Field lanes are staff: 5 + 60 + 10 = 75 (Register: system).
    # Hand-offs: Intake → Survey, Intake → Register, Survey → Decide, Register → Decide,
    # each from one lane to another: 4 (at the join each branch hands its work on).
    found = report(
        model(
            lanes(
                ("Counter", "staff", ["Start", "Intake", "Fork", "Join", "Decide", "End"]),
                ("Field", "staff", ["Survey"]),
                ("System", "system", ["Register"]),
            ),
            start(),
            task("Intake", duration="PT5M"),
            gateway("parallel", "Fork"),
            task("Survey", duration="PT1H", wait="P2D"),
            task("Register", duration="PT1M"),
            gateway("parallel", "Join"),
            task("Decide", duration="PT10M"),
            end(),
            chain("Start", "Intake", "Fork", "Survey", "Join", "Decide", "End"),
            chain("Fork", "Register", "Join"),
        )
    )
    assert_kpis(found, steps=4, staff_minutes=75, handoffs=4, lead_time_days=2 + 75 / DAY)
    assert found.visits["Join"] == pytest.approx(1.0)
    assert found.lead_time_method == "exact"


def test_a_parallel_branch_with_a_choice_has_an_exact_lead_time() -> None:
    # Branch 1: A (2 days), then A1 (1 day) or A2 (3 days) half and half → 3 or 5 days.
    # Branch 2: B (3 days). Slowest: max(3, 3) = 3 half the time, max(5, 3) = 5 otherwise
    # → 4 days, then C (1 hour): 4 + 1/24 days. (The mean of branch 1 is 4, not the point.)
    found = report(
        model(
            start(),
            gateway("parallel", "Fork"),
            task("A", wait="P2D"),
            gateway("exclusive", "Which"),
            task("A1", wait="P1D"),
            task("A2", wait="P3D"),
            gateway("exclusive", "Merge"),
            task("B", wait="P3D"),
            gateway("parallel", "Join"),
            task("C", duration="PT1H"),
            end(),
            chain("Start", "Fork", "A", "Which"),
            flow("Which", "A1", 0.5),
            flow("Which", "A2", 0.5),
            chain("A1", "Merge"),
            chain("A2", "Merge", "Join"),
            chain("Fork", "B", "Join", "C", "End"),
        )
    )
    assert found.kpis["lead_time_days"] == pytest.approx(4 + 1 / 24)
    assert found.kpis["steps"] == pytest.approx(4)  # A, A1|A2, B, C
    assert found.lead_time_method == "exact"


def test_nested_blocks_and_a_gateway_that_joins_and_splits_again_are_exact() -> None:
    # [A 1d ∥ B 4d] nested in a branch beside C 3d: max(max(1, 4), 3) = 4 days; then one
    # gateway joins and splits again into D 2d ∥ E 1d: + 2 days. Lead time 6 days.
    found = report(
        model(
            start(),
            gateway("parallel", "Outer"),
            gateway("parallel", "Inner"),
            task("A", wait="P1D"),
            task("B", wait="P4D"),
            gateway("parallel", "InnerJoin"),
            task("C", wait="P3D"),
            gateway("parallel", "Again"),
            task("D", wait="P2D"),
            task("E", wait="P1D"),
            gateway("parallel", "Last"),
            end(),
            chain("Start", "Outer", "Inner", "A", "InnerJoin", "Again", "D", "Last", "End"),
            chain("Inner", "B", "InnerJoin"),
            chain("Outer", "C", "Again", "E", "Last"),
        )
    )
    assert found.kpis["lead_time_days"] == pytest.approx(6.0)
    assert found.lead_time_method == "exact"


def test_a_sub_process_inside_a_branch_brings_its_own_distribution() -> None:
    # Branch 1: the sub-process waits 1 day, then T1 (1 day) or T2 (3 days) half and half:
    # 2 or 4 days. Branch 2: B, 3 days. max: 0.5 · 3 + 0.5 · 4 = 3.5 days.
    found = report(
        model(
            start(),
            gateway("parallel", "Fork"),
            node(
                "subProcess",
                "Sub",
                "\n".join(
                    [
                        start("s"),
                        gateway("exclusive", "Which"),
                        task("T1", wait="P1D"),
                        task("T2", wait="P3D"),
                        end("e1"),
                        end("e2"),
                        *chain("s", "Which"),
                        flow("Which", "T1", 0.5),
                        flow("Which", "T2", 0.5),
                        *chain("T1", "e1"),
                        *chain("T2", "e2"),
                    ]
                ),
                wait="P1D",
            ),
            task("B", wait="P3D"),
            gateway("parallel", "Join"),
            end(),
            chain("Start", "Fork", "Sub", "Join", "End"),
            chain("Fork", "B", "Join"),
        )
    )
    assert found.kpis["lead_time_days"] == pytest.approx(3.5)
    assert found.lead_time_method == "exact"


def _looping_branch() -> Definitions:
    # Branch 1 repeats A (1 day) until it passes (p = 0.5): N ~ geometric, N days.
    # Branch 2: B, 2 days. E[max(N, 2)] = 2 · P(N ≤ 2) + Σ_{n≥3} n · 0.5ⁿ
    # = 2 · 0.75 + (2 − 0.5 − 2 · 0.25) = 1.5 + 1 = 2.5 days.
    return model(
        start(),
        gateway("parallel", "Fork"),
        gateway("exclusive", "Merge"),
        task("A", wait="P1D"),
        gateway("exclusive", "Passed"),
        task("B", wait="P2D"),
        gateway("parallel", "Join"),
        end(),
        chain("Start", "Fork", "Merge", "A", "Passed"),
        flow("Passed", "Merge", 0.5),
        flow("Passed", "Join", 0.5),
        chain("Fork", "B", "Join", "End"),
    )


def test_a_parallel_branch_with_a_loop_is_simulated_repeatably() -> None:
    first = report(_looping_branch())
    again = report(_looping_branch())
    assert first.lead_time_method == "simulation"
    assert first.kpis["lead_time_days"] == pytest.approx(2.5, rel=0.03)
    assert again.kpis == first.kpis
    # Counts stay exact: A runs 1 / 0.5 = 2 times, B once.
    assert first.kpis["steps"] == pytest.approx(3)


def test_an_inclusive_split_takes_each_flow_by_its_own_chance_and_the_default_otherwise() -> None:
    # A with 0.6, B with 0.5, independently; the default D only when neither:
    # (1 − 0.6)(1 − 0.5) = 0.2. The join fires once per case (the default closes the gap).
    # steps = 0.6 + 0.5 + 0.2 + 1 (After) = 2.3.
    # Lead time: A 3 days, B 1 day, D 2 days; the slowest taken:
    # A taken (0.6) → 3; else B (0.4 · 0.5) → 1; else D (0.4 · 0.5) → 2
    # = 1.8 + 0.2 + 0.4 = 2.4 days.
    found = report(
        model(
            start(),
            gateway("inclusive", "Split", default="F_Split_D"),
            task("A", wait="P3D"),
            task("B", wait="P1D"),
            task("D", wait="P2D"),
            gateway("inclusive", "Join"),
            task("After"),
            end(),
            chain("Start", "Split"),
            flow("Split", "A", 0.6),
            flow("Split", "B", 0.5),
            flow("Split", "D"),
            chain("A", "Join"),
            chain("B", "Join"),
            chain("D", "Join", "After", "End"),
        )
    )
    assert_kpis(found, steps=2.3, lead_time_days=2.4)
    assert found.visits["D"] == pytest.approx(0.2)
    assert found.visits["Join"] == pytest.approx(1.0)
    assert found.lead_time_method == "exact"


def test_an_inclusive_join_without_a_default_fires_when_any_branch_was_taken() -> None:
    # A and B with 0.5 each, no default: some flow is taken in 1 − 0.5 · 0.5 = 0.75 of
    # cases; After runs 0.75 times. steps = 0.5 + 0.5 + 0.75 = 1.75.
    found = report(
        model(
            start(),
            gateway("inclusive", "Split"),
            task("A"),
            task("B"),
            gateway("inclusive", "Join"),
            task("After"),
            end(),
            chain("Start", "Split"),
            flow("Split", "A", 0.5),
            flow("Split", "B", 0.5),
            chain("A", "Join"),
            chain("B", "Join", "After", "End"),
        )
    )
    assert found.kpis["steps"] == pytest.approx(1.75)
    assert found.visits["Join"] == pytest.approx(0.75)


def test_an_inclusive_gateway_merging_alternatives_passes_each_token() -> None:
    # An exclusive choice merged by an inclusive gateway: one token arrives, the join fires
    # once, After runs once (not 1/2).
    found = report(
        model(
            start(),
            gateway("exclusive", "Choose"),
            task("A"),
            task("B"),
            gateway("inclusive", "Merge"),
            task("After"),
            end(),
            chain("Start", "Choose"),
            flow("Choose", "A", 0.3),
            flow("Choose", "B", 0.7),
            chain("A", "Merge"),
            chain("B", "Merge", "After", "End"),
        )
    )
    assert found.visits["After"] == pytest.approx(1.0)
    assert found.kpis["steps"] == pytest.approx(2.0)


# --- sub-processes and boundary events ---------------------------------------------------


def _reviewed_in_a_sub_process() -> Definitions:
    return model(
        lanes(("Desk", "staff", ["Start", "A", "B", "End"]), ("Office", "staff", ["Review"])),
        start(),
        task("A"),
        sub_process(
            "Review",
            start("s"),
            gateway("exclusive", "M"),
            task("T", duration="PT1H"),
            gateway("exclusive", "X"),
            end("e"),
            chain("s", "M", "T", "X"),
            flow("X", "M", 0.25),
            flow("X", "e", 0.75),
        ),
        task("B"),
        end(),
        chain("Start", "A", "Review", "B", "End"),
    )


def test_a_sub_process_is_entered_and_its_loop_solved() -> None:
    # T repeats with p = 0.25: E[T] = 1 / 0.75 = 4/3; 60 min a run → 80 min.
    # The sub-process itself is not a step: steps = A + T + B = 1 + 4/3 + 1 = 10/3.
    # Hand-offs: A (Desk) → T (Office, the sub-process's lane) once; T → B leaves through
    # the sub-process's end: per run of T, 0.75 → B (Desk) → 4/3 · 0.75 = 1. Total 2.
    found = report(_reviewed_in_a_sub_process())
    assert_kpis(found, steps=10 / 3, staff_minutes=80, handoffs=2, lead_time_days=80 / DAY)
    assert found.visits["Review"] == pytest.approx(1.0)
    assert "Review" not in missing_of(found)["bpr:duration"]


def test_interrupting_and_non_interrupting_boundary_events() -> None:
    # Handle (20 min) times out in 0.1 of runs (interrupting) → Escalate (15 min); in 0.3 a
    # reminder goes out beside it (non-interrupting) → Remind (2 min); Done follows Handle
    # in the remaining 0.9. steps = 1 + 0.9 + 0.1 + 0.3 = 2.3;
    # minutes = 20 + 0.9 · 5 + 0.1 · 15 + 0.3 · 2 = 26.6.
    found = report(
        model(
            start(),
            task("Handle", duration="PT20M"),
            boundary("Timeout", "Handle", "timerEventDefinition", probability=0.1),
            boundary(
                "Reminder", "Handle", "timerEventDefinition", interrupting=False, probability=0.3
            ),
            task("Done", duration="PT5M"),
            task("Escalate", duration="PT15M"),
            task("Remind", duration="PT2M"),
            end(),
            end("End2"),
            end("End3"),
            chain("Start", "Handle", "Done", "End"),
            chain("Timeout", "Escalate", "End2"),
            chain("Reminder", "Remind", "End3"),
        )
    )
    assert found.kpis["steps"] == pytest.approx(2.3)
    assert found.kpis["staff_minutes"] == pytest.approx(26.6)
    assert found.visits["Done"] == pytest.approx(0.9)
    assert found.visits["Remind"] == pytest.approx(0.3)
    assert found.missing == []


def _checked_in_a_sub_process(probability: float | None) -> Definitions:
    return loads(
        definitions(
            '<bpmn:error id="Incomplete" errorCode="incomplete"/>'
            '<bpmn:process id="Process_1" isExecutable="false">'
            + "\n".join(
                [
                    lanes(
                        ("Office", "staff", ["Start", "Check", "Grant", "End", "Missing"]),
                        ("Home", "resident", ["Resubmit", "End2"]),
                    ),
                    start(),
                    sub_process(
                        "Check",
                        start("s"),
                        task("Inspect"),
                        gateway("exclusive", "Complete"),
                        end("e"),
                        node(
                            "endEvent",
                            "Thrown",
                            '<bpmn:errorEventDefinition errorRef="Incomplete"/>',
                        ),
                        chain("s", "Inspect", "Complete"),
                        flow("Complete", "e", 0.8),
                        flow("Complete", "Thrown", 0.2),
                    ),
                    boundary(
                        "Missing",
                        "Check",
                        'errorEventDefinition errorRef="Incomplete"',
                        probability=probability,
                    ),
                    task("Grant"),
                    task("Resubmit", channel="mail"),
                    end(),
                    end("End2"),
                    *chain("Start", "Check", "Grant", "End"),
                    *chain("Missing", "Resubmit", "End2"),
                ]
            )
            + "</bpmn:process>"
        )
    )


def test_an_error_boundary_on_a_sub_process_fires_as_often_as_the_inside_throws() -> None:
    # Inside, 0.2 of runs end in the error end event: the boundary fires 0.2, Grant 0.8.
    # Hand-offs: Inspect (Office) → Grant (Office) 0.8: none; Inspect → Resubmit (Home) 0.2.
    found = report(_checked_in_a_sub_process(None))
    assert found.visits["Missing"] == pytest.approx(0.2)
    assert found.visits["Grant"] == pytest.approx(0.8)
    assert found.visits["Resubmit"] == pytest.approx(0.2)
    assert found.kpis["handoffs"] == pytest.approx(0.2)
    assert "bpr:probability" not in missing_of(found)  # the model says how often


def test_a_boundary_probability_wins_over_the_inside() -> None:
    found = report(_checked_in_a_sub_process(0.5))
    assert found.visits["Resubmit"] == pytest.approx(0.5)
    assert found.visits["Grant"] == pytest.approx(0.5)


def test_a_boundary_event_without_probability_never_fires_and_is_missing() -> None:
    found = report(
        model(
            start(),
            task("Handle"),
            boundary("Late", "Handle", "timerEventDefinition"),
            task("Chase"),
            end(),
            end("End2"),
            chain("Start", "Handle", "End"),
            chain("Late", "Chase", "End2"),
        )
    )
    assert found.visits["Chase"] == 0.0
    assert missing_of(found)["bpr:probability"] == ["Late"]


def test_an_event_sub_process_runs_with_its_start_events_probability() -> None:
    # Cancellation requests come in 0.2 of cases (non-interrupting, alongside the main
    # flow). steps = Work + 0.2 · Cancel = 1.2. Lead time: the case ends when both have:
    # 0.2 · max(5, 10) + 0.8 · 5 = 6 days.
    found = report(
        model(
            start(),
            task("Work", wait="P5D"),
            end(),
            chain("Start", "Work", "End"),
            sub_process(
                "Cancellation",
                node(
                    "startEvent",
                    "Asked",
                    "<bpmn:messageEventDefinition/>",
                    attrs='isInterrupting="false"',
                    probability=0.2,
                ),
                task("Cancel", wait="P10D"),
                end("Cancelled"),
                chain("Asked", "Cancel", "Cancelled"),
                attrs='triggeredByEvent="true"',
            ),
        )
    )
    assert found.kpis["steps"] == pytest.approx(1.2)
    assert found.kpis["lead_time_days"] == pytest.approx(6.0)
    assert found.lead_time_method == "exact"


# --- starts, links, ends -----------------------------------------------------------------


def test_start_events_share_the_cases() -> None:
    # One case in four starts online (0.25), the rest at the counter (0.75).
    found = report(
        model(
            start("Online", probability=0.25),
            start("Counter"),
            task("A"),
            task("B"),
            end(),
            chain("Online", "A", "End"),
            chain("Counter", "B", "End"),
        )
    )
    assert found.visits["A"] == pytest.approx(0.25)
    assert found.visits["B"] == pytest.approx(0.75)
    assert found.kpis["steps"] == pytest.approx(1.0)


def test_without_start_events_every_node_without_incoming_flows_starts() -> None:
    found = report(model(task("A"), task("B"), end(), chain("A", "End"), chain("B", "End")))
    assert found.kpis["steps"] == pytest.approx(2.0)


def test_a_process_where_nothing_can_start_says_so() -> None:
    found = report(model(task("A"), task("B"), chain("A", "B"), flow("B", "A")))
    assert found.kpis["steps"] == 0.0
    assert missing_of(found)["bpmn:startEvent"] == ["Process_1"]


def test_link_events_continue_the_flow() -> None:
    # A (lane L1) → link "go" … link "go" → B (lane L2): one hand-off across the link.
    found = report(
        model(
            lanes(("L1", "staff", ["Start", "A", "Throw"]), ("L2", "staff", ["Catch", "B", "End"])),
            start(),
            task("A"),
            node("intermediateThrowEvent", "Throw", '<bpmn:linkEventDefinition name="go"/>'),
            node("intermediateCatchEvent", "Catch", '<bpmn:linkEventDefinition name="go"/>'),
            task("B"),
            end(),
            chain("Start", "A", "Throw"),
            chain("Catch", "B", "End"),
        )
    )
    assert found.kpis["steps"] == pytest.approx(2.0)
    assert found.kpis["handoffs"] == pytest.approx(1.0)


def test_a_terminate_end_event_ends_the_case_for_lead_time() -> None:
    # A (1 day) ends the case by terminating; B (3 days) on the other branch is cut off.
    found = report(
        model(
            start(),
            gateway("parallel", "Fork"),
            task("A", wait="P1D"),
            task("B", wait="P3D"),
            end("Stop", "terminateEventDefinition"),
            end(),
            chain("Start", "Fork", "A", "Stop"),
            chain("Fork", "B", "End"),
        )
    )
    assert found.kpis["lead_time_days"] == pytest.approx(1.0)
    assert found.kpis["steps"] == pytest.approx(2.0)


def test_an_intermediate_timer_waits_its_duration() -> None:
    # "Wait two weeks" without bpr:wait waits its own P14D; with bpr:wait, that wins.
    timer = (
        "<bpmn:timerEventDefinition><bpmn:timeDuration>P14D</bpmn:timeDuration>"
        "</bpmn:timerEventDefinition>"
    )
    found = report(
        model(
            start(),
            node("intermediateCatchEvent", "TwoWeeks", timer),
            node("intermediateCatchEvent", "Reply", timer, wait="P3D"),
            end(),
            chain("Start", "TwoWeeks", "Reply", "End"),
        )
    )
    assert found.kpis["lead_time_days"] == pytest.approx(14 + 3)


# --- who works where ---------------------------------------------------------------------


def test_resident_staff_external_and_system_lanes_and_a_pool_actor() -> None:
    # Office: R (resident, 10 min, counter) → S (lane without actor: staff, 20 min)
    #   → X (external, 30 min) → Y (system, 1 min). Only S is staff time, only R resident.
    #   Hand-offs R→S, S→X, X→Y: 3. Lead time 61 min.
    # Home: a pool without lanes whose participant is resident: Fill (15 min, online).
    body = [
        collaboration(
            participant("Pool_Office", "Office"),
            participant("Pool_Home", "Home", attrs='bpr:actor="resident"'),
        ),
        '<bpmn:process id="Office" isExecutable="false">',
        lanes(
            ("Residents", "resident", ["Start", "R"]),
            ("Clerks", None, ["S", "End"]),
            ("Agency", "external", ["X"]),
            ("Machine", "system", ["Y"]),
        ),
        start(),
        task("R", duration="PT10M", channel="counter"),
        task("S", duration="PT20M"),
        task("X", duration="PT30M"),
        task("Y", duration="PT1M"),
        end(),
        *chain("Start", "R", "S", "X", "Y", "End"),
        "</bpmn:process>",
        '<bpmn:process id="Home" isExecutable="false">',
        start("HomeStart"),
        task("Fill", duration="PT15M", channel="online"),
        end("HomeEnd"),
        *chain("HomeStart", "Fill", "HomeEnd"),
        "</bpmn:process>",
    ]
    loaded = loads(definitions("\n".join(body)))
    office, home = kpis(loaded)
    assert_kpis(
        office,
        steps=4,
        staff_minutes=20,
        resident_minutes=10,
        resident_visits=1,
        handoffs=3,
        lead_time_days=61 / DAY,
    )
    assert_kpis(home, steps=1, resident_minutes=15, online_share=1.0, lead_time_days=15 / DAY)
    assert office.missing == []
    assert home.missing == []


def test_nodes_inside_a_sub_process_work_in_its_lane() -> None:
    # The sub-process is in the resident lane; Fill inside it is listed by no lane.
    found = report(
        model(
            lanes(("Residents", "resident", ["Start", "Apply", "End"])),
            start(),
            sub_process(
                "Apply",
                start("s"),
                task("Fill", duration="PT12M", channel="online"),
                end("e"),
                chain("s", "Fill", "e"),
            ),
            end(),
            chain("Start", "Apply", "End"),
        )
    )
    assert_kpis(found, steps=1, resident_minutes=12, online_share=1, lead_time_days=12 / DAY)


def test_hand_offs_walk_through_gateways_and_events() -> None:
    # A (L1) → choice 0.5 / 0.5 → B (L2) or C (L1) → merge → timer → D (L2).
    # A→B 0.5 (across), A→C 0.5 (same lane), B→D (same lane), C→D 0.5 (across): 1.0.
    found = report(
        model(
            lanes(
                ("L1", "staff", ["Start", "A", "C", "Which", "Merge"]),
                ("L2", "staff", ["B", "D", "Pause", "End"]),
            ),
            start(),
            task("A"),
            gateway("exclusive", "Which"),
            task("B"),
            task("C"),
            gateway("exclusive", "Merge"),
            node("intermediateCatchEvent", "Pause", "<bpmn:timerEventDefinition/>"),
            task("D"),
            end(),
            chain("Start", "A", "Which"),
            flow("Which", "B", 0.5),
            flow("Which", "C", 0.5),
            chain("B", "Merge"),
            chain("C", "Merge", "Pause", "D", "End"),
        )
    )
    assert found.kpis["handoffs"] == pytest.approx(1.0)


def test_online_share_counts_resident_steps_with_a_channel() -> None:
    # Resident steps: R1 online (1), R2 counter (1), R3 mail (0.5, behind a choice),
    # R4 without a channel (not in the denominator, listed as missing). Staff S1 online
    # does not count. share = 1 / (1 + 1 + 0.5) = 0.4; counter visits = 1.
    found = report(
        model(
            lanes(
                ("Residents", "resident", ["Start", "R1", "R2", "R3", "R4", "X", "M"]),
                ("Clerks", "staff", ["S1", "End"]),
            ),
            start(),
            task("R1", channel="online"),
            task("R2", channel="counter"),
            gateway("exclusive", "X"),
            task("R3", channel="mail"),
            gateway("exclusive", "M"),
            task("R4"),
            task("S1", channel="online"),
            end(),
            chain("Start", "R1", "R2", "X"),
            flow("X", "R3", 0.5),
            flow("X", "M", 0.5),
            chain("R3", "M", "R4", "S1", "End"),
        )
    )
    assert found.kpis["online_share"] == pytest.approx(0.4)
    assert found.kpis["resident_visits"] == pytest.approx(1.0)
    assert missing_of(found)["bpr:channel"] == ["R4"]


# --- a model without annotations ---------------------------------------------------------


def test_a_model_without_annotations_gives_steps_and_handoffs_and_names_what_is_missing() -> None:
    found = report(loads(linear("受付", "審査")))
    assert_kpis(found, steps=2)
    assert missing_of(found) == {"bpr:duration": ["Task_1", "Task_2"]}
    duration = found.missing[0]
    assert duration.to_json() == {
        "key": "bpr:duration",
        "kpis": ["staff_minutes", "resident_minutes", "lead_time_days"],
        "count": 2,
        "elements": ["Task_1", "Task_2"],
    }


def test_unannotated_lanes_and_choices_are_named() -> None:
    # Two lanes without bpr:actor, an exclusive split without probabilities (an even
    # split is a guess): steps = 1 + 0.5 + 0.5 = 2, hand-offs A → B 0.5.
    found = report(
        model(
            lanes(("L1", None, ["Start", "A", "X", "C"]), ("L2", None, ["B", "End"])),
            start(),
            task("A"),
            gateway("exclusive", "X"),
            task("B"),
            task("C"),
            end(),
            chain("Start", "A", "X"),
            flow("X", "B"),
            flow("X", "C"),
            chain("B", "End"),
            chain("C", "End"),
        )
    )
    assert_kpis(found, steps=2, handoffs=0.5)
    assert missing_of(found) == {
        "bpr:actor": ["L1", "L2"],
        "bpr:duration": ["A", "B", "C"],
        "bpr:probability": ["F_X_B", "F_X_C"],
    }


def test_the_json_shape() -> None:
    found = report(loads(linear("受付")))
    payload = found.to_json()
    assert set(payload) == {"process", "kpis", "missing"}
    assert list(payload["kpis"]) == list(KPI_KEYS)
    assert all(isinstance(v, float) for v in payload["kpis"].values())


def test_unknown_process_is_an_input_error() -> None:
    with pytest.raises(Exception) as raised:  # noqa: PT011  (the code is what matters)
        kpis(loads(linear("受付")), "Nope")
    assert getattr(raised.value, "code", None) == "kpi.no-process"
    assert "Process_1" in render("kpi.no-process", "en", **raised.value.params)  # type: ignore[attr-defined]


# --- real files --------------------------------------------------------------------------


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_file_yields_kpis(path: Path) -> None:
    loaded = load(path)
    reports = kpis(loaded)
    assert reports, f"{path.name}: no process with KPIs"
    for found in reports:
        assert list(found.kpis) == list(KPI_KEYS)
        for key, value in found.kpis.items():
            assert math.isfinite(value), (path.name, found.process, key)
            assert value >= 0.0, (path.name, found.process, key)
        assert found.kpis["online_share"] <= 1.0
        assert found.kpis["steps"] > 0.0
        for item in found.missing:
            assert item.elements
            assert set(item.kpis) <= set(KPI_KEYS)
        graph = build(loaded, loaded.processes[found.process])
        assert expected_visits(graph) == found.visits
