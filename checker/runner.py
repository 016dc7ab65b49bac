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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pebble import ProcessExpired, ProcessPool

from checker.clauses import ClauseAnalysis, analyse_document
from checker.collect import Bundle, Item
from checker.document import Document
from checker.errors import InputError, ParseTimeoutError, ResourceLimitError
from checker.findings import Clause, Finding
from checker.limits import MEGABYTE, Limits
from checker.parsers import parse_file, preload_parsers
from checker.rules.engine import evaluate_rules
from checker.rules.options import RuleOptions, prepare_rules


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a worker needs to analyse one file; picklable so it crosses into workers."""

    limits: Limits = field(default_factory=Limits)
    pdf_engine: str = "fast"
    analyse: bool = True
    rules: RuleOptions | None = field(default_factory=RuleOptions)
    ocr: bool = False


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


def _evaluate(analyses: list[ClauseAnalysis], options: RunOptions) -> list[Finding]:
    if options.rules is None or not analyses:
        return []
    prepared = prepare_rules(options.rules)
    return evaluate_rules(prepared.active, analyses, prepared.rules)


def analyse_file(path: str, options: RunOptions) -> DocumentResult:
    """Parse, analyse and check one file, turning every failure into an error on the result."""
    result, analysis = _read(path, options)
    if analysis is not None:
        result.findings = _evaluate([analysis], options)
    return result


def analyse_bundle(bundle: Bundle, options: RunOptions) -> list[DocumentResult]:
    """Check the documents of one agreement together: rules see the union of their clauses.

    Each finding is attached to the document its evidence comes from; a protection missing
    from the whole agreement is attached to the first readable document (the main agreement).
    """
    results: list[DocumentResult] = []
    analyses: list[ClauseAnalysis] = []
    for path in bundle.paths:
        result, analysis = _read(path, options)
        results.append(result)
        if analysis is not None:
            analyses.append(analysis)
    readable = [result for result in results if result.ok]
    for finding in _evaluate(analyses, options):
        target = next((result for result in readable if result.path == finding.document), readable[0])
        target.findings.append(finding)
    for result in results:
        if result.document is not None:
            result.document.metadata["bundle"] = bundle.name
    return results


def _read(path: str, options: RunOptions) -> tuple[DocumentResult, ClauseAnalysis | None]:
    """Parse and run the clause pipeline on one file; failures become the result's error."""
    try:
        document = parse_file(path, options.limits, pdf_engine=options.pdf_engine, ocr=options.ocr)
        if not options.analyse:
            return DocumentResult(path=path, document=document), None
        analysis = analyse_document(document)
        return DocumentResult(path=path, document=document, clauses=analysis.clauses), analysis
    except InputError as error:
        return DocumentResult(path=path, error=error, traceback=traceback.format_exc()), None
    except MemoryError:
        return DocumentResult(
            path=path,
            error=ResourceLimitError(_memory_message(options.limits)),
            traceback=traceback.format_exc(),
        ), None
    except RecursionError:
        return DocumentResult(
            path=path,
            error=InputError("file structure nested too deeply to read", code="too_complex"),
            traceback=traceback.format_exc(),
        ), None
    except Exception as error:  # a parser bug on a hostile file must not stop the batch
        return DocumentResult(
            path=path,
            error=InputError(f"could not read the file ({type(error).__name__})", code="parser_error"),
            traceback=traceback.format_exc(),
        ), None


def _memory_message(limits: Limits) -> str:
    return f"memory limit exceeded ({limits.max_memory_bytes // MEGABYTE} MB) while reading the file"


def limit_worker_memory(budget_bytes: int) -> None:
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


def run_in_process(items: Sequence[Item], options: RunOptions) -> Iterator[DocumentResult]:
    """No isolation: for ``--debug``, where the traceback of a failure is the point."""
    for item in items:
        if isinstance(item, Bundle):
            yield from analyse_bundle(item, options)
        else:
            yield analyse_file(item, options)


Task = Callable[[str, RunOptions], DocumentResult]
BundleTask = Callable[[Bundle, RunOptions], list[DocumentResult]]


def prepare_workers(options: RunOptions, paths: Iterable[str] | None = None) -> None:
    """Load the readers, the model and the rules before forking, so workers share them.

    ``paths`` are the files the workers will read (``None``: not known yet, load every
    reader). Raises :class:`~checker.rules.loader.RuleLoadError` for a broken rule pack, before
    any file is read.
    """
    preload_parsers(paths)
    if not options.analyse:
        return
    from checker.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    # One short text builds the lazily made parts (the classifier's feature table, cue
    # gates), so parallel workers share them instead of each building its own.
    nlp("1. Term. The Supplier shall provide the Services.")
    if options.rules is not None:
        prepared = prepare_rules(options.rules)
        prepared.rules.registry.compile(nlp)


def _paths_of(item: Item) -> tuple[str, ...]:
    return item.paths if isinstance(item, Bundle) else (str(item),)


def run_isolated(
    items: Sequence[Item],
    options: RunOptions,
    jobs: int = 1,
    task: Task = analyse_file,
    bundle_task: BundleTask = analyse_bundle,
) -> Iterator[DocumentResult]:
    """Analyse files (and bundles) in worker processes, yielding results in input order.

    ``task`` must be a module-level function (it is pickled into the workers). A bundle runs
    in one worker with a time limit of one file's limit per document.
    """
    if not items:
        return
    limits = options.limits
    workers = max(1, min(jobs, len(items)))
    prepare_workers(options, [path for item in items for path in _paths_of(item)])
    with ProcessPool(
        max_workers=workers, initializer=limit_worker_memory, initargs=(limits.max_memory_bytes,)
    ) as pool:
        futures = [
            pool.schedule(bundle_task, args=(item, options), timeout=limits.timeout_seconds * len(item.paths))
            if isinstance(item, Bundle)
            else pool.schedule(task, args=(item, options), timeout=limits.timeout_seconds)
            for item in items
        ]
        for item, future in zip(items, futures, strict=True):
            if isinstance(item, Bundle):
                outcome = collect_result(item.name, future, limits)
                if isinstance(outcome, list):
                    yield from outcome
                else:  # the whole bundle failed: each document gets the reason
                    for path in item.paths:
                        yield DocumentResult(path=path, error=outcome.error)
            else:
                yield collect_result(item, future, limits)


def collect_result(path: str, future: concurrent.futures.Future, limits: Limits) -> Any:
    """The task's return value, or a DocumentResult whose error says why the worker gave none."""
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
