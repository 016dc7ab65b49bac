"""The clause categories, loaded once from ``taxonomy.yaml`` and validated at start-up.

Rules, the classifier and the reports all name categories by id; a typo in any of them
should fail loudly at load time, so everything goes through :func:`load_taxonomy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from checker.schema_validation import SchemaError, validate
from checker.yaml_loading import load_yaml

TAXONOMY_FILE = "taxonomy.yaml"


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    group: str
    definition: str
    cuad: tuple[str, ...] = ()

    @property
    def cuad_aligned(self) -> bool:
        return bool(self.cuad)


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: int
    groups: dict[str, str]
    categories: tuple[Category, ...]

    def __contains__(self, category_id: object) -> bool:
        return any(category.id == category_id for category in self.categories)

    def __getitem__(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(category.id for category in self.categories)

    @property
    def cuad_aligned(self) -> tuple[Category, ...]:
        return tuple(category for category in self.categories if category.cuad_aligned)


def parse_taxonomy(data: object, source: str = TAXONOMY_FILE, content: bytes | None = None) -> Taxonomy:
    validate(data, "taxonomy.schema.json", source, content)
    assert isinstance(data, dict)
    groups = dict(data["groups"])
    categories = tuple(
        Category(
            id=entry["id"],
            name=entry["name"],
            group=entry["group"],
            definition=entry["definition"],
            cuad=tuple(entry.get("cuad", ())),
        )
        for entry in data["categories"]
    )
    problems = [
        f"{source}: category {c.id}: unknown group {c.group!r}" for c in categories if c.group not in groups
    ]
    seen: set[str] = set()
    for category in categories:
        if category.id in seen:
            problems.append(f"{source}: duplicate category id {category.id!r}")
        seen.add(category.id)
    if problems:
        raise SchemaError("\n".join(problems))
    return Taxonomy(version=data["version"], groups=groups, categories=categories)


@cache
def load_taxonomy() -> Taxonomy:
    content = resources.files("checker").joinpath(TAXONOMY_FILE).read_bytes()
    return parse_taxonomy(load_yaml(content), content=content)
