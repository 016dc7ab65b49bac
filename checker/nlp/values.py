"""Contract value extraction: find durations, deadlines, money, laws and seats, and normalise them.

Declarative rules such as "breach notice <= 72 hours" or "availability >= 99.5%" need values, not
text. The ``contract_values`` component writes labelled spans to ``doc.spans["values"]`` (they may
overlap: a DEADLINE contains its DURATION) and puts a plain JSON-ready dict of the normalised value
on each span's ``span._.value``::

    DURATION          {"amount": 30, "unit": "day", "days": 30, "business": False}
                      (+ "hours" for hours, "minutes" for minutes, "words_disagree": True when
                      "thirty (60) days" - the figure wins); units minute/hour/day/week/month/
                      quarter/year; months are 365/12 days; business days keep their count
    DEADLINE          {"bound": "max" | "min", "duration": {DURATION value}}
    PERCENT           {"value": 99.95}
    MONEY             {"amount": 1000000.0, "currency": "USD"}   (ISO 4217; "$" is read as USD)
    FREQUENCY         {"per_year": 12.0, "text": "monthly"} (+ "bound" after "at least" ...)
    REGULATION        {"name": "UK GDPR", "kind": "data_protection" | "anti_bribery" |
                       "export_control" | "financial" | "other", "region": "UK" | None}
    STANDARD          {"name": "ISO/IEC 27001", "version": "2022" | None, "type": "II" | None}
    ARBITRAL_BODY     {"name": "LCIA", "rules": True}
    ARBITRATION_SEAT  {"seat": "London"} (+ "country": "GB" when known)
    JURISDICTION      {"name": "New York", "country": "US" | None, "governing": True}
    COURT             {"name": "Travis County, Texas", "exclusive": True} (+ "country")
    PARTY_ROLE        {"role": "service provider", "side": "provider" | "customer" | "unknown"}
    DEFINED_TERM      {"term": "Effective Date"}

Why it is built the way it is:

* Speed. spaCy's ``Matcher`` tries every pattern at every token and evaluates ``IN`` sets in
  Python, so ~50 token patterns run over a whole 10,000-word contract cost several times the
  tokenizer. One C-level ``PhraseMatcher`` pass finds cheap anchors instead (unit words, currency
  signs, quotes, "law", "court" ...) and each family's token patterns run only on small windows
  around its own anchors. On CUAD contracts the component takes about a third of the time of the
  blank English tokenizer.
* Line breaks. Raw text keeps PDF line breaks and double spaces, which the tokenizer turns into
  whitespace tokens in the middle of phrases ("the State of New\\nYork"). Extractors count in a
  compact *view* that skips them (an index map, not a second Doc), and spans are mapped back to
  the original tokens.
* One value per span. ``Span`` extension values are stored by character offsets, so two spans with
  the same offsets would share one value. The component never emits two such spans: DEFINED_TERM
  spans include their quote marks, so they never coincide with the PARTY_ROLE inside them.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy import util
from spacy.attrs import IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, Token
from spacy.training import Example

FACTORY_NAME = "contract_values"
DEFAULT_SPANS_KEY = "values"
LABELS: tuple[str, ...] = (
    "DURATION",
    "DEADLINE",
    "PERCENT",
    "MONEY",
    "FREQUENCY",
    "REGULATION",
    "STANDARD",
    "ARBITRAL_BODY",
    "ARBITRATION_SEAT",
    "JURISDICTION",
    "COURT",
    "PARTY_ROLE",
    "DEFINED_TERM",
)

if not Span.has_extension("value"):
    Span.set_extension("value", default=None)

Pattern = list[dict[str, Any]]
Value = dict[str, Any]


def _word_list(text: str) -> list[str]:
    """Split a space-separated word list; keeps long lexicons readable."""
    return text.split()


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

_ONES: dict[str, int] = {
    w: i
    for i, w in enumerate(
        _word_list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS: dict[str, int] = {
    w: 10 * (i + 2) for i, w in enumerate(_word_list("twenty thirty forty fifty sixty seventy eighty ninety"))
}
_BIG: dict[str, int] = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_WORDS: frozenset[str] = frozenset(_ONES) | frozenset(_TENS) | frozenset(_BIG) | {"hundred"}
_NUMBER_JOINERS = frozenset({"and", "-", "a", "half"})
_NUMERAL_RE = re.compile(r"^\+?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_numeral(text: str) -> float | None:
    """Value of a figure such as "30", "1,000,000" or "99.95"; None for "3rd", "2016/679", "5.2(a".

    Strict on purpose: clause numbers and dates must never be read as amounts.
    """
    if not _NUMERAL_RE.match(text):
        return None
    return float(text.replace(",", "").lstrip("+"))


def parse_number_words(words: Sequence[str]) -> float | None:
    """Value of an English number phrase ("one hundred and twenty", "twenty-four"), else None.

    Strict about word order ("thirty sixty" is None) so that a list of numbers is never read as
    one number; "X and a half" is accepted because fees and rates use it.
    """
    lowers = [w.lower() for w in words]
    half = 0.0
    if lowers[-3:] == ["and", "a", "half"] and len(lowers) > 3:
        lowers, half = lowers[:-3], 0.5
    total = current = 0
    last = ""
    for word in lowers:
        step = _number_step(word, last, current)
        if step is None:
            return None
        current, last, flushed = step
        total += flushed
    if last in ("", "and", "-"):
        return None
    return float(total + current) + half


def _number_step(word: str, last: str, current: int) -> tuple[int, str, int] | None:
    """One word of `parse_number_words`: (new current, new state, amount flushed to the total)."""
    if word == "and":
        return (current, "and", 0) if last in ("hundred", "big") else None
    if word == "-":
        return (current, "-", 0) if last == "ten" else None
    if word in _ONES:
        value = _ONES[word]
        if last in ("one", "teen") or (last in ("ten", "-") and not 0 < value < 10):
            return None
        return current + value, "teen" if value >= 10 else "one", 0
    if word in _TENS:
        return None if last in ("one", "teen", "ten", "-") else (current + _TENS[word], "ten", 0)
    if word == "hundred":
        return (current * 100, "hundred", 0) if 0 < current < 100 and last in ("one", "teen", "ten") else None
    if word in _BIG:
        return (0, "big", current * _BIG[word]) if current > 0 and last not in ("and", "-") else None
    return None


def _longest_number_suffix(lowers: Sequence[str]) -> tuple[int, float] | None:
    """(tokens to skip, value) for the longest readable number at the end of `lowers`.

    The token patterns are greedy, so "one and thirty" or "and sixty" can reach the normaliser;
    the readable tail is the number and the rest is dropped from the span.
    """
    for skip in range(len(lowers)):
        value = parse_number_words(lowers[skip:])
        if value is not None:
            return skip, value
    return None


def _clean(number: float) -> int | float:
    """An int when whole (30, not 30.0), else rounded to 4 places, so values compare and print well."""
    return int(number) if float(number).is_integer() else round(number, 4)


@dataclass(frozen=True)
class _Quantity:
    value: float
    skip: int
    words_disagree: bool


def _read_quantity(tokens: Sequence[Token]) -> _Quantity | None:
    """Read "thirty (30)", "(30)", "30", "one hundred and twenty" or "thirty-" before a unit.

    When words and figures disagree ("thirty (60) days") the figure wins: it is the specific
    term, and the mismatch is reported as ``words_disagree`` for a human to check.
    """
    toks = list(tokens)
    while toks and toks[-1].text == "-":
        toks.pop()
    digits: float | None = None
    words_end = len(toks)
    if len(toks) >= 3 and toks[-1].text == ")" and toks[-3].text == "(":
        digits, words_end = parse_numeral(toks[-2].text), len(toks) - 3
        if digits is None:
            return None
    elif toks and (figure := parse_numeral(toks[-1].text)) is not None:
        digits, words_end = figure, len(toks) - 1
    words = _longest_number_suffix([t.lower_ for t in toks[:words_end]]) if words_end else None
    if words is None:
        return None if digits is None else _Quantity(digits, words_end, False)
    skip, spelled = words
    if digits is None:
        return _Quantity(spelled, skip, False)
    return _Quantity(digits, skip, spelled != digits)


# --------------------------------------------------------------------------------------------
# Durations, deadlines and frequencies
# --------------------------------------------------------------------------------------------

_UNITS: dict[str, str] = {
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "hr": "hour",
    "hrs": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "quarter": "quarter",
    "quarters": "quarter",
    "year": "year",
    "years": "year",
    "yr": "year",
    "yrs": "year",
}
_DAYS_PER_UNIT: dict[str, float] = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365 / 12,
    "quarter": 365 / 4,
    "year": 365.0,
}
# Business days per year (52 weeks of 5 days) so "every 5 Business Days" is 52 times a year.
_PER_YEAR_BY_UNIT: dict[str, float] = {
    "minute": 525_600.0,
    "hour": 8_760.0,
    "day": 365.0,
    "business_day": 260.0,
    "week": 52.0,
    "month": 12.0,
    "quarter": 4.0,
    "year": 1.0,
}
_BUSINESS = frozenset({"business", "working", "banking"})
_DURATION_QUALIFIERS = _BUSINESS | {
    "calendar",
    "consecutive",
    "full",
    "clear",
    "successive",
    "complete",
    "additional",
    "further",
}


def duration_value(amount: float, unit: str, *, business: bool = False) -> Value:
    """Normalised duration: {"amount", "unit", "days"} plus "business" for days, "hours" for hours.

    Business days stay a count (5 Business Days -> days 5, business True) because converting them
    to calendar days depends on holidays; rules compare like with like using the flag.
    """
    value: Value = {"amount": _clean(amount), "unit": unit, "days": _clean(amount * _DAYS_PER_UNIT[unit])}
    if unit == "day" or business:
        value["business"] = business
    if unit == "hour":
        value["hours"] = _clean(amount)
    elif unit == "minute":
        value["minutes"] = _clean(amount)
        value["hours"] = _clean(amount / 60)
    return value


_BOUNDS_BEFORE: dict[str, tuple[str, ...]] = {
    "max": (
        "within",
        "no later than",
        "not later than",
        "in no event later than",
        "no more than",
        "not more than",
        "not to exceed",
        "not exceeding",
        "at most",
        "up to",
        "a maximum of",
        "maximum of",
        "no longer than",
        "not longer than",
    ),
    "min": (
        "at least",
        "not less than",
        "no less than",
        "no fewer than",
        "not fewer than",
        "a minimum of",
        "minimum of",
        "no shorter than",
        "not shorter than",
    ),
}
_BOUNDS_AFTER: dict[str, tuple[str, ...]] = {
    "min": (
        "prior to",
        "prior",
        "before",
        "in advance",
        "advance",
        "notice",
        "prior notice",
        "prior written notice",
        "written notice",
        "advance notice",
        "advance written notice",
        "or more",
        "or longer",
        "or greater",
    ),
    "max": ("or less", "or fewer", "or sooner", "or earlier", "or shorter"),
}
# Words allowed between a bound and its duration: "within a period of 30 days".
_BOUND_FILLER = frozenset({"a", "an", "the", "period", "of", "maximum", "minimum", "total", "term"})
_POSSESSIVE = frozenset({"'", "’", "'s", "’s"})

_COUNTS: dict[str, float] = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
_PERIODS: dict[str, float] = {
    "day": 365.0,
    "week": 52.0,
    "month": 12.0,
    "quarter": 4.0,
    "year": 1.0,
    "annum": 1.0,
}
_PERIOD_QUALIFIERS = frozenset(
    {"calendar", "contract", "fiscal", "financial", "rolling", "business", "service"}
)
_FREQUENCY_ADVERBS: dict[str, float] = {
    "daily": 365.0,
    "weekly": 52.0,
    "fortnightly": 26.0,
    "bi-weekly": 26.0,
    "biweekly": 26.0,
    "monthly": 12.0,
    "bi-monthly": 6.0,
    "bimonthly": 6.0,
    "quarterly": 4.0,
    "semi-annually": 2.0,
    "semiannually": 2.0,
    "bi-annually": 2.0,
    "biannually": 2.0,
    "half-yearly": 2.0,
    "annually": 1.0,
    "yearly": 1.0,
    "biennially": 0.5,
}
_BASIS_ADJECTIVES: dict[str, float] = {
    "daily": 365.0,
    "weekly": 52.0,
    "fortnightly": 26.0,
    "bi-weekly": 26.0,
    "monthly": 12.0,
    "bi-monthly": 6.0,
    "quarterly": 4.0,
    "semi-annual": 2.0,
    "bi-annual": 2.0,
    "biannual": 2.0,
    "half-yearly": 2.0,
    "annual": 1.0,
    "yearly": 1.0,
    "biennial": 0.5,
}
# Connectors allowed between a count and a duration: "once in any period of twelve (12) months".
_FREQUENCY_CONNECTORS = frozenset(
    {"every", "each", "per", "any", "in", "during", "within", "a", "period", "of"}
)


def _frequency_phrases() -> dict[str, float]:
    """Fixed frequency phrases and times per year: adverbs, "per calendar month", "on an annual basis".

    "each day" and "each Business Day" are left out: in contracts they almost always mean "for
    each day of delay", a rate, not how often something happens.
    """
    phrases = dict(_FREQUENCY_ADVERBS)
    for adjective, per_year in _BASIS_ADJECTIVES.items():
        article = "an" if adjective[0] in "aeiou" else "a"
        phrases[f"on {article} {adjective} basis"] = per_year
    for period, per_year in (("week", 52.0), ("month", 12.0), ("quarter", 4.0), ("year", 1.0)):
        for connector in ("per", "each", "every"):
            for qualifier in ("", "calendar ", "contract ", "fiscal ", "financial "):
                phrases[f"{connector} {qualifier}{period}"] = per_year
        phrases[f"every other {period}"] = per_year / 2
    phrases.update({"per day": 365.0, "every day": 365.0, "every business day": 260.0, "per annum": 1.0})
    return phrases


# --------------------------------------------------------------------------------------------
# Money and percentages
# --------------------------------------------------------------------------------------------

_CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "US$": "USD",
    "USD$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "S$": "SGD",
    "HK$": "HKD",
    "NZ$": "NZD",
    "R$": "BRL",
}
_CURRENCY_CODES: dict[str, str] = {
    code: code
    for code in _word_list(
        "USD EUR GBP CAD AUD JPY CHF CNY INR HKD SGD SEK NOK DKK NZD ZAR BRL MXN KRW ILS AED"
    )
} | {"RMB": "CNY"}
_CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "sterling": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "yen": "JPY",
    "franc": "CHF",
    "francs": "CHF",
    "rupee": "INR",
    "rupees": "INR",
    "yuan": "CNY",
    "renminbi": "CNY",
}
_DOLLAR_QUALIFIERS: dict[str, str] = {
    "canadian": "CAD",
    "australian": "AUD",
    "kong": "HKD",
    "singapore": "SGD",
    "zealand": "NZD",
}
_CURRENCY_QUALIFIERS = frozenset(
    {"us", "u.s.", "united", "states", "american", "british", "pounds", "pound", "hong", "new", "swiss"}
    | set(_DOLLAR_QUALIFIERS)
)
_SCALES: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_GLUED_AMOUNT_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(k|m|mm|mn|b|bn)\.?$", re.IGNORECASE)
_PERCENT_SIGNS = ("%", "％")
_PERCENT_WORDS = ("percent", "pct", "pct.", "per-cent", "percentum")


def _number_shapes() -> list[str]:
    """spaCy SHAPE strings of figures such as 7, 1,000,000 or 99.95 (SHAPE caps runs at 4)."""
    integers = ["d", "dd", "ddd", "dddd"]
    for head in ("d", "dd", "ddd"):
        for groups in range(1, 4):
            integers.append(head + ",ddd" * groups)
    return [i + frac for i in integers for frac in ("", ".d", ".dd", ".ddd", ".dddd")]


_GLUED_AMOUNT_SHAPES = sorted(
    s + x + dot for s in _number_shapes() for x in ("x", "xx", "X", "XX") for dot in ("", ".")
)

# --------------------------------------------------------------------------------------------
# Lexicons: regulations, standards, arbitral bodies, party roles, places
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """A lexicon entry: its normalised value and the phrases that name it.

    `phrases` match case-insensitively; `exact` match case-sensitively (acronyms such as "EAR",
    "DORA" or "SCC" are ordinary words or other things in lower case).
    """

    value: tuple[tuple[str, Any], ...]
    phrases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    needs_context: bool = False

    def as_dict(self) -> Value:
        return dict(self.value)


def _regulation(
    name: str, kind: str, region: str | None, phrases: Iterable[str] = (), exact: Iterable[str] = ()
) -> _Entry:
    return _Entry((("name", name), ("kind", kind), ("region", region)), tuple(phrases), tuple(exact))


# Lexicon tables: an entry is a header line ("name | kind | region"), then "~" lines of
# case-insensitive phrases and "=" lines of exact (case-sensitive) spellings, ";"-separated.
_REGULATION_TABLE = """
GDPR | data_protection | EU
    ~ General Data Protection Regulation; EU General Data Protection Regulation
    ~ Regulation (EU) 2016/679; Regulation (EU) No 2016/679; Regulation 2016/679
    ~ EU Regulation 2016/679
    = GDPR; EU GDPR; EUGDPR; 2016/679
UK GDPR | data_protection | UK
    ~ UK General Data Protection Regulation; United Kingdom General Data Protection Regulation
    = UK GDPR; U.K. GDPR; UKGDPR
Data Protection Act 2018 | data_protection | UK
    ~ Data Protection Act 2018; DPA 2018
Data Protection Act 1998 | data_protection | UK
    ~ Data Protection Act 1998
Data Protection Acts 1988 to 2018 | data_protection | IE
    ~ Data Protection Acts 1988 to 2018; Data Protection Act 2018 of Ireland
Data Protection Directive | data_protection | EU
    ~ Data Protection Directive; Directive 95/46/EC
ePrivacy Directive | data_protection | EU
    ~ ePrivacy Directive; e-Privacy Directive; Directive 2002/58/EC
PECR | data_protection | UK
    ~ Privacy and Electronic Communications Regulations
    ~ Privacy and Electronic Communications Regulations 2003
    = PECR
CCPA | data_protection | US
    ~ California Consumer Privacy Act; California Consumer Privacy Act of 2018
    = CCPA
CPRA | data_protection | US
    ~ California Privacy Rights Act; California Privacy Rights Act of 2020
    = CPRA
HIPAA | data_protection | US
    ~ Health Insurance Portability and Accountability Act
    ~ Health Insurance Portability and Accountability Act of 1996
    = HIPAA
HITECH Act | data_protection | US
    ~ HITECH Act; Health Information Technology for Economic and Clinical Health Act
    = HITECH
COPPA | data_protection | US
    ~ Children's Online Privacy Protection Act
    = COPPA
PIPEDA | data_protection | CA
    ~ Personal Information Protection and Electronic Documents Act
    = PIPEDA
LGPD | data_protection | BR
    ~ Lei Geral de Proteção de Dados; Lei Geral de Protecao de Dados
    ~ Brazilian General Data Protection Law
    = LGPD
PIPL | data_protection | CN
    ~ Personal Information Protection Law
    = PIPL
POPIA | data_protection | ZA
    ~ Protection of Personal Information Act
    = POPIA
FADP | data_protection | CH
    ~ Federal Act on Data Protection
    = FADP; revFADP
Privacy Act 1988 | data_protection | AU
    ~ Privacy Act 1988
FCPA | anti_bribery | US
    ~ Foreign Corrupt Practices Act; Foreign Corrupt Practices Act of 1977
    = FCPA
Bribery Act 2010 | anti_bribery | UK
    ~ Bribery Act 2010; Bribery Act; UK Bribery Act
Sapin II | anti_bribery | FR
    ~ Sapin II; Loi Sapin II
Sarbanes-Oxley Act | financial | US
    ~ Sarbanes-Oxley Act; Sarbanes-Oxley Act of 2002; Sarbanes-Oxley; Sarbanes Oxley Act
    ~ Sarbanes Oxley
    = SOX
GLBA | financial | US
    ~ Gramm-Leach-Bliley Act; Gramm Leach Bliley Act; Financial Services Modernization Act of 1999
    = GLBA
Dodd-Frank Act | financial | US
    ~ Dodd-Frank Act; Dodd Frank Act; Dodd-Frank Wall Street Reform and Consumer Protection Act
Bank Secrecy Act | financial | US
    ~ Bank Secrecy Act
USA PATRIOT Act | financial | US
    ~ USA PATRIOT Act; Patriot Act
DORA | financial | EU
    ~ Digital Operational Resilience Act; Regulation (EU) 2022/2554
    = DORA; 2022/2554
MiFID II | financial | EU
    ~ MiFID II; Directive 2014/65/EU
PSD2 | financial | EU
    ~ Payment Services Directive; Directive (EU) 2015/2366
    = PSD2
EBA Outsourcing Guidelines | financial | EU
    ~ EBA Guidelines on outsourcing arrangements; EBA Guidelines on outsourcing
    ~ EBA Outsourcing Guidelines
Money Laundering Regulations 2017 | financial | UK
    ~ Money Laundering Regulations 2017
Proceeds of Crime Act 2002 | financial | UK
    ~ Proceeds of Crime Act 2002
Criminal Finances Act 2017 | financial | UK
    ~ Criminal Finances Act 2017; Criminal Finances Act
NIS2 | other | EU
    ~ NIS2 Directive; NIS 2 Directive; Directive (EU) 2022/2555
    = NIS2; NIS 2; 2022/2555
NIS Directive | other | EU
    ~ NIS Directive; Directive (EU) 2016/1148; Network and Information Systems Regulations 2018
EAR | export_control | US
    ~ Export Administration Regulations
    = EAR
ITAR | export_control | US
    ~ International Traffic in Arms Regulations
    = ITAR
Export Control Reform Act | export_control | US
    ~ Export Control Reform Act; Export Control Reform Act of 2018
    = ECRA
EU Dual-Use Regulation | export_control | EU
    ~ Dual-Use Regulation; EU Dual-Use Regulation; Regulation (EU) 2021/821
Export Control Order 2008 | export_control | UK
    ~ Export Control Order 2008
OFAC | export_control | US
    ~ Office of Foreign Assets Control
    = OFAC
Modern Slavery Act 2015 | other | UK
    ~ Modern Slavery Act 2015
Modern Slavery Act 2018 | other | AU
    ~ Modern Slavery Act 2018
Modern Slavery Act | other | -
    ~ Modern Slavery Act
TUPE | other | UK
    ~ Transfer of Undertakings (Protection of Employment) Regulations 2006
    ~ Transfer of Undertakings (Protection of Employment) Regulations
    = TUPE
Contracts (Rights of Third Parties) Act 1999 | other | UK
    ~ Contracts (Rights of Third Parties) Act 1999; Contracts (Rights of Third Parties) Act
Unfair Contract Terms Act 1977 | other | UK
    ~ Unfair Contract Terms Act 1977
    = UCTA
Freedom of Information Act 2000 | other | UK
    ~ Freedom of Information Act 2000
Equality Act 2010 | other | UK
    ~ Equality Act 2010
"""


def _parse_table(table: str) -> list[tuple[list[str], list[str], list[str]]]:
    """(header fields, phrases, exact spellings) for each entry of a lexicon table."""
    entries: list[tuple[list[str], list[str], list[str]]] = []
    for line in table.strip().splitlines():
        text = line.strip()
        if text[:1] in ("~", "="):
            items = [item.strip() for item in text[1:].split(";") if item.strip()]
            entries[-1][1 if text[0] == "~" else 2].extend(items)
        elif text:
            entries.append(([field.strip() for field in text.split("|")], [], []))
    return entries


REGULATIONS: tuple[_Entry, ...] = tuple(
    _regulation(name, kind, None if region == "-" else region, phrases, exact)
    for (name, kind, region), phrases, exact in _parse_table(_REGULATION_TABLE)
)


def _standard(name: str, phrases: Iterable[str] = (), exact: Iterable[str] = ()) -> _Entry:
    return _Entry((("name", name), ("version", None), ("type", None)), tuple(phrases), tuple(exact))


# Standards named by fixed words. Numbered families (ISO, SOC, SSAE/ISAE, NIST SP 800, FIPS 140)
# are token patterns in `_standard_family`.
_STANDARD_TABLE = """
PCI DSS
    ~ PCI DSS; PCI-DSS; PCIDSS; PCI Data Security Standard; PCI Data Security Standards
    ~ Payment Card Industry Data Security Standard; Payment Card Industry Data Security Standards
    ~ Payment Card Industry (PCI) Data Security Standard
    ~ Payment Card Industry (PCI) Data Security Standards
NIST CSF
    ~ NIST CSF; NIST Cybersecurity Framework; NIST Cyber Security Framework
    ~ NIST Cyber-Security Framework
    ~ NIST Framework for Improving Critical Infrastructure Cybersecurity
CSA STAR
    ~ CSA STAR; Cloud Security Alliance STAR; Cloud Security Alliance (CSA) STAR
Cyber Essentials
    ~ Cyber Essentials
Cyber Essentials Plus
    ~ Cyber Essentials Plus; Cyber Essentials +
FedRAMP
    ~ FedRAMP; Federal Risk and Authorization Management Program
ITIL
    = ITIL; ITIL®
HITRUST CSF
    ~ HITRUST; HITRUST CSF
COBIT
    = COBIT
TISAX
    = TISAX
"""
STANDARDS: tuple[_Entry, ...] = tuple(
    _standard(header[0], phrases, exact) for header, phrases, exact in _parse_table(_STANDARD_TABLE)
)


def _body(name: str, phrases: Iterable[str], exact: Iterable[str], needs_context: bool = True) -> _Entry:
    return _Entry((("name", name),), tuple(phrases), tuple(exact), needs_context)


# Short names that are also ordinary words or other things ("SCC" = standard contractual clauses,
# "ICC" Incoterms, "DIS", "JAMS") are marked "context": they only count near arbitration words.
_ARBITRAL_BODY_TABLE = """
ICC | context
    ~ International Chamber of Commerce
    = ICC
LCIA
    ~ London Court of International Arbitration
    = LCIA
AAA | context
    ~ American Arbitration Association
    = AAA
ICDR
    ~ International Centre for Dispute Resolution; International Center for Dispute Resolution
    = ICDR
JAMS | context
    ~ Judicial Arbitration and Mediation Services; JAMS/Endispute
    = JAMS
SIAC
    ~ Singapore International Arbitration Centre; Singapore International Arbitration Center
    = SIAC
HKIAC
    ~ Hong Kong International Arbitration Centre; Hong Kong International Arbitration Center
    = HKIAC
UNCITRAL
    ~ United Nations Commission on International Trade Law
    = UNCITRAL
CIETAC
    ~ China International Economic and Trade Arbitration Commission
    = CIETAC
SCC | context
    ~ Arbitration Institute of the Stockholm Chamber of Commerce; Stockholm Chamber of Commerce
    ~ SCC Arbitration Institute
    = SCC
DIS | context
    ~ German Arbitration Institute; German Institution of Arbitration
    ~ Deutsche Institution für Schiedsgerichtsbarkeit
    = DIS
WIPO | context
    ~ WIPO Arbitration and Mediation Center; World Intellectual Property Organization
    = WIPO
CEDR | context
    ~ Centre for Effective Dispute Resolution; Center for Effective Dispute Resolution
    = CEDR
CPR | context
    ~ International Institute for Conflict Prevention and Resolution
    = CPR
VIAC
    ~ Vienna International Arbitral Centre
    = VIAC
DIAC | context
    ~ Dubai International Arbitration Centre
    = DIAC
Swiss Arbitration Centre | context
    ~ Swiss Arbitration Centre; Swiss Chambers' Arbitration Institution
"""
ARBITRAL_BODIES: tuple[_Entry, ...] = tuple(
    _body(header[0], phrases, exact, needs_context=header[1:] == ["context"])
    for header, phrases, exact in _parse_table(_ARBITRAL_BODY_TABLE)
)
_ARBITRATION_WORDS = (
    "arbitration",
    "arbitral",
    "arbitrator",
    "arbitrators",
    "arbitrate",
    "arbitrated",
    "mediation",
    "mediator",
    "mediate",
    "tribunal",
)
_RULES_BETWEEN = frozenset(
    {
        "arbitration",
        "commercial",
        "comprehensive",
        "international",
        "expedited",
        "mediation",
        "streamlined",
        "'s",
        "'",
        "’",
        "’s",
    }
)


def _role(name: str, side: str, *variants: str) -> _Entry:
    """A party role; matched only as written (Title Case or UPPER CASE), never in lower case."""
    spellings = variants or (name.title(),)
    exact = tuple(dict.fromkeys(s for v in spellings for s in (v, v.upper())))
    return _Entry((("role", name), ("side", side)), (), exact)


PARTY_ROLES: tuple[_Entry, ...] = (
    _role("supplier", "provider"),
    _role("customer", "customer"),
    _role("service provider", "provider", "Service Provider", "Services Provider"),
    _role("provider", "provider"),
    _role("vendor", "provider"),
    _role("seller", "provider"),
    _role("consultant", "provider"),
    _role("contractor", "provider"),
    _role("subcontractor", "provider", "Subcontractor", "Sub-contractor", "Sub-Contractor"),
    _role("processor", "provider", "Processor", "Data Processor"),
    _role(
        "sub-processor",
        "provider",
        "Sub-processor",
        "Sub-Processor",
        "Subprocessor",
        "Sub-processors",
        "Sub-Processors",
        "Subprocessors",
    ),
    _role("licensor", "provider"),
    _role("client", "customer"),
    _role("buyer", "customer"),
    _role("purchaser", "customer"),
    _role("controller", "customer", "Controller", "Data Controller"),
    _role("licensee", "customer"),
    _role("distributor", "customer"),
    _role("company", "unknown"),
)
_ROLE_WORDS = frozenset(v.lower() for e in PARTY_ROLES for v in e.exact)
# Words that may stand before a capitalised role without making it part of a longer name.
_FUNCTION_WORDS = frozenset(
    _word_list(
        "the a an each either neither any such no if where when whereas unless provided should and or both "
        "all upon by to for from with notwithstanding in on that this then as at after before once until "
        "while nothing except subject save its their our your said every other"
    )
)


@dataclass(frozen=True)
class _Place:
    name: str
    country: str | None
    kind: str  # country | state | region | city


def _places() -> list[tuple[_Place, tuple[str, ...], tuple[str, ...]]]:
    """Gazetteer rows: (place, case-insensitive phrases, exact spellings)."""
    rows: list[tuple[_Place, tuple[str, ...], tuple[str, ...]]] = []
    for line in _GAZETTEER.strip().splitlines():
        name, country, kind, aliases, exact = (part.strip() for part in line.split("|"))
        phrases = (name, *filter(None, aliases.split(";")))
        rows.append((_Place(name, country or None, kind), phrases, tuple(filter(None, exact.split(";")))))
    for state in _US_STATES.split(","):
        rows.append((_Place(state.strip(), "US", "state"), (state.strip(),), ()))
    return rows


_US_STATES = (
    "Alabama,Alaska,Arizona,Arkansas,California,Colorado,Connecticut,Delaware,Florida,Georgia,Hawaii,Idaho,"
    "Illinois,Indiana,Iowa,Kansas,Kentucky,Louisiana,Maine,Maryland,Massachusetts,Michigan,Minnesota,"
    "Mississippi,Missouri,Montana,Nebraska,Nevada,New Hampshire,New Jersey,New Mexico,New York,"
    "North Carolina,North Dakota,Ohio,Oklahoma,Oregon,Pennsylvania,Rhode Island,South Carolina,"
    "South Dakota,Tennessee,Texas,"
    "Utah,Vermont,Virginia,Washington,West Virginia,Wisconsin,Wyoming,District of Columbia,Puerto Rico"
)
# name | country | kind | case-insensitive aliases | exact (case-sensitive) spellings
_GAZETTEER = """
England and Wales|GB|region|England & Wales|
England|GB|region||
Wales|GB|region||
Scotland|GB|region||
Northern Ireland|GB|region||
United Kingdom|GB|country|United Kingdom of Great Britain and Northern Ireland;Great Britain|UK;U.K.
Ireland|IE|country|Eire|
United States|US|country|United States of America|US;U.S.;USA;U.S.A.
Canada|CA|country||
Mexico|MX|country||
Brazil|BR|country||
Argentina|AR|country||
Chile|CL|country||
Colombia|CO|country||
France|FR|country||
Germany|DE|country||
Netherlands|NL|country|Holland|
Belgium|BE|country||
Luxembourg|LU|country||
Switzerland|CH|country||
Austria|AT|country||
Italy|IT|country||
Spain|ES|country||
Portugal|PT|country||
Sweden|SE|country||
Norway|NO|country||
Denmark|DK|country||
Finland|FI|country||
Iceland|IS|country||
Poland|PL|country||
Czech Republic|CZ|country|Czechia|
Slovakia|SK|country||
Hungary|HU|country||
Romania|RO|country||
Bulgaria|BG|country||
Greece|GR|country||
Cyprus|CY|country||
Malta|MT|country||
Estonia|EE|country||
Latvia|LV|country||
Lithuania|LT|country||
Croatia|HR|country||
Slovenia|SI|country||
Ukraine|UA|country||
Russia|RU|country|Russian Federation|
Turkey|TR|country|Türkiye|
Israel|IL|country||
United Arab Emirates|AE|country||UAE;U.A.E.
Saudi Arabia|SA|country||
Qatar|QA|country||
Bahrain|BH|country||
Kuwait|KW|country||
Egypt|EG|country||
Nigeria|NG|country||
Kenya|KE|country||
South Africa|ZA|country||
India|IN|country||
Pakistan|PK|country||
Sri Lanka|LK|country||
China|CN|country|Mainland China|PRC;P.R.C.
Hong Kong|HK|country|Hong Kong SAR;Hong Kong Special Administrative Region|
Macau|MO|country|Macao|
Taiwan|TW|country||R.O.C.;ROC
Japan|JP|country||
Korea|KR|country|South Korea|
Singapore|SG|country||
Malaysia|MY|country||
Thailand|TH|country||
Indonesia|ID|country||
Philippines|PH|country||
Vietnam|VN|country|Viet Nam|
Australia|AU|country||
New Zealand|NZ|country||
Cayman Islands|KY|country||
British Virgin Islands|VG|country||
Bermuda|BM|country||
Bahamas|BS|country||
Barbados|BB|country||
Jersey|JE|country||
Guernsey|GG|country||
Isle of Man|IM|country||
Gibraltar|GI|country||
Liechtenstein|LI|country||
Monaco|MC|country||
Panama|PA|country||
Mauritius|MU|country||
Ontario|CA|state||
Quebec|CA|state|Québec|
British Columbia|CA|state||
Alberta|CA|state||
Manitoba|CA|state||
Saskatchewan|CA|state||
Nova Scotia|CA|state||
New Brunswick|CA|state||
Newfoundland and Labrador|CA|state||
Prince Edward Island|CA|state||
New South Wales|AU|state||
Victoria|AU|state||
Queensland|AU|state||
Western Australia|AU|state||
South Australia|AU|state||
Tasmania|AU|state||
Australian Capital Territory|AU|state||
Northern Territory|AU|state||
Dubai|AE|region||
Abu Dhabi|AE|region||
Dubai International Financial Centre|AE|region|Dubai International Financial Center|DIFC
Abu Dhabi Global Market|AE|region||ADGM
London|GB|city|City of London|
Edinburgh|GB|city||
Belfast|GB|city||
Manchester|GB|city||
Birmingham|GB|city||
Dublin|IE|city||
Paris|FR|city||
Geneva|CH|city|Genève|
Zurich|CH|city|Zürich|
Stockholm|SE|city||
Frankfurt|DE|city|Frankfurt am Main|
Munich|DE|city||
Berlin|DE|city||
Hamburg|DE|city||
Vienna|AT|city||
The Hague|NL|city||
Amsterdam|NL|city||
Brussels|BE|city||
Madrid|ES|city||
Milan|IT|city||
Rome|IT|city||
Tokyo|JP|city||
Seoul|KR|city||
Beijing|CN|city||
Shanghai|CN|city||
Shenzhen|CN|city||
Mumbai|IN|city||
Delhi|IN|city|New Delhi|
Bangalore|IN|city|Bengaluru|
Sydney|AU|city||
Melbourne|AU|city||
Toronto|CA|city||
Vancouver|CA|city||
Montreal|CA|city||
Tel Aviv|IL|city||
Doha|QA|city||
Kuala Lumpur|MY|city||
New York City|US|city||
Los Angeles|US|city||
San Francisco|US|city||
San Diego|US|city||
San Jose|US|city||
Chicago|US|city||
Boston|US|city||
Houston|US|city||
Dallas|US|city||
Austin|US|city||
Miami|US|city||
Atlanta|US|city||
Seattle|US|city||
Denver|US|city||
Philadelphia|US|city||
Phoenix|US|city||
Minneapolis|US|city||
Wilmington|US|city||
Las Vegas|US|city||
"""
# Adjectives that name a legal system: "English law", "the Irish courts".
_DEMONYMS: dict[str, tuple[str, str]] = {
    "english": ("England and Wales", "GB"),
    "welsh": ("Wales", "GB"),
    "scottish": ("Scotland", "GB"),
    "scots": ("Scotland", "GB"),
    "british": ("United Kingdom", "GB"),
    "irish": ("Ireland", "IE"),
    "american": ("United States", "US"),
    "german": ("Germany", "DE"),
    "french": ("France", "FR"),
    "swiss": ("Switzerland", "CH"),
    "dutch": ("Netherlands", "NL"),
    "belgian": ("Belgium", "BE"),
    "swedish": ("Sweden", "SE"),
    "danish": ("Denmark", "DK"),
    "norwegian": ("Norway", "NO"),
    "finnish": ("Finland", "FI"),
    "spanish": ("Spain", "ES"),
    "italian": ("Italy", "IT"),
    "portuguese": ("Portugal", "PT"),
    "austrian": ("Austria", "AT"),
    "polish": ("Poland", "PL"),
    "japanese": ("Japan", "JP"),
    "chinese": ("China", "CN"),
    "indian": ("India", "IN"),
    "singaporean": ("Singapore", "SG"),
    "australian": ("Australia", "AU"),
    "canadian": ("Canada", "CA"),
    "israeli": ("Israel", "IL"),
    "korean": ("Korea", "KR"),
    "brazilian": ("Brazil", "BR"),
    "mexican": ("Mexico", "MX"),
}
# Words skipped between "laws of" / "courts of" and the place: "the State of", "the People's Republic of".
_PLACE_PREFIXES = frozenset(
    _word_list(
        "the state commonwealth province republic kingdom federal people people's 's grand duchy "
        "principality emirate canton territory city county borough of"
    )
)
_POLITICAL_PREFIXES = frozenset(
    _word_list("state commonwealth province republic kingdom duchy principality emirate canton")
)
# Capitalised words that end a place name in running text (and all of an ALL-CAPS sentence's glue).
_RUN_STOP = frozenset(
    _word_list(
        "the a an this that such any all each agreement section article clause schedule party parties "
        "shall will may must without with for and or in to by as at on of which who whose competent "
        "jurisdiction having "
        "applicable federal state court courts rules accordance english writing language venue exclusive "
        "nonexclusive non provided however except including subject appeal appeals justice chancery "
        "session claims member relevant appropriate respective other foreign"
    )
)
_INCORPORATION_WORDS = frozenset(
    _word_list(
        "organized organised incorporated existing formed registered established incorporation organization "
        "organisation chartered constituted formation"
    )
)
# Words before "laws of X" that make it a governing-law choice ("governed by", "construed in
# accordance with"); after it only "shall govern" / "shall apply" count, since "any law of the EU
# that applies to the processing" is a definition, not a choice of law.
_GOVERNING_WORDS = frozenset(
    _word_list(
        "governed govern governs governing construed construe construction interpreted interpret "
        "interpretation accordance enforced controlled subject"
    )
)
_GOVERNING_AFTER = frozenset({"govern", "governs"})
_SENTENCE_END = frozenset({".", ";", "!", "?"})
_COURT_QUALIFIERS = frozenset({"state", "federal", "and", "or", "provincial", "local"})
_COURT_KINDS = frozenset(
    _word_list(
        "chancery appeal appeals justice session claims common pleas bench king's queen's first instance"
    )
)

# --------------------------------------------------------------------------------------------
# Token patterns (run on windows around anchors)
# --------------------------------------------------------------------------------------------


def _in(attr: str, values: Iterable[str], op: str | None = None) -> dict[str, Any]:
    """A token spec matching any of `values`; `op` is a Matcher quantifier such as "?" or "*"."""
    spec: dict[str, Any] = {attr: {"IN": sorted(set(values))}}
    if op:
        spec["OP"] = op
    return spec


def _word(lower: str, op: str | None = None) -> dict[str, Any]:
    """A token spec matching one lower-case word; `op` as in `_in`."""
    spec: dict[str, Any] = {"LOWER": lower}
    if op:
        spec["OP"] = op
    return spec


_NUMW = _in("LOWER", NUMBER_WORDS)
_NUMW_MORE = _in("LOWER", NUMBER_WORDS | _NUMBER_JOINERS, "*")
_DIGITS: dict[str, Any] = {"LIKE_NUM": True, "IS_ALPHA": False}
_PAREN_DIGITS: Pattern = [{"ORTH": "("}, _DIGITS, {"ORTH": ")"}]
_OPEN_QUOTES = ('"', "“", "‘", "``", "'", "„")
_CLOSE_QUOTES = ('"', "”", "’", "''", "'")
_QUOTE_ANCHOR = "quote"
_QUOTE_PAIRS = frozenset(
    {('"', '"'), ("“", "”"), ("‘", "’"), ("``", "''"), ("'", "'"), ("„", "“"), ("“", '"'), ('"', "”")}
)


@dataclass(frozen=True)
class _Family:
    """Token patterns that only run near one of their anchors.

    `before`/`after` is how far (in tokens) a match may start before / end after an anchor.
    """

    name: str
    anchors: tuple[str, ...]
    before: int
    after: int
    patterns: tuple[tuple[str, tuple[Pattern, ...]], ...]
    greedy: str | None = "LONGEST"


def _duration_family() -> _Family:
    qualifiers = _in("LOWER", _DURATION_QUALIFIERS, "*")
    unit = _in("LOWER", _UNITS)
    patterns = (
        [_NUMW, _NUMW_MORE, *_PAREN_DIGITS, qualifiers, unit],
        [_NUMW, _NUMW_MORE, qualifiers, unit],
        [*_PAREN_DIGITS, qualifiers, unit],
        [_DIGITS, qualifiers, unit],
        [_DIGITS, {"ORTH": "-"}, unit],
    )
    return _Family("duration", tuple(_UNITS), 11, 1, (("DURATION", patterns),))


def _percent_family() -> _Family:
    sign = _in("ORTH", _PERCENT_SIGNS)
    pct_word = _in("LOWER", _PERCENT_WORDS)
    per_cent = [_word("per"), _word("cent")]
    bracket = [{"ORTH": "("}, _DIGITS, sign, {"ORTH": ")"}]
    patterns: list[Pattern] = [[_DIGITS, sign]]
    for word in ([pct_word], per_cent):
        patterns += [
            [_DIGITS, *word],
            [_NUMW, _NUMW_MORE, *word],
            [_NUMW, _NUMW_MORE, *word, *bracket],
            [_NUMW, _NUMW_MORE, *_PAREN_DIGITS, *word],
            [_DIGITS, *word, *bracket],
        ]
    anchors = (*_PERCENT_SIGNS, *_PERCENT_WORDS, "cent")
    return _Family("percent", anchors, 10, 5, (("PERCENT", tuple(patterns)),))


def _money_family() -> _Family:
    symbol = _in("ORTH", _CURRENCY_SYMBOLS)
    code = _in("ORTH", _CURRENCY_CODES)
    scale = _in("LOWER", _SCALES, "?")
    glued = _in("SHAPE", _GLUED_AMOUNT_SHAPES)
    qualifiers = _in("LOWER", _CURRENCY_QUALIFIERS, "{0,3}")
    word = _in("LOWER", _CURRENCY_WORDS)
    patterns: list[Pattern] = [
        [symbol, _DIGITS, scale],
        [symbol, glued],
        [_in("ORTH", ("US", "U.S.", "U.S.A.")), symbol, _DIGITS, scale],
        [code, _in("ORTH", _CURRENCY_SYMBOLS, "?"), _DIGITS, scale],
        [code, glued],
        [_DIGITS, scale, code],
        [_DIGITS, scale, qualifiers, word],
        [_NUMW, _NUMW_MORE, qualifiers, word],
    ]
    for opener in ([symbol], [code], [code, symbol]):
        patterns.append(
            [_NUMW, _NUMW_MORE, qualifiers, word, {"ORTH": "("}, *opener, _DIGITS, scale, {"ORTH": ")"}]
        )
    anchors = tuple(s.lower() for s in (*_CURRENCY_SYMBOLS, *_CURRENCY_CODES, *_CURRENCY_WORDS))
    return _Family("money", anchors, 8, 8, (("MONEY", tuple(patterns)),))


def _frequency_family() -> _Family:
    count = _in("LOWER", _COUNTS)
    connectors = _in(
        "LOWER", ("per", "a", "an", "each", "every", "in", "any", "during", "within", "one"), "{1,3}"
    )
    qualifier = _in("LOWER", _PERIOD_QUALIFIERS, "?")
    period = _in("LOWER", _PERIODS)
    adverb = _in("LOWER", [a for a in _FREQUENCY_ADVERBS if "-" not in a])
    times = _word("times")
    quantities: list[Pattern] = [
        [count],
        [_NUMW, _NUMW_MORE, times],
        [_DIGITS, times],
        [*_PAREN_DIGITS, times],
    ]
    quantities.append([_NUMW, _NUMW_MORE, *_PAREN_DIGITS, times])
    patterns = tuple(q + tail for q in quantities for tail in ([connectors, qualifier, period], [adverb]))
    return _Family("frequency", ("once", "twice", "thrice", "times"), 8, 6, (("FREQUENCY", patterns),))


_ISO_NUMBER_SHAPES = ("ddd", "dddd", "dddd:dddd", "ddd:dddd", "XXXdddd", "XXXdddd:dddd")
_GLUED_STANDARD_SHAPES = ("XXXdddd", "XXX-dddd", "XXXdddd:dddd", "XXX-dddd:dddd", "XXXd", "XXX-d", "xxxd")


def _glued_standard_anchors() -> list[str]:
    """Common one-token spellings ("ISO27001", "ISO-27001:2022", "SOC2") to anchor the GLUED pattern."""
    numbers = _word_list("9001 14001 20000 22301 27001 27002 27017 27018 27701 45001 50001 13485 31000")
    years = ("", ":2005", ":2013", ":2015", ":2017", ":2018", ":2019", ":2022")
    isos = [f"iso{dash}{n}{y}" for n in numbers for dash in ("", "-") for y in years]
    return [*isos, "soc1", "soc2", "soc3", "soc-1", "soc-2", "soc-3"]


def _standard_family() -> _Family:
    slash = _in("ORTH", ("/", "-"), "?")
    digits_2_3 = _in("SHAPE", ("d", "dd", "ddd"))
    patterns: tuple[tuple[str, tuple[Pattern, ...]], ...] = (
        (
            "ISO",
            (
                [
                    _in("LOWER", ("iso", "iso/iec", "iso-iec")),
                    slash,
                    _word("iec", "?"),
                    slash,
                    _in("SHAPE", _ISO_NUMBER_SHAPES),
                ],
            ),
        ),
        ("GLUED", ([_in("SHAPE", _GLUED_STANDARD_SHAPES)],)),
        ("SOC", ([_word("soc"), _in("ORTH", ("1", "2", "3", "I", "II", "III"))],)),
        (
            "AUDIT",
            (
                [
                    _in("LOWER", ("ssae", "isae", "sas")),
                    _in("LOWER", ("no", "no.", "number"), "?"),
                    _in("SHAPE", ("dd", "dddd")),
                ],
            ),
        ),
        (
            "NIST_SP",
            (
                [
                    _word("nist", "?"),
                    _in("LOWER", ("sp", "special")),
                    _word("publication", "?"),
                    {"ORTH": "800"},
                    {"ORTH": "-"},
                    digits_2_3,
                ],
                [_word("nist"), {"ORTH": "800"}, {"ORTH": "-"}, digits_2_3],
                [_word("sp800"), {"ORTH": "-"}, digits_2_3],
            ),
        ),
        (
            "FIPS",
            (
                [
                    _word("fips"),
                    _in("LOWER", ("pub", "pub.", "publication"), "?"),
                    {"ORTH": "140"},
                    {"ORTH": "-"},
                    digits_2_3,
                ],
            ),
        ),
    )
    anchors = (
        "iso",
        "iso/iec",
        "iso-iec",
        "soc",
        "ssae",
        "isae",
        "sas",
        "nist",
        "sp",
        "special",
        "sp800",
        "fips",
        *_glued_standard_anchors(),
    )
    return _Family("standard", anchors, 2, 8, patterns)


def _law_family() -> _Family:
    laws = _in("LOWER", ("law", "laws"))
    patterns = (
        [laws, _word("of")],
        [laws, _word("in"), _word("force"), _word("in")],
        [laws, _in("LOWER", ("applicable", "prevailing", "existing")), _word("in")],
        [laws, _word("in"), _word("the")],
        [laws, _word("and"), _in("LOWER", ("decisions", "regulations", "rules")), _word("of")],
        [
            _word("governing"),
            _word("law"),
            _in("ORTH", (":", "-", "–", "—"), "?"),
            _in("LOWER", ("is", "shall", "will"), "?"),
            _word("be", "?"),
        ],
    )
    return _Family("law", ("law", "laws", "governing"), 0, 6, (("LAW", patterns),))


def _court_family() -> _Family:
    courts = _in("LOWER", ("court", "courts"))
    verbs = ("located", "sitting", "situated", "situate", "seated", "based", "sited", "having")
    patterns = (
        [courts, _in("LOWER", ("of", "in", "at", "for"))],
        [courts, _in("LOWER", verbs), _in("LOWER", ("in", "within", "at", "situs")), _word("in", "?")],
    )
    return _Family("court", ("court", "courts"), 0, 5, (("COURT", patterns),))


def _seat_family() -> _Family:
    tail: Pattern = [
        _in("ORTH", (",", ":", "-", "–", "—"), "?"),
        _in("LOWER", ("shall", "will", "is", "must"), "?"),
        _word("be", "?"),
        _in("LOWER", ("in", "at"), "?"),
    ]
    arbitration = _in("LOWER", ("arbitration", "arbitral", "arbitrations"))
    proceedings = _in("LOWER", ("proceedings", "proceeding", "hearing", "hearings", "tribunal"), "?")
    patterns = (
        [
            _in("LOWER", ("seat", "place", "venue", "situs", "location")),
            _word("of"),
            _in("LOWER", ("the", "any", "such"), "?"),
            arbitration,
            proceedings,
            *tail,
        ],
        [
            _word("seat"),
            {"ORTH": ","},
            _word("or"),
            _word("legal"),
            _word("place"),
            {"ORTH": ",", "OP": "?"},
            _word("of"),
            _word("the", "?"),
            arbitration,
            *tail,
        ],
        [_in("LOWER", ("seated", "sited")), _in("LOWER", ("in", "at"))],
        [
            arbitration,
            proceedings,
            _in("LOWER", ("shall", "will", "must")),
            _word("be", "?"),
            _in("LOWER", ("held", "conducted", "located", "heard", "take", "seated", "venued")),
            _word("place", "?"),
            _in("LOWER", ("in", "at")),
        ],
        [_word("arbitration"), _word("in")],
    )
    anchors = (
        "seat",
        "place",
        "venue",
        "situs",
        "location",
        "seated",
        "sited",
        "arbitration",
        "arbitral",
        "arbitrations",
    )
    return _Family("seat", anchors, 0, 10, (("SEAT", patterns),))


def _families() -> tuple[_Family, ...]:
    return (
        _duration_family(),
        _percent_family(),
        _money_family(),
        _frequency_family(),
        _standard_family(),
        _law_family(),
        _court_family(),
        _seat_family(),
    )


# --------------------------------------------------------------------------------------------
# Matching state for one document
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    """A value found in the compact doc: token offsets there, label and normalised value."""

    label: str
    start: int
    end: int
    value: Value


@dataclass(frozen=True)
class _View:
    """The Doc as if it had no whitespace tokens, without building a second Doc.

    Extractors count in *compact* positions (whitespace tokens skipped); `keep` maps a compact
    position to its source token and `inverse` maps a source token back. Building a real
    compact Doc costs about a fifth of the tokenizer's time, which this avoids.
    """

    source: Doc
    keep: Sequence[int]  # compact position -> source token index
    inverse: Sequence[int]  # source token index -> compact position
    gaps: Sequence[int]  # compact positions k with whitespace between k and k + 1

    def __len__(self) -> int:
        return len(self.keep)

    def token(self, i: int) -> Token:
        return self.source[self.keep[i]]

    def tokens(self, start: int, end: int) -> list[Token]:
        return [self.source[k] for k in self.keep[start:end]]

    def is_contiguous(self, start: int, end: int) -> bool:
        """Whether compact tokens [start, end) have no whitespace token between them."""
        return self.keep[end - 1] - self.keep[start] == end - 1 - start

    def span(self, start: int, end: int, label: str = "") -> Span:
        return Span(self.source, self.keep[start], self.keep[end - 1] + 1, label=label)

    def text(self, start: int, end: int) -> str:
        """Source text of compact tokens [start, end), whitespace collapsed to single spaces."""
        return " ".join(self.span(start, end).text.split())

    def target(self, start: int, end: int) -> Doc | Span:
        """Something a matcher can run on whose tokens are compact tokens [start, end).

        A slice of the source when there is no whitespace inside, else a small new Doc.
        """
        if self.is_contiguous(start, end):
            return self.source[self.keep[start] : self.keep[end - 1] + 1]
        return Doc(self.source.vocab, words=[t.text for t in self.tokens(start, end)])


def _compact(doc: Doc) -> _View:
    """The view of `doc` without whitespace tokens (PDF line breaks, double spaces)."""
    length = len(doc)
    spaces = doc.to_array(IS_SPACE).astype(bool) if length else np.zeros(0, dtype=bool)
    if not spaces.any():
        return _View(doc, range(length), range(length), ())
    keep = np.flatnonzero(~spaces)
    inverse = np.cumsum(~spaces) - 1
    gaps = np.flatnonzero(np.diff(keep) > 1)
    return _View(doc, keep.tolist(), inverse.tolist(), gaps.tolist())


@dataclass
class _Context:
    """Everything the extractors read: the compact view and the phrase matches, indexed."""

    view: _View
    length: int
    anchors: dict[str, list[int]]
    lexicon: list[tuple[str, int, int, _Entry]]
    frequencies: list[tuple[int, int, float]]
    bounds_before: dict[int, tuple[int, str]]  # end -> (start, bound)
    bounds_after: dict[int, tuple[int, str]]  # start -> (end, bound)
    places_at: dict[int, tuple[int, _Place]]  # start -> (end, place), longest
    places_ending: dict[int, tuple[int, _Place]]  # end (exclusive) -> (start, place), longest
    arbitration_words: list[int]

    def token(self, i: int) -> Token | None:
        return self.view.token(i) if 0 <= i < self.length else None

    def tokens(self, start: int, end: int) -> list[Token]:
        return self.view.tokens(max(start, 0), min(end, self.length))

    def lower(self, i: int) -> str:
        return self.view.token(i).lower_ if 0 <= i < self.length else ""

    def text(self, i: int) -> str:
        return self.view.token(i).text if 0 <= i < self.length else ""


def _keep_longest(
    index: dict[int, tuple[int, Any]], key: int, other: int, payload: Any, longer: bool
) -> None:
    """Store (other, payload) under key unless a longer phrase is already there."""
    current = index.get(key)
    if current is None or (other > current[0] if longer else other < current[0]):
        index[key] = (other, payload)


# --------------------------------------------------------------------------------------------
# The component
# --------------------------------------------------------------------------------------------


class ContractValues(Pipe):
    """Find contract values (durations, deadlines, money, laws, seats, ...) and normalise them.

    Spans go to ``doc.spans[spans_key]`` (overlaps allowed) and each span's ``span._.value`` holds
    a JSON-serialisable dict; see the module docstring for the design and ``LABELS`` for labels.
    Modelled on spaCy's ``SpanRuler``; its only state is the spans key, the patterns are code.
    """

    def __init__(
        self, nlp: Language, name: str = FACTORY_NAME, *, spans_key: str = DEFAULT_SPANS_KEY
    ) -> None:
        """Build the matchers once; `nlp` supplies the vocab and the tokenizer for the phrases.

        nlp (Language): the pipeline; phrase patterns are tokenised with its tokenizer so they
            split exactly like the documents.
        name (str): instance name of the component.
        spans_key (str): key of ``doc.spans`` to write to.
        """
        self.nlp = nlp
        self.vocab = nlp.vocab
        self.name = name
        self.spans_key = spans_key
        self._families = {family.name: family for family in _families()}
        self._matchers = {name: self._family_matcher(family) for name, family in self._families.items()}
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._payloads: dict[int, tuple[str, Any, frozenset[tuple[str, ...]] | None]] = {}
        self._phrase_bigrams: set[tuple[int, int]] = set()
        self._longest_phrase = 1
        self._add_phrases()

    # -- pattern set-up ---------------------------------------------------------------------

    def _family_matcher(self, family: _Family) -> Matcher:
        """One Matcher per family, so each runs only on the windows around its own anchors."""
        matcher = Matcher(self.vocab)
        for key, patterns in family.patterns:
            matcher.add(key, list(patterns), greedy=family.greedy)
        return matcher

    def _add(self, kind: str, payload: Any, phrases: Iterable[str], *, exact: bool = False) -> None:
        """Register phrases under a fresh key whose payload says what a match of them means.

        `exact` phrases are matched case-insensitively too and their case is checked on the few
        hits: one phrase-matcher pass over the document instead of two (each costs ~3% of the
        tokenizer's time).
        """
        docs = [self.nlp.make_doc(p) for p in phrases]
        if not docs:
            return
        spellings = frozenset(tuple(t.text for t in doc) for doc in docs) if exact else None
        for doc in docs:
            lowers = [t.lower for t in doc]
            self._phrase_bigrams.update(itertools.pairwise(lowers))
            self._longest_phrase = max(self._longest_phrase, len(doc))
        key = f"{kind}|{len(self._payloads)}"
        self._phrases.add(key, docs)
        self._payloads[self.vocab.strings.add(key)] = (kind, payload, spellings)

    def _add_phrases(self) -> None:
        """Everything the single phrase-matcher pass looks for: anchors, bounds, lexicons, places."""
        for family in self._families.values():
            self._add("anchor", family.name, family.anchors)
        self._add("anchor", _QUOTE_ANCHOR, sorted(set(_OPEN_QUOTES) | set(_CLOSE_QUOTES)))
        for bound, phrases in _BOUNDS_BEFORE.items():
            self._add("bound_before", bound, phrases)
        for bound, phrases in _BOUNDS_AFTER.items():
            self._add("bound_after", bound, phrases)
        for phrase, per_year in _frequency_phrases().items():
            self._add("frequency", per_year, [phrase])
        for label, entries in (
            ("REGULATION", REGULATIONS),
            ("STANDARD", STANDARDS),
            ("ARBITRAL_BODY", ARBITRAL_BODIES),
            ("PARTY_ROLE", PARTY_ROLES),
        ):
            for entry in entries:
                # full names are unambiguous; only the short exact spellings may need context
                self._add(label, dataclasses.replace(entry, needs_context=False), entry.phrases)
                self._add(label, entry, entry.exact, exact=True)
        for place, phrases, exact in _places():
            self._add("place", place, phrases)
            self._add("place", place, exact, exact=True)
        for demonym, (name, country) in _DEMONYMS.items():
            self._add("place", _Place(name, country, "demonym"), [demonym])
        self._add("arbitration_word", None, _ARBITRATION_WORDS)

    # -- spaCy component API ----------------------------------------------------------------

    @property
    def labels(self) -> tuple[str, ...]:
        """All labels the component can assign."""
        return LABELS

    @property
    def key(self) -> str:
        """Key of ``doc.spans`` the spans are saved under."""
        return self.spans_key

    def __call__(self, doc: Doc) -> Doc:
        """Find and normalise the values in `doc`; replaces ``doc.spans[spans_key]``."""
        error_handler = self.get_error_handler()
        try:
            self.set_annotations(doc, self.find(doc))
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]] | None = None, *, nlp: Language | None = None
    ) -> None:
        """Nothing to learn: the patterns are built in ``__init__``. Present so ``nlp.initialize()`` works."""

    def set_annotations(self, doc: Doc, found: Sequence[tuple[Span, Value]]) -> None:
        """Write the spans to ``doc.spans`` and their values to ``span._.value``."""
        for span, value in found:
            span._.value = value
        doc.spans[self.spans_key] = [span for span, _ in found]

    def find(self, doc: Doc) -> list[tuple[Span, Value]]:
        """All values in `doc` as (span, value) pairs, in document order, without writing to it."""
        view = _compact(doc)
        ctx = self._context(view)
        durations = self._durations(ctx)
        hits = [
            *durations,
            *_deadlines(ctx, durations),
            *self._frequencies(ctx, durations),
            *self._percents(ctx),
            *self._money(ctx),
            *self._standards(ctx),
            *_lexicon_hits(ctx),
            *self._defined_terms(ctx),
            *self._jurisdictions(ctx),
            *self._courts(ctx),
            *self._seats(ctx),
        ]
        return [(view.span(h.start, h.end, h.label), h.value) for h in _resolve(hits)]

    # -- serialisation (state is only the config) --------------------------------------------

    def _config(self) -> dict[str, Any]:
        return {"spans_key": self.spans_key}

    def _load_config(self, config: dict[str, Any]) -> None:
        self.spans_key = config.get("spans_key", self.spans_key)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Serialise the component's settings (the patterns are code, not data)."""
        return util.to_bytes({"cfg": lambda: srsly.json_dumps(self._config())}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> ContractValues:
        """Load settings written by ``to_bytes``."""
        util.from_bytes(bytes_data, {"cfg": lambda b: self._load_config(srsly.json_loads(b))}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the settings to ``path/cfg`` (JSON)."""
        util.to_disk(util.ensure_path(path), {"cfg": lambda p: srsly.write_json(p, self._config())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ContractValues:
        """Load settings saved by ``to_disk``."""
        util.from_disk(
            util.ensure_path(path), {"cfg": lambda p: self._load_config(srsly.read_json(p))}, exclude
        )
        return self

    # -- matching ---------------------------------------------------------------------------

    def _context(self, view: _View) -> _Context:
        """Run the phrase matcher once over the doc and index what it found."""
        ctx = _Context(view, len(view), {}, [], [], {}, {}, {}, {}, [])
        for match_id, start, end in self._phrase_matches(view):
            kind, payload, spellings = self._payloads[match_id]
            if spellings is None or tuple(t.text for t in view.tokens(start, end)) in spellings:
                _index_phrase(ctx, kind, payload, start, end)
        ctx.arbitration_words.sort()
        return ctx

    def _phrase_matches(self, view: _View) -> set[tuple[int, int, int]]:
        """Phrase matches in compact positions, including phrases split by a whitespace token.

        The phrase matcher runs over the source Doc at C speed. A phrase broken by a line break
        ("New\\nYork") is found by running it again on a small window around each gap whose
        two neighbours are consecutive words of some phrase; gaps are rare, such pairs rarer.
        """
        source = view.source
        found = {
            (match_id, view.inverse[start], view.inverse[end - 1] + 1)
            for match_id, start, end in self._phrases(source)
        }
        if not view.gaps:
            return found
        lowers = source.to_array(LOWER)
        bridged = [
            k
            for k in view.gaps
            if (int(lowers[view.keep[k]]), int(lowers[view.keep[k + 1]])) in self._phrase_bigrams
        ]
        reach = self._longest_phrase
        for low, high in _windows(bridged, reach - 2, reach, len(view)):
            window = view.target(low, high)
            found.update((match_id, start + low, end + low) for match_id, start, end in self._phrases(window))
        return found

    def _match(self, ctx: _Context, family_name: str) -> list[tuple[str, int, int]]:
        """Run one family's token patterns on the windows around its anchors."""
        family = self._families[family_name]
        positions = ctx.anchors.get(family_name)
        if not positions:
            return []
        matcher = self._matchers[family_name]
        strings = self.vocab.strings
        found: set[tuple[str, int, int]] = set()
        for low, high in _windows(positions, family.before, family.after, ctx.length):
            for match_id, start, end in matcher(ctx.view.target(low, high)):
                found.add((strings[match_id], start + low, end + low))
        return sorted(found, key=lambda m: (m[1], m[2]))

    def _durations(self, ctx: _Context) -> list[_Hit]:
        """DURATION spans; deadlines and "every N months" frequencies are built on them."""
        hits = (_duration_hit(ctx, start, end) for _, start, end in self._match(ctx, "duration"))
        return [hit for hit in hits if hit is not None]

    def _frequencies(self, ctx: _Context, durations: Sequence[_Hit]) -> list[_Hit]:
        """FREQUENCY from fixed phrases ("quarterly"), counts ("twice a year") and "every <duration>"."""
        hits: list[_Hit] = []
        for start, end, per_year in ctx.frequencies:
            if not _is_capitalised_compound(ctx, start, end):
                hits.append(_frequency_hit(ctx, start, end, per_year))
        for _, start, end in self._match(ctx, "frequency"):
            per_year = _counted_frequency(ctx.tokens(start, end))
            if per_year is not None:
                hits.append(_frequency_hit(ctx, start, end, per_year))
        for duration in durations:
            hit = _duration_frequency(ctx, duration)
            if hit is not None:
                hits.append(hit)
        return hits

    def _percents(self, ctx: _Context) -> list[_Hit]:
        """PERCENT: "99.95%", "99.9 per cent", "ten percent (10%)" (the figure wins)."""
        hits: list[_Hit] = []
        for _, start, end in self._match(ctx, "percent"):
            read = _read_amount(ctx.tokens(start, end))
            if read is not None:
                skip, amount, disagree = read
                value: Value = {"value": float(amount)}
                if disagree:
                    value["words_disagree"] = True
                hits.append(_Hit("PERCENT", start + skip, end, value))
        return hits

    def _money(self, ctx: _Context) -> list[_Hit]:
        """MONEY: symbol, code or currency word with a figure or spelled amount."""
        hits: list[_Hit] = []
        for _, start, end in self._match(ctx, "money"):
            found = _money_value(ctx.tokens(start, end))
            if found is not None:
                skip, value = found
                hits.append(_Hit("MONEY", start + skip, end, value))
        return hits

    def _standards(self, ctx: _Context) -> list[_Hit]:
        """STANDARD for the numbered families (ISO, SOC, SSAE/ISAE, NIST SP 800, FIPS 140)."""
        hits: list[_Hit] = []
        for key, start, end in self._match(ctx, "standard"):
            hit = _numbered_standard(ctx, key, start, end)
            if hit is not None:
                hits.append(hit)
        return hits

    def _defined_terms(self, ctx: _Context) -> list[_Hit]:
        """DEFINED_TERM candidates: each opening quote paired with the next quote mark.

        Done in Python from the quote anchors rather than with a Matcher: quote marks are
        frequent, and the Matcher costs about as much per token as the tokenizer itself.
        """
        hits: list[_Hit] = []
        quotes = sorted(ctx.anchors.get(_QUOTE_ANCHOR, ()))
        for start, close in itertools.pairwise(quotes):
            if 1 < close - start <= 9 and (ctx.text(start), ctx.text(close)) in _QUOTE_PAIRS:
                hit = _defined_term(ctx, start, close + 1)
                if hit is not None:
                    hits.append(hit)
        return hits

    def _jurisdictions(self, ctx: _Context) -> list[_Hit]:
        """JURISDICTION from "laws of <place>" triggers and from "<place> law" ("Delaware law")."""
        hits: list[_Hit] = []
        for _, start, end in self._match(ctx, "law"):
            hits.extend(_laws_of(ctx, start, end))
        for end, (start, place) in ctx.places_ending.items():
            if ctx.lower(end) in ("law", "laws") and place.kind != "city":
                hit = _named_law(ctx, start, end + 1, place)
                if hit is not None:
                    hits.append(hit)
        return hits

    def _courts(self, ctx: _Context) -> list[_Hit]:
        """COURT from "courts of/located in <place>" triggers and from "<place> courts"."""
        hits: list[_Hit] = []
        for _, start, end in self._match(ctx, "court"):
            place = _place_after(ctx, end, fallback=True) or _place_after(
                ctx, _skip_court_kind(ctx, end), fallback=True
            )
            if place is not None:
                place_end, name, country = place
                hits.append(_court_hit(ctx, _court_start(ctx, start), place_end, name, country))
        for end, (start, place) in ctx.places_ending.items():
            if ctx.lower(end) in ("court", "courts"):
                hits.append(_court_hit(ctx, start, end + 1, place.name, place.country))
        return hits

    def _seats(self, ctx: _Context) -> list[_Hit]:
        """ARBITRATION_SEAT after "seat of arbitration shall be", "seated in", "arbitration in" ...

        After the bare "arbitration in" only a gazetteer place or a Title Case name counts, so
        "ARBITRATION IN ACCORDANCE WITH" is not read as a seat.
        """
        hits: list[_Hit] = []
        for _, start, end in self._match(ctx, "seat"):
            loose = ctx.lower(end - 1) == "in" and ctx.lower(end - 2) == "arbitration" and end - start == 2
            place = _place_after(ctx, end, fallback=True, title_only=loose)
            if place is None:
                continue
            place_end, name, country = place
            value: Value = {"seat": name}
            if country:
                value["country"] = country
            hits.append(_Hit("ARBITRATION_SEAT", start, place_end, value))
        return hits


@Language.factory(FACTORY_NAME, assigns=["doc.spans"], default_config={"spans_key": DEFAULT_SPANS_KEY})
def make_contract_values(nlp: Language, name: str, spans_key: str) -> ContractValues:
    """spaCy factory: ``nlp.add_pipe("contract_values")``."""
    return ContractValues(nlp, name, spans_key=spans_key)


def add_values(
    nlp: Language, *, spans_key: str = DEFAULT_SPANS_KEY, **add_pipe_kwargs: Any
) -> ContractValues:
    """Add the component to `nlp` (once; an existing one is returned) and return it."""
    for _, component in nlp.pipeline:
        if isinstance(component, ContractValues):
            return component
    return nlp.add_pipe(FACTORY_NAME, config={"spans_key": spans_key}, **add_pipe_kwargs)


def value_spans(doc: Doc, label: str | None = None, *, spans_key: str = DEFAULT_SPANS_KEY) -> list[Span]:
    """The value spans of `doc` in document order, optionally only those with `label`."""
    if spans_key not in doc.spans:
        return []
    spans = [span for span in doc.spans[spans_key] if label is None or span.label_ == label]
    return sorted(spans, key=lambda s: (s.start, s.end, s.label_))


# --------------------------------------------------------------------------------------------
# Indexing and windows
# --------------------------------------------------------------------------------------------


def _index_phrase(ctx: _Context, kind: str, payload: Any, start: int, end: int) -> None:
    """File one phrase match under the index its kind belongs to."""
    if kind == "anchor":
        ctx.anchors.setdefault(payload, []).append(start)
    elif kind == "bound_before":
        _keep_longest(ctx.bounds_before, end, start, payload, longer=False)
    elif kind == "bound_after":
        _keep_longest(ctx.bounds_after, start, end, payload, longer=True)
    elif kind == "frequency":
        ctx.frequencies.append((start, end, payload))
    elif kind == "place":
        _keep_longest(ctx.places_at, start, end, payload, longer=True)
        _keep_longest(ctx.places_ending, end, start, payload, longer=False)
    elif kind == "arbitration_word":
        ctx.arbitration_words.append(start)
    else:
        ctx.lexicon.append((kind, start, end, payload))


def _windows(positions: Iterable[int], before: int, after: int, length: int) -> list[tuple[int, int]]:
    """Merged token ranges [low, high) around the anchor positions."""
    ranges: list[tuple[int, int]] = []
    for position in sorted(positions):
        low, high = max(0, position - before), min(length, position + after + 1)
        if ranges and low <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], high))
        else:
            ranges.append((low, high))
    return ranges


def _resolve(hits: Iterable[_Hit]) -> list[_Hit]:
    """Drop duplicates and spans nested in a longer span of the same label; join equal overlaps.

    "GDPR" inside "UK GDPR", "10%" inside "ten percent (10%)" and "per year" inside "once per
    year" are the same value found twice; "UK Bribery Act" and "Bribery Act 2010" overlapping in
    "UK Bribery Act 2010" become one span. Spans of different labels may overlap, but never with
    identical offsets, since ``span._.value`` is keyed by offsets (LABELS order wins).
    """
    by_label: dict[str, list[_Hit]] = {}
    for hit in hits:
        by_label.setdefault(hit.label, []).append(hit)
    kept: dict[tuple[int, int], _Hit] = {}
    for label in LABELS:
        for hit in _outermost(by_label.get(label, [])):
            kept.setdefault((hit.start, hit.end), hit)
    return sorted(kept.values(), key=lambda h: (h.start, h.end, LABELS.index(h.label)))


def _outermost(group: list[_Hit]) -> list[_Hit]:
    """Hits of one label without those nested in another; overlapping equal values are joined."""
    outer: list[_Hit] = []
    for hit in sorted(group, key=lambda h: (h.start, -h.end)):
        previous = outer[-1] if outer else None
        if previous is not None and hit.end <= previous.end:
            continue
        if previous is not None and hit.start < previous.end and hit.value == previous.value:
            outer[-1] = dataclasses.replace(previous, end=hit.end)
        else:
            outer.append(hit)
    return outer


# --------------------------------------------------------------------------------------------
# Durations, deadlines, frequencies
# --------------------------------------------------------------------------------------------


def _duration_hit(ctx: _Context, start: int, end: int) -> _Hit | None:
    """DURATION for a pattern match ending in a unit word, or None if the number does not read."""
    unit = _UNITS[ctx.lower(end - 1)]
    quantity_end = end - 1
    business = False
    while quantity_end > start and ctx.lower(quantity_end - 1) in _DURATION_QUALIFIERS:
        business = business or ctx.lower(quantity_end - 1) in _BUSINESS
        quantity_end -= 1
    quantity = _read_quantity(ctx.tokens(start, quantity_end))
    if quantity is None or quantity.value <= 0:
        return None
    value = duration_value(quantity.value, unit, business=business)
    if quantity.words_disagree:
        value["words_disagree"] = True
    return _Hit("DURATION", start + quantity.skip, end, value)


def _bound_before(ctx: _Context, start: int) -> tuple[int, str] | None:
    """(start, bound) of a bound phrase ending at `start`, allowing "a period of" in between."""
    position = start
    for _ in range(5):
        found = ctx.bounds_before.get(position)
        if found is not None:
            return found
        if ctx.lower(position - 1) not in _BOUND_FILLER:
            return None
        position -= 1
    return None


def _bound_after(ctx: _Context, end: int) -> tuple[int, str] | None:
    """(end, bound) of "prior to", "in advance", "'s prior written notice" ... right after `end`."""
    position = end + 1 if ctx.text(end) in _POSSESSIVE else end
    return ctx.bounds_after.get(position)


def _deadlines(ctx: _Context, durations: Sequence[_Hit]) -> list[_Hit]:
    """DEADLINE spans: a duration with a bound before it ("within") or after it ("prior to").

    The bound before wins when both exist: in "within 30 days prior to expiry" the duration is a
    maximum, while "30 days prior to expiry" alone is a minimum notice period.
    """
    hits: list[_Hit] = []
    for duration in durations:
        before = _bound_before(ctx, duration.start)
        after = _bound_after(ctx, duration.end)
        if before is None and after is None:
            continue
        start, bound = before if before is not None else (duration.start, after[1])  # type: ignore[index]
        end = after[0] if after is not None else duration.end
        hits.append(_Hit("DEADLINE", start, end, {"bound": bound, "duration": dict(duration.value)}))
    return hits


def _frequency_hit(ctx: _Context, start: int, end: int, per_year: float) -> _Hit:
    value: Value = {"per_year": float(_clean(per_year)), "text": ctx.view.text(start, end).lower()}
    bound = _bound_before(ctx, start)
    if bound is not None:
        value["bound"] = bound[1]
    return _Hit("FREQUENCY", start, end, value)


def _is_capitalised_compound(ctx: _Context, start: int, end: int) -> bool:
    """True for "Monthly Charges"-style names, which mention a frequency but are not one."""
    first, following = ctx.token(start), ctx.token(end)
    return (
        end - start == 1
        and first is not None
        and first.is_title
        and following is not None
        and following.is_title
    )


def _counted_frequency(tokens: Sequence[Token]) -> float | None:
    """Times per year for "twice a year", "three (3) times per calendar quarter", "twice yearly"."""
    lowers = [t.lower_ for t in tokens]
    last = lowers[-1]
    per_period = _FREQUENCY_ADVERBS.get(last) or _PERIODS.get(last)
    if per_period is None:
        return None
    if last == "day" and "business" in lowers:
        per_period = _PER_YEAR_BY_UNIT["business_day"]
    if lowers[0] in _COUNTS:
        return _COUNTS[lowers[0]] * per_period
    count = _read_quantity(tokens[: lowers.index("times")])
    return None if count is None or count.skip else count.value * per_period


def _duration_frequency(ctx: _Context, duration: _Hit) -> _Hit | None:
    """FREQUENCY for "every six (6) months", "once in any period of twelve (12) months".

    Without a count ("once", "twice", "N times") one of "every", "each" or "per" is required,
    so "within any 30 day period" stays a plain duration.
    """
    position = duration.start
    connectors: list[str] = []
    while len(connectors) < 4 and ctx.lower(position - 1) in _FREQUENCY_CONNECTORS:
        connectors.append(ctx.lower(position - 1))
        position -= 1
    if not connectors:
        return None
    count, position = _count_before(ctx, position)
    if count is None:
        if not {"every", "each", "per"} & set(connectors):
            return None
        count = 1.0
    value = duration.value
    unit = "business_day" if value.get("business") and value["unit"] == "day" else value["unit"]
    per_year = count * _PER_YEAR_BY_UNIT[unit] / value["amount"]
    end = duration.end + 1 if ctx.lower(duration.end) == "period" else duration.end
    return _frequency_hit(ctx, position, end, per_year)


def _count_before(ctx: _Context, position: int) -> tuple[float | None, int]:
    """("once" -> 1, "three (3) times" -> 3) ending just before `position`, and where it starts."""
    word = ctx.lower(position - 1)
    if word in _COUNTS:
        return _COUNTS[word], position - 1
    if word != "times":
        return None, position
    low = max(0, position - 8)
    quantity = _read_quantity(ctx.tokens(low, position - 1))
    if quantity is None:
        return None, position
    return quantity.value, low + quantity.skip


# --------------------------------------------------------------------------------------------
# Percentages and money
# --------------------------------------------------------------------------------------------


def _read_amount(tokens: Sequence[Token]) -> tuple[int, float, bool] | None:
    """(tokens to skip, amount, words disagree) from spelled words and/or figures in `tokens`.

    A figure wins over words ("ten percent (10%)" -> 10); the words must be the leading tokens.
    """
    figures = [v for v in (parse_numeral(t.text) for t in tokens) if v is not None]
    leading: list[str] = []
    for token in tokens:
        if token.lower_ not in NUMBER_WORDS and token.lower_ not in _NUMBER_JOINERS:
            break
        leading.append(token.lower_)
    while leading and leading[-1] == "-":
        leading.pop()
    words = _longest_number_suffix(leading) if leading else None
    if figures:
        skip = words[0] if words else len(leading)
        return skip, figures[-1], bool(words and words[1] != figures[-1])
    if words is None:
        return None
    return words[0], words[1], False


def _currency(tokens: Sequence[Token]) -> str | None:
    """ISO 4217 code from a symbol, a code or words ("Canadian dollars", "pounds sterling").

    "pounds" alone is a weight, so it only counts with "sterling", "£" or "GBP" in the match.
    """
    texts = [t.text for t in tokens]
    lowers = [t.lower_ for t in tokens]
    for text in texts:
        if text in _CURRENCY_SYMBOLS:
            return _CURRENCY_SYMBOLS[text]
        if text in _CURRENCY_CODES:
            return _CURRENCY_CODES[text]
    for lower in lowers:
        if lower in ("pound", "pounds") and "sterling" not in lowers:
            continue
        if lower in _CURRENCY_WORDS:
            if lower.startswith("dollar"):
                return next((_DOLLAR_QUALIFIERS[q] for q in lowers if q in _DOLLAR_QUALIFIERS), "USD")
            return _CURRENCY_WORDS[lower]
    return None


def _money_value(tokens: Sequence[Token]) -> tuple[int, Value] | None:
    """(tokens to skip, {"amount", "currency"}) for a money match, or None if it does not read.

    The figure wins over spelled words ("ten million pounds (£10,000,000)"); without a figure
    the words are read ("five thousand dollars").
    """
    currency = _currency(tokens)
    if currency is None:
        return None
    amount = _figure_amount(tokens)
    read = _read_amount(tokens) if amount is None or tokens[0].lower_ in NUMBER_WORDS else None
    if amount is None:
        if read is None:
            return None
        amount = read[1]
    return (read[0] if read else 0), {"amount": float(amount), "currency": currency}


def _figure_amount(tokens: Sequence[Token]) -> float | None:
    """The last figure in the match times its scale: "1.5 million", "10 m", glued "50k", "5bn"."""
    amount: float | None = None
    for i, token in enumerate(tokens):
        figure = parse_numeral(token.text)
        if figure is not None:
            following = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
            amount = figure * _SCALES.get(following, 1.0)
            continue
        glued = _GLUED_AMOUNT_RE.match(token.text)
        if glued:
            number = float(glued.group(1).replace(",", "") + (glued.group(2) or ""))
            amount = number * _SCALES[glued.group(3).lower()]
    return amount


# --------------------------------------------------------------------------------------------
# Lexicon matches: regulations, fixed-name standards, arbitral bodies, party roles
# --------------------------------------------------------------------------------------------


def _lexicon_hits(ctx: _Context) -> list[_Hit]:
    """Hits for lexicon phrases, each checked by its label's rule (context, compounds, versions)."""
    hits: list[_Hit] = []
    for label, start, end, entry in ctx.lexicon:
        hit = _LEXICON_CHECKS[label](ctx, start, end, entry)
        if hit is not None:
            hits.append(hit)
    return hits


def _regulation_hit(ctx: _Context, start: int, end: int, entry: _Entry) -> _Hit | None:
    """REGULATION: names are specific enough to need no further check."""
    return _Hit("REGULATION", start, end, entry.as_dict())


def _fixed_standard_hit(ctx: _Context, start: int, end: int, entry: _Entry) -> _Hit | None:
    """STANDARD named by words, with "Plus" and a version ("PCI DSS v4.0") read after it."""
    value = entry.as_dict()
    if value["name"] == "Cyber Essentials" and ctx.text(end) in ("Plus", "PLUS", "+"):
        value["name"], end = "Cyber Essentials Plus", end + 1
    version, end = _version_after(ctx, end)
    value["version"] = version
    return _Hit("STANDARD", start, end, value)


def _arbitral_body_hit(ctx: _Context, start: int, end: int, entry: _Entry) -> _Hit | None:
    """ARBITRAL_BODY with "rules": True when its rules are named ("ICC Rules", "Rules of the LCIA")."""
    if entry.needs_context and not _near(ctx.arbitration_words, start, 40):
        return None
    value = entry.as_dict()
    value["rules"] = _rules_after(ctx, end) or _rules_before(ctx, start)
    return _Hit("ARBITRAL_BODY", start, end, value)


def _party_role_hit(ctx: _Context, start: int, end: int, entry: _Entry) -> _Hit | None:
    """PARTY_ROLE unless the role word is part of a longer capitalised name ("Customer Data")."""
    following = ctx.token(end)
    if following is not None and following.is_title and following.lower_ not in _ROLE_WORDS:
        return None
    if start > 1:
        previous = ctx.view.token(start - 1)
        sentence_start = ctx.text(start - 2) in _SENTENCE_END or ctx.text(start - 2) in (":", ")")
        if previous.is_title and previous.lower_ not in _FUNCTION_WORDS and not sentence_start:
            return None
    return _Hit("PARTY_ROLE", start, end, entry.as_dict())


_LEXICON_CHECKS: dict[str, Callable[[_Context, int, int, _Entry], _Hit | None]] = {
    "REGULATION": _regulation_hit,
    "STANDARD": _fixed_standard_hit,
    "ARBITRAL_BODY": _arbitral_body_hit,
    "PARTY_ROLE": _party_role_hit,
}


def _near(positions: Sequence[int], position: int, distance: int) -> bool:
    """Whether any of the sorted `positions` is within `distance` tokens of `position`."""
    i = bisect.bisect_left(positions, position - distance)
    return i < len(positions) and positions[i] <= position + distance


def _rules_after(ctx: _Context, end: int) -> bool:
    for i in range(end, min(end + 4, ctx.length)):
        if ctx.lower(i) == "rules":
            return True
        if ctx.lower(i) not in _RULES_BETWEEN:
            return False
    return False


_RULES_BEFORE_BETWEEN = _RULES_BETWEEN | {"of", "the", "conciliation", "and", "regulations", "procedures"}


def _rules_before(ctx: _Context, start: int) -> bool:
    """ "Rules of Arbitration of the International Chamber of Commerce": rules named before the body."""
    i = start - 1
    if ctx.lower(i) == "the":
        i -= 1
    if ctx.lower(i) not in ("of", "'s"):
        return False
    for j in range(i - 1, max(i - 6, -1), -1):
        if ctx.lower(j) == "rules":
            return True
        if ctx.lower(j) not in _RULES_BEFORE_BETWEEN:
            return False
    return False


# --------------------------------------------------------------------------------------------
# Numbered standards
# --------------------------------------------------------------------------------------------

_ISO_RE = re.compile(r"^iso(?:[/-]?iec)?[-/]?(\d{3,5})(?::(\d{4}))?$")
_SOC_RE = re.compile(r"^soc-?([123]|i{1,3})$")
_AUDIT_RE = re.compile(r"^(ssae|isae|sas)(?:no\.?|number)?(\d{2,4})$")
_NIST_SP_RE = re.compile(r"^(?:nist)?(?:sp|specialpublication)?800-(\d{2,3})$")
_FIPS_RE = re.compile(r"^fips(?:pub\.?|publication)?140-([123])$")
_VERSION_RE = re.compile(r"^v?(\d+(?:\.\d+)*)$", re.IGNORECASE)
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_ISO_PART_RE = re.compile(r"^(\d{1,2})(?::((?:19|20)\d\d))?$")
_ROMAN = {"1": "I", "2": "II", "3": "III", "i": "I", "ii": "II", "iii": "III", "one": "I", "two": "II"}
_ISO_IEC_JOINT = frozenset({20000, 27701, 17788, 17789, 29100, 29134, 15408, 38500})


def _numbered_standard(ctx: _Context, key: str, start: int, end: int) -> _Hit | None:
    """STANDARD for ISO, SOC, SSAE/ISAE/SAS, NIST SP 800 and FIPS 140 matches, with version/type."""
    joined = "".join(t.text for t in ctx.tokens(start, end)).lower()
    if key == "GLUED":
        key = next((k for k, reader in _STANDARD_READERS.items() if reader(joined) is not None), "")
    read = _STANDARD_READERS[key](joined) if key else None
    if read is None:
        return None
    name, version = read
    value: Value = {"name": name, "version": version, "type": None}
    if key == "ISO" and version is None:
        value["name"], value["version"], end = _iso_edition_after(ctx, name, end)
    elif key in ("SOC", "AUDIT"):
        value["type"], end = _audit_type(ctx, start, end)
    elif key == "NIST_SP":
        value["version"], end = _revision_after(ctx, end)
    return _Hit("STANDARD", start, end, value)


def _read_iso(joined: str) -> tuple[str, str | None] | None:
    match = _ISO_RE.match(joined)
    if not match:
        return None
    number = int(match.group(1))
    joint = "iec" in joined or 27000 <= number <= 27099 or number in _ISO_IEC_JOINT
    return f"{'ISO/IEC' if joint else 'ISO'} {number}", match.group(2)


def _read_soc(joined: str) -> tuple[str, str | None] | None:
    match = _SOC_RE.match(joined)
    if not match:
        return None
    level = {"i": "1", "ii": "2", "iii": "3"}.get(match.group(1), match.group(1))
    return f"SOC {level}", None


def _read_audit(joined: str) -> tuple[str, str | None] | None:
    match = _AUDIT_RE.match(joined)
    return (f"{match.group(1).upper()} {int(match.group(2))}", None) if match else None


def _read_nist_sp(joined: str) -> tuple[str, str | None] | None:
    match = _NIST_SP_RE.match(joined)
    return (f"NIST SP 800-{match.group(1)}", None) if match else None


def _read_fips(joined: str) -> tuple[str, str | None] | None:
    match = _FIPS_RE.match(joined)
    return (f"FIPS 140-{match.group(1)}", None) if match else None


_STANDARD_READERS: dict[str, Callable[[str], tuple[str, str | None] | None]] = {
    "ISO": _read_iso,
    "SOC": _read_soc,
    "AUDIT": _read_audit,
    "NIST_SP": _read_nist_sp,
    "FIPS": _read_fips,
}


def _iso_edition_after(ctx: _Context, name: str, end: int) -> tuple[str, str | None, int]:
    """Part and edition written after the number: "27001 : 2013", "27001-2013", "(2013)", "20000-1:2018"."""
    following = ctx.text(end + 1)
    if ctx.text(end) in (":", "-") and _YEAR_RE.match(following):
        return name, following, end + 2
    if ctx.text(end) == "(" and _YEAR_RE.match(following) and ctx.text(end + 2) == ")":
        return name, following, end + 3
    part = _ISO_PART_RE.match(following) if ctx.text(end) == "-" else None
    if part:
        return f"{name}-{part.group(1)}", part.group(2), end + 2
    return name, None, end


def _audit_type(ctx: _Context, start: int, end: int) -> tuple[str | None, int]:
    """SOC report type from "SOC 2 Type II", "SOC 2 (Type 2)" or "Type II SOC 2"."""
    i = end + 1 if ctx.text(end) in ("®", "(") else end
    if ctx.lower(i) == "type" and ctx.lower(i + 1) in _ROMAN:
        close = i + 3 if ctx.text(i + 2) == ")" and ctx.text(end) == "(" else i + 2
        return _ROMAN[ctx.lower(i + 1)], close
    if ctx.lower(start - 2) == "type" and ctx.lower(start - 1) in _ROMAN:
        return _ROMAN[ctx.lower(start - 1)], end
    return None, end


def _revision_after(ctx: _Context, end: int) -> tuple[str | None, int]:
    """NIST revision: "Rev. 5", "Revision 4", "rev 5"."""
    if ctx.lower(end) in ("rev.", "rev", "revision", "r") and _VERSION_RE.match(ctx.text(end + 1)):
        return ctx.text(end + 1), end + 2
    return None, end


def _version_after(ctx: _Context, end: int) -> tuple[str | None, int]:
    """Version after a named standard: "v4.0", "version 3.2.1", "4.0", "ITIL 4"."""
    spelled = _VERSION_RE.match(ctx.text(end + 1))
    if ctx.lower(end) in ("version", "ver.", "v") and spelled:
        return spelled.group(1), end + 2
    match = _VERSION_RE.match(ctx.text(end))
    if match and (ctx.text(end)[:1] in "vV" or "." in ctx.text(end) or len(ctx.text(end)) == 1):
        return match.group(1), end + 1
    return None, end


# --------------------------------------------------------------------------------------------
# Defined terms
# --------------------------------------------------------------------------------------------

_DEFINING_PHRASES: tuple[tuple[str, ...], ...] = (
    ("means",),
    ("mean",),
    ("shall", "mean"),
    ("will", "mean"),
    ("shall", "have", "the", "meaning"),
    ("shall", "have", "the", "meanings"),
    ("has", "the", "meaning"),
    ("has", "the", "meanings"),
    ("have", "the", "meaning"),
    ("have", "the", "meanings"),
    ("refers", "to"),
    ("refer", "to"),
    ("shall", "refer", "to"),
    ("includes",),
    ("include",),
    ("shall", "include"),
    ("is", "defined"),
    ("are", "defined"),
)
_DEFINING_FIRST = frozenset(p[0] for p in _DEFINING_PHRASES)
_TERM_STOP = frozenset({"means", "mean", "shall", "will", "is", "are", "was", "has", "have"})
_TERM_GLUE = frozenset(
    {"of", "and", "the", "for", "in", "to", "or", "&", "-", "on", "a", "an", "by", "with", "'s"}
)
_HEREINAFTER = frozenset({"hereinafter", "hereafter", "hereinbelow"})
_NOT_IN_TERM = frozenset({".", ";", ":", ",", "!", "?", "(", ")", "[", "]"})


def _defined_term(ctx: _Context, start: int, end: int) -> _Hit | None:
    """DEFINED_TERM for `"Services" means`, `(the "Effective Date")`, `hereinafter "Agreement"`.

    Lower-case terms (`"control" means`) are accepted only before a defining verb; a quoted
    phrase in parentheses must be capitalised to count, so quoted speech is not a definition.
    """
    term = ctx.tokens(start + 1, end - 1)
    if not _looks_like_term(term):
        return None
    capitalised = term[0].text[:1].isupper() or term[0].text[:1].isdigit()
    if not _defining_phrase_follows(ctx, end) and not (
        capitalised and _introduced_in_brackets(ctx, start, end)
    ):
        return None
    return _Hit("DEFINED_TERM", start, end, {"term": ctx.view.text(start + 1, end - 1)})


def _looks_like_term(term: Sequence[Token]) -> bool:
    lowers = [t.lower_ for t in term]
    if not lowers or lowers[-1] in ("-", "and", "or") or (_TERM_STOP | _NOT_IN_TERM) & set(lowers):
        return False
    if not (term[0].is_alpha or term[0].text[:1].isalnum()):
        return False
    return not all(w in _TERM_GLUE for w in lowers)


def _defining_phrase_follows(ctx: _Context, position: int) -> bool:
    """Whether a defining verb follows, skipping `or "Term2"` chains and a colon or dash."""
    position = _skip_term_chain(ctx, position)
    if ctx.text(position) in (":", "-", "–", "—", ","):
        position += 1
    if ctx.lower(position) not in _DEFINING_FIRST:
        return False
    return any(
        all(ctx.lower(position + k) == word for k, word in enumerate(phrase)) for phrase in _DEFINING_PHRASES
    )


def _skip_term_chain(ctx: _Context, position: int) -> int:
    """Skip `, "processor" and "personal data"` after a quoted term so the verb can be found."""
    limit = position + 40
    while position < min(limit, ctx.length):
        if ctx.lower(position) in (",", "or", "and", "/"):
            position += 1
            continue
        if ctx.text(position) in _OPEN_QUOTES:
            close = next(
                (
                    j
                    for j in range(position + 1, min(position + 10, ctx.length))
                    if ctx.text(j) in _CLOSE_QUOTES
                ),
                None,
            )
            if close is None:
                return position
            position = close + 1
            continue
        break
    return position


def _introduced_in_brackets(ctx: _Context, start: int, end: int) -> bool:
    """`(the "Supplier")`, `(each a "Party" and together the "Parties")` or `hereinafter "X"`."""
    for i in range(start - 1, max(start - 14, -1), -1):
        text = ctx.text(i)
        if ctx.lower(i) in _HEREINAFTER:
            return True
        if text == "(":
            break
        if text in (")", ".", ";"):
            return False
    else:
        return False
    for i in range(end, min(end + 16, ctx.length)):
        text = ctx.text(i)
        if text == ")":
            return True
        if text in ("(", ".", ";"):
            return False
    return False


# --------------------------------------------------------------------------------------------
# Jurisdictions, courts and seats
# --------------------------------------------------------------------------------------------


def _skip_prefixes(ctx: _Context, position: int) -> tuple[int, bool]:
    """Skip "the State of" / "the People's Republic of"; also say whether a polity word was seen."""
    political = False
    for _ in range(6):
        lower = ctx.lower(position)
        if lower not in _PLACE_PREFIXES or position in ctx.places_at:
            break
        political = political or lower in _POLITICAL_PREFIXES
        position += 1
    return position, political


def _is_capitalised(token: Token, title_only: bool = False) -> bool:
    """Whether `token` can be part of a place name: capitalised, not glue, not a language."""
    text, lower = token.text, token.lower_
    if not text[:1].isupper() or token.is_punct or lower in _RUN_STOP or lower in _DEMONYMS:
        return False
    return not (title_only and token.is_upper and len(text) > 1)


def _title_run(ctx: _Context, position: int, title_only: bool = False, limit: int = 5) -> int | None:
    """End of a capitalised name starting at `position` ("Travis County", "City of London")."""
    first = ctx.token(position)
    if first is None or not _is_capitalised(first, title_only):
        return None
    end = position + 1
    while end < ctx.length and end - position < limit:
        if _is_capitalised(ctx.view.token(end), title_only):
            end += 1
        elif (
            ctx.lower(end) in ("of", "upon", "on", "-")
            and end + 1 < ctx.length
            and _is_capitalised(ctx.view.token(end + 1), title_only)
        ):
            end += 2
        else:
            break
    return end


def _place_after(
    ctx: _Context, position: int, *, fallback: bool, title_only: bool = False, cities: bool = True
) -> tuple[int, str, str | None] | None:
    """(end, name, country) of a place at `position`, with ", Texas"-style regions appended.

    Gazetteer places come first; with `fallback` any capitalised name is accepted ("Travis
    County"), its country taken from a known place inside or after it.
    """
    position, political = _skip_prefixes(ctx, position)
    known = ctx.places_at.get(position)
    if known is not None and (cities or known[1].kind != "city") and known[1].kind != "demonym":
        end, place = known
        name, country = place.name, place.country
        if ctx.lower(end) == "state":
            end += 1
    elif fallback or political:
        run_end = _title_run(ctx, position, title_only)
        if run_end is None or not _plausible_run(ctx, position, run_end):
            return None
        end, name, country = (
            run_end,
            ctx.view.text(position, run_end),
            _country_inside(ctx, position, run_end),
        )
    else:
        return None
    region = ctx.places_at.get(end + 1) if ctx.text(end) == "," else None
    following = ctx.token(region[0]) if region is not None else None
    if following is not None and following.is_title:  # "New York, New York County": not a region
        region = None
    if region is not None and region[1].kind not in ("city", "demonym"):
        if fallback:
            name = f"{name}, {region[1].name}"
        country, end = country or region[1].country, region[0]
    return end, name, country


_PLACE_HEADS = frozenset({"county", "district", "city", "parish", "borough", "province", "state"})


def _plausible_run(ctx: _Context, start: int, end: int) -> bool:
    """Reject ALL-CAPS runs that are not places ("THE PURPOSE OF CARRYING OUT").

    In upper-case text every word is "capitalised", so the run must contain a known place or a
    word such as COUNTY or DISTRICT.
    """
    if not ctx.view.token(start).is_upper or len(ctx.text(start)) == 1:
        return True
    words = {ctx.lower(i) for i in range(start, end)}
    return bool(words & _PLACE_HEADS) or _country_inside(ctx, start, end) is not None


def _country_inside(ctx: _Context, start: int, end: int) -> str | None:
    for i in range(start, end):
        known = ctx.places_at.get(i)
        if known is not None and known[1].country:
            return known[1].country
    return None


def _sentence_positions(ctx: _Context, start: int, end: int, back: int, ahead: int) -> list[int]:
    """Token positions up to `back` before `start` and `ahead` after `end`, within the sentence."""
    positions: list[int] = []
    for i in range(start - 1, max(start - back, 0) - 1, -1):
        if ctx.text(i) in _SENTENCE_END:
            break
        positions.append(i)
    for i in range(end, min(end + ahead, ctx.length)):
        if ctx.text(i) in _SENTENCE_END:
            break
        positions.append(i)
    return positions


def _sentence_window(ctx: _Context, start: int, end: int, back: int, ahead: int) -> set[str]:
    """Lower-case words around [start, end) within the same sentence."""
    return {ctx.lower(i) for i in _sentence_positions(ctx, start, end, back, ahead)}


def _jurisdiction_hit(ctx: _Context, start: int, end: int, name: str, country: str | None) -> _Hit | None:
    """JURISDICTION unless the sentence is about incorporation ("organized under the laws of")."""
    if _INCORPORATION_WORDS & _sentence_window(ctx, start, start, 10, 0):
        return None
    governing = bool(_GOVERNING_WORDS & _sentence_window(ctx, start, end, 40, 0)) or _governs_after(ctx, end)
    return _Hit("JURISDICTION", start, end, {"name": name, "country": country, "governing": governing})


def _governs_after(ctx: _Context, end: int) -> bool:
    """ "The laws of the State of New York shall govern / shall apply to this Agreement"."""
    positions = _sentence_positions(ctx, end, end, 0, 15)
    lowers = [ctx.lower(i) for i in positions]
    return bool(_GOVERNING_AFTER & set(lowers)) or any(
        first in ("shall", "will") and second in ("apply", "govern")
        for first, second in itertools.pairwise(lowers)
    )


def _laws_of(ctx: _Context, start: int, end: int) -> list[_Hit]:
    """JURISDICTION for "laws of the State of New York", and "... and of the State of Texas"."""
    hits: list[_Hit] = []
    place = _place_after(ctx, end, fallback=False, cities=False)
    if place is None and _GOVERNING_WORDS & _sentence_window(ctx, start, end, 40, 0):
        place = _place_after(ctx, end, fallback=True, title_only=True, cities=False)
    while place is not None and len(hits) < 3:
        place_end, name, country = place
        hit = _jurisdiction_hit(ctx, start, place_end, name, country)
        if hit is None:
            break
        hits.append(hit)
        if ctx.lower(place_end) != "and":
            break
        start = place_end + 2 if ctx.lower(place_end + 1) == "of" else place_end + 1
        place = _place_after(ctx, start, fallback=False, cities=False)
    return hits


def _named_law(ctx: _Context, start: int, end: int, place: _Place) -> _Hit | None:
    """JURISDICTION for "English law", "Delaware law" — only in a governing-law sentence."""
    hit = _jurisdiction_hit(ctx, start, end, place.name, place.country)
    return hit if hit is not None and hit.value["governing"] else None


def _skip_court_kind(ctx: _Context, position: int) -> int:
    """Skip "Chancery of the" in "Court of Chancery of the State of Delaware" to reach the place."""
    if ctx.lower(position) not in _COURT_KINDS:
        return position
    while ctx.lower(position) in _COURT_KINDS | {"of", "in", "for", "the", "and"}:
        position += 1
    return position


def _court_start(ctx: _Context, start: int) -> int:
    """Include "state and federal" before "courts" in the span."""
    while ctx.lower(start - 1) in _COURT_QUALIFIERS and start > 0:
        start -= 1
    while ctx.lower(start) in ("and", "or"):
        start += 1
    return start


def _court_hit(ctx: _Context, start: int, end: int, name: str, country: str | None) -> _Hit:
    value: Value = {"name": name, "exclusive": _exclusive(ctx, start, end)}
    if country:
        value["country"] = country
    return _Hit("COURT", start, end, value)


def _exclusive(ctx: _Context, start: int, end: int) -> bool:
    """Whether the courts have exclusive jurisdiction: "exclusive" in the sentence, not "non-exclusive"."""
    for i in _sentence_positions(ctx, start, end, 25, 12):
        if ctx.lower(i) in ("exclusive", "exclusively", "sole"):
            negated = ctx.lower(i - 1) == "non" or (ctx.text(i - 1) == "-" and ctx.lower(i - 2) == "non")
            if not negated:
                return True
    return False
