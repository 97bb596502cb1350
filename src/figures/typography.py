"""One kind of apostrophe and quote per language, also in the names that come from the data.

Clerks type straight quotes (`'`, `"`); the report prints the typographic ones of its language:
French ’ and « » (with no-break spaces inside), Dutch and English ’ and “ ”, German ’ and „ “.
The catalogues are written that way already; `typeset` brings the data's labels in line.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"          # narrow no-break space
# (opening, closing) double quotes per language.
QUOTES = {"fr": ("«" + NNBSP, NNBSP + "»"), "nl": ("“", "”"), "en": ("“", "”"), "de": ("„", "“")}
APOSTROPHE = "’"
# A pair of straight or typographic double quotes of any language around a short text.
_QUOTED = re.compile(r'(?:"|“|„|«\s*)([^"“”„«»]+?)(?:"|”|“|\s*»)')


# A day and its month are not parted at a line's end ("20.|Juli" in a German label of a narrow column):
# a no-break space between them, as between a number and its unit.
MONTHS = {
    "nl": "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
    "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "de": "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember",
    "en": "January|February|March|April|May|June|July|August|September|October|November|December",
}
_DAY_MONTH = {lang: re.compile(rf"\b(\d{{1,2}}(?:\.|er)?) ({names})\b|\b({names}) (\d{{1,2}})\b", re.IGNORECASE)
              for lang, names in MONTHS.items()}


def typeset(value: str, lang: str) -> str:
    """`value` with its quotes and apostrophes as `lang` prints them, and a day kept with its month:
    typeset('"Belgium Pub" in Milaan', 'fr') -> '« Belgium Pub » in Milaan'; "d'État" -> "d’État";
    "am 21. Juli" -> "am 21.\u00a0Juli"."""
    if not isinstance(value, str) or not value:
        return value
    opening, closing = QUOTES[lang]
    value = _QUOTED.sub(lambda m: opening + m.group(1).strip() + closing, value)
    value = value.replace("'", APOSTROPHE)
    value = keep_day_with_month(value, lang)
    return french_spacing(value) if lang == "fr" else value


def keep_day_with_month(value: str, lang: str) -> str:
    """`value` with a no-break space between a day and its month ("21.\u00a0Juli", "July\u00a021")."""
    return _DAY_MONTH[lang].sub(lambda m: NBSP.join(g for g in m.groups() if g), value)


# French spacing (Lexique des règles typographiques en usage à l'Imprimerie nationale): a no-break space
# before ":" and "%", a narrow no-break space before ";", "?" and "!" and inside « ». A colon of a web
# address or a time ("https://", "10:30") is not punctuation and is left alone.
_BEFORE_COLON = re.compile(r"(?<=[^\s\d/])[ \u00a0\u202f]?:(?=\s|$)")
_BEFORE_PERCENT = re.compile(r"(?<=[\d}])[ \u00a0\u202f]?%")
_BEFORE_OTHER = re.compile(r"(?:(?<=[^\s(\[])|^)[ \u00a0\u202f]?([;?!])(?=\s|$|\))")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]?")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]?»")


def french_spacing(value: str) -> str:
    """`value` with the spaces French puts before its high punctuation and inside its quotes:
    "Osaka: quatre vidéos (+5 %) ; « Belgium Pub »" -> with U+00A0 before ":" and "%", U+202F before ";"
    and inside « »."""
    if not value:
        return value
    value = _BEFORE_COLON.sub(NBSP + ":", value)
    value = _BEFORE_PERCENT.sub(NBSP + "%", value)
    value = _BEFORE_OTHER.sub(lambda m: NNBSP + m.group(1), value)
    value = _AFTER_OPENING.sub("«" + NNBSP, value)
    return _BEFORE_CLOSING.sub(NNBSP + "»", value)
