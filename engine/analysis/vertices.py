"""Flow nodes, data and text annotations matched by similarity when their ids differ.

After ids, pairs with identical content that no other element shares are taken (like the
unique lines patience diff anchors on). The rest are scored on one matrix over both
sides: the name (``engine.analysis.names``), the neighbourhood (how well predecessors and
successors find partners, as in similarity flooding), the lane's name, the enclosing
sub-process, the kind and event definitions, and, to settle ties between look-alikes, the
relative place in the drawing (``WEIGHTS``). Pairs that are each other's clear best
(``MARGIN``) are fixed and the neighbourhood refined with them, up to ``ROUNDS`` times;
what is left is assigned optimally (``engine.analysis.assignment``) above ``THRESHOLD``.
Only pairs of elements still free are ever scored, so an edited copy costs little.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from engine.analysis.assignment import assign
from engine.analysis.inventory import Element, Inventory
from engine.analysis.names import similarity_matrix

Method = Literal["id", "content", "similarity", "endpoints", "only"]
Add = Callable[[str, str, float, Method], None]
Matrix = npt.NDArray[np.float32]
Index = npt.NDArray[np.intp]

WEIGHTS: Final = {
    "name": 0.40,
    "neighbours": 0.30,
    "lane": 0.10,
    "kind": 0.10,
    "parent": 0.05,
    "position": 0.05,
}
THRESHOLD: Final = 0.55
ROUNDS: Final = 4  # at most: refine the scores, fix the unambiguous pairs, again
MARGIN: Final = 0.1  # an unambiguous pair beats every rival of either element by this much


def match_vertices(old: Inventory, new: Inventory, add: Add) -> None:
    """Call ``add(old_id, new_id, score, method)`` for each matched vertex pair."""
    _Vertices(old, new, add).run()


def _lane_key(inventory: Inventory, element: Element) -> str:
    lane = inventory.elements.get(element.refs.get("lane", ""))
    if lane is None:
        return ""
    return lane.key or f"#{lane.id}"


class _Vertices:
    """Flow nodes, data and annotations: one similarity matrix over both sides."""

    def __init__(self, old: Inventory, new: Inventory, add: Add) -> None:
        self.old, self.new, self.add = old, new, add
        self.a = old.of("node", "data", "annotation")
        self.b = new.of("node", "data", "annotation")
        self.n, self.m = len(self.a), len(self.b)

    def run(self) -> None:
        if not self.n or not self.m:
            return
        a, b = self.a, self.b
        families = sorted({e.family for e in a} | {e.family for e in b})
        fam_a = np.array([families.index(e.family) for e in a])
        fam_b = np.array([families.index(e.family) for e in b])
        self.same_family = fam_a[:, None] == fam_b[None, :]
        index_b = {e.id: j for j, e in enumerate(b)}
        anchors = [
            (i, index_b[e.id])
            for i, e in enumerate(a)
            if e.id in index_b and self.same_family[i, index_b[e.id]]
        ]
        fixed = list(anchors)
        for i, j in anchors:
            self.add(a[i].id, b[j].id, 1.0, "id")
        for i, j in self._identical(fixed):
            fixed.append((i, j))
            self.add(a[i].id, b[j].id, 1.0, "content")
        free_a = np.setdiff1d(np.arange(self.n), [i for i, _ in fixed])
        free_b = np.setdiff1d(np.arange(self.m), [j for _, j in fixed])
        if not free_a.size or not free_b.size:
            return
        # Scores are only ever needed between elements still free: compute that block.
        block = np.ix_(free_a, free_b)
        name = np.zeros((self.n, self.m), dtype=np.float32)
        name[block] = similarity_matrix([a[i].key for i in free_a], [b[j].key for j in free_b])
        self.base = np.zeros((self.n, self.m), dtype=np.float32)
        self.base[block] = self._base(free_a, free_b) + WEIGHTS["name"] * name[block]
        pred_a, pred_b = self._padded(self.old, a, "p"), self._padded(self.new, b, "p")
        succ_a, succ_b = self._padded(self.old, a, "s"), self._padded(self.new, b, "s")
        self.graph = (pred_a, pred_b, succ_a, succ_b)
        self.parent_a = self._parents(self.old, a)
        self.parent_b = self._parents(self.new, b)
        scores = np.where(self.same_family, name, 0.0).astype(np.float32)
        for _ in range(ROUNDS):
            scores = self._refine(scores, fixed)
            sure = _unambiguous(scores, fixed)
            if not sure:
                break
            fixed += sure
            for i, j in sure:
                self.add(a[i].id, b[j].id, scores[i, j], "similarity")
        else:
            scores = self._refine(scores, fixed)
        for i, j in self._assign(scores, fixed, fam_a, fam_b, families):
            self.add(a[i].id, b[j].id, scores[i, j], "similarity")

    def _identical(self, fixed: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Pairs that say exactly the same thing, next to the same names, and are the only
        ones on each side that do: as safe as an id, and most of an edited file."""
        taken_a = {i for i, _ in fixed}
        taken_b = {j for _, j in fixed}
        seen_a = _unique(self.old, self.a, taken_a)
        seen_b = _unique(self.new, self.b, taken_b)
        return [(i, seen_b[sig]) for sig, i in seen_a.items() if sig in seen_b]

    def _base(self, rows: Index, cols: Index) -> Matrix:
        """The parts of the score that do not depend on other matches, for rows × cols."""
        a = [self.a[i] for i in rows]
        b = [self.b[j] for j in cols]
        keys_a = [_lane_key(self.old, e) for e in a]
        keys_b = [_lane_key(self.new, e) for e in b]
        lane = similarity_matrix(keys_a, keys_b)
        both_none = (
            (np.array([k == "" for k in keys_a])[:, None])
            & (np.array([k == "" for k in keys_b])[None, :])
        )
        lane = np.where(both_none, 1.0, lane)
        kinds = sorted({e.kind for e in a} | {e.kind for e in b})
        kind_a = np.array([kinds.index(e.kind) for e in a])
        kind_b = np.array([kinds.index(e.kind) for e in b])
        events = sorted({_events(e) for e in a} | {_events(e) for e in b})
        ev_a = np.array([events.index(_events(e)) for e in a])
        ev_b = np.array([events.index(_events(e)) for e in b])
        kind = 0.6 * (kind_a[:, None] == kind_b[None, :]) + 0.4 * (ev_a[:, None] == ev_b[None, :])
        centres_a, known_a = _centres(self.a)
        centres_b, known_b = _centres(self.b)
        position = _position_similarity(
            centres_a[rows], known_a[rows], centres_b[cols], known_b[cols]
        )
        w = WEIGHTS
        base: Matrix = (w["lane"] * lane + w["kind"] * kind + w["position"] * position).astype(
            np.float32
        )
        return base

    def _padded(self, inventory: Inventory, side: Sequence[Element], way: str) -> Index:
        """Neighbour indices per row, padded with len(side) (a zero row of the padding)."""
        position = {e.id: i for i, e in enumerate(side)}
        graph = inventory.predecessors if way == "p" else inventory.successors
        lists = [[position[x] for x in graph.get(e.id, []) if x in position] for e in side]
        width = max((len(row) for row in lists), default=0)
        padded = np.full((len(side), max(width, 1)), len(side), dtype=np.intp)
        for i, row in enumerate(lists):
            padded[i, : len(row)] = row
        return padded

    def _parents(self, inventory: Inventory, side: Sequence[Element]) -> Index:
        position = {e.id: i for i, e in enumerate(side)}
        return np.array(
            [position.get(e.refs.get("parent", ""), len(side)) for e in side], dtype=np.intp
        )

    def _refine(self, scores: Matrix, fixed: Sequence[tuple[int, int]]) -> Matrix:
        """One similarity-flooding step: the base plus what the neighbours' scores say,
        with fixed pairs counted as certain. Only pairs of unfixed elements are computed."""
        current = scores.copy()
        rows = np.array([i for i, _ in fixed], dtype=np.intp)
        cols = np.array([j for _, j in fixed], dtype=np.intp)
        current[rows, :] = 0.0
        current[:, cols] = 0.0
        current[rows, cols] = 1.0
        free_a = np.setdiff1d(np.arange(self.n), rows)
        free_b = np.setdiff1d(np.arange(self.m), cols)
        ext = np.zeros((self.n + 1, self.m + 1), dtype=np.float32)
        ext[: self.n, : self.m] = current
        pred_a, pred_b, succ_a, succ_b = self.graph
        neighbours = (
            _neighbours(ext, pred_a[free_a], pred_b[free_b])
            + _neighbours(ext, succ_a[free_a], succ_b[free_b])
        ) / 2
        ext[self.n, self.m] = 1.0  # both at the top level
        parent = ext[np.ix_(self.parent_a[free_a], self.parent_b[free_b])]
        block = np.ix_(free_a, free_b)
        w = WEIGHTS
        total = self.base[block] + w["neighbours"] * neighbours + w["parent"] * parent
        current[block] = np.where(self.same_family[block], total, 0.0)
        return current

    def _assign(
        self,
        scores: Matrix,
        fixed: Sequence[tuple[int, int]],
        fam_a: Index,
        fam_b: Index,
        families: list[str],
    ) -> list[tuple[int, int]]:
        taken_a = {i for i, _ in fixed}
        taken_b = {j for _, j in fixed}
        found: list[tuple[int, int]] = []
        for family in range(len(families)):
            rows = np.array([i for i in np.flatnonzero(fam_a == family) if i not in taken_a])
            cols = np.array([j for j in np.flatnonzero(fam_b == family) if j not in taken_b])
            if rows.size == 0 or cols.size == 0:
                continue
            block = scores[np.ix_(rows, cols)]
            found += [(int(rows[i]), int(cols[j])) for i, j in assign(block, THRESHOLD)]
        return found


def _unique(inventory: Inventory, side: Sequence[Element], taken: set[int]) -> dict[str, int]:
    """Content signature -> position, for signatures only one free element has."""
    found: dict[str, int] = {}
    repeated: set[str] = set()
    for i, element in enumerate(side):
        if i in taken:
            continue
        around = [
            sorted(inventory.elements[x].key for x in graph.get(element.id, []))
            for graph in (inventory.predecessors, inventory.successors)
        ]
        parent = inventory.elements.get(element.refs.get("parent", ""))
        signature = repr(
            (
                element.family,
                element.kind,
                element.key,
                _lane_key(inventory, element),
                parent.key if parent is not None else None,
                sorted((k, v[0]) for k, v in element.attrs.items()),
                around,
            )
        )
        if signature in found or signature in repeated:
            repeated.add(signature)
            found.pop(signature, None)
        else:
            found[signature] = i
    return found


def _events(element: Element) -> str:
    return element.attrs.get("events", ("", ""))[0]


def _neighbours(ext: Matrix, near_a: Index, near_b: Index) -> Matrix:
    """For every pair: how well each side's neighbours find a partner among the other's.

    (Σ_{p∈N(a)} max_{q∈N(b)} S[p,q] + Σ_{q∈N(b)} max_{p∈N(a)} S[p,q]) / (|N(a)| + |N(b)|),
    and 1 when neither has neighbours. Padding indices point at the zero row/column; one
    gather per neighbour slot keeps every array two-dimensional (faster than 3-D gathers).
    """
    n, m = ext.shape[0] - 1, ext.shape[1] - 1  # the padding row and column
    best_in_b = ext[:, near_b[:, 0]]  # (n+1, m): row p's best partner among N(b)
    for slot in range(1, near_b.shape[1]):
        np.maximum(best_in_b, ext[:, near_b[:, slot]], out=best_in_b)
    best_in_b[n, :] = 0.0
    from_a = best_in_b[near_a[:, 0]]
    for slot in range(1, near_a.shape[1]):
        from_a += best_in_b[near_a[:, slot]]
    best_in_a = ext[near_a[:, 0], :]  # (n, m+1): column q's best partner among N(a)
    for slot in range(1, near_a.shape[1]):
        np.maximum(best_in_a, ext[near_a[:, slot], :], out=best_in_a)
    best_in_a[:, m] = 0.0
    from_b = best_in_a[:, near_b[:, 0]]
    for slot in range(1, near_b.shape[1]):
        from_b += best_in_a[:, near_b[:, slot]]
    degree_a = (near_a < n).sum(axis=1)
    degree_b = (near_b < m).sum(axis=1)
    total = (degree_a[:, None] + degree_b[None, :]).astype(np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(total > 0, (from_a + from_b) / total, 1.0)
    return result.astype(np.float32)


def _unambiguous(scores: Matrix, fixed: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs that are each other's best by MARGIN over any rival, above THRESHOLD: like the
    unique lines patience diff anchors on, they are fixed before the harder choices."""
    free = scores.copy()
    if fixed:
        free[[i for i, _ in fixed], :] = 0.0
        free[:, [j for _, j in fixed]] = 0.0
    n, m = free.shape
    best_j = free.argmax(axis=1)
    best_i = free.argmax(axis=0)
    rows = np.arange(n)
    best = free[rows, best_j]
    row_second = np.partition(free, -2, axis=1)[:, -2] if m > 1 else np.zeros(n)
    col_second = np.partition(free, -2, axis=0)[-2, :] if n > 1 else np.zeros(m)
    col_best = free[best_i, np.arange(m)]
    sure = (
        (best_i[best_j] == rows)
        & (best >= THRESHOLD)
        & (best - row_second >= MARGIN)
        & (col_best[best_j] - col_second[best_j] >= MARGIN)
    )
    return [(int(i), int(best_j[i])) for i in np.flatnonzero(sure)]


def _position_similarity(
    centres_a: Matrix,
    known_a: npt.NDArray[np.bool_],
    centres_b: Matrix,
    known_b: npt.NDArray[np.bool_],
) -> Matrix:
    """1 at the same relative place in the drawing, 0 half a drawing away; 0.5 unknown."""
    dx = centres_a[:, 0, None] - centres_b[None, :, 0]
    dy = centres_a[:, 1, None] - centres_b[None, :, 1]
    close = np.clip(1.0 - 2.0 * np.hypot(dx, dy), 0.0, 1.0)
    known = known_a[:, None] & known_b[None, :]
    result: Matrix = np.where(known, close, np.float32(0.5)).astype(np.float32)
    return result


def _centres(side: Sequence[Element]) -> tuple[Matrix, npt.NDArray[np.bool_]]:
    points = np.zeros((len(side), 2), dtype=np.float32)
    known = np.zeros(len(side), dtype=bool)
    for i, element in enumerate(side):
        if element.bounds is not None:
            centre = element.bounds.center
            points[i] = (centre.x, centre.y)
            known[i] = True
    if known.any():
        low = points[known].min(axis=0)
        span = np.maximum(points[known].max(axis=0) - low, 1.0)
        points = (points - low) / span
    return points, known
