"""The collector pause (qxmap.gcpause): off inside, back on after the outermost pause,
left off when it was off before, and back on after an exception or from threads."""
import gc
import threading

import pytest

from qxmap.gcpause import bulk, paused


def test_the_collector_is_off_inside_and_on_after_the_outermost_pause():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_exception_ends_the_pause():
    @bulk
    def fails():
        assert not gc.isenabled()
        raise ValueError("bad file")

    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_a_collector_off_before_stays_off():
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_from_several_threads_end_with_the_collector_on():
    start = threading.Barrier(4)

    def work():
        start.wait()
        for _ in range(200):
            with paused():
                [object() for _ in range(10)]

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.isenabled()
