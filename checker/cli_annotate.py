"""``contract-checker annotate IN.docx --output OUT.docx``: the Word review copy.

Checks one DOCX with the same settings as ``check`` (profile, selectors, configuration file,
waivers) and writes a copy carrying each finding as a Word comment (:mod:`checker.annotate`).
Exit 0 when the copy is written, 2 when the input cannot be checked or is not a DOCX, the
output path is unusable, or the settings are wrong; one line on stderr, a traceback only with
``--debug``.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any, NoReturn

import click

from checker.rules.loader import RuleLoadError
from checker.runner import DocumentResult, RunOptions, run_in_process, run_isolated

EXIT_OK, EXIT_ERROR = 0, 2


def _fail(message: str, debug: bool, detail: str | None = None) -> NoReturn:
    click.echo(f"contract-checker: {message}", err=True)
    if debug and detail:
        click.echo(detail, err=True)
    sys.exit(EXIT_ERROR)


def _refuse_non_docx(path: str, debug: bool) -> None:
    """Refuse anything but a DOCX before loading the model and the rules: that takes seconds."""
    from checker.document import DocumentFormat
    from checker.errors import InputError
    from checker.limits import Limits
    from checker.parsers import read_input
    from checker.sniff import detect_format

    try:
        found = detect_format(read_input(path, Limits()), path)
    except InputError as error:
        _fail(f"{path}: {error.message} [{error.code}]", debug, traceback.format_exc())
    if found is not DocumentFormat.DOCX:
        _fail(f"{path}: not a Word document ({found.value}); annotate needs a DOCX file", debug)


def _check(path: str, settings: Any, debug: bool) -> DocumentResult:
    """Check the one file, isolated in a worker unless debugging (as ``check`` does)."""
    options = RunOptions(rules=settings.rules)
    try:
        runner = run_in_process([path], options) if debug else run_isolated([path], options)
        results = list(runner)
    except RuleLoadError as error:
        _fail("; ".join(error.problems), debug, traceback.format_exc())
    settings.apply_waivers(results)
    return results[0]


@click.command(name="annotate")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the annotated copy (never the input file).",
)
@click.option("--profile", default=None, help="Playbook (default: outsourcing, or the configuration's).")
@click.option("--select", multiple=True, metavar="SELECTOR", help="Only these rules. Repeatable.")
@click.option("--ignore", multiple=True, metavar="SELECTOR", help="Leave out these rules. Repeatable.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files (and their waivers).")
@click.pass_context
def annotate(
    context: click.Context,
    path: str,
    output: Path,
    profile: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_config: bool,
) -> None:
    """Write a copy of a DOCX contract with each finding as a Word comment on its clause."""
    # python-docx is imported here, not with the CLI: every `check` would pay for it.
    from checker.annotate import AnnotateError, annotate_docx, check_output_path
    from checker.settings import SettingsError, resolve_settings

    debug = bool(getattr(context.obj, "debug", False))
    try:
        settings = resolve_settings(profile=profile, select=select, ignore=ignore, no_config=no_config)
    except SettingsError as error:
        _fail("; ".join(str(error).splitlines()), debug)
    try:
        check_output_path(Path(path), output)
    except AnnotateError as error:
        _fail(f"{output}: {error}", debug)
    _refuse_non_docx(path, debug)
    result = _check(path, settings, debug)
    if result.error is not None:
        _fail(f"{path}: {result.error.message} [{result.error.code}]", debug, result.traceback)
    try:
        count = annotate_docx(Path(path), output, result)
    except AnnotateError as error:
        _fail(f"{path}: {error}", debug, traceback.format_exc())
    except OSError as error:
        _fail(f"{output}: cannot write the review copy ({error.strerror or type(error).__name__})", debug)
    click.echo(f"{count} comment(s) written to {output}")
    sys.exit(EXIT_OK)
