#!/usr/bin/env python3
"""Writes scipy-vectors.json: fixed assignment problems and scipy's optimal totals.

The Swift tests solve the same problems and must reach the same totals. Regenerate with
    python3 Tests/AssignmentTests/Vectors/generate.py
(needs numpy and scipy; the tests themselves don't). The seed is fixed, so the file only changes
when this script does.
"""
import json
import pathlib

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

rng = np.random.default_rng(20261123)
FORBIDDEN = np.inf


def dense_case(name, rows, columns, low, high):
    costs = rng.integers(low, high + 1, size=(rows, columns))
    r, c = linear_sum_assignment(costs)
    return {"name": name, "rows": rows, "columns": columns,
            "costs": [int(x) for x in costs.flatten()],
            "scipyTotal": int(costs[r, c].sum())}


def capacity_case(name, rows, columns, max_capacity, per_row, high, unmatched_low, unmatched_high):
    """Mentors with capacities, sparse candidates, and a cost for leaving a mentee unmatched.

    scipy has no capacities or unmatched option, so the problem is expanded: one column per
    capacity slot, plus one private "unmatched" column per row; everything else is forbidden.
    """
    capacities = [int(x) for x in rng.integers(0, max_capacity + 1, size=columns)]
    slots = [j for j in range(columns) for _ in range(capacities[j])]
    matrix = np.full((rows, len(slots) + rows), FORBIDDEN)
    problem_rows = []
    for i in range(rows):
        chosen = rng.choice(columns, size=min(per_row, columns), replace=False)
        candidates = [[int(j), int(rng.integers(0, high + 1))] for j in sorted(chosen)]
        unmatched = int(rng.integers(unmatched_low, unmatched_high + 1))
        for j, cost in candidates:
            for s, owner in enumerate(slots):
                if owner == j:
                    matrix[i, s] = cost
        matrix[i, len(slots) + i] = unmatched
        problem_rows.append({"candidates": candidates, "unmatched": unmatched})
    r, c = linear_sum_assignment(matrix)
    return {"name": name, "capacities": capacities, "rows": problem_rows,
            "scipyTotal": int(matrix[r, c].sum()), "scipy": "linear_sum_assignment on the expanded matrix"}


def full_matching_case(name, rows, columns, capacity, per_row, high):
    """Every row can be matched (a planted matching exists): scipy's sparse full matching applies.
    The Swift side gives unmatched a prohibitive cost and must match everyone at the same total."""
    slots = [j for j in range(columns) for _ in range(capacity)]
    order = rng.permutation(rows)
    planted = {int(order[k]): k // capacity for k in range(rows)}
    problem_rows, data, indices, indptr = [], [], [], [0]
    for i in range(rows):
        chosen = set(int(x) for x in rng.choice(columns, size=per_row - 1, replace=False))
        chosen.add(planted[i])
        candidates = [[j, int(rng.integers(1, high + 1))] for j in sorted(chosen)]
        for j, cost in candidates:
            for s, owner in enumerate(slots):
                if owner == j:
                    indices.append(s)
                    data.append(cost)
        indptr.append(len(indices))
        problem_rows.append({"candidates": candidates, "unmatched": 1_000_000_000})
    matrix = csr_matrix((data, indices, indptr), shape=(rows, len(slots)))
    r, c = min_weight_full_bipartite_matching(matrix)
    total = int(sum(matrix[i, j] for i, j in zip(r, c)))
    return {"name": name, "capacities": [capacity] * columns, "rows": problem_rows,
            "scipyTotal": total, "scipy": "min_weight_full_bipartite_matching"}


def main():
    dense = [
        dense_case("1x1", 1, 1, 0, 9),
        dense_case("3x3 many ties", 3, 3, 0, 2),
        dense_case("5x7 wide", 5, 7, 0, 100),
        dense_case("7x5 tall", 7, 5, 0, 100),
        dense_case("8x8 negative costs", 8, 8, -50, 50),
        dense_case("20x20 ties", 20, 20, 0, 5),
        dense_case("40x25 tall", 40, 25, 0, 1000),
        dense_case("25x40 wide", 25, 40, 0, 1000),
        dense_case("60x60", 60, 60, 0, 10000),
        dense_case("100x100", 100, 100, 0, 1000),
    ]
    sparse = [
        capacity_case("12 rows, 5 columns, capacity <= 2", 12, 5, 2, 3, 50, 20, 80),
        capacity_case("30 rows, 10 columns, capacity <= 3", 30, 10, 3, 4, 100, 50, 150),
        capacity_case("50 rows, 20 columns, capacity <= 4, cheap unmatched", 50, 20, 4, 5, 100, 0, 40),
        capacity_case("60 rows, 8 columns, scarce", 60, 8, 3, 6, 100, 200, 300),
        full_matching_case("40 rows, 8 columns x 5, full", 40, 8, 5, 4, 100),
        full_matching_case("120 rows, 30 columns x 4, full", 120, 30, 4, 6, 1000),
    ]
    out = pathlib.Path(__file__).with_name("scipy-vectors.json")
    out.write_text(json.dumps({"dense": dense, "sparse": sparse}, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({len(dense)} dense, {len(sparse)} sparse)")


if __name__ == "__main__":
    main()
