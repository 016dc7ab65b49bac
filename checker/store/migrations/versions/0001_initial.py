"""The first audit store: runs, documents, clauses, findings.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("engine", sa.String(16), nullable=False),
        sa.Column("workers", sa.Integer),
        sa.Column("profile", sa.String(64), nullable=False),
        sa.Column("ruleset_version", sa.String(64), nullable=False),
        sa.Column("model_version", sa.String(64), nullable=False),
        sa.Column("checker_version", sa.String(32), nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("documents_seen", sa.Integer, nullable=False),
        sa.Column("documents_checked", sa.Integer, nullable=False),
        sa.Column("documents_skipped", sa.Integer, nullable=False),
        sa.Column("documents_failed", sa.Integer, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("path", sa.String(4096), nullable=False, unique=True),
        sa.Column("content_sha256", sa.String(64)),
        sa.Column("size_bytes", sa.BigInteger),
        sa.Column("modified_ns", sa.BigInteger),
        sa.Column("format", sa.String(16)),
        sa.Column("pages", sa.Integer),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error_code", sa.String(32)),
        sa.Column("error_message", sa.Text),
        sa.Column("ocr", sa.Boolean, nullable=False),
        sa.Column("ocr_confidence", sa.Float),
        sa.Column("profile", sa.String(64)),
        sa.Column("ruleset_version", sa.String(64)),
        sa.Column("model_version", sa.String(64)),
        sa.Column("counterparty", sa.String(512)),
        sa.Column("contract_type", sa.String(128)),
        sa.Column("owner", sa.String(256)),
        sa.Column("signed_date", sa.String(32)),
        sa.Column("metadata", sa.JSON, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
        sa.Column("checked_at", sa.DateTime(timezone=True)),
        sa.Column("seconds", sa.Float),
        sa.Column("attempts", sa.Integer, nullable=False),
    )
    op.create_table(
        "clauses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("section", sa.String(64)),
        sa.Column("heading", sa.Text),
        sa.Column("page", sa.Integer),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("end_offset", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_clauses_document_id", "clauses", ["document_id"])
    op.create_index("ix_clauses_category", "clauses", ["category"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("rule_id", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("area", sa.String(64), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("section", sa.String(64)),
        sa.Column("page", sa.Integer),
        sa.Column("start_offset", sa.Integer),
        sa.Column("end_offset", sa.Integer),
        sa.Column("evidence", sa.Text),
        sa.Column("fingerprint", sa.String(64)),
    )
    op.create_index("ix_findings_document_id", "findings", ["document_id"])
    op.create_index("ix_findings_rule_id", "findings", ["rule_id"])


def downgrade() -> None:
    op.drop_table("findings")
    op.drop_table("clauses")
    op.drop_table("documents")
    op.drop_table("runs")
