"""Options bounding the work done on one untrusted file, shared by every command that reads files.

One definition keeps the ranges and defaults (from :class:`~checker.limits.Limits`) the same
for ``check``, ``audit`` and ``serve``; only the word for what is read differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from checker.limits import MEGABYTE, Limits

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def max_size_option(
    name: str = "--max-size", help_text: str = "Refuse files larger than this many MB."
) -> Decorator:
    return click.option(
        name,
        type=click.FloatRange(min=0.001),
        default=Limits().max_file_bytes / MEGABYTE,
        show_default=True,
        help=help_text,
    )


def timeout_option(item: str = "file") -> Decorator:
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=Limits().timeout_seconds,
        show_default=True,
        help=f"Give up on a {item} after this many seconds.",
    )


def max_memory_option(item: str = "file") -> Decorator:
    return click.option(
        "--max-memory",
        type=click.IntRange(min=64),
        default=Limits().max_memory_bytes // MEGABYTE,
        show_default=True,
        help=f"Memory budget per {item}, in MB.",
    )
