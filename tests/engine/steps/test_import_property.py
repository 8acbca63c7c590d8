"""Any step table either is refused for a loop without end, or imports into a BPMN file that
validates without errors, whose every reached step is a task in its lane with a shape and
every flow an edge."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.check import check_bytes
from engine.model import loads
from engine.steps.bpmn import ProcessInfo, to_bpmn
from engine.steps.table import StepTableError, parse_table

HEADER = ["番号", "担当", "作業", "次の手順", "確率"]
LANES = ["保護者", "受付担当", "審査担当"]


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    count = draw(st.integers(min_value=1, max_value=8))
    ids = [f"S{i}" for i in range(1, count + 1)]
    rows = [HEADER]
    for step_id in ids:
        lane = draw(st.sampled_from(LANES))
        targets = draw(st.lists(st.sampled_from([*ids, "終了"]), max_size=3, unique=True))
        chances = ""
        if len(targets) > 1:
            weights = draw(
                st.lists(st.integers(1, 9), min_size=len(targets), max_size=len(targets))
            )
            shares = [round(w / sum(weights), 4) for w in weights[:-1]]
            shares.append(round(1 - sum(shares), 4))
            chances = ", ".join(f"{share:g}" for share in shares)
        rows.append([step_id, lane, f"手順{step_id}", ", ".join(targets), chances])
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_every_readable_table_imports_into_a_valid_model(rows: list[list[str]]) -> None:
    try:
        table = parse_table(rows, "t.csv")
    except StepTableError as refused:
        codes = {p.code for p in refused.problems}
    else:
        codes = set()
    if codes:
        # The only thing these tables can get wrong: a loop with no way out.
        assert codes == {"steps.table.no-end"}
        return
    data = to_bpmn(table, ProcessInfo(id="P", name="手順"), file="t.bpmn")
    result = check_bytes(data, "t.bpmn")
    assert [f.code for f in result.errors()] == []
    model = loads(data, "t.bpmn")
    process = model.processes["P"]
    (diagram, *_rest) = model.diagrams
    lanes = {lane.name: lane for lane in process.lanes}
    for step in table.steps:
        task = process.nodes[f"Activity_{step.id}"]
        assert task.id in lanes[step.lane].flow_node_refs
    assert set(process.nodes) <= set(diagram.shapes)
    assert set(process.flows) == set(diagram.edges)
    assert not Path("t.bpmn").exists()  # nothing is written by the library functions
