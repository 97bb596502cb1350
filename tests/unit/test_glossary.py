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
