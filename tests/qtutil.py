"""Helpers for tests that talk to the map page."""


def ask(qtbot, query, *args, timeout=10000):
    """Run a MapView query method and wait for its answer."""
    box = []
    query(*args, callback=lambda value: box.append(value))
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return box[0]


def wait_drawn(qtbot, view, seq, timeout=10000):
    """Wait until the page says the command *seq* is on screen."""
    seen = []
    view.drawn.connect(lambda s: seen.append(s))
    qtbot.waitUntil(lambda: seq in seen or any(s >= seq for s in seen), timeout=timeout)
