"""Numbers, money, percentages and dates in the report's language, formatted by Babel.

The locale and the money patterns of each language are catalogue entries
(`format.*`), so the conventions live with the language, not in code:
nl 4.639.816 €, fr 4 639 816 €, en €4,639,816.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from figures.i18n import text


def locale(lang: str) -> str:
    return text("format.locale", lang)


def number(value, lang: str) -> str:
    """A count or a quantity (halves of days keep their decimal): 987.312 / 987 312 / 987,312."""
    return _number(type(value), value, locale(lang))


def money(value, lang: str) -> str:
    """An amount in euro; cents are shown only when there are any."""
    cents = not math.isclose(value, round(value), abs_tol=1e-9)
    pattern = text("format.money_cents" if cents else "format.money", lang)
    return _money(type(value), value, pattern, locale(lang))


# A chart's axis formats the same tick values at every layout (thousands of calls a render): Babel's
# answer is kept, per type and value (1 and 1.0 are equal keys, not always the same text) and locale.
@functools.lru_cache(maxsize=4096)
def _number(kind: type, value, locale_name: str) -> str:
    return format_decimal(value, locale=locale_name)


@functools.lru_cache(maxsize=4096)
def _money(kind: type, value, pattern: str, locale_name: str) -> str:
    return format_currency(value, "EUR", format=pattern, locale=locale_name, currency_digits=False)


def percent(value: int, lang: str) -> str:
    """A whole percentage given as a number of percent (17 -> 17% / 17 %)."""
    return format_percent(value / 100, locale=locale(lang))


def date(value: dt.date, lang: str) -> str:
    return format_date(value, format="long", locale=locale(lang))


# Excel number formats are written with "," and "." and shown with the separators of the
# reader's own Excel; what differs per language is where the symbol goes.
COUNT_FORMAT, DAYS_FORMAT = "#,##0", "#,##0.0"


def _excel_literal(symbol: str) -> str:
    return '"' + symbol.replace("\u00a0", " ").replace("\u202f", " ") + '"'


def excel_format(kind: str, lang: str) -> str:
    """The Excel number format of a column kind: `count`, `days`, `money`, `money_cents` (from the
    language's Babel money pattern: 4.639.816 € -> '#,##0 "€"', €4,639,816 -> '"€"#,##0'), or `percent`
    for whole percent numbers (17 -> 17% / 17 %, from the locale's percent pattern)."""
    if kind == "count":
        return COUNT_FORMAT
    if kind == "days":
        return DAYS_FORMAT
    if kind in ("money", "money_cents"):
        return _money_excel(text(f"format.{kind}", lang))
    if kind == "percent":
        pattern = Locale.parse(locale(lang)).percent_formats[None].pattern
        suffix = pattern[pattern.index("0") + 1:]
        return "0" + _excel_literal(suffix)
    raise ValueError(kind)


def excel_fraction_format(lang: str, decimals: int = 0, signed: bool = False) -> str:
    """The Excel format of a percentage stored as a fraction (0.39 -> 39% / 39 %), with `decimals`, and with
    its sign (+9.1% / -4.3%) for a change."""
    pattern = Locale.parse(locale(lang)).percent_formats[None].pattern
    space = '" "' if pattern[pattern.index("0") + 1:pattern.index("%")].strip() == "" and \
        pattern.index("%") > pattern.index("0") + 1 else ""
    number = "0" + ("." + "0" * decimals if decimals else "") + space + "%"
    return signed_format(number) if signed else number


def signed_format(number_format: str) -> str:
    """A number format that shows the sign of a change: +33 / -2 / 0."""
    return f"+{number_format};-{number_format};{number_format}"


def _money_excel(pattern: str) -> str:
    """'#,##0 ¤' -> '#,##0 "€"'; '¤#,##0.00' -> '"€"#,##0.00'."""
    number = re.search(r"[#0,.]+", pattern).group(0)
    before, after = pattern.split(number, 1)
    prefix = _excel_literal(before.replace("¤", "€")) if before else ""
    suffix = (" " if after[:1].isspace() else "") + _excel_literal(after.replace("¤", "€").lstrip()) if after else ""
    return prefix + number + suffix
