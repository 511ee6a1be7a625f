"""Connecting a widget to session events for as long as the widget lives.

The session (plain Python) holds its listeners strongly; a dialog that
follows it must stop when Qt deletes the dialog, or the session would call
into a dead widget.
"""
from __future__ import annotations

from PySide6.QtCore import QObject


def follow(owner: QObject, event, callback) -> None:
    """Call *callback* on *event* until *owner* is destroyed."""
    event.connect(callback)
    owner.destroyed.connect(lambda *_: event.disconnect(callback))
