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

from engine.runtime.data import Unsavable, clean


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
