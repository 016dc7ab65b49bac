"""How report writers name a document: relative to the repository root, with ``/`` separators.

CI systems, spreadsheets and reviewers all want the path as the repository shows it, so every
writer goes through the same rule instead of keeping its own copy.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def relative_to_root(path: str, root: Path | None = None) -> PurePosixPath | None:
    """``path`` relative to ``root`` (default: the current folder), or None when it lies outside."""
    base = (root or Path.cwd()).resolve()
    candidate = Path(path)
    absolute = candidate if candidate.is_absolute() else Path.cwd() / candidate
    try:
        return PurePosixPath(absolute.resolve().relative_to(base).as_posix())
    except (OSError, ValueError):
        return None


def display_path(path: str, root: Path | None = None) -> str:
    """The path relative to ``root`` when it lies inside it, else as given, with ``/`` separators."""
    relative = relative_to_root(path, root)
    return str(relative) if relative is not None else Path(path).as_posix()
