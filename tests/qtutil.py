"""Helpers for tests that talk to the map page."""
from contextlib import contextmanager


def ask(qtbot, query, *args, timeout=10000, **options):
    """Run a MapView query method (or command) and wait for its answer."""
    box = []
    query(*args, callback=lambda value: box.append(value), **options)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return box[0]


@contextmanager
def opened_workspace(qtbot, window, path):
    """*window* with the workspace at *path* open and drawn (the questions about unsaved
    edits and related fields answered "discard" and "no"); yields its workspace
    controller, whose timers are stopped afterwards."""
    ctl = window.workspace
    ctl.ask_unsaved = lambda message: "discard"
    ctl.ask_related = lambda message: "no"
    with qtbot.waitSignal(window.map_view.ready, timeout=30000):
        assert ctl.open_workspace(path)
    try:
        yield ctl
    finally:
        ctl._disk_timer.stop()
        ctl._autosave_timer.stop()


def steady(qtbot, read, what: str, tries: int = 40, wait_ms: int = 50, same=lambda a, b: a == b):
    """*read()* once it gives the same twice in a row, *wait_ms* apart (a fit may animate,
    a grab can lag the page by a frame)."""
    last = read()
    for _ in range(tries):
        qtbot.wait(wait_ms)
        now = read()
        if same(now, last):
            return now
        last = now
    raise AssertionError(f"{what} never settled")


def fit_view(qtbot, view, box) -> dict:
    """Fit the map view to *box* (south, west, north, east) and wait for the end of the
    move; the page's view then."""
    with qtbot.waitSignal(view.view_changed, timeout=5000, raising=False):
        view.fit_bounds(*box)
    return steady(qtbot, lambda: ask(qtbot, view.query_state)["view"], "the view", tries=50, wait_ms=100)


def grab_rgb(view):
    """The view's pixels as an int array (height, width, RGB)."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return raw[:, :image.width(), 2::-1].astype(int)  # memory order is B, G, R, A


def settled_pixels(qtbot, view):
    """The view's pixels once the page has drawn what was asked and the frame is settled."""
    import numpy as np

    wait_drawn(qtbot, view, view.query_state(lambda state: None))
    return steady(qtbot, lambda: grab_rgb(view), "the map", same=np.array_equal)


def bundled_view(qtbot, dataset, size=(900, 700)):
    """A MapView showing *dataset*, drawn; the request guard's log cleared first (what
    earlier tests' pages asked for is not this page's doing)."""
    from qxmap.ui.mapview import MapView
    from qxmap.ui.webengine import app_profile

    guard = app_profile().guard
    guard.log.clear()
    guard.blocked.clear()
    view = MapView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    with qtbot.waitSignal(view.ready, timeout=30000):
        view.show_dataset(dataset)
    return view


def grown(mask):
    """A boolean image *mask* with each set pixel's 8 neighbours set too (within 1 px of it)."""
    import numpy as np

    out = mask.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            out |= np.roll(np.roll(mask, dy, 0), dx, 1)
    return out


def wait_drawn(qtbot, view, seq, timeout=10000):
    """Wait until the page says the command *seq* is on screen.  If it never does, the
    failure says what the page last said (its console and the last drawn command):
    a rare stall in CI left nothing else to go on."""
    seen = []
    view.drawn.connect(lambda s: seen.append(s))
    try:
        qtbot.waitUntil(lambda: seq in seen or any(s >= seq for s in seen), timeout=timeout)
    except qtbot.TimeoutError as exc:
        raise AssertionError(f"command {seq} never drawn (drawn since: {seen}); the page's console, last lines: "
                             f"{view.console[-8:]}") from exc


def grid_lonlat(x: float, y: float, zoom: float) -> tuple[float, float]:
    """(lon, lat) of a point on the basemap's tile grid: Web Mercator pixels at *zoom*,
    as the page's debug.pixelOf gives them ("grid").  On a GCJ-02 basemap these are the
    tiles' own (shifted) coordinates."""
    import math

    size = 256 * 2 ** zoom
    lon = x / size * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return lon, lat


def make_room(qtbot, window, width=640, height=480):
    """Make the window's map at least *width* x *height* (clicks and pixel counts need room,
    whatever the screen and the docks leave it)."""
    view = window.map_view
    if view.width() < width or view.height() < height:
        window.resize(max(window.width(), view.width() + 2 * width + 200),
                      max(window.height(), view.height() + 2 * height))
    size = None
    for _ in range(100):
        size = ask(qtbot, view.query_state)["size"]
        if size["x"] >= width and size["y"] >= height:
            return
        qtbot.wait(100)
    raise AssertionError(f"the map is too small: {size}")
