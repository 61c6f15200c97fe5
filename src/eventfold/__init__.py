"""eventfold: news coverage folded into a structured, source-attributed event dataset."""

__version__ = "0.1.0"


def open(path):  # noqa: A001 - reads like the built-in: `ds = eventfold.open("x.db")`
    """Open an eventfold store read-only for notebooks: DataFrames of events, claims, conflicts and
    articles (eventfold/api.py). pandas loads only when this is called."""
    from eventfold.api import Dataset

    return Dataset.open(path)
