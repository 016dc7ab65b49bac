"""Rules as loaded from a pack: plain, immutable data with the compiled check attached.

A rule is what a lawyer wrote in YAML; the engine only ever sees these objects, so a rule
pack can come from the bundled ``rules/`` folder, a user's folder or a test, the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.rules.matching import MatcherRegistry

if TYPE_CHECKING:
    from checker.rules.checks import Check

AREAS = (
    "sla",
    "kpi",
    "ip",
    "data_protection",
    "security",
    "governance",
    "exit",
    "dispute_resolution",
    "liability",
    "commercial",
    "compliance",
    "continuity",
    "drafting",
)


@dataclass(frozen=True, slots=True)
class RuleTest:
    """A contract excerpt that must (positive) or must not (negative) trigger its rule."""

    text: str
    positive: bool
    name: str | None = None
    contract_type: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One playbook requirement: what must hold, why, and the clause that fixes the gap."""

    id: str
    title: str
    area: str
    severity: str
    check: Check
    message: str
    rationale: str
    remediation: str
    source: Path
    applies_when: Check | None = None
    params: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    example: str | None = None
    references: tuple[str, ...] = ()
    tests: tuple[RuleTest, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def prefix(self) -> str:
        return self.id.split("-", 1)[0]

    def test_counts(self) -> dict[str, int]:
        return {
            "positive": sum(1 for test in self.tests if test.positive),
            "negative": sum(1 for test in self.tests if not test.positive),
        }


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules from one or more packs, in load order, with a version that changes with any file."""

    rules: tuple[Rule, ...]
    version: str
    registry: MatcherRegistry = field(default_factory=MatcherRegistry, compare=False, repr=False)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


def content_version(contents: list[bytes]) -> str:
    """A short hash of the rule files, so stored audit results know which playbook made them."""
    digest = hashlib.sha256()
    for content in contents:
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()[:16]
