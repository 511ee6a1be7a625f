"""Write a file completely or not at all.

Every file qxmap writes for the user (exports, GeoJSON layers, CSV) is
written to a temporary name in the same folder and renamed over the target
only when complete, so a crash, a full disk, a missing permission or a
cancelled export never leaves a half-written file or destroys the old one.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from qxmap.words import Words


class WriteFailed(Exception):
    """The file could not be written; nothing was left behind.  ``reason`` is Words
    (qxmap's own) or the OS's message (data); ``args[0]`` is "path: reason" as Words."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(Words("%1: %2", path, reason))


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path next to *target*; on success it replaces *target*.

    On any exception the temporary file is removed and the exception is
    re-raised as :class:`WriteFailed` (OSError) or as it was (anything else,
    e.g. a cancellation).
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WriteFailed(target, Words("the folder does not exist"))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part" + target.suffix, dir=folder)
    except OSError as exc:
        raise WriteFailed(target, exc.strerror or str(exc)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteFailed(target, exc.strerror or str(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    write_bytes(target, text.encode(encoding))
