"""The audit store's tables. Names say what each holds; one row per thing.

- ``runs``: one row per ``audit`` invocation (engine, rule set and model versions, counts);
- ``documents``: one row per contract path, replaced each time the contract is re-checked;
  carries what decides whether it must be checked again (content hash, size and modification
  time, rule-set and model versions), its outcome (``checked``, ``failed``, ``needs_ocr``),
  OCR details and the manifest's metadata columns;
- ``clauses``: the clauses found in each checked document (category, where, confidence, text);
- ``findings``: the rules' findings for each checked document.

The schema is created and changed only by the Alembic migrations in
``checker/store/migrations/versions``; a test checks the migrated database matches these
definitions.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

DOCUMENT_STATUSES = ("checked", "failed", "needs_ocr")
RUN_STATUSES = ("running", "finished", "interrupted")
# Manifest columns with a column of their own (reports break down by them); any other
# manifest column is kept in documents.metadata.
METADATA_COLUMNS = ("counterparty", "contract_type", "owner", "signed_date")

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),
    Column("engine", String(16), nullable=False),
    Column("workers", Integer),
    Column("profile", String(64), nullable=False),
    Column("ruleset_version", String(64), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("checker_version", String(32), nullable=False),
    Column("sources", JSON, nullable=False),
    Column("documents_seen", Integer, nullable=False, default=0),
    Column("documents_checked", Integer, nullable=False, default=0),
    Column("documents_skipped", Integer, nullable=False, default=0),
    Column("documents_failed", Integer, nullable=False, default=0),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", String(4096), nullable=False, unique=True),
    Column("content_sha256", String(64)),
    Column("size_bytes", BigInteger),
    Column("modified_ns", BigInteger),
    Column("format", String(16)),
    Column("pages", Integer),
    Column("status", String(16), nullable=False),
    Column("error_code", String(32)),
    Column("error_message", Text),
    Column("ocr", Boolean, nullable=False, default=False),
    Column("ocr_confidence", Float),
    Column("profile", String(64)),
    Column("ruleset_version", String(64)),
    Column("model_version", String(64)),
    Column("counterparty", String(512)),
    Column("contract_type", String(128)),
    Column("owner", String(256)),
    Column("signed_date", String(32)),
    Column("metadata", JSON, nullable=False, default=dict),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("checked_at", DateTime(timezone=True)),
    Column("seconds", Float),
    Column("attempts", Integer, nullable=False, default=0),
)

clauses = Table(
    "clauses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("category", String(64), nullable=False),
    Column("section", String(64)),
    Column("heading", Text),
    Column("page", Integer),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_clauses_document_id", "document_id"),
    Index("ix_clauses_category", "category"),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("rule_id", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("area", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("section", String(64)),
    Column("page", Integer),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    Column("evidence", Text),
    Column("fingerprint", String(64)),
    Index("ix_findings_document_id", "document_id"),
    Index("ix_findings_rule_id", "rule_id"),
)
