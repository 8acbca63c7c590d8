from engine.model import loads
from tests.factories import linear


def test_linear_model_reads_nodes_flows_and_links() -> None:
    defs = loads(linear("受付", "審査"))
    process = defs.processes["Process_1"]
    assert [n.id for n in process.nodes.values()] == ["Start", "Task_1", "Task_2", "End"]
    assert process.nodes["Task_1"].name == "受付"
    assert process.nodes["Task_1"].incoming == ["Flow_1"]
    assert process.nodes["Task_1"].outgoing == ["Flow_2"]
