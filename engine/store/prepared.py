"""The statements every start, fetch and complete runs, compiled once and run on the driver.

``Connection.execute`` costs 80-120 µs a statement on SQLite (cache key, execution context,
parameter construction, result metadata, row objects) where the sqlite3 driver needs under
10; a use case runs 3 to 7 of them. A ``Prepared`` statement is the same Core statement,
compiled once per dialect and set of parameter names. It converts values with the bind and
result processors Core itself would pick for the columns (so values are stored and read back
exactly alike, and old rows read the same), and runs on the DBAPI connection that the
session's transaction holds: the same transaction, the same ``before_cursor_execute`` and
``after_cursor_execute`` events, and errors wrapped as Core wraps them (a lock timeout is
still an ``OperationalError``, a naive datetime a ``StatementError``).

What it does not do, Core still does: expanding ``IN`` parameters, ``RETURNING`` over several
rows, statements built per call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

from sqlalchemy import Connection, Dialect
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.orm import Session
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.elements import ClauseElement

Processor: TypeAlias = Callable[[Any], Any]
Params: TypeAlias = Mapping[str, Any]
_REQUIRED: Final = object()


@dataclass(frozen=True, slots=True)
class _Plan:
    """One statement compiled for one dialect and one set of parameter names."""

    sql: str
    positional: bool
    # (name in the SQL, name in the caller's parameters, default, processor), in SQL order
    # for positional paramstyles. The default is _REQUIRED for parameters without one.
    binds: tuple[tuple[str, str, Any, Processor | None], ...]
    # (column index, processor) for the result columns whose values need converting.
    results: tuple[tuple[int, Processor], ...]

    def arguments(self, params: Params) -> Any:
        """The driver's parameters: a tuple or a dict, as the dialect's paramstyle wants."""
        values: list[Any] = []
        for _, key, default, convert in self.binds:
            value = params[key] if default is _REQUIRED else params.get(key, default)
            values.append(value if convert is None else convert(value))
        if self.positional:
            return tuple(values)
        return {name: value for (name, *_), value in zip(self.binds, values, strict=True)}

    def convert(self, rows: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
        if not self.results:
            return list(rows)
        converted: list[Sequence[Any]] = []
        for row in rows:
            values = list(row)
            for index, convert in self.results:
                values[index] = convert(values[index])
            converted.append(values)
        return converted


class Prepared:
    """A Core statement run without Core's per-statement machinery (see the module).

    Parameters are a mapping by bind name, as for ``Connection.execute``; UPDATE and INSERT
    statements without ``values()`` set the columns named in it, so each set of names gets
    its own compiled form. Rows come back as sequences in the statement's column order,
    converted like Core's. Compiled forms are shared by the engines of one dialect and
    paramstyle (``create_engine`` makes them all alike).
    """

    def __init__(self, statement: Executable) -> None:
        if not isinstance(statement, ClauseElement):
            raise TypeError(f"not a Core statement: {statement!r}")
        self.statement = statement
        self._plans: dict[tuple[str, str, bool, tuple[str, ...]], _Plan] = {}
        self._lock = threading.Lock()

    def rows(self, session: Session, params: Params) -> list[Sequence[Any]]:
        """Every row the statement returns."""
        connection = session.connection()
        plan = self._plan(connection.dialect, tuple(params), many=False)
        cursor = self._run(connection, plan, params)
        try:
            return plan.convert(cursor.fetchall())
        finally:
            cursor.close()

    def one_or_none(self, session: Session, params: Params) -> Sequence[Any] | None:
        """The first row, or None when there is none (the statement names at most one)."""
        rows = self.rows(session, params)
        return rows[0] if rows else None

    def scalar(self, session: Session, params: Params) -> Any:
        """The first column of the first row, or None when there is no row."""
        rows = self.rows(session, params)
        return rows[0][0] if rows else None

    def rowcount(self, session: Session, params: Params) -> int:
        """Run a statement without results; how many rows it changed."""
        connection = session.connection()
        plan = self._plan(connection.dialect, tuple(params), many=False)
        cursor = self._run(connection, plan, params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def many(self, session: Session, rows: Sequence[Params]) -> None:
        """Run a statement without results once per parameter set (all with the same names),
        as one ``executemany``."""
        if not rows:
            return
        connection = session.connection()
        many = len(rows) > 1
        plan = self._plan(connection.dialect, tuple(rows[0]), many=many)
        cursor = self._run(connection, plan, rows if many else rows[0], many=many)
        cursor.close()

    def _plan(self, dialect: Dialect, keys: tuple[str, ...], *, many: bool) -> _Plan:
        cache_key = (dialect.name, dialect.paramstyle, many, keys)
        plan = self._plans.get(cache_key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(cache_key) or _compile(self.statement, dialect, keys, many)
                self._plans[cache_key] = plan
        return plan

    @staticmethod
    def _run(
        connection: Connection, plan: _Plan, params: Params | Sequence[Params], many: bool = False
    ) -> DBAPICursor:
        """Execute as ``Connection._cursor_execute`` does (events, echo, error wrapping),
        converting the parameters inside, so that a refused value is a ``StatementError``."""
        statement = plan.sql
        arguments: Any = None
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if many:
                assert not isinstance(params, Mapping)
                arguments = [plan.arguments(p) for p in params]
            else:
                assert isinstance(params, Mapping)
                arguments = plan.arguments(params)
            if connection._has_events or connection.engine._has_events:
                for before in connection.dispatch.before_cursor_execute:
                    statement, arguments = before(
                        connection, cursor, statement, arguments, None, many
                    )
            if connection._echo:
                connection._log_info(statement)
                connection._log_info("[prepared] %r", arguments)
            if many:
                connection.dialect.do_executemany(cursor, statement, arguments, None)
            else:
                connection.dialect.do_execute(cursor, statement, arguments, None)
            if connection._has_events or connection.engine._has_events:
                connection.dispatch.after_cursor_execute(
                    connection, cursor, statement, arguments, None, many
                )
        except BaseException as exc:  # noqa: BLE001 - as Core: it closes, wraps and re-raises
            connection._handle_dbapi_exception(exc, statement, arguments, cursor, None)
        return cursor


def _compile(
    statement: ClauseElement, dialect: Dialect, keys: tuple[str, ...], many: bool
) -> _Plan:
    """The SQL and the conversions Core would use for ``statement`` with these parameters."""
    compiled = statement.compile(dialect=dialect, column_keys=sorted(keys), for_executemany=many)
    sql = compiled.string
    if "__[POSTCOMPILE" in sql:
        raise TypeError("a Prepared statement cannot have expanding or literal-execute parameters")
    defaults = compiled.params  # what the statement holds itself (LIMIT 1, value + 1, ...)
    binds = compiled.binds  # type: ignore[attr-defined]
    escaped: Mapping[str, str] = getattr(compiled, "escaped_bind_names", None) or {}
    positional = bool(dialect.positional)
    names: Sequence[str] = (
        compiled.positiontup or [] if positional else list(binds)  # type: ignore[attr-defined]
    )
    plan_binds = []
    for name in names:
        bind = binds[name]
        processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
        default = _REQUIRED if bind.required else defaults.get(name)
        plan_binds.append((escaped.get(name, name), name, default, processor))
    results = []
    for index, column in enumerate(statement.exported_columns):  # type: ignore[attr-defined]
        processor = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if processor is not None:
            results.append((index, processor))
    return _Plan(sql, positional, tuple(plan_binds), tuple(results))
