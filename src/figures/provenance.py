"""Where each year's figures come from, so that the reader's documents can say it where a figure is shown.

A year is one of:
- `workbooks`: computed from the service's own workbooks, as received (any year not declared otherwise);
- `published`: taken from a published annual report (`data/reference/published/<year>.yaml`), no workbooks;
- `sample`: invented sample data, not the service's figures (the demonstration years);
- `sample_of_published`: synthetic workbooks made to give the figures of the published report: the
  figures are real, the rows they are computed from are not.

The declarations are in `data/reference/provenance.yaml`; a year with only published figures is
`published` without being declared.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

FILE = "provenance.yaml"
WORKBOOKS, PUBLISHED, SAMPLE, SAMPLE_OF_PUBLISHED = "workbooks", "published", "sample", "sample_of_published"
KINDS = (WORKBOOKS, PUBLISHED, SAMPLE, SAMPLE_OF_PUBLISHED)


class ProvenanceError(ValueError):
    """The declarations file is not as documented: one sentence naming the file and the entry."""


def declared(reference_dir: Path) -> dict[int, str]:
    """The kinds declared in `reference_dir/provenance.yaml` ({} when there is no such file)."""
    path = Path(reference_dir) / FILE
    if not os.path.lexists(path):
        return {}
    from figures import safe_yaml

    data = safe_yaml.load(path) or {}
    years = data.get("years") or {}
    if not isinstance(years, dict):
        raise ProvenanceError(f"{path}: expected `years:` followed by one `<year>: <kind>` per line")
    found = {}
    for year, kind in years.items():
        if not str(year).isdigit() or kind not in KINDS:
            raise ProvenanceError(f"{path}: found {year}: {kind}; expected a year and one of {', '.join(KINDS)}")
        found[int(year)] = kind
    return found


def of_years(years, history: pd.DataFrame | None, reference_dir: Path) -> dict[int, str]:
    """The kind of each of `years`: as declared, else `published` for a year whose figures come only from
    its published report (history's `source`), else `workbooks`."""
    kinds = declared(reference_dir)
    out = {}
    for year in sorted(set(int(y) for y in years)):
        if year in kinds:
            out[year] = kinds[year]
            continue
        sources = set() if history is None or history.empty else \
            set(history.loc[history["year"] == year, "source"])
        out[year] = PUBLISHED if sources == {"published"} else WORKBOOKS
    return out


def samples(kinds: dict[int, str], years=None) -> list[int]:
    """The years of `kinds` (among `years`, when given) whose figures are invented."""
    return sorted(y for y, k in kinds.items() if k == SAMPLE and (years is None or y in years))


def table_notice(prepared, name: str, lang: str, kinds: dict[int, str]) -> str | None:
    """The notice under the reader's table `name` when a year it shows (the year, and the year before when
    the table is compared with it) is sample data; None otherwise."""
    from figures import present
    from figures.i18n import formats, text
    from figures.registry import REGISTRY

    shown = [prepared.year]
    if present.compared(REGISTRY.tables[name], prepared.comparison(lang)):
        shown.append(prepared.year - 1)
    years = samples(kinds, shown)
    return text("provenance.table", lang, years=formats.years(years, lang)) if years else None


def printed_notice(year: int, name: str, lang: str, kinds: dict[int, str], reconciliation) -> str | None:
    """For a year of synthetic workbooks made to give the published figures (`sample_of_published`), the
    notice under the table `name` when the published report does not give its figures of that year, or gives
    some only rounded or as a minimum (the workbooks then hold an invented exact value within the bounds);
    None when every figure of the table is the report's, or for any other kind of year. `reconciliation`: the
    year's figures against the published report (figures.pipeline.Reconciliation; None when unpublished)."""
    from figures.i18n import text

    key = _printed_key(year, name, kinds, reconciliation)
    return text(key, lang, year=year) if key else None


def _printed_key(year: int, name: str, kinds: dict[int, str], reconciliation) -> str | None:
    """The catalogue key of `printed_notice` (None: nothing to say)."""
    from figures.reconcile import APPROXIMATE

    if kinds.get(year) != SAMPLE_OF_PUBLISHED or reconciliation is None:
        return None
    statuses = set(reconciliation.result.loc[reconciliation.result["table"] == name, "status"])
    if not statuses:
        return "provenance.not_printed"
    if APPROXIMATE not in statuses:
        return None
    return "provenance.only_rounded" if statuses == {APPROXIMATE} else "provenance.rounded"


def invented_in_trends(year: int, lang: str, kinds: dict[int, str], reconciliation, tables) -> str | None:
    """Under the trends: their figures of `year` come from the tables, so one the report does not give, or
    gives only rounded, is invented there too (said when a table of `tables` has such a figure)."""
    from figures.i18n import text

    if any(_printed_key(year, name, kinds, reconciliation) for name in tables):
        return text("provenance.trends", lang, year=year)
    return None

