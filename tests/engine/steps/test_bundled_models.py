"""The bundled As-Is and Can-Be models: each is a fresh import of the step table beside it,
validates without findings, follows the shared conventions (process keys, lanes, actors,
annotations), and their KPIs move the way a BPR team expects from As-Is to Can-Be."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.analysis.kpi import KpiReport, kpis
from engine.check import check_file
from engine.model import Definitions, load
from engine.steps.bpmn import ProcessInfo, to_bpmn
from engine.steps.table import parse_table, read_rows
from tests.conftest import BUNDLED
from tests.processes.support import LANES


@dataclass(frozen=True, slots=True)
class Bundled:
    folder: str
    variant: str
    info: ProcessInfo

    @property
    def table(self) -> Path:
        return BUNDLED / self.folder / f"{self.variant}.csv"

    @property
    def model(self) -> Path:
        return BUNDLED / self.folder / f"{self.variant}.bpmn"


# Per procedure folder: process id prefix, process name, bpr:area, start event name.
PROCEDURES = {
    "gakudo": ("Gakudo", "学童クラブ入所申請", "子ども・子育て支援", "入所を申し込みたい"),
    "seikatsu-hogo": ("SeikatsuHogo", "生活保護の申請から決定まで", "生活保護", "生活に困っている"),
}


def _bundled(folder: str, variant: str, key: str, label: str) -> Bundled:
    prefix, name, area, start_name = PROCEDURES[folder]
    info = ProcessInfo(
        id=f"{prefix}_{key}",
        name=f"{name}（{label}）",
        procedure=folder,
        variant=variant,
        area=area,
        start_name=start_name,
    )
    return Bundled(folder, variant, info)


# The options each model is imported with; the folders' README.md show the same commands.
MODELS = [
    _bundled(folder, variant, key, label)
    for folder in PROCEDURES
    for variant, key, label in (("as-is", "AsIs", "As-Is"), ("can-be", "CanBe", "Can-Be"))
]
IDS = [f"{m.folder}/{m.variant}" for m in MODELS]

ALWAYS = {"duration", "wait", "paper", "seal", "rekey", "approval"}


def _fresh(bundled: Bundled) -> bytes:
    table = parse_table(read_rows(bundled.table), str(bundled.table))
    assert table.warnings == []
    return to_bpmn(table, bundled.info, file=str(bundled.model))


@pytest.mark.parametrize("bundled", MODELS, ids=IDS)
def test_committed_model_is_a_fresh_import_of_its_table(bundled: Bundled) -> None:
    regenerate = (
        f"regenerate it: machiflow import-steps {bundled.table.relative_to(BUNDLED.parent.parent)}"
        " with the options in its folder's README.md"
    )
    assert bundled.model.read_bytes() == _fresh(bundled), regenerate


@pytest.mark.parametrize("bundled", MODELS, ids=IDS)
def test_model_validates_without_findings(bundled: Bundled) -> None:
    result = check_file(str(bundled.model))
    assert [f.format("en") for f in result.findings] == []


@pytest.mark.parametrize("bundled", MODELS, ids=IDS)
def test_model_follows_the_shared_conventions(bundled: Bundled) -> None:
    definitions = load(bundled.model)
    process = definitions.processes[bundled.info.id]
    assert (process.bpr.procedure, process.bpr.variant, process.bpr.area) == (
        bundled.info.procedure,
        bundled.variant,
        bundled.info.area,
    )
    assert process.is_executable is False
    allowed = LANES[bundled.folder]
    for lane in process.lanes:
        assert lane.name in allowed, lane.name
        assert lane.actor == allowed[lane.name], lane.name
    for node in process.nodes.values():
        if node.is_activity:
            assert node.name, node.id
            assert node.bpr.present >= ALWAYS, (node.id, ALWAYS - node.bpr.present)
            if definitions.actor_of(node) in {"resident", "external"}:
                assert node.bpr.channel is not None, node.id
        if node.family == "gateway" and len(node.outgoing) > 1:
            assert node.name, node.id
            chances = [process.flows[f].bpr.probability for f in node.outgoing]
            assert None not in chances, node.id
            assert sum(c or 0.0 for c in chances) == pytest.approx(1.0), node.id
        if node.family == "event":
            assert node.name, node.id


def _report(path: Path) -> KpiReport:
    definitions: Definitions = load(path)
    (report,) = kpis(definitions)
    assert report.missing == []
    return report


@pytest.mark.parametrize("folder", ["gakudo", "seikatsu-hogo"])
def test_can_be_improves_on_as_is_the_way_a_bpr_team_expects(folder: str) -> None:
    as_is = _report(BUNDLED / folder / "as-is.bpmn").kpis
    can_be = _report(BUNDLED / folder / "can-be.bpmn").kpis
    assert can_be["resident_visits"] < as_is["resident_visits"]
    assert can_be["paper"] < as_is["paper"]
    assert can_be["rekeys"] < as_is["rekeys"]
    assert can_be["lead_time_days"] <= as_is["lead_time_days"]
    assert can_be["staff_minutes"] < as_is["staff_minutes"]
    assert can_be["online_share"] > as_is["online_share"]
    # Can-Be changes no rule: paper approvals stay.
    assert can_be["approvals"] == pytest.approx(as_is["approvals"])
