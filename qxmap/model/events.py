"""Qt-free events: the model announces changes without knowing who listens.

An :class:`Event` is a list of callbacks; ``emit`` calls each in the order
they connected.  A callback that raises does not stop the others: the error
is logged and re-raised after every listener ran, so one broken view cannot
leave the others stale.  ``blocked()`` silences an event for a block of code
(a view updating the model it follows).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Any, Callable, Iterator

_log = logging.getLogger(__name__)


class Event:
    """One kind of change, e.g. ``filter_changed``."""

    def __init__(self, name: str):
        self.name = name
        self._callbacks: list[Callable[..., Any]] = []
        self._blocked = 0

    def connect(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """Call *callback* on every emit (once, however often it connects). Returns it."""
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[..., Any] | None = None) -> None:
        """Stop calling *callback* (every callback when None)."""
        if callback is None:
            self._callbacks.clear()
        elif callback in self._callbacks:
            self._callbacks.remove(callback)

    @property
    def listeners(self) -> int:
        return len(self._callbacks)

    def emit(self, *args: Any) -> None:
        if self._blocked:
            return
        first_error: BaseException | None = None
        for callback in list(self._callbacks):
            try:
                callback(*args)
            except Exception as exc:  # noqa: BLE001 - the other listeners still run
                _log.exception("listener of %s failed", self.name)
                first_error = first_error or exc
        if first_error is not None:
            raise first_error

    @contextmanager
    def blocked(self) -> Iterator[None]:
        self._blocked += 1
        try:
            yield
        finally:
            self._blocked -= 1


class EventGroup:
    """The events of one model object, as attributes (``group.filter_changed``)."""

    NAMES: tuple[str, ...] = ()

    def __init__(self):
        for name in self.NAMES:
            setattr(self, name, Event(name))

    def __iter__(self):
        return (getattr(self, name) for name in self.NAMES)
