"""Untrusted text made safe to write: one rule for every writer.

Every byte of a dataset or a workspace, and every note or name a user types,
is untrusted.  ``clean_text`` replaces the characters no document format may
carry (C0 controls other than tab, line feed and carriage return; DEL; lone
surrogates; U+FFFE/U+FFFF) by U+FFFD; ``csv_cell`` also makes a CSV cell
that a spreadsheet would run as a formula (it starts with = + - @, a tab or
a carriage return) literal with the usual leading apostrophe.  The exports
and the workspace's history CSV both use them; ``say`` prints to a terminal
whatever the text holds.
"""
from __future__ import annotations

import re
import sys

#: Characters that no export may carry (XML 1.0 forbids most of them; the rest are invisible).
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
#: What a spreadsheet takes for the start of a formula in a CSV cell.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value, replacement: str = REPLACEMENT) -> str:
    """*value* as text with every unsafe character replaced."""
    text = value if isinstance(value, str) else str(value)
    return UNSAFE.sub(replacement, text)


def csv_cell(value):
    """A value as written to CSV: None empty, numbers as they are, text cleaned and formula-proof."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def say(text: str, stream=None) -> None:
    """Print *text*, whatever it holds: characters the stream cannot encode (a file
    name with undecodable bytes, say) are written as escapes instead of failing."""
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    except LookupError:  # a stream with an encoding Python does not know: let print decide
        pass
    print(text, file=stream)
