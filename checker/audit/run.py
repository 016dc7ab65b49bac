"""Run an audit: plan what must be checked, run it on an engine, commit each outcome.

A contract is checked again only when something its stored result depends on changed: its
content (size and modification time first, then the content hash in the worker, so a copied
but identical file is not re-checked), the rule set as run, or the clause model. Failed
contracts are always retried, and contracts that needed OCR are retried whenever ``--ocr`` is
given. Every outcome is committed on arrival, so an interrupted audit loses nothing already
done and the next run resumes with what is left.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from sqlalchemy import Engine, select

from checker.audit.engines import AuditEngine, AuditJob
from checker.audit.interrupts import InterruptShield
from checker.audit.progress import AuditProgress
from checker.audit.sources import AuditItem, is_url
from checker.audit.tasks import (
    STATUS_CHECKED,
    STATUS_FAILED,
    STATUS_NEEDS_OCR,
    STATUS_UNCHANGED,
    AuditOutcome,
)
from checker.audit.versions import model_version, ruleset_version
from checker.rules.options import prepare_rules
from checker.runner import RunOptions
from checker.store import records
from checker.store.records import KnownDocument, RunVersions
from checker.store.schema import documents


@dataclass(slots=True)
class PlannedItem:
    item: AuditItem
    job: AuditJob
    modified_ns: int | None


@dataclass(slots=True)
class AuditPlan:
    to_check: list[PlannedItem] = field(default_factory=list)
    unchanged: list[AuditItem] = field(default_factory=list)


@dataclass(slots=True)
class AuditSummary:
    run_id: int
    seen: int = 0
    checked: int = 0
    skipped: int = 0
    failed: int = 0
    needs_ocr: int = 0
    interrupted: bool = False
    not_checked: list[tuple[str, str, str]] = field(default_factory=list)  # path, code, message


def _stat(path: str) -> tuple[int | None, int | None]:
    if is_url(path):
        return None, None
    try:
        status = os.stat(path)
    except OSError:
        return None, None
    return status.st_size, status.st_mtime_ns


def plan_audit(
    items: Sequence[AuditItem],
    known: dict[str, KnownDocument],
    versions: RunVersions,
    *,
    force: bool = False,
    ocr: bool = False,
) -> AuditPlan:
    """Split the items into those to check (with what the worker may skip) and those unchanged."""
    plan = AuditPlan()
    for item in items:
        size, modified_ns = _stat(item.path)
        previous = known.get(item.path)
        fresh = (
            previous is not None
            and previous.ruleset_version == versions.ruleset_version
            and previous.model_version == versions.model_version
        )
        retry = previous is not None and (
            previous.status == STATUS_FAILED or (previous.status == STATUS_NEEDS_OCR and ocr)
        )
        if force or previous is None or not fresh or retry:
            plan.to_check.append(PlannedItem(item, AuditJob(item.path), modified_ns))
        elif size is not None and size == previous.size_bytes and modified_ns == previous.modified_ns:
            plan.unchanged.append(item)
        else:
            job = AuditJob(item.path, previous.content_sha256)
            plan.to_check.append(PlannedItem(item, job, modified_ns))
    return plan


def absolute_items(items: Sequence[AuditItem]) -> list[AuditItem]:
    """Store local paths absolute, so a re-run from another folder finds the same rows."""
    return [
        item if is_url(item.path) else AuditItem(os.path.abspath(item.path), item.metadata) for item in items
    ]


def run_audit(
    store: Engine,
    items: Sequence[AuditItem],
    engine: AuditEngine,
    options: RunOptions,
    *,
    sources: Sequence[str],
    force: bool = False,
    ocr: bool = False,
    progress_stream: IO[str] | None = None,
    progress_interval: float = 10.0,
) -> AuditSummary:
    """Audit the items into the store; Ctrl-C marks the run interrupted and re-raises."""
    assert options.rules is not None
    prepared = prepare_rules(options.rules)
    versions = RunVersions(prepared.profile.name, ruleset_version(prepared), model_version())
    items = absolute_items(items)
    known = records.known_documents(store)
    plan = plan_audit(items, known, versions, force=force, ocr=ocr)
    run_id = records.start_run(
        store, engine_name=engine.name, workers=engine.workers, versions=versions, sources=sources
    )
    summary = AuditSummary(run_id=run_id, seen=len(items), skipped=len(plan.unchanged))
    records.update_metadata(store, plan.unchanged, known)
    planned = {entry.item.path: entry for entry in plan.to_check}
    progress = AuditProgress(len(plan.to_check), stream=progress_stream, interval=progress_interval)
    status = "interrupted"
    with InterruptShield() as shield:
        try:
            for outcome in engine.run([entry.job for entry in plan.to_check], options):
                entry = planned[outcome.path]
                with shield.writing():
                    _record(store, summary, outcome, entry, known, run_id=run_id, versions=versions)
                progress.advance(pages=outcome.pages, failed=outcome.status == STATUS_FAILED)
            status = "finished"
        finally:
            progress.close()
            summary.interrupted = status != "finished"
            with shield.writing(release=False):
                records.finish_run(
                    store,
                    run_id,
                    status,
                    {
                        "seen": summary.seen,
                        "checked": summary.checked,
                        "skipped": summary.skipped,
                        "failed": summary.failed + summary.needs_ocr,
                    },
                )
    return summary


def _record(
    store: Engine,
    summary: AuditSummary,
    outcome: AuditOutcome,
    entry: PlannedItem,
    known: dict[str, KnownDocument],
    *,
    run_id: int,
    versions: RunVersions,
) -> None:
    """Commit one contract's outcome (or refresh an unchanged one) and count it."""
    if outcome.status == STATUS_UNCHANGED:
        records.touch_document(store, outcome.path, modified_ns=entry.modified_ns)
        records.update_metadata(store, [entry.item], known)
        summary.skipped += 1
        return
    records.write_outcome(
        store,
        outcome,
        run_id=run_id,
        versions=versions,
        metadata=entry.item.metadata,
        modified_ns=entry.modified_ns,
    )
    _count(summary, outcome.status)
    if outcome.status != STATUS_CHECKED:
        summary.not_checked.append((outcome.path, outcome.error_code or "", outcome.error_message or ""))


def _count(summary: AuditSummary, status: str) -> None:
    if status == STATUS_CHECKED:
        summary.checked += 1
    elif status == STATUS_NEEDS_OCR:
        summary.needs_ocr += 1
    else:
        summary.failed += 1


def not_checked(store: Engine, items: Sequence[AuditItem]) -> list[tuple[str, str, str]]:
    """The items the store holds as failed or needing OCR: path, error code, message."""
    paths = {item.path for item in absolute_items(items)}
    query = select(documents.c.path, documents.c.error_code, documents.c.error_message).where(
        documents.c.status != STATUS_CHECKED
    )
    with store.connect() as connection:
        rows = connection.execute(query.order_by(documents.c.path)).all()
    return [(row.path, row.error_code or "", row.error_message or "") for row in rows if row.path in paths]
