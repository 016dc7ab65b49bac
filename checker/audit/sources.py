"""What an audit reads: folders, globs and CSV manifests, with the manifest's metadata.

A manifest is a CSV file with a ``path`` column (relative to the manifest's folder, absolute,
or an fsspec URL such as ``s3://bucket/contract.pdf``) and any further columns, e.g.
counterparty, contract_type, owner, signed_date, which the store keeps and reports break down
by. Folders are walked like ``check`` walks them; a glob is expanded (``**`` recursive).
"""

from __future__ import annotations

import csv
import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

from checker.collect import collect_inputs


class SourceError(ValueError):
    """A source that cannot be read (missing manifest column, unreadable CSV...)."""


@dataclass(frozen=True, slots=True)
class AuditItem:
    """One contract to audit: where it is and what the manifest says about it."""

    path: str
    metadata: dict[str, str] = field(default_factory=dict)


def is_url(path: str) -> bool:
    """An fsspec URL (``s3://``, ``gcs://``, ``memory://``...) rather than a local path."""
    return "://" in path and not path.startswith("file://")


def read_manifest(manifest: Path) -> list[AuditItem]:
    try:
        with manifest.open(newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            columns = [name.strip() for name in reader.fieldnames or []]
            if "path" not in columns:
                raise SourceError(
                    f"{manifest}: a manifest needs a 'path' column (found: {', '.join(columns)})"
                )
            items = []
            for row in reader:
                values = {(key or "").strip(): (value or "").strip() for key, value in row.items()}
                path = values.pop("path")
                if not path:
                    continue
                if not is_url(path) and not os.path.isabs(path):
                    path = str(manifest.parent / path)
                items.append(AuditItem(path, {key: value for key, value in values.items() if key and value}))
            return items
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SourceError(f"{manifest}: cannot read the manifest ({type(error).__name__})") from None


def collect_audit_items(sources: list[str]) -> list[AuditItem]:
    """Every contract named by the sources, once, in a stable order (first mention wins)."""
    items: list[AuditItem] = []
    seen: set[str] = set()

    def add(item: AuditItem) -> None:
        key = item.path if is_url(item.path) else os.path.realpath(item.path)
        if key not in seen:
            seen.add(key)
            items.append(item)

    for source in sources:
        if is_url(source):
            add(AuditItem(source))
        elif source.lower().endswith(".csv") and os.path.isfile(source):
            for item in read_manifest(Path(source)):
                add(item)
        elif any(character in source for character in "*?[") and not os.path.exists(source):
            for path in collect_inputs(sorted(glob.glob(source, recursive=True))):
                add(AuditItem(path))
        elif os.path.exists(source):
            for path in collect_inputs([source]):
                add(AuditItem(path))
        else:
            raise SourceError(f"{source}: no such file or folder")
    return items
