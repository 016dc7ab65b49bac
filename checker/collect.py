"""Expand the paths given on the command line into the files to check.

Files named explicitly are always checked (their format is sniffed from content, so a
misnamed file is still read or clearly refused); directories are searched for the
supported extensions, skipping hidden entries and never looping through symlinks.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"})
# Contract formats we cannot read are still collected, so a folder audit reports them as
# "unsupported, convert to ..." instead of silently leaving a contract unchecked.
REFUSED_DOCUMENT_SUFFIXES = frozenset({".doc", ".rtf", ".odt", ".wpd", ".pages", ".docm", ".dotx"})
COLLECTED_SUFFIXES = SUPPORTED_SUFFIXES | REFUSED_DOCUMENT_SUFFIXES


def collect_inputs(paths: Iterable[str]) -> list[str]:
    """Return files in a stable order; missing paths are kept so the report can name them."""
    found: list[str] = []
    seen: set[str] = set()
    for given in paths:
        candidates = _walk_directory(given) if os.path.isdir(given) else [given]
        for candidate in candidates:
            key = os.path.realpath(candidate)
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _walk_directory(root: str) -> list[str]:
    files: list[str] = []
    visited: set[tuple[int, int]] = set()
    for directory, subdirectories, filenames in os.walk(root, followlinks=True):
        status = os.stat(directory)
        identity = (status.st_dev, status.st_ino)
        if identity in visited:
            subdirectories[:] = []
            continue
        visited.add(identity)
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        for filename in sorted(filenames):
            if filename.startswith("."):
                continue
            if Path(filename).suffix.lower() in COLLECTED_SUFFIXES:
                path = os.path.join(directory, filename)
                if os.path.isfile(path):
                    files.append(path)
    return files


@dataclass(frozen=True, slots=True)
class Bundle:
    """Documents that form one agreement (MSA + SLA schedule + DPA ...), checked together."""

    name: str
    paths: tuple[str, ...]


Item = str | Bundle


def _in_bundle(path: str, patterns: Sequence[str], root: Path) -> bool:
    absolute = os.path.abspath(path)
    for pattern in patterns:
        target = os.path.abspath(root / pattern)
        if absolute == target or absolute.startswith(target.rstrip(os.sep) + os.sep):
            return True
        if fnmatch.fnmatchcase(absolute, target):
            return True
    return False


def group_bundles(files: Sequence[str], bundles: Mapping[str, Sequence[str]], root: Path) -> list[Item]:
    """Group files into the configured bundles (a name -> files, folders or globs relative to
    ``root``); the rest stay single documents. A bundle takes the place of its first file."""
    order: list[tuple[str, str]] = []  # ("file", path) or ("bundle", name)
    members: dict[str, list[str]] = {}
    for path in files:
        name = next((name for name, patterns in bundles.items() if _in_bundle(path, patterns, root)), None)
        if name is None:
            order.append(("file", path))
            continue
        if name not in members:
            members[name] = []
            order.append(("bundle", name))
        members[name].append(path)
    return [Bundle(value, tuple(members[value])) if kind == "bundle" else value for kind, value in order]
