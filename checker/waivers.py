"""Waivers: accepted deviations from the playbook, recorded with a reason and an approver.

A waiver suppresses one rule for the documents whose path matches its glob, until it expires.
An expired waiver stops suppressing and the finding says so, and a waiver that suppressed
nothing is reported as unused — like ruff's report of stale ``noqa`` comments, so the file
does not silently accumulate exceptions nobody needs.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from checker.findings import Finding
from checker.schema_validation import SchemaError, validate
from checker.yaml_loading import load_yaml


class WaiverError(ValueError):
    """The waivers file is unreadable or invalid."""


@dataclass(frozen=True, slots=True)
class Waiver:
    path: str
    rule: str
    reason: str
    approved_by: str
    expires: dt.date | None = None

    def matches(self, document_path: str, rule_id: str) -> bool:
        if rule_id != self.rule:
            return False
        candidate = PurePosixPath(Path(document_path).as_posix())
        variants = {str(candidate), candidate.as_posix().removeprefix("./"), candidate.name}
        return any(fnmatch.fnmatchcase(variant, self.path) for variant in variants)

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "rule": self.rule,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "expires": self.expires.isoformat() if self.expires else None,
        }


def load_waivers(path: Path) -> list[Waiver]:
    """Waivers from a YAML file; a missing file means no waivers."""
    if not path.is_file():
        return []
    try:
        content = path.read_bytes()
        data = load_yaml(content)
    except (OSError, yaml.YAMLError) as error:
        raise WaiverError(f"{path}: cannot read waivers: {str(error).splitlines()[0]}") from None
    # YAML reads an unquoted 2027-01-31 as a date; the schema expects the text form.
    for entry in (data or {}).get("waivers", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("expires"), dt.date):
            entry["expires"] = entry["expires"].isoformat()
    try:
        validate(data, "waivers.schema.json", str(path), content)
    except SchemaError as error:
        raise WaiverError(str(error)) from None
    return [
        Waiver(
            path=entry["path"],
            rule=entry["rule"],
            reason=entry["reason"],
            approved_by=entry["approved_by"],
            expires=dt.date.fromisoformat(entry["expires"]) if "expires" in entry else None,
        )
        for entry in data["waivers"]
    ]


@dataclass(slots=True)
class WaiverOutcome:
    """What the waivers did in one run: findings suppressed, waivers expired or never used."""

    suppressed: list[tuple[Finding, Waiver]]
    expired: list[Waiver]
    unused: list[Waiver]

    def to_dict(self) -> dict[str, Any]:
        return {
            "suppressed": [
                {"rule_id": finding.rule_id, "document": finding.document, "waiver": waiver.to_dict()}
                for finding, waiver in self.suppressed
            ],
            "expired": [waiver.to_dict() for waiver in self.expired],
            "unused": [waiver.to_dict() for waiver in self.unused],
        }


def apply_waivers(
    findings_by_document: Iterable[tuple[str, list[Finding]]],
    waivers: list[Waiver],
    today: dt.date | None = None,
) -> tuple[dict[str, list[Finding]], WaiverOutcome]:
    """Split findings into kept and suppressed; mark findings whose only waiver has expired."""
    today = today or dt.date.today()
    used: set[int] = set()
    expired_used: set[int] = set()
    kept: dict[str, list[Finding]] = {}
    suppressed: list[tuple[Finding, Waiver]] = []
    for path, findings in findings_by_document:
        kept[path] = []
        for finding in findings:
            target = finding.document or path
            matching = [(i, w) for i, w in enumerate(waivers) if w.matches(target, finding.rule_id)]
            active = [(i, w) for i, w in matching if not w.expired(today)]
            if active:
                used.add(active[0][0])
                suppressed.append((finding, active[0][1]))
                continue
            if matching:
                index, waiver = matching[0]
                expired_used.add(index)
                note = f" (waiver expired on {waiver.expires.isoformat()}; approved by {waiver.approved_by})"
                extra = {**finding.extra, "waiver_expired": waiver.to_dict()}
                finding = replace(finding, message=finding.message + note, extra=extra)
            kept[path].append(finding)
    expired = [waiver for waiver in waivers if waiver.expired(today)]
    unused = [
        waiver
        for index, waiver in enumerate(waivers)
        if index not in used and index not in expired_used and not waiver.expired(today)
    ]
    return kept, WaiverOutcome(suppressed, expired, unused)
