"""A figure in a sentence, as the printed report writes it; the expected texts are the printed report's own
("bijna 1 miljoen woorden", "meer dan 150.000 views", "meer dan 153 miljoen", "3,18 miljoen", "41 miljoen",
"21.204 volledige views") or worked out by hand from the rule in formats.in_words."""

import pytest

from figures.i18n import formats


@pytest.mark.parametrize("value, nl", [
    (987_312, "bijna 1 miljoen"),           # 1 digit: 1.000.000 is 1.3 % above
    (150_412, "meer dan 150.000"),          # 2 digits: 150.000 is 0.27 % below
    (153_412_000, "meer dan 153 miljoen"),  # 2 digits (150 M) 2.2 % off: 3 digits
    (3_180_000, "3,18 miljoen"),            # 2 digits (3,2 M) 0.6 % off: 3 digits, exact
    (4_500_000, "4,5 miljoen"),
    (41_000_000, "41 miljoen"),
    (21_800_000, "21,8 miljoen"),           # 22 M would be 0.9 % off
    (21_204, "21.204"),                     # under 100.000: exact
    (100_000, "100.000"),
    (1_000_000, "1 miljoen"),
])
def test_dutch_as_the_printed_report(value, nl):
    assert formats.in_words(value, "nl") == nl


def test_each_language_says_it_in_its_words():
    assert formats.in_words(987_312, "fr").replace("\u00a0", " ") == "près de 1 million de"
    assert formats.in_words(153_412_000, "fr").replace("\u00a0", " ") == "plus de 153 millions de"
    assert formats.in_words(1_500_000, "de") == "1,5 Millionen"
    assert formats.in_words(1_000_000, "de") == "1 Million"
    assert formats.in_words(150_412, "en") == "more than 150,000"


def test_one_decimal_for_a_column_of_percentages():
    assert formats.one_decimal(6, "nl") == "6,0" and formats.one_decimal(4.84, "nl") == "4,8"
    assert formats.one_decimal(24, "en") == "24.0"
