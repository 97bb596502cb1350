"""A year that the disclosure rule must protect (issue 21), written as workbooks: the test year of
tests/notebooks/test_disclosure_render.py.

2026 is the committed 2025 sample moved one year on (every date a year later, so every age is the same),
then changed so that it holds the small cells the issue names, counted by hand:

    gender by level     women  men  x  total
      A                   32    24  0    56
      B                   22     2  0    24     two men at level B (9 of its 11 men made women)
      C                   10     5  1    16     one person of gender X (a woman of level C made X)
      D                   15    10  0    25
      total               79    41  1   121

    training: the participations of three people only (a trainee count of 3): PEOPLE_TRAINED = 3, their
    training days and their course types computed below from the rows kept.

The age bands are the 2025 sample's (21, 19, 34, 47; 121 in all): no band is small. The year before, 2025,
is the committed sample, declared published as printed (data/reference/disclosure.yaml).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

YEAR = 2026
PEOPLE_TRAINED = 3
GENDER = {"A": (32, 24, 0, 56), "B": (22, 2, 0, 24), "C": (10, 5, 1, 16), "D": (15, 10, 0, 25),
          "total": (79, 41, 1, 121)}
# The cells the rule hides first (primary), by hand: counts of 1 to 5 people (B men 2, C men 5, C x 1 and the
# x total 1), and the training figures computed from three people.
PRIMARY = {("gender_by_level", "B", "men"), ("gender_by_level", "C", "men"), ("gender_by_level", "C", "x"),
           ("gender_by_level", "total", "x"),
           ("training", "", "staff_trained"), ("training", "", "training_days"), ("training", "", "training_types")}


def _later(day):
    """`day` a year later; 29 February becomes 1 March (the same age on 31 December)."""
    if day is None or pd.isna(day):
        return day
    if day.month == 2 and day.day == 29:
        return day.replace(year=day.year + 1, month=3, day=1)
    return day.replace(year=day.year + 1)


def _a_year_later(frame: pd.DataFrame) -> pd.DataFrame:
    from figures.sample import DATE_COLUMNS

    frame = frame.copy()
    for column in frame.columns:
        if column in DATE_COLUMNS:
            frame[column] = [_later(d) for d in frame[column]]
    return frame


def frames() -> dict[str, pd.DataFrame]:
    """The test year's rows, source by source."""
    from figures.sample import build_sample

    found = {name: _a_year_later(frame) for name, frame in build_sample(year=2025).items()}
    staff = found["staff"].copy()
    b_men = staff.index[(staff["level"] == "B") & (staff["gender"] == "M")]
    staff.loc[b_men[:9], "gender"] = "F"
    c_woman = staff.index[(staff["level"] == "C") & (staff["gender"] == "F")]
    staff.loc[c_woman[:1], "gender"] = "X"
    found["staff"] = staff
    training = found["training"]
    known = training["staff_id"].isin(set(staff["staff_id"]))
    kept = list(dict.fromkeys(training.loc[known, "staff_id"]))[:PEOPLE_TRAINED]
    found["training"] = training[training["staff_id"].isin(kept)].reset_index(drop=True)
    return found


def training_figures() -> tuple[float, int]:
    """The training days and course types of the three trainees, counted from the rows kept."""
    training = frames()["training"]
    return float(training["days"].sum()), int(training["course_id"].nunique())


def write(raw: Path) -> Path:
    """The committed 2024 and 2025 workbooks and the test year's, in `raw`."""
    from figures.sample import _workbook_bytes

    root = Path(__file__).resolve().parents[2]
    for year in (2024, 2025):
        shutil.copytree(root / "data" / "raw" / str(year), raw / str(year))
    folder = raw / str(YEAR)
    folder.mkdir(parents=True)
    for name, frame in frames().items():
        (folder / f"{name}.xlsx").write_bytes(_workbook_bytes(name, frame))
    return folder
