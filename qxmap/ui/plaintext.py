"""Data shown as text, never as Qt rich text.

Qt guesses whether a label, tooltip or message box holds HTML
(``Qt::mightBeRichText``): a road named ``<img src="...">`` would draw an
image, a ``<a href>`` a link.  Every widget that shows text from a file goes
through these helpers, which make Qt take it literally.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tooltip(text) -> str:
    """A tooltip that shows *text* literally: Qt shows tooltips as rich text
    when they look like HTML, so the text is escaped inside an explicit
    rich-text wrapper (line breaks kept)."""
    if text is None:
        return ""
    body = html.escape(str(text)).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"


def force_plain(widget: QWidget) -> None:
    """Make every label inside *widget* (a message box: its text, its
    informative text) show plain text."""
    if isinstance(widget, QLabel):
        widget.setTextFormat(Qt.TextFormat.PlainText)
    for label in widget.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)


def message_box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None, *,
                informative: str | None = None, details: str | None = None,
                buttons=QMessageBox.StandardButton.Ok) -> QMessageBox:
    """A message box whose every text is plain (QMessageBox.setTextFormat
    reaches only the labels that exist at the time of the call)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    box.setTextFormat(Qt.TextFormat.PlainText)
    force_plain(box)
    return box


def show_message(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None, *,
                 informative: str | None = None, details: str | None = None, name: str | None = None) -> QMessageBox:
    """:func:`message_box` opened window-modal, gone once closed (``name``: its objectName,
    for tests); returned, so the caller can keep it as its last message."""
    box = message_box(icon, title, text, parent, informative=informative, details=details)
    if name:
        box.setObjectName(name)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
