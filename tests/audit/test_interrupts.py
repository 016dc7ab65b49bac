import os
import signal
import threading

import pytest

from checker.audit.interrupts import InterruptShield


@pytest.fixture(autouse=True)
def default_sigint():
    """Ctrl-C as a terminal's foreground job has it, even when the test runner ignores SIGINT."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _interrupt() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def test_ctrl_c_while_waiting_interrupts_at_once() -> None:
    with InterruptShield(), pytest.raises(KeyboardInterrupt):
        _interrupt()


def test_ctrl_c_during_a_write_waits_for_the_write_to_finish() -> None:
    finished = []
    with InterruptShield() as shield, pytest.raises(KeyboardInterrupt):
        with shield.writing():
            _interrupt()
            finished.append("write")
        finished.append("after")
    assert finished == ["write"]


def test_the_final_write_swallows_a_late_ctrl_c() -> None:
    with InterruptShield() as shield:
        with shield.writing(release=False):
            _interrupt()
        done = True
    assert done


def test_the_previous_handler_comes_back() -> None:
    before = signal.getsignal(signal.SIGINT)
    with InterruptShield():
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before


def test_an_ignored_sigint_stays_ignored() -> None:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with InterruptShield():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_off_the_main_thread_the_shield_changes_nothing() -> None:
    seen = []

    def work() -> None:
        with InterruptShield() as shield, shield.writing():
            seen.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [signal.default_int_handler]
