"""One malloc arena (qxmap.heap): memory a worker thread frees is reused by the main
thread, as opening a workspace needs (the read and the page data are made in worker
threads, the session's tables in the main thread)."""
import subprocess
import sys

import pytest

from qxmap.heap import one_arena

PROBE = r"""
import sys, threading
from qxmap.heap import one_arena
if sys.argv[1] == "one":
    assert one_arena()

def resident_mb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) // 1024

held = []

def work():  # 180 MB in blocks malloc keeps in its arenas, freed but for one in fifty
    blocks = [bytearray(60_000) for _ in range(3000)]
    held.append(blocks[::50])

worker = threading.Thread(target=work)
worker.start()
worker.join()
before = resident_mb()
mine = [bytearray(60_000) for _ in range(3000)]  # the same again, in the main thread
print(resident_mb() - before)
"""


def grown_mb(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=120, check=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc arenas")
def test_what_a_worker_thread_frees_the_main_thread_reuses():
    if not one_arena():
        pytest.skip("not glibc")
    default, one = grown_mb("default"), grown_mb("one")
    assert default > 120  # glibc's own way: the main thread's arena grows by the whole 180 MB
    assert one < 40       # one arena: the worker's freed blocks are taken again


GIVE_BACK = r"""
import sys
from qxmap.heap import give_back, one_arena
one_arena()

def resident_mb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) // 1024

blocks = [bytearray(60_000) for _ in range(3000)]  # 180 MB in the heap (below mmap's threshold)
kept = blocks[::50]  # one in fifty stays: the heap cannot shrink from its top
del blocks
before = resident_mb()
done = give_back() if sys.argv[1] == "give" else None
print(before - resident_mb(), done)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_the_heaps_free_pages_go_back_to_the_system():
    """give_back returns the pages between the blocks still held, which glibc keeps
    resident otherwise (opening a big network leaves such holes)."""
    if not one_arena():
        pytest.skip("not glibc")

    def released(mode):
        out = subprocess.run([sys.executable, "-c", GIVE_BACK, mode], capture_output=True, text=True, timeout=120,
                             check=True).stdout.split()
        return int(out[0]), out[1]

    kept, _ = released("keep")
    given, done = released("give")
    assert kept < 20 and done == "True"
    assert given > 120  # most of the 176 MB freed between the kept blocks
