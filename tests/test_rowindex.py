"""RowIndex: the session's id -> row lookup answers as the dict it replaced did."""
import numpy as np
import pandas as pd
from hypothesis import given, strategies as st

from qxmap.rowindex import RowIndex

ids_text = st.lists(st.text(max_size=6), max_size=40)


def _as_dict(ids):
    return dict(zip([str(i) for i in ids], range(len(ids))))


@given(ids_text, st.lists(st.text(max_size=6), max_size=10))
def test_answers_as_a_dict_of_the_rows(ids, others):
    index, plain = RowIndex(pd.Series(ids, dtype=object)), _as_dict(ids)
    assert len(index) == len(plain) and set(index) == set(plain) and dict(index) == plain
    for key in ids + others:
        assert (key in index) == (key in plain)
        assert index.get(key) == plain.get(key)
        assert index.get(key, -5) == plain.get(key, -5)
    wanted = ids + others
    assert list(index.rows(np.array(wanted, dtype=object))) == [plain.get(k, -1) for k in wanted]


def test_duplicates_give_the_last_row_and_other_keys_are_absent():
    index = RowIndex(pd.Series(["a", "b", "a", "c"]))
    assert index["a"] == 2 and index.get("b") == 1 and len(index) == 3
    unique = RowIndex(pd.Series(["a", "b"]))
    for key in (None, 1, 1.5, ("a",), "z"):
        assert key not in unique and unique.get(key) is None
    assert list(unique.rows(np.array(["b", None, "q", "a"], dtype=object))) == [1, -1, -1, 0]
    try:
        unique["z"]
    except KeyError:
        pass
    else:
        raise AssertionError("a missing id must raise KeyError")


def test_ids_that_are_not_text_are_looked_up_as_text():
    index = RowIndex(pd.Series([10, 20, 30]))
    assert index.get("20") == 1 and index.get(20) is None and type(index["30"]) is int


def test_an_empty_index():
    index = RowIndex()
    assert len(index) == 0 and "a" not in index and list(index.rows(np.array([], dtype=object))) == []
