"""Reference configuration: age bands per year, bodies list."""

import shutil
from pathlib import Path

import pytest

from figures import reference as config

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


def _reference(tmp_path, age_bands: str) -> Path:
    shutil.copy(REFERENCE / "bodies.yaml", tmp_path / "bodies.yaml")
    (tmp_path / "age_bands.yaml").write_text(age_bands, encoding="utf-8")
    return tmp_path


def test_the_published_bands_by_default():
    assert [b.label for b in config.age_bands(2025, REFERENCE)] == ["19-29", "30-40", "41-51", "52-65"]


def test_a_year_with_its_own_bands_and_an_open_last_band(tmp_path):
    folder = _reference(tmp_path, "default:\n  - {from: 19, to: 65}\nyears:\n  2026:\n"
                                  "    - {from: 18, to: 39}\n    - {from: 40}\n")
    assert [b.label for b in config.age_bands(2026, folder)] == ["18-39", "40+"]
    assert [b.label for b in config.age_bands(2025, folder)] == ["19-65"]


def test_overlapping_bands_are_a_configuration_error_naming_the_file_and_bands(tmp_path):
    folder = _reference(tmp_path, "default:\n  - {from: 19, to: 40}\n  - {from: 30, to: 65}\n")
    with pytest.raises(config.ConfigError) as raised:
        config.age_bands(2025, folder)
    assert str(raised.value) == f"{folder / 'age_bands.yaml'}: the age bands 19-40 and 30-65 overlap or are out of order"
    assert "overlappen" in raised.value.message.render("nl")


def test_a_gap_between_bands_is_a_configuration_error_naming_the_ages_left_out(tmp_path):
    # An age between two bands could be counted in none (ages past the last band have a band of their own).
    folder = _reference(tmp_path, "default:\n  - {from: 19, to: 29}\n  - {from: 31, to: 65}\n")
    with pytest.raises(config.ConfigError) as raised:
        config.age_bands(2025, folder)
    assert str(raised.value) == (f"{folder / 'age_bands.yaml'}: the age bands 19-29 and 31-65 leave the ages 30 "
                                 "out (each band starts where the one before ends)")
    folder = _reference(tmp_path, "default:\n  - {from: 19, to: 29}\n  - {from: 35, to: 65}\n")
    with pytest.raises(config.ConfigError) as raised:
        config.age_bands(2025, folder)
    assert "leave the ages 30-34 out" in str(raised.value)


def test_bodies_in_the_published_order():
    assert [b.code for b in config.bodies(REFERENCE)] == ["ministerraad", "overlegcomite", "comite_a",
                                                           "sectorcomite_i", "nvr", "sciv", "cciv", "cov"]
    assert [b.code for b in config.bodies(REFERENCE) if b.e_procedure] == ["ministerraad", "overlegcomite", "nvr",
                                                                           "sciv"]
