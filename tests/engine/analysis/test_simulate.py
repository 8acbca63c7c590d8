"""The simulation: repeatable, faithful to the KPIs where they are exact, and right about
parallel branches, shared staff, working hours and the arrival stream."""

from __future__ import annotations

import math
import statistics

import pytest

from engine.analysis import simulate as simulate_module
from engine.analysis.kpi import kpis
from engine.analysis.simulate import (
    KPI_KEYS,
    MAX_VISITS,
    Options,
    Result,
    Variant,
    WorkingHours,
    arrival_times,
    find_variants,
    simulate,
)
from engine.errors import InputError, UsageError
from tests.engine.analysis.simulation_models import (
    counter_model,
    flow,
    lanes,
    load,
    loop_model,
    mixed_model,
    model,
    parallel_model,
    task,
)

DAY = 86400.0
HOUR = 3600.0


def variants_of(data: bytes, name: str = "model.bpmn") -> list[Variant]:
    return find_variants([(name, load(data, name))])


def run(data: bytes, **options: object) -> Result:
    (result,) = simulate(variants_of(data), Options(**options))  # type: ignore[arg-type]
    return result


# --- repeatable -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"cases": 500},
        {"cases": 500, "arrivals": 4.0, "capacity": {"窓口": 1}},
        {"cases": 500, "arrivals": 4.0, "hours": WorkingHours(8.5 * HOUR, 17.25 * HOUR)},
    ],
    ids=["walk", "simpy-capacity", "hours"],
)
def test_same_seed_gives_identical_results(options: dict[str, object]) -> None:
    first = run(mixed_model(), seed=7, **options)
    again = run(mixed_model(), seed=7, **options)
    assert first.to_json() == again.to_json()
    assert first.lead_times == again.lead_times


def test_another_seed_gives_other_results() -> None:
    one = run(loop_model(), cases=300, seed=1)
    two = run(loop_model(), cases=300, seed=2)
    assert one.lead_times != two.lead_times
    assert one.to_json()["lead_time_days"] != two.to_json()["lead_time_days"]


def test_nothing_reads_the_global_random_generator() -> None:
    import random

    random.seed(1)
    first = run(mixed_model(), cases=200, arrivals=3.0).lead_times
    random.seed(2)
    assert run(mixed_model(), cases=200, arrivals=3.0).lead_times == first


# --- agrees with the KPIs -----------------------------------------------------------------


def test_mean_lead_time_converges_to_the_exact_kpi_without_parallel_splits() -> None:
    definitions = load(loop_model())
    (report,) = kpis(definitions)
    assert report.lead_time_method == "exact"
    result = run(loop_model(), cases=20_000, seed=3)
    standard_error = statistics.stdev(result.lead_times) / math.sqrt(result.cases)
    expected = report.kpis["lead_time_days"]
    assert abs(result.lead_time.mean - expected) < 4 * standard_error
    assert standard_error < 0.01 * expected  # the tolerance is tight, not a formality
    # The KPI totals counted along each case's path converge to the expected values too.
    for key in KPI_KEYS:
        assert result.per_case[key] == pytest.approx(report.kpis[key], rel=0.02, abs=1e-9), key
    assert result.truncated == 0


def test_with_parallel_splits_the_mean_agrees_with_the_kpis_too() -> None:
    # Parallel and inclusive blocks, a sub-process, a boundary event and a loop.
    (report,) = kpis(load(mixed_model()))
    result = run(mixed_model(), cases=10_000, seed=6)
    standard_error = statistics.stdev(result.lead_times) / math.sqrt(result.cases)
    assert abs(result.lead_time.mean - report.kpis["lead_time_days"]) < 4 * standard_error
    for key in ("steps", "staff_minutes", "approvals", "handoffs"):
        assert result.per_case[key] == pytest.approx(report.kpis[key], rel=0.02), key


def test_per_case_kpis_are_totals_divided_by_cases() -> None:
    result = run(loop_model(), cases=1000)
    assert set(result.totals) == set(KPI_KEYS)
    for key in KPI_KEYS:
        assert result.per_case[key] == pytest.approx(result.totals[key] / 1000)
    assert result.totals["resident_visits"] == 1000  # 申請 at the counter, once per case


# --- what a case does --------------------------------------------------------------------


def test_parallel_branches_join_at_the_slowest() -> None:
    result = run(parallel_model(), cases=4000, seed=5)
    assert set(result.lead_times) == {2.0, 5.0}  # max(2, 1) or max(2, 5), never a sum
    slow = sum(1 for days in result.lead_times if days == 5.0) / result.cases
    assert slow == pytest.approx(0.5, abs=0.03)
    assert result.per_case["steps"] == 2.0  # 調査 and one of the two 照会


def test_inclusive_join_waits_for_the_branches_its_split_opened() -> None:
    both = model(
        '<bpmn:startEvent id="Start"/>',
        '<bpmn:inclusiveGateway id="Or"/>',
        task("C", "照会C", 'bpr:wait="P3D"'),
        task("D", "照会D", 'bpr:wait="P1D"'),
        '<bpmn:inclusiveGateway id="OrJoin"/>',
        task("After", "集約", 'bpr:wait="PT1H"'),
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Or"),
        flow("F2", "Or", "C", 0.5),
        flow("F3", "Or", "D", 0.5),
        flow("F4", "C", "OrJoin"),
        flow("F5", "D", "OrJoin"),
        flow("F6", "OrJoin", "After"),
        flow("F7", "After", "End"),
    )
    result = run(both, cases=4000)
    hour = 1 / 24
    # C alone, C and D (joined at C), or D alone; a case that takes neither flow stops.
    assert set(result.lead_times) <= {3 + hour, 1 + hour, 0.0}
    opened = sum(1 for days in result.lead_times if days > 0)
    # 集約 runs once per case that opened a branch, however many it opened.
    c_and_d = result.totals["steps"] - opened
    assert c_and_d == pytest.approx(4000 * (0.5 + 0.5), rel=0.05)
    assert opened == pytest.approx(4000 * 0.75, rel=0.05)


def test_sub_process_is_run_to_its_end_before_the_case_goes_on() -> None:
    result = run(mixed_model(), cases=2000, seed=11)
    # 受付 1h10m + 審査B 2d45m (slowest of the parallel block) + at least 照会D 1d25m
    # + the sub-process: 2h + its slowest branch 内審1 1d15m + 決定 10m.
    floor = (
        (HOUR + 10 * 60) + (2 * DAY + 45 * 60) + (DAY + 25 * 60) + 2 * HOUR + (DAY + 15 * 60)
    ) / DAY
    ended = [d for d in result.lead_times if d > 2.1]  # cases that got past 照会
    assert min(ended) >= floor + 10 / 1440 - 1e-9
    assert result.truncated == 0


def test_interrupting_boundary_event_fires_with_its_probability() -> None:
    data = model(
        '<bpmn:startEvent id="Start"/>',
        task("Wait", "回答待ち", 'bpr:wait="P1D"'),
        '<bpmn:boundaryEvent id="Late" attachedToRef="Wait" bpr:probability="0.2"/>',
        task("Remind", "督促", 'bpr:duration="PT10M"'),
        task("Go", "処理", 'bpr:duration="PT20M"'),
        '<bpmn:endEvent id="End"/>',
        '<bpmn:endEvent id="End2"/>',
        flow("F1", "Start", "Wait"),
        flow("F2", "Wait", "Go"),
        flow("F3", "Go", "End"),
        flow("F4", "Late", "Remind"),
        flow("F5", "Remind", "End2"),
    )
    result = run(data, cases=5000, seed=2)
    fired = sum(1 for d in result.lead_times if d < 1 + 15 / 1440) / result.cases
    assert fired == pytest.approx(0.2, abs=0.02)  # 督促 (10 min) instead of 処理 (20 min)
    assert result.per_case["staff_minutes"] == pytest.approx(0.2 * 10 + 0.8 * 20, rel=0.02)
    assert result.per_case["steps"] == 2.0


def test_a_case_that_loops_too_long_is_cut_off_and_counted() -> None:
    data = model(
        '<bpmn:startEvent id="Start"/>',
        task("Again", "再提出"),
        '<bpmn:exclusiveGateway id="Ok"/>',
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Again"),
        flow("F2", "Again", "Ok"),
        flow("F3", "Ok", "Again", 0.9999),
        flow("F4", "Ok", "End", 0.0001),
    )
    result = run(data, cases=8, seed=4)
    assert 0 < result.truncated < 8
    assert result.totals["steps"] <= 8 * MAX_VISITS


# --- staff, hours and arrivals ---------------------------------------------------------------


def test_limited_staff_make_cases_queue() -> None:
    free = run(counter_model(60), cases=400, arrivals=30.0)  # a case every 48 minutes
    one = run(counter_model(60), cases=400, arrivals=30.0, capacity={"窓口": 1})
    two = run(counter_model(60), cases=400, arrivals=30.0, capacity={"Lane_Counter": 2})
    assert free.method == "walk"
    assert one.method == two.method == "simpy"
    assert free.lead_time.max == pytest.approx(1 / 24)
    assert one.lead_time.mean > 10 * free.lead_time.mean  # arrivals outrun one member of staff
    assert free.lead_time.mean < two.lead_time.mean < one.lead_time.mean
    (load_one,) = one.lanes
    assert load_one.name == "窓口"
    assert load_one.capacity == 1
    assert load_one.utilisation > 0.95
    assert load_one.queue_days == pytest.approx(one.lead_time.mean - 1 / 24)
    (load_two,) = two.lanes
    assert load_two.utilisation == pytest.approx(30 / 24 / 2, rel=0.15)


def test_working_hours_stretch_staff_work_over_days_and_weekends() -> None:
    one_hour_a_day = WorkingHours(9 * HOUR, 10 * HOUR)
    four = run(counter_model(240), cases=1, hours=one_hour_a_day)
    assert four.lead_time.mean == pytest.approx(3 + 1 / 24)  # Monday to Thursday 10:00
    eight = run(counter_model(480), cases=1, hours=one_hour_a_day)
    assert eight.lead_time.mean == pytest.approx(9 + 1 / 24)  # over the weekend
    office = WorkingHours(8.5 * HOUR, 17.25 * HOUR)
    plain = run(counter_model(120), cases=300, arrivals=5.0)
    stretched = run(counter_model(120), cases=300, arrivals=5.0, hours=office)
    assert stretched.lead_time.mean > plain.lead_time.mean
    assert stretched.lead_time.min == pytest.approx(2 / 24)


def test_waits_run_on_calendar_time_outside_working_hours() -> None:
    data = model(
        '<bpmn:startEvent id="Start"/>',
        task("Mail", "郵送", 'bpr:wait="P3D"'),
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Mail"),
        flow("F2", "Mail", "End"),
    )
    assert run(data, cases=1, hours=WorkingHours(9 * HOUR, 10 * HOUR)).lead_time.mean == 3.0


def test_every_variant_sees_the_same_arrivals_and_cases() -> None:
    files = [("as-is.bpmn", load(counter_model(50))), ("copy.bpmn", load(counter_model(50)))]
    options = Options(cases=300, arrivals=25.0, capacity={"窓口": 1}, seed=9)
    first, second = simulate(find_variants(files), options)
    assert first.lead_times == second.lead_times
    # A variant's numbers do not depend on the other variants simulated with it.
    other = ("to-be.bpmn", load(loop_model("to-be")))
    (alone,) = simulate(find_variants(files[:1]), options)
    _, with_other = simulate(find_variants([other, files[0]]), options)
    assert alone.lead_times == with_other.lead_times == first.lead_times


def test_arrivals_are_a_poisson_stream_of_the_given_rate() -> None:
    times = arrival_times(20_000, 12.0, seed=1)
    assert times == sorted(times)
    assert times == arrival_times(20_000, 12.0, seed=1)
    assert len(times) / (times[-1] / DAY) == pytest.approx(12.0, rel=0.03)
    assert arrival_times(3, None, seed=1) == [0.0, 0.0, 0.0]


# --- the two ways of running agree ----------------------------------------------------------


@pytest.mark.parametrize("hours", [None, WorkingHours(8.5 * HOUR, 17.25 * HOUR)], ids=["", "hours"])
def test_plain_walk_and_simpy_agree_case_by_case(hours: WorkingHours | None) -> None:
    variants = variants_of(mixed_model())
    options = {"cases": 1500, "arrivals": 2.0, "hours": hours, "seed": 5}
    (walked,) = simulate(variants, Options(engine="walk", **options))  # type: ignore[arg-type]
    (simulated,) = simulate(variants, Options(engine="simpy", **options))  # type: ignore[arg-type]
    assert walked.method == "walk"
    assert simulated.method == "simpy"
    assert walked.lead_times == simulated.lead_times
    for key in KPI_KEYS:
        assert walked.totals[key] == pytest.approx(simulated.totals[key], rel=1e-12), key


def test_capacity_large_enough_changes_nothing() -> None:
    variants = variants_of(mixed_model())
    (free,) = simulate(variants, Options(cases=300, arrivals=1.0))
    (roomy,) = simulate(variants, Options(cases=300, arrivals=1.0, capacity={"窓口": 10_000}))
    assert roomy.method == "simpy"
    assert roomy.lead_times == free.lead_times
    assert roomy.lanes[0].queue_days == 0.0


# --- errors -----------------------------------------------------------------------------


def test_unknown_lane_names_the_lanes_there_are() -> None:
    with pytest.raises(UsageError) as raised:
        simulate(variants_of(loop_model()), Options(cases=10, capacity={"受付係": 1}))
    assert raised.value.code == "simulation.unknown-lane"
    assert "窓口" in raised.value.params["known"]


def test_a_loop_no_case_leaves_is_an_input_error() -> None:
    data = model(
        '<bpmn:startEvent id="Start"/>',
        task("Again", "再提出"),
        '<bpmn:exclusiveGateway id="Ok"/>',
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Again"),
        flow("F2", "Again", "Ok"),
        flow("F3", "Ok", "Again", 1.0),
        flow("F4", "Ok", "End", 0.0),
    )
    with pytest.raises(InputError) as raised:
        simulate(variants_of(data), Options(cases=10))
    assert raised.value.code == "simulation.no-exit"


def test_process_where_no_case_can_start_is_an_input_error() -> None:
    # The only start event has an incoming flow, so no run of the process begins there.
    data = model(
        '<bpmn:startEvent id="Start"/>',
        task("Step", "手順"),
        flow("F1", "Start", "Step"),
        flow("F2", "Step", "Start"),
    )
    with pytest.raises(InputError) as raised:
        simulate(variants_of(data), Options(cases=10))
    assert raised.value.code == "simulation.no-start"


def test_without_start_events_every_node_without_incoming_flows_starts() -> None:
    data = model(task("One", "手順1", 'bpr:wait="P1D"'), task("Two", "手順2", 'bpr:wait="P2D"'))
    result = run(data, cases=10)
    assert result.lead_times == (2.0,) * 10  # both at once: the slower decides
    assert result.per_case["steps"] == 2.0


def test_unknown_process_names_the_processes_there_are() -> None:
    with pytest.raises(InputError) as raised:
        find_variants([("model.bpmn", load(loop_model()))], "Nope")
    assert raised.value.code == "simulation.no-process"
    assert raised.value.params["known"] == "Process_1"


def test_public_api() -> None:
    assert set(simulate_module.__all__) == {
        "DEFAULT_CASES",
        "KPI_KEYS",
        "MAX_VISITS",
        "LaneLoad",
        "LeadTime",
        "Options",
        "Result",
        "Variant",
        "WorkingHours",
        "arrival_times",
        "case_keys",
        "find_variants",
        "simulate",
    }


def test_hand_offs_follow_each_case_through_joins_and_sub_processes() -> None:
    data = model(
        lanes(
            ("Lane_X", "窓口", "staff", ("A", "C", "Fork", "Join", "Sub")),
            ("Lane_Y", "審査", "staff", ("B", "D", "E")),
        ),
        '<bpmn:startEvent id="Start"/>',
        task("A", "受付"),
        '<bpmn:parallelGateway id="Fork"/>',
        task("B", "審査"),
        task("C", "確認"),
        '<bpmn:parallelGateway id="Join"/>',
        task("D", "決定"),
        '<bpmn:subProcess id="Sub">'
        '<bpmn:startEvent id="In"/>'
        + task("I", "内部審査")
        + '<bpmn:endEvent id="Out"/>'
        + flow("SF1", "In", "I")
        + flow("SF2", "I", "Out")
        + "</bpmn:subProcess>",
        task("E", "通知"),
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "A"),
        flow("F2", "A", "Fork"),
        flow("F3", "Fork", "B"),
        flow("F4", "Fork", "C"),
        flow("F5", "B", "Join"),
        flow("F6", "C", "Join"),
        flow("F7", "Join", "D"),
        flow("F8", "D", "Sub"),
        flow("F9", "Sub", "E"),
        flow("F10", "E", "End"),
    )
    result = run(data, cases=20)
    # 受付→審査 (X→Y); 確認→決定 (X→Y): each branch hands its work to the step after the
    # join; 決定→内部審査 (Y→X, the sub-process's lane); 内部審査→通知 (X→Y): the inside
    # hands its work to the step after the sub-process.
    assert result.per_case["handoffs"] == 4.0
    assert result.per_case["steps"] == 6.0
    (report,) = kpis(load(data))
    assert report.kpis["handoffs"] == pytest.approx(4.0)


TERMINATE = '<bpmn:terminateEventDefinition id="{0}_Def"/>'


def _terminating(inside_sub_process: bool) -> bytes:
    """受付 forks into 回答 (1 day, then a terminate end event) and 調査 (5 days)."""
    survey = task("Survey", "調査", 'bpr:wait="P5D"')
    if inside_sub_process:
        survey = (
            '<bpmn:subProcess id="Survey">'
            '<bpmn:startEvent id="In"/>'
            + task("Inner", "現地調査", 'bpr:wait="P5D"')
            + '<bpmn:endEvent id="Out"/>'
            + flow("SF1", "In", "Inner")
            + flow("SF2", "Inner", "Out")
            + "</bpmn:subProcess>"
        )
    return model(
        lanes(("Lane_Counter", "窓口", "staff", ("Reply", "Other"))),
        '<bpmn:startEvent id="Start"/>',
        '<bpmn:parallelGateway id="Fork"/>',
        task("Reply", "回答", 'bpr:wait="P1D"'),
        survey,
        f'<bpmn:endEvent id="Stop">{TERMINATE.format("Stop")}</bpmn:endEvent>',
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Fork"),
        flow("F2", "Fork", "Reply"),
        flow("F3", "Fork", "Survey"),
        flow("F4", "Reply", "Stop"),
        flow("F5", "Survey", "End"),
    )


@pytest.mark.parametrize("inside_sub_process", [False, True], ids=["task", "sub-process"])
def test_terminate_end_event_ends_the_case_and_cuts_other_work_short(
    inside_sub_process: bool,
) -> None:
    data = _terminating(inside_sub_process)
    result = run(data, cases=50)
    assert result.method == "simpy"  # work beside a terminate end event: SimPy interleaves
    assert result.lead_times == (1.0,) * 50
    (walked,) = simulate(variants_of(data), Options(cases=50, engine="walk"))
    assert walked.lead_times == result.lead_times


def test_terminate_stops_tokens_waiting_for_staff() -> None:
    data = model(
        lanes(("Lane_Counter", "窓口", "staff", ("A", "B"))),
        '<bpmn:startEvent id="Start"/>',
        '<bpmn:parallelGateway id="Fork"/>',
        task("A", "受付", 'bpr:duration="PT1H"'),
        task("B", "確認", 'bpr:duration="PT2H"'),
        f'<bpmn:endEvent id="Stop">{TERMINATE.format("Stop")}</bpmn:endEvent>',
        '<bpmn:endEvent id="End"/>',
        flow("F1", "Start", "Fork"),
        flow("F2", "Fork", "A"),
        flow("F3", "Fork", "B"),
        flow("F4", "A", "Stop"),
        flow("F5", "B", "End"),
    )
    result = run(data, cases=5, capacity={"窓口": 1})
    # One member of staff: each case's 受付 ends it; its 確認 never holds them for long.
    assert result.lead_times[0] == pytest.approx(1 / 24)
    assert max(result.lead_times) < 5 * 3 / 24
    assert result.truncated == 0


def test_event_sub_process_runs_beside_the_case_with_its_probability() -> None:
    data = model(
        '<bpmn:startEvent id="Start"/>',
        task("Work", "審査", 'bpr:wait="P1D"'),
        '<bpmn:endEvent id="End"/>',
        '<bpmn:subProcess id="Inquiry" triggeredByEvent="true">'
        '<bpmn:startEvent id="Asked" isInterrupting="false" bpr:probability="0.3">'
        '<bpmn:messageEventDefinition id="Asked_Def"/></bpmn:startEvent>'
        + task("Answer", "問い合わせ対応", 'bpr:wait="P10D"')
        + '<bpmn:endEvent id="Answered"/>'
        + flow("SF1", "Asked", "Answer")
        + flow("SF2", "Answer", "Answered")
        + "</bpmn:subProcess>",
        flow("F1", "Start", "Work"),
        flow("F2", "Work", "End"),
    )
    result = run(data, cases=3000, seed=8)
    assert set(result.lead_times) == {1.0, 10.0}
    asked = sum(1 for days in result.lead_times if days == 10.0) / result.cases
    assert asked == pytest.approx(0.3, abs=0.03)
    assert result.per_case["steps"] == pytest.approx(1.3, abs=0.03)


# --- working hours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("8:30-17:15", (8.5 * HOUR, 17.25 * HOUR)),
        (" 09:00 - 24:00 ", (9 * HOUR, 24 * HOUR)),
        ("17:15-8:30", None),
        ("8:30-8:30", None),
        ("8:60-17:00", None),
        ("24:00-24:30", None),
        ("8-17", None),
    ],
)
def test_working_hours_are_read_from_hh_mm(text: str, hours: tuple[float, float] | None) -> None:
    parsed = WorkingHours.parse(text)
    assert (parsed.opens, parsed.closes) == hours if parsed else hours is None


def test_work_pauses_at_closing_and_over_the_weekend() -> None:
    hours = WorkingHours(9 * HOUR, 17 * HOUR)  # time 0 is Monday 9:00
    assert hours.finish(0.0, 2 * HOUR) == 2 * HOUR
    assert hours.finish(7 * HOUR, 2 * HOUR) == DAY + HOUR  # Tuesday 10:00
    friday_four = 4 * DAY + 7 * HOUR
    assert hours.finish(friday_four, 2 * HOUR) == 7 * DAY + HOUR  # Monday 10:00
    saturday = 5 * DAY
    assert hours.finish(saturday, HOUR) == 7 * DAY + HOUR
    assert hours.finish(0.0, 3 * 40 * HOUR) == 2 * 7 * DAY + 4 * DAY + 8 * HOUR  # 3 weeks
    assert hours.finish(0.0, 40 * HOUR + 1) == 7 * DAY + 1
    assert hours.working_seconds(7 * DAY) == 40 * HOUR
    assert hours.working_seconds(DAY + 2 * HOUR) == 10 * HOUR
