"""Largest-remainder percentages: whole numbers that sum to exactly 100."""

import pytest

from figures.numbers import largest_remainder


def test_published_staff_counts_give_the_corrected_percentages():
    # 21, 19, 34, 47 of 121 staff: 17.36, 15.70, 28.10, 38.84 percent.
    # Floors 17, 15, 28, 38 sum to 98; the two missing points go to the two
    # largest remainders (.84 of 52-65 and .70 of 30-40).
    assert largest_remainder([21, 19, 34, 47]) == [17, 16, 28, 39]


def test_plain_rounding_would_not_sum_to_100_but_this_does():
    # Three equal thirds: 33.33 each; plain rounding gives 99.
    result = largest_remainder([1, 1, 1])
    assert sum(result) == 100
    # Ties go to the earlier row.
    assert result == [34, 33, 33]


def test_two_thirds_one_third():
    assert largest_remainder([2, 1]) == [67, 33]


def test_exact_shares_are_left_alone():
    assert largest_remainder([1, 1, 1, 2]) == [20, 20, 20, 40]
    assert largest_remainder([5]) == [100]


def test_zero_rows_get_zero_percent():
    assert largest_remainder([0, 3, 0, 1]) == [0, 75, 0, 25]


def test_nothing_to_share_gives_all_zeros():
    assert largest_remainder([0, 0, 0]) == [0, 0, 0]
    assert largest_remainder([]) == []


def test_other_total():
    # 1/3 and 2/3 of 10: 3.33 and 6.67 -> 3 and 7.
    assert largest_remainder([1, 2], total=10) == [3, 7]


@pytest.mark.parametrize("counts", [[1, 1, 1, 1, 1, 1, 1], [7, 11, 13, 17], [1, 998, 1],
                                    [3, 3, 3, 3, 3, 3], [121, 0, 0, 1]])
def test_always_sums_to_100_and_each_share_is_floor_or_ceiling(counts):
    result = largest_remainder(counts)
    assert sum(result) == 100
    for count, percent in zip(counts, result):
        exact = count * 100 / sum(counts)
        assert exact - 1 < percent < exact + 1
