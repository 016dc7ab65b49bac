"""The pipeline's tokenizer: spaCy's blank English rules, with affix searches remembered.

spaCy splits every new whitespace-delimited string by running its prefix, suffix and infix
regular expressions, and caches the result only while the vocabulary holds fewer than 10,000
words; after that, every string with a new word is split again from scratch. The suffix
expression (hundreds of alternatives anchored at the end) then costs a third of tokenizing a
contract. Contracts reuse the same word forms endlessly, so each search's answer is kept per
string (bounded): the tokens are exactly spaCy's, a third sooner.

Registered as a spaCy tokenizer (``config.cfg``: ``[nlp.tokenizer] @tokenizers =
"contract_checker.Tokenizer.v1"``) so the special cases are built once, as in
``spacy.blank("en")``; it serialises to the same bytes as the default tokenizer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy import util
from spacy.language import Language
from spacy.tokenizer import Tokenizer

TOKENIZER_NAME = "contract_checker.Tokenizer.v1"
REMEMBERED_STRINGS = 100_000
_MISSING = object()


class RememberedSearch:
    """A compiled expression's ``search`` or ``finditer``, answering each string once.

    The cache is cleared when full, so memory stays bounded on a long batch. ``__self__``
    is the compiled expression, which is what spaCy reads when it serialises the tokenizer.
    """

    __slots__ = ("answers", "limit", "materialise", "method")

    def __init__(self, method: Callable[[str], Any], limit: int = REMEMBERED_STRINGS) -> None:
        self.method = method
        self.limit = limit
        self.answers: dict[str, Any] = {}
        # finditer returns an iterator, consumed once: keep its matches as a tuple.
        self.materialise = getattr(method, "__name__", "") == "finditer"

    @property
    def __self__(self) -> Any:
        return self.method.__self__

    def __call__(self, text: str) -> Any:
        answer = self.answers.get(text, _MISSING)
        if answer is _MISSING:
            if len(self.answers) >= self.limit:
                self.answers.clear()
            answer = self.method(text)
            if self.materialise:
                answer = tuple(answer)
            self.answers[text] = answer
        return answer


def _remembered(method: Callable[[str], Any] | None) -> RememberedSearch | None:
    return RememberedSearch(method) if method is not None else None


@util.registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's default tokenizer factory (``spacy.Tokenizer.v1``) with remembered searches."""

    def tokenizer_factory(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        prefixes, suffixes, infixes = defaults.prefixes, defaults.suffixes, defaults.infixes
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=_remembered(util.compile_prefix_regex(prefixes).search if prefixes else None),
            suffix_search=_remembered(util.compile_suffix_regex(suffixes).search if suffixes else None),
            infix_finditer=_remembered(util.compile_infix_regex(infixes).finditer if infixes else None),
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return tokenizer_factory
