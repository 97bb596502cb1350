"""Reference data of a year: its reference date, its age bands and the bodies list (data/reference/), and
whom the services send their workbooks to.

One home for what the figures of a year are measured against: `load(year)`
gives a `Reference` that validation, compute and the notebooks share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from figures import paths
from figures.problems import msg


@dataclass(frozen=True)
class AgeBand:
    """An age band in completed years, both ends inclusive; `hi` None is open-ended."""

    lo: int
    hi: int | None = None

    @property
    def label(self) -> str:
        """The band as written in the tables: `19-29`, or `66+` when open."""
        return f"{self.lo}+" if self.hi is None else f"{self.lo}-{self.hi}"

    def contains(self, age: int) -> bool:
        return age >= self.lo and (self.hi is None or age <= self.hi)


@dataclass(frozen=True)
class Body:
    """A body from the reference list; names come from the language catalogues."""

    code: str
    e_procedure: bool


@dataclass(frozen=True)
class Reference:
    """What a year's figures are measured against."""

    year: int
    age_bands: tuple[AgeBand, ...]
    bodies: tuple[Body, ...]

    @property
    def date(self) -> dt.date:
        """The contract's reference date: 31 December of the report year."""
        return reference_date(self.year)


class ConfigError(ValueError):
    """The reference configuration itself is inconsistent; `message` says how, in any language."""

    def __init__(self, message):
        super().__init__(message.key)
        self.message = message

    def __str__(self) -> str:
        from figures.i18n import DEFAULT_LANG

        return self.message.render(DEFAULT_LANG)


def reference_date(year: int) -> dt.date:
    """The contract's reference date: 31 December of the report year."""
    return dt.date(year, 12, 31)


def _read_yaml(path: Path) -> dict:
    from figures import safe_yaml

    return safe_yaml.load(path) or {}


def age_bands(year: int, reference_dir: Path = paths.REFERENCE_DIR) -> list[AgeBand]:
    """The age bands that apply to `year`, in order."""
    path = Path(reference_dir) / "age_bands.yaml"
    config = _read_yaml(path)
    entries = (config.get("years") or {}).get(year) or config["default"]
    bands = [AgeBand(int(e["from"]), None if e.get("to") is None else int(e["to"])) for e in entries]
    for before, after in zip(bands, bands[1:]):
        if before.hi is None or after.lo <= before.hi:
            raise ConfigError(msg("cli.bad_age_bands", file=str(path), before=before.label, after=after.label))
        if after.lo > before.hi + 1:
            # An age between two bands would be in none and could be counted in no band of its own.
            left_out = (before.hi + 1, after.lo - 1)
            raise ConfigError(msg("clerk.config.age_bands_gap", file=str(path), before=before.label,
                                  after=after.label, ages="-".join(map(str, sorted(set(left_out))))))
    return bands


def bodies(reference_dir: Path = paths.REFERENCE_DIR) -> list[Body]:
    """The bodies reference list, in the order of the published table."""
    config = _read_yaml(Path(reference_dir) / "bodies.yaml")
    return [Body(str(e["code"]), bool(e["e_procedure"])) for e in config["bodies"]]


def contact(lang: str, reference_dir: Path = paths.REFERENCE_DIR) -> str | None:
    """Whom the services send their workbooks to, in `lang` (`data/reference/contact.yaml`): one text for every
    language or one per language; None when the file, the entry or that language's text is absent or empty."""
    path = Path(reference_dir) / "contact.yaml"
    entry = _read_yaml(path).get("contact") if path.is_file() else None
    if isinstance(entry, dict):
        entry = entry.get(lang)
    if entry is None:
        return None
    return str(entry).strip() or None


def load(year: int, reference_dir: Path = paths.REFERENCE_DIR) -> Reference:
    """The reference data of `year`."""
    return Reference(year, tuple(age_bands(year, reference_dir)), tuple(bodies(reference_dir)))
