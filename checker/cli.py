"""Command line: ``contract-checker check|parse PATH...``.

Exit status follows linters (ruff, Semgrep): 0 nothing at or above the fail level, 1 findings
at or above it, 2 some input could not be checked or the command was misused. Tracebacks
appear only with ``--debug``; otherwise each unreadable file costs one line on stderr.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from checker import __version__
from checker.cli_options import max_memory_option, max_size_option, timeout_option
from checker.collect import collect_inputs
from checker.findings import SEVERITIES
from checker.limits import MEGABYTE, Limits
from checker.rules.loader import RuleLoadError
from checker.runner import DocumentResult, RunOptions, run_in_process, run_isolated

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
FAIL_LEVELS = (*SEVERITIES, "never")


class CheckerContext:
    """Options shared by every subcommand."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug


def _limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options bounding the work done on one untrusted file; the command receives ``limits`` and ``jobs``."""
    options = [
        max_size_option(),
        timeout_option(),
        max_memory_option(),
        click.option("--password", default=None, help="Password for encrypted PDFs."),
        click.option(
            "--original-text",
            is_flag=True,
            help="Read DOCX tracked changes as the original text (default: as if accepted).",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=None,
            show_default="all cores",
            help="Files read in parallel (one worker process each).",
        ),
    ]

    @functools.wraps(command)
    def with_limits(*args: Any, **kwargs: Any) -> Any:
        kwargs["limits"] = Limits(
            max_file_bytes=int(kwargs.pop("max_size") * MEGABYTE),
            timeout_seconds=kwargs.pop("timeout"),
            max_memory_bytes=kwargs.pop("max_memory") * MEGABYTE,
            pdf_password=kwargs.pop("password"),
            docx_original_text=kwargs.pop("original_text"),
        )
        kwargs["jobs"] = kwargs["jobs"] or available_cores()
        return command(*args, **kwargs)

    wrapped: Callable[..., Any] = with_limits
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="contract-checker")
@click.option("--debug", is_flag=True, help="Show tracebacks; read files in this process without isolation.")
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """Check vendor and outsourcing contracts for the protections best practice recommends."""
    context.obj = CheckerContext(debug=debug)


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, e.g. a CI container's share)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _run(paths: Sequence[str], options: RunOptions, jobs: int, debug: bool) -> Iterator[DocumentResult]:
    files = collect_inputs(paths)
    results = run_in_process(files, options) if debug else run_isolated(files, options, jobs)
    yield from _report_errors(results, debug)


def _report_errors(results: Iterable[DocumentResult], debug: bool) -> Iterator[DocumentResult]:
    """Pass results through, writing one line on stderr for each file that could not be checked."""
    for result in results:
        if result.error is not None:
            click.echo(
                f"contract-checker: {result.path}: {result.error.message} [{result.error.code}]", err=True
            )
            if debug and result.traceback:
                click.echo(result.traceback, err=True)
        yield result


def _write(output: str | None, content: str) -> None:
    if output is None or output == "-":
        click.echo(content, nl=False)
        return
    # A report file is read later, elsewhere: never leave terminal colour codes in it.
    try:
        Path(output).write_text(click.unstyle(content), encoding="utf-8")
    except OSError as error:
        click.echo(f"contract-checker: cannot write {output}: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)


def _exit_status(results: Sequence[DocumentResult], fail_on: str) -> int:
    if any(not result.ok for result in results):
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    threshold = SEVERITIES.index(fail_on)
    for result in results:
        if any(SEVERITIES.index(finding.severity) <= threshold for finding in result.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def _rule_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options choosing the playbook; the command receives ``settings`` (a :class:`CheckSettings`)."""
    selector = functools.partial(click.option, multiple=True, metavar="SELECTOR")
    options = [
        click.option(
            "--profile",
            default=None,
            help="Playbook: outsourcing (default), saas, data-processing, offshore.",
        ),
        selector(
            "--select", help="Only these rules: id (SLA-003), prefix (SLA), area, tag or ALL. Repeatable."
        ),
        selector("--extend-select", help="Add rules to the profile's selection. Repeatable."),
        selector("--ignore", help="Leave out these rules. Repeatable."),
        click.option(
            "--rules",
            "rule_paths",
            multiple=True,
            type=click.Path(exists=True),
            help="Extra rule pack (file or folder). Repeatable.",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Configuration file (default: nearest contract-checker.toml or pyproject.toml).",
        ),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        click.option(
            "--waivers",
            "waivers_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Waivers file (default: .contract-checker-waivers.yaml beside the configuration).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_LEVELS),
            default=None,
            help="Lowest finding severity that makes the exit status 1 (default: error).",
        ),
    ]

    @functools.wraps(command)
    def with_settings(*args: Any, **kwargs: Any) -> Any:
        from checker.settings import SettingsError, resolve_settings

        try:
            kwargs["settings"] = resolve_settings(
                profile=kwargs.pop("profile"),
                select=kwargs.pop("select"),
                extend_select=kwargs.pop("extend_select"),
                ignore=kwargs.pop("ignore"),
                rule_paths=kwargs.pop("rule_paths"),
                config_path=kwargs.pop("config_path"),
                no_config=kwargs.pop("no_config"),
                waivers_path=kwargs.pop("waivers_path"),
                fail_on=kwargs.pop("fail_on"),
            )
        except SettingsError as error:
            for problem in str(error).splitlines():
                click.echo(f"contract-checker: {problem}", err=True)
            sys.exit(EXIT_ERROR)
        return command(*args, **kwargs)

    wrapped: Callable[..., Any] = with_settings
    for option in reversed(options):
        wrapped = option(wrapped)
    return wrapped


# Report formats beyond text and json: module and function, imported only when asked for.
REPORT_WRITERS = {
    "sarif": ("checker.reports.sarif_report", "render_sarif"),
    "junit": ("checker.reports.junit_report", "render_junit"),
    "markdown": ("checker.reports.markdown_report", "render_markdown"),
    "html": ("checker.reports.html_report", "render_html"),
    "csv": ("checker.reports.csv_report", "render_csv"),
}
CHECK_FORMATS = ("text", "json", *REPORT_WRITERS)


def _render_other(output_format: str, results: Sequence[DocumentResult], settings: Any) -> str:
    import importlib

    from checker.rules.options import prepare_rules

    module_name, function_name = REPORT_WRITERS[output_format]
    render = getattr(importlib.import_module(module_name), function_name)
    return render(results, prepare_rules(settings.rules).active, root=Path.cwd())


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format", "output_format", type=click.Choice(CHECK_FORMATS), default="text", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write the report here instead of stdout."
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Fail only on findings not in this baseline (from `contract-checker baseline` or a JSON report).",
)
@click.option(
    "--bundle",
    "bundle_name",
    default=None,
    metavar="NAME",
    help="Check all given files as one agreement (MSA, schedules, DPA ...) named NAME.",
)
@_rule_options
@_limit_options
@click.pass_obj
def check(
    context: CheckerContext,
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    baseline_path: Path | None,
    bundle_name: str | None,
    settings: Any,
    limits: Limits,
    jobs: int,
) -> None:
    """Check contracts (files or folders) and report their clauses and findings."""
    from checker.baseline import BaselineError, apply_baseline, load_baseline
    from checker.reports.json_report import build_report
    from checker.reports.text_report import render_check

    try:
        baseline = load_baseline(baseline_path) if baseline_path else None
    except BaselineError as error:
        click.echo(f"contract-checker: {error}", err=True)
        sys.exit(EXIT_ERROR)
    results = _check_results(context, paths, bundle_name, settings, limits, jobs)
    waiver_outcome = settings.apply_waivers(results)
    baseline_outcome = apply_baseline(results, baseline) if baseline else None
    if output_format == "json":
        report = build_report(results, waivers=waiver_outcome, baseline=baseline_outcome)
        _write(output, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    elif output_format == "text":
        _write(output, render_check(results, waivers=waiver_outcome, baseline=baseline_outcome))
    else:
        _write(output, _render_other(output_format, results, settings))
    sys.exit(_exit_status(results, settings.fail_on))


def _check_results(
    context: CheckerContext,
    paths: Sequence[str],
    bundle_name: str | None,
    settings: Any,
    limits: Limits,
    jobs: int,
) -> list[DocumentResult]:
    """Collect, group into agreements, and run the checker over the inputs of ``check``/``baseline``."""
    from checker.collect import Bundle, group_bundles

    options = RunOptions(limits=limits, rules=settings.rules)
    files = collect_inputs(paths)
    if bundle_name:
        items: list[Any] = [Bundle(bundle_name, tuple(files))] if files else []
    else:
        items = group_bundles(files, settings.config.bundles, settings.config.root)
    try:
        runner = run_in_process(items, options) if context.debug else run_isolated(items, options, jobs)
        return list(_report_errors(runner, context.debug))
    except RuleLoadError as error:
        for problem in error.problems:
            click.echo(f"contract-checker: {problem}", err=True)
        sys.exit(EXIT_ERROR)


@main.command(name="baseline")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False), help="Where to write the baseline."
)
@click.option(
    "--bundle", "bundle_name", default=None, metavar="NAME", help="Check the files as one agreement."
)
@_rule_options
@_limit_options
@click.pass_obj
def baseline_command(
    context: CheckerContext,
    paths: tuple[str, ...],
    output: str,
    bundle_name: str | None,
    settings: Any,
    limits: Limits,
    jobs: int,
) -> None:
    """Record today's findings so `check --baseline` fails only on new ones."""
    from checker.baseline import build_baseline

    results = _check_results(context, paths, bundle_name, settings, limits, jobs)
    settings.apply_waivers(results)
    baseline = build_baseline(results)
    _write(output, json.dumps(baseline, ensure_ascii=False, indent=2) + "\n")
    click.echo(f"baseline of {len(baseline['findings'])} finding(s) written to {output}", err=True)
    sys.exit(EXIT_ERROR if any(not result.ok for result in results) else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write the dump here instead of stdout."
)
@click.option(
    "--engine",
    type=click.Choice(["fast", "pdfplumber"]),
    default="fast",
    show_default=True,
    help="PDF text engine: pypdfium2 (fast) or pdfplumber (reference).",
)
@_limit_options
@click.pass_obj
def parse(
    context: CheckerContext,
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    engine: str,
    limits: Limits,
    jobs: int,
) -> None:
    """Show the blocks and section tree extracted from contracts, for debugging parsers."""
    from checker.reports.json_report import build_report
    from checker.reports.text_report import render_parse

    options = RunOptions(
        limits=limits,
        pdf_engine=engine,
        analyse=False,
    )
    results = list(_run(paths, options, jobs, context.debug))
    if output_format == "json":
        report = build_report(results, with_blocks=True)
        _write(output, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        _write(output, render_parse(results))
    sys.exit(EXIT_ERROR if any(not result.ok for result in results) else EXIT_OK)


@main.command(name="init")
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite existing files.")
def init_command(folder: Path, force: bool) -> None:
    """Write a starter contract-checker.toml and waivers file for a contract repository."""
    from checker.init_project import InitError, init_project

    try:
        written = init_project(folder, force)
    except InitError as error:
        click.echo(f"contract-checker: {error}", err=True)
        sys.exit(EXIT_ERROR)
    for path in written:
        click.echo(f"wrote {path}")


DEFAULT_CUAD = Path("..") / "shared" / "data" / "cuad-dev"


@main.command()
@click.argument("path", type=click.Path())
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_limit_options
@click.pass_obj
def clauses(
    context: CheckerContext,
    path: str,
    output_format: str,
    limits: Limits,
    jobs: int,
) -> None:
    """List the clauses identified in one contract: section, page, category, confidence, evidence."""
    from checker.reports.text_report import render_clauses

    options = RunOptions(limits=limits, rules=None)
    results = list(_run([path], options, 1, context.debug))
    if output_format == "json":
        payload = [[clause.to_dict() for clause in result.clauses] for result in results]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        click.echo(render_clauses(results), nl=False)
    sys.exit(EXIT_ERROR if any(not result.ok for result in results) else EXIT_OK)


def _training_settings(regularisation: float, keep: int, bits: int, cue_value: float) -> Any:
    from checker.training.train import TrainingSettings

    return TrainingSettings(bits=bits, regularisation=regularisation, keep=keep, cue_value=cue_value)


_TRAINING_OPTIONS = [
    click.option(
        "--examples",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder of hand-written example YAML files (default: training/examples in the checkout).",
    ),
    click.option(
        "--regularisation",
        "-C",
        type=float,
        default=0.015,
        show_default=True,
        help="Inverse regularisation strength of each category's linear SVM.",
    ),
    click.option(
        "--keep",
        type=int,
        default=40000,
        show_default=True,
        help="Features kept per category after training (model size).",
    ),
    click.option(
        "--bits",
        type=click.IntRange(16, 24),
        default=20,
        show_default=True,
        help="Feature hashing space, 2**bits.",
    ),
    click.option(
        "--cue-value",
        type=click.FloatRange(min=0.0, min_open=True),
        default=3.0,
        show_default=True,
        help="Value of a hand-written cue feature in training (n-grams count 1).",
    ),
]


def _training_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_TRAINING_OPTIONS):
        command = option(command)
    return command


@main.command()
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_CUAD,
    show_default=True,
    help="CUAD split folder (labels.jsonl, txt/).",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the pipeline (default: the package's checker/nlp/model).",
)
@_training_options
def train(
    data: Path,
    output: Path | None,
    examples: Path | None,
    regularisation: float,
    keep: int,
    bits: int,
    cue_value: float,
) -> None:
    """Train the clause pipeline on CUAD and the project's examples and write it as a spaCy pipeline."""
    import logging

    from checker.nlp.pipeline import model_path
    from checker.training.run import EXAMPLES_DIR, train_pipeline

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    _require_cuad(data)
    target = output or model_path()
    train_pipeline(
        data, examples or EXAMPLES_DIR, target, _training_settings(regularisation, keep, bits, cue_value)
    )
    click.echo(f"trained pipeline written to {target}")


@main.command(name="eval")
@click.option(
    "--labels",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CUAD / "labels.jsonl",
    show_default=True,
    help="CUAD labels.jsonl; its folder must hold the txt/ texts.",
)
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
@click.option(
    "--min-support",
    type=int,
    default=10,
    show_default=True,
    help="Categories with fewer positive contracts are shown but left out of the macro average.",
)
@click.option("--limit", type=int, default=None, help="Use only the first N contracts (quick checks).")
@_training_options
def evaluate(
    labels: Path,
    folds: int,
    min_support: int,
    limit: int | None,
    examples: Path | None,
    regularisation: float,
    keep: int,
    bits: int,
    cue_value: float,
) -> None:
    """Cross-validated document-level precision, recall, F1 and evidence overlap per category."""
    import logging

    from checker.training.evaluate import render_table
    from checker.training.run import EXAMPLES_DIR, cross_validate

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    _require_cuad(labels.parent)
    results = cross_validate(
        labels.parent,
        examples or EXAMPLES_DIR,
        _training_settings(regularisation, keep, bits, cue_value),
        folds,
        limit,
    )
    click.echo(render_table(results, min_support))


def _require_cuad(folder: Path) -> None:
    if not (folder / "labels.jsonl").is_file():
        raise click.UsageError(f"no CUAD data at {folder} (expected labels.jsonl and txt/)")


def run() -> None:
    """Entry point wrapper: an unexpected bug is one line unless --debug asks for the traceback."""
    try:
        main.main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:  # pragma: no cover - only reached by bugs
        if "--debug" in sys.argv:
            traceback.print_exc()
        click.echo(f"contract-checker: internal error: {type(error).__name__} (rerun with --debug)", err=True)
        sys.exit(EXIT_ERROR)


def _register_rule_commands() -> None:
    from checker.cli_annotate import annotate
    from checker.cli_audit import audit, audit_report
    from checker.cli_rules import explain, rules_group
    from checker.cli_serve import serve

    main.add_command(rules_group)
    main.add_command(explain)
    main.add_command(annotate)
    main.add_command(audit)
    main.add_command(audit_report)
    main.add_command(serve)


_register_rule_commands()
