"""Words for why a path is not a file to read: shared by every reader of
untrusted files (datasets, plan drawings), so each refusal says the same
(as :class:`~qxmap.words.Words`, which the app translates)."""
from __future__ import annotations

import stat

from qxmap.words import Words


def size_text(n: int) -> str:
    """A byte count in words (``1.5 GB``, ``600 MB``, ``12 bytes``)."""
    if n >= 1024 ** 3:
        return f"{n / 1024 ** 3:.1f} GB"
    if n >= 1024 ** 2:
        return f"{n / 1024 ** 2:.0f} MB"
    return Words("%1 bytes", n)


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Words("a folder")
    if stat.S_ISFIFO(mode):
        return Words("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Words("a device")
    if stat.S_ISSOCK(mode):
        return Words("a socket")
    return Words("a special file")
