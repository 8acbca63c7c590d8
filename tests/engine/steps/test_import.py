"""``machiflow import-steps``: a step table becomes a valid BPMN file whose KPIs are what the
table says, with lanes, gateways, annotations and DI; bad tables exit 1 and write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.analysis.kpi import kpis
from engine.check import check_file
from engine.cli import EXIT_INPUT, EXIT_OK, main
from engine.model import Definitions, load

TABLE = (
    "番号,担当,担当の種類,作業,次の手順,条件,確率,分岐,"
    "作業時間,待ち時間,手段,紙,押印,再入力,決裁\n"
    "A1,保護者,住民,申請書を書いて窓口に出す,A2,,,,30分,1日,窓口,2,○,×,×\n"
    'A2,受付担当,職員,書類を確かめる,"A3, A1","そろう, 不備","0.8, 0.2",そろっているか,'
    "10分,0分,システム,0,×,○,×\n"
    "A3,課長,,決裁する,終了:決定,,,,5分,2日,窓口,1,○,×,○\n"
)


def _import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *extra: str
) -> tuple[int, str, Path]:
    table = tmp_path / "gakudo.csv"
    table.write_text(text, encoding="utf-8")
    out = tmp_path / "out.bpmn"
    args = ["import-steps", str(table), "-o", str(out), "--lang", "en", *extra]
    with pytest.raises(SystemExit) as done:
        main(args)
    code = done.value.code
    assert isinstance(code, int)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err, out


OPTIONS = (
    "--process-id", "Gakudo_AsIs", "--name", "学童クラブ入所申請（As-Is）",
    "--procedure", "gakudo", "--variant", "as-is", "--area", "子ども・子育て支援",
    "--start-name", "申し込みたい",
)  # fmt: skip


@pytest.fixture
def model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Definitions, Path]:
    code, _err, out = _import(tmp_path, capsys, TABLE, *OPTIONS)
    assert code == EXIT_OK
    return load(out), out


def test_kpis_of_the_import_are_what_the_table_says(model: tuple[Definitions, Path]) -> None:
    definitions, _path = model
    (report,) = kpis(definitions, "Gakudo_AsIs")
    visits = 1 / 0.8  # A1 and A2 run again for every 補正 (20 %)
    expected = {
        "steps": 2 * visits + 1,
        "staff_minutes": 10 * visits + 5,
        "resident_minutes": 30 * visits,
        "resident_visits": visits,
        "paper": 2 * visits + 1,
        "seals": visits + 1,
        "rekeys": visits,
        "approvals": 1.0,
        "lead_time_days": visits * (1 + 40 / 1440) + 2 + 5 / 1440,
        "online_share": 0.0,
    }
    for key, value in expected.items():
        assert report.kpis[key] == pytest.approx(value), key
    assert report.missing == []


def test_the_model_has_lanes_gateways_and_annotations(model: tuple[Definitions, Path]) -> None:
    definitions, _path = model
    process = definitions.processes["Gakudo_AsIs"]
    assert process.name == "学童クラブ入所申請（As-Is）"
    assert process.is_executable is False
    assert (process.bpr.procedure, process.bpr.variant, process.bpr.area) == (
        "gakudo",
        "as-is",
        "子ども・子育て支援",
    )
    assert [(lane.name, lane.actor) for lane in process.lanes] == [
        ("保護者", "resident"),
        ("受付担当", "staff"),
        ("課長", "staff"),
    ]
    participant = definitions.participant_for("Gakudo_AsIs")
    assert participant is not None
    assert participant.name == process.name
    nodes = process.nodes
    assert nodes["StartEvent_1"].name == "申し込みたい"
    lanes = {lane.name: lane for lane in process.lanes}
    assert "StartEvent_1" in lanes["保護者"].flow_node_refs
    split = nodes["Gateway_A2"]
    assert (split.kind, split.name) == ("exclusiveGateway", "そろっているか")
    branches = {process.flows[f].name: process.flows[f].bpr.probability for f in split.outgoing}
    assert branches == {"そろう": 0.8, "不備": 0.2}
    # A1 is entered from the start and from the 補正 loop: through a merging gateway.
    merge = nodes["Gateway_A1_merge"]
    assert (merge.kind, len(merge.incoming), len(merge.outgoing)) == ("exclusiveGateway", 2, 1)
    end = nodes["Event_A3_end"]
    assert (end.kind, end.name) == ("endEvent", "決定")
    assert nodes["Activity_A2"].bpr.rekey is True
    assert nodes["Activity_A2"].bpr.duration == 600
    assert nodes["Activity_A3"].bpr.approval is True
    assert nodes["Activity_A1"].bpr.channel == "counter"


def test_the_import_validates_without_findings_and_has_di(model: tuple[Definitions, Path]) -> None:
    definitions, path = model
    result = check_file(str(path))
    assert [f.code for f in result.findings] == []
    (diagram,) = definitions.diagrams
    process = definitions.processes["Gakudo_AsIs"]
    assert set(process.nodes) | {lane.id for lane in process.lanes} <= set(diagram.shapes)
    assert set(process.flows) == set(diagram.edges)


def test_the_same_table_gives_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, _err, first = _import(tmp_path, capsys, TABLE, *OPTIONS)
    once = first.read_bytes()
    _code, _err, second = _import(tmp_path, capsys, TABLE, *OPTIONS)
    assert second.read_bytes() == once


def test_a_bad_table_exits_1_names_the_cell_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = TABLE.replace("終了:決定", "A9").replace("30分", "30 parsecs")
    code, err, out = _import(tmp_path, capsys, bad)
    assert code == EXIT_INPUT
    assert 'row 4, column "次の手順": the next step A9 is not in the table.' in err
    assert 'row 2, column "作業時間"' in err
    assert not out.exists()


def test_unreachable_steps_warn_and_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = TABLE + "A4,課長,,忘れられた手順,終了,,,,1分,,,,,,\n"
    code, err, out = _import(tmp_path, capsys, extra)
    assert code == EXIT_OK
    assert "row 5: no step leads to step A4, so it is left out" in err
    assert "Activity_A4" not in load(out).processes["gakudo"].nodes
    assert check_file(str(out)).ok


def test_bad_actor_option_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err, out = _import(tmp_path, capsys, TABLE, "--actor", "保護者")
    assert code == EXIT_INPUT
    assert "--actor 保護者 cannot be read" in err
    assert not out.exists()
