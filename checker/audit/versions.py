"""Versions a stored result depends on: the playbook as run, and the clause model.

A result is stale when the rules that produced it changed (rule files, profile, selection,
severities or parameters) or the clause model changed; the audit then checks it again.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from checker.rules.options import PreparedRules


def ruleset_version(prepared: PreparedRules) -> str:
    """Digest of the rule files plus the active selection with its severities and parameters."""
    selection = [
        [active.rule.id, active.severity, sorted(active.params.items())] for active in prepared.active
    ]
    payload = json.dumps([prepared.rules.version, prepared.profile.name, selection], default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


@cache
def model_version() -> str:
    """Digest of every file of the shipped clause pipeline."""
    from checker.nlp.pipeline import model_path

    digest = hashlib.sha256()
    root = model_path()
    for path in sorted(Path(root).rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
