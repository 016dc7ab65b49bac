"""Ctrl-C between store writes, never inside one.

An audit commits each contract as its outcome arrives, and Ctrl-C must keep everything
committed. Python raises KeyboardInterrupt wherever the main thread happens to be; if that is
inside a store transaction, the SQLite connection can be left mid-commit and the write that marks
the run interrupted then fails with an OperationalError instead of exiting 130. The shield lets
the interrupt through at once while the audit waits for results, and holds it back until the
write in progress has finished.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class InterruptShield:
    """Defers SIGINT that arrives while :meth:`writing` is active; a no-op off the main thread."""

    def __init__(self) -> None:
        self._writing = 0
        self._pending = False
        self._previous: signal.Handlers | object | None = None
        self._installed = False

    def __enter__(self) -> InterruptShield:
        # Only the default handler is replaced: an ignored SIGINT (a job started in the
        # background) stays ignored, and a handler set by an embedding program is left alone.
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]
            self._installed = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._writing:
            self._pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def writing(self, *, release: bool = True) -> Iterator[None]:
        """Hold Ctrl-C back for the block; then raise it unless ``release`` is False."""
        self._writing += 1
        try:
            yield
        finally:
            self._writing -= 1
            if not self._writing and self._pending and release:
                self._pending = False
                raise KeyboardInterrupt
