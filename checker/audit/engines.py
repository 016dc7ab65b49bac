"""Where audit tasks run: a local process pool, or a Dask cluster.

Both engines take the same jobs and yield :class:`~checker.audit.tasks.AuditOutcome` as each
contract finishes (not in input order, so a slow contract never holds back the commits of the
others), and both run every contract in a worker process with the per-file time and memory
limits of ``check``: a parser that hangs, crashes or exhausts memory fails that contract only.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pebble import ProcessPool

from checker.audit.tasks import AuditOutcome, audit_document, failed_outcome
from checker.limits import Limits
from checker.runner import DocumentResult, RunOptions, collect_result, limit_worker_memory, prepare_workers


@dataclass(frozen=True, slots=True)
class AuditJob:
    """One contract to check; ``known_sha256`` lets the worker skip unchanged content."""

    path: str
    known_sha256: str | None = None


class AuditEngine(Protocol):
    name: str
    workers: int

    def run(self, jobs: Sequence[AuditJob], options: RunOptions) -> Iterator[AuditOutcome]: ...


def collect_outcome(path: str, future: concurrent.futures.Future, limits: Limits) -> AuditOutcome:
    """A finished pebble future's outcome; a timeout or a dead worker (runner's reasons) fails it."""
    result = collect_result(path, future, limits)
    if isinstance(result, DocumentResult):  # the task never returned: runner says why
        assert result.error is not None
        return failed_outcome(path, result.error)
    return result


class LocalEngine:
    """A pebble process pool on this machine, ``workers`` processes wide."""

    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def run(self, jobs: Sequence[AuditJob], options: RunOptions) -> Iterator[AuditOutcome]:
        if not jobs:
            return
        limits = options.limits
        # Readers, model and rules loaded once, shared by the forked workers.
        prepare_workers(options, [job.path for job in jobs])
        pool = ProcessPool(
            max_workers=min(self.workers, len(jobs)),
            initializer=limit_worker_memory,
            initargs=(limits.max_memory_bytes,),
        )
        try:
            futures = {
                pool.schedule(
                    audit_document, args=(job.path, options, job.known_sha256), timeout=limits.timeout_seconds
                ): job.path
                for job in jobs
            }
            for future in concurrent.futures.as_completed(futures):
                yield collect_outcome(futures[future], future, limits)
            pool.close()
        except BaseException:
            pool.stop()  # Ctrl-C or a store error: kill the workers now, keep what is committed
            raise
        finally:
            pool.join()


class DaskEngine:
    """A dask.distributed cluster: an existing scheduler, or a local cluster of ``workers``.

    Each Dask worker runs the contracts it is given in its own single-process pebble pool, so
    the per-file time and memory limits hold on the cluster as they do locally.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 2) -> None:
        self.scheduler = scheduler
        self.workers = max(1, workers)

    def run(self, jobs: Sequence[AuditJob], options: RunOptions) -> Iterator[AuditOutcome]:
        if not jobs:
            return
        import dask
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None
        if self.scheduler:
            client = Client(self.scheduler)
        else:
            # Worker processes must not be daemons: each runs its contracts in a child process.
            dask.config.set({"distributed.worker.daemon": False})
            cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=50,
            )
            client = Client(cluster)
        try:
            futures = client.map(
                isolated_audit,
                [job.path for job in jobs],
                [job.known_sha256 for job in jobs],
                options=options,
                pure=False,
                retries=0,
            )
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


_WORKER_POOL: Any = None


def isolated_audit(path: str, known_sha256: str | None, options: RunOptions) -> AuditOutcome:
    """Run on a Dask worker: one contract in this worker's pebble pool, under the limits."""
    global _WORKER_POOL
    limits = options.limits
    if _WORKER_POOL is None:
        import multiprocessing

        if multiprocessing.current_process().daemon:
            raise RuntimeError(
                "Dask workers must not be daemons to run each contract under its limits: start them "
                "with DASK_DISTRIBUTED__WORKER__DAEMON=False (see docs/audit.md)"
            )
        prepare_workers(options)
        _WORKER_POOL = ProcessPool(
            max_workers=1, initializer=limit_worker_memory, initargs=(limits.max_memory_bytes,)
        )
    future = _WORKER_POOL.schedule(
        audit_document, args=(path, options, known_sha256), timeout=limits.timeout_seconds
    )
    return collect_outcome(path, future, limits)
