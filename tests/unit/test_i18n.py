"""The three catalogues (nl, fr, en) agree on keys and placeholders; formats follow each language."""

import string

import pytest

from figures import i18n
from figures.i18n import MissingTranslation, catalogue, formats, text

LANGUAGES = ("nl", "fr", "de", "en")
OTHERS = [lang for lang in LANGUAGES if lang != "en"]
EXCEL_FORBIDDEN = set('[]:*?/\\')


def placeholders(template: str) -> set[str]:
    """The `{name}` fields of a template (as str.format sees them)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def plain_spaces(value: str) -> str:
    """Babel separates thousands (and the currency) with narrow or ordinary no-break spaces in French."""
    return value.replace("\u202f", " ").replace("\u00a0", " ")


def test_languages_are_the_three_catalogues():
    assert set(i18n.LANGUAGES) == set(LANGUAGES)


@pytest.mark.parametrize("lang", OTHERS)
def test_same_keys_as_english(lang):
    english, other = set(catalogue("en")), set(catalogue(lang))
    missing, extra = sorted(english - other), sorted(other - english)
    assert other == english, f"{lang}.yaml: missing keys {missing}; keys not in en.yaml {extra}"


def test_same_keys_in_all_catalogues():
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    every = set().union(*keys.values())
    gaps = {lang: sorted(every - found) for lang, found in keys.items() if every - found}
    assert not gaps, f"keys missing per language: {gaps}"


def test_no_catalogue_is_empty():
    for lang in LANGUAGES:
        assert catalogue(lang), lang
        assert all(value.strip() for value in catalogue(lang).values()), lang


@pytest.mark.parametrize("lang", OTHERS)
def test_same_placeholders_as_english(lang):
    english, other = catalogue("en"), catalogue(lang)
    wrong = {
        key: (sorted(placeholders(template)), sorted(placeholders(other[key])))
        for key, template in english.items()
        if key in other and placeholders(template) != placeholders(other[key])
    }
    assert not wrong, f"{lang}.yaml: placeholders differ from en.yaml (en, {lang}): {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_can_be_filled(lang):
    """Each template formats with its own placeholders: no stray or unbalanced braces."""
    for key, template in catalogue(lang).items():
        params = {name: "x" for name in placeholders(template)}
        try:
            template.format(**params)
        except (KeyError, IndexError, ValueError) as error:  # pragma: no cover - message only
            pytest.fail(f"{lang}.yaml {key}: {error!r}")


def test_missing_key_names_key_and_language():
    with pytest.raises(MissingTranslation) as caught:
        text("nope.nope", "nl")
    message = str(caught.value)
    assert "nope.nope" in message
    assert "nl" in message
    assert caught.value.key == "nope.nope"
    assert caught.value.lang == "nl"


def test_unknown_language_is_missing_translation():
    with pytest.raises(MissingTranslation) as caught:
        text("report.total", "xx")
    assert "xx" in str(caught.value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_excel_sheet_names_are_valid_and_distinct(lang):
    sheets = {key: value for key, value in catalogue(lang).items() if key.startswith("excel.sheet.")}
    assert sheets, f"{lang}: no excel.sheet.* entries"
    for key, name in sheets.items():
        assert 0 < len(name) <= 31, f"{lang} {key}: {name!r} has {len(name)} characters (Excel allows 31)"
        bad = sorted(EXCEL_FORBIDDEN & set(name))
        assert not bad, f"{lang} {key}: {name!r} contains {bad}"
        assert name.strip("'") == name, f"{lang} {key}: {name!r} starts or ends with an apostrophe"
    lowered = [name.casefold() for name in sheets.values()]  # Excel compares sheet names without case
    assert len(set(lowered)) == len(lowered), f"{lang}: duplicate sheet names {sorted(sheets.values())}"


def test_fixed_entries():
    for lang in LANGUAGES:
        assert text("report.none", lang) == "/"
    assert text("report.title", "nl", year=2025) == "Cijfers 2025"
    assert text("report.title", "fr", year=2025) == "Chiffres 2025"
    assert text("label.band", "nl", band="19-29") == "19-29 jaar"
    assert text("label.band", "fr", band="19-29") == "19-29 ans"
    assert text("label.level", "nl", level="A") == "Niveau A"
    assert text("label.level", "fr", level="A") == "Niveau A"
    assert text("format.locale", "nl") == "nl_BE"
    assert text("format.locale", "fr") == "fr_BE"


def test_money():
    assert formats.money(4639816, "nl") == "4.639.816 €"
    assert plain_spaces(formats.money(4639816, "fr")) == "4 639 816 €"
    assert formats.money(4639816, "fr") == "4\u202f639\u202f816 €"  # Babel 2.19, fr_BE: the space before € comes from the pattern
    assert formats.money(4639816, "en") == "€4,639,816"
    assert formats.money(12.5, "nl") == "12,50 €"
    assert plain_spaces(formats.money(12.5, "fr")) == "12,50 €"


def test_number():
    assert formats.number(987312, "nl") == "987.312"
    assert plain_spaces(formats.number(987312, "fr")) == "987 312"
    assert formats.number(987312, "en") == "987,312"


def test_percent():
    assert formats.percent(17, "nl") == "17%"
    assert plain_spaces(formats.percent(17, "fr")) == "17 %"
    assert formats.percent(17, "en") == "17%"


def test_excel_formats():
    assert formats.excel_format("money", "nl") == '#,##0 "€"'
    assert formats.excel_format("money_cents", "fr") == '#,##0.00 "€"'
    assert formats.excel_format("percent", "nl") == '0"%"'
    assert formats.excel_format("percent", "fr") == '0" %"'
    for lang in LANGUAGES:
        assert formats.excel_format("count", lang) == "#,##0"
        assert formats.excel_format("days", lang) == "#,##0.0"


def test_missing_keys_are_listed_by_name(tmp_path, monkeypatch):
    import shutil

    import figures.i18n as i18n

    for lang in i18n.LANGUAGES:
        shutil.copy(i18n.CATALOGUE_DIR / f"{lang}.yaml", tmp_path / f"{lang}.yaml")
    fr = (tmp_path / "fr.yaml").read_text(encoding="utf-8")
    (tmp_path / "fr.yaml").write_text(fr.replace('  cov: "Commission des marchés publics"\n', ""), encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.missing_keys("fr") == ["body.cov"]
        assert i18n.missing_keys("nl") == []
        with pytest.raises(i18n.IncompleteCatalogue, match="body.cov"):
            i18n.check_complete("fr")
    finally:
        i18n.catalogue.cache_clear()
