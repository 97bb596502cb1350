"""The names a reader sees for the codes in the tables, in the report's language.

Codes (levels, bands, bodies, text types, languages) are named by the
catalogues; budget lines and subsidies carry their own labels in the data
(`label_<lang>`, `activity_<lang>`, `beneficiary_<lang>`, `campaign_<lang>`). An optional
label that is missing in a language falls back to Dutch, and the fallback is reported as a
warning. Data labels are typeset in the report's language (quotes and apostrophes).
"""

from __future__ import annotations

import warnings

import pandas as pd

from figures.i18n import text
from figures.registry import TOTAL
from figures.typography import typeset

FALLBACK_LANG = "nl"


class LabelFallback(UserWarning):
    """A data label is missing in the report language; the Dutch one is used."""


def band(code: str, lang: str) -> str:
    return text("report.total", lang) if code == TOTAL else text("label.band", lang, band=code)


def level(code: str, lang: str) -> str:
    return text("report.total", lang) if code == TOTAL else text("label.level", lang, level=code)


def body(code: str, lang: str) -> str:
    return text(f"body.{code}", lang)


def text_type(code: str, lang: str) -> str:
    return text("report.total", lang) if code == TOTAL else text(f"label.text_type.{code}", lang)


def language(code: str, lang: str) -> str:
    return text(f"label.lang.{code}", lang)


def pair(source: str, target: str, lang: str) -> str:
    return text("label.pair", lang, source=language(source, lang), target=language(target, lang))


def total(lang: str) -> str:
    return text("report.total", lang)


def row_labels(frame: pd.DataFrame, key: str, stem: str, lang: str, dutch: str | None = None) -> list[str]:
    """The `<stem>_<lang>` label of every row, in file order, typeset for `lang`, falling back to the Dutch
    column (`dutch`, by default `<stem>_nl`) with a warning that names the row by its `key` column."""
    dutch = dutch or f"{stem}_{FALLBACK_LANG}"
    column = dutch if lang == FALLBACK_LANG else f"{stem}_{lang}"
    labels = frame[column] if column in frame else pd.Series(pd.NA, index=frame.index)
    missing = labels.isna() | (labels.astype("string").str.strip() == "")
    for value in frame.loc[missing, key]:
        warnings.warn(text("warning.label_fallback", lang, stem=stem, key=value, lang=lang), LabelFallback,
                      stacklevel=2)
    return [typeset(label, lang) for label in labels.where(~missing, frame[dutch])]


class RowLabels(list):
    """A table's row labels (what the published report names each row by) with, for a table whose rows
    are also named by another data column in the reader's language, those `names` (the subsidies'
    beneficiaries beside their activities)."""

    def __init__(self, labels, names=None):
        super().__init__(labels)
        self.names = list(names) if names is not None else None


def data_labels(frame: pd.DataFrame, key: str, stem: str, lang: str) -> dict[str, str]:
    """`{key value: label}` for a `key` that is unique (a budget line's code); see `row_labels`."""
    return dict(zip(frame[key], row_labels(frame, key, stem, lang)))
