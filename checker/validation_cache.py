"""Remember which rule packs and data files already passed validation, by content digest.

Validating the bundled rule packs (JSON Schema plus spaCy's own pattern checks) is a fifth of a
cold ``check`` and gives the same answer every time the files are unchanged. Like ruff's and
pytest's caches, a small JSON file in the user's cache folder records the digests of contents
that validated; a file whose digest is there skips validation. The digest covers the content,
the schema, the checker's version and spaCy's, so any change validates again. Only digests of
rule and configuration files are written: never contract text.

``CONTRACT_CHECKER_CACHE_DIR`` moves the cache; ``CONTRACT_CHECKER_NO_CACHE=1`` turns it off.
A missing, unreadable or unwritable cache only costs the validation time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from checker import __version__

CACHE_DIR_ENV = "CONTRACT_CHECKER_CACHE_DIR"
NO_CACHE_ENV = "CONTRACT_CHECKER_NO_CACHE"
CACHE_FILE = "validated.json"
MAX_ENTRIES = 2000


def cache_folder() -> Path | None:
    """Where the cache lives, or None when caching is turned off."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "contract-checker"


class ValidationCache:
    """A set of digests of validated contents, persisted in one JSON file."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / CACHE_FILE if folder is not None else None
        self._digests: list[str] = self._read()
        self._known = set(self._digests)

    def _read(self) -> list[str]:
        if self.path is None:
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        digests = data.get("valid") if isinstance(data, dict) else None
        if not isinstance(digests, list):
            return []
        return [digest for digest in digests if isinstance(digest, str)]

    @staticmethod
    def digest(kind: str, *parts: bytes) -> str:
        import spacy

        hasher = hashlib.sha256(f"{kind}\0{__version__}\0{spacy.__version__}\0".encode())
        for part in parts:
            hasher.update(len(part).to_bytes(8, "little"))
            hasher.update(part)
        return hasher.hexdigest()

    def __contains__(self, digest: str) -> bool:
        return digest in self._known

    def add(self, digest: str) -> None:
        """Record a digest and write the file atomically (best effort: errors are ignored)."""
        if digest in self._known:
            return
        self._known.add(digest)
        self._digests.append(digest)
        self._digests = self._digests[-MAX_ENTRIES:]
        if self.path is None:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".validated-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump({"valid": self._digests}, stream)
                os.replace(temporary, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise


@cache
def validation_cache() -> ValidationCache:
    """The process's cache (read once)."""
    return ValidationCache(cache_folder())
