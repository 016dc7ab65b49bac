"""What an audit stored, without ids, run numbers and timings: for comparing two stores."""

from sqlalchemy import Engine, select

from checker.store.schema import clauses, documents, findings


def store_content(engine: Engine) -> tuple[list, list, list]:
    """Everything an audit result says, without ids, run numbers and timings."""
    with engine.connect() as connection:
        docs = connection.execute(
            select(
                documents.c.path,
                documents.c.content_sha256,
                documents.c.status,
                documents.c.format,
                documents.c.pages,
                documents.c.ruleset_version,
                documents.c.model_version,
            ).order_by(documents.c.path)
        ).all()
        clause_rows = connection.execute(
            select(
                documents.c.path,
                clauses.c.category,
                clauses.c.section,
                clauses.c.start_offset,
                clauses.c.end_offset,
                clauses.c.confidence,
                clauses.c.text,
            )
            .join(documents)
            .order_by(documents.c.path, clauses.c.start_offset, clauses.c.category)
        ).all()
        finding_rows = connection.execute(
            select(
                documents.c.path,
                findings.c.rule_id,
                findings.c.severity,
                findings.c.message,
                findings.c.section,
                findings.c.evidence,
                findings.c.fingerprint,
            )
            .join(documents)
            .order_by(documents.c.path, findings.c.rule_id, findings.c.fingerprint)
        ).all()
    return (
        [tuple(row) for row in docs],
        [tuple(row) for row in clause_rows],
        [tuple(row) for row in finding_rows],
    )
