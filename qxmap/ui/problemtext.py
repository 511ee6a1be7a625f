"""The core's problems and errors in the language of the UI.

The core says what is wrong in English (the command line prints it so), as
:class:`qxmap.words.Words`: a template and its arguments; so do its errors
(GeorefError, SourceError, MappingError's problems, WorkspaceError and its
kinds, GeometryProblem, CrsError, TileSourceError).  Here
each template goes through Qt's translation (context ``"Problem"``; every
template is in resources/translations/qxmap_zh_CN.ts) and the arguments
(file names, values from the data, the OS's and GDAL's own messages) are put
back in as plain text, never read as templates.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from qxmap.words import translated

CONTEXT = "Problem"


def translate_template(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def problem_line(problem) -> str:
    """One problem (or note) in one line, in the UI's language."""
    text = getattr(problem, "text", None)
    return text(translate_template) if callable(text) else str(problem)


def problem_lines(problems) -> list[str]:
    return [problem_line(p) for p in problems]


def words_text(text) -> str:
    """A message of the core (Words) in the UI's language; other text (data, the OS's
    messages) as it is."""
    return translated(text, translate_template)


def error_text(exc: BaseException) -> str:
    """What an error says, in the UI's language: its problems, one a line, when it
    carries them (DatasetError and WorkspaceError of a file that breaks the schema:
    Problems; MappingError: Words), else its message (an error made with Words, such
    as GeorefError, SourceError, WorkspaceError, GeometryProblem), else ``str(exc)``."""
    problems = getattr(exc, "problems", None)
    if problems and all(callable(getattr(p, "text", None)) for p in problems):
        return "\n".join(problem_lines(problems))
    if problems and all(isinstance(p, str) for p in problems):
        return "\n".join(words_text(p) for p in problems)
    message = exc.args[0] if len(exc.args) == 1 else None
    return words_text(message) if isinstance(message, str) else str(exc)
