"""The check kinds of the rule language and how each is evaluated.

A check evaluates to an :class:`Outcome`: whether it holds, the evidence that explains the
result (the clause that lacks a deadline, the offending sentence, the clause satisfying a
condition), and facts a message can quote (``${found}``, ``${limit}``). Rules raise a finding
when their check does not hold, so evidence on a failed outcome is where the finding points;
a missing protection has no evidence and belongs to the document as a whole.

Checks compose with ``all``/``any``/``not`` and ``when``/``then``; :func:`compile_check`
turns the validated YAML mapping into these objects once, at load time.

A ``drafting`` check reports every occurrence of a slip, not one gap: its failed outcome carries
one :class:`Occurrence` per slip, and the engine raises one finding for each, at its own place.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from checker.rules.matching import MatcherRegistry, TextMatcher
from checker.rules.subject import Evidence, Subject, describe, in_range

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a check failed at, with the facts its message quotes there (``${found}``...)."""

    evidence: Evidence
    facts: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Outcome:
    passed: bool
    evidence: list[Evidence] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    incorporated: str | None = None
    occurrences: list[Occurrence] = field(default_factory=list)


class Check(Protocol):
    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome: ...

    def categories(self) -> set[str]: ...


class CheckCompileError(ValueError):
    """A check that passed the schema but cannot work (unknown category, missing param)."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


def _as_list(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True, slots=True)
class Requires:
    """The agreement contains a clause of one of the categories (or wording that stands for it)."""

    category: tuple[str, ...]
    min_confidence: float = 0.0
    or_mentions: TextMatcher | None = None
    incorporated_as: TextMatcher | None = None

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        found = subject.clauses(self.category, self.min_confidence)
        facts = {"category": ", ".join(self.category)}
        if found:
            return Outcome(True, [subject.clause_evidence(index, clause) for index, clause in found], facts)
        if self.or_mentions is not None:
            hits = subject.hits(self.or_mentions)
            if hits:
                return Outcome(
                    True, [subject.evidence_at(hit.document, hit.start, hit.end) for hit in hits], facts
                )
        if self.incorporated_as is not None:
            hits = subject.hits(self.incorporated_as)
            if hits:
                hit = hits[0]
                name = subject.text(hit.document)[hit.start : hit.end]
                return Outcome(
                    False, [subject.evidence_at(hit.document, hit.start, hit.end)], facts, incorporated=name
                )
        return Outcome(False, [], facts)

    def categories(self) -> set[str]:
        return set(self.category)


@dataclass(frozen=True, slots=True)
class WhenThen:
    """If the condition holds, the consequence must too; a failure points at the condition's clause."""

    when: Check
    then: Check

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        condition = self.when.evaluate(subject, params)
        if not condition.passed:
            return Outcome(True, [], condition.facts)
        consequence = self.then.evaluate(subject, params)
        facts = {**condition.facts, **consequence.facts}
        if consequence.passed:
            return Outcome(True, consequence.evidence, facts)
        evidence = consequence.evidence or condition.evidence[:1]
        return Outcome(False, evidence, facts, consequence.incorporated, consequence.occurrences)

    def categories(self) -> set[str]:
        return self.when.categories() | self.then.categories()


@dataclass(frozen=True, slots=True)
class Within:
    """At least one clause of the category contains the wording or value (vacuous without such a clause)."""

    category: tuple[str, ...]
    contains: TextMatcher

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        found = subject.clauses(self.category)
        facts = {"category": ", ".join(self.category)}
        if not found:
            return Outcome(True, [], facts)
        hits = subject.hits(self.contains)
        for index, clause in found:
            inside = in_range(hits, index, clause.start, clause.end)
            if inside:
                hit = inside[0]
                facts["found"] = subject.text(index)[hit.start : hit.end]
                return Outcome(True, [subject.clause_evidence(index, clause)], facts)
        return Outcome(False, [subject.clause_evidence(index, clause) for index, clause in found], facts)

    def categories(self) -> set[str]:
        return set(self.category)


@dataclass(frozen=True, slots=True)
class Forbids:
    """Wording that must not appear (optionally only inside clauses of a category)."""

    matcher: TextMatcher
    within: tuple[str, ...] = ()
    unless: TextMatcher | None = None

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        hits = subject.hits(self.matcher)
        if self.within:
            clauses = subject.clauses(self.within)
            hits = [
                hit for index, clause in clauses for hit in in_range(hits, index, clause.start, clause.end)
            ]
        exceptions = subject.hits(self.unless) if self.unless is not None else []
        offending = []
        for hit in hits:
            start, end = subject.sentence(hit.document, hit.start, hit.end)
            if exceptions and in_range(exceptions, hit.document, start, end):
                continue
            offending.append((hit, start, end))
        if not offending:
            return Outcome(True)
        hit, start, end = offending[0]
        facts = {"found": subject.text(hit.document)[hit.start : hit.end]}
        evidence = [subject.evidence_at(hit.document, start, end) for hit, start, end in offending]
        return Outcome(False, evidence, facts)

    def categories(self) -> set[str]:
        return set(self.within)


@dataclass(frozen=True, slots=True)
class Threshold:
    """A normalised value in clauses of the category meets a limit (at least one stated value must)."""

    category: tuple[str, ...]
    entities: tuple[str, ...]
    field: str
    op: str
    limit: float | str  # a number, or the name of a rule param
    near: TextMatcher | None = None
    business_days: str = "any"
    if_missing: str = "pass"

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        limit = float(params[self.limit]) if isinstance(self.limit, str) else float(self.limit)
        compare = _OPERATORS[self.op]
        facts = {"category": ", ".join(self.category), "limit": describe(limit)}
        clauses = subject.clauses(self.category)
        if not clauses:  # vacuous: another rule asks for the clause itself
            return Outcome(True, [], facts)
        candidates = self._values(subject, clauses)
        if not candidates:
            passed = self.if_missing == "pass"
            return Outcome(
                passed, [] if passed else [subject.clause_evidence(i, c) for i, c in clauses[:1]], facts
            )
        for index, value, number in candidates:
            if compare(number, limit):
                facts["found"] = value.text
                return Outcome(True, [subject.evidence_at(index, value.start, value.end)], facts)
        index, value, _ = candidates[0]
        facts["found"] = value.text
        evidence = [subject.evidence_at(i, *subject.sentence(i, v.start, v.end)) for i, v, _ in candidates]
        return Outcome(False, evidence, facts)

    def _values(self, subject: Subject, clauses: Sequence[tuple[int, Any]]) -> list[tuple[int, Any, float]]:
        near_hits = subject.hits(self.near) if self.near is not None else None
        found: list[tuple[int, Any, float]] = []
        seen: set[tuple[int, int]] = set()
        for label in self.entities:
            for index, value in subject.values_by_label.get(label, ()):
                if (index, value.start) in seen:
                    continue
                if not any(i == index and c.start <= value.start and value.end <= c.end for i, c in clauses):
                    continue
                number = field_number(value.value, self.field)
                if number is None or not self._business_ok(value.value):
                    continue
                if near_hits is not None:
                    start, end = subject.sentence(index, value.start, value.end)
                    if not in_range(near_hits, index, start, end):
                        continue
                seen.add((index, value.start))
                found.append((index, value, number))
        found.sort(key=lambda item: (item[0], item[1].start))
        return found

    def _business_ok(self, value: dict[str, Any]) -> bool:
        business = bool(_nested(value, "business"))
        if self.business_days == "only":
            return business
        if self.business_days == "exclude":
            return not business
        return True

    def categories(self) -> set[str]:
        return set(self.category)


def _nested(value: dict[str, Any], key: str) -> Any:
    if key in value:
        return value[key]
    inner = value.get("duration")
    if isinstance(inner, dict):
        return inner.get(key)
    return None


def field_number(value: dict[str, Any], name: str) -> float | None:
    """A numeric field of a normalised value; hours and days convert into each other."""
    number = _nested(value, name)
    if number is None and name == "hours":
        days = _nested(value, "days")
        number = None if days is None else float(days) * 24
    if number is None and name == "percent":
        number = value.get("value")
    if isinstance(number, bool) or not isinstance(number, int | float):
        return None
    return float(number)


@dataclass(frozen=True, slots=True)
class Mentions:
    """The wording or value occurs anywhere in the agreement."""

    matcher: TextMatcher

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        hits = subject.hits(self.matcher)
        evidence = [subject.evidence_at(hit.document, hit.start, hit.end) for hit in hits]
        facts = {"found": subject.text(hits[0].document)[hits[0].start : hits[0].end]} if hits else {}
        return Outcome(bool(hits), evidence, facts)

    def categories(self) -> set[str]:
        return set()


@dataclass(frozen=True, slots=True)
class Fact:
    """A property of the agreement worked out from its clauses and values (see facts.py)."""

    name: str

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        return Outcome(subject.fact(self.name))

    def categories(self) -> set[str]:
        return set()


@dataclass(frozen=True, slots=True)
class ContractType:
    types: tuple[str, ...]

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        detected = subject.detected_contract_type
        return Outcome(detected in self.types, [], {"contract_type": detected})

    def categories(self) -> set[str]:
        return set()


@dataclass(frozen=True, slots=True)
class AllOf:
    checks: tuple[Check, ...]

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        facts: dict[str, str] = {}
        evidence: list[Evidence] = []
        for check in self.checks:
            outcome = check.evaluate(subject, params)
            facts.update(outcome.facts)
            if not outcome.passed:
                return Outcome(False, outcome.evidence, facts, outcome.incorporated, outcome.occurrences)
            evidence.extend(outcome.evidence)
        return Outcome(True, evidence, facts)

    def categories(self) -> set[str]:
        return set().union(*(check.categories() for check in self.checks))


@dataclass(frozen=True, slots=True)
class AnyOf:
    checks: tuple[Check, ...]

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        failures: list[Outcome] = []
        for check in self.checks:
            outcome = check.evaluate(subject, params)
            if outcome.passed:
                return outcome
            failures.append(outcome)
        facts = {key: value for outcome in reversed(failures) for key, value in outcome.facts.items()}
        first = failures[0]
        incorporated = next((outcome.incorporated for outcome in failures if outcome.incorporated), None)
        return Outcome(False, first.evidence, facts, incorporated, first.occurrences)

    def categories(self) -> set[str]:
        return set().union(*(check.categories() for check in self.checks))


@dataclass(frozen=True, slots=True)
class Not:
    check: Check

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        outcome = self.check.evaluate(subject, params)
        return Outcome(not outcome.passed, outcome.evidence, outcome.facts)

    def categories(self) -> set[str]:
        return self.check.categories()


@dataclass(frozen=True, slots=True)
class Drafting:
    """No drafting slip of the analysis (of the listed kinds); else one occurrence per slip.

    The analyses (:mod:`checker.drafting`) run once per agreement and are shared by every
    drafting rule; ``allow`` adds words an analysis accepts (capitalised words that need no
    definition).
    """

    analysis: str
    kinds: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()

    def evaluate(self, subject: Subject, params: dict[str, Any]) -> Outcome:
        slips = subject.drafting.slips(self.analysis, self.allow)
        if self.kinds:
            slips = [slip for slip in slips if slip.kind in self.kinds]
        if not slips:
            return Outcome(True, [], {"count": "0"})
        occurrences = [
            Occurrence(
                subject.evidence_at(slip.document, slip.start, slip.end),
                {"kind": slip.kind.replace("_", " "), **slip.facts},
            )
            for slip in slips
        ]
        facts = {"count": str(len(slips)), **occurrences[0].facts}
        return Outcome(False, [item.evidence for item in occurrences], facts, occurrences=occurrences)

    def categories(self) -> set[str]:
        return set()


def compile_check(
    data: dict[str, Any],
    registry: MatcherRegistry,
    categories: frozenset[str],
    params: dict[str, Any],
    path: str = "$",
) -> Check:
    """Turn a schema-valid check mapping into check objects; errors carry the JSON path."""

    def category_list(value: str | list[str], where: str) -> tuple[str, ...]:
        names = _as_list(value)
        for name in names:
            if name not in categories:
                raise CheckCompileError(f"unknown clause category {name!r}", where)
        return names

    def matcher(spec: dict[str, Any]) -> TextMatcher:
        return registry.add(
            entities=_as_list(spec.get("entity", ())),
            phrases=spec.get("phrases", ()),
            patterns=spec.get("patterns", ()),
        )

    def number(value: Any, where: str) -> float | str:
        if isinstance(value, dict):
            name = value["param"]
            if name not in params:
                raise CheckCompileError(f"param {name!r} is not defined in the rule's params", where)
            return str(name)
        return float(value)

    def sub(value: dict[str, Any], where: str) -> Check:
        return compile_check(value, registry, categories, params, where)

    if "requires" in data or "present" in data:
        key = "requires" if "requires" in data else "present"
        spec = data[key]
        if isinstance(spec, str):
            return Requires(category_list(spec, f"{path}.{key}"))
        return Requires(
            category_list(spec["category"], f"{path}.{key}.category"),
            min_confidence=float(spec.get("min_confidence", 0.0)),
            or_mentions=matcher(spec["or_mentions"]) if "or_mentions" in spec else None,
            incorporated_as=registry.add(phrases=spec["incorporated_as"])
            if "incorporated_as" in spec
            else None,
        )
    if "when" in data:
        return WhenThen(sub(data["when"], f"{path}.when"), sub(data["then"], f"{path}.then"))
    if "within" in data:
        spec = data["within"]
        return Within(category_list(spec["category"], f"{path}.within.category"), matcher(spec["contains"]))
    if "forbids" in data:
        spec = data["forbids"]
        return Forbids(
            registry.add(phrases=spec.get("phrases", ()), patterns=spec.get("patterns", ())),
            within=category_list(spec["in"], f"{path}.forbids.in") if "in" in spec else (),
            unless=matcher(spec["unless"]) if "unless" in spec else None,
        )
    if "threshold" in data:
        spec = data["threshold"]
        return Threshold(
            category=category_list(spec["category"], f"{path}.threshold.category"),
            entities=_as_list(spec["entity"]),
            field=spec["field"],
            op=spec["op"],
            limit=number(spec["value"], f"{path}.threshold.value"),
            near=registry.add(phrases=spec["near"]) if "near" in spec else None,
            business_days=spec.get("business_days", "any"),
            if_missing=spec.get("if_missing", "pass"),
        )
    if "mentions" in data:
        return Mentions(matcher(data["mentions"]))
    if "fact" in data:
        return Fact(data["fact"])
    if "contract_type" in data:
        return ContractType(tuple(data["contract_type"]))
    if "all" in data:
        return AllOf(tuple(sub(item, f"{path}.all[{i}]") for i, item in enumerate(data["all"])))
    if "any" in data:
        return AnyOf(tuple(sub(item, f"{path}.any[{i}]") for i, item in enumerate(data["any"])))
    if "not" in data:
        return Not(sub(data["not"], f"{path}.not"))
    if "drafting" in data:
        return _drafting(data["drafting"], f"{path}.drafting")
    raise CheckCompileError("no check kind given", path)


def _drafting(spec: dict[str, Any], path: str) -> Drafting:
    from checker.drafting import ANALYSES

    analysis = ANALYSES.get(spec["analysis"])
    if analysis is None:
        raise CheckCompileError(f"unknown drafting analysis {spec['analysis']!r}", f"{path}.analysis")
    kinds = tuple(spec.get("kinds", ()))
    unknown = [kind for kind in kinds if kind not in analysis.kinds]
    if unknown:
        known = ", ".join(analysis.kinds)
        raise CheckCompileError(
            f"unknown kind {unknown[0]!r} for drafting analysis {analysis.name!r} (known: {known})",
            f"{path}.kinds",
        )
    return Drafting(analysis.name, kinds, tuple(spec.get("allow", ())))
