"""The app's C heap: one malloc arena for all its threads, and its free pages given back.

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


def give_back() -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``); True if it
    did.  What opening freed stays in the heap as holes between what it keeps, resident
    though unused, until this: called once the map of newly opened data is drawn (200,000
    roads: 711 -> 652 MB resident in 2.4 ms; the bundled data: 3 MB).  Elsewhere (not
    Linux, not glibc) nothing happens."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim(0) == 1

