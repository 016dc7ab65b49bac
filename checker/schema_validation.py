"""Validate data files (taxonomy, rules, configuration) against the project's JSON Schemas.

Errors name the file and the JSON path of the offending value, because the people fixing a
rule pack or a configuration file are often lawyers, not programmers.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema


class SchemaError(ValueError):
    """A data file that does not match its schema; the message is one line per problem."""


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("checker").joinpath("schemas", name).read_text(encoding="utf-8")
    return json.loads(text)


def json_path(error: jsonschema.ValidationError) -> str:
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_text(name: str) -> bytes:
    return resources.files("checker").joinpath("schemas", name).read_bytes()


def schema_errors(data: Any, schema_name: str, source: str, content: bytes | None = None) -> list[str]:
    """Problems of ``data`` against a schema, one line each.

    With the file's ``content``, a content that validated before is not validated again
    (:mod:`checker.validation_cache`).
    """
    from checker.validation_cache import ValidationCache, validation_cache

    digest = ValidationCache.digest(schema_name, schema_text(schema_name), content) if content else None
    if digest is not None and digest in validation_cache():
        return []
    import jsonschema  # a tenth of a second, not needed when every file is known valid

    validator = jsonschema.Draft202012Validator(load_schema(schema_name))
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
    if digest is not None and not errors:
        validation_cache().add(digest)
    return [f"{source}: {json_path(error)}: {error.message}" for error in errors]


def validate(data: Any, schema_name: str, source: str, content: bytes | None = None) -> None:
    errors = schema_errors(data, schema_name, source, content)
    if errors:
        raise SchemaError("\n".join(errors))
