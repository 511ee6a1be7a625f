"""Which row of the records holds an id: the lookup the session, the table, the
"as of" view and the dashboard share.

A dict of 200,000 ids to their rows is 14 MB (its table, and an int object a row),
held for as long as the records are, and counted at the app's peak while it opens;
a pandas Index of the same ids answers the same questions from a hash table in C in
about 6 MB, and answers a whole array of ids at once (:meth:`RowIndex.rows`)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd


class RowIndex(Mapping):
    """id (as text) -> its row, read-only.  Where an id is on more than one row (the
    data's check reports that), the last of them, as a dict made from the rows would
    say."""

    __slots__ = ("_index", "_last")

    def __init__(self, ids=()):
        values = np.asarray(ids.to_numpy(dtype=object) if isinstance(ids, pd.Series) else list(ids), dtype=object)
        if any(type(v) is not str for v in values.tolist()):
            values = np.array([str(v) for v in values.tolist()], dtype=object)
        self._index = pd.Index(values, dtype=object, copy=False)
        # duplicates (rare: invalid data): a plain dict gives the last row, as before
        self._last = None if self._index.is_unique else dict(zip(values.tolist(), range(len(values))))

    def __getitem__(self, key) -> int:
        if self._last is not None:
            return self._last[key]
        if not isinstance(key, str):
            raise KeyError(key)
        return int(self._index.get_loc(key))

    def get(self, key, default=None):
        # (get_loc, not ``key in index``: 0.8 against 6.5 microseconds at 200,000 ids)
        if self._last is not None:
            return self._last.get(key, default)
        if not isinstance(key, str):
            return default
        try:
            return int(self._index.get_loc(key))
        except KeyError:
            return default

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._last if self._last is not None else self._index)

    def __len__(self) -> int:
        return len(self._last) if self._last is not None else len(self._index)

    def rows(self, ids) -> np.ndarray:
        """The row of each of *ids* (-1 where it is not one of the records'), in one pass."""
        wanted = np.asarray(ids, dtype=object)
        if self._last is not None:
            return np.fromiter((self._last.get(i, -1) for i in wanted.tolist()), dtype=np.int64, count=len(wanted))
        return self._index.get_indexer(pd.Index(wanted, dtype=object)).astype(np.int64, copy=False)

    def __repr__(self) -> str:
        return f"RowIndex({len(self)} ids)"
