"""Discrete-event simulation of BPR variants: lead-time distribution, KPI totals, staff load.

Each case walks the process like a token game on the token graph of
``engine.analysis.graph`` (the KPIs' own reading of the annotations): exclusive and
event-based choices by ``bpr:probability``, inclusive flows each by its own chance,
parallel splits and joins (a join waits for its branches; an inclusive join for the
branches its split actually opened), sub-processes entered and run to their end,
event sub-processes started with their scope by their probability, boundary events by
their probability, loops as often as they come round, a terminate end event ending its
scope at once. A step first
waits its ``bpr:wait`` (calendar time, no staff held), then takes its ``bpr:duration`` of
hands-on work. Lead time is from a case's arrival to the end of its last token.

Two ways of running, with the same results where both apply:

- **plain walk** (``engine.analysis.simulation.walk``) when no lane has a staff limit:
  cases cannot delay each other, so each is walked on its own with a heap of its tokens.
  Working hours, if given, only move the end of each piece of staff work. This is what
  makes 10,000 cases of a 20-node model take well under 2 seconds.
- **SimPy** (``engine.analysis.simulation.queueing``) when ``capacity`` limits a lane of
  the variant: each lane is a ``simpy.Resource`` of N staff, held for the work of a step;
  cases queue for it in arrival order. Also when a terminate end event can cut short work
  running beside it, which the plain walk does not interleave.

``engine="walk"`` or ``"simpy"`` forces one (the tests run both on the same model).

Deterministic: nothing reads the clock or the global random generator. From the seed,
one ``random.Random`` draws the arrival stream (Poisson, ``arrivals`` cases a day; none
given: every case at time 0) and another the key of each case; every variant gets the
same arrivals and the same case keys, so variants are compared on the same cases
(common random numbers). Within a case, draws come from streams split off its key per
token (``engine.analysis.simulation.plan``), so they do not depend on how events that are
due together happen to be ordered.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from engine.analysis.graph import build, solve, visit_system
from engine.analysis.simulation.calendar import WorkingHours
from engine.analysis.simulation.case import MAX_VISITS, Tally
from engine.analysis.simulation.plan import VISIT_KEYS, Plan, compile_plan
from engine.analysis.simulation.queueing import Queueing
from engine.analysis.simulation.walk import walk
from engine.errors import InputError, UsageError
from engine.model.duration import SECONDS_PER_DAY
from engine.model.elements import Definitions, Lane, Process

__all__ = [
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
]

DEFAULT_CASES: Final = 10_000
KPI_KEYS: Final = (*VISIT_KEYS, "handoffs")
Engine = Literal["auto", "walk", "simpy"]


@dataclass(frozen=True, slots=True)
class Options:
    cases: int = DEFAULT_CASES
    seed: int = 1
    arrivals: float | None = None  # cases per day, Poisson; None: all at time 0
    capacity: Mapping[str, int] = field(default_factory=dict)  # lane name or id -> staff
    hours: WorkingHours | None = None  # staff work on weekdays within these hours only
    engine: Engine = "auto"


@dataclass(frozen=True, slots=True)
class Variant:
    """One process of one file: what a row of the comparison is about."""

    file: str
    definitions: Definitions
    process: Process

    @property
    def label(self) -> str:
        return self.process.bpr.variant or self.process.label


@dataclass(frozen=True, slots=True)
class LeadTime:
    """Lead time in days over the simulated cases."""

    mean: float
    p50: float
    p90: float
    min: float
    max: float

    @classmethod
    def of(cls, days: Sequence[float]) -> LeadTime:
        if not days:
            return cls(0.0, 0.0, 0.0, 0.0, 0.0)
        ordered = sorted(days)
        return cls(
            sum(ordered) / len(ordered),
            _percentile(ordered, 0.5),
            _percentile(ordered, 0.9),
            ordered[0],
            ordered[-1],
        )

    def to_json(self) -> dict[str, float]:
        return {k: round(getattr(self, k), 6) for k in ("mean", "p50", "p90", "min", "max")}


@dataclass(frozen=True, slots=True)
class LaneLoad:
    """A lane with limited staff: how busy they were and how long cases waited for them."""

    lane: str
    name: str
    capacity: int
    utilisation: float  # work done / (staff x time they could work), 0 to 1
    queue_days: float  # mean per case

    def to_json(self) -> dict[str, Any]:
        return {
            "lane": self.lane,
            "name": self.name,
            "capacity": self.capacity,
            "utilisation": round(self.utilisation, 6),
            "queue_days": round(self.queue_days, 6),
        }


@dataclass(frozen=True, slots=True)
class Result:
    file: str
    process: str
    name: str | None
    variant: str | None
    label: str
    cases: int
    seed: int
    arrivals: float | None
    method: str  # "walk" or "simpy"
    lead_time: LeadTime
    lead_times: tuple[float, ...]  # days, per case in arrival order
    totals: dict[str, float]  # KPI sums over all cases
    per_case: dict[str, float]  # the same divided by the number of cases
    lanes: tuple[LaneLoad, ...] = ()
    truncated: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "process": self.process,
            "name": self.name,
            "variant": self.variant,
            "cases": self.cases,
            "seed": self.seed,
            "arrivals_per_day": self.arrivals,
            "method": self.method,
            "lead_time_days": self.lead_time.to_json(),
            "kpis": {k: round(v, 6) for k, v in self.totals.items()},
            "kpis_per_case": {k: round(v, 6) for k, v in self.per_case.items()},
            "lanes": [lane.to_json() for lane in self.lanes],
            "truncated": self.truncated,
        }


def find_variants(
    files: Sequence[tuple[str, Definitions]], process_id: str | None = None
) -> list[Variant]:
    """The processes to simulate: ``process_id`` in each file, or every process with flow
    nodes."""
    found: list[Variant] = []
    for file, definitions in files:
        if process_id is not None:
            process = definitions.processes.get(process_id)
            if process is None:
                known = ", ".join(definitions.processes) or "-"
                raise InputError(
                    "simulation.no-process", file=file, process=process_id, known=known
                )
            found.append(Variant(file, definitions, process))
            continue
        processes = [p for p in definitions.processes.values() if p.nodes]
        if not processes:
            raise InputError("simulation.no-flow", file=file)
        found += [Variant(file, definitions, p) for p in processes]
    return found


def arrival_times(cases: int, rate: float | None, seed: int) -> list[float]:
    """Arrival second of each case: a Poisson stream of ``rate`` a day, or all at 0."""
    if rate is None:
        return [0.0] * cases
    rng = random.Random(f"machiflow.simulate.arrivals:{seed}")  # noqa: S311  (not a secret)
    mean_gap = SECONDS_PER_DAY / rate
    times: list[float] = []
    now = 0.0
    for _ in range(cases):
        now += rng.expovariate(1.0) * mean_gap
        times.append(now)
    return times


def case_keys(cases: int, seed: int) -> list[int]:
    """The root of each case's random streams, the same for every variant."""
    rng = random.Random(f"machiflow.simulate.cases:{seed}")  # noqa: S311  (not a secret)
    return [rng.getrandbits(64) for _ in range(cases)]


def simulate(
    variants: Sequence[Variant],
    options: Options,
    progress: Callable[[int], None] | None = None,
) -> list[Result]:
    """Simulate ``options.cases`` cases of every variant on the same arrivals.

    ``progress`` is called now and then with the number of cases just finished.
    """
    plans = [_plan(v) for v in variants]
    _check_lanes(plans, options.capacity)
    arrivals = arrival_times(options.cases, options.arrivals, options.seed)
    keys = case_keys(options.cases, options.seed)
    return [
        _simulate_one(variant, plan, options, arrivals, keys, progress)
        for variant, plan in zip(variants, plans, strict=True)
    ]


def _plan(variant: Variant) -> Plan:
    graph = build(variant.definitions, variant.process)
    if not graph.sources:
        raise InputError("simulation.no-start", file=variant.file, process=variant.process.id)
    try:
        solve(*visit_system(graph))
    except ValueError:  # the graph's error for a loop that tokens circle forever
        raise InputError(
            "simulation.no-exit", file=variant.file, process=variant.process.id
        ) from None
    return compile_plan(variant.definitions, graph)


def _matches(lane: Lane, key: str) -> bool:
    return key in {lane.id, lane.label}


def _check_lanes(plans: Sequence[Plan], capacity: Mapping[str, int]) -> None:
    lanes = [lane for plan in plans for lane in plan.process.all_lanes()]
    for key in capacity:
        if not any(_matches(lane, key) for lane in lanes):
            names = dict.fromkeys(lane.label for lane in lanes)
            raise UsageError("simulation.unknown-lane", lane=key, known=", ".join(names) or "-")


def _pools(plan: Plan, capacity: Mapping[str, int]) -> tuple[list[int], list[Lane], list[int]]:
    """Staff pool per node (-1: unlimited), and the lane and size of each pool.

    A node is worked by the nearest lane around it that has a limit; inside a sub-process
    without lanes of its own, by the sub-process's lane.
    """
    pool_lanes: list[Lane] = []
    sizes: list[int] = []
    number: dict[str, int] = {}
    for lane in plan.process.all_lanes():
        size = capacity.get(lane.id, capacity.get(lane.label))
        if size is not None:
            number[lane.id] = len(pool_lanes)
            pool_lanes.append(lane)
            sizes.append(size)
    resource = [-1] * plan.size
    for i, chain in enumerate(plan.lane_chain):
        for lane in chain:
            if lane.id in number:
                resource[i] = number[lane.id]
                break
    return resource, pool_lanes, sizes


def _simulate_one(
    variant: Variant,
    plan: Plan,
    options: Options,
    arrivals: Sequence[float],
    keys: Sequence[int],
    progress: Callable[[int], None] | None,
) -> Result:
    resource, pool_lanes, sizes = _pools(plan, options.capacity)
    engine = options.engine
    limited = any(r >= 0 for r in resource)
    cut_short = plan.concurrent and any(plan.terminates)  # see simulation.walk
    if engine == "auto":
        engine = "simpy" if limited or cut_short else "walk"
    elif engine == "walk" and limited:
        raise ValueError("the plain walk cannot limit staff: use SimPy")
    tally = Tally.empty(plan)
    loads: list[LaneLoad] = []
    if engine == "walk":
        seconds = walk(plan, arrivals, keys, options.hours, tally, progress)
    else:
        queueing = Queueing(plan, options.hours, resource, sizes, tally)
        seconds, end = queueing.run(arrivals, keys, progress)
        loads = _loads(pool_lanes, sizes, tally, end, options)
    days = [s / SECONDS_PER_DAY for s in seconds]
    totals = _totals(plan, tally)
    cases = len(days)
    process = variant.process
    return Result(
        file=variant.file,
        process=process.id,
        name=process.name,
        variant=process.bpr.variant,
        label=variant.label,
        cases=cases,
        seed=options.seed,
        arrivals=options.arrivals,
        method=engine,
        lead_time=LeadTime.of(days),
        lead_times=tuple(days),
        totals=totals,
        per_case={k: v / cases if cases else 0.0 for k, v in totals.items()},
        lanes=tuple(loads),
        truncated=tally.truncated,
    )


def _totals(plan: Plan, tally: Tally) -> dict[str, float]:
    sums = [0.0] * len(VISIT_KEYS)
    for count, values in zip(tally.visits, plan.values, strict=True):
        if count:
            for k, value in enumerate(values):
                sums[k] += count * value
    totals = dict(zip(VISIT_KEYS, sums, strict=True))
    totals["handoffs"] = tally.handoffs
    return totals


def _loads(
    lanes: Sequence[Lane], sizes: Sequence[int], tally: Tally, end: float, options: Options
) -> list[LaneLoad]:
    available = end if options.hours is None else options.hours.working_seconds(end)
    cases = max(options.cases, 1)
    loads: list[LaneLoad] = []
    for r, (lane, size) in enumerate(zip(lanes, sizes, strict=True)):
        busy = tally.busy.get(r, 0.0)
        loads.append(
            LaneLoad(
                lane=lane.id,
                name=lane.label,
                capacity=size,
                utilisation=busy / (size * available) if available > 0 else 0.0,
                queue_days=tally.queued.get(r, 0.0) / cases / SECONDS_PER_DAY,
            )
        )
    return loads


def _percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
