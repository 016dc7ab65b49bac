"""Expand the paths given on the command line into the files to check.

Files named explicitly are always checked (their format is sniffed from content, so a
misnamed file is still read or clearly refused); directories are searched for the
supported extensions, skipping hidden entries and never looping through symlinks.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
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
