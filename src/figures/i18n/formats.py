"""Numbers, money, percentages and dates in the report's language, formatted by Babel.

The locale and the money patterns of each language are catalogue entries
(`format.*`), so the conventions live with the language, not in code:
nl 4.639.816 €, fr 4 639 816 €, en €4,639,816.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from figures.i18n import text


def locale(lang: str) -> str:
    return text("format.locale", lang)


def number(value, lang: str) -> str:
    """A count or a quantity (halves of days keep their decimal): 987.312 / 987 312 / 987,312."""
    return format_decimal(value, locale=locale(lang))


def money(value, lang: str) -> str:
    """An amount in euro; cents are shown only when there are any."""
    cents = not math.isclose(value, round(value), abs_tol=1e-9)
    pattern = text("format.money_cents" if cents else "format.money", lang)
    return format_currency(value, "EUR", format=pattern, locale=locale(lang), currency_digits=False)


def percent(value: int, lang: str) -> str:
    """A whole percentage given as a number of percent (17 -> 17% / 17 %)."""
    return format_percent(value / 100, locale=locale(lang))


def date(value: dt.date, lang: str) -> str:
    return format_date(value, format="long", locale=locale(lang))


def excel_format(kind: str, lang: str) -> str:
    """The Excel number format of a column kind (`count`, `money`, `percent`, `days`)."""
    return text(f"format.excel_{kind}", lang)
