"""Editing a GeoPackage workspace from the main window.

:class:`WorkspaceController` is the Qt side of :mod:`qxmap.workspace`: it
adds the workspace actions to the File menu and an Edit menu (undo/redo),
installs the table delegates, turns every accepted edit into an undo
command, saves, notices when another program changed the file, and asks
before a window with unsaved edits closes.

The rules (which values are valid, which status steps need a confirmation)
all live in :mod:`qxmap.editing`; this module only asks
:meth:`Workspace.check_edit` and shows its verdict.

Hooks for tests (and for callers who want other dialogs):

* ``confirm(message) -> bool``: asked before a step backwards.
* ``ask_related(message) -> "yes" | "no" | "cancel"``: asked when a status
  change suggests changes to other fields (a completed road is 100 % done):
  "yes" makes them too (one undo step), "no" changes the status only.
* ``ask_unsaved(message) -> "save" | "discard" | "cancel"``: asked by
  :meth:`maybe_close` when there are unsaved edits.
* ``last_message``: the last information/warning box shown (opened with
  ``QMessageBox.open()``, never blocking).

Every box, label and tooltip here shows the file's data (names, ids, notes,
values, paths) as plain text, never as Qt rich text: a road named
``<img src=...>`` shows those characters.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QMenu,
    QMessageBox,
    QSpinBox,
    QStyledItemDelegate,
)

from qxmap import schema
from qxmap.editing import YEAR_MAX, YEAR_MIN, Edit, related_changes, same_value, value_text
from qxmap.ui import labels, plaintext
from qxmap.ui.background import Cancelled, run_busy
from qxmap.ui.problemtext import error_text, words_text
from qxmap.ui.roadmodel import COLUMNS, EDITABLE_COLUMNS, FEATURE_ID_ROLE, selected_ids
from qxmap.workspace import (
    ConflictError,
    EditRefused,
    Workspace,
    WorkspaceError,
    create_workspace,
    default_user,
)

RECENT_KEY = "workspace/recent"
AUTOSAVE_KEY = "workspace/autosave_minutes"
USER_KEY = "workspace/user"
MAX_RECENT = 8
DISK_POLL_MS = 2000


def _plain(value: Any) -> Any:
    """A value as plain JSON-able Python (None for every kind of missing)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return str(value)


# --------------------------------------------------------------------------
# Undo command


class ImportCommand(QUndoCommand):
    """One import (qxmap.workspace.ImportChange), ONE undoable step: redo applies all of
    it to the workspace, undo takes all of it back (before a save: as if it never
    happened; after: a new change, saved with its history like any edit)."""

    def __init__(self, controller: "WorkspaceController", change, text: str):
        super().__init__(text)
        self.controller = controller
        self.change = change

    def redo(self) -> None:
        self.controller._run_import(self.change, forward=True, command=self)

    def undo(self) -> None:
        self.controller._run_import(self.change, forward=False, command=self)


class EditCommand(QUndoCommand):
    """One accepted edit: redo applies it to the workspace, undo reverts it."""

    def __init__(self, controller: "WorkspaceController", edit: Edit, text: str):
        super().__init__(text)
        self.controller = controller
        self.edit = edit

    def redo(self) -> None:
        self.controller._run(self.edit, forward=True, command=self)

    def undo(self) -> None:
        self.controller._run(self.edit, forward=False, command=self)


# --------------------------------------------------------------------------
# Delegate


class RoadEditDelegate(QStyledItemDelegate):
    """Editors for the editable columns: a combo box of translated labels for
    status and phase, spin boxes for the years and the progress.  The value
    goes to :meth:`WorkspaceController.edit`, never straight into the model."""

    def __init__(self, controller: "WorkspaceController", parent=None):
        super().__init__(parent)
        self.controller = controller

    @staticmethod
    def field_of(index) -> str | None:
        column = COLUMNS[index.column()] if 0 <= index.column() < len(COLUMNS) else None
        return EDITABLE_COLUMNS.get(column) if column else None

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt name)
        field = self.field_of(index)
        if field in ("status", "phase"):
            box = QComboBox(parent)
            codes = schema.STATUSES if field == "status" else schema.PHASES
            label = labels.status if field == "status" else labels.phase
            for code in codes:
                box.addItem(label(code), code)
            return box
        if field in ("start", "target"):
            spin = QSpinBox(parent)
            spin.setRange(YEAR_MIN - 1, YEAR_MAX)
            spin.setSpecialValueText(self.tr("(none)"))  # the minimum means "no year"
            return spin
        if field == "progress":
            spin = QDoubleSpinBox(parent)
            spin.setDecimals(0)
            spin.setRange(-1, 100)
            spin.setSuffix(" %")
            spin.setSpecialValueText(self.tr("(none)"))
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):  # noqa: N802 (Qt name)
        field = self.field_of(index)
        value = _plain(index.data(Qt.ItemDataRole.EditRole))
        if field in ("status", "phase"):
            pos = editor.findData(value)
            editor.setCurrentIndex(max(pos, 0))
        elif field in ("start", "target"):
            editor.setValue(int(value) if isinstance(value, (int, float)) else editor.minimum())
        elif field == "progress":
            editor.setValue(float(value) if isinstance(value, (int, float)) else editor.minimum())
        else:
            super().setEditorData(editor, index)

    @staticmethod
    def editor_value(field: str, editor) -> Any:
        if field in ("status", "phase"):
            return editor.currentData()
        if field in ("start", "target", "progress"):
            value = editor.value()
            if value == editor.minimum():
                return None
            return int(value) if field != "progress" else float(value)
        return None

    def setModelData(self, editor, model, index):  # noqa: N802 (Qt name)
        field = self.field_of(index)
        if field is None:
            return
        feature_id = index.data(FEATURE_ID_ROLE)
        value = self.editor_value(field, editor)
        # After the editor has closed: a confirmation dialog must not open inside commitData.
        QTimer.singleShot(0, lambda: self.controller.edit(feature_id, field, value))


# --------------------------------------------------------------------------
# Controller


class WorkspaceController(QObject):
    """The open workspace of one MainWindow, its undo stack and its menus."""

    #: A workspace was opened or reloaded (argument: its path as text).
    workspace_opened = Signal(str)
    #: Pending edits were written (argument: number of history rows).
    saved = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.window = None
        self.ws: Workspace | None = None
        self.undo_stack = QUndoStack(self)
        self.last_message: QMessageBox | None = None
        self.last_wizard = None  # the last import wizard opened (tests drive it)
        self._import_refused = False
        self.confirm: Callable[[str], bool] = self._confirm_dialog
        self.ask_related: Callable[[str], str] = self._related_dialog
        self.ask_unsaved: Callable[[str], str] = self._unsaved_dialog
        self._showing_ours = False
        self._disk_prompt: QMessageBox | None = None
        self._disk_timer = QTimer(self)
        self._disk_timer.setInterval(DISK_POLL_MS)
        self._disk_timer.timeout.connect(self.check_disk)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.timeout.connect(self._autosave)

    # ------------------------------------------------------------ attaching

    def attach(self, window) -> None:
        """Add the menus and delegates to *window* (a MainWindow)."""
        self.window = window
        self._build_file_actions(window)
        self._build_edit_menu(window)
        self.delegate = RoadEditDelegate(self, window.table)
        for column, name in enumerate(COLUMNS):
            if name in EDITABLE_COLUMNS:
                window.table.setItemDelegateForColumn(column, self.delegate)
        window.dataset_loaded.connect(self._on_dataset_loaded)
        self.undo_stack.indexChanged.connect(self._on_index_changed)
        self._setup_autosave()
        self._update_actions()

    def _build_file_actions(self, window) -> None:
        menu = window.file_menu
        self.new_action = QAction(self.tr("&New workspace from data..."), self)
        self.new_action.triggered.connect(self.choose_new_workspace)
        self.open_ws_action = QAction(self.tr("Open &workspace..."), self)
        self.open_ws_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_ws_action.triggered.connect(self.choose_workspace)
        self.recent_menu = QMenu(self.tr("Recent &workspaces"), window)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.save_action = QAction(self.tr("&Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.reload_ws_action = QAction(self.tr("Reload &workspace from disk"), self)
        self.reload_ws_action.triggered.connect(lambda: self.reload(ask=True))
        self.export_layers_action = QAction(self.tr("Export layers to &GeoJSON..."), self)
        self.export_layers_action.triggered.connect(self.choose_export_layers)
        self.export_history_action = QAction(self.tr("Export &history to CSV..."), self)
        self.export_history_action.triggered.connect(self.choose_export_history)
        self.import_action = QAction(self.tr("&Import..."), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setToolTip(self.tr("Bring a planner's file into the workspace: Shapefile, GeoPackage, "
                                              "GeoJSON, KML/KMZ, GPX, DXF, CSV, Excel, FlatGeobuf or zip"))
        self.import_action.triggered.connect(lambda: self.choose_import())

        actions = menu.actions()
        # Before the separator that precedes Quit (or at the end).
        before = actions[-2] if len(actions) >= 2 and actions[-2].isSeparator() else None
        sep = QAction(self)
        sep.setSeparator(True)
        ours = [sep, self.new_action, self.open_ws_action, self.recent_menu.menuAction(), self.save_action,
                self.reload_ws_action, self.import_action, self.export_layers_action, self.export_history_action]
        if before is None:
            menu.addActions(ours)
        else:
            menu.insertActions(before, ours)
        self._fill_recent_menu()

    def _build_edit_menu(self, window) -> None:
        self.edit_menu = QMenu(self.tr("&Edit"), window)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.history_action = QAction(self.tr("Road &history..."), self)
        self.history_action.triggered.connect(self.show_history_of_selection)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.history_action)
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            window.menuBar().insertMenu(view_menu.menuAction(), self.edit_menu)
        else:
            window.menuBar().addMenu(self.edit_menu)

    def _on_index_changed(self, index: int) -> None:
        self._update_modified()

    def _update_actions(self) -> None:
        has = self.ws is not None
        for action in (self.save_action, self.reload_ws_action, self.export_layers_action,
                       self.export_history_action, self.history_action, self.import_action):
            action.setEnabled(has)

    # ------------------------------------------------------------ opening

    @property
    def is_dirty(self) -> bool:
        return self.ws is not None and self.ws.is_dirty

    def open_workspace(self, path: str | Path, read_ahead=None) -> bool:
        """Open the workspace at *path* and show it, editable.  Unsaved edits of the
        open workspace are asked about first.  On failure: a message, and what was
        open stays open.  *read_ahead*: a Future of ``Workspace.open(path)`` already
        under way (the app's start reads while it builds the window)."""
        if not self.maybe_close():
            return False
        try:
            ws = run_busy(self.window, self.tr("Opening %1…").replace("%1", Path(path).name),
                          *((read_ahead.result,) if read_ahead is not None else (Workspace.open, path)))
        except Cancelled:
            return False
        except WorkspaceError as exc:
            self._warn(self.tr("Cannot open the workspace %1").replace("%1", str(path)), error_text(exc))
            return False
        self.ws = ws
        self.undo_stack.clear()
        self._show_workspace()
        self._remember_recent(ws.path)
        if ws.read_only:
            self._info(self.tr("The workspace %1 is read-only: edits cannot be saved.").replace("%1", ws.path.name))
        elif getattr(ws, "upgraded", False):
            self.window.statusBar().showMessage(
                self.tr("%1 was brought up to date: it now has the tracking fields (owner, budget, dates...), "
                        "empty; nothing else changed").replace("%1", ws.path.name), 10000)
        self._disk_timer.start()
        self.workspace_opened.emit(str(ws.path))
        return True

    def _show_workspace(self) -> None:
        window = self.window
        self._showing_ours = True
        try:
            window.show_dataset(self.ws.dataset, history=self._read_history())
        finally:
            self._showing_ours = False
        window.session.set_workspace(self.ws)
        title = window.windowTitle()
        if "[*]" not in title:
            window.setWindowTitle(title + "[*]")
        self._update_modified()
        self._update_actions()

    def _on_dataset_loaded(self, dataset) -> None:
        # Another dataset opened through File > Open dataset: the workspace is no longer shown.
        if self._showing_ours or (self.ws is not None and dataset is self.ws.dataset):
            return
        self.ws = None
        self._disk_timer.stop()
        self.undo_stack.clear()
        self.window.session.set_workspace(None)
        self.window.setWindowModified(False)
        self._update_actions()

    def choose_workspace(self) -> None:
        start = self.window.settings.value("workspace/last_dir", "")
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open workspace"), str(start),
                                              self.tr("GeoPackage workspace (*.gpkg);;All files (*)"))
        if path:
            self.window.settings.setValue("workspace/last_dir", str(Path(path).parent))
            self.open_workspace(path)

    def choose_new_workspace(self) -> None:
        start = str(self.window.settings.value("workspace/last_dir", ""))
        source = QFileDialog.getExistingDirectory(self.window, self.tr("Folder of GeoJSON layers to import"), start)
        if not source:
            return
        out, _ = QFileDialog.getSaveFileName(self.window, self.tr("New workspace"),
                                             str(Path(start or source) / "workspace.gpkg"),
                                             self.tr("GeoPackage workspace (*.gpkg)"))
        if not out:
            return
        if not out.lower().endswith(".gpkg"):
            out += ".gpkg"
        self.new_workspace(source, out)

    def new_workspace(self, source: str | Path, out: str | Path) -> bool:
        """Import *source* into a new workspace *out* and open it."""
        try:
            path = create_workspace(source, out, overwrite=Path(out).exists())
        except Exception as exc:  # DatasetError, WorkspaceError, OSError: say why, nothing opened
            self._warn(self.tr("Cannot create the workspace %1").replace("%1", str(out)), error_text(exc))
            return False
        self.window.settings.setValue("workspace/last_dir", str(Path(path).parent))
        return self.open_workspace(path)

    # ------------------------------------------------------------ recent files

    def recent_paths(self) -> list[str]:
        value = self.window.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value] if value else []
        return [str(v) for v in (value or [])]

    def _remember_recent(self, path: Path) -> None:
        text = str(Path(path).absolute())
        paths = [text] + [p for p in self.recent_paths() if p != text]
        self.window.settings.setValue(RECENT_KEY, paths[:MAX_RECENT])
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent_paths() if self.window is not None else []
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name.replace("&", "&&"))
            action.setToolTip(plaintext.tooltip(path))
            action.setEnabled(Path(path).exists())
            action.triggered.connect(lambda checked=False, p=path: self.open_workspace(p))
        if not paths:
            empty = self.recent_menu.addAction(self.tr("(none)"))
            empty.setEnabled(False)
        self.recent_menu.menuAction().setEnabled(bool(paths))

    # ------------------------------------------------------------ editing

    def edit(self, feature_id: str, field: str, value: Any, note: str | None = None) -> bool:
        """Ask the rules, confirm a step backwards, then push an undoable edit.
        Returns True when the value was changed."""
        ws = self.ws
        if ws is None or self._refuse_in_as_of():
            return False
        verdict = ws.check_edit(feature_id, field, value)
        name = ws.name_of(feature_id) or feature_id
        if not verdict.ok:
            self._warn(self.tr("%1: the value was not accepted").replace("%1", name), words_text(verdict.message))
            return False
        try:
            edit = ws.make_edit(feature_id, field, value, note)
        except EditRefused as exc:
            self._warn(self.tr("%1: the value was not accepted").replace("%1", name), error_text(exc))
            return False
        if same_value(edit.old, edit.new):
            return False
        if verdict.needs_confirmation:
            question = self.tr("%1: %2\n\nChange it anyway?").replace("%1", name).replace("%2",
                                                                                words_text(verdict.message))
            if not self.confirm(question):
                return False
        related = related_changes(dict(ws.record(feature_id)), field, edit.new)
        extra: list[Edit] = []
        if related:
            lines = "\n".join(
                "• " + self.tr("%1 → %2").replace("%1", labels.field_title(r.field))
                .replace("%2", self._value_label(r.field, r.value)) for r in related)
            answer = self.ask_related(
                self.tr("%1: %2 becomes %3. Change these too?").replace("%1", name)
                .replace("%2", labels.field_title(field)).replace("%3", self._value_label(field, edit.new))
                + "\n\n" + lines)
            if answer == "cancel":
                return False
            if answer == "yes":
                for r in related:
                    try:
                        extra.append(ws.make_edit(feature_id, r.field, r.value, note))
                    except EditRefused:
                        continue
        text = self._edit_text(name, edit)
        if extra:
            self.undo_stack.beginMacro(text)
            self.undo_stack.push(EditCommand(self, edit, text))
            for more in extra:
                if ws.check_edit(feature_id, more.field, more.new).ok:
                    more = ws.make_edit(feature_id, more.field, more.new, note)
                    if not same_value(more.old, more.new):
                        self.undo_stack.push(EditCommand(self, more, self._edit_text(name, more)))
            self.undo_stack.endMacro()
        else:
            self.undo_stack.push(EditCommand(self, edit, text))
        return True

    def _edit_text(self, name: str, edit: Edit) -> str:
        field = edit.field
        text = self.tr("%1: %2 %3 → %4").replace("%1", name).replace("%2", labels.column_title(field)
                                                                         if field in COLUMNS else field)
        return text.replace("%3", self._value_label(field, edit.old)).replace("%4", self._value_label(field, edit.new))

    @staticmethod
    def _value_label(field: str, value: Any) -> str:
        value = _plain(value)
        if field == "status":
            return labels.status(value)
        if field == "phase":
            return labels.phase(value)
        return value_text(value) or "—"

    def _step(self, command: QUndoCommand, forward: bool, apply, revert, refused_title: str) -> bool | None:
        """One undo step done (*apply*) or undone (*revert*) on the open workspace: True;
        refused (the command becomes obsolete, the reason is shown): False; no
        workspace (obsolete too): None."""
        ws = self.ws
        if ws is None:
            command.setObsolete(True)
            return None
        try:
            (apply if forward else revert)(ws)
        except EditRefused as exc:
            command.setObsolete(True)
            self._warn(refused_title, error_text(exc))
            return False
        return True

    def _run(self, edit: Edit, forward: bool, command: QUndoCommand) -> None:
        """Apply or revert *edit* in the workspace, then refresh table, summary, details and map."""
        if self._step(command, forward, lambda ws: ws.apply(edit), lambda ws: ws.revert(edit),
                      self.tr("The change cannot be made")):
            self.refresh_feature(edit.feature_id)

    # ------------------------------------------------------------ importing

    def choose_import(self, path: str | Path | None = None):
        """File > Import...: the import wizard for the open workspace (on *path*, if given)."""
        if self.ws is None:
            self._warn(self.tr("Open a workspace first"),
                       self.tr("Imported data goes into a workspace: open one (File > Open workspace) or make one "
                               "(File > New workspace from data)."))
            return None
        from qxmap.ui.importwizard import ImportWizard

        wizard = ImportWizard(self, path, self.window)
        if path is None:
            wizard.start_dir = str(self.window.settings.value("import/last_dir", "") or "")
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished.connect(lambda *_: wizard.path and self.window.settings.setValue(
            "import/last_dir", str(Path(wizard.path).parent)))
        self.last_wizard = wizard
        wizard.open()
        return wizard

    def import_change(self, change) -> bool:
        """Push an import (an ImportChange) as one undoable command; False if it was refused."""
        if self.ws is None:
            return False
        c = change.counts
        text = (self.tr("Import %1: %2 updated, %3 added").replace("%1", change.title)
                .replace("%2", str(c["updated"])).replace("%3", str(c["added"])))
        if change.reference_added is not None:
            text = self.tr("Import %1 as a reference layer").replace("%1", change.reference_added.title)
        self._import_refused = False
        self.undo_stack.push(ImportCommand(self, change, text))
        return not self._import_refused

    def _run_import(self, change, forward: bool, command: QUndoCommand) -> None:
        """Apply or take back an import, then show the workspace again (rows come and go)."""
        done = self._step(command, forward, lambda ws: ws.apply_import(change), lambda ws: ws.revert_import(change),
                          self.tr("The import cannot be applied"))
        if done is False:
            self._import_refused = True
        elif done:
            self._show_workspace()

    def refresh_feature(self, feature_id: str) -> None:
        """An edit was applied or undone in the workspace's dataset: the session tells
        every view (table, summary, details, map) to follow."""
        if self.ws is None or self.ws.record(feature_id) is None:
            return
        session = self.window.session
        session.records_changed([feature_id])
        session.pending_changed()
        self._update_modified()

    def _update_modified(self) -> None:
        if self.window is not None and shiboken6.isValid(self.window):
            self.window.setWindowModified(self.is_dirty)

    # ------------------------------------------------------------ saving

    def changed_by(self) -> str:
        return str(self.window.settings.value(USER_KEY, "") or "") or default_user()

    def save(self) -> bool:
        """Write the pending edits in one transaction.  False (and the edits stay
        pending) on a conflict or any other failure; the message says why."""
        ws = self.ws
        if ws is None or not ws.is_dirty:
            return True
        try:
            count = ws.save(self.changed_by())
        except ConflictError as exc:
            self._show_conflict(exc)
            return False
        except WorkspaceError as exc:
            self._warn(self.tr("The workspace was not saved; your edits are kept"), error_text(exc))
            return False
        self.undo_stack.setClean()
        self._update_modified()
        self._refresh_history()
        self.window.statusBar().showMessage(
            self.tr("Saved %1 change(s) to %2").replace("%1", str(count)).replace("%2", ws.path.name), 5000)
        self.window.session.pending_changed()
        self._disk_timer.start()
        self.saved.emit(count)
        if ws.changed_on_disk():  # someone else also wrote (other roads): offer their changes
            self.check_disk()
        return True

    # ------------------------------------------------------------ tracking (issue 14)

    def _read_history(self):
        """The open workspace's saved history (qxmap.tracking.History), or None if it cannot be read."""
        from qxmap.tracking.history import History

        try:
            return History.read(self.ws.path, timeout=self.ws.busy_timeout)
        except WorkspaceError:
            return None

    def _refresh_history(self) -> None:
        """After a save: the new history rows into the session (last updated, as-of views)."""
        from qxmap.tracking.history import History

        session = self.window.session
        if session.history is None:
            session.set_history(self._read_history())
            return
        try:
            newer = History.read(self.ws.path, after_id=session.history.last_id, timeout=self.ws.busy_timeout)
        except WorkspaceError:
            return
        session.set_history(session.history.extended(newer))

    def _refuse_in_as_of(self) -> bool:
        """True (and a message) while the records show their state as of a past day: edits are
        made on today's state."""
        state = self.window.session.as_of
        if state is None:
            return False
        self._warn(self.tr("The table shows the state as of %1").replace("%1", state.day.isoformat()),
                   self.tr("Edits change today's state: turn off “State as of” first."))
        return True

    def edit_fields(self, feature_id: str, changes: list, note: str | None = None, text: str | None = None) -> bool:
        """Several fields of one record as ONE undoable step (a period "2019-06" is a year
        and a month); *changes* are (field, value) in an order whose every step is valid
        (see qxmap.editing.check_period).  Returns True when something changed."""
        ws = self.ws
        if ws is None or self._refuse_in_as_of():
            return False
        if len(changes) == 1:
            return self.edit(feature_id, changes[0][0], changes[0][1], note)
        name = ws.name_of(feature_id) or feature_id
        edits = []
        state = dict(ws.record(feature_id))
        from qxmap.editing import check_edit

        for field, value in changes:
            verdict = check_edit(state, field, value, feature_id)
            if not verdict.ok:
                self._warn(self.tr("%1: the value was not accepted").replace("%1", name), words_text(verdict.message))
                return False
            if not same_value(state.get(field), verdict.value):
                edits.append(Edit(feature_id, field, state.get(field), verdict.value, note))
            state[field] = verdict.value
        if not edits:
            return False
        self.undo_stack.beginMacro(text or self._edit_text(name, edits[0]))
        for edit in edits:
            self.undo_stack.push(EditCommand(self, edit, self._edit_text(name, edit)))
        self.undo_stack.endMacro()
        return True

    def _show_conflict(self, exc: ConflictError) -> None:
        names = ", ".join(f"{name} ({fid})" if name else fid for fid, name in exc.conflicts[:10])
        title = self.tr("Not saved: changed by someone else since you opened the workspace: %1").replace("%1", names)
        box = self._box(QMessageBox.Icon.Warning, title,
                        self.tr("Reload to see their changes (your other edits are kept), then edit again."),
                        error_text(exc))
        reload_button = box.addButton(self.tr("&Reload"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("conflict-dialog")
        box.buttonClicked.connect(lambda button: button is reload_button and self.reload(keep_pending=True))
        box.open()

    def _autosave(self) -> None:
        if self.is_dirty and (self.last_message is None or not self.last_message.isVisible()):
            self.save()

    def _setup_autosave(self) -> None:
        try:
            minutes = float(self.window.settings.value(AUTOSAVE_KEY, 0) or 0)
        except (TypeError, ValueError):
            minutes = 0
        if minutes > 0:
            self._autosave_timer.start(int(minutes * 60_000))
        else:
            self._autosave_timer.stop()

    # ------------------------------------------------------------ reloading

    def reload(self, keep_pending: bool = True, ask: bool = False) -> bool:
        """Read the workspace file again.  Pending edits are re-applied where the
        record still holds their old value; the others are named in a message."""
        ws = self.ws
        if ws is None:
            return False
        if ask and ws.is_dirty:
            if not self.confirm(self.tr("Reload the workspace from disk? Edits that clash with the file "
                                        "are dropped.")):
                return False
        try:
            dropped = ws.reload(keep_pending=keep_pending)
        except WorkspaceError as exc:
            self._warn(self.tr("The workspace cannot be reloaded"), error_text(exc))
            return False
        self.undo_stack.clear()
        self._show_workspace()
        self._disk_timer.start()
        dropped_imports = list(getattr(ws, "dropped_imports", ()))
        if keep_pending and dropped_imports:
            self._info(self.tr("%1 import(s) were dropped: they no longer fit the workspace as the file holds it.")
                       .replace("%1", str(len(dropped_imports))), "\n".join(c.title for c in dropped_imports))
        elif keep_pending and dropped:
            lines = "\n".join(f"• {ws.name_of(e.feature_id) or e.feature_id}: {e.field} → {value_text(e.new)}"
                              for e in dropped)
            self._info(self.tr("%1 edit(s) were dropped: the file now holds other values for them.")
                       .replace("%1", str(len(dropped))), lines)
        self.workspace_opened.emit(str(ws.path))
        return True

    def check_disk(self) -> bool:
        """Has another program changed the file?  If so, offer to reload (once per change)."""
        ws = self.ws
        if ws is None or (self.last_message is not None and self.last_message.isVisible()):
            return False
        try:
            changed = ws.changed_on_disk()
        except OSError:
            changed = True
        if not changed:
            return False
        self._disk_timer.stop()  # until the user answers
        title = self.tr("%1 was changed by another program.").replace("%1", ws.path.name)
        text = (self.tr("Reload it? Your unsaved edits are kept where they do not clash.")
                if ws.is_dirty else self.tr("Reload it to see the changes?"))
        box = self._box(QMessageBox.Icon.Question, title, text)
        reload_button = box.addButton(self.tr("&Reload"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("&Ignore"), QMessageBox.ButtonRole.RejectRole)
        box.setObjectName("changed-on-disk-dialog")

        def answered(button):
            if button is reload_button:
                self.reload(keep_pending=True)
                self._disk_timer.start()
            # Ignored: stop asking until this workspace is saved or reloaded.

        box.buttonClicked.connect(answered)
        self._disk_prompt = box
        box.open()
        return True

    # ------------------------------------------------------------ closing

    def maybe_close(self) -> bool:
        """May the window (or the open workspace) close?  Asks about unsaved edits."""
        if not self.is_dirty:
            return True
        answer = self.ask_unsaved(self.tr("%1 has %2 unsaved change(s).").replace("%1", self.ws.path.name)
                                  .replace("%2", str(len(self.ws.pending))))
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.ws.discard()
            self.undo_stack.clear()
            self._update_modified()
            return True
        return False

    # ------------------------------------------------------------ exports and history

    def choose_export_layers(self) -> None:
        if self.ws is None:
            return
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Export layers to folder"),
                                                  str(self.ws.path.parent))
        if folder:
            self.export_layers(folder)

    def export_layers(self, folder: str | Path) -> list[Path]:
        try:
            written = self.ws.export_layers_geojson(folder)
        except (OSError, WorkspaceError) as exc:
            self._warn(self.tr("The layers were not exported"), error_text(exc))
            return []
        self.window.statusBar().showMessage(self.tr("Exported %1 layer(s) to %2")
                                            .replace("%1", str(len(written))).replace("%2", str(folder)), 5000)
        return written

    def choose_export_history(self) -> None:
        if self.ws is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export history to CSV"),
                                              str(self.ws.path.with_name(self.ws.path.stem + "-history.csv")),
                                              self.tr("CSV (*.csv)"))
        if path:
            self.export_history(path)

    def export_history(self, path: str | Path) -> Path | None:
        try:
            out = self.ws.export_history_csv(path)
        except (OSError, WorkspaceError) as exc:
            self._warn(self.tr("The history was not exported"), error_text(exc))
            return None
        self.window.statusBar().showMessage(self.tr("History written to %1").replace("%1", str(out)), 5000)
        return out

    def history_text(self, feature_id: str) -> str:
        """The changes of one road, one line each, oldest first: the saved ones,
        then the edits not saved yet (marked so)."""
        entries = self.ws.history(feature_id)
        lines = [f"{labels.date_time(e.changed_at)}  {e.changed_by}: {labels.field_title(e.field)} "
                 f"{labels.field_value(e.field, e.old_value)} → {labels.field_value(e.field, e.new_value)}"
                 + (f" ({e.note})" if e.note else "") for e in entries]
        unsaved = self.tr("not yet saved")
        for e in self.ws.pending:
            if e.feature_id == feature_id:
                lines.append(f"[{unsaved}]  {labels.field_title(e.field)} "
                             f"{labels.field_value(e.field, _text_value(e.old))} → "
                             f"{labels.field_value(e.field, _text_value(e.new))}"
                             + (f" ({e.note})" if e.note else ""))
        return "\n".join(lines)

    def show_history_of_selection(self) -> None:
        if self.ws is None:
            return
        ids = selected_ids(self.window.table)
        if len(ids) != 1:
            self._info(self.tr("Select one road to see its history."))
            return
        fid = ids[0]
        try:
            text = self.history_text(fid)
        except WorkspaceError as exc:
            self._warn(self.tr("The history cannot be read"), error_text(exc))
            return
        self._info(self.tr("History of %1").replace("%1", self.ws.name_of(fid) or fid),
                   text or self.tr("No changes yet."))

    # ------------------------------------------------------------ dialogs

    def _box(self, icon, title: str, text: str = "", details: str | None = None) -> QMessageBox:
        box = QMessageBox(icon, self.tr("qxmap"), title, QMessageBox.StandardButton.NoButton, self.window)
        if text:
            box.setInformativeText(text)
        if details:
            box.setDetailedText(details)
        box.setTextFormat(Qt.TextFormat.PlainText)
        plaintext.force_plain(box)  # the informative text too
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.destroyed.connect(lambda *_: self._forget(box))
        return box

    def _forget(self, box) -> None:
        if self.last_message is box:
            self.last_message = None

    def _warn(self, title: str, text: str = "") -> None:
        box = self._box(QMessageBox.Icon.Warning, title, text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.setObjectName("workspace-warning")
        box.open()

    def _info(self, title: str, text: str = "") -> None:
        box = self._box(QMessageBox.Icon.Information, title, text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.setObjectName("workspace-info")
        box.open()

    def _ask(self, title: str, message: str, buttons, default, name: str) -> QMessageBox.StandardButton:
        """A modal question with *message* shown as plain text; the button pressed."""
        box = QMessageBox(QMessageBox.Icon.Question, title, message, buttons, self.window)
        box.setDefaultButton(default)
        box.setObjectName(name)
        box.setTextFormat(Qt.TextFormat.PlainText)
        plaintext.force_plain(box)
        box.exec()
        clicked = box.clickedButton()
        answer = box.standardButton(clicked) if clicked is not None else QMessageBox.StandardButton.NoButton
        box.deleteLater()
        return answer

    def _related_dialog(self, message: str) -> str:
        answer = self._ask(self.tr("Related fields"), message,
                           QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                           | QMessageBox.StandardButton.Cancel,
                           QMessageBox.StandardButton.Yes, "related-dialog")
        return {QMessageBox.StandardButton.Yes: "yes", QMessageBox.StandardButton.No: "no"}.get(answer, "cancel")

    def _confirm_dialog(self, message: str) -> bool:
        answer = self._ask(self.tr("Confirm the change"), message,
                           QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                           QMessageBox.StandardButton.No, "confirm-dialog")
        return answer == QMessageBox.StandardButton.Yes

    def _unsaved_dialog(self, message: str) -> str:
        answer = self._ask(
            self.tr("Unsaved changes"), message + "\n\n" + self.tr("Save them before closing?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save, "unsaved-dialog")
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"


def _text_value(value: Any) -> str | None:
    """An edit's value as the history stores it (text), for the same labels."""
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
