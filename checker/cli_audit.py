"""``contract-checker audit`` and ``audit-report``: batch audits into a store, and their reports.

Exit status: 0 every contract was checked; 2 some could not be (listed at the end and retried
on the next run) or the usage, the rules or the store were wrong; 130 interrupted (everything
finished before the interruption is kept; run the same command again to resume).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from checker.cli_options import max_memory_option, max_size_option, timeout_option
from checker.limits import MEGABYTE, Limits
from checker.store import DEFAULT_STORE

EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
REPORT_FORMATS = ("html", "csv", "xlsx", "json")


def _fail(message: str) -> NoReturn:
    click.echo(f"contract-checker: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.command(name="audit")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--db",
    "store",
    default=DEFAULT_STORE,
    show_default=True,
    help="Store: an SQLite file path or a database URL (postgresql://user@host/db).",
)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Local worker processes [all cores]."
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler (tcp://host:8786); implies --engine dask.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Workers of a local Dask cluster [--jobs]."
)
@click.option("--profile", default=None, help="Playbook (default: outsourcing, or the configuration's).")
@click.option("--select", multiple=True, metavar="SELECTOR", help="Only these rules. Repeatable.")
@click.option("--ignore", multiple=True, metavar="SELECTOR", help="Leave out these rules. Repeatable.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--force", is_flag=True, help="Check every contract again, changed or not.")
@click.option("--ocr", is_flag=True, help="Read scanned PDFs (no text layer) with Tesseract.")
@max_size_option()
@timeout_option("contract")
@max_memory_option("contract")
@click.option(
    "--progress-interval",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds between progress lines when not on a terminal.",
)
def audit(
    sources: tuple[str, ...],
    store: str,
    engine: str,
    jobs: int | None,
    scheduler: str | None,
    workers: int | None,
    profile: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_config: bool,
    force: bool,
    ocr: bool,
    max_size: float,
    timeout: float,
    max_memory: int,
    progress_interval: float,
) -> None:
    """Audit contracts (folders, globs, CSV manifests) into a store, incrementally and resumably."""
    from checker.audit.engines import DaskEngine, LocalEngine
    from checker.audit.run import run_audit
    from checker.audit.sources import SourceError, collect_audit_items
    from checker.cli import available_cores
    from checker.rules.loader import RuleLoadError
    from checker.runner import RunOptions
    from checker.settings import SettingsError, resolve_settings
    from checker.store.database import StoreError, describe, open_store

    try:
        settings = resolve_settings(profile=profile, select=select, ignore=ignore, no_config=no_config)
    except (SettingsError, RuleLoadError) as error:
        _fail("; ".join(str(error).splitlines()))
    try:
        items = collect_audit_items(list(sources))
    except SourceError as error:
        _fail(str(error))
    if not items:
        _fail("no contracts found in " + ", ".join(sources))
    try:
        database = open_store(store)
    except StoreError as error:
        _fail(str(error))
    limits = Limits(
        max_file_bytes=int(max_size * MEGABYTE),
        timeout_seconds=timeout,
        max_memory_bytes=max_memory * MEGABYTE,
    )
    options = RunOptions(limits=limits, rules=settings.rules, ocr=ocr)
    width = jobs or available_cores()
    runner: Any = (
        DaskEngine(scheduler, workers or width) if engine == "dask" or scheduler else LocalEngine(width)
    )
    try:
        summary = run_audit(
            database,
            items,
            runner,
            options,
            sources=sources,
            force=force,
            ocr=ocr,
            progress_interval=progress_interval,
        )
    except KeyboardInterrupt:
        click.echo(
            "contract-checker: audit interrupted; every contract finished so far is in the store. "
            "Run the same command again to resume.",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    click.echo(
        f"audit: {summary.seen} contracts: {summary.checked} checked, {summary.skipped} unchanged, "
        f"{summary.failed} failed, {summary.needs_ocr} need OCR (run {summary.run_id}, {describe(store)})",
        err=True,
    )
    from checker.audit.run import not_checked

    # Failures of earlier runs that were not retried (contracts needing OCR, without --ocr)
    # are still unchecked: list them too, so the exit status says whether the audit is whole.
    unchecked = not_checked(database, items)
    for path, code, message in unchecked:
        click.echo(f"  not checked: {path}: {message} [{code}]", err=True)
    if any(code == "no_text_layer" for _, code, _ in unchecked) and not ocr:
        click.echo("  scanned contracts need --ocr (Tesseract) to be read", err=True)
    sys.exit(EXIT_ERROR if unchecked else EXIT_OK)


@click.command(name="audit-report")
@click.option(
    "--db", "store", default=DEFAULT_STORE, show_default=True, help="The audit store (path or URL)."
)
@click.option(
    "--format", "report_format", type=click.Choice(REPORT_FORMATS), default="html", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of stdout (xlsx needs a file).",
)
@click.option("--profile", default=None, help="Playbook whose model clauses the report quotes.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
def audit_report(
    store: str, report_format: str, output: Path | None, profile: str | None, no_config: bool
) -> None:
    """Portfolio report of an audit store: coverage matrix, missing protections, breakdowns."""
    from checker.reports.audit_report import render_audit_report
    from checker.rules.loader import RuleLoadError
    from checker.rules.options import prepare_rules
    from checker.settings import SettingsError, resolve_settings
    from checker.store.database import StoreError, open_store

    if report_format == "xlsx" and output is None:
        _fail("--format xlsx needs --output FILE")
    if "://" not in store and not Path(store).is_file():
        _fail(f"no audit store at {store} (run `contract-checker audit` first)")
    try:
        rules = prepare_rules(resolve_settings(profile=profile, no_config=no_config).rules)
        database = open_store(store)
    except (SettingsError, RuleLoadError, StoreError) as error:
        _fail("; ".join(str(error).splitlines()))
    content = render_audit_report(database, report_format, rules=rules)
    if output is None:
        sys.stdout.buffer.write(content)
        return
    try:
        output.write_bytes(content)
    except OSError as error:
        _fail(f"{output}: cannot write the report ({error.strerror})")
