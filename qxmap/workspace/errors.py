"""The errors of the workspace, in one place at the bottom of the package.

Every module of :mod:`qxmap.workspace` raises these, and every caller (the
command line, the app) catches them, so they must not depend on anything:
each says in its message, in words, which file failed and why.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

__all__ = ["WorkspaceError", "ConflictError", "FileReplaced", "EditRefused", "ConfirmationNeeded", "said"]


class WorkspaceError(Exception):
    """The workspace cannot be opened, read or saved; the message says why."""

    def __init__(self, message: str, path: str | os.PathLike | None = None, problems: Sequence = ()):
        self.path = Path(path) if path is not None else None
        #: The dataset problems (qxmap.dataset.Problem) when the file's data break the schema.
        self.problems = list(problems)
        super().__init__(message)


class ConflictError(WorkspaceError):
    """A save touched features that someone else changed since they were loaded."""

    def __init__(self, message: str, path: Path, conflicts: Sequence[tuple[str, str | None]]):
        super().__init__(message, path)
        #: (feature id, name_zh) of every conflicting feature.
        self.conflicts = list(conflicts)

    @property
    def ids(self) -> list[str]:
        return [fid for fid, _ in self.conflicts]


class FileReplaced(WorkspaceError):
    """The file at the workspace's path is no longer the workspace that was loaded
    (another workspace was copied or renamed over it): nothing is written into it."""


class EditRefused(WorkspaceError):
    """An edit was refused: unknown id, invalid value, or a stale edit."""


class ConfirmationNeeded(EditRefused):
    """The edit is a step backwards and was not confirmed."""


def said(exc: BaseException) -> str:
    """What *exc* says: its message as given (Words stay Words, so the app can still
    translate it when the message is wrapped in another one), else ``str(exc)``."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, str) else str(exc)
