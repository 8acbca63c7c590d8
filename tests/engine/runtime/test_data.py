"""Cleaning task data: what is converted, and the path and kind of what cannot be saved.

``data.clean`` settles ASCII keys and plain values first (it runs on every task a step
touched); these cases pin that non-ASCII text, nested values and every refusal still go
the full way, with the same paths.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from engine.runtime.data import ReservedKey, Unsavable, clean


@pytest.mark.parametrize(
    ("data", "cleaned"),
    [
        ({"a": 1, "b": "x", "c": None, "d": True, "e": 1.5}, None),
        ({"名前": "山田", "ok": "済"}, None),
        ({"tags": {"b", "a"}, "pair": (1, 2)}, {"tags": ["a", "b"], "pair": [1, 2]}),
        (
            {"when": {"day": date(2026, 4, 1), "at": [datetime(2026, 4, 1, tzinfo=UTC)]}},
            {"when": {"day": "2026-04-01", "at": ["2026-04-01T00:00:00+00:00"]}},
        ),
    ],
)
def test_savable_data_is_kept_or_converted(data: dict[str, Any], cleaned: Any) -> None:
    expected = dict(data) if cleaned is None else cleaned
    assert clean(data) is None
    assert data == expected


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"a": 1, "fee": Decimal("1.5")}, Unsavable("fee", "Decimal")),
        ({"x": {"y": [1, float("nan")]}}, Unsavable("x.y[1]", "nan")),
        ({"x": {1: "a"}}, Unsavable("x[1]", "int key")),
        ({"x": {"ok": "\ud800"}}, Unsavable("x.ok", "str with a lone surrogate")),
        ({"x": {"\ud800": 1}}, Unsavable("x.\\ud800", "str with a lone surrogate key")),
        ({"\ud800": 1}, Unsavable("\\ud800", "str with a lone surrogate key")),
        ({"名": [{"深": object()}]}, Unsavable("名[0].深", "object")),
    ],
)
def test_unsavable_values_are_named_by_path(data: dict[Any, Any], problem: Unsavable) -> None:
    assert clean(data) == problem


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"typename": "x"}, "typename"),
        ({"a": 1, "x": {"typename": None}}, "x.typename"),
        ({"a": {"b": {"typename": 1}}}, "a.b.typename"),
        ({"rows": [1, {"typename": "a"}]}, "rows[1].typename"),
        ({"名": ({"typename": "a"},)}, "名[0].typename"),
    ],
    ids=["top", "nested", "deep", "in-list", "in-tuple"],
)
def test_the_key_the_state_format_reserves_is_named_by_path(
    data: dict[str, Any], path: str
) -> None:
    # SpiffWorkflow restores any dict holding it as one of its own objects, and fails.
    assert clean(data) == ReservedKey(path)


@pytest.mark.parametrize(
    "data",
    [
        {"type_name": "x", "typeName": "y", "Typename": 1, "TYPENAME": 2, "typenames": 3},
        {"x": {"type_name": {"typeName": "a"}}, "kind": "typename", "names": ["typename"]},
    ],
    ids=["top", "nested-and-values"],
)
def test_names_like_the_reserved_key_are_fine(data: dict[str, Any]) -> None:
    expected = dict(data)
    assert clean(data) is None
    assert data == expected
