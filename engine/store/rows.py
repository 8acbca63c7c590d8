"""Rows to records: the frozen dataclasses repositories return are built from result rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import Column, Row, Table

R = TypeVar("R")
# A row of any width (``Row[Any]`` would mean a row of one column).
AnyRow: TypeAlias = Row[*tuple[Any, ...]]


def columns(table: Table, record: type[Any]) -> list[Column[Any]]:
    """The columns of ``table`` named like the fields of the dataclass ``record``."""
    return [table.c[field.name] for field in dataclasses.fields(record)]


def to_record(make: Callable[..., R], row: AnyRow) -> R:
    """``make(**row)``: a record from a row selected with ``columns``."""
    return make(**row._mapping)


def to_records(make: Callable[..., R], rows: Iterable[AnyRow]) -> list[R]:
    return [make(**row._mapping) for row in rows]
