"""Run the pipeline over a batch of files, each under its own time and memory limit.

Every file is untrusted, and a parser stuck in native code cannot be interrupted from
Python, so each file is analysed in a worker process that the parent can kill: a hang, a
crash or an out-of-memory becomes that file's error and the batch goes on. pebble provides
the pool with per-task timeouts that terminate the worker.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import resource
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from pebble import ProcessExpired, ProcessPool

from checker.clauses import identify_clauses
from checker.document import Document
from checker.errors import InputError, ParseTimeoutError, ResourceLimitError
from checker.findings import Clause, Finding
from checker.limits import MEGABYTE, Limits
from checker.parsers import parse_file


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a worker needs to analyse one file; picklable so it crosses into workers."""

    limits: Limits = field(default_factory=Limits)
    pdf_engine: str = "fast"
    analyse: bool = True


@dataclass(slots=True)
class DocumentResult:
    """One file's outcome: a parsed document with its clauses and findings, or an error."""

    path: str
    document: Document | None = None
    clauses: list[Clause] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None
    traceback: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def analyse_file(path: str, options: RunOptions) -> DocumentResult:
    """Parse and analyse one file, turning every failure into an error on the result."""
    try:
        document = parse_file(path, options.limits, pdf_engine=options.pdf_engine)
        clauses = identify_clauses(document) if options.analyse else []
        return DocumentResult(path=path, document=document, clauses=clauses)
    except InputError as error:
        return DocumentResult(path=path, error=error, traceback=traceback.format_exc())
    except MemoryError:
        return DocumentResult(
            path=path,
            error=ResourceLimitError(_memory_message(options.limits)),
            traceback=traceback.format_exc(),
        )
    except RecursionError:
        return DocumentResult(
            path=path,
            error=InputError("file structure nested too deeply to read", code="too_complex"),
            traceback=traceback.format_exc(),
        )
    except Exception as error:  # a parser bug on a hostile file must not stop the batch
        return DocumentResult(
            path=path,
            error=InputError(f"could not read the file ({type(error).__name__})", code="parser_error"),
            traceback=traceback.format_exc(),
        )


def _memory_message(limits: Limits) -> str:
    return f"memory limit exceeded ({limits.max_memory_bytes // MEGABYTE} MB) while reading the file"


def _limit_worker_memory(budget_bytes: int) -> None:
    """Cap the worker's address space at what it already maps plus the per-file budget."""
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        mapped = 0
    limit = mapped + budget_bytes
    # A platform without RLIMIT_AS still gets the time limit.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_in_process(paths: Sequence[str], options: RunOptions) -> Iterator[DocumentResult]:
    """No isolation: for ``--debug``, where the traceback of a failure is the point."""
    for path in paths:
        yield analyse_file(path, options)


Task = Callable[[str, RunOptions], DocumentResult]


def run_isolated(
    paths: Sequence[str], options: RunOptions, jobs: int = 1, task: Task = analyse_file
) -> Iterator[DocumentResult]:
    """Analyse files in worker processes, yielding results in input order.

    ``task`` must be a module-level function (it is pickled into the workers).
    """
    if not paths:
        return
    limits = options.limits
    workers = max(1, min(jobs, len(paths)))
    if options.analyse:
        # Load the model before forking so every worker shares it instead of loading its own.
        from checker.nlp.pipeline import load_pipeline

        load_pipeline()
    with ProcessPool(
        max_workers=workers, initializer=_limit_worker_memory, initargs=(limits.max_memory_bytes,)
    ) as pool:
        futures = [
            pool.schedule(task, args=(path, options), timeout=limits.timeout_seconds) for path in paths
        ]
        for path, future in zip(paths, futures, strict=True):
            yield _collect(path, future, limits)


def _collect(path: str, future: concurrent.futures.Future, limits: Limits) -> DocumentResult:
    try:
        return future.result()
    except concurrent.futures.TimeoutError:
        message = f"time limit exceeded: reading took more than {limits.timeout_seconds:g} s"
        return DocumentResult(path=path, error=ParseTimeoutError(message))
    except ProcessExpired as expired:
        return DocumentResult(
            path=path,
            error=ResourceLimitError(
                f"the reader process died (exit code {expired.exitcode}); "
                "the file probably exhausted the memory limit"
            ),
        )
    except MemoryError:
        return DocumentResult(path=path, error=ResourceLimitError(_memory_message(limits)))
