"""Properties of the diff: a model against itself, renamed and reordered, is empty; every
real file from other tools (``../shared/corpus``) diffs itself and its renamed copy to empty."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.analysis.diff import diff
from engine.model import load, loads
from engine.model.document import read_bytes
from tests.conftest import SHARED
from tests.engine.analysis.diff_samples import LANES, Link, Step, document, renamed

CORPUS = SHARED / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.bpmn"))
NAMES = ("受付", "審査", "確認", "決裁", "", "受付", "書類を確認する", "Check", "通知")
KINDS = ("task", "userTask", "manualTask", "serviceTask", "exclusiveGateway", "parallelGateway")


@st.composite
def models(draw: st.DrawFn) -> bytes:
    """A random process: start, steps with repeated and empty names in random lanes, end;
    a path through every step plus random extra flows (forward, back, into itself)."""
    count = draw(st.integers(min_value=1, max_value=12))
    steps = [Step("s", "startEvent", draw(st.sampled_from(NAMES)), 0, 0)]
    for n in range(count):
        kind = draw(st.sampled_from(KINDS))
        name = draw(st.sampled_from(NAMES))
        lane = draw(st.integers(min_value=0, max_value=len(LANES) - 1))
        attrs = draw(st.sampled_from(("", 'bpr:duration="PT5M"', 'bpr:seal="true"')))
        steps.append(Step(f"n{n}", kind, name, lane, n + 1, attrs, row=n % 2))
    steps.append(Step("e", "endEvent", "", 0, count + 1))
    keys = [s.key for s in steps]
    links = {(a, b) for a, b in itertools.pairwise(keys)}
    extra = draw(
        st.lists(st.tuples(st.sampled_from(keys[:-1]), st.sampled_from(keys[1:])), max_size=count)
    )
    links |= set(extra)
    named = draw(st.lists(st.sampled_from(("はい", "いいえ", "")), min_size=len(links)))
    ordered = sorted(links)
    return document(
        steps,
        [Link(a, b, named[i] if i < len(named) else "") for i, (a, b) in enumerate(ordered)],
        prefix="P",
        variant="as-is",
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models(), seed=st.integers(min_value=0, max_value=10_000))
def test_renamed_and_reordered_copy_diffs_to_nothing(model: bytes, seed: int) -> None:
    old = loads(model, "old.bpmn")
    new = loads(renamed(model, seed=seed, shuffle=True), "new.bpmn")
    result = diff(old, new, with_kpis=False)
    assert result.empty, result.to_json()
    assert not result.layout_changed, result.to_json()["layout_changed"]
    process = next(iter(old.processes.values()))
    assert len(result.matched) == len(process.nodes) + len(process.flows) + len(LANES) + 1


@settings(max_examples=40, deadline=None)
@given(model=models())
def test_diff_against_itself_is_empty_and_matches_by_id(model: bytes) -> None:
    parsed = loads(model)
    result = diff(parsed, parsed, with_kpis=False)
    assert result.empty
    assert not result.layout_changed
    assert {pair.method for pair, _ in result.matched} <= {"id", "endpoints"}


def test_the_corpus_is_there() -> None:
    assert len(CORPUS_FILES) >= 20, f"no corpus under {CORPUS}"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_file_diffs_itself_to_nothing(path: Path) -> None:
    document_ = load(path)
    for process_id in document_.processes:
        result = diff(document_, document_, old_process=process_id, new_process=process_id)
        assert result.empty, (process_id, result.to_json())
        assert not result.layout_changed
        assert result.kpis is not None
        assert all(v == 0 for v in result.kpis.delta.values())


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_file_diffs_its_renamed_copy_to_nothing(path: Path) -> None:
    old = load(path)
    new = loads(renamed(read_bytes(path), seed=3, shuffle=True), f"{path}#renamed")
    result = diff(old, new, with_kpis=False)
    assert result.empty, result.to_json()
    assert not result.layout_changed, result.to_json()["layout_changed"]
