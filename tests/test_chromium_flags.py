"""The page process's command line: no zygote without a sandbox, no GL emulation
without graphics hardware, the user's own flags kept."""
import os

import pytest

from qxmap.ui.webengine import GPU_ENV, chromium_flags, configure_chromium


@pytest.mark.parametrize("environ, platform, expected", [
    # root: the sandbox is off, the zygote would be two idle processes
    ({"QTWEBENGINE_DISABLE_SANDBOX": "1"}, "xcb", "--no-zygote"),
    ({"QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}, "xcb", "--no-sandbox --no-zygote"),
    # a sandboxed user: Chromium refuses --no-zygote with the sandbox on
    ({}, "xcb", ""),
    ({}, "wayland", ""),
    # no graphics hardware on the offscreen platform (with or without a screen configuration)
    ({}, "offscreen", "--disable-gpu"),
    ({}, "offscreen:configfile=/tmp/screen.json", "--disable-gpu"),
    ({"QTWEBENGINE_DISABLE_SANDBOX": "1"}, "offscreen", "--no-zygote --disable-gpu"),
    # the user decides: QXMAP_GPU=0 on any screen (run.sh's virtual one), =1 keeps the GPU path
    ({GPU_ENV: "0"}, "xcb", "--disable-gpu"),
    ({GPU_ENV: "1"}, "offscreen", ""),
    # the user's flags come first and are never doubled
    ({"QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu --lang=zh-CN", "QTWEBENGINE_DISABLE_SANDBOX": "1"},
     "offscreen", "--disable-gpu --lang=zh-CN --no-zygote"),
    ({"QTWEBENGINE_CHROMIUM_FLAGS": "--no-zygote --no-sandbox"}, None, "--no-zygote --no-sandbox"),
])
def test_chromium_flags(environ, platform, expected):
    assert chromium_flags(environ, platform) == expected


def test_configure_chromium_sets_the_flags_only_when_there_are_some():
    environ = {"QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    configure_chromium(environ)
    assert environ["QTWEBENGINE_CHROMIUM_FLAGS"] == "--no-zygote --disable-gpu"
    configure_chromium(environ)  # again: the same
    assert environ["QTWEBENGINE_CHROMIUM_FLAGS"] == "--no-zygote --disable-gpu"
    environ = {"QT_QPA_PLATFORM": "xcb"}
    configure_chromium(environ)
    assert "QTWEBENGINE_CHROMIUM_FLAGS" not in environ


def _page_processes() -> list[list[str]]:
    """The command lines of this process's QtWebEngineProcess descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                argv = [a.decode(errors="replace") for a in fh.read().split(b"\0") if a]
        except OSError:
            continue
        if argv and argv[0].endswith("QtWebEngineProcess"):
            found.append(argv)
    return found


@pytest.mark.skipif(not os.path.isdir("/proc") or os.geteuid() != 0, reason="root: the sandbox is off")
def test_a_drawn_map_runs_without_zygotes(window):
    """The tests start Chromium as the app does: as root (no sandbox), the map's page runs
    in a renderer started directly, with no zygote processes beside it."""
    kinds = [next((a[7:] for a in argv if a.startswith("--type=")), "") for argv in _page_processes()]
    assert "renderer" in kinds, kinds
    assert "zygote" not in kinds, kinds
