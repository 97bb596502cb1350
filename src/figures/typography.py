"""One kind of apostrophe and quote per language, also in the names that come from the data.

Clerks type straight quotes (`'`, `"`); the report prints the typographic ones of its language:
French ’ and « » (with no-break spaces inside), Dutch and English ’ and “ ”, German ’ and „ “.
The catalogues are written that way already; `typeset` brings the data's labels in line.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
# (opening, closing) double quotes per language.
QUOTES = {"fr": ("«" + NBSP, NBSP + "»"), "nl": ("“", "”"), "en": ("“", "”"), "de": ("„", "“")}
APOSTROPHE = "’"
# A pair of straight or typographic double quotes of any language around a short text.
_QUOTED = re.compile(r'(?:"|“|„|«\s*)([^"“”„«»]+?)(?:"|”|“|\s*»)')


def typeset(value: str, lang: str) -> str:
    """`value` with its quotes and apostrophes as `lang` prints them:
    typeset('"Belgium Pub" in Milaan', 'fr') -> '« Belgium Pub » in Milaan'; "d'État" -> "d’État"."""
    if not isinstance(value, str) or not value:
        return value
    opening, closing = QUOTES[lang]
    value = _QUOTED.sub(lambda m: opening + m.group(1).strip() + closing, value)
    return value.replace("'", APOSTROPHE)
