"""The reference layers in the layer panel: one check per layer (issue 11).

Reference layers (e.g. the city's road network, imported with File > Import
as a reference layer) are drawn under the tracked data and are not tracked.
:class:`ReferencePanel` lists the open dataset's reference layers with a
swatch of their colour on the map and a check that shows or hides each; it
follows the session (a new dataset, a layer hidden elsewhere) and changes
it, like the other layer checks.  Titles come from files: plain text.
"""
from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from qxmap.styles import reference_style
from qxmap.ui import plaintext
from qxmap.ui.panels import ElidedCheckBox, line_swatch


class ReferencePanel(QGroupBox):
    """A check per reference layer of the session's dataset (hidden when there is none)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Reference layers"))
        self.setObjectName("reference-layers")
        self.setToolTip(self.tr("Layers kept for reference (imported, not tracked), drawn under the projects"))
        self._layout = QVBoxLayout(self)
        self.checks: dict[str, ElidedCheckBox] = {}
        self.session = None
        self.setVisible(False)

    def follow(self, session) -> None:
        self.session = session
        session.events.dataset_changed.connect(lambda dataset: self.rebuild())
        session.events.layers_changed.connect(self._show_hidden)
        self.rebuild()

    def rebuild(self) -> None:
        """One row (swatch and check) per reference layer, in drawing order."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.layout() is not None:
                while item.layout().count():
                    sub = item.layout().takeAt(0)
                    if sub.widget() is not None:
                        sub.widget().deleteLater()
            if item.widget() is not None:
                item.widget().deleteLater()
        self.checks = {}
        layers = self.session.reference_layers if self.session is not None else []
        hidden = self.session.hidden_layers if self.session is not None else frozenset()

        for n, ref in enumerate(layers):
            check = ElidedCheckBox(parent=self)
            check.setText(f"{ref.title} ({len(ref.frame)})")
            check.setObjectName(f"layer-{ref.layer_name}")
            check.setChecked(ref.layer_name not in hidden)
            check.setToolTip(plaintext.tooltip(ref.source))  # a button's text is always plain
            check.toggled.connect(lambda on, name=ref.layer_name: self._toggled(name, on))
            icon = QLabel(self)
            icon.setPixmap(line_swatch(reference_style(n)["color"], 2))
            row = QHBoxLayout()
            row.addWidget(icon)
            row.addWidget(check, 1)
            self._layout.addLayout(row)
            self.checks[ref.layer_name] = check
        self.setVisible(bool(layers))

    def _toggled(self, name: str, on: bool) -> None:
        if self.session is not None:
            try:
                self.session.set_layer_visible(name, on)
            except ValueError:  # the layer went away with its dataset
                pass

    def _show_hidden(self, hidden) -> None:
        for name, check in self.checks.items():
            if check.isChecked() == (name in hidden):
                check.blockSignals(True)
                check.setChecked(name not in hidden)
                check.blockSignals(False)
