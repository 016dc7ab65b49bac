"""Hand-written cue patterns: phrasings that n-grams learn poorly from a few dozen examples.

Each cue is a case-insensitive regular expression written by this project; a match starting
inside a clause unit becomes one binary feature of that unit (shared by every category's
model, so a cue can count for or against any category). The expressions only use bounded
repetition (``.{0,120}``) and run on one clause unit at a time, so their cost is linear in the
unit's length. Rule files written by users never contain regular expressions.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

try:  # Python 3.11+ keeps the regex parser here; older versions expose it as sre_parse.
    from re import _parser as regex_parser
except ImportError:  # pragma: no cover
    import sre_parse as regex_parser  # type: ignore[no-redef]

# fmt: off
CUES: dict[str, list[str]] = {
    'mfn': [
        '(no|not) less favou?rabl',
        '(more|most|at least as|equally) favou?rabl',
        'most[- ]favou?red',
        '(lower|better|lowest|best) (price|prices|pricing|terms|rate)s? (than|that|offered|available|granted|given|charged)',
        '(same|similar) (or|and) (better|more favou?rable|lower)',
        '(than|as) (those|that|the terms?|prices?) (offered|granted|provided|charged|made available) to (any|other|another|all)',
    ],
    'tpb': [
        '(is|are|be|as|an?) (an? |the )?(express(ly)? |intended |direct |explicit )*(and )?(intended )?third[- ]part(y|ies)[- ]beneficiar',
        'third[- ]part(y|ies)[- ]beneficiar',
        '(no|not|nothing).{0,120}(third[- ]part(y|ies)[- ]beneficiar|confer (up)?on any)',
        'except (as|for|that).{0,150}(third[- ]party beneficiar|confer)',
        '(entitled to|shall have) the (full )?benefit of',
        # Affirmative: names a beneficiary ("X is an intended third party beneficiary"), which
        # CUAD counts; the negated boilerplate ("shall not be deemed a third party beneficiary",
        # "there are no third party beneficiaries") does not match.
        '(?<!not )(?<!never )\\b(is|are|be|become) (deemed )?(to be )?(an? |the )?(express(ly)? |intended |direct |explicit |specific )*(and )?(intended )?third[- ]part(y|ies)[- ](creditor )?beneficiar',
    ],
    'uncap': [
        '(shall|will) not (apply|limit)',
        'except (for|with respect to|in (the case|connection)|under|as to|in respect of).{0,200}(liab|damages)',
        '(liab|damages).{0,200}(shall|will) not (apply|limit|be limited)',
        '(exclusions?|limitations?) (of|on) liability.{0,100}(shall|will) not apply',
        '(nothing in this|nothing herein).{0,100}(limit|exclude).{0,60}liabilit',
        '(gross negligence|willful|wilful) (misconduct|default)',
        '(unlimited|no limit(ation)?) (on|of|to)? ?(the )?liabilit',
        'breach of (its |their |the )?(confidentiality|section|article)',
    ],
    'cap': [
        '(shall|will) not exceed',
        'aggregate liabilit',
        '(in no event|under no circumstances).{0,80}liable',
        'consequential',
        'limitation of liabilit',
        '(total|maximum|cumulative) liabilit',
    ],
    'ld': [
        'liquidated damages',
        '(not|rather than) (as )?a penalty',
        'termination (fee|charge|payment)',
        '(early|premature) termination',
        'penalt(y|ies)',
        '(late|overdue) (payment|charge|fee)',
        'per (day|diem) of (delay|late)',
        '(interest|surcharge) (at|of) .{0,30}(per|a) (month|annum|day)',
    ],
    'wd': [
        'warranty period',
        'warrant(s|y|ies)?.{0,150}(for a period of|period of|months|days|years) ',
        '(within|for) .{0,30}(days|months|years?) (after|from|following) (the )?(date of )?(delivery|shipment|installation|acceptance|receipt)',
        'defect',
        '(non[- ]?conform|nonconform)',
        '(replace|repair|re-?perform)',
    ],
    'jip': [
        'joint(ly)? (owned|own|ownership|invention|inventions|ip|intellectual|patents?|work|technology|developments?|improvements?|data)',
        'co-?own',
        '(owned|shared) (jointly|equally|in common)',
        '(undivided|equal) (interest|share|one-half)',
        'jointly (developed|created|conceived|made|invent)',
    ],
    'pts': [
        '(upon|after|following|on) (the )?(expiration|termination|expiry)',
        '(survive|survival)',
        '(wind[- ]?down|transition (services|period|assistance))',
        'sell[- ]off',
        '(return|destroy).{0,60}(confidential|materials|documents|inventory|copies)',
        '(continue|continuing) to (provide|supply|sell|perform|support|make)',
        '(after|following|post)[- ](termination|expiration)',
        '(remaining|existing|unsold) (inventory|stock|products)',
    ],
    'mc': [
        'minimum (purchase|order|quantit|volume|commitment|annual|sales|royalt|amount|number|revenue|fee|payment|guarantee)',
        '(at least|not less than|no less than) .{0,80}(units|per (year|month|quarter|calendar)|each (year|quarter|month)|annually)',
        '(shall|will|agrees to) (purchase|order|buy) .{0,60}(at least|not less than|minimum)',
        '(shortfall|take[- ]or[- ]pay)',
        '(annual|quarterly|monthly) (minimum|target|quota|forecast)',
        'binding (forecast|order|commitment)',
        # Negated commitments ("no minimum", "not obligated to purchase") are not minimums.
        'no (minimum|obligation to (purchase|order|buy))',
        '(not|no) (be )?(obligated|required|committed|obliged) to (purchase|order|buy)',
    ],
    'coc': [
        'change (of|in) (the )?control',
        '(merger|consolidat|acquisition|acquired|reorgani[sz]ation)',
        '(transfer|sale|sell|acquir).{0,40}(\\d+|fifty|majority|all or substantially all).{0,40}(voting|shares|stock|equity|assets|interest)',
        '(voting (power|securities|stock|control))',
        'by operation of law',
        '(deemed|constitute) (to be )?an? (assignment|transfer)',
        '(ownership|control) of .{0,30}(changes|is transferred)',
    ],
    'asg': [
        '(not|neither|no party).{0,60}assign',
        'assign.{0,120}(without|prior written consent|consent of)',
        'successors and (permitted )?assigns',
    ],
    'tfc': [
        'for (any reason|no reason|convenience|any or no reason|whatever reason)',
        '(without|with or without) (cause|reason)',
        '(terminate|termination).{0,120}(upon|on|by giving|with|after) (at least |not less than |no less than )?\\S+ (\\(\\d+\\) )?(days|months|calendar days|business days)',
        'at any time.{0,60}(terminate|termination)',
        '(terminate|termination).{0,60}at any time',
        '(sole|absolute) discretion.{0,80}terminat',
        'terminat.{0,80}(sole|absolute) discretion',
        'for (its|their|his|her) (own )?convenience',
        # Not convenience: a negated right, termination on a condition (breach, insolvency, an
        # event), at the end of a term (non-renewal), or by mutual agreement.
        '(may|shall|can|will) not (be )?(terminat|cancel)',
        'terminat.{0,150}(in the event|if |in case|should |upon the occurrence|due to|fails? to|breach|default|insolven|bankrupt)',
        'at the (end|expiration|expiry) of (the|its|any|a|such|each) (then[- ]current |initial |renewal )?(term|period|year)',
        'by mutual (written )?(agreement|consent)',
    ],
    'nc': [
        'non-?compet',
        '(not|neither).{0,150}(compet|competitive|competing)',
        '(competing|competitive|similar) (product|business|service)s?',
        '(restrictive covenant|restricted period|covenant not to)',
        '(engage|invest|participate|interest) in .{0,60}business',
    ],
    'excl': [
        # "non-exclusive" licences and "exclusive jurisdiction" are the commonest false friends.
        '(?<!non)(?<!non-)(?<!non )exclusiv',
        'non-?exclusiv',
        'exclusive (jurisdiction|venue|remed|forum|courts?|property|control|option|discretion)',
        '(sole|only) (and exclusive )?(supplier|distributor|provider|source|licensee|agent|reseller|representative)',
        '(not|neither).{0,100}(appoint|grant|license|authorize).{0,60}(any other|third part|others)',
        '(purchase|buy|obtain|source).{0,60}(solely|only|exclusively) from',
        '(all|entire) (of its |its )?(requirements|needs)',
    ],
    'nsol': [
        'solicit',
        '(hire|employ|engage|recruit).{0,80}(employee|personnel|staff)',
        '(induce|entice|encourage).{0,60}(leave|terminate|discontinue|cease)',
        'non-?solicit',
    ],
    'ren': [
        '(automatically|auto) (renew|extend)',
        'renew(al|ed|s)?',
        '(successive|additional|further) (\\S+ )?(\\(\\d+\\) )?(year|month|term|period)',
        'unless (either|one|a) party .{0,80}notice',
        '(extend|extension) (of )?(the|this) (term|agreement)',
        'evergreen',
    ],
    'rn': [
        '(prior to|before) (the )?(end|expiration|expiry) of',
        'notice of (non-?renewal|its intention not to renew|intent)',
        '(not|non-?) ?(to )?renew',
        '(days|months)\\S* (prior|written|advance)? ?(written )?notice',
    ],
    'ipa': [
        '(hereby )?(assigns?|transfer|convey)s?.{0,80}(right, title|all right|intellectual property|ownership|inventions?|patents?)',
        'work[s]?[- ]made[- ]for[- ]hire',
        '(shall|will) (be|become|remain) the (sole |exclusive )?property of',
        '(shall|will) own (all|any|the)',
        '(vest|vests|vested) in',
    ],
    'lic': [
        '(hereby )?grants?.{0,80}licen[cs]e',
        '(non-?exclusive|royalty[- ]free|sublicens|perpetual|irrevocable|worldwide)',
        'right to use',
        'licen[cs]e to (use|make|sell|reproduce|distribute)',
    ],
    'audit': [
        'audit',
        '(inspect|examin).{0,60}(books|records|accounts)',
        '(books|records) (and|of) (accounts|records)',
        '(keep|maintain) .{0,40}(books|records)',
        '(discrepancy|underpayment|overpayment)',
    ],
    'ins': [
        'insur',
        '(additional insured|certificate of insurance|general liability|coverage)',
        '(policy|policies) (of|with)',
    ],
    'gl': [
        'govern(ed|ing)? (by )?(law|the laws)',
        '(construed|interpreted) in accordance with',
        'laws of the (state|commonwealth|province)',
    ],
}
# fmt: on

_FLAGS = re.IGNORECASE | re.DOTALL


_LITERAL = regex_parser.LITERAL
_SUBPATTERN = regex_parser.SUBPATTERN
_BRANCH = regex_parser.BRANCH
_MIN_GATE = 3


def _leading_literal(items: list) -> str:
    run: list[str] = []
    for opcode, argument in items:
        if opcode is not _LITERAL:
            break
        run.append(chr(argument))
    return "".join(run)


def _literal_sets_in_order(pattern: str) -> list[tuple[str, ...]]:
    """The literals every match of ``pattern`` contains, as sets of alternatives, in pattern order.

    Each run of plain characters becomes a one-literal set; an alternation whose every branch
    starts with plain characters becomes the set of those starts (joined to the prefix the
    regex parser factors out of the branches: ``not|neither`` is parsed as ``n(ot|either)``).
    Groups are read as the sequences they contain. Anything optional or repeated is not
    guaranteed to appear, so it never becomes a gate.
    """
    return _sequence_literal_sets(list(regex_parser.parse(pattern)))


def _sequence_literal_sets(items: list) -> list[tuple[str, ...]]:
    sets: list[tuple[str, ...]] = []
    run: list[str] = []

    def close_run() -> None:
        nonlocal run
        literal = "".join(run).lower()
        if len(literal) >= _MIN_GATE:
            sets.append((literal,))
        run = []

    for opcode, argument in items:
        if opcode is _LITERAL:
            run.append(chr(argument))
            continue
        if opcode is _BRANCH:
            prefix = "".join(run)
            gates = tuple((prefix + _leading_literal(list(branch))).lower() for branch in argument[1])
            close_run()
            if all(len(gate) >= _MIN_GATE for gate in gates):
                sets.append(gates)
            continue
        close_run()
        if opcode is _SUBPATTERN:
            sets.extend(_sequence_literal_sets(list(argument[-1])))
    close_run()
    return sets


def required_literal_sets(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Every set of literals of which each match of ``pattern`` contains at least one, longest first."""
    return _longest_first(_literal_sets_in_order(pattern))


def _longest_first(sets: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(sets, key=lambda gates: -min(len(gate) for gate in gates)))


def required_literals(pattern: str) -> tuple[str, ...]:
    """Literals of which every match of ``pattern`` contains at least one (empty: no gate).

    The longest plain run wins; an alternation group is used when no run precedes it (the
    gate the cue index is built on; :func:`required_literal_sets` gives all of them).
    """
    return _gate_of(_literal_sets_in_order(pattern))


def _gate_of(sets: list[tuple[str, ...]]) -> tuple[str, ...]:
    best: tuple[str, ...] = ()
    best_length = 0
    for literals in sets:
        if len(literals) == 1 and len(literals[0]) > best_length:
            best, best_length = literals, len(literals[0])
        elif len(literals) > 1 and not best:
            best, best_length = literals, min(len(gate) for gate in literals)
    return best


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    expression: re.Pattern[str]
    gates: tuple[str, ...]
    # Further literal sets the text must also contain (one literal of each) before the
    # expression is worth running: a cheap second filter after the gate index.
    also: tuple[tuple[str, ...], ...] = ()


@cache
def compiled_cues() -> tuple[Cue, ...]:
    """Cues in a stable order, each with the literal that must be present for it to match."""
    cues = []
    for group, patterns in CUES.items():
        for index, pattern in enumerate(patterns):
            sets = _literal_sets_in_order(pattern)  # parsing is half the cost of a cold start here
            gates = _gate_of(sets)
            also = tuple(found for found in _longest_first(sets) if found != gates)
            cues.append(Cue(f"{group}{index}", re.compile(pattern, _FLAGS), gates, also))
    return tuple(cues)


@dataclass(frozen=True, slots=True)
class _GateIndex:
    """Each distinct gate literal once, with the cues it admits (as a bit mask), and the
    cues without a gate; OR-ing integer masks is much cheaper than growing a set per unit."""

    gates: tuple[str, ...]
    masks: tuple[int, ...]
    ungated: int


@cache
def _gate_index() -> _GateIndex:
    cues = compiled_cues()
    gates = tuple(sorted({gate for cue in cues for gate in cue.gates}))
    masks = tuple(sum(1 << index for index, cue in enumerate(cues) if gate in cue.gates) for gate in gates)
    ungated = sum(1 << index for index, cue in enumerate(cues) if not cue.gates)
    return _GateIndex(gates, masks, ungated)


def cue_ids(text: str) -> list[int]:
    """Indexes of the cues that match somewhere in ``text`` (one clause unit), in cue order.

    A substring test on the cues' mandatory literals rules most cues out at C speed before any
    regular expression runs; this is what keeps cues cheap on long contracts. Many cues share a
    gate (" not ", "shall"), so each distinct gate is tested once per unit rather than once per
    cue: that per-cue loop cost as much as the expressions themselves.
    """
    lowered = text.lower()
    index = _gate_index()
    candidates = index.ungated
    for gate, mask in zip(index.gates, index.masks, strict=True):
        if gate in lowered:
            candidates |= mask
    return _confirmed(text, lowered, candidates)


def unit_cue_ids(text: str, bounds: Sequence[tuple[int, int]]) -> list[list[int]]:
    """:func:`cue_ids` of each ``text[start:end]``, found by scanning the whole text once per gate.

    Testing every gate against every unit costs gates x units substring searches, most of
    them misses; finding each gate's occurrences in the whole text and placing them in their
    unit costs about one search per unit that contains the gate. Units must be sorted and
    disjoint (clause units are); otherwise, or when lower-casing changes the text's length
    (so offsets would shift), each unit is tested on its own, with the same result.
    """
    lowered = text.lower()
    ordered = all(end <= following for (_, end), (following, _) in itertools.pairwise(bounds))
    if len(lowered) != len(text) or not ordered:
        return [cue_ids(text[start:end]) for start, end in bounds]
    index = _gate_index()
    starts = [start for start, _ in bounds]
    candidates = [index.ungated] * len(bounds)
    for gate, mask in zip(index.gates, index.masks, strict=True):
        position = lowered.find(gate)
        while position != -1:
            unit = bisect.bisect_right(starts, position) - 1
            if unit >= 0 and position + len(gate) <= bounds[unit][1]:
                candidates[unit] |= mask
                # Further hits in this unit add nothing: resume at its end.
                position = lowered.find(gate, bounds[unit][1])
            else:
                position = lowered.find(gate, position + 1)
    return [
        _confirmed(text[start:end], lowered[start:end], mask)
        for (start, end), mask in zip(bounds, candidates, strict=True)
    ]


def _confirmed(text: str, lowered: str, candidates: int) -> list[int]:
    """The candidate cues (a bit mask) whose other literals and expression match ``text``."""
    cues = compiled_cues()
    found = []
    while candidates:
        lowest = candidates & -candidates
        candidates ^= lowest
        cue = cues[lowest.bit_length() - 1]
        if all(
            any(literal in lowered for literal in needed) for needed in cue.also
        ) and cue.expression.search(text):
            found.append(lowest.bit_length() - 1)
    return found
