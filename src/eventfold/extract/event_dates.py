"""The date of a report: the sentence's own time expression when it dates the event (not another
verb, not the telling), hedged when counted from a guessed anchor; else a dated sentence earlier
in the paragraph; else the article's date.
"""

from __future__ import annotations

import dataclasses

from eventfold.extract import coalesce
from eventfold.extract.context import _Context
from eventfold.extract.lexicon import DATE_CLAIM_RULE
from eventfold.model import DateValue, EventReport, Provenance, TimeMention


DAY_PRECISIONS = ("day", "hour", "minute", "second")


PARAGRAPH_DATE_RULE = "date:earlier-in-paragraph"


def _date_of_the_paragraph(report: EventReport, recent: list, paragraph_start: int) -> None:
    """An event its sentence does not date, told in the paragraph of a dated one ("Gunmen stormed a
    restaurant on Friday evening ... Security forces killed the attackers after a siege"), happened
    then, not on the day the story was published."""
    if report.date is None or report.date.source != "article-date":
        return
    earlier = next((r for i, r in reversed(recent) if i >= paragraph_start and r.date is not None
                    and r.date.value and not r.date.estimated), None)
    if earlier is None:
        return
    report.date = dataclasses.replace(earlier.date, source=PARAGRAPH_DATE_RULE)
    report.time_precision = max(earlier.time_precision or 1, 2)
    report.provenance = [p for p in report.provenance if p.rule != coalesce.ARTICLE_DATE_RULE]
    report.provenance.append(Provenance(PARAGRAPH_DATE_RULE, earlier.span, earlier.date.value))


def _fill_date(context: _Context, part: str, sent, report: EventReport) -> None:
    times = [_day_of_clock_time(t) for t in context.times_in(part, sent.start_char, sent.end_char) if t.value.value]
    dated = [t for t in times if t.value.precision in ("day", "week", "month") and len(t.value.value) >= 7]
    # "today forced the Taliban out ... since it captured Kabul on Sunday": a day another verb governs
    # dates that other happening; days of the trigger's own clause come first.
    own = [t for t in dated if not _dates_another_verb(sent, t, report.trigger)]
    # "killed ... beginning on March 27, HRW said on Tuesday": a day on the verb of saying dates
    # the telling; the event's own day comes first.
    happening = [t for t in own if not _dates_the_telling(sent, t)]
    dated = happening or own or dated
    if dated:
        # The finest expression; among days the earliest: "Today, forces confirmed a leader was
        # arrested Sunday" reports today what happened on Sunday.
        best = min(dated, key=lambda t: (("day", "week", "month").index(t.value.precision), t.value.value[:10]))
        report.date = _hedged_if_counted_from_a_guess(context, best)
        report.time_precision = {"day": 1, "week": 2, "month": 3}[best.value.precision]
        report.provenance.append(Provenance(DATE_CLAIM_RULE, best.span, best.text))
        return
    if context.anchor and context.anchor.value and context.anchor.precision in DAY_PRECISIONS:
        # The story was reported by its date: the event is on or shortly before it. A coarser
        # anchor (a year guessed from history in the text) would only give a false date.
        report.date = DateValue(context.anchor.value, context.anchor.precision, source="article-date",
                                estimated=True)
        report.time_precision = 2
        report.provenance.append(Provenance(coalesce.ARTICLE_DATE_RULE, None, context.anchor.value))


def _day_of_clock_time(time: TimeMention) -> TimeMention:
    """"Was arrested at 2 p.m. Sunday": a clock time that names its day dates the event by that day
    (GVA dev, first 300 incidents: incident date 0.446 → 0.457)."""
    value = time.value
    if value.precision not in DAY_PRECISIONS or value.precision == "day" or len(value.value) < 10:
        return time
    return dataclasses.replace(time, value=dataclasses.replace(value, value=value.value[:10], precision="day"))


def _dates_another_verb(sent, time: TimeMention, trigger: str) -> bool:
    """The expression hangs off a verb (not a reporting verb) other than the one the trigger is in."""
    words = trigger.split()
    trigger_token = next((t for t in sent if words and t.text == words[0]), None)
    verb = _verb_dated_by(sent, time)
    if trigger_token is None or verb is None:
        return False
    trigger_verb = _clause_verb(trigger_token)
    if trigger_verb is None or trigger_verb.lemma_.lower() in REPORTING_LEMMAS:
        return False  # "confirmed today the arrest ... Sunday": an event noun's day may hang anywhere
    if _subjectless_participle_of(verb, trigger_verb):
        return False  # "killed 300 men over five days, beginning on March 27": the same happening
    if _when_clause_of(verb, trigger_verb):
        return False  # "were killed when the theatre was bombed on March 16": the same happening
    return verb.i != trigger_verb.i and verb.lemma_.lower() not in REPORTING_LEMMAS


def _verb_dated_by(sent, time: TimeMention):
    """The verb of the clause a time expression hangs off."""
    tokens = [t for t in sent if time.span.start <= t.idx < time.span.end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    return _clause_verb(next((t.head for t in tokens if t.head.i not in inside), tokens[0]))


def _dates_the_telling(sent, time: TimeMention) -> bool:
    verb = _verb_dated_by(sent, time)
    return verb is not None and verb.lemma_.lower() in REPORTING_LEMMAS


def _subjectless_participle_of(verb, trigger_verb) -> bool:
    return (verb.tag_ in ("VBG", "VBN") and verb.head.i == trigger_verb.i
            and not any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children))


def _when_clause_of(verb, trigger_verb) -> bool:
    """"Were killed when the theatre was bombed on March 16", "died after he was shot Saturday": the
    clause tells the same happening, or the harm the told death came from (not so for an arrest or a
    trial "after" a shooting: those are later steps)."""
    from eventfold.extract.occurrences import VERB_KIND

    marks = ("when", "as") if VERB_KIND.get(trigger_verb.lemma_.lower()) != "Death" else ("when", "as", "after")
    return verb.dep_ == "advcl" and verb.head.i == trigger_verb.i and any(
        child.dep_ in ("advmod", "mark") and child.lower_ in marks for child in verb.children)


def _clause_verb(token):
    """The verb of the clause a token is in (itself if it is one)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


# Verbs that report rather than happen: a day on them dates the telling, not the event.
REPORTING_LEMMAS = frozenset("say tell report confirm announce claim state add note deny".split())


# Time expressions counted from the article's day ("Thursday", "yesterday", "last week", "two days
# ago"): timex kinds, the prefix of a time mention's rule.
ANCHORED_TIME_KINDS = frozenset({"weekday", "relative-day", "relative-unit", "weekend", "ago"})
# An article date read off "2 days ago"/"Yesterday at 7:25 p.m." counts from the retrieval date
# given at ingest, which may be days or weeks after the page was saved.
RELATIVE_STAMP_SOURCE = "relative-stamp"


def _hedged_if_counted_from_a_guess(context: _Context, time: TimeMention) -> DateValue:
    """A weekday or "yesterday" is only as sure as the day it counts from: counted from an
    estimated article date, or one read off a relative stamp against the retrieval date ("Andy
    Gregory 2 days ago" in a dump saved weeks before the retrieval date given), the event date is
    an estimate too — fusion then prefers a date the text states outright."""
    kind = time.rule.split("/", 1)[0]
    anchor_guessed = context.anchor is None or context.anchor.estimated \
        or RELATIVE_STAMP_SOURCE in (context.article.published_source or "")
    if kind not in ANCHORED_TIME_KINDS or not anchor_guessed:
        return time.value
    if kind == "weekday" and _anchored_on_story_dates(context.anchor):
        return time.value
    reason = f"counted from an uncertain article date ({context.article.published_source or 'estimated'})"
    return dataclasses.replace(time.value, estimated=True, reason=time.value.reason or reason)


def _anchored_on_story_dates(anchor) -> bool:
    """An article date estimated from the story's own dates (annotate/dct.py): it lies in the week
    after the latest date the story gives, on or after the first of each weekday the story names
    ("on Friday"), so each such weekday counts back to that first one whichever day in the window
    the story was published — the day is as sure as the story's dates. Not so for "yesterday" or
    "last week", nor for an estimate resting on a photo caption (perhaps an archive picture's)."""
    from eventfold.annotate import CONTENT_OVER_STAMP
    from eventfold.annotate.dct import CAPTION_EVIDENCE, SOURCE

    return (anchor is not None and anchor.source in (SOURCE, CONTENT_OVER_STAMP)
            and CAPTION_EVIDENCE not in (anchor.reason or ""))
