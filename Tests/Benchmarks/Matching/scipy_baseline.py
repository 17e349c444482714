#!/usr/bin/env python3
"""Times scipy on the same problems the Matching benchmark gives MentorKit's solvers.

Both sides build the problems from one counter-based generator (SplitMix64 of seed + index), so
no data files are needed and the matrices are identical bit for bit. Run:
    python3 Tests/Benchmarks/Matching/scipy_baseline.py
It prints each problem's optimal total (the Swift benchmark checks it reaches the same) and the
median of several timed runs.
"""
import statistics
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def splitmix(seed, index):
    """SplitMix64 of seed + (index + 1) * GAMMA, vectorised over `index` (numpy uint64)."""
    z = (np.uint64(seed) + (index.astype(np.uint64) + np.uint64(1)) * np.uint64(GAMMA))
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def dense_matrix(n=2000, seed=1, high=100_000):
    index = np.arange(n * n, dtype=np.uint64)
    return (splitmix(seed, index) % np.uint64(high)).astype(np.int64).reshape(n, n)


def sparse_problem(mentees=20_000, per_row=50, capacity=5, seed=2, high=1000):
    """Mentee i's candidates: mentors (a + k*s) mod M for k < per_row, where a = i // capacity
    (a planted full matching) and s is an odd stride not divisible by 5, so they are distinct."""
    mentors = mentees // capacity
    i = np.arange(mentees, dtype=np.uint64)
    a = (i // np.uint64(capacity)).astype(np.int64)
    s = (splitmix(seed, i) % np.uint64(mentors // 2)).astype(np.int64) * 2 + 1
    s = np.where(s % 5 == 0, s + 2, s)
    k = np.arange(per_row, dtype=np.int64)
    columns = (a[:, None] + k[None, :] * s[:, None]) % mentors
    cost_index = i[:, None] * np.uint64(per_row) + k[None, :].astype(np.uint64)
    costs = (splitmix(seed + 1, cost_index) % np.uint64(high)).astype(np.int64) + 1
    return mentors, columns, costs


def expanded(mentors, columns, costs, capacity):
    """One column per capacity slot: mentor m's slots are m*capacity ... m*capacity + capacity-1."""
    rows, per_row = columns.shape
    slot_columns = (columns[:, :, None] * capacity + np.arange(capacity)[None, None, :]).reshape(rows, -1)
    slot_costs = np.repeat(costs, capacity, axis=1)
    order = np.argsort(slot_columns, axis=1, kind="stable")
    slot_columns = np.take_along_axis(slot_columns, order, axis=1)
    slot_costs = np.take_along_axis(slot_costs, order, axis=1)
    indptr = np.arange(0, rows * per_row * capacity + 1, per_row * capacity)
    return csr_matrix((slot_costs.ravel(), slot_columns.ravel(), indptr), shape=(rows, mentors * capacity))


def timed(label, runs, solve):
    times, total = [], None
    for _ in range(runs):
        start = time.perf_counter()
        total = solve()
        times.append(time.perf_counter() - start)
    print(f"{label}: total {total}, median {statistics.median(times) * 1000:.0f} ms over {runs} runs "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")
    sys.stdout.flush()


def main():
    matrix = dense_matrix()
    def dense():
        r, c = linear_sum_assignment(matrix)
        return int(matrix[r, c].sum())
    timed("linear_sum_assignment, dense 2000x2000", 10, dense)

    mentors, columns, costs = sparse_problem()
    graph = expanded(mentors, columns, costs, 5)
    def sparse():
        r, c = min_weight_full_bipartite_matching(graph)
        return int(graph[r, c].sum())
    timed("min_weight_full_bipartite_matching, 20000 mentees x 50 candidates, capacity 5", 5, sparse)


if __name__ == "__main__":
    main()
