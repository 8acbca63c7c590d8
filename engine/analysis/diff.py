"""Differences between two variants of a procedure (As-Is → To-Be), by meaning and by drawing.

``diff(old, new)`` flattens the main process of each file (``engine.analysis.inventory``),
matches their elements even when every id differs (``engine.analysis.matching``), and
reports:

- ``added`` / ``removed``: elements without a partner;
- ``changed``: matched elements whose meaning differs, attribute by attribute (name, type
  such as task → scriptTask, lane, enclosing sub-process, endpoints of a flow, condition,
  event definitions, ``bpr:`` annotations, vendor attributes, ...);
- ``layout_changed``: matched elements with the same meaning that are drawn differently:
  moved or resized (after removing a shift of the whole drawing), re-routed, or whose name
  is spelt differently (width, spaces, punctuation only);
- ``matched``: every pair with its score and how it was found;
- ``kpis``: the KPIs of both processes (``engine.analysis.kpi``) and their difference.

Pure functions on ``engine.model``: works on models that cannot run.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from engine.analysis.inventory import (
    Element,
    Inventory,
    inventory,
    process_of,
    walk,
)
from engine.analysis.kpi import KPI_KEYS, kpis
from engine.analysis.matching import Matching, Pair, match
from engine.errors import MachiflowError
from engine.model.bpr import KEYS as BPR_KEYS
from engine.model.elements import Bounds, Definitions, Point, Process

__all__ = ["Change", "Diff", "Entry", "KpiComparison", "Side", "chain", "diff"]

TOLERANCE: Final = 1.0  # DI units: closer than this is the same place
_REFS: Final = ("lane", "parent", "attached_to", "source", "target")
_BPR_ORDER: Final = {f"bpr:{key}": i for i, key in enumerate(BPR_KEYS)}

Json = Any


@dataclass(frozen=True, slots=True)
class Change:
    """One attribute that differs; references also carry the ids on both sides."""

    attribute: str
    old: Json
    new: Json
    old_ref: str | None = None
    new_ref: str | None = None

    def to_json(self) -> dict[str, Json]:
        found: dict[str, Json] = {"attribute": self.attribute, "old": self.old, "new": self.new}
        if self.old_ref is not None or self.new_ref is not None:
            found |= {"old_ref": self.old_ref, "new_ref": self.new_ref}
        return found


@dataclass(frozen=True, slots=True)
class Entry:
    """An element in the report: added (old_id None), removed (new_id None) or matched."""

    category: str
    type: str
    name: str
    old_id: str | None
    new_id: str | None
    score: float | None = None
    changes: tuple[Change, ...] = ()
    layout: tuple[Change, ...] = ()
    ends: tuple[str, str] | None = None  # flows and associations: source and target names

    @property
    def id(self) -> str:
        found = self.new_id or self.old_id
        assert found is not None
        return found

    def to_json(self) -> dict[str, Json]:
        found: dict[str, Json] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "category": self.category,
            "old_id": self.old_id,
            "new_id": self.new_id,
        }
        if self.ends is not None:
            found["source"], found["target"] = self.ends
        if self.score is not None:
            found["score"] = self.score
        if self.changes:
            found["changes"] = [c.to_json() for c in self.changes]
        if self.layout:
            found["layout"] = [c.to_json() for c in self.layout]
        return found


@dataclass(frozen=True, slots=True)
class Side:
    """Which file and process one side of the comparison is."""

    file: str
    process: str
    name: str | None
    variant: str | None

    def to_json(self) -> dict[str, Json]:
        return {
            "file": self.file,
            "process": self.process,
            "name": self.name,
            "variant": self.variant,
        }


@dataclass(frozen=True, slots=True)
class KpiComparison:
    """KPIs per case on both sides; a side whose KPIs cannot be computed has an error."""

    old: Mapping[str, float] | None
    new: Mapping[str, float] | None
    old_error: MachiflowError | None = None
    new_error: MachiflowError | None = None

    @property
    def delta(self) -> dict[str, float]:
        if self.old is None or self.new is None:
            return {}
        return {k: self.new[k] - self.old[k] for k in self.old if k in self.new}

    def to_json(self) -> dict[str, Json]:
        def rounded(values: Mapping[str, float] | None) -> dict[str, float] | None:
            return None if values is None else {k: round(v, 6) for k, v in values.items()}

        found: dict[str, Json] = {
            "old": rounded(self.old),
            "new": rounded(self.new),
            "delta": rounded(self.delta),
        }
        errors = {
            side: {"code": error.code, "message": error.message("en")}
            for side, error in (("old", self.old_error), ("new", self.new_error))
            if error is not None
        }
        if errors:
            found["errors"] = errors
        return found


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed from ``old`` to ``new``."""

    old: Side
    new: Side
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    changed: tuple[Entry, ...]
    layout_changed: tuple[Entry, ...]
    matched: tuple[tuple[Pair, Entry], ...]
    kpis: KpiComparison | None
    offset: Point = field(default_factory=lambda: Point(0.0, 0.0))

    @property
    def empty(self) -> bool:
        """Nothing added, removed or changed (the drawing may differ)."""
        return not (self.added or self.removed or self.changed)

    def highlight_old(self) -> dict[str, str]:
        """States for drawing the old process (engine.render's ``highlight``)."""
        marks = {e.id: "removed" for e in self.removed}
        return marks | {e.old_id: "changed" for e in self.changed if e.old_id}

    def highlight_new(self) -> dict[str, str]:
        marks = {e.id: "added" for e in self.added}
        return marks | {e.id: "changed" for e in self.changed}

    def to_json(self) -> dict[str, Json]:
        return {
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "summary": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
                "layout_changed": len(self.layout_changed),
                "matched": len(self.matched),
            },
            "added": [e.to_json() for e in self.added],
            "removed": [e.to_json() for e in self.removed],
            "changed": [e.to_json() for e in self.changed],
            "layout_changed": [e.to_json() for e in self.layout_changed],
            "matched": [
                {
                    "old_id": pair.old,
                    "new_id": pair.new,
                    "type": entry.type,
                    "category": entry.category,
                    "score": pair.score,
                    "by": pair.method,
                }
                for pair, entry in self.matched
            ],
            "kpis": self.kpis.to_json() if self.kpis is not None else None,
            "layout_offset": {"x": self.offset.x, "y": self.offset.y},
        }


def diff(
    old: Definitions,
    new: Definitions,
    *,
    old_process: str | None = None,
    new_process: str | None = None,
    with_kpis: bool = True,
) -> Diff:
    """Compare a process of ``old`` with one of ``new`` (each file's main process unless
    named; see ``engine.analysis.inventory.main_process``)."""
    return chain([old, new], [old_process, new_process], with_kpis=with_kpis)[0]


def chain(
    documents: Sequence[Definitions],
    processes: Sequence[str | None] | None = None,
    *,
    with_kpis: bool = True,
) -> list[Diff]:
    """Each variant against the next: As-Is → Can-Be, Can-Be → To-Be, ... (KPIs once each)."""
    chosen = [process_of(d, processes[i] if processes else None) for i, d in enumerate(documents)]
    flat = [inventory(d, p) for d, p in zip(documents, chosen, strict=True)]
    values = [_kpis(d, p) for d, p in zip(documents, chosen, strict=True)] if with_kpis else []
    found = []
    for i in range(len(documents) - 1):
        comparison = None
        if values:
            (old, old_error), (new, new_error) = values[i], values[i + 1]
            comparison = KpiComparison(old, new, old_error, new_error)
        found.append(compare(flat[i], flat[i + 1], comparison))
    return found


def _kpis(
    definitions: Definitions, process: Process
) -> tuple[dict[str, float] | None, MachiflowError | None]:
    try:
        report = kpis(definitions, process.id)[0]
    except MachiflowError as exc:  # a loop nobody leaves: the diff still stands
        return None, exc
    return {k: report.kpis[k] for k in KPI_KEYS if k in report.kpis}, None


def _side(flat: Inventory) -> Side:
    process = flat.process
    return Side(flat.source, process.id, process.name, process.bpr.variant)


def compare(old: Inventory, new: Inventory, kpis: KpiComparison | None = None) -> Diff:
    """The differences between two flattened processes."""
    matching = match(old, new)
    offset = _offset(old, new, matching)
    added = [_single(new, e, added=True) for e in walk(new) if matching.old_of(e.id) is None]
    removed = [_single(old, e, added=False) for e in walk(old) if matching.new_of(e.id) is None]
    changed: list[Entry] = []
    layout_changed: list[Entry] = []
    matched: list[tuple[Pair, Entry]] = []
    for element in walk(old):
        pair = matching.pairs.get(element.id)
        if pair is None:
            continue
        partner = new.elements[pair.new]
        entry = Entry(
            partner.category,
            partner.kind,
            partner.name or element.name,
            element.id,
            partner.id,
            pair.score,
            tuple(_changes(element, partner, old, new, matching)),
            tuple(_layout(element, partner, offset)),
            _ends(new, partner),
        )
        matched.append((pair, entry))
        if entry.changes:
            changed.append(entry)
        elif entry.layout:
            layout_changed.append(entry)
    return Diff(
        _side(old),
        _side(new),
        tuple(added),
        tuple(removed),
        tuple(changed),
        tuple(layout_changed),
        tuple(matched),
        kpis,
        offset,
    )


def _single(side: Inventory, element: Element, *, added: bool) -> Entry:
    old_id, new_id = (None, element.id) if added else (element.id, None)
    ends = _ends(side, element)
    return Entry(element.category, element.kind, element.name, old_id, new_id, ends=ends)


def _ends(side: Inventory, element: Element) -> tuple[str, str] | None:
    if "source" not in element.refs:
        return None
    return (
        _label(side, element.refs["source"]) or "",
        _label(side, element.refs["target"]) or "",
    )


def _changes(
    old: Element, new: Element, old_side: Inventory, new_side: Inventory, matching: Matching
) -> list[Change]:
    found = []
    if old.kind != new.kind:
        found.append(Change("type", old.kind, new.kind))
    if old.key != new.key:
        found.append(Change("name", old.name, new.name))
    for key in _REFS:
        before, after = old.refs.get(key), new.refs.get(key)
        if (before or after) and (matching.new_of(before) if before else None) != after:
            found.append(
                Change(key, _label(old_side, before), _label(new_side, after), before, after)
            )
    if old.attrs == new.attrs:
        return found
    keys = sorted(set(old.attrs) | set(new.attrs), key=lambda k: (_BPR_ORDER.get(k, -1), k))
    for key in keys:
        before_value, after_value = old.attrs.get(key), new.attrs.get(key)
        if (before_value or ("", ""))[0] != (after_value or ("", ""))[0] or (
            (before_value is None) != (after_value is None)
        ):
            found.append(
                Change(
                    key,
                    before_value[1] if before_value else None,
                    after_value[1] if after_value else None,
                )
            )
    return found


def _label(side: Inventory, element_id: str | None) -> str | None:
    if element_id is None:
        return None
    element = side.elements.get(element_id)
    return element.label if element is not None else element_id


def _offset(old: Inventory, new: Inventory, matching: Matching) -> Point:
    """How far the whole drawing moved: the median shift of matched shapes."""
    shifts = []
    for pair in matching.pairs.values():
        a, b = old.elements[pair.old].bounds, new.elements[pair.new].bounds
        if a is not None and b is not None and old.elements[pair.old].category == "node":
            shifts.append((b.x - a.x, b.y - a.y))
    if not shifts:
        return Point(0.0, 0.0)
    return Point(
        float(statistics.median(s[0] for s in shifts)),
        float(statistics.median(s[1] for s in shifts)),
    )


def _bounds_json(bounds: Bounds | None) -> Json:
    if bounds is None:
        return None
    return {"x": bounds.x, "y": bounds.y, "width": bounds.width, "height": bounds.height}


def _layout(old: Element, new: Element, offset: Point) -> list[Change]:
    found = []
    if old.key == new.key and old.name != new.name:
        found.append(Change("label", old.name, new.name))
    a, b = old.bounds, new.bounds
    if (a is None) != (b is None) or (
        a is not None
        and b is not None
        and (
            abs(b.x - offset.x - a.x) > TOLERANCE
            or abs(b.y - offset.y - a.y) > TOLERANCE
            or abs(b.width - a.width) > TOLERANCE
            or abs(b.height - a.height) > TOLERANCE
        )
    ):
        found.append(Change("bounds", _bounds_json(a), _bounds_json(b)))
    p, q = old.waypoints, new.waypoints
    if (p is None) != (q is None) or (
        p is not None
        and q is not None
        and (
            len(p) != len(q)
            or any(
                abs(y.x - offset.x - x.x) > TOLERANCE or abs(y.y - offset.y - x.y) > TOLERANCE
                for x, y in zip(p, q, strict=True)
            )
        )
    ):
        found.append(
            Change(
                "waypoints",
                [[pt.x, pt.y] for pt in p] if p is not None else None,
                [[pt.x, pt.y] for pt in q] if q is not None else None,
            )
        )
    return found
