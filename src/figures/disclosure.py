"""Disclosure control: no published cell identifies a person (issue 21; docs/methodology.md#disclosure-control).

Each table of the registry declares its `Policy` (`Table.disclosure`): which columns count people, which
figures are computed from how many people, which sums the report prints, the minimum count and the sign a
hidden cell shows; or why it is exempt (meetings, words and euros are not people). From a year's figures
(the long table of `figures.history`, totals as printed):

- primary suppression hides every count of people from 1 to `minimum` (5: the level C men of the printed
  2025 report are such a count), and every figure computed from
  such a number of people (the training days of three trainees);
- secondary suppression hides the fewest further cells (then those of the smallest total) so that every
  hidden cell could, for all a reader can work out from the printed sums, take values at least `minimum`
  apart: a mixed-integer programme solved by HiGHS (scipy.optimize.milp), see `secondary`;
- derived figures follow their cells: a percentage is hidden with its count, a change with either year's
  figure, a trend indicator with any figure it is computed from.

The result for one report is a `Protection`: the hidden cells of the year and of every earlier year it
shows (each year's pattern computed by the same rule, so that the year before's column shows what its own
report showed), the cells a year declared "as published" would have hidden, and the proof of
`figures.attack`. It is written beside the analysts' tables (`data/processed/<year>/disclosure.json`,
which hold every figure unsuppressed) and read back by the notebooks, which present the protected figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from figures.registry import COUNT, REGISTRY, TOTAL

# The version of the rule below: it goes into every manifest; change it with the rule.
VERSION = "2026.2"
MINIMUM = 5
SIGN = "disclosure.sign"        # the catalogue key of what a hidden cell shows (the same in every language)
PRIMARY, SECONDARY, DERIVED = "primary", "secondary", "derived"
FILE = "disclosure.yaml"        # data/reference/disclosure.yaml: the years published as printed
PROCESSED_FILE = "disclosure.json"

Key = tuple[str, str, str]      # (table, row, column), rows named as figures.history names them


@dataclass(frozen=True)
class Sum:
    """A sum the report prints: `total` = the sum of `parts` (cells of one year, possibly of two tables)."""

    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class Policy:
    """How a table's figures are protected (declared with the table: `Table.disclosure`).

    `people`: the columns that count people; a count from 1 to `minimum` is hidden (a count of 0
    identifies nobody and is shown). `computed_from`: (column, count column) pairs: the column is computed
    from as many people as the count column of its row says (training days from the people trained), and is
    hidden when that count is. `shares`: (column, count column) pairs: the column is the count's share of the
    total row's count, hidden when either is. `sums(figures)`: the sums the report prints (row and column
    totals; a total printed in another table), from one year's figures. `at_least(figures)`: lower bounds a
    reader learns from the layout (the X column is printed only when someone is X). `exempt`: the catalogue
    key of the reason a table is not protected (its figures are not about people); None: protected.
    """

    people: tuple[str, ...] = ()
    computed_from: tuple[tuple[str, str], ...] = ()
    shares: tuple[tuple[str, str], ...] = ()
    sums: Callable[[pd.DataFrame], list[Sum]] | None = None
    at_least: Callable[[pd.DataFrame], dict[Key, float]] | None = None
    minimum: int = MINIMUM
    sign: str = SIGN
    exempt: str | None = None

    @property
    def protected(self) -> bool:
        return self.exempt is None

    @property
    def variables(self) -> tuple[str, ...]:
        """The columns whose cells may be hidden to protect (counts, and figures computed from people)."""
        return self.people + tuple(c for c, _ in self.computed_from if c not in self.people)

    def record(self) -> dict:
        """The policy as the manifest states it."""
        if not self.protected:
            return {"exempt": self.exempt}
        return {"minimum": self.minimum, "sign": self.sign, "people": list(self.people),
                "computed_from": dict(self.computed_from), "shares": dict(self.shares)}


def exempt(reason: str) -> Policy:
    """The policy of a table whose figures are not about people; `reason` is a catalogue key saying why."""
    return Policy(exempt=reason)


def policies() -> dict[str, Policy]:
    """Every table's declared policy (a table without one is a mistake the tests catch)."""
    return {name: spec.disclosure for name, spec in REGISTRY.tables.items() if spec.disclosure is not None}


def protected_policies() -> dict[str, Policy]:
    return {name: policy for name, policy in policies().items() if policy.protected}


# ---------------------------------------------------------------- one year's figures

def _values(figures: pd.DataFrame) -> dict[Key, float | None]:
    """One year's figures as {(table, row, column): value} (None: no value)."""
    return {(t, str(r), c): (None if pd.isna(v) else float(v))
            for t, r, c, v in zip(figures["table"], figures["row"], figures["column"], figures["value"])}


def _rows(figures: pd.DataFrame, table: str) -> list[str]:
    return list(dict.fromkeys(str(r) for r in figures.loc[figures["table"] == table, "row"]))


def small(value: float | None, minimum: int) -> bool:
    """A count of people the rule hides: 1 to `minimum` (0 identifies nobody)."""
    return value is not None and 0 < value <= minimum


def primary(figures: pd.DataFrame) -> set[Key]:
    """The cells primary suppression hides in one year's figures (`table, row, column, value`)."""
    values = _values(figures)
    hidden = set()
    for name, policy in protected_policies().items():
        for row in _rows(figures, name):
            for column in policy.people:
                if small(values.get((name, row, column)), policy.minimum):
                    hidden.add((name, row, column))
            for column, count in policy.computed_from:
                if small(values.get((name, row, count)), policy.minimum) and values.get((name, row, column)) is not None:
                    hidden.add((name, row, column))
    return hidden


@dataclass
class Model:
    """What a reader knows of one year's protected figures, as linear relations: the cells that may be hidden
    (their values, bounds, required width and whether whole numbers), the printed sums between them."""

    values: dict[Key, float]
    sums: list[Sum]
    lower: dict[Key, float]
    width: dict[Key, float]
    whole: dict[Key, bool]


def model(figures: pd.DataFrame) -> Model:
    """The cells of every protected table of one year and the sums the report prints between them."""
    values = _values(figures)
    cells: dict[Key, float] = {}
    width, whole, lower = {}, {}, {}
    for name, policy in protected_policies().items():
        spec = REGISTRY.tables[name]
        for row in _rows(figures, name):
            for column in policy.variables:
                value = values.get((name, row, column))
                if value is None:
                    continue
                key = (name, row, column)
                cells[key] = value
                width[key] = policy.minimum
                whole[key] = spec.static_kind(column) == COUNT
                lower[key] = 0.0
    sums = []
    for name, policy in protected_policies().items():
        if policy.sums is not None and (figures["table"] == name).any():
            sums += [s for s in policy.sums(figures) if s.total in cells and all(p in cells for p in s.parts)]
        if policy.at_least is not None and (figures["table"] == name).any():
            for key, bound in policy.at_least(figures).items():
                if key in lower:
                    lower[key] = max(lower[key], float(bound))
    return Model(cells, sums, lower, width, whole)


def _components(cells: list[Key], sums: list[Sum]) -> list[list[Key]]:
    """The cells linked by sums, in groups (a cell in no sum is a group of its own), in `cells` order."""
    parent = {c: c for c in cells}

    def root(c):
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for s in sums:
        for part in s.parts:
            a, b = root(s.total), root(part)
            if a != b:
                parent[b] = a
    groups: dict[Key, list[Key]] = {}
    for c in cells:
        groups.setdefault(root(c), []).append(c)
    return list(groups.values())


class ProtectionFailed(RuntimeError):
    """The solver found no set of cells to hide (it always exists: hiding everything); says what it said."""


def secondary(m: Model, hidden: set[Key]) -> set[Key]:
    """The further cells to hide so that every hidden cell can move at least its width (up and down
    together) in some table that agrees with every printed sum and shown cell, and stays at or above its
    lower bound: the fewest cells, then those of the smallest total.

    The mixed-integer programme (per group of cells linked by sums): y_c = 1 when cell c is hidden (1 for
    the primary cells); for every cell t and each direction, a deviation vector d (a change of every cell)
    that keeps every sum (A d = 0), changes only hidden cells (|d_c| <= M y_c), keeps every cell at or above
    its bound (x_c + d_c >= lower_c), and moves t up by u_t (down by l_t); u_t + l_t >= width_t y_t. Then a
    reader's interval for t is at least [x_t - l_t, x_t + u_t]: the classical protection model of
    Fischetti and Salazar-González (2000) with both directions in one constraint. Minimised: the sum over
    cells of 1 + x_c / (1 + sum of x), each cell counting one, the smaller ones preferred among as few.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    chosen: set[Key] = set()
    order = list(m.values)
    for group in _components(order, m.sums):
        if not any(c in hidden for c in group):
            continue
        sums = [s for s in m.sums if s.total in group]
        if not sums:
            continue        # a cell in no printed sum cannot be worked back: hidden, it is protected alone
        n = len(group)
        index = {c: i for i, c in enumerate(group)}
        x = np.array([m.values[c] for c in group])
        total = float(x.sum())
        # The sums have coefficients 1 and -1 (a total and its parts): a move of a cell by w moves no other by
        # more than w, so no deviation needs to exceed the widest width (twice it, for margin).
        widest = float(max(m.width[c] for c in group))
        big = 2.0 * widest
        # Variables: y (n), then per target t and direction s: d (n) and the move w; w_up, w_down of t follow.
        block = n + 1
        count = n + 2 * n * block
        rows, columns, data, low, high = [], [], [], [], []
        row = 0

        def add(entries, lo, hi):
            nonlocal row
            for column, value in entries:
                rows.append(row)
                columns.append(column)
                data.append(value)
            low.append(lo)
            high.append(hi)
            row += 1

        lower_bound = np.zeros(count)
        upper_bound = np.full(count, np.inf)
        for t in range(n):
            for direction in (0, 1):
                start = n + (2 * t + direction) * block
                for s in sums:
                    add([(start + index[p], 1.0) for p in s.parts] + [(start + index[s.total], -1.0)], 0.0, 0.0)
                for c in range(n):
                    add([(start + c, 1.0), (c, -big)], -np.inf, 0.0)
                    add([(start + c, -1.0), (c, -big)], -np.inf, 0.0)
                    lower_bound[start + c] = m.lower[group[c]] - x[c]
                # The move of t: d_t = +w (up) or -w (down), never more than needed.
                add([(start + t, 1.0), (start + n, -1.0 if direction == 0 else 1.0)], 0.0, 0.0)
                lower_bound[start + n], upper_bound[start + n] = 0.0, widest
            up, down = n + 2 * t * block + n, n + (2 * t + 1) * block + n
            add([(up, 1.0), (down, 1.0), (t, -float(m.width[group[t]]))], 0.0, np.inf)
        for c in range(n):
            lower_bound[c] = 1.0 if group[c] in hidden else 0.0
            upper_bound[c] = 1.0
        cost = np.zeros(count)
        cost[:n] = [1.0 + x[c] / (1.0 + total) + c * 1e-9 for c in range(n)]
        integrality = np.zeros(count)
        integrality[:n] = 1
        matrix = coo_matrix((data, (rows, columns)), shape=(row, count)).tocsr()
        result = milp(cost, integrality=integrality, bounds=Bounds(lower_bound, upper_bound),
                      constraints=LinearConstraint(matrix, low, high), options={"mip_rel_gap": 0.0})
        if result.status != 0 or result.x is None:
            raise ProtectionFailed(f"{result.message} ({', '.join('/'.join(c) for c in group[:3])} ...)")
        chosen |= {group[c] for c in range(n) if result.x[c] > 0.5 and group[c] not in hidden}
    return chosen


def derived(figures: pd.DataFrame, hidden: set[Key]) -> set[Key]:
    """The shares hidden with their count (or with the total row's count), but never a total row's own share."""
    values = _values(figures)
    out = set()
    for name, policy in protected_policies().items():
        for share, count in policy.shares:
            for row in _rows(figures, name):
                if row == TOTAL or values.get((name, row, share)) is None:
                    continue
                if (name, row, count) in hidden or (name, TOTAL, count) in hidden:
                    out.add((name, row, share))
    return out


def pattern(figures: pd.DataFrame) -> dict[Key, str]:
    """Every cell the rule hides in one year's figures, with why: primary, secondary or derived."""
    first = primary(figures)
    found = {key: PRIMARY for key in first}
    if first:
        found.update({key: SECONDARY for key in secondary(model(figures), first)})
    found.update({key: DERIVED for key in derived(figures, set(found)) if key not in found})
    # In the order of the figures (tables, rows, columns): the same bytes for the same inputs.
    return {key: found[key] for key in _values(figures) if key in found}


# ---------------------------------------------------------------- years published as printed

def as_published(reference_dir: Path) -> dict[int, dict[str, str]]:
    """The years declared in `reference_dir/disclosure.yaml` as published as printed: {year: reason per
    language}. A malformed file is an error naming it."""
    path = Path(reference_dir) / FILE
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    years = data.get("as_published") or {}
    found = {}
    for year, entry in years.items():
        reason = (entry or {}).get("reason") if isinstance(entry, dict) else None
        if not str(year).isdigit() or not isinstance(reason, dict) or not reason:
            raise ValueError(f"{path}: as_published: {year}: expected `reason:` with a text per language")
        found[int(year)] = {str(k): str(v) for k, v in reason.items()}
    return found


def declarations(reference_dir: Path) -> str:
    """The SHA-256 of `reference_dir/disclosure.yaml` ("" without one): a protection computed with other
    declarations, or by another version of the rule, is computed again (`current`)."""
    import hashlib

    path = Path(reference_dir) / FILE
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def current(protection: "Protection", reference_dir: Path) -> bool:
    return protection.version == VERSION and protection.declared == declarations(reference_dir)


# ---------------------------------------------------------------- a report's protection

@dataclass
class Protection:
    """What the report of `year` hides (in its year and in every earlier year it shows), what a year
    published as printed would have hidden, and the proof (`figures.attack`)."""

    year: int
    hidden: dict[int, dict[Key, str]] = field(default_factory=dict)
    at_risk: dict[Key, str] = field(default_factory=dict)
    reason: dict[str, str] | None = None            # the year is published as printed, because ...
    indicators: set[tuple[int, str]] = field(default_factory=set)   # trend indicators withheld
    proof: dict | None = None
    version: str = VERSION
    declared: str = ""          # the SHA-256 of the declarations it was computed with (`declarations`)

    def is_hidden(self, year: int, table: str, row: str, column: str) -> bool:
        return (table, str(row), column) in self.hidden.get(int(year), {})

    def mask(self, table: str, year: int | None = None) -> "Mask":
        year = self.year if year is None else year
        policy = policies().get(table)
        return Mask({(r, c) for (t, r, c) in self.hidden.get(year, {}) if t == table},
                    policy.sign if policy is not None else SIGN)

    def of_year(self, year: int | None = None) -> dict[Key, str]:
        return self.hidden.get(self.year if year is None else year, {})

    def to_dict(self) -> dict:
        def cells(found: dict[Key, str], year: int) -> list[dict]:
            return [{"year": year, "table": t, "row": r, "column": c, "kind": kind}
                    for (t, r, c), kind in found.items()]

        return {"version": self.version, "declared": self.declared, "year": self.year, "as_published": self.reason,
                "hidden": [cell for year in sorted(self.hidden) for cell in cells(self.hidden[year], year)],
                "at_risk": cells(self.at_risk, self.year),
                "indicators_withheld": [{"year": y, "indicator": i} for y, i in sorted(self.indicators)],
                "proof": self.proof}

    @classmethod
    def from_dict(cls, data: dict) -> "Protection":
        hidden: dict[int, dict[Key, str]] = {}
        for cell in data.get("hidden", []):
            hidden.setdefault(int(cell["year"]), {})[(cell["table"], str(cell["row"]), cell["column"])] = cell["kind"]
        at_risk = {(c["table"], str(c["row"]), c["column"]): c["kind"] for c in data.get("at_risk", [])}
        return cls(int(data["year"]), hidden, at_risk, data.get("as_published"),
                   {(int(i["year"]), i["indicator"]) for i in data.get("indicators_withheld", [])},
                   data.get("proof"), data.get("version", VERSION), data.get("declared", ""))

    def write(self, folder: Path) -> Path:
        target = Path(folder) / PROCESSED_FILE
        target.write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return target

    @classmethod
    def read(cls, folder: Path) -> "Protection | None":
        path = Path(folder) / PROCESSED_FILE
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else None

    def record(self) -> dict:
        """What the manifest says: the policy and its version, the cells hidden (never their values), the
        proof's result and its narrowest interval."""
        year = self.of_year()
        proof = self.proof or {}
        return {
            "version": self.version,
            "policies": {name: policy.record() for name, policy in policies().items()},
            "as_published": self.reason,
            "hidden": {"primary": sum(k == PRIMARY for k in year.values()),
                       "secondary": sum(k == SECONDARY for k in year.values()),
                       "derived": sum(k == DERIVED for k in year.values()),
                       "cells": [{"table": t, "row": r, "column": c, "kind": k} for (t, r, c), k in year.items()]},
            "earlier_years_hidden": {str(y): len(found) for y, found in sorted(self.hidden.items()) if y != self.year},
            "at_risk": [{"table": t, "row": r, "column": c, "kind": k} for (t, r, c), k in self.at_risk.items()],
            "indicators_withheld": [{"year": y, "indicator": i} for y, i in sorted(self.indicators)],
            "proof": {"ok": proof.get("ok", True), "narrowest": proof.get("narrowest"),
                      "intervals": [{k: v for k, v in cell.items() if k != "value"} for cell in proof.get("cells", [])]},
        }


class Mask:
    """The hidden cells of one table in one year, as its reader's table, chart and sheet show them."""

    def __init__(self, cells: Iterable[tuple[str, str]] = (), sign: str = SIGN):
        self.cells = {(str(r), c) for r, c in cells}
        self.sign = sign

    def __call__(self, row, column: str) -> bool:
        return (str(row), column) in self.cells

    def __bool__(self) -> bool:
        return bool(self.cells)

    def value(self, row, column: str, number, kind: str, lang: str, **options):
        """The reader's cell: the sign when hidden, else the number as `present.value` formats it."""
        from figures import present

        return present.value(present.Hidden(self.sign) if self(row, column) else number, kind, lang, **options)

    def text(self, lang: str) -> str:
        from figures.i18n import text

        return text(self.sign, lang)


NOTHING = Mask()


def row_keys(name: str, table: pd.DataFrame) -> list[str]:
    """The rows of a computed table named as figures.history names them (the cells' `row`)."""
    from figures.history import numbered
    from figures.reconcile import row_name

    spec = REGISTRY.tables[name]
    return numbered([row_name([table[k].iloc[i] for k in spec.key]) if spec.key else "" for i in range(len(table))])


def published_table(name: str, table: pd.DataFrame, mask: Mask) -> pd.DataFrame:
    """A computed table as it may leave the service: every hidden cell empty, and, when any is, a last column
    `hidden` naming the hidden columns of each row (the workbook's data_ sheets)."""
    if not mask:
        return table
    out = table.copy()
    keys = row_keys(name, table)
    named = []
    for position, key in enumerate(keys):
        columns = [c for c in table.columns if mask(key, c)]
        for column in columns:
            out[column] = out[column].astype(object)
            out.iloc[position, out.columns.get_loc(column)] = None
        named.append(" ".join(columns))
    out["hidden"] = named
    return out


# ---------------------------------------------------------------- protecting a report

def _indicators_withheld(history: pd.DataFrame, hidden: dict[int, dict[Key, str]]) -> set[tuple[int, str]]:
    """The trend indicators (year, code) computed from a hidden figure: each is computed again with every
    hidden figure moved (by a large amount, different for each, and to zero), and withheld when it moves."""
    from figures.chapters import trends

    if history is None or history.empty or not any(hidden.values()):
        return set()
    marks = pd.Series([(table, str(row), column) in hidden.get(int(year), {})
                       for year, table, row, column in zip(history["year"], history["table"], history["row"],
                                                           history["column"])], index=history.index)
    if not marks.any():
        return set()
    base = trends.indicators(history).set_index(["year", "indicator"])["value"]
    moved = set()
    values = history["value"].astype(float)
    for shift in (values + 1000.0 * (pd.Series(range(len(history)), index=history.index) + 1) + 7.0,
                  pd.Series(0.0, index=history.index).where(values != 0, 1.0)):
        changed = history.copy()
        changed["value"] = values.where(~marks, shift)
        other = trends.indicators(changed).set_index(["year", "indicator"])["value"]
        for key in base.index:
            a, b = base.get(key), other.get(key)
            if (pd.isna(a) != pd.isna(b)) or (not pd.isna(a) and abs(float(a) - float(b)) > 1e-9):
                moved.add((int(key[0]), str(key[1])))
    return moved


def protect(year: int, history: pd.DataFrame | None, changes: pd.DataFrame | None, reference_dir: Path,
            figures_of_year: pd.DataFrame | None = None) -> Protection:
    """The protection of the report of `year`: each year's pattern (the year's computed figures; an earlier
    year's from `history`, whose published figures are public already), the years published as printed
    (their pattern kept as `at_risk`), the trend indicators to withhold and the proof (`figures.attack`)."""
    from figures import attack
    from figures.history import COMPUTED

    printed = as_published(reference_dir)
    protection = Protection(year, reason=printed.get(year), declared=declarations(reference_dir))
    frames: dict[int, pd.DataFrame] = {}
    if history is not None and not history.empty:
        computed = history[history["source"] == COMPUTED]
        frames = {int(y): part for y, part in computed.groupby("year")}
    if figures_of_year is not None:
        frames[year] = figures_of_year
    for each, figures in sorted(frames.items()):
        if each > year:
            continue
        found = pattern(figures)
        if each in printed:
            if each == year:
                protection.at_risk = found
            continue
        if found:
            protection.hidden[each] = found
    protection.indicators = _indicators_withheld(history, protection.hidden) if history is not None else set()
    protection.proof = attack.prove(protection, frames, changes)
    return protection


# ---------------------------------------------------------------- what the reader and the reviewer see

def reader_note(tables: list, name: str, lang: str) -> str | None:
    """The sentence under a reader's table that shows a hidden cell (its sign, and why); None otherwise."""
    from figures.i18n import text

    signs = [cell for table in tables for row in table.rows + ([table.total] if table.total else [])
             for cell in row if getattr(cell, "missing", None) == "hidden"]
    if not signs:
        return None
    policy = policies().get(name) or Policy()
    return text("disclosure.note", lang, sign=str(signs[0]), minimum=policy.minimum)


class PositionMask:
    """A mask asked by position among `keys` (the rows a chart shows) instead of by row name."""

    def __init__(self, mask: Mask, keys: list[str]):
        self.mask, self.keys, self.sign = mask, list(keys), mask.sign

    def __call__(self, position: int, column: str) -> bool:
        return self.mask(self.keys[position], column)


def withhold(indicators: pd.DataFrame, protection: "Protection | None") -> pd.DataFrame:
    """The trends' indicators (`year, indicator, value`) with each one computed from a hidden figure
    replaced by a `present.Hidden` (its sign in the table and the text alternative)."""
    from figures import present

    if protection is None or not protection.indicators:
        return indicators
    out = indicators.copy()
    out["value"] = out["value"].astype(object)
    for position, (year, code) in enumerate(zip(out["year"], out["indicator"])):
        if (int(year), str(code)) in protection.indicators:
            out.iloc[position, out.columns.get_loc("value")] = present.Hidden()
    return out


def drawn(indicators: pd.DataFrame) -> pd.DataFrame:
    """The indicators a chart draws: a withheld one is no point at all."""
    from figures import present

    if indicators["value"].dtype != object:
        return indicators
    out = indicators.copy()
    out["value"] = pd.to_numeric(out["value"].map(lambda v: None if isinstance(v, present.Hidden) else v),
                                 errors="coerce")
    return out


def _number(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def review(prepared, chapter: str, lang: str):
    """The reviewer's view of a chapter's disclosure control (see `figures.notebook.Report.disclosure`)."""
    from figures import present
    from figures.i18n import text

    protection = prepared.protection
    declared = REGISTRY.chapter(chapter)
    names = [t.name for t in declared.tables]
    html = present.Html(f"<h3>{text('disclosure.review.title', lang)}</h3>")
    html += present.paragraph(text("disclosure.review.rule", lang, version=VERSION, minimum=MINIMUM,
                                   sign=present.Hidden().text(lang)))
    for name in names:
        policy = policies().get(name)
        table = text(f"excel.sheet.{name}", lang)
        if not policy.protected:
            html += present.paragraph(text("disclosure.review.exempt", lang, table=table,
                                           reason=text(policy.exempt, lang)))
        else:
            html += present.paragraph(text("disclosure.review.protected", lang, table=table, minimum=policy.minimum,
                                           columns=", ".join(policy.people),
                                           computed=", ".join(c for c, _ in policy.computed_from) or "–"))
    if protection is None:
        return html
    headers = [text(f"disclosure.review.{c}", lang) for c in ("year", "table", "row", "column", "kind", "value",
                                                               "low", "high", "required")]
    if protection.reason is not None:
        html += present.paragraph(text("disclosure.review.as_published", lang, year=protection.year,
                                       reason=protection.reason.get(lang) or next(iter(protection.reason.values()))))
        values = _values(history_of(prepared))
        rows = [[str(protection.year), t, r, c, text(f"disclosure.review.kind_{kind}", lang),
                 _number(values.get((t, r, c))), "", "", ""]
                for (t, r, c), kind in protection.at_risk.items() if t in names]
        html += present.table(text("disclosure.review.at_risk", lang, count=len(rows)), headers, rows,
                              numeric_from=5, css="review") if rows else \
            present.paragraph(text("disclosure.review.at_risk_none", lang))
    proof = protection.proof or {"ok": True, "cells": []}
    intervals = {(c["year"], c["table"], c["row"], c["column"]): c for c in proof.get("cells", [])}
    rows = []
    frames = {y: _values(f) for y, f in _frames(prepared).items()}
    for year in sorted(protection.hidden):
        for (t, r, c), kind in protection.hidden[year].items():
            if t not in names:
                continue
            found = intervals.get((year, t, r, c), {})
            rows.append([str(year), t, r, c, text(f"disclosure.review.kind_{kind}", lang),
                         _number(frames.get(year, {}).get((t, r, c))), _number(found.get("low")),
                         text("disclosure.review.unbounded", lang) if found and found.get("high") is None
                         else _number(found.get("high")), _number(found.get("required"))])
    if rows:
        html += present.table(text("disclosure.review.hidden", lang, count=len(rows)), headers, rows,
                              numeric_from=5, css="review")
    else:
        html += present.paragraph(text("disclosure.review.none", lang))
    narrowest = proof.get("narrowest")
    key = "disclosure.review.proof_ok" if proof.get("ok", True) else "disclosure.review.proof_failed"
    where = "" if not narrowest else f"{narrowest['table']} {narrowest['row']} {narrowest['column']} " \
                                     f"({narrowest['year']}): {_number(narrowest['low'])}–" + \
                                     (_number(narrowest["high"]) if narrowest.get("high") is not None
                                      else text("disclosure.review.unbounded", lang))
    html += present.paragraph(text(key, lang, narrowest=where or "–"))
    if chapter == "trends" and protection.indicators:
        html += present.paragraph(text("disclosure.review.indicators", lang, indicators=", ".join(
            f"{text(f'trend.{code}', lang)} {year}" for year, code in sorted(protection.indicators))))
    return html


def history_of(prepared) -> pd.DataFrame:
    """The prepared year's own figures (long table), as the rule sees them."""
    from figures.history import computed_figures

    return computed_figures(prepared.year, prepared.tables)


def _frames(prepared) -> dict[int, pd.DataFrame]:
    from figures.history import COMPUTED

    frames = {}
    if prepared.history is not None and not prepared.history.empty:
        computed = prepared.history[prepared.history["source"] == COMPUTED]
        frames = {int(y): part for y, part in computed.groupby("year")}
    frames[prepared.year] = history_of(prepared)
    return frames
