"""The three variants of each bundled procedure, side by side: the KPI ordering a BPR team
expects (As-Is → Can-Be → To-Be), the annotations complete, and the To-Be naming the
constraints it lifts, since Can-Be is To-Be without those changes (domain.md)."""

from __future__ import annotations

import pytest

from engine.analysis.diff import diff
from engine.analysis.kpi import KpiReport, kpis
from engine.model import Definitions, Process, load
from tests.conftest import BUNDLED

PROCEDURES = ["gakudo", "seikatsu-hogo"]
VARIANTS = ("as-is", "can-be", "to-be")


def _model(procedure: str, variant: str) -> Definitions:
    return load(BUNDLED / procedure / f"{variant}.bpmn")


def _process(procedure: str, variant: str) -> Process:
    (process,) = _model(procedure, variant).processes.values()
    return process


def _reports(procedure: str) -> dict[str, KpiReport]:
    reports: dict[str, KpiReport] = {}
    for variant in VARIANTS:
        (report,) = kpis(_model(procedure, variant))
        reports[variant] = report
    return reports


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_every_variant_is_annotated_fully(procedure: str) -> None:
    for variant, report in _reports(procedure).items():
        assert report.missing == [], variant


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_each_variant_carries_its_procedure_and_variant(procedure: str) -> None:
    for variant in VARIANTS:
        process = _process(procedure, variant)
        assert process.bpr.procedure == procedure
        assert process.bpr.variant == variant


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_to_be_needs_fewer_visits_less_paper_and_less_time(procedure: str) -> None:
    reports = _reports(procedure)
    as_is, can_be, to_be = (reports[v].kpis for v in VARIANTS)
    # Fewer is better for these; Can-Be lies between (or reaches To-Be's floor of zero).
    for key in ("resident_visits", "paper", "lead_time_days", "rekeys", "seals"):
        assert as_is[key] >= can_be[key] >= to_be[key], key
        assert to_be[key] < as_is[key], key
    assert to_be["resident_visits"] == 0.0
    assert to_be["paper"] < can_be["paper"]
    assert to_be["lead_time_days"] < can_be["lead_time_days"]
    assert as_is["online_share"] <= can_be["online_share"] <= to_be["online_share"] == 1.0


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_to_be_names_the_constraints_it_lifts(procedure: str) -> None:
    lifted = {
        constraint
        for node in _process(procedure, "to-be").nodes.values()
        for constraint in node.bpr.lifts
    }
    assert lifted, "a To-Be that changes no rule or system is a Can-Be"
    for variant in ("as-is", "can-be"):
        assert all(not n.bpr.lifts for n in _process(procedure, variant).nodes.values())


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_diff_from_as_is_to_to_be_reports_changes(procedure: str) -> None:
    result = diff(_model(procedure, "as-is"), _model(procedure, "to-be"))
    assert not result.empty, "As-Is and To-Be cannot be the same flow"
    assert result.added
    assert result.removed
