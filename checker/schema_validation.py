"""Validate data files (taxonomy, rules, configuration) against the project's JSON Schemas.

Errors name the file and the JSON path of the offending value, because the people fixing a
rule pack or a configuration file are often lawyers, not programmers.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

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


def schema_errors(data: Any, schema_name: str, source: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(load_schema(schema_name))
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
    return [f"{source}: {json_path(error)}: {error.message}" for error in errors]


def validate(data: Any, schema_name: str, source: str) -> None:
    errors = schema_errors(data, schema_name, source)
    if errors:
        raise SchemaError("\n".join(errors))
