"""BPR annotations (see /work/shared/bpr-annotations.md) and ISO 8601 durations."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.model import Bpr, loads
from engine.model.bpr import BPR_NS, KEYS, read_bpr
from engine.model.duration import SECONDS_PER_DAY, is_iso_duration, parse_duration
from engine.model.elements import BprProblem
from tests.factories import process

MINUTE = 60.0
HOUR = 3600.0
DAY = SECONDS_PER_DAY

# key -> (text in the file, value read); one valid value for every key of the contract.
VALID: dict[str, tuple[str, Any]] = {
    "procedure": ("gakudo-admission", "gakudo-admission"),
    "variant": ("can-be", "can-be"),
    "area": ("子育て支援", "子育て支援"),
    "actor": ("resident", "resident"),
    "duration": ("PT9M", 9 * MINUTE),
    "wait": ("P2D", 2 * DAY),
    "channel": ("counter", "counter"),
    "paper": ("3", 3),
    "seal": ("true", True),
    "rekey": ("true", True),
    "approval": ("true", True),
    "lifts": ("law, ordinance,form", ("law", "ordinance", "form")),
    "probability": ("0.3", 0.3),
}

DEFAULTS: dict[str, Any] = {
    "duration": 0.0,
    "wait": 0.0,
    "channel": None,
    "paper": 0,
    "seal": False,
    "rekey": False,
    "approval": False,
    "lifts": (),
    "probability": None,
    "actor": None,
    "procedure": None,
    "variant": None,
    "area": None,
}


def attr(key: str) -> str:
    return "{" + BPR_NS + "}" + key


def test_contract_keys_are_all_known() -> None:
    assert set(KEYS) == set(VALID) == set(DEFAULTS)


def test_defaults_when_nothing_is_set() -> None:
    bpr = read_bpr({}, {})
    for key, value in DEFAULTS.items():
        assert getattr(bpr, key) == value, key
    assert bpr.present == frozenset()
    assert bpr.problems == []
    assert bpr.raw == {}


@pytest.mark.parametrize("key", sorted(VALID))
def test_each_key_from_an_attribute(key: str) -> None:
    text, expected = VALID[key]
    bpr = read_bpr({attr(key): text}, {})
    assert getattr(bpr, key) == expected
    assert bpr.present == {key}
    assert bpr.problems == []
    assert bpr.raw == {key: text}


@pytest.mark.parametrize("key", sorted(VALID))
def test_each_key_from_a_property(key: str) -> None:
    text, expected = VALID[key]
    bpr = read_bpr({}, {f"bpr:{key}": text})
    assert getattr(bpr, key) == expected
    assert bpr.present == {key}
    assert bpr.problems == []


def test_attribute_wins_over_property() -> None:
    bpr = read_bpr(
        {attr("duration"): "PT5M", attr("seal"): "false"},
        {"bpr:duration": "PT50M", "bpr:seal": "true", "bpr:paper": "2"},
    )
    assert bpr.duration == 5 * MINUTE
    assert bpr.seal is False
    assert bpr.paper == 2
    assert bpr.raw == {"duration": "PT5M", "seal": "false", "paper": "2"}


def test_unprefixed_properties_and_foreign_attributes_are_ignored() -> None:
    bpr = read_bpr({"duration": "PT5M", "{urn:other}duration": "PT5M"}, {"duration": "PT9M"})
    assert bpr.duration == 0.0
    assert bpr.present == frozenset()


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("duration", "9 minutes", "ISO 8601 duration such as PT9M, P3D"),
        ("wait", "-P1D", "ISO 8601 duration such as PT9M, P3D"),
        ("channel", "fax", "counter | mail | phone | online | visit | system"),
        ("paper", "-1", "integer >= 0"),
        ("paper", "2.5", "integer >= 0"),
        ("paper", "²", "integer >= 0"),  # a digit to str.isdigit, not to int()
        ("seal", "maybe", "true or false"),
        ("rekey", "", "true or false"),
        ("approval", "承認", "true or false"),
        ("lifts", "law, habit", "comma list of law, ordinance, guideline, form, system, "),
        ("probability", "1.5", "decimal in [0, 1]"),
        ("probability", "50%", "decimal in [0, 1]"),
        ("probability", "nan", "decimal in [0, 1]"),
        ("actor", "clerk", "resident | staff | external | system"),
        ("variant", "as_is", "as-is | can-be | to-be"),
        ("procedure", "  ", "non-empty text"),
        ("area", "", "non-empty text"),
    ],
)
def test_invalid_values_are_problems_not_exceptions(key: str, value: str, expected: str) -> None:
    bpr = read_bpr({attr(key): value}, {})
    assert getattr(bpr, key) == DEFAULTS[key]
    assert key not in bpr.present
    (problem,) = bpr.problems
    assert problem.key == key
    assert problem.value == value
    assert problem.expected.startswith(expected)
    assert bpr.raw == {key: value}


def test_unknown_key_is_a_problem_naming_the_known_keys() -> None:
    bpr = read_bpr({attr("durration"): "PT5M"}, {"bpr:colour": "red"})
    assert sorted(p.key for p in bpr.problems) == ["colour", "durration"]
    assert all("duration" in p.expected for p in bpr.problems)


def test_invalid_property_with_valid_attribute_has_no_problem() -> None:
    bpr = read_bpr({attr("paper"): "1"}, {"bpr:paper": "lots"})
    assert bpr.paper == 1
    assert bpr.problems == []


def test_lenient_spellings() -> None:
    bpr = read_bpr(
        {
            attr("seal"): " TRUE ",
            attr("rekey"): "1",
            attr("approval"): "no",
            attr("paper"): " １２ ",  # full-width digits, as typed with a Japanese IME
            attr("probability"): "1",
            attr("lifts"): "",
        },
        {},
    )
    assert (bpr.seal, bpr.rekey, bpr.approval) == (True, True, False)
    assert bpr.paper == 12
    assert bpr.probability == 1.0
    assert bpr.lifts == ()
    assert bpr.problems == []


def _doc_with_properties(container: str, prefix: str) -> bytes:
    props = "".join(
        f'<{prefix}:property name="bpr:{key}" value="{text}"/>' for key, (text, _) in VALID.items()
    )
    return process(
        f'<bpmn:task id="T"><bpmn:extensionElements><{prefix}:{container}>{props}'
        f"</{prefix}:{container}></bpmn:extensionElements></bpmn:task>"
    )


@pytest.mark.parametrize("prefix", ["camunda", "zeebe", "spiffworkflow"])
def test_every_key_through_modeler_properties_in_a_file(prefix: str) -> None:
    defs = loads(_doc_with_properties("properties", prefix))
    bpr = defs.processes["Process_1"].nodes["T"].bpr
    for key, (_, expected) in VALID.items():
        assert getattr(bpr, key) == expected, key
    assert bpr.present == set(VALID)
    assert bpr.problems == []


def test_every_key_through_attributes_in_a_file() -> None:
    attrs = " ".join(f'bpr:{key}="{text}"' for key, (text, _) in VALID.items())
    defs = loads(process(f'<bpmn:task id="T" {attrs}/>'))
    bpr = defs.processes["Process_1"].nodes["T"].bpr
    for key, (_, expected) in VALID.items():
        assert getattr(bpr, key) == expected, key


def test_attribute_wins_in_a_file_and_problems_are_kept() -> None:
    defs = loads(
        process(
            '<bpmn:task id="T" bpr:duration="PT1H" bpr:seal="sometimes">'
            "<bpmn:extensionElements><camunda:properties>"
            '<camunda:property name="bpr:duration" value="PT2H"/>'
            "</camunda:properties></bpmn:extensionElements></bpmn:task>"
        )
    )
    bpr = defs.processes["Process_1"].nodes["T"].bpr
    assert bpr.duration == HOUR
    assert bpr.problems == [BprProblem("seal", "sometimes", "true or false")]


def test_bpr_default_object() -> None:
    assert Bpr().duration == 0.0
    assert Bpr().problems is not Bpr().problems


# --- durations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT9M", 9 * MINUTE),
        ("P2W", 14 * DAY),
        ("P1DT12H", 1.5 * DAY),
        ("PT0.5H", 0.5 * HOUR),
        ("PT0,5H", 0.5 * HOUR),
        ("P1M", 30 * DAY),
        ("PT1M", MINUTE),
        ("P1Y", 365 * DAY),
        ("P1Y2M3DT4H5M6S", 365 * DAY + 60 * DAY + 3 * DAY + 4 * HOUR + 5 * MINUTE + 6),
        ("PT0S", 0.0),
        ("P0D", 0.0),
        ("PT36H", 36 * HOUR),
        (" pt9m ", 9 * MINUTE),
    ],
)
def test_iso_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)
    assert is_iso_duration(text)


@pytest.mark.parametrize(
    "text",
    [
        "9 minutes",
        "P",
        "PT",
        "P1DT",
        "PT5",
        "R6/P1D",
        "-P1D",
        "+P1D",
        "",
        "9",
        "P1H",  # hours need T
        "PT1D",  # days must come before T
        "P1S",
        "2025-04-01",
        "P1D/P2D",
        "P1.D",
    ],
)
def test_not_iso_durations(text: str) -> None:
    assert parse_duration(text) is None
    assert not is_iso_duration(text)


_UNITS: tuple[tuple[str, float], ...] = (
    ("Y", 365 * DAY),
    ("M", 30 * DAY),
    ("W", 7 * DAY),
    ("D", DAY),
    ("H", HOUR),
    ("M", MINUTE),
    ("S", 1.0),
)


@settings(deadline=None)  # a busy CI machine must not turn slowness into a failure
@given(
    st.lists(
        st.one_of(st.none(), st.integers(0, 10_000), st.decimals(0, 1000, places=2)),
        min_size=7,
        max_size=7,
    ).filter(lambda values: any(v is not None for v in values))
)
def test_formatted_duration_parses_to_the_sum(values: list[Any]) -> None:
    date_part = ""
    time_part = ""
    expected = 0.0
    for index, ((unit, seconds), value) in enumerate(zip(_UNITS, values, strict=True)):
        if value is None:
            continue
        text = f"{value}{unit}"
        if index < 4:
            date_part += text
        else:
            time_part += text
        expected += float(value) * seconds
    formatted = "P" + date_part + ("T" + time_part if time_part else "")
    parsed = parse_duration(formatted)
    assert parsed is not None, formatted
    assert parsed == pytest.approx(expected, rel=1e-9, abs=1e-9)
