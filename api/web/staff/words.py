"""How the staff work pages put data and audit events into words (times: ``Texts.moment``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from api.web.texts import Texts
from engine.store import AuditRecord

# Audit actions the catalogue words; any other is shown as recorded.
ACTIONS: Final = frozenset(
    {
        "started",
        "task_claimed",
        "task_unclaimed",
        "task_completed",
        "message_received",
        "timer_fired",
        "completed",
        "withdrawn",
        "error",
    }
)
_SHORT: Final = 80


def value_text(t: Texts, value: Any) -> str:
    """A data value as staff read it: はい/いいえ, text as is, lists and objects compactly."""
    if value is True:
        return t("staff.value.yes")
    if value is False:
        return t("staff.value.no")
    if value is None or value == "":
        return t("staff.value.empty")
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _named(value: Any, names: Mapping[str, str]) -> Any:
    """An attachment id (or a list of them) as file names."""
    if isinstance(value, str) and value in names:
        return names[value]
    if isinstance(value, list) and value and all(isinstance(v, str) and v in names for v in value):
        return ", ".join(names[v] for v in value)
    return value


def short(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: str


def data_rows(
    t: Texts,
    data: Mapping[str, Any],
    labels: Mapping[str, str],
    files: Mapping[str, str] | None = None,
) -> list[Row]:
    """The case data in the forms' words (a field without a title keeps its name);
    attachment ids are shown as their file names."""
    rows: list[Row] = []
    names = files or {}
    for key, raw in data.items():
        value = _named(raw, names)
        if isinstance(value, Mapping) and any(f"{key}/{k}" in labels for k in value):
            for inner, item in value.items():
                label = labels.get(f"{key}/{inner}", inner)
                group = labels.get(key, key)
                rows.append(
                    Row(t("staff.data.nested", group=group, field=label), value_text(t, item))
                )
        else:
            rows.append(Row(labels.get(key, key), value_text(t, value)))
    return rows


@dataclass(frozen=True, slots=True)
class Event:
    at: str
    actor: str
    what: str
    changes: list[Row]
    removed: list[str]


def events(
    t: Texts, history: list[AuditRecord], names: Mapping[str, str], labels: Mapping[str, str]
) -> list[Event]:
    """The audit history, newest last: who did what, when, and what data changed."""
    found: list[Event] = []
    for record in history:
        element = names.get(record.element_id or "", record.element_id or "")
        action = record.action if record.action in ACTIONS else "other"
        what = t(f"staff.audit.{action}", element=element, action=record.action)
        detail = record.detail or {}
        changed = detail.get("set")
        removed = detail.get("removed")
        changed = changed if isinstance(changed, dict) else {}
        removed = removed if isinstance(removed, list) else []
        found.append(
            Event(
                at=t.moment(record.at),
                actor=actor_name(t, record.actor),
                what=what,
                changes=[
                    Row(labels.get(k, k), short(value_text(t, v))) for k, v in changed.items()
                ],
                removed=[labels.get(str(k), str(k)) for k in removed],
            )
        )
    return found


def actor_name(t: Texts, actor: str) -> str:
    if actor in {"resident", "system"}:
        return t(f"staff.actor.{actor}")
    return actor
