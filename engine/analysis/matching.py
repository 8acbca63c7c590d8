"""Which element of the old process is which of the new one, even when every id differs.

As-Is and To-Be are drawn separately, so ids rarely agree. Elements are matched:

1. the pool of each process with the other;
2. flow nodes, data and text annotations by id where both sides have it with the same
   type family, then by identical content, then by similarity (``engine.analysis.vertices``);
3. lanes by id while the name stays, then by name, the nodes they hold, their actor and id;
4. sequence flows and associations by their matched endpoints, then by id, then (a
   re-routed flow) by one shared endpoint and the same name or condition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np

from engine.analysis.assignment import assign
from engine.analysis.inventory import Element, Inventory
from engine.analysis.names import similarity_matrix
from engine.analysis.vertices import Method, match_vertices

__all__ = ["Matching", "Method", "Pair", "match"]

LANE_THRESHOLD: Final = 0.5


@dataclass(frozen=True, slots=True)
class Pair:
    old: str
    new: str
    score: float
    method: Method


@dataclass(slots=True)
class Matching:
    """Matched pairs, by old id."""

    pairs: dict[str, Pair] = field(default_factory=dict)
    _by_new: dict[str, str] = field(default_factory=dict)

    def add(self, old: str, new: str, score: float, method: Method) -> None:
        self.pairs[old] = Pair(old, new, round(float(score), 4), method)
        self._by_new[new] = old

    def new_of(self, old: str) -> str | None:
        pair = self.pairs.get(old)
        return pair.new if pair is not None else None

    def old_of(self, new: str) -> str | None:
        return self._by_new.get(new)


def match(old: Inventory, new: Inventory) -> Matching:
    """Match the elements of two inventories (see the module docstring)."""
    matching = Matching()
    pools_old, pools_new = old.of("pool"), new.of("pool")
    if pools_old and pools_new:
        method: Method = "id" if pools_old[0].id == pools_new[0].id else "only"
        matching.add(pools_old[0].id, pools_new[0].id, 1.0, method)
    match_vertices(old, new, matching.add)
    _lanes(old, new, matching)
    for category in ("flow", "association"):
        _edges(old.of(category), new.of(category), matching)
    return matching


def _lanes(old: Inventory, new: Inventory, matching: Matching) -> None:
    a, b = old.of("lane"), new.of("lane")
    if not a or not b:
        return
    # A lane keeps its id only while it keeps its name: tools number lanes by position
    # (Lane_1, Lane_2, ...), so a variant that adds a lane shifts every id after it.
    index_b = {e.id: j for j, e in enumerate(b)}
    fixed = [
        (i, index_b[e.id])
        for i, e in enumerate(a)
        if e.id in index_b and _same_name(e, b[index_b[e.id]])
    ]
    members_a = [_members(old, e.id) for e in a]
    members_b = [_members(new, e.id) for e in b]
    overlap = np.zeros((len(a), len(b)), dtype=np.float32)
    for i, held in enumerate(members_a):
        mapped = {matching.new_of(x) for x in held}
        for j, other in enumerate(members_b):
            size = max(len(held), len(other))
            overlap[i, j] = len(mapped & other) / size if size else 0.5
    actor_a = [e.attrs.get("bpr:actor", ("staff", ""))[0] for e in a]
    actor_b = [e.attrs.get("bpr:actor", ("staff", ""))[0] for e in b]
    actor = np.array([[x == y for y in actor_b] for x in actor_a], dtype=np.float32)
    name = similarity_matrix([e.key for e in a], [e.key for e in b])
    same_id = np.array([[x.id == y.id for y in b] for x in a], dtype=np.float32)
    scores = (0.6 * name + 0.3 * overlap + 0.1 * actor + 0.2 * same_id).astype(np.float32)
    for i, j in fixed:
        matching.add(a[i].id, b[j].id, 1.0, "id")
    rows = np.array([i for i in range(len(a)) if i not in {x for x, _ in fixed}], dtype=np.intp)
    cols = np.array([j for j in range(len(b)) if j not in {y for _, y in fixed}], dtype=np.intp)
    if rows.size and cols.size:
        for i, j in assign(scores[np.ix_(rows, cols)], LANE_THRESHOLD):
            matching.add(a[rows[i]].id, b[cols[j]].id, scores[rows[i], cols[j]], "similarity")


def _same_name(a: Element, b: Element) -> bool:
    return not a.key or not b.key or a.key == b.key


def _members(inventory: Inventory, lane_id: str) -> set[str]:
    return {e.id for e in inventory.of("node") if e.refs.get("lane") == lane_id}


def _edges(a: list[Element], b: list[Element], matching: Matching) -> None:
    """Flows (or associations) by their matched endpoints; then by id; then re-routed."""
    waiting: dict[tuple[str, str], list[Element]] = {}
    for element in b:
        waiting.setdefault((element.refs["source"], element.refs["target"]), []).append(element)
    left_a: list[Element] = []
    for element in a:
        source = matching.new_of(element.refs["source"])
        target = matching.new_of(element.refs["target"])
        candidates = waiting.get((source, target), []) if source and target else []
        if not candidates:
            left_a.append(element)
            continue
        partner = max(candidates, key=lambda f: (f.key == element.key, f.kind == element.kind))
        candidates.remove(partner)
        matching.add(element.id, partner.id, 1.0, "endpoints")
    left_b = {f.id: f for group in waiting.values() for f in group}
    still: list[Element] = []
    for element in left_a:
        same_id = left_b.get(element.id)
        if same_id is not None and same_id.kind == element.kind:
            del left_b[element.id]
            matching.add(element.id, same_id.id, 1.0, "id")
        else:
            still.append(element)
    for element in still:
        source = matching.new_of(element.refs["source"])
        target = matching.new_of(element.refs["target"])
        label = element.key or element.attrs.get("condition", ("", ""))[0]
        if not label:
            continue
        for partner in left_b.values():
            shared = partner.refs["source"] == source or partner.refs["target"] == target
            same = label in {partner.key, partner.attrs.get("condition", ("", ""))[0]}
            if shared and same and partner.kind == element.kind:
                del left_b[partner.id]
                matching.add(element.id, partner.id, 0.5, "similarity")
                break
