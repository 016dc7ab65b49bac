"""Numbers written in words and in figures that disagree: "thirty (60) days", "five (5,000) dollars".

Contracts state a period or an amount twice so that a typing error shows; when the two forms
disagree nobody knows which one the parties meant, and courts have had to choose. Both orders
are read: words then figures in brackets ("thirty (30) days", "Five Thousand Dollars
($5,000)", "ten percent (10%)", and days of a date: "the fifteenth (15th) day") and figures
then words ("$5,000 (five thousand dollars)").

The words must read as one English number (:func:`checker.nlp.values.parse_number_words`, strict
about word order) once currency and percent words are set aside; anything else — "one-half",
"(the Fee)" — is not a number and is left alone.
"""

from __future__ import annotations

import re

from checker.drafting.model import Agreement, Slip, excerpt
from checker.nlp.values import parse_number_words


def _words(text: str) -> list[str]:
    """A word list written as text, so long lexicons stay readable."""
    return text.split()


FIGURES = "figures"
KINDS = ("words_digits",)

_CURRENCY = r"(?:US\$|U\.S\.\s?\$|\$|€|£|USD|EUR|GBP|CHF|CAD|AUD)"
_FIGURE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A figure in brackets; the words before it are read backwards from the bracket, which is much
# cheaper than a pattern that tries every run of words in the text.
_BRACKETED_FIGURE = re.compile(
    rf"\(\s*{_CURRENCY}?\s*(?P<figure>{_FIGURE})(?P<ordinal>st|nd|rd|th)?\s*(?:%|percent|per\s?cent)?\s*\)"
)
# Ordinal words whose cardinal is not the word without "th": dates and days are written
# "the fifteenth (15th) day", "the twenty-first (21st) day of the month".
_IRREGULAR_ORDINALS = {
    "first": "one",
    "second": "two",
    "third": "three",
    "fifth": "five",
    "eighth": "eight",
    "ninth": "nine",
    "twelfth": "twelve",
}
_WORD_BEFORE = re.compile(r"[A-Za-z]+|-|,")
_FIGURE_FIRST = re.compile(
    rf"(?<![\w.,]){_CURRENCY}?\s?(?P<figure>{_FIGURE})\s*%?\s*\((?P<words>[A-Za-z][A-Za-z\s.-]{{2,140}})\)"
)
_UNIT_WORDS = frozenset(
    _words(
        """
    dollars dollar euros euro pounds pound sterling percent per cent centum us u.s. usd eur gbp
    united states canadian australian only exactly
    """
    )
)
_TOKEN = re.compile(r"[A-Za-z]+|-")
_TENS_WORDS = frozenset(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
# "one half of one percent (0.5%)", "forty-four hundredths of one percent (0.44%)": a fraction of the number
_FRACTION_BEFORE = re.compile(
    r"\b(?:half|quarter|third|thirds|quarters|tenths?|hundredths?|thousandths?)\s+of\s*$", re.I
)


def find_figure_slips(agreement: Agreement) -> list[Slip]:
    slips: list[Slip] = []
    for index, document in enumerate(agreement.documents):
        text = document.text
        for match in _BRACKETED_FIGURE.finditer(text):
            before = text[max(0, match.start() - 160) : match.start()]
            if not before.rstrip()[-1:].isalpha():
                continue
            tokens = list(_WORD_BEFORE.finditer(before))[-24:]
            # only the words that run up to the bracket, without a sentence break in between
            while tokens and before[tokens[-1].end() :].strip():
                tokens = []
            spoken = [token.group() for token in tokens if token.group() != ","]
            if match["ordinal"]:
                cardinal = _cardinal(spoken[-1]) if spoken else None
                if cardinal is None:
                    continue  # "(15th)" after words that are not an ordinal: nothing stated twice
                spoken[-1] = cardinal
            words = _number_tail(spoken)
            if words is None:
                continue
            value, used = words
            counted = 0
            start = match.start()
            for token in reversed(tokens):
                if token.group() in (",", "-") or (token.group().lower() in _UNIT_WORDS and counted == 0):
                    continue
                counted += 1
                start = match.start() - len(before) + token.start()
                if counted == used:
                    break
            if _FRACTION_BEFORE.search(text, max(0, start - 30), start):
                continue
            figure = float(match["figure"].replace(",", ""))
            if 1900 <= figure <= 2100 and value < 100:
                continue  # "Year One (1998)": a year named, not a number stated twice
            slip = _compare(index, text, start, match.end(), value, match["figure"])
            if slip is not None:
                slips.append(slip)
        for match in _FIGURE_FIRST.finditer(text):
            tokens = [t for t in _TOKEN.findall(match["words"]) if t.lower() not in _UNIT_WORDS]
            value = parse_number_words(tokens) if tokens else None
            if value is None:
                continue
            slip = _compare(index, text, match.start(), match.end(), value, match["figure"])
            if slip is not None:
                slips.append(slip)
    return sorted(slips, key=lambda slip: (slip.document, slip.start))


def _cardinal(word: str) -> str | None:
    """The cardinal of an ordinal number word ("fifteenth" -> "fifteen"), None for other words."""
    lowered = word.lower()
    if lowered in _IRREGULAR_ORDINALS:
        return _IRREGULAR_ORDINALS[lowered]
    if lowered.endswith("ieth"):
        return lowered[:-4] + "y"  # twentieth -> twenty
    if lowered.endswith("th") and parse_number_words([lowered[:-2]]) is not None:
        return lowered[:-2]  # fourth, fifteenth, hundredth
    return None


def _number_tail(tokens: list[str]) -> tuple[float, int] | None:
    """The number the words end with (currency and percent words set aside) and its word count.

    A hyphen joins tens and units ("twenty-four"); elsewhere ("one-hundred twenty") it is a space.
    """
    while tokens and tokens[-1].lower() in _UNIT_WORDS:
        tokens = tokens[:-1]
    tokens = [
        token
        for position, token in enumerate(tokens)
        if token != "-" or (position and tokens[position - 1].lower() in _TENS_WORDS)
    ]
    for skip in range(len(tokens)):
        tail = tokens[skip:]
        if tail[0] == "-" or tail[0].lower() == "and":
            continue
        value = parse_number_words(tail)
        if value is not None:
            return value, len([t for t in tail if t != "-"])
    return None


def _compare(index: int, text: str, start: int, end: int, words: float, figure: str) -> Slip | None:
    value = float(figure.replace(",", ""))
    if abs(value - words) < 1e-9:
        return None
    shown = str(int(words)) if float(words).is_integer() else str(words)
    facts = {"found": excerpt(text[start:end]), "words": shown, "figure": figure}
    return Slip(FIGURES, "words_digits", index, start, end, facts)
