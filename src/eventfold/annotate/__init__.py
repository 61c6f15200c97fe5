"""Annotate stage: actors, places and times in every part of an article, with provenance.

One spaCy pass per article part (title, body, each caption) feeds three components:
places first (the gazetteer knows that "Andarab" is a valley even where the small model says
PERSON), then actor mentions with the place spans excluded, then time expressions anchored on
the publication date — or on a date estimated from the text when the article has none.
Entities are resolved to canonical identities across the whole batch.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from eventfold.annotate.doctext import doc_text
from eventfold.annotate.nlp import text_for_parser
from eventfold.model import PART_TEXT, Annotations, Article, DateValue, Span, TimeMention

# Bump when the annotate logic changes in a way that should recompute stored annotations.
ANNOTATOR_VERSION = "26"  # 26: a year-less 29 February is the nearest leap day within four years (it raised on an anchor with no leap year a year either side, failing the article; annotate/timex.py); 25: a typographic apostrophe inside a word is parsed as a straight one ("Yemen’s Houthi rebels": the small model lost the group after it); a capitalised direction before a sea's name ("the Southern Red Sea") is the sea, not a region abroad of that name; a name the gazetteer lacks after a capitalised possessive ("Russia's Interfax", tagged a place once its apostrophe is straight) is no toponym (lead); 24: stories ingested together have a home country (the main country of most of them); a story that names no country reads a name abroad there ("Toledo" is no district of Belize in a batch of American local news); a county named in an institution's name ("Linn County Jail") places the story's towns (annotate/places.py, GVA; helper G2) (helper G2); 23: a span of signs ("=" in "Poverty + Drugs = Gangs") is no actor mention (its empty entity id lost the article's records; lead); 22: a lower-case compass word before any place's name ("a west Houston apartment", "southwest Atlanta") is looked up as the place, not only before a country's formal name (annotate/places.py, GVA; helper G); 21: "the capital of Gezira State" is a state's seat, not the national capital (annotate/capitals.py); a town the tagger read as a person right after a verb of taking ground is the town the gazetteer matched elsewhere in the story; a capitalised compass word before a namesake abroad names no part of it ("Northern Alliance"); "for planning" is no future cue (lead); 20: a village the gazetteer lacks that the text puts in the northern (western, ...) part of an area lies at the mean point of the area's towns farthest that way (annotate/places.py, helper R); 19: "anti-Taliban militias" names no Taliban community (lead). 18: a formal name the press writes without "the" ("Democratic Republic of Congo") and one after a lower-case compass word ("eastern ...") are looked up as the gazetteer spells them; a country before a Title-Case owned noun ("U.S. Embassy") says whose (helper R) (helper R); 17: a photo caption's date that the story's own year-less days lead up to (within 14 days) dates the story as a full date of the text would, even weeks before the retrieval date (annotate/dct.py); 16: a name after "block of" or before a street word ("the 200 block of Monroe", "Baltimore Ave.") is a street, placed in its story's town, not a namesake town (annotate/places.py, GVA) (helper G); 15: a name whose Arabic article is written unassimilated ("Jisr al-Shughur") is also looked up as GeoNames spells it ("Jisr ash Shughur", annotate/places.py) (helper R); 14: "the end of March" is a month before any preposition; a name after "the (provincial) capital/town/village" is that settlement whatever spaCy labelled it ("the regional capital Bahir Dar"); 13: a landform by its name's form ("the Khavak Pass") is a toponym even unknown to the gazetteer; a headline's capitals glued to a name ("Heavy Taliban") do not name the actor; 12: a sea named like an area abroad is the sea, an Arabic article joins a name ("Deir ez-Zor"), a country's name the parser left out is a place (annotate/places.py); a country named as the owner of an embassy or base weighs little in the article's country (annotate/actors.py); 11: a part named as a province's area stays out of the dateline's city; 10: towns in frames only a town takes, far namesakes in a city story (annotate/places.py, GVA); 9: a country after "in" is where, a tie of votes goes to names over demonyms (annotate/actors.py); 8: undated stories and guessed stamp orders read against the batch (annotate/dct.py)
# The retrieval date only bounds the publication date from above: a date the story's own dates
# point to (or, failing them, its dated captions) up to this long before it is the publication
# date. Further back, the story's dates still win, with a warning: news reports the past days or
# weeks, so a gap of a month and a half means the retrieval date was not the day the page was read
# (an archive crawl), not that the story is old news. (A stamp counted from the retrieval date,
# "2 weeks ago", is checked against the story's dates by its own unit instead:
# `_check_stamp_against_content`.)
STAMP_CONTRADICTION = timedelta(days=45)
# A date resting only on a photo caption (the story gives none) may be an archive picture's: it is
# taken for the publication date only this close before the retrieval date, and never overrules it.
CAPTION_WINDOW = timedelta(days=14)
# Marks a publication date read relative to the retrieval date (ingest/stamps.py's source).
RELATIVE_STAMP = "relative-stamp"
# Source of a publication estimate that replaces a contradicted stamp (extraction dates from it).
CONTENT_OVER_STAMP = "estimated: story dates (contradict the relative stamp)"
# Source of a publication date read from an ambiguous stamp in the order the batch's dates support.
BATCH_OVER_ORDER = "estimated: the stamp's other order (the batch's dates)"
# Estimates that overrule the stored publication date where extraction dates from the article.
OVERRULING_ESTIMATES = (CONTENT_OVER_STAMP, BATCH_OVER_ORDER)


class Annotator:
    """Holds the loaded models (spaCy, gazetteer, actor dictionary); annotates batches of articles."""

    def __init__(self, nlp=None, gazetteer=None, actors=None, actor_files: tuple[str, ...] = ()):
        from eventfold.annotate.entities import ActorDictionary
        from eventfold.annotate.gazetteer import Gazetteer
        from eventfold.annotate.nlp import load_nlp

        self.nlp = nlp or load_nlp()
        self.gazetteer = gazetteer or Gazetteer.open()
        self.actors = actors or ActorDictionary.load([Path(p) for p in actor_files])
        self.category_memory: dict = {}  # entity id -> the best category evidence seen in this run

    @property
    def version(self) -> str:
        """Identifies the models and dictionaries. Computed once for the loaded ones: it hashes
        files and the whole actor dictionary, and every annotated article carries it."""
        from eventfold.annotate.nlp import pipeline_version

        from eventfold.annotate.gazetteer import inputs_fingerprint

        cached = getattr(self, "_version", None)
        if cached is None or cached[0] is not self.nlp or cached[1] is not self.actors:
            version = (f"{pipeline_version(self.nlp)}+annotate{ANNOTATOR_VERSION}+actors-{self._actors_fingerprint()}"
                       f"+gazetteer-{inputs_fingerprint()}")
            cached = self._version = (self.nlp, self.actors, version)
        return cached[2]

    def _actors_fingerprint(self) -> str:
        return self.actors.fingerprint()

    def parse(self, articles: list[Article], *, batch_size: int = 32, n_process: int = 1) -> dict[str, dict]:
        """spaCy docs of every part of every article: {article_id: {part: Doc}}, one nlp.pipe call."""
        parts = [(article, part, text) for article in articles for part, text in article.parts()]
        docs = self.nlp.pipe((text_for_parser(text) for _, _, text in parts), batch_size=batch_size,
                             n_process=n_process)
        parsed: dict[str, dict] = {a.article_id: {} for a in articles}
        for (article, part, _), doc in zip(parts, docs):
            parsed[article.article_id][part] = doc
        return parsed

    def annotate(self, articles: list[Article], docs: dict[str, dict] | None = None, **pipe_options) -> list[Annotations]:
        """Annotations of each article (parsing them first unless `docs` from `parse` are given)."""
        docs = docs or self.parse(articles, **pipe_options)
        parts = {article.article_id: list(docs[article.article_id].items()) for article in articles}
        own = {article.article_id: self._own_estimate(article, parts[article.article_id]) for article in articles}
        batch_day = self._batch_day(articles, own)
        stories, home = self._story_places(articles, parts)
        results = [self._annotate_one(article, parts[article.article_id], batch_day, own[article.article_id],
                                      stories[article.article_id], home)
                   for article in articles]
        self._resolve_entities(articles, results)
        return results

    def _own_estimate(self, article: Article, docs) -> Optional[DateValue]:
        """The date the story's own dates point to, for an article its stamp does not date."""
        return None if _stated_day(article) else self._content_estimate(docs, _retrieved_day(article))

    @staticmethod
    def _batch_day(articles: list[Article], own: dict[str, Optional[DateValue]]) -> Optional[date]:
        """The day the articles annotated together date from, each by its own evidence: its stamp
        (unless the stamp's order was only guessed) or, without one, the story's own dates."""
        from eventfold.annotate.dct import batch_reference_day
        from eventfold.ingest.stamps import order_guessed

        def own_day(article: Article) -> Optional[date]:
            stated = _stated_day(article)
            if stated:
                return None if order_guessed(article.published_source or "") else stated
            return _day_of(own[article.article_id])

        return batch_reference_day(own_day(article) for article in articles)

    def _story_places(self, articles: list[Article], parts: dict[str, list]) -> tuple[dict[str, tuple], Optional[str]]:
        """Each story's places and toponyms (`find_story_places`), and the batch's home country: a
        story that names no country and reads a name abroad is read again with it ("Toledo" in a
        batch of American local news is the Ohio city, not Belize's district)."""
        from eventfold.annotate.places import find_story_places, home_country

        def read(article: Article, home: Optional[str] = None) -> tuple:
            story = next((doc for part, doc in parts[article.article_id] if part == PART_TEXT), None)
            return (find_story_places(story, self.gazetteer, article.article_id, home=home)
                    if story is not None else ([], []))

        stories = {article.article_id: read(article) for article in articles}
        home = home_country([places for places, _ in stories.values()])
        for article in articles:
            places = stories[article.article_id][0]
            if home and any(m.place is not None and m.place.country != home for m in places):
                stories[article.article_id] = read(article, home)
        return stories, home

    def _annotate_one(self, article: Article, docs: list[tuple[str, object]],
                      batch_day: Optional[date] = None, own_estimate: Optional[DateValue] = None,
                      story_reading: tuple = ([], []), home: Optional[str] = None) -> Annotations:
        from eventfold.annotate.capitals import with_capitals
        from eventfold.annotate.entities import find_mentions
        from eventfold.annotate.places import find_places

        result = Annotations(article_id=article.article_id, pipeline_version=self.version)
        story_places, story_context = story_reading
        for part, doc in docs:
            places = story_places if part == PART_TEXT else find_places(doc, self.gazetteer, article.article_id,
                                                                        part, context=story_context, home=home)
            places = with_capitals(doc, self.gazetteer, article.article_id, part, places, story_places)
            result.places.extend(places)
            taken = {(p.span.start, p.span.end) for p in places}
            result.mentions.extend(find_mentions(doc, article.article_id, part, self.actors, exclude_spans=taken))
        anchor, estimate, warnings = self._anchor(article, docs, batch_day, own_estimate)
        result.publication_estimate = estimate
        result.warnings.extend(warnings)
        result.times = self._times(article, docs, anchor)
        return result

    def _anchor(self, article: Article, docs, batch_day: Optional[date] = None,
                own_estimate: Optional[DateValue] = None) -> tuple[Optional[date], Optional[DateValue], list[str]]:
        """The date relative expressions count from, the estimate behind it, and warnings.

        The publication date, unless it was counted from the retrieval date ("2 days ago" against
        --retrieved-at) and the story's own dates are finer or lie beyond the stamp's precision:
        then the content wins; or unless an ambiguous stamp's order was only guessed and the other
        order alone lies near the day the batch's other articles date from (`batch_day`). Without a
        publication date: a date estimated from the text (not after the retrieval date; its year-less
        days in the batch's year when there is no retrieval date); else the retrieval date, which the
        publication cannot be later than."""
        stated = _stated_day(article)
        if stated:
            if RELATIVE_STAMP in (article.published_source or ""):
                return self._check_stamp_against_content(article, docs, stated)
            return self._order_read_against_batch(article, stated, batch_day)
        retrieved = _retrieved_day(article)
        estimate = own_estimate or self._content_estimate(docs, retrieved)  # `_own_estimate`, read once
        if retrieved is None and batch_day is not None and _day_of(estimate) is None:
            estimate = self._content_estimate(docs, None, batch_day)  # its year-less days, in the batch's year
        guessed = _day_of(estimate)
        if guessed and (retrieved is None or timedelta(0) <= retrieved - guessed <= _trusted_gap(estimate)):
            return guessed, estimate, []
        if guessed and retrieved and retrieved - guessed > STAMP_CONTRADICTION and not _from_captions_only(estimate):
            warning = (f"{article.path or article.url or article.article_id}: warning: the story's dates point to "
                       f"{guessed.isoformat()}, {(retrieved - guessed).days} days before the retrieval date; "
                       f"using the date estimated from the text")
            return guessed, estimate, [warning]
        if retrieved:
            why = f"no usable date in the text ({estimate.reason}); published on or before retrieval"
            return retrieved, DateValue(retrieved.isoformat(), "day", source="estimated: retrieval date",
                                        reason=why, estimated=True, earliest=estimate.earliest,
                                        latest=retrieved.isoformat()), []
        return None, estimate, []

    def _check_stamp_against_content(self, article: Article, docs, stated: date):
        """A stamp counted from the retrieval date is only as precise as its unit ("2 weeks ago":
        a week either way) and only right if the page was read on that date. The story's own
        dates win when they are more precise and agree with the stamp's range (silently), or when
        they lie beyond it by more than their own window (with a warning naming the article)."""
        from eventfold.annotate.dct import PUBLICATION_WINDOW
        from eventfold.ingest.stamps import relative_stamp_uncertainty

        estimate = self._content_estimate(docs, _retrieved_day(article))
        guessed = _day_of(estimate)
        if guessed is None or _from_captions_only(estimate):
            return stated, None, []
        uncertainty = relative_stamp_uncertainty(article.published_source)
        gap = abs(stated - guessed)
        if gap > uncertainty + PUBLICATION_WINDOW:
            return guessed, self._content_over_stamp(article, stated, estimate), [
                f"{article.path or article.url or article.article_id}: warning: publication date "
                f"{stated.isoformat()} (counted from the retrieval date) is {gap.days} days from the dates "
                f"the story reports; using {guessed.isoformat()} estimated from the text"]
        if 2 * uncertainty > PUBLICATION_WINDOW:  # the story's dates are the finer evidence
            return guessed, self._content_over_stamp(article, stated, estimate), []
        return stated, None, []

    @staticmethod
    def _order_read_against_batch(article: Article, stated: date, batch_day: Optional[date]
                                  ) -> tuple[date, Optional[DateValue], list[str]]:
        """A stamp like "09/04/2021" read in the order the outlet's country or the commonest habit
        suggests is read the other way when only that reading lies within a month of the day the
        articles read with it date from (with a warning naming the article)."""
        from eventfold.annotate.dct import BATCH_WINDOW
        from eventfold.ingest.stamps import order_guessed, other_reading

        other = other_reading(stated)
        if (batch_day is None or other is None or not order_guessed(article.published_source or "")
                or abs(stated - batch_day) <= BATCH_WINDOW or abs(other - batch_day) > BATCH_WINDOW):
            return stated, None, []
        estimate = DateValue(other.isoformat(), "day", source=BATCH_OVER_ORDER, estimated=True,
                             earliest=other.isoformat(), latest=other.isoformat(),
                             reason=f"stamp read as {stated.isoformat()} ({article.published_source}); the other "
                                    f"order lies near {batch_day.isoformat()}, the day the articles read with it date from")
        warning = (f"{article.path or article.url or article.article_id}: warning: ambiguous stamp read as "
                   f"{other.isoformat()}, not {stated.isoformat()}: the articles read with it date from around "
                   f"{batch_day.isoformat()}")
        return other, estimate, [warning]

    @staticmethod
    def _content_over_stamp(article: Article, stated: date, estimate: DateValue) -> DateValue:
        return DateValue(estimate.value, estimate.precision, source=CONTENT_OVER_STAMP, estimated=True,
                         earliest=estimate.earliest, latest=estimate.latest,
                         reason=f"stamp read as {stated.isoformat()} ({article.published_source}); "
                                f"the story's own dates say otherwise: {estimate.reason}")

    @staticmethod
    def _content_estimate(docs, retrieved: Optional[date] = None, batch_day: Optional[date] = None) -> DateValue:
        """The publication date the story's own dates point to. Captions count only where the
        story gives no full date: a photo's caption may date an archive picture, years before."""
        from eventfold.annotate.dct import dated_weekday, estimate_publication_date
        from eventfold.annotate.timex import find_time_expressions

        weekdays, expressions, captions = [], [], []
        for part, doc in docs:
            found = find_time_expressions(doc_text(doc), None, doc=doc)
            if part.startswith("caption:"):
                captions.extend(found)
                continue
            expressions.extend(found)
            # "Wednesday, June 21" is a date: only a bare weekday says how far back the story looks
            dated = [(e.start, e.end) for e in found if dated_weekday(e.text)]
            weekdays.extend(("last " if t.i and t.nbor(-1).lower_ == "last" else "") + t.text for t in doc
                            if t.lower_ in _WEEKDAYS and not any(start <= t.idx < end for start, end in dated))
        return estimate_publication_date(expressions, weekday_mentions=weekdays, caption_expressions=captions,
                                         retrieved=retrieved, batch_day=batch_day)

    def _times(self, article: Article, docs, anchor: Optional[date]) -> list[TimeMention]:
        from eventfold.annotate.timex import find_time_expressions

        mentions = []
        for part, doc in docs:
            text = doc_text(doc)
            names = _spelt_out_names(text)
            for expression in find_time_expressions(text, anchor, doc=doc):
                if any(start <= expression.start and expression.end <= end for start, end in names):
                    continue  # "the March 23 Movement (M23)": a date inside a group's name is no date
                span = Span(article.article_id, expression.start, expression.end, part)
                mentions.append(TimeMention(span, expression.text, expression.value, expression.rule))
        return mentions

    def _resolve_entities(self, articles: list[Article], results: list[Annotations]) -> None:
        from eventfold.annotate.actors import article_country
        from eventfold.annotate.entities import article_contexts, remember_categories, resolve_entities

        mentions_by_article = {r.article_id: r.mentions for r in results}
        contexts: dict[str, str] = {}
        for article in articles:
            contexts.update(article_contexts(article))
        # The country each article is about names the forces it describes ("the army" of Sudan).
        countries = {r.article_id: article_country(r.places, texts=contexts) for r in results}
        resolved, entities = resolve_entities(mentions_by_article, self.actors, contexts, countries)
        remember_categories(entities, self.category_memory)  # "the paramilitary RSF" of an earlier chunk
        by_id = {e.entity_id: e for e in entities}
        for result in results:
            mentions = resolved.get(result.article_id, result.mentions)
            # A mention whose entity was not resolved in this batch keeps no dangling id: the store
            # links mentions to stored entities only.
            result.mentions = [m if m.entity_id is None or m.entity_id in by_id else replace(m, entity_id=None)
                               for m in mentions]
            used = {m.entity_id for m in result.mentions if m.entity_id}
            result.entities = [by_id[entity_id] for entity_id in sorted(used)]


def _stated_day(article: Article) -> Optional[date]:
    """The day of the article's own publication stamp, when it gives one."""
    if article.published and article.published_precision in ("day", "hour", "minute", "second"):
        return date.fromisoformat(article.published[:10])
    return None


def _retrieved_day(article: Article) -> Optional[date]:
    return date.fromisoformat(article.retrieved_at[:10]) if article.retrieved_at else None


def _from_captions_only(estimate: DateValue) -> bool:
    """An estimate whose lower bound is a photo caption's date (the story gives none): the photo may
    be an archive picture, so it bounds the date from below but cannot overrule another."""
    from eventfold.annotate.dct import CAPTION_EVIDENCE

    return CAPTION_EVIDENCE in (estimate.reason or "")


def _trusted_gap(estimate: DateValue) -> timedelta:
    """How long before the retrieval date a date estimated from the text is the publication date."""
    return CAPTION_WINDOW if _from_captions_only(estimate) else STAMP_CONTRADICTION


def _day_of(estimate: DateValue) -> Optional[date]:
    return date.fromisoformat(estimate.value[:10]) if estimate.value and len(estimate.value) >= 10 else None


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _spelt_out_names(text: str) -> list[tuple[int, int]]:
    """Character spans of the long forms the text spells out before an acronym in brackets."""
    from eventfold.annotate.actors import acronym_links

    spans = []
    for long_form in set(acronym_links(text).values()):
        start = text.find(long_form)
        while start >= 0:
            spans.append((start, start + len(long_form)))
            start = text.find(long_form, start + 1)
    return spans
