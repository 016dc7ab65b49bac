"""Audit progress: a live bar on a terminal, plain periodic lines in logs and CI.

Shows documents done of total, pages read, rate, time left and failures. Plain lines go to
stderr every ``interval`` seconds (and at the end), so a CI log shows progress without
carriage-return noise. Neither shows any contract text, only counts.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any


class AuditProgress:
    def __init__(self, total: int, *, stream: IO[str] | None = None, interval: float = 10.0) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.interval = interval
        self.done = 0
        self.pages = 0
        self.failed = 0
        self.started = time.monotonic()
        self._last_line = self.started
        self._bar: Any = None
        if self.stream.isatty() and total:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True, smoothing=0.1)

    def advance(self, *, pages: int | None, failed: bool) -> None:
        self.done += 1
        self.pages += pages or 0
        self.failed += int(failed)
        if self._bar is not None:
            self._bar.set_postfix(pages=self.pages, failed=self.failed, refresh=False)
            self._bar.update(1)
        elif time.monotonic() - self._last_line >= self.interval:
            self._write_line()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.total:
            self._write_line()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        return (
            f"audit: {self.done}/{self.total} documents, {self.pages} pages, {rate:.1f} docs/s, "
            f"{self.pages / elapsed:.1f} pages/s, ETA {_duration(left)}, {self.failed} failed"
        )

    def _write_line(self) -> None:
        self._last_line = time.monotonic()
        print(self.line(), file=self.stream, flush=True)


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"
