"""docs/glossary.md names every body, chapter, text type, language and campaign measure and channel as the
catalogues do."""

from pathlib import Path

import pytest

from figures import reference as config
from figures.chapters import campaigns
from figures.i18n import LANGUAGES, text
from figures.registry import REGISTRY

GLOSSARY = (Path(__file__).resolve().parents[2] / "docs" / "glossary.md").read_text(encoding="utf-8")
KEYS = ([f"body.{b.code}" for b in config.bodies()]
        + [f"chapter.{c.name}" for c in REGISTRY.chapters]
        + [f"label.measure.{m}" for m in campaigns.MEASURES] + [f"label.channel.{c}" for c in campaigns.CHANNELS]
        + [f"label.text_type.{t}" for t in ("legal", "political", "general")]
        + [f"label.lang.{code}" for code in ("nl", "fr", "de", "en")])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_holds_every_catalogue_name(lang):
    missing = [key for key in KEYS if f"| {text(key, lang)} |" not in GLOSSARY]
    assert not missing, f"docs/glossary.md lacks the {lang} names of {missing}"


def test_official_names_from_the_contract():
    # As DATA_CONTRACT.md names them (NL / FR).
    assert text("body.cciv", "nl") == "Coördinatiecomité voor Inlichting en Veiligheid"
    assert text("body.cciv", "fr") == "Comité de coordination du renseignement et de la sécurité"
    assert text("body.cov", "fr") == "Commission des marchés publics"
    assert text("body.sectorcomite_i", "fr") == "Comité de secteur I"


# The words docs/glossary.md's "Terms" table rules out, per language: never in a reader's text.
AVOIDED = {"de": [r"\bKredit"], "en": [r"\bcredits?\b", r"[Tt]rade-union premiums"],
           "fr": [r"\bdestination\b", r"\bpar genre\b", r"\bGenre\b"]}


@pytest.mark.parametrize("lang", sorted(AVOIDED))
def test_the_catalogue_uses_the_glossary_terms(lang):
    import re

    import yaml

    from figures.i18n import CATALOGUE_DIR

    def texts(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from texts(value)
        elif isinstance(node, str):
            yield node

    catalogue = yaml.safe_load((CATALOGUE_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
    found = [(pattern, t) for t in texts(catalogue) for pattern in AVOIDED[lang] if re.search(pattern, t)]
    assert found == []
    assert "| budget appropriations |" in GLOSSARY
