"""Messages of the core kept translatable without Qt.

The core (loader, schema, file checks) says what is wrong in English: the
command line prints it as it is.  A :class:`Words` is that English text, and
also the template it was made from (``"cannot be read: %1"``) and the
arguments, so that the app can translate the template and put the arguments
back in: an argument that is itself Words is translated in turn, any other
argument (a file name, a value from the data, a message of the OS) is put in
as plain text, never read as a template.  Every template is a literal of a
``Words(...)`` call, so that a test can find them all in the sources.
"""
from __future__ import annotations

import re
from typing import Callable

_PLACEHOLDER = re.compile(r"%([1-9])")


def fill(template: str, args) -> str:
    """*template* with %1..%9 replaced by the text of *args*, in one pass: text that
    an argument brings (even "%1") is never replaced in turn; a placeholder without
    an argument stays as it is."""
    def one(match: re.Match) -> str:
        n = int(match.group(1))
        return str(args[n - 1]) if n <= len(args) else match.group()

    return _PLACEHOLDER.sub(one, template)


class Words(str):
    """English text (it *is* the str, so every caller can keep treating it as text)
    with the :attr:`template` and :attr:`args` it was made of."""

    template: str
    args: tuple

    def __new__(cls, template: str, *args) -> "Words":
        self = super().__new__(cls, fill(template, args))
        self.template = template
        self.args = args
        return self

    def translated(self, translate: Callable[[str], str]) -> str:
        """The text in another language: *translate* (template -> translated template)
        applied to this template and to the Words among the arguments."""
        return fill(translate(self.template),
                    [a.translated(translate) if isinstance(a, Words) else str(a) for a in self.args])


def translated(text, translate: Callable[[str], str]) -> str:
    """*text* translated if it is :class:`Words`, else as it is (plain text: data)."""
    return text.translated(translate) if isinstance(text, Words) else str(text)
