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


def one_decimal(value, lang: str) -> str:
    """A share or a change in percent, always with one decimal, so that a column reads as one: 6,0 / 4,8."""
    return format_decimal(value, format="#,##0.0", locale=locale(lang))


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


def years(values, lang: str) -> str:
    """Years as a sentence lists them: "2023 en 2024", "2023 et 2024", "2023, 2024 and 2025"."""
    from babel.lists import format_list

    return format_list([str(y) for y in sorted(values)], locale=locale(lang))


def date(value: dt.date, lang: str) -> str:
    """The long date of the language, its day kept with its month ("3\u00a0december 2026")."""
    from figures.typography import keep_day_with_month

    return keep_day_with_month(format_date(value, format="long", locale=locale(lang)), lang)


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


# ---------------------------------------------------------------- a figure in a sentence

# How the printed report writes a large figure in a sentence ("bijna 1 miljoen woorden", "meer dan 150.000
# views", "meer dan 153 miljoen", "3,18 miljoen", "41 miljoen"): the fewest significant digits that stay
# close to the figure (within 1.5 % with one digit, 0.5 % with two; three digits always), millions in words,
# and "nearly" or "more than" when the rounded figure is above or below the exact one. Figures below
# 100,000 are written exactly, as the report does ("21.204 volledige views"). The exact figure is in the table.
EXACT_BELOW = 100_000
_TOLERANCE = {1: 0.015, 2: 0.005}


def rounded_for_text(value: float) -> float:
    """The figure as a sentence gives it (see above): 987_312 -> 1_000_000, 153_412_000 -> 153_000_000."""
    if value < EXACT_BELOW:
        return value
    magnitude = math.floor(math.log10(value))
    for digits in (1, 2, 3):
        step = 10 ** (magnitude - digits + 1)
        candidate = round(value / step) * step
        if digits == 3 or abs(candidate - value) <= _TOLERANCE[digits] * value:
            return candidate
    raise AssertionError("unreachable")


def in_words(value, lang: str) -> str:
    """A figure in a sentence of the report: "bijna 1 miljoen", "meer dan 150.000", "3,18 miljoen", "21.204"."""
    shown = rounded_for_text(value)
    if shown >= 1_000_000:
        millions = shown / 1_000_000
        millions = int(millions) if millions == int(millions) else round(millions, 2)
        # "1 million" / "3,18 millions" in French (singular below 2), "1 Million" / "1,5 Millionen" in German.
        form = Locale.parse(locale(lang)).plural_form(millions)
        figure = text("words.million" if form == "one" else "words.millions", lang, value=number(millions, lang))
    else:
        figure = number(int(shown) if shown == int(shown) else shown, lang)
    if shown > value:
        return text("words.nearly", lang, value=figure)
    if shown < value:
        return text("words.more_than", lang, value=figure)
    return figure
