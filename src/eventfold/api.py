"""The Python API for notebooks: a store opened read-only, its tables as pandas DataFrames.

    import eventfold
    ds = eventfold.open("out/demo.db")
    ds.events(country="AF", date_from="2021-08", contested=True)   # one row per fused event
    ds.claims(kind="killed")                                        # every claim with its claimant
    ds.conflicts()                                                  # claims that disagree
    ds.articles(text='"Andarab valley"')                            # articles, by FTS5 query

The events filters are those of the web app and the REST API (review/query.py `EventQuery`), and
events carry the analysts' corrections (`reviewed`, `review_note` columns). Columns are the export
columns (docs/schema.md). pandas is imported only when a table is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from eventfold.review.query import EventQuery

if TYPE_CHECKING:
    import pandas

# The `events` filters that narrow claims, conflicts and articles to those of matching events.
EVENT_FILTERS = ("date_from", "date_to", "country", "admin1", "event_type", "sub_event_type", "actor",
                 "contested", "reviewed", "event_ids")


class Dataset:
    """An eventfold store opened read-only. Every method reads the store as it is now (changes made
    meanwhile by `eventfold process` or an analyst show on the next call)."""

    def __init__(self, store):
        self._store = store
        self._cached: Optional[tuple[int, object]] = None

    @classmethod
    def open(cls, path: str | Path) -> "Dataset":
        from eventfold.store.review import open_read_only

        return cls(open_read_only(path))

    @property
    def path(self) -> str:
        return self._store.path

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"eventfold.Dataset({self.path!r})"

    # ------------------------------------------------------------ tables

    def events(self, *, date_from: Optional[str] = None, date_to: Optional[str] = None,
               country: Optional[str] = None, admin1: Optional[str] = None, event_type: Optional[str] = None,
               sub_event_type: Optional[str] = None, actor: Optional[str] = None,
               contested: Optional[bool] = None, min_confidence: Optional[float] = 0.8,
               reviewed: Optional[bool] = None, text: Optional[str] = None, include_rejected: bool = False,
               event_ids: Optional[list[str]] = None, sort: str = "date") -> "pandas.DataFrame":
        """Fused events, one row each (the `events` export columns), after analysts' corrections.

        date_from/date_to: YYYY-MM-DD, YYYY-MM or YYYY, inclusive; country: ISO alpha-2; admin1,
        event_type, sub_event_type: exact names (admin1 case-insensitive); actor: a substring of
        any actor; contested, reviewed: True/False; min_confidence: as `--min-confidence` (0.8 by
        default, None for all); text: an FTS5 query over the articles; include_rejected: also the
        events analysts rejected; sort: one of review.query.SORTS. `event_date` is a datetime.
        """
        from eventfold.export.rows import event_rows

        events = self._matching_events(locals())
        full = self._full()
        rows = event_rows(_replace_events(full, events))
        frame = _frame(rows)
        if "event_date" in frame:
            import pandas as pd

            frame["event_date"] = pd.to_datetime(frame["event_date"], format="%Y-%m-%d", errors="coerce")
        return frame

    def claims(self, *, kind: Optional[str] = None, claimant: Optional[str] = None,
               conflicting: Optional[bool] = None, text: Optional[str] = None,
               min_confidence: Optional[float] = None, **event_filters) -> "pandas.DataFrame":
        """Claims (figures, dates, force sizes, control, denials) with their claimants, one row each.

        kind: e.g. "killed", "force_size"; claimant: a case-insensitive substring; conflicting:
        True for claims in a conflict; text: an FTS5 query (claims of the matching articles). Any
        `events` filter (date_from, country, actor, contested, ...) keeps the claims of the events it
        matches."""
        from eventfold.export.rows import claim_row

        full = self._full()
        articles = self._text_articles(text)
        events = self._events_for(event_filters, min_confidence)
        rows = []
        for claim in full.claims:
            event_id = full.event_of_claim(claim)
            if ((kind is None or claim.kind == kind)
                    and (claimant is None or claimant.lower() in (claim.claimant or "").lower())
                    and (conflicting is None or bool(full.conflicts_with.get(claim.claim_id)) == conflicting)
                    and (articles is None or claim.article_id in articles)
                    and (events is None or event_id in events)):
                rows.append(claim_row(claim, event_id, full.conflicts_with.get(claim.claim_id)))
        return _frame(rows)

    def conflicts(self, *, kind: Optional[str] = None, min_confidence: Optional[float] = None,
                  **event_filters) -> "pandas.DataFrame":
        """Conflicts between claims (which claims, about what, why they cannot both hold), one row each.
        kind: the claim kind in dispute; any `events` filter keeps the conflicts of matching events."""
        from eventfold.export.rows import conflict_row

        full = self._full()
        events = self._events_for(event_filters, min_confidence)
        return _frame([conflict_row(c) for c in full.conflicts
                       if (kind is None or c.kind == kind) and (events is None or c.event_id in events)])

    def articles(self, *, text: Optional[str] = None, outlet: Optional[str] = None,
                 published_from: Optional[str] = None, published_to: Optional[str] = None,
                 include_duplicates: bool = True, min_confidence: Optional[float] = None,
                 **event_filters) -> "pandas.DataFrame":
        """Stored articles (metadata, text, captions), one row each. text: an FTS5 query; outlet: a
        case-insensitive substring; published_from/to: ISO dates, inclusive; any `events` filter
        keeps the articles that are sources of matching events."""
        from eventfold.export.rows import article_row

        full = self._full()
        matching = self._text_articles(text)
        events = self._events_for(event_filters, min_confidence)
        cited = None if events is None else {a for e in full.events if e.event_id in events for a in e.article_ids}
        rows = [{**article_row(a), "text": a.text, "captions": a.captions} for a in full.articles
                if (matching is None or a.article_id in matching)
                and (cited is None or a.article_id in cited)
                and (outlet is None or outlet.lower() in (a.outlet or "").lower())
                and (include_duplicates or a.duplicate_of is None)
                and _published_within(a.published, published_from, published_to)]
        return _frame(rows)

    # ------------------------------------------------------------ reading

    def _full(self):
        """Everything (rejected events included), re-read when the store changed since last time."""
        from eventfold.store.dataset import load_dataset
        from eventfold.store.review import data_version

        version = data_version(self._store)
        if self._cached is None or self._cached[0] != version:
            self._cached = (version, load_dataset(self._store, None, include_rejected=True))
        return self._cached[1]

    def _matching_events(self, arguments: dict) -> list:
        """The events `query_events` finds (a bad filter raises ReviewError, a ValueError)."""
        from eventfold.review import query_events

        fields = {k: v for k, v in arguments.items() if k in EventQuery.__dataclass_fields__}
        return query_events(self._store, EventQuery(**fields, page=1, page_size=0)).events

    def _events_for(self, filters: dict, min_confidence: Optional[float]) -> Optional[set[str]]:
        """Ids of the events the `events` filters match; None when no filter narrows them."""
        unknown = set(filters) - set(EVENT_FILTERS) - {"include_rejected"}
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}; the events filters are "
                            f"{', '.join(EVENT_FILTERS)}, min_confidence")
        if not filters and min_confidence is None:
            return None
        return {e.event_id for e in self._matching_events({**filters, "min_confidence": min_confidence})}

    def _text_articles(self, text: Optional[str]) -> Optional[set[str]]:
        from eventfold.store.review import articles_matching

        return None if text is None else articles_matching(self._store, text)


def _replace_events(full, events: list):
    from dataclasses import replace

    return replace(full, events=events)


def _frame(rows: list[dict]) -> "pandas.DataFrame":
    import pandas as pd

    return pd.DataFrame.from_records(rows) if rows else pd.DataFrame()


def _published_within(published: Optional[str], low: Optional[str], high: Optional[str]) -> bool:
    day = (published or "")[:10]
    if low and (not day or day < low):
        return False
    return not (high and (not day or day > high))
