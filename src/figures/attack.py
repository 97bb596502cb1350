"""The attack: what a reader can work out of each hidden cell from everything the report publishes.

`prove` takes, for the report's year and the year before (whose figures the report prints beside its
own), every published number of the protected tables: each shown cell, each printed sum between cells
(row and column totals, the totals row, a total printed in another table), each shown percentage (the
rounded share of its count in the total: p - 1 < 100 c / N < p + 1 for the largest-remainder rounding), each
printed change from the year before (this year's figure less last year's) and what the layout gives away
(the X column is printed only when someone is X). Every hidden cell is then an unknown, a whole number for
a count and a real number for days, at or above its lower bound; for each, the lowest and the highest
value it can take is solved for (scipy.optimize.milp, HiGHS: an integer programme, so the bounds are what a
reader with integer arithmetic reaches, not only the linear relaxation's). A hidden cell whose interval is
narrower than its table's minimum fails the proof, and the render stops.

What the proof does not model, and why it needs not: the trend indicators, chart values and text
alternatives are computed from the protected tables (an indicator from a hidden figure is withheld:
`figures.disclosure._indicators_withheld`); the tests read every number of the HTML, PDF and workbook
back against the pattern (tests/notebooks/test_disclosure_render.py). Its limits are in docs/methodology.md.
"""

from __future__ import annotations

import math

import pandas as pd

from figures.registry import TOTAL


def _published_changes(changes: pd.DataFrame | None, protection, year: int) -> list[tuple[tuple, float]]:
    """The changes the report prints for protected cells: ((table, row, column), change), where neither
    year's figure is hidden (a change beside a hidden figure is hidden with it)."""
    from figures.disclosure import protected_policies

    if changes is None or changes.empty:
        return []
    policies = protected_policies()
    out = []
    for r in changes.itertuples():
        if r.table not in policies or r.column not in policies[r.table].variables or pd.isna(r.change):
            continue
        if protection.is_hidden(year, r.table, r.row, r.column) or protection.is_hidden(year - 1, r.table, r.row,
                                                                                         r.column):
            continue
        out.append(((r.table, str(r.row), r.column), float(r.change)))
    return out


def intervals(models: dict[int, "object"], hidden: dict[int, set], shares: dict[int, list],
              changes: list[tuple[tuple, float]], year: int) -> dict[tuple, tuple[float, float]]:
    """The lowest and highest value of every hidden cell ((year, table, row, column)) given the published
    numbers: `models` per year (figures.disclosure.Model), `hidden` cells per year, `shares` per year as
    (share value, count key, total key), `changes` of `year` against `year - 1`."""
    unknowns = [(y, key) for y in sorted(hidden) for key in models[y].values if key in hidden[y]]
    if not unknowns:
        return {}
    # Imported only when a cell is hidden: scipy.optimize takes 0.4 s to import, a large year hides nothing.
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    index = {u: i for i, u in enumerate(unknowns)}
    n = len(unknowns)
    rows, low, high = [], [], []

    def linear(terms: list[tuple[tuple, float]], y: int) -> tuple[np.ndarray, float]:
        """A linear expression over cells of year `y`: its coefficients on the unknowns and its constant."""
        row, constant = np.zeros(n), 0.0
        for key, coefficient in terms:
            if (y, key) in index:
                row[index[(y, key)]] += coefficient
            else:
                constant += coefficient * models[y].values[key]
        return row, constant

    for y, m in models.items():
        for s in m.sums:
            row, constant = linear([(p, 1.0) for p in s.parts] + [(s.total, -1.0)], y)
            if row.any():
                rows.append(row)
                low.append(-constant)
                high.append(-constant)
        for percent, count, total in shares.get(y, []):
            # p - 1 < 100 c / N < p + 1, in whole numbers: 100 c - (p + 1) N <= -1 and 100 c - (p - 1) N >= 1.
            if count not in m.values or total not in m.values:
                continue
            row, constant = linear([(count, 100.0), (total, -(percent + 1.0))], y)
            if row.any():
                rows.append(row)
                low.append(-np.inf)
                high.append(-1.0 - constant)
            row, constant = linear([(count, 100.0), (total, -(percent - 1.0))], y)
            if row.any():
                rows.append(row)
                low.append(1.0 - constant)
                high.append(np.inf)
    if year - 1 in models:
        for key, change in changes:
            if key not in models[year].values or key not in models[year - 1].values:
                continue
            now, constant_now = linear([(key, 1.0)], year)
            before, constant_before = linear([(key, 1.0)], year - 1)
            row = now - before
            if row.any():
                rows.append(row)
                low.append(change - constant_now + constant_before)
                high.append(change - constant_now + constant_before)
    lower = np.array([models[y].lower[key] for y, key in unknowns])
    integrality = np.array([1 if models[y].whole[key] else 0 for y, key in unknowns])
    constraints = [LinearConstraint(np.array(rows), low, high)] if rows else []
    feasible = milp(np.zeros(n), integrality=integrality, bounds=Bounds(lower, np.full(n, np.inf)),
                    constraints=constraints)
    if feasible.status != 0:    # the published numbers contradict each other, which a render must not print
        raise RuntimeError(f"the attack's programme has no solution: {feasible.message}")
    found = {}
    for position, unknown in enumerate(unknowns):
        ends = []
        for sense in (1.0, -1.0):           # the lowest value, then the highest (the least of minus the cell)
            objective = np.zeros(n)
            objective[position] = sense
            result = milp(objective, integrality=integrality, bounds=Bounds(lower, np.full(n, np.inf)),
                          constraints=constraints)
            if result.status == 0:
                ends.append(sense * result.fun)
            else:       # feasible (above), so unbounded: upwards (every cell has a lower bound)
                ends.append(math.inf)
        found[unknown] = (ends[0], ends[1])
    return found


def prove(protection, frames: dict[int, pd.DataFrame], changes: pd.DataFrame | None) -> dict:
    """The proof of the report of `protection.year`: every hidden cell of that year and the year before
    (the primary and secondary ones: the derived are not counts), its interval, the width its policy asks
    for, and whether every interval is wide enough."""
    from figures.disclosure import DERIVED, model, protected_policies

    year = protection.year
    models, hidden, shares = {}, {}, {}
    for y in (year - 1, year):
        if y not in frames:
            continue
        models[y] = model(frames[y])
        hidden[y] = {k for k, kind in protection.hidden.get(y, {}).items() if kind != DERIVED}
        values = {(t, str(r), c): v for t, r, c, v in zip(frames[y]["table"], frames[y]["row"], frames[y]["column"],
                                                          frames[y]["value"])}
        shares[y] = []
        for name, policy in protected_policies().items():
            for share, count in policy.shares:
                for (t, r, c), v in values.items():
                    if t == name and c == share and r != TOTAL and not pd.isna(v) \
                            and not protection.is_hidden(y, t, r, c):
                        shares[y].append((float(v), (t, r, count), (t, TOTAL, count)))
    found = intervals(models, hidden, shares, _published_changes(changes, protection, year), year)
    cells = []
    for (y, key), (low, high) in found.items():
        required = models[y].width[key]
        width = high - low
        cells.append({"year": y, "table": key[0], "row": key[1], "column": key[2],
                      "kind": protection.hidden[y][key], "value": models[y].values[key],
                      "low": low, "high": None if math.isinf(high) else high,
                      "width": None if math.isinf(width) else width, "required": required,
                      "ok": width >= required})
    narrowest = min(cells, key=lambda c: math.inf if c["width"] is None else c["width"], default=None)
    return {"ok": all(c["ok"] for c in cells), "cells": cells,
            "narrowest": None if narrowest is None else {k: v for k, v in narrowest.items() if k != "value"}}
