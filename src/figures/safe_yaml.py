"""The project's YAML files read safely: a regular file of bounded size, plain YAML only.

The reference files, the published figures and the language catalogues use
mappings, lists, text and numbers, nothing else. A tag (`!!python/object`,
even `!!str`), an anchor or an alias is refused before anything is built:
no code can run, and an alias bomb (a few lines that expand to gigabytes)
cannot grow. Every refusal is `FileRefused`: one sentence naming the file
and the line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from figures.i18n import YAML_LOADER
from figures.problems import msg
from figures.safe_files import MAX_TEXT_BYTES, FileRefused, read_text


def load(path: Path | str, limit: int = MAX_TEXT_BYTES):
    """The content of the YAML file `path` (None when it is empty); FileRefused when it is not plain YAML."""
    return loads(read_text(path, limit), path)


def _line(mark) -> int:
    return mark.line + 1 if mark is not None else 1


def loads(text: str, path: Path | str):
    """The content of `text`, the YAML of `path` (named in a refusal)."""
    expected = msg("harden.expected.plain_yaml")
    try:
        for event in yaml.parse(text, Loader=YAML_LOADER):
            line = _line(event.start_mark)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise FileRefused(path, msg("harden.found.yaml_alias", name=event.anchor, line=line), expected)
            if getattr(event, "tag", None) is not None:
                raise FileRefused(path, msg("harden.found.yaml_tag", tag=event.tag, line=line), expected)
        return yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FileRefused(path, msg("harden.found.yaml_syntax", line=_line(mark), reason=reason),
                          msg("harden.expected.yaml")) from None
