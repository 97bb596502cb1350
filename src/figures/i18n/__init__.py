"""Language catalogues: every piece of user-facing text, one YAML file per language.

Keys are dotted paths (`body.ministerraad`, `problem.missing_file`). A key that
is missing in the asked language is an error naming the key and the language:
a report is never rendered half in another language.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

# libyaml's parser when PyYAML has it (the same safe loading, several times faster), else PyYAML's own.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# FIGURES_CATALOGUES points to another folder of catalogues (a translator's working copy).
CATALOGUE_DIR = Path(os.environ.get("FIGURES_CATALOGUES") or Path(__file__).resolve().parent)
LANGUAGES = ("nl", "fr", "de", "en")
# The language of the command line's own messages unless --lang says otherwise.
DEFAULT_LANG = "en"
# The languages the services write in: the templates' instructions and the annotated copies of their
# workbooks say everything in both, unless a language is named.
CLERK_LANGS = ("nl", "fr")


class MissingTranslation(KeyError):
    """A catalogue lacks a key (or the language has no catalogue)."""

    def __init__(self, key: str, lang: str):
        super().__init__(key)
        self.key = key
        self.lang = lang

    def __str__(self) -> str:
        return f"no text for key '{self.key}' in the '{self.lang}' catalogue ({CATALOGUE_DIR / (self.lang + '.yaml')})"


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = str(value)
    return flat


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All keys of one language, flattened to dotted keys."""
    path = CATALOGUE_DIR / f"{lang}.yaml"
    if not path.is_file():
        raise MissingTranslation("*", lang)
    with open(path, encoding="utf-8") as handle:
        entries = _flatten(yaml.load(handle, Loader=YAML_LOADER) or {})
    if lang == "fr":    # the spaces of French punctuation, whatever the translator typed
        from figures.typography import french_spacing

        entries = {k: v if k.startswith("format.") else french_spacing(v) for k, v in entries.items()}
    return entries


def unsupported(lang: str, message_lang: str) -> str:
    """The one line that refuses a report language without a catalogue, naming the supported ones."""
    return text("cli.bad_lang", message_lang, lang=lang, langs=", ".join(LANGUAGES))


def text(key: str, lang: str, /, **params) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`."""
    entries = catalogue(lang)
    if key not in entries:
        raise MissingTranslation(key, lang)
    template = entries[key]
    return template.format(**params) if params else template


def missing_keys(lang: str) -> list[str]:
    """The keys that another catalogue has and `lang`'s lacks (a render checks this before it starts)."""
    everything = set().union(*(catalogue(other) for other in LANGUAGES))
    return sorted(everything - set(catalogue(lang)))


class IncompleteCatalogue(MissingTranslation):
    """A catalogue lacks keys that the others have."""

    def __init__(self, lang: str, keys: list[str]):
        super().__init__(keys[0], lang)
        self.keys = keys

    def __str__(self) -> str:
        return (f"the '{self.lang}' catalogue ({CATALOGUE_DIR / (self.lang + '.yaml')}) has no text for "
                f"{len(self.keys)} keys: {', '.join(self.keys)}")


def check_complete(lang: str) -> None:
    """Raise IncompleteCatalogue naming every key `lang` lacks."""
    keys = missing_keys(lang)
    if keys:
        raise IncompleteCatalogue(lang, keys)


def has(key: str, lang: str) -> bool:
    return key in catalogue(lang)


class Translator:
    """`text` bound to one language, for code that writes a whole document."""

    def __init__(self, lang: str):
        if lang not in LANGUAGES:
            raise MissingTranslation("*", lang)
        self.lang = lang

    def __call__(self, key: str, **params) -> str:
        return text(key, self.lang, **params)
