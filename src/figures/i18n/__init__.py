"""Language catalogues: every piece of user-facing text, one YAML file per language.

Keys are dotted paths (`body.ministerraad`, `problem.missing_file`). A key that
is missing in the asked language is an error naming the key and the language:
a report is never rendered half in another language.
"""

from __future__ import annotations

import os
import re
import string
from functools import lru_cache
from pathlib import Path

import yaml

# libyaml's parser when PyYAML has it (the same safe loading, several times faster), else PyYAML's own.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The catalogues shipped with the package: the code is written against the Dutch one's keys and placeholders.
PACKAGE_CATALOGUES = Path(__file__).resolve().parent
# FIGURES_CATALOGUES points to another folder of catalogues (a translator's working copy).
CATALOGUE_DIR = Path(os.environ.get("FIGURES_CATALOGUES") or PACKAGE_CATALOGUES)
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


class CatalogueError(Exception):
    """A catalogue that cannot be used (not plain YAML, a placeholder the code does not fill): one sentence
    naming the file and the key, in the words of the package's own catalogues (the broken one may be the
    very one the message would come from)."""

    def __init__(self, message):
        super().__init__(message.key)
        self.message = message

    def render(self, lang: str) -> str:
        return _builtin_render(self.message, lang)

    def line(self, lang: str) -> str:
        """The command's one line: `error: <the sentence>`."""
        return f"{_builtin_text('cli.error', lang)}: {self.render(lang)}"

    def __str__(self) -> str:
        return self.render(DEFAULT_LANG)


@lru_cache(maxsize=None)
def _builtin(lang: str) -> dict[str, str]:
    """The package's own catalogue of `lang`, as it is (the messages about a broken catalogue come from it)."""
    from figures import safe_yaml
    from figures.safe_files import FileRefused

    try:
        tree = safe_yaml.load(PACKAGE_CATALOGUES / f"{lang if lang in LANGUAGES else DEFAULT_LANG}.yaml")
    except FileRefused:
        return {}
    return _french(lang, _flatten(tree) if isinstance(tree, dict) else {})


def _french(lang: str, entries: dict[str, str]) -> dict[str, str]:
    """The spaces of French punctuation, whatever the translator typed."""
    if lang != "fr":
        return entries
    from figures.typography import french_spacing

    return {k: v if k.startswith("format.") else french_spacing(v) for k, v in entries.items()}


def _builtin_text(key: str, lang: str, **params) -> str:
    try:
        return _builtin(lang)[key].format(**params)
    except Exception:       # the package's catalogue itself broken: the key and its values, unadorned
        return " ".join([key] + [str(v) for v in params.values()])


def _builtin_render(message, lang: str) -> str:
    params = {k: _builtin_render(v, lang) if hasattr(v, "params") else v for k, v in message.params}
    return _builtin_text(message.key, lang, **params)


def placeholders(template: str) -> set[str]:
    """The names of a text's `{placeholders}`; ValueError when its braces do not pair."""
    return {re.split(r"[.\[!:]", name, maxsplit=1)[0] for _, name, _, _ in string.Formatter().parse(template)
            if name is not None}


def _check_placeholders(entries: dict[str, str], path: Path) -> None:
    """Every text's placeholders are among those of the Dutch catalogue's text of the same key (the code
    fills those): a translation with `{jaar}` for `{year}` is refused when it is read, naming the key."""
    from figures.problems import msg

    reference = _builtin("nl")
    for key, template in entries.items():
        try:
            names = placeholders(template)
        except ValueError as error:
            raise CatalogueError(msg("harden.catalogue.braces", path=str(path), entry=key, reason=str(error))) from None
        if key not in reference:
            continue
        known = placeholders(reference[key])
        unknown = sorted(names - known)
        if unknown:
            raise CatalogueError(msg("harden.catalogue.placeholder", path=str(path), entry=key,
                                     placeholder="{" + unknown[0] + "}",
                                     known=", ".join("{" + n + "}" for n in sorted(known)) or "-"))


def _read_catalogue(path: Path) -> dict[str, str]:
    """A catalogue file, flattened: plain YAML of bounded size (figures.safe_yaml), a mapping of texts."""
    from figures import safe_yaml
    from figures.problems import msg
    from figures.safe_files import FileRefused

    try:
        tree = safe_yaml.load(path)
    except FileRefused as refused:
        raise CatalogueError(refused.message) from None
    if tree is None:
        tree = {}
    if not isinstance(tree, dict):
        raise CatalogueError(msg("harden.catalogue.not_mapping", path=str(path)))
    return _flatten(tree)


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All keys of one language, flattened to dotted keys; checked against the Dutch catalogue's
    placeholders (CatalogueError)."""
    path = CATALOGUE_DIR / f"{lang}.yaml"
    if lang not in LANGUAGES or not os.path.lexists(path):
        raise MissingTranslation("*", lang)
    entries = _read_catalogue(path)
    _check_placeholders(entries, path)
    return _french(lang, entries)


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
