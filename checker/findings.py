"""What the later stages produce about a document: clauses found and findings raised.

These are plain data so they cross process boundaries (batch workers) and serialise to the
JSON report without translation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Clause:
    """A stretch of the contract and what it is about, with the evidence a reader can check."""

    category: str
    text: str
    section: str | None
    heading: str | None
    page: int | None
    start: int
    end: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Value:
    """A value rules compare (a notice period, an availability target), normalised.

    ``value`` is the normalised form the values component computed, e.g. ``{"days": 30,
    "business": False}`` for "thirty (30) days" or ``{"percent": 99.9}``.
    """

    label: str
    text: str
    start: int
    end: int
    value: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Finding:
    """A protection the contract lacks or a clause that falls short of the playbook."""

    rule_id: str
    title: str
    severity: str
    area: str
    message: str
    section: str | None = None
    page: int | None = None
    start: int | None = None
    end: int | None = None
    evidence: str | None = None
    remediation: str | None = None
    document: str | None = None
    fingerprint: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
