"""The correction capability read from a model (the shared convention), the forms' field
titles, and the trail of an execution, without a database."""

from __future__ import annotations

import pytest

from engine.model import loads
from engine.runtime import build_package, start, trail_of
from engine.service.casework import correction_path, field_labels
from tests.api.models import lane, lanes, user
from tests.engine.runtime.helpers import chain, flow, timer
from tests.factories import process
from tests.web.staff.models import files


def _review(condition: str, *, target_lane: str = "resident", via_script: bool = False) -> bytes:
    after = "Note" if via_script else "Fix"
    body = "\n".join(
        [
            lanes(
                lane("L1", "保護者", "Begin", "Fix", actor=target_lane),
                lane("L2", "審査担当", "Review", "G", "Note", "Done"),
            ),
            '<bpmn:startEvent id="Begin"/>',
            user("Review", "審査"),
            '<bpmn:exclusiveGateway id="G" default="Out"/>',
            '<bpmn:scriptTask id="Note"><bpmn:script>noted = True</bpmn:script></bpmn:scriptTask>',
            user("Fix", "補正"),
            '<bpmn:endEvent id="Done"/>',
            chain("Begin", "Review", "G"),
            flow("Back", "G", after, condition),
            flow("NoteFix", "Note", "Fix"),
            flow("Out", "G", "Done"),
            flow("Again", "Fix", "Review"),
        ]
    )
    return process(body, process_id="P1", executable=True)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ('decision == "correction"', ("decision", "correction")),
        ("decision=='hosei'", ("decision", "hosei")),
        ('  result == "差戻し"  ', ("result", "差戻し")),
        ("decision != 'correction'", None),
        ("decision == correction", None),
        ('decision == "a" and x', None),
    ],
)
def test_correction_conditions(condition: str, expected: tuple[str, str] | None) -> None:
    document = loads(_review(condition.replace('"', "&quot;")))
    found = correction_path(document, "Review", {"Fix": "補正"})
    assert (None if found is None else (found.variable, found.value)) == expected
    if found is not None:
        assert (found.resident_task, found.resident_task_name) == ("Fix", "補正")


def test_correction_path_may_pass_automatic_steps_but_must_reach_a_resident_lane() -> None:
    through = loads(_review('d == "c"', via_script=True))
    assert correction_path(through, "Review", {}) is not None
    staff_lane = loads(_review('d == "c"', target_lane="staff"))
    assert correction_path(staff_lane, "Review", {}) is None
    # The resident's own task and unknown elements have no correction path.
    assert correction_path(through, "Fix", {}) is None
    assert correction_path(through, "Nope", {}) is None


def test_field_labels_come_from_every_form_of_the_procedure() -> None:
    meta = {
        "tasks": [
            {"element_id": "A", "form": {"schema": {"properties": {"a": {"title": "ア"}}}}},
            {
                "element_id": "B",
                "form": {
                    "schema": {
                        "properties": {
                            "a": {"title": "別の名前"},
                            "addr": {
                                "type": "object",
                                "title": "住所",
                                "properties": {"city": {"title": "市区町村"}},
                            },
                            "untitled": {"type": "string"},
                        }
                    }
                },
            },
            {"element_id": "C", "form": None},
        ]
    }
    assert field_labels(meta) == {"a": "ア", "addr": "住所", "addr/city": "市区町村"}


def test_trail_of_an_execution_moves_with_the_case() -> None:
    bundle = files()
    runnable = build_package(bundle, main="staff-pages.bpmn").default
    execution = start(runnable.spec, {})
    assert trail_of(execution).completed == ("Begin",)
    assert trail_of(execution).current == ("Apply",)
    execution.complete(execution.ready_tasks()[0].id, {"child_name": "a", "grade": 1})
    execution.complete(execution.ready_tasks()[0].id, {"result": "correction"})
    trail = trail_of(execution)
    assert trail.ready == ("Fix",)
    assert trail.waiting == ()
    assert trail.passed == ("Begin", "Apply", "Review", "Checked")
    execution.complete(execution.ready_tasks()[0].id, {"child_name": "a", "grade": 2})
    trail = trail_of(execution)
    assert trail.current == ("Review",)
    assert "Review" not in trail.passed
    assert "Fix" in trail.passed


def test_trail_counts_a_waiting_timer_as_current() -> None:
    body = "\n".join(
        [
            '<bpmn:startEvent id="Begin"/>',
            '<bpmn:intermediateCatchEvent id="Wait" name="1時間待つ">'
            + timer("timeDuration", '"PT1H"')
            + "</bpmn:intermediateCatchEvent>",
            '<bpmn:endEvent id="Done"/>',
            chain("Begin", "Wait", "Done"),
        ]
    )
    document = process(body, process_id="Waits", executable=True)
    execution = start(build_package({"w.bpmn": document}, main="w.bpmn").default.spec, {})
    trail = trail_of(execution)
    assert (trail.ready, trail.waiting, trail.passed) == ((), ("Wait",), ("Begin",))
