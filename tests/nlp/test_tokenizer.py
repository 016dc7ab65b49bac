import re

import spacy

from checker.nlp.pipeline import blank_pipeline, load_pipeline
from checker.nlp.tokenizer import RememberedSearch

TRICKY = [
    "The Supplier's fee (USD 1,000,000.00) is due within thirty (30) days; see Section 12.3(a)-(c).",
    "Signed: ..............................  Date: 1/2/2026  e.g. the Customer's U.S. affiliates, Inc.",
    "http://example.com/terms?x=1 -- don't re-perform; 99.95% uptime/month, £5k, 24x7x365.",
    "“Services” means the services; ‘Vendor’ – the vendor… (i) first; (ii) second.",
]


def _texts(nlp: spacy.Language, text: str) -> list[str]:
    return [token.text for token in nlp.make_doc(text)]


def test_tokens_are_exactly_spacys_blank_english() -> None:
    blank = spacy.blank("en")
    for nlp in (load_pipeline(), blank_pipeline()):
        for text in TRICKY * 2:  # the second pass answers from the remembered searches
            assert _texts(nlp, text) == _texts(blank, text)


def test_serialises_like_the_default_tokenizer() -> None:
    ours = load_pipeline().tokenizer
    assert isinstance(ours.suffix_search, RememberedSearch)
    assert ours.to_bytes(exclude=["vocab"]) == spacy.blank("en").tokenizer.to_bytes(exclude=["vocab"])


def test_remembered_search_is_bounded_and_keeps_finditer_reusable() -> None:
    search = RememberedSearch(re.compile(r"-").finditer, limit=2)
    assert [match.start() for match in search("a-b-c")] == [1, 3]
    assert [match.start() for match in search("a-b-c")] == [1, 3]  # not an exhausted iterator
    search("x-y")
    search("p-q")  # third string: the cache was full and starts again
    assert len(search.answers) == 1
    assert search.__self__.pattern == "-"
