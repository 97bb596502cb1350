"""Translation volume: words by text type and by language pair."""

from __future__ import annotations

import pandas as pd

from figures.contract import LANGS, TEXT_TYPES
from figures.tables import TOTAL



def words_by_type(translations: pd.DataFrame) -> pd.DataFrame:
    """Words per text type (legal, political, general), then a `total` row."""
    words = translations.groupby("text_type")["words"].sum().reindex(list(TEXT_TYPES), fill_value=0)
    table = pd.DataFrame({"text_type": list(TEXT_TYPES) + [TOTAL],
                          "words": [int(w) for w in words] + [int(words.sum())]})
    return table.astype({"words": "int64"})


def words_by_pair(translations: pd.DataFrame) -> pd.DataFrame:
    """Words per language pair that occurs, ordered nl, fr, de, en by source then target."""
    order = {lang: i for i, lang in enumerate(LANGS)}
    words = translations.groupby(["source_lang", "target_lang"])["words"].sum().reset_index()
    words["words"] = words["words"].astype("int64")
    key = words["source_lang"].map(order) * 10 + words["target_lang"].map(order)
    return words.loc[key.sort_values(kind="stable").index].reset_index(drop=True)
