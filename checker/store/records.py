"""Write one contract's outcome to the store, and read what decides re-checking.

Each outcome is written in its own transaction (the document row, then its clauses and
findings replaced), so an audit interrupted at any moment keeps every contract finished
before it and nothing half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from checker.store.schema import METADATA_COLUMNS, clauses, documents, findings, runs


@dataclass(frozen=True, slots=True)
class KnownDocument:
    """What the store remembers about a path: enough to tell whether it must be checked again."""

    path: str
    status: str
    content_sha256: str | None
    size_bytes: int | None
    modified_ns: int | None
    ruleset_version: str | None
    model_version: str | None
    metadata: dict[str, str]


@dataclass(frozen=True, slots=True)
class RunVersions:
    """The versions a result depends on: a change in any means the result is stale."""

    profile: str
    ruleset_version: str
    model_version: str


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def known_documents(engine: Engine) -> dict[str, KnownDocument]:
    columns = (
        documents.c.path,
        documents.c.status,
        documents.c.content_sha256,
        documents.c.size_bytes,
        documents.c.modified_ns,
        documents.c.ruleset_version,
        documents.c.model_version,
        documents.c.metadata,
        *(documents.c[column] for column in METADATA_COLUMNS),
    )
    with engine.connect() as connection:
        rows = connection.execute(select(*columns)).all()
    return {
        row.path: KnownDocument(
            path=row.path,
            status=row.status,
            content_sha256=row.content_sha256,
            size_bytes=row.size_bytes,
            modified_ns=row.modified_ns,
            ruleset_version=row.ruleset_version,
            model_version=row.model_version,
            metadata=_manifest_metadata(row),
        )
        for row in rows
    }


def _manifest_metadata(row: Any) -> dict[str, str]:
    extra = dict(row.metadata or {})
    columns = {column: getattr(row, column) for column in METADATA_COLUMNS if getattr(row, column)}
    return {**extra, **columns}


def _metadata_values(metadata: Mapping[str, str]) -> dict[str, Any]:
    extra = {key: value for key, value in metadata.items() if key not in METADATA_COLUMNS}
    return {"metadata": extra, **{column: metadata.get(column) or None for column in METADATA_COLUMNS}}


def update_metadata(engine: Engine, items: Sequence[Any], known: Mapping[str, KnownDocument]) -> None:
    """Store the manifest's current metadata for unchanged contracts whose metadata changed."""
    changed = [
        item for item in items if item.path in known and dict(item.metadata) != known[item.path].metadata
    ]
    if not changed:
        return
    with engine.begin() as connection:
        for item in changed:
            values = _metadata_values(item.metadata)
            connection.execute(update(documents).where(documents.c.path == item.path).values(**values))


def start_run(
    engine: Engine, *, engine_name: str, workers: int, versions: RunVersions, sources: Sequence[str]
) -> int:
    """Record a new run; runs a killed audit left "running" are marked interrupted first."""
    from checker import __version__

    with engine.begin() as connection:
        connection.execute(update(runs).where(runs.c.status == "running").values(status="interrupted"))
        result = connection.execute(
            insert(runs).values(
                started_at=now(),
                status="running",
                engine=engine_name,
                workers=workers,
                profile=versions.profile,
                ruleset_version=versions.ruleset_version,
                model_version=versions.model_version,
                checker_version=__version__,
                sources=list(sources),
                documents_seen=0,
                documents_checked=0,
                documents_skipped=0,
                documents_failed=0,
            )
        )
        return int(result.inserted_primary_key[0])


def finish_run(engine: Engine, run_id: int, status: str, counts: Mapping[str, int]) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(
                finished_at=now(),
                status=status,
                **{f"documents_{key}": value for key, value in counts.items()},
            )
        )


def write_outcome(
    engine: Engine,
    outcome: Any,
    *,
    run_id: int,
    versions: RunVersions,
    metadata: Mapping[str, str],
    modified_ns: int | None,
) -> None:
    """Replace the document's row, clauses and findings with this outcome, in one transaction."""
    values: dict[str, Any] = {
        "path": outcome.path,
        "content_sha256": outcome.content_sha256,
        "size_bytes": outcome.size_bytes,
        "modified_ns": modified_ns,
        "format": outcome.format,
        "pages": outcome.pages,
        "status": outcome.status,
        "error_code": outcome.error_code,
        "error_message": outcome.error_message,
        "ocr": outcome.ocr,
        "ocr_confidence": outcome.ocr_confidence,
        "profile": versions.profile,
        "ruleset_version": versions.ruleset_version,
        "model_version": versions.model_version,
        "run_id": run_id,
        "checked_at": now(),
        "seconds": round(outcome.seconds, 4),
        **_metadata_values(metadata),
    }
    with engine.begin() as connection:
        document_id = _upsert_document(connection, values)
        connection.execute(delete(clauses).where(clauses.c.document_id == document_id))
        connection.execute(delete(findings).where(findings.c.document_id == document_id))
        if outcome.clauses:
            connection.execute(
                insert(clauses), [_clause_row(document_id, clause) for clause in outcome.clauses]
            )
        if outcome.findings:
            connection.execute(
                insert(findings), [_finding_row(document_id, finding) for finding in outcome.findings]
            )


def touch_document(engine: Engine, path: str, *, modified_ns: int | None) -> None:
    """An unchanged file seen again (e.g. copied, so its time moved): remember the new time."""
    with engine.begin() as connection:
        connection.execute(update(documents).where(documents.c.path == path).values(modified_ns=modified_ns))


def _upsert_document(connection: Connection, values: dict[str, Any]) -> int:
    existing = connection.execute(
        select(documents.c.id, documents.c.attempts).where(documents.c.path == values["path"])
    ).first()
    if existing is None:
        result = connection.execute(insert(documents).values(attempts=1, **values))
        return int(result.inserted_primary_key[0])
    connection.execute(
        update(documents)
        .where(documents.c.id == existing.id)
        .values(attempts=existing.attempts + 1, **values)
    )
    return int(existing.id)


def _clause_row(document_id: int, clause: Any) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "category": clause.category,
        "section": clause.section,
        "heading": clause.heading,
        "page": clause.page,
        "start_offset": clause.start,
        "end_offset": clause.end,
        "confidence": round(float(clause.confidence), 6),
        "text": clause.text,
    }


def _finding_row(document_id: int, finding: Any) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "rule_id": finding.rule_id,
        "title": finding.title,
        "severity": finding.severity,
        "area": finding.area,
        "message": finding.message,
        "section": finding.section,
        "page": finding.page,
        "start_offset": finding.start,
        "end_offset": finding.end,
        "evidence": finding.evidence,
        "fingerprint": finding.fingerprint,
    }
