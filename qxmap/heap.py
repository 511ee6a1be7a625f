"""The app's C heap: one malloc arena for all its threads.

glibc gives the threads of a process malloc arenas of their own (up to eight
per core), and keeps what is freed in an arena for that arena's later use.
Opening a workspace reads and checks it in a worker thread (``_read_ahead`` in
:mod:`qxmap.ui.app`) and packs the page data in another: what those threads'
intermediate arrays and frames took at 200,000 roads was freed into arenas
that the main thread, building the session's tables next, never used.  With a
single arena the main thread reuses that memory.  Measured on 200,000 roads
(``qxmap run``, alternated with glibc's default): the app's process peaked at
743-760 MB against 769-812 MB, and held 756-797 MB against 825-828 MB nine
seconds after start; opening time, filters and pans the same within the noise
(Python's small objects never reach malloc; its large ones are few).
"""
from __future__ import annotations

import ctypes
import sys

#: glibc's mallopt parameter for the most arenas (malloc.h).
M_ARENA_MAX = -8


def one_arena() -> bool:
    """Ask glibc for a single malloc arena; True if it took it.  Call before other threads
    allocate (an arena made before stays).  Elsewhere (not Linux, not glibc) nothing
    changes."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process' C library
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(M_ARENA_MAX, 1) == 1
