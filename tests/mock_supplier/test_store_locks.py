"""The store's write locks: threads are served in arrival order, processes one at a time."""
import multiprocessing
import signal
import threading
import time

import pytest

from mock_supplier.kernel.store import Store, _FifoLock


def test_waiting_writers_get_the_lock_in_arrival_order():
    lock = _FifoLock()
    order: list[int] = []
    lock.__enter__()  # held, so every thread below queues
    threads = []
    for n in range(8):
        thread = threading.Thread(target=lambda n=n: (lock.__enter__(), order.append(n), lock.__exit__()))
        thread.start()
        threads.append(thread)
        deadline = time.monotonic() + 5
        while len(lock._queue) < n + 1 and time.monotonic() < deadline:  # n+1 queued: arrival order is known
            time.sleep(0.001)
    lock.__exit__()
    for thread in threads:
        thread.join(timeout=5)
    assert order == list(range(8))


def _hold_the_write_lock(path: str, holding, release) -> None:
    with Store(path).write("key"):
        holding.set()
        release.wait(10)


def test_a_second_process_waits_for_the_writer(tmp_path):
    path = str(tmp_path / "locks.sqlite3")
    Store(path).close()
    context = multiprocessing.get_context("spawn")
    holding, release = context.Event(), context.Event()
    other = context.Process(target=_hold_the_write_lock, args=(path, holding, release))
    other.start()
    try:
        assert holding.wait(30)
        entered = threading.Event()
        writer = threading.Thread(target=lambda: _write_then_signal(path, entered))
        writer.start()
        assert not entered.wait(0.5), "a write went ahead while another process held the lock"
        release.set()
        assert entered.wait(10)
        writer.join(timeout=10)
    finally:
        release.set()
        other.join(timeout=10)


def _write_then_signal(path: str, entered: threading.Event) -> None:
    with Store(path).write("key"):
        entered.set()


class Interrupted(Exception):
    pass


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="interrupts the wait with SIGALRM")
def test_a_writer_interrupted_while_queued_does_not_lose_the_lock():
    lock = _FifoLock()
    release = threading.Event()
    holder = threading.Thread(target=lambda: (lock.__enter__(), release.wait(10), lock.__exit__()))
    holder.start()
    deadline = time.monotonic() + 5
    while not lock._held and time.monotonic() < deadline:
        time.sleep(0.001)

    def interrupt(signum, frame):
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(Interrupted):
            lock.__enter__()  # queued behind the holder, then interrupted
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    release.set()
    holder.join(timeout=5)
    later = threading.Thread(target=lambda: (lock.__enter__(), lock.__exit__()))
    later.start()
    later.join(timeout=5)
    assert not later.is_alive(), "the lock was lost with the interrupted writer"
