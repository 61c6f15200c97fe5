"""The date of a report: the sentence's own time expression when it dates the event (not another
verb, not the telling), hedged when counted from a guessed anchor; else a dated sentence earlier
in the paragraph; else the article's date.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from eventfold.annotate.gazetteer import haversine_km
from eventfold.extract import coalesce
from eventfold.extract.clauses import (_token_at, in_the_causes_phrase, interval_count, measured_interval,
                                       names_another_event_by_its_day)
from eventfold.extract.context import _Context
from eventfold.extract.lexicon import DATE_CLAIM_RULE
from eventfold.extract.roles import VIOLENT_NOUNS, VIOLENT_VERBS
from eventfold.model import (ARTICLE_DATE_SOURCE, NAMED_UNKNOWN_PLACE_RULE, PART_TEXT, PART_TITLE, STORY_DAY_SOURCE,
                             DateValue, EventReport, Provenance, TimeMention)


DAY_PRECISIONS = ("day", "hour", "minute", "second")


PARAGRAPH_DATE_RULE = "date:earlier-in-paragraph"


def _date_of_the_paragraph(report: EventReport, recent: list, paragraph_start: int) -> None:
    """An event its sentence does not date, told in the paragraph of a dated one ("Gunmen stormed a
    restaurant on Friday evening ... Security forces killed the attackers after a siege"), happened
    then, not on the day the story was published."""
    if report.date is None or report.date.source not in (ARTICLE_DATE_SOURCE, STORY_DAY_SOURCE):
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
    # a day of the happening this one answers, or of a clause describing a participant, is never its day
    dated = [t for t in times if t.value.precision in ("day", "week", "month") and len(t.value.value) >= 7
             and not _dates_the_cause(sent, t, report.trigger)]
    # "today forced the Taliban out ... since it captured Kabul on Sunday": a day another verb governs
    # dates that other happening; days of the trigger's own clause come first.
    own = [t for t in dated if not _dates_another_verb(sent, t, report.trigger)]
    # "killed ... beginning on March 27, HRW said on Tuesday": a day on the verb of saying dates
    # the telling; the event's own day comes first.
    happening = [t for t in own if not _dates_the_telling(sent, t)]
    dated = happening or own or dated
    if dated and not happening and not any(_dates_a_harm(sent, t) for t in dated) \
            and _told_earlier_in_the_story(context, report, dated):
        # "was shot, police said Tuesday", "was in critical condition Tuesday after he was shot", in a
        # story of a shooting late Sunday: the telling's or the aftermath's day, not the shooting's
        dated = []
    if dated:
        # The finest expression; among days the earliest: "Today, forces confirmed a leader was
        # arrested Sunday" reports today what happened on Sunday.
        best = min(dated, key=lambda t: (("day", "week", "month").index(t.value.precision), t.value.value[:10]))
        report.date = _hedged_if_counted_from_a_guess(context, best)
        report.time_precision = {"day": 1, "week": 2, "month": 3}[best.value.precision]
        report.provenance.append(Provenance(DATE_CLAIM_RULE, best.span, best.text))
        _count_back_from_the_dated_clause(sent, report, best)
        return
    if context.anchor and context.anchor.value and context.anchor.precision in DAY_PRECISIONS:
        # The story was reported by its date: the event is on or shortly before it. A coarser
        # anchor (a year guessed from history in the text) would only give a false date.
        # An estimated publication date keeps its last possible day: the event may lie up to it.
        report.date = DateValue(context.anchor.value, context.anchor.precision, source=ARTICLE_DATE_SOURCE,
                                estimated=True, latest=context.anchor.latest if context.anchor.estimated else None,
                                earliest=_days_before(context.anchor.value, HEADLINE_NEWS_DAYS)
                                if part == PART_TITLE and _told_as_news(sent) else None)
        report.time_precision = 2
        report.provenance.append(Provenance(coalesce.ARTICLE_DATE_RULE, None, context.anchor.value))
        _take_the_story_day(context, report)


# A headline's present tense ("U.S. strikes Iranian facility") or bare participle ("Two killed in
# ...") tells the news of the day it was published or the day before: not an event weeks earlier,
# which fusion would otherwise let it join (`fuse.reports.event_window`).
HEADLINE_NEWS_DAYS = 2


def _told_as_news(sent) -> bool:
    root = sent.root
    bare_participle = root.tag_ == "VBN" and not any(c.dep_.startswith("aux") for c in root.children)
    return root.tag_ in ("VBZ", "VBP") or bare_participle


def _days_before(day: str, days: int) -> Optional[str]:
    try:
        return (date.fromisoformat(day[:10]) - timedelta(days=days)).isoformat()
    except ValueError:
        return None


COUNTED_BACK_RULE = "date:days-after"
# Durations that move a day: "two days after", "a week before"; hours and minutes keep the day.
DAYS_OF_A_UNIT = {"day": 1, "days": 1, "week": 7, "weeks": 7}


def _count_back_from_the_dated_clause(sent, report: EventReport, time: TimeMention) -> None:
    """"Crews searched the ruins on Wednesday, a day after an Israeli bombardment": the day dates the
    search; the event told after "a day after" is a day earlier (after "a week before", a week later).
    Not when the event's own clause names its day ("came two days after the post was attacked on
    Thursday")."""
    shift = _days_from_the_dated_clause(sent, report.trigger, time)
    if not shift or report.date is None or report.date.precision != "day" or len(report.date.value) < 10:
        return
    day = (date.fromisoformat(report.date.value[:10]) + timedelta(days=shift)).isoformat()
    report.date = dataclasses.replace(report.date, value=day)
    report.provenance.append(Provenance(COUNTED_BACK_RULE, time.span, f"{shift:+d} days"))


def _days_from_the_dated_clause(sent, trigger: str, time: TimeMention) -> int:
    trigger_token = _trigger_token(sent, trigger)
    measured = measured_interval(trigger_token) if trigger_token is not None else None
    if measured is None:
        return 0
    marker, subtree, unit = measured
    if any(time.span.start <= t.idx < time.span.end for t in subtree):
        return 0
    days = interval_count(unit) * DAYS_OF_A_UNIT.get(unit.lower_, 0)
    return -days if marker.lower_ == "after" else days


STORY_DAY_RULE = "date:story-day"
# How far before its publication a local story's undated sentences may lie: the week its weekdays
# ("Sunday night", "last night") can name.
STORY_DAY_WINDOW = 7
# Words of a sentence that tells a harm: its day is the event's before a day of the arrest or death.
HARM_WORDS = VIOLENT_VERBS | VIOLENT_NOUNS


def _take_the_story_day(context: _Context, report: EventReport) -> None:
    """A sentence that names no day, in a story whose words do ("shot late Saturday", "last night"
    in a Monday paper), happened on the earliest day the story tells something on — the shooting
    comes before the death, the arrest and the telling ("police said Monday"). Still an estimate:
    any report that states its day wins in fusion; its window (`fuse.reports.event_window`) stays
    the publication's."""
    told = _story_day(context) if _tells_a_harm(report) else None
    if told is None or _placed_apart(context, report, told):
        return
    report.date = dataclasses.replace(report.date, value=told.value.value[:10], precision="day",
                                      source=STORY_DAY_SOURCE, reason="the earliest day the story names")
    report.provenance.append(Provenance(STORY_DAY_RULE, told.span, told.text))


# A report placed further than this from every town of the story day's sentence is another incident
# ("In a separate incident, gunmen killed two farmers near Dilling"), not that day's.
STORY_DAY_KM = 25.0


# Reports of a harm that the story's day of a harm may date (a protest, a strike or a deal keeps its
# own or its article's day): ACLED's violent types and the occurrences of harm ACLED does not code.
HARM_EVENT_TYPES = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence"})
HARM_OCCURRENCES = frozenset({"Accident or failure", "Crime", "Death"})


def _tells_a_harm(report: EventReport) -> bool:
    """A harm, not an arrest: an arrest for a shooting ("arrested for shooting his nephew") often
    falls on the shooting's day, but dating arrests so moved a day of the ISAF releases (date 0.757
    → 0.754) for GVA's first 300 incidents' date 0.529 → 0.547."""
    return report.event_type in HARM_EVENT_TYPES or report.sub_event_type in HARM_OCCURRENCES


def _placed_apart(context: _Context, report: EventReport, told: TimeMention) -> bool:
    if _at_an_unknown_toponym(report):
        # "heavy losses on the Khavak Pass", a place the gazetteer lacks: the day of a sentence that
        # does not name it is another place's (a street, as in a local story, is not such a place)
        sent = _sentence_of(context, told)
        return sent is None or (report.location_text or "").lower() not in sent.text.lower()
    if report.place is None or not _is_local(report.place):
        return False
    sent = _sentence_of(context, told)
    # the towns, else the provinces, the day's sentence names ("the offensive against the Panjshir
    # valley, under way since Tuesday" dates no toll in Andarab, a district of another province)
    named = [m.place for m in context.places_in(told.span.part, sent.start_char, sent.end_char)
             if m.place.feature_code != "PCLI"] if sent is not None else []
    towns = [p for p in named if _is_local(p)]
    if not towns:
        return bool(named) and not any(p.country == report.place.country and p.admin1 == report.place.admin1
                                       for p in named)
    return not any(
        haversine_km(t.latitude, t.longitude, report.place.latitude, report.place.longitude) <= STORY_DAY_KM
        for t in towns)


def _at_an_unknown_toponym(report: EventReport) -> bool:
    return bool(report.location_text) and any(p.rule == NAMED_UNKNOWN_PLACE_RULE for p in report.provenance)


def _is_local(place) -> bool:
    return place.feature_class == "P" or place.feature_code == "ADM2"


def _told_earlier_in_the_story(context: _Context, report: EventReport, tellings: list) -> bool:
    """The sentence's days date its telling or another verb than a harm, and the story names an
    earlier day for a harm ("shot late Sunday") where the report is: the told event is that day's."""
    if not (context.anchor and context.anchor.value and context.anchor.precision in DAY_PRECISIONS) \
            or not _tells_a_harm(report):
        return False
    told, harm = _story_days(context)
    return harm and all(told.value.value[:10] < t.value.value[:10] for t in tellings) \
        and not _placed_apart(context, report, told)


def _story_day(context: _Context):
    return _story_days(context)[0]


def _story_days(context: _Context) -> tuple:
    """The earliest day, within a week before the publication, that a time expression of the
    story's headline or body names for a happening (not for the telling) — of a sentence telling a
    harm ("was shot late Sunday") where one does —, and whether it is a harm's; (None, False) when
    the story names none."""
    if "story_day" in context._memo:
        return context._memo["story_day"]
    if _anchor_guessed(context):
        # weekdays counted from a guessed publication day ("2 days ago" against a retrieval date, a
        # day estimated from the content) name no surer a day than that guess
        context._memo["story_day"] = (None, False)
        return context._memo["story_day"]
    published = context.anchor.value[:10]
    earliest = (date.fromisoformat(published) - timedelta(days=STORY_DAY_WINDOW)).isoformat()
    days = []
    for time in context.annotations.times:
        value = _day_of_clock_time(time).value
        if (time.span.part not in (PART_TEXT, PART_TITLE) or context.in_dateline(time.span) or value.estimated
                or value.precision != "day" or not value.value or not earliest <= value.value[:10] <= published):
            continue
        if _starts_a_span(context, time):
            continue
        sent = _sentence_of(context, time)
        if sent is None or not _dates_the_telling(sent, time):
            harm = sent is not None and any(t.lemma_.lower() in HARM_WORDS for t in sent)
            days.append((not harm, value.value[:10], time))
    first = min(days, key=lambda d: d[:2]) if days else None
    found = (first[2], not first[0]) if first else (None, False)
    context._memo["story_day"] = found
    return found


# Words before a day that make it the start of a span, not the day of one happening.
SPAN_START_WORDS = frozenset({"since"})


def _starts_a_span(context: _Context, time: TimeMention) -> bool:
    """"At least 10 people were killed in separate shootings around the city since Tuesday": the day
    a count or a state began, not a day a happening of the story is told on."""
    doc = context.docs.get(time.span.part)
    span = doc.char_span(time.span.start, time.span.end, alignment_mode="expand") if doc is not None else None
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ in SPAN_START_WORDS


def _sentence_of(context: _Context, time: TimeMention):
    doc = context.docs.get(time.span.part)
    if doc is None:
        return None
    span = doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    return span.sent if span is not None and len(span) else None


def _day_of_clock_time(time: TimeMention) -> TimeMention:
    """"Was arrested at 2 p.m. Sunday": a clock time that names its day dates the event by that day
    (GVA dev, first 300 incidents: incident date 0.446 → 0.457)."""
    value = time.value
    if value.precision not in DAY_PRECISIONS or value.precision == "day" or len(value.value) < 10:
        return time
    return dataclasses.replace(time, value=dataclasses.replace(value, value=value.value[:10], precision="day"))


def _dates_another_verb(sent, time: TimeMention, trigger: str) -> bool:
    """The expression hangs off a verb (not a reporting verb) other than the one the trigger is in."""
    trigger_token = _trigger_token(sent, trigger)
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
    if _conjoined(verb, trigger_verb):
        return False  # "had killed 203 and arrested 51 during an operation at the end of March"
    return verb.i != trigger_verb.i and verb.lemma_.lower() not in REPORTING_LEMMAS


def _dates_the_cause(sent, time: TimeMention, trigger: str) -> bool:
    """"was captured in connection with the October killings": the month dates the killings; "killed
    a commander who had helped plan the October 7 attack": the day names the attack."""
    token, trigger_token = _token_at(sent, time.span.start), _trigger_token(sent, trigger)
    return token is not None and trigger_token is not None and (
        in_the_causes_phrase(token, trigger_token) or names_another_event_by_its_day(token, trigger_token))


def _trigger_token(sent, trigger: str):
    """The sentence's token the report's trigger text begins with."""
    words = trigger.split()
    return next((t for t in sent if words and t.text == words[0]), None)


def _conjoined(verb, other) -> bool:
    """Two verbs of one subject's deeds told in a row: one happening, one time."""
    return (verb.dep_ == "conj" and verb.head.i == other.i) or (other.dep_ == "conj" and other.head.i == verb.i)


def _verb_dated_by(sent, time: TimeMention):
    """The verb of the clause a time expression hangs off."""
    tokens = [t for t in sent if time.span.start <= t.idx < time.span.end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    return _clause_verb(next((t.head for t in tokens if t.head.i not in inside), tokens[0]))


def _dates_a_harm(sent, time: TimeMention) -> bool:
    verb = _verb_dated_by(sent, time)
    return verb is not None and verb.lemma_.lower() in HARM_WORDS


def _dates_the_telling(sent, time: TimeMention) -> bool:
    verb = _verb_dated_by(sent, time)
    return verb is not None and verb.lemma_.lower() in REPORTING_LEMMAS and not _harm_reported(verb)


# Subjects of a passive "reported" that is the harm's own time ("shots were reported at 2 a.m. Sunday").
REPORTED_HARM_NOUNS = HARM_WORDS | {"shot", "gunshot"}


def _harm_reported(verb) -> bool:
    """"The shooting was reported shortly after 10 p.m. Tuesday": a passive "reported" whose subject
    is the harm tells when it happened (the call to the police), not when a source spoke of it; not
    so with its teller ("was reported by police on Monday")."""
    return verb.lemma_.lower() == "report" and not any(child.dep_ == "agent" for child in verb.children) and any(
        child.dep_ == "nsubjpass" and child.lemma_.lower() in REPORTED_HARM_NOUNS for child in verb.children)


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


def _anchor_guessed(context: _Context) -> bool:
    return context.anchor is None or context.anchor.estimated \
        or RELATIVE_STAMP_SOURCE in (context.article.published_source or "")


def _hedged_if_counted_from_a_guess(context: _Context, time: TimeMention) -> DateValue:
    """A weekday or "yesterday" is only as sure as the day it counts from: counted from an
    estimated article date, or one read off a relative stamp against the retrieval date ("Andy
    Gregory 2 days ago" in a dump saved weeks before the retrieval date given), the event date is
    an estimate too — fusion then prefers a date the text states outright."""
    kind = time.rule.split("/", 1)[0]
    if kind not in ANCHORED_TIME_KINDS or not _anchor_guessed(context):
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
