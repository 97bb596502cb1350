"""The names a reader sees for the codes in the tables, in the report's language.

Codes (levels, bands, bodies, text types, languages) are named by the
catalogues; budget lines and subsidies carry their own labels in the data
(`label_<lang>`, `activity_<lang>`). An optional English label that is missing
falls back to Dutch, and the fallback is reported as a warning.
"""

from __future__ import annotations

import warnings

import pandas as pd

from figures.i18n import text
from figures.registry import TOTAL

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


def row_labels(frame: pd.DataFrame, key: str, stem: str, lang: str) -> list[str]:
    """The `<stem>_<lang>` label of every row, in file order, falling back to `<stem>_nl` with a
    warning that names the row by its `key` column."""
    column = f"{stem}_{lang}"
    fallback = frame[f"{stem}_{FALLBACK_LANG}"]
    labels = frame[column] if column in frame else pd.Series(pd.NA, index=frame.index)
    missing = labels.isna() | (labels.astype("string").str.strip() == "")
    for value in frame.loc[missing, key]:
        warnings.warn(text("warning.label_fallback", lang, stem=stem, key=value, lang=lang), LabelFallback,
                      stacklevel=2)
    return list(labels.where(~missing, fallback))


def data_labels(frame: pd.DataFrame, key: str, stem: str, lang: str) -> dict[str, str]:
    """`{key value: label}` for a `key` that is unique (a budget line's code); see `row_labels`."""
    return dict(zip(frame[key], row_labels(frame, key, stem, lang)))
