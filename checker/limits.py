"""Limits applied to every untrusted input file.

The defaults suit a lawyer's laptop and a CI runner alike; audits and the web app pass
their own. Keeping them in one frozen object means a worker process receives exactly the
limits its parent was configured with.
"""

from __future__ import annotations

from dataclasses import dataclass

MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 50 * MEGABYTE
    # DOCX is a zip: refuse before inflating anything that would exceed these.
    max_uncompressed_bytes: int = 300 * MEGABYTE
    max_compression_ratio: float = 200.0
    max_zip_members: int = 5000
    max_pages: int = 2000
    timeout_seconds: float = 120.0
    max_memory_bytes: int = 2048 * MEGABYTE
    pdf_password: str | None = None
    docx_original_text: bool = False
