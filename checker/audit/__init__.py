"""Batch audits of signed agreements: ``contract-checker audit``.

sources (what to check) -> plan (what changed since the store last saw it) -> an engine (a
local process pool, or Dask) running :func:`checker.audit.tasks.audit_document` per contract
under a time and memory limit -> each outcome committed to the store as soon as it arrives.
"""
