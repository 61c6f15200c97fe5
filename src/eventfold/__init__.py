"""eventfold: news coverage folded into a structured, source-attributed event dataset."""

__version__ = "0.1.0"
