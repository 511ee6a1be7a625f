"""The two ways an import can fail before it is planned."""
from __future__ import annotations

from qxmap.words import Words


def first_line(exc: BaseException) -> str:
    """The first line of an exception's text (a GDAL or parser message reduced to what
    a dialog shows), or its type's name when it has no text."""
    text = str(exc).strip()
    line = (text.splitlines() or [""])[0].strip()
    return line or type(exc).__name__


class SourceError(Exception):
    """A file, folder or layer that cannot be read.  The message names the file
    and says why in one line (never a GDAL traceback); ``skipped`` lists what a
    folder or archive held that could not be used, as (file, reason) pairs.
    The message and reasons are :class:`~qxmap.words.Words` (English text that
    the app can translate); ``args[0]`` is ``"file: message"`` as Words."""

    def __init__(self, file: str, message: str, skipped: list | None = None):
        self.file = str(file)
        self.message = message
        self.skipped = list(skipped or [])
        super().__init__(Words("%1: %2", self.file, message))


class MappingError(ValueError):
    """A mapping that does not fit the schema or the source layer.  ``problems``
    lists every problem found (one line each, naming the field or value; Words
    the app can translate)."""

    def __init__(self, problems: list[str], where: str = ""):
        self.problems = list(problems)
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__("\n".join(prefix + p for p in self.problems))


def semicolons(parts) -> str:
    """*parts* joined with "; " as Words (each part stays translatable); "" when there are none."""
    out = ""
    for part in parts:
        out = Words("%1; %2", out, part) if out else part
    return out
