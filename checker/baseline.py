"""Baselines: adopt the checker on a repository of existing contracts without fixing them all first.

``contract-checker baseline PATH... --output FILE`` records the findings of today; ``check
--baseline FILE`` then fails only on findings that are not in it. A finding is known when its
fingerprint (rule, path, clause number, normalised clause text) is in the baseline or, failing
that, when its rule, path and normalised evidence text are — so renumbering caused by an edit
elsewhere in the contract does not turn old findings into new ones. Baseline entries that no
longer occur are counted as fixed, so the file can be refreshed when it has gone stale.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker import __version__
from checker.findings import Finding
from checker.runner import DocumentResult

BASELINE_FORMAT = 1
_SPACE = re.compile(r"\s+")


class BaselineError(ValueError):
    """The baseline file is unreadable or not a baseline."""


def text_key(finding: Finding) -> str:
    """Identity that ignores the clause number: rule, document and normalised evidence."""
    evidence = _SPACE.sub(" ", (finding.evidence or "").lower()).strip()
    payload = "\x1f".join([finding.rule_id, finding.document or "", evidence])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def build_baseline(results: Iterable[DocumentResult]) -> dict[str, Any]:
    entries = [
        {
            "rule_id": finding.rule_id,
            "document": finding.document or result.path,
            "section": finding.section,
            "fingerprint": finding.fingerprint,
            "text_key": text_key(finding),
        }
        for result in results
        for finding in result.findings
    ]
    return {
        "format": BASELINE_FORMAT,
        "tool": {"name": "contract-checker", "version": __version__},
        "findings": entries,
    }


@dataclass(frozen=True, slots=True)
class Baseline:
    fingerprints: Counter[str]
    text_keys: Counter[str]
    size: int


def load_baseline(path: Path) -> Baseline:
    """A baseline file, or a JSON report written by ``check --format json`` (its findings count)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}: not JSON: {error.msg} (line {error.lineno})") from None
    if isinstance(data, dict) and isinstance(data.get("findings"), list):
        entries = data["findings"]
    elif isinstance(data, dict) and isinstance(data.get("documents"), list):
        entries = [
            {"fingerprint": finding.get("fingerprint"), "text_key": None}
            for document in data["documents"]
            for finding in document.get("findings", [])
        ]
    else:
        raise BaselineError(f"{path}: not a contract-checker baseline or JSON report")
    fingerprints = Counter(entry["fingerprint"] for entry in entries if entry.get("fingerprint"))
    text_keys = Counter(entry["text_key"] for entry in entries if entry.get("text_key"))
    return Baseline(fingerprints, text_keys, len(entries))


@dataclass(frozen=True, slots=True)
class BaselineOutcome:
    known: int
    new: int
    fixed: int

    def to_dict(self) -> dict[str, int]:
        return {"known": self.known, "new": self.new, "fixed": self.fixed}


def apply_baseline(results: Sequence[DocumentResult], baseline: Baseline) -> BaselineOutcome:
    """Drop known findings from the results (in place); count known, new and fixed."""
    fingerprints = Counter(baseline.fingerprints)
    text_keys = Counter(baseline.text_keys)
    known = new = 0
    for result in results:
        kept = []
        for finding in result.findings:
            key = text_key(finding)
            if finding.fingerprint and fingerprints[finding.fingerprint] > 0:
                fingerprints[finding.fingerprint] -= 1
                text_keys[key] -= 1 if text_keys[key] > 0 else 0
                known += 1
            elif text_keys[key] > 0:
                text_keys[key] -= 1
                known += 1
            else:
                kept.append(finding)
                new += 1
        result.findings = kept
    return BaselineOutcome(known=known, new=new, fixed=max(0, baseline.size - known))
