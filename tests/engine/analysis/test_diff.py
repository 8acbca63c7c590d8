"""``engine.analysis.diff``: what each kind of edit between two variants reports."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from engine.analysis.diff import Diff, Entry, diff
from engine.analysis.inventory import main_process
from engine.analysis.names import name_key, similarity
from engine.errors import InputError
from engine.model import loads
from tests.engine.analysis.diff_samples import (
    AS_IS,
    AS_IS_LINKS,
    AS_IS_STEPS,
    LANES,
    TO_BE,
    Link,
    Step,
    document,
    renamed,
    step,
)
from tests.factories import definitions, process


def compare(old: bytes, new: bytes, *, with_kpis: bool = False) -> Diff:
    return diff(loads(old, "old.bpmn"), loads(new, "new.bpmn"), with_kpis=with_kpis)


def variant(steps=AS_IS_STEPS, links=AS_IS_LINKS, **options: object) -> bytes:  # type: ignore[no-untyped-def]
    """The As-Is sample drawn separately (other ids), with edited steps or links."""
    settings: dict[str, object] = {
        "prefix": "Other",
        "variant": "as-is",
        "default": {"complete": "enter"},
    }
    settings.update(options)
    return document(list(steps), list(links), **settings)  # type: ignore[arg-type]


def only(entries: tuple[Entry, ...], category: str = "node") -> list[Entry]:
    return [e for e in entries if e.category == category]


def changes(entry: Entry) -> dict[str, tuple[object, object]]:
    return {c.attribute: (c.old, c.new) for c in entry.changes}


# --- nothing changed ----------------------------------------------------------------------


def test_a_file_diffs_itself_to_nothing() -> None:
    result = compare(AS_IS, AS_IS, with_kpis=True)
    assert result.empty
    assert not result.layout_changed
    assert {pair.method for pair, _ in result.matched} == {"id", "endpoints"}
    assert result.kpis is not None
    assert set(result.kpis.delta.values()) == {0.0}


def test_renamed_ids_diff_to_nothing_and_everything_is_matched() -> None:
    old, new = loads(AS_IS), loads(renamed(AS_IS, seed=7))
    result = diff(old, new, with_kpis=False)
    assert result.empty
    assert not result.layout_changed
    process = main_process(old)
    drawn = len(process.nodes) + len(process.flows) + len(process.all_lanes()) + 1  # + pool
    assert len(result.matched) == drawn
    assert all(pair.old != pair.new for pair, _ in result.matched)


def test_the_same_steps_drawn_elsewhere_are_layout_changes_only() -> None:
    result = compare(AS_IS, variant(dx=55))
    assert result.empty
    assert result.offset.x == 55
    # A shift of the whole drawing is not a move; the pool and lanes grew, though.
    assert {e.category for e in result.layout_changed} <= {"pool", "lane"}


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("書類を確認する", "書類を 確認する"),
        ("書類を確認する", "書類を確認する。"),
        ("申請（郵送）を受け付ける", "申請(郵送)を受け付ける"),
        ("ＡＢＣ申請を確認", "abc申請を確認"),
        ("ｶﾅ入力", "カナ入力"),
        ("Check  the form!", "check the form"),
    ],
)
def test_name_keys_ignore_width_spaces_and_punctuation(written: str, other: str) -> None:
    assert name_key(written) == name_key(other)
    assert similarity(name_key(written), name_key(other)) == 1.0


def test_similar_names_score_between_zero_and_one() -> None:
    assert 0.3 < similarity(name_key("結果を郵送する"), name_key("結果を通知する")) < 1.0
    assert similarity(name_key("受付"), name_key("決裁")) == 0.0


def test_a_name_spelt_differently_is_matched_and_only_a_layout_change() -> None:
    edited = step(AS_IS_STEPS, "check", name="書類を　確認する。")
    edited = step(edited, "score", name="指数を計算する（自動）")
    edited = step(edited, "enter", name="ｼｽﾃﾑに入力する")
    result = compare(AS_IS, variant(edited))
    spelled = {e.new_id: e for e in result.layout_changed}
    assert {"Other_check", "Other_enter"} <= set(spelled)
    assert [c.attribute for c in spelled["Other_check"].layout] == ["label"]
    # Words added to a name are a real rename, still the same step.
    (renamed_step,) = result.changed
    assert renamed_step.new_id == "Other_score"
    assert changes(renamed_step) == {"name": ("指数を計算する", "指数を計算する（自動）")}
    assert not result.added
    assert not result.removed


# --- what changed -------------------------------------------------------------------------


def test_task_to_script_task_is_a_type_change() -> None:
    result = compare(AS_IS, variant(step(AS_IS_STEPS, "score", kind="scriptTask")))
    (entry,) = result.changed
    assert (entry.old_id, entry.new_id) == ("AsIs_score", "Other_score")
    assert entry.type == "scriptTask"
    assert changes(entry) == {"type": ("task", "scriptTask")}


def test_lane_move_names_both_lanes() -> None:
    result = compare(AS_IS, variant(step(AS_IS_STEPS, "enter", lane=3)))
    (entry,) = only(result.changed)
    assert changes(entry) == {"lane": ("窓口", "基幹システム")}
    (change,) = entry.changes
    assert (change.old_ref, change.new_ref) == ("AsIs_Lane1", "Other_Lane3")


def test_a_lane_added_in_the_middle_is_added_not_a_chain_of_renames() -> None:
    """Tools number lanes by position (Lane_1, Lane_2, ...): inserting one shifts the ids
    of those after it, which keep their names and their work."""
    lanes = (LANES[0], ("電子申請", "system"), *LANES[1:])
    shifted = [replace(s, lane=s.lane + 1) if s.lane >= 1 else s for s in AS_IS_STEPS]
    result = compare(AS_IS, variant(shifted, prefix="AsIs", lanes=lanes))
    (added,) = only(result.added, "lane")
    assert (added.new_id, added.name) == ("AsIs_Lane1", "電子申請")
    assert only(result.removed, "lane") == []
    assert only(result.changed) == []
    matched = {p.old: p.new for p, _ in result.matched if p.old.startswith("AsIs_Lane")}
    assert matched == {
        "AsIs_Lane0": "AsIs_Lane0",
        "AsIs_Lane1": "AsIs_Lane2",
        "AsIs_Lane2": "AsIs_Lane3",
        "AsIs_Lane3": "AsIs_Lane4",
    }


def test_bpr_annotation_changes_are_compared_by_value() -> None:
    attrs = 'bpr:duration="PT1H" bpr:wait="P2D" bpr:approval="true"'  # was PT10M, P5D, seal
    edited = step(AS_IS_STEPS, "approve", attrs=attrs)
    edited = step(edited, "check", attrs='bpr:duration="PT1200S"')  # PT20M written otherwise
    result = compare(AS_IS, variant(edited))
    (entry,) = result.changed
    assert entry.new_id == "Other_approve"
    assert changes(entry) == {
        "bpr:duration": ("PT10M", "PT1H"),
        "bpr:wait": ("P5D", "P2D"),
        "bpr:seal": ("true", None),
    }


def test_added_and_removed_tasks() -> None:
    steps = [s for s in AS_IS_STEPS if s.key != "get"]
    steps.append(Step("number", "serviceTask", "受付番号を発行する", 3, 6.5))
    links = [k for k in AS_IS_LINKS if "get" not in {k.source, k.target}]
    links = [k for k in links if (k.source, k.target) != ("enter", "score")]
    links += [Link("start", "fill"), Link("enter", "number"), Link("number", "score")]
    result = compare(AS_IS, variant(steps, links))
    assert [(e.old_id, e.name) for e in only(result.removed)] == [
        ("AsIs_get", "申請書を窓口で受け取る")
    ]
    assert [(e.new_id, e.type) for e in only(result.added)] == [("Other_number", "serviceTask")]
    assert not result.changed
    assert {e.ends for e in result.removed if e.category == "flow"} == {
        ("入所を希望", "申請書を窓口で受け取る"),
        ("申請書を窓口で受け取る", "申請書を記入する"),
        ("システムに入力する", "指数を計算する"),
    }
    assert {e.ends for e in result.added if e.category == "flow"} == {
        ("入所を希望", "申請書を記入する"),
        ("システムに入力する", "受付番号を発行する"),
        ("受付番号を発行する", "指数を計算する"),
    }


def test_a_step_replaced_in_place_is_a_change_of_name_and_type() -> None:
    edited = step(AS_IS_STEPS, "enter", name="マイナンバーで照会する", kind="serviceTask")
    result = compare(AS_IS, variant(edited))
    (entry,) = result.changed
    assert changes(entry) == {
        "type": ("userTask", "serviceTask"),
        "name": ("システムに入力する", "マイナンバーで照会する"),
    }


def test_flow_changes_condition_probability_and_route() -> None:
    links = [
        Link("complete", "enter", "はい", 'bpr:probability="0.9"'),
        Link("complete", "check", "いいえ（補正）", 'bpr:probability="0.1"', condition="ng"),
    ]
    links += [k for k in AS_IS_LINKS if k.source != "complete"]
    result = compare(AS_IS, variant(AS_IS_STEPS, links))
    flows = {e.name: changes(e) for e in only(result.changed, "flow")}
    assert flows["はい"] == {"bpr:probability": ("0.7", "0.9")}
    assert flows["いいえ（補正）"] == {
        "target": ("申請書を記入する", "書類を確認する"),
        "condition": ("not ok", "ng"),
        "bpr:probability": ("0.3", "0.1"),
    }
    assert not only(result.changed)
    assert not result.added
    assert not result.removed


def test_a_new_flow_between_matched_steps_is_added() -> None:
    links = [*AS_IS_LINKS, Link("check", "notify", "却下", 'bpr:probability="0.05"')]
    result = compare(AS_IS, variant(AS_IS_STEPS, links))
    (flow,) = result.added
    assert (flow.category, flow.name, flow.ends) == (
        "flow",
        "却下",
        ("書類を確認する", "結果を郵送する"),
    )


def test_a_moved_step_is_a_layout_change_only() -> None:
    result = compare(AS_IS, variant(step(AS_IS_STEPS, "score", row=1)))
    assert result.empty
    moved = {e.id: [c.attribute for c in e.layout] for e in result.layout_changed}
    assert moved["Other_score"] == ["bounds"]
    assert {k for k in moved if k.startswith("Other_F_")} == {
        "Other_F_enter_score",
        "Other_F_score_approve",
    }


def test_kpi_deltas_are_new_minus_old() -> None:
    result = compare(AS_IS, TO_BE, with_kpis=True)
    assert result.kpis is not None
    assert result.kpis.old
    assert result.kpis.new
    delta = result.kpis.delta
    assert delta["resident_visits"] == pytest.approx(0 - result.kpis.old["resident_visits"])
    assert result.kpis.new["resident_visits"] == 0
    assert delta["staff_minutes"] < 0
    assert delta["lead_time_days"] < 0
    assert delta["online_share"] == pytest.approx(1.0)


def test_as_is_to_be_matches_the_steps_that_stayed() -> None:
    result = compare(AS_IS, TO_BE)
    kept = {e.name for e in only(result.changed)} | {
        e.name for _, e in result.matched if e.category == "node"
    }
    assert {"書類を確認する", "指数を計算する", "決裁する", "結果を通知する"} <= kept
    assert {e.name for e in only(result.added)} == {"オンラインで申請する", "補正する"}
    notify = next(e for e in result.changed if e.new_id == "Activity_1tb_notify")
    assert changes(notify)["name"] == ("結果を郵送する", "結果を通知する")


# --- JSON and choices ---------------------------------------------------------------------


def test_json_has_the_documented_shape() -> None:
    payload = json.loads(json.dumps(compare(AS_IS, TO_BE, with_kpis=True).to_json()))
    assert {"added", "removed", "changed", "layout_changed", "matched", "kpis"} <= set(payload)
    for key in ("added", "removed", "changed", "layout_changed"):
        for item in payload[key]:
            assert {"id", "name", "type", "old_id", "new_id"} <= set(item)
    assert all(item["old_id"] is None for item in payload["added"])
    assert all(item["new_id"] is None for item in payload["removed"])
    assert all(item["old_id"] and item["new_id"] for item in payload["changed"])
    assert {"old", "new", "delta"} <= set(payload["kpis"])
    assert {"old_id", "new_id", "score", "by"} <= set(payload["matched"][0])
    change = payload["changed"][0]["changes"][0]
    assert {"attribute", "old", "new"} <= set(change)


def test_main_process_is_the_marked_one_else_the_largest() -> None:
    small = '<bpmn:process id="Small"><bpmn:task id="A"/></bpmn:process>'
    large = '<bpmn:process id="Large"><bpmn:task id="B"/><bpmn:task id="C"/></bpmn:process>'
    marked = '<bpmn:process id="Marked" bpr:variant="to-be"><bpmn:task id="D"/></bpmn:process>'
    assert main_process(loads(definitions(small + large))).id == "Large"
    assert main_process(loads(definitions(small + large + marked))).id == "Marked"


def test_a_named_process_that_is_missing_is_an_input_error() -> None:
    model = loads(process('<bpmn:task id="A"/>'))
    with pytest.raises(InputError) as raised:
        diff(model, model, old_process="Nope", with_kpis=False)
    assert raised.value.code == "diff.process-not-found"
    with pytest.raises(InputError) as empty:
        diff(loads(definitions("")), model, with_kpis=False)
    assert empty.value.code == "diff.no-process"
