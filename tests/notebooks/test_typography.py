"""Typography of every text a reader sees (issue 17), read from the outputs themselves: the HTML's text and
its images' text alternatives, the text of its charts (the SVGs' <text>), the PDF's text and the Excel cells,
against each language's rules:

- French (Lexique des règles typographiques de l'Imprimerie nationale): U+00A0 before ":" and "%", U+202F
  before ";", "?", "!" and inside « »; the PDF's extracted text keeps no distinction between spaces, so there
  a space must be there at all;
- German: „…“ quotes, never straight or English ones;
- one apostrophe, ’, in every language: never a straight one;
- no word broken at a hyphen that is not in the word (the PDF has no automatic hyphenation);
- a day never parted from its month ("21." at a line's end, "Juli" on the next): a no-break space.
"""

from __future__ import annotations

import base64
import html as htmllib
import re

import pytest

from render_support import LANGS, pdf_text

NBSP, NNBSP = "\u00a0", "\u202f"


def _html_texts(path) -> list[str]:
    """The HTML's visible text, its alt texts and its charts' texts."""
    page = path.read_text(encoding="utf-8")
    found = []
    for uri in re.findall(r'data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)', page):
        svg = base64.b64decode(uri).decode("utf-8")
        found += [htmllib.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
        found += [htmllib.unescape(t) for t in re.findall(r"<(?:title|desc)>(.*?)</(?:title|desc)>", svg, re.S)]
    found += [htmllib.unescape(a) for a in re.findall(r'\balt="([^"]*)"', page)]
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    body = re.sub(r"base64,[A-Za-z0-9+/=]+", "", body)
    found += [htmllib.unescape(t) for t in re.split(r"<[^>]+>", body) if t.strip()]
    return found


def _excel_texts(path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [v for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def french_problems(texts: list[str]) -> list[str]:
    rules = [(r"(?<!\u00a0):(?=\s)", "no U+00A0 before ':'"),
             (r"(?<=\d)(?:[ \u202f]?)%|(?<=\d)%", "no U+00A0 before '%'"),
             (r"(?<![\u202f])[;?!](?=\s|$)", "no U+202F before ';', '?' or '!'"),
             (r"«(?!\u202f)|(?<!\u202f)»", "no U+202F inside « »")]
    found = []
    for value in texts:
        for pattern, what in rules:
            for match in re.finditer(pattern, value):
                if pattern.startswith("(?<=\\d)") and value[max(0, match.start() - 1):match.start()] == NBSP:
                    continue
                found.append(f"{what}: …{value[max(0, match.start() - 25):match.end() + 10]}…")
    return found


def quote_problems(texts: list[str], lang: str) -> list[str]:
    found = [f"straight apostrophe: {v[:60]!r}" for v in texts if "'" in v]
    if lang == "de":
        found += [f"not a German quote: {v[:60]!r}" for v in texts if '"' in v or "”" in v or "«" in v]
    return found


# A day and its month, parted by a plain space (a line may end between them: "20." then "Juli").
MONTHS = {"nl": "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
          "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
          "de": "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember",
          "en": "January|February|March|April|May|June|July|August|September|October|November|December"}


def day_month_problems(texts: list[str], lang: str) -> list[str]:
    pattern = re.compile(rf"\b\d{{1,2}}(?:\.|er)? (?:{MONTHS[lang]})\b|\b(?:{MONTHS[lang]}) \d{{1,2}}\b", re.I)
    return [f"a day parted from its month: {m.group(0)!r}" for v in texts for m in pattern.finditer(v)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_reader_html_and_workbook_follow_the_language_typography(report, lang):
    texts = _html_texts(report.folder(lang) / f"figures-2025-{lang}.html")
    texts += _excel_texts(report.folder(lang) / f"figures-2025-{lang}.xlsx")
    problems = quote_problems(texts, lang) + (french_problems(texts) if lang == "fr" else []) \
        + day_month_problems(texts, lang)
    assert problems == []


def test_the_french_pdf_has_its_spaces(report):
    text = pdf_text(report.folder("fr") / "figures-2025-fr.pdf")
    missing = [m.group(0) for m in re.finditer(r"[^\W\d]:(?=\s)|\w[;?!](?=\s)|\d%|\w»|«\w", text)]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_word_is_broken_at_a_hyphen_that_is_not_in_it(report, lang):
    html = " ".join(_html_texts(report.folder(lang) / f"figures-2025-{lang}.html"))
    lines = pdf_text(report.folder(lang) / f"figures-2025-{lang}.pdf").splitlines()
    broken = []
    for line, after in zip(lines, lines[1:]):
        end, start = re.search(r"([\w’]+)-$", line.rstrip()), re.match(r"\s*([\w’]+)", after)
        if end and start and f"{end.group(1)}-{start.group(1)}" not in html:
            broken.append(f"{end.group(1)}-/{start.group(1)}")
    assert broken == []
