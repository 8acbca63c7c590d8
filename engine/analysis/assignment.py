"""Optimal one-to-one assignment of old to new elements by similarity (Hungarian method).

``assign(scores, threshold)`` returns the pairs that maximise the total score among pairs
scoring at least ``threshold``. The candidate graph is first split into connected
components (most are a single pair), and each component is solved exactly with the
shortest augmenting path form of the Hungarian method, its inner loop over columns done
by numpy. SciPy's ``linear_sum_assignment`` does the same, but SciPy is not a dependency.

Greedy by descending score is not enough: with "合流" gateways or repeated step names, the
best pair for one element can take the only good partner of another.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float32]
Pairs = list[tuple[int, int]]


def assign(scores: Scores, threshold: float) -> Pairs:
    """Row-column pairs of a maximum-total assignment over entries ``>= threshold``."""
    allowed = scores >= threshold
    rows = np.flatnonzero(allowed.any(axis=1))
    cols = np.flatnonzero(allowed.any(axis=0))
    if rows.size == 0:
        return []
    sub = np.where(allowed[np.ix_(rows, cols)], scores[np.ix_(rows, cols)], 0.0)
    pairs: Pairs = []
    for part_rows, part_cols in _components(sub > 0):
        block = sub[np.ix_(part_rows, part_cols)]
        for i, j in _solve(block):
            if block[i, j] > 0:
                pairs.append((int(rows[part_rows[i]]), int(cols[part_cols[j]])))
    return sorted(pairs)


def _components(
    edges: npt.NDArray[np.bool_],
) -> list[tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]]:
    """Connected components of a bipartite graph given as a rows × cols boolean matrix."""
    n_rows, n_cols = edges.shape
    big = n_rows + n_cols
    row_label = np.arange(n_rows)
    while True:  # propagate the smallest row label through shared columns until stable
        col_label = np.where(edges, row_label[:, None], big).min(axis=0)
        new_label = np.minimum(row_label, np.where(edges, col_label[None, :], big).min(axis=1))
        if np.array_equal(new_label, row_label):
            break
        row_label = new_label
    found = []
    for label in np.unique(row_label):
        found.append((np.flatnonzero(row_label == label), np.flatnonzero(col_label == label)))
    return found


def _solve(weights: Scores) -> Pairs:
    """Maximum-weight perfect assignment of the smaller side (dense Hungarian method)."""
    n, m = weights.shape
    if n == 1:
        return [(0, int(np.argmax(weights[0])))]
    if m == 1:
        return [(int(np.argmax(weights[:, 0])), 0)]
    if n > m:
        return [(i, j) for j, i in _solve(weights.T)]
    cost = -weights.astype(np.float64)
    # 1-based potentials as in the textbook form; column 0 is the virtual start.
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=np.intp)  # owner[j]: row (1-based) holding column j
    way = np.zeros(m + 1, dtype=np.intp)
    for row in range(1, n + 1):
        owner[0] = row
        j0 = 0
        minv = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = owner[j0]
            free = ~used[1:]
            reduced = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (reduced < minv[1:])
            minv[1:][better] = reduced[better]
            way[1:][better] = j0
            candidates = np.where(free, minv[1:], np.inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[owner[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:  # flip the augmenting path
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return [(int(owner[j]) - 1, j - 1) for j in range(1, m + 1) if owner[j]]
