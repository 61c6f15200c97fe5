"""Extract stage: the events an article reports, with the claims and quotes around them.

Per sentence (of the body and of each caption — captions are sources too):

1. type it: `subevent.classify_batch` (a learned typer over n-grams and the lexicon, all the
   sentences of a part at once), or fall back on a casualty figure in a sentence that has an
   event trigger;
2. judge it: `attribution.modality_of` drops threats, pledges, conditionals, predictions and
   negations, and marks background history; `attribution.attribution_of` says who asserts it
   and how surely;
3. fill its arguments: actors from the trigger's dependency arguments (`roles`) resolved to
   canonical entities (armed men no actor names: ACLED's "Unidentified Armed Group (Country)"),
   the place among the places of the event's own clause — never the dateline's, nor one of a
   background clause ("since they swept into Kabul"), a reference point ("north of Kabul") or a
   demonym —, else earlier in the paragraph; the date from the sentence's own time expression,
   else the article's date; casualty figures from the number grammar (`numbers`), the first of
   each kind (figures of several fronts are never summed);
   associated actors are those named alongside an actor in its role ("Taliban and al-Qaeda
   fighters", "backed by X", "loyal to X") and the community of civilian victims;
4. record claims: every figure (with its `side`, the actor whose people it counts — `sides`),
   every statement about who controls a place (its side: the place), and the day the sentence
   itself gives an actual event (kind "date"; never the article-date fallback), each with its
   claimant (checked: a dateline, a place or a distance is no claimant); a denial is a claim too.

Sentence-level reports that describe the same happening (a figure in the next sentence, "the
assault" two sentences on) are then folded into one report per event by `coalesce`, and the
fighting told "on the other frontline" of an offensive, near its target, joins the offensive
(`fronts`). The folded report gets the ACLED coding that needs all of it (`coding`): a
territory change is the government's when its winner was the state on the eve of it (the Taliban
from 2021-08-15, so their capture of Kabul that day is still a non-state takeover), a protest
with deaths is excessive force against protesters, armed men against civilians an attack on
civilians. Every field keeps its provenance: the span it was read from and the rule that read it.

Components: `sentences` (text, datelines), `event_reports` (a sentence's report), `event_actors`,
`event_places`, `event_dates`, `event_figures` (its arguments), `event_claims` (claims, quotes),
`fronts`, `actor_credit` and `coding` (the folded report), over `context`, `clauses` and `lexicon`.
"""

from __future__ import annotations

import re
from typing import Optional

from eventfold.annotate.headline_case import read_in_sentence_case
from eventfold.extract import coalesce, occurrences
from eventfold.extract.acled_types import interaction_code
from eventfold.extract.actor_credit import (
    _attackers_are_the_doers, _credit_the_blamed_force, _credit_the_claiming_group, _credit_the_leading_group,
    _drop_the_press, _force_blamed, _group_claiming_responsibility, _the_story_order_of_a_fight,
)
from eventfold.extract.coding import _recode, _set_plover
from eventfold.extract.context import CATEGORY_OF_NAME_PREFIX, ExtractionResult, _Context
from eventfold.extract.event_actors import headline_doer
from eventfold.extract.event_claims import (DENIAL_OF_AN_ACT, _claims_for, _date_claims, _describe_date_claims,
                                            _detach_other_fronts, _quotes)
from eventfold.extract.event_dates import _date_of_the_paragraph
from eventfold.extract.event_figures import (ROUNDUP, TOLL_KINDS, _attach_to_recent, _continues_recent, _counted_figures,
                                             _figures, _misread_figure, headline_tolls, tells_another_front)
from eventfold.extract.event_places import (_place_in_the_only_country, _place_of_the_event_referred_to,
                                            name_the_counted_areas, narrow_to_the_story_town, place_in_the_story_area)
from eventfold.extract.event_reports import _fill_from_operation, _operation_told, _report_for, _typings, _year, typing_names
from eventfold.extract.fronts import _fold_fronts
from eventfold.extract.decide import DEFAULT_MIN_CONFIDENCE, MODEL_RULE
from eventfold.extract.lexicon import CASUALTY_KINDS
from eventfold.extract.operation import FigureLedger, refers_to_operation
from eventfold.extract.sentences import _article_date, _dateline_span, _paragraph_before, _parse_parts, _story_of
from eventfold.model import FOLDED_SENTENCE_RULE, Annotations, Article, Claim, EventReport

# Re-exported: importers and tests use these names from here.
__all__ = [
    "CATEGORY_OF_NAME_PREFIX",
    "EXTRACTOR_VERSION",
    "TOLL_KINDS",
    "ExtractionResult",
    "_Context",
    "extract_events",
    "interaction_of",
    "type_chunk",
]


# Bump when extraction logic changes so stored reports are recomputed.
EXTRACTOR_VERSION = "69"  # 69: a victory told among armed men is won in a war, no contest result (occurrences._a_victory_in_war; the seeds' fighters "congratulating one another on their victory"; lead); 68: an air strike told by a headline's verb ("U.S. strikes Iranian facility", "Assad bombs rebel-held area"), by what was hit by drones or aircraft ("was hit by Iranian-made kamikaze drones"), and a missile or rocket attack by its instrument ("struck a cargo ship ... with a missile", which also makes "struck" a trigger); "fighting rages" is a clash; a feed item whose summary tells no sure event has its headline read, dated as that day's news; a rescuer or a champion of a strike is no party; an agreement kills nobody; the toll and the day of the happening an event answers ("over the killing of", "in connection with the October killings") or of a participant's clause are not its own; an unplaced report lies in the dateline's country when the text names no other; a headline's "kills around 20" is the toll; the town named as one ("the southern Gaza town of Khan Younis") over its qualifier; control of "numerous" places is a campaign's tally; force against protesters needs protesters; a fold keeps a party one sentence names over an unnamed one, the headline's town over a place told as near, and a doerless toll joins the fight beside it (lead); 67: a story whose violence no report tells as a happening (only its words: a past crime, a "rebel") has its lead's happening anchored (helper E); 66: a denial of an act or of blame ("denied targeting civilians", "Moscow rejected responsibility") is a claim of whoever denies, about the latest event; a country or capital that speaks is a claimant; a winner of no known category whose sentence names the routed state forces overtakes territory; "swept in and took control" shares its doer; a town modifying or inside another event's phrase ("the Istanbul street bombing", "a clash at a Jerusalem holy site") is not this event's place; a truce that "failed to hold" is no agreement; "loot", "pillage" are looting; an "air attack" is an air strike; a headline ending on "N soldiers wounded" names the victims; those an attack "left injured" are no doer; a private person harmed is a civilian; a capitalised adjective ("Continuous shelling") names no actor; "ADEN:" is a dateline; a riot headline types only a crowd's violent acts (lead). 65: a headline naming a riot or protest types the body sentence of its crowd's acts; "broke into" is no failure; civilians doing a protest's acts are its crowd; a headline's reference point ("kibbutz near Gaza") yields to the town the body names near it; a group saying "they had captured" claims control itself, so does one that "claimed control of" a place or "held" it, and "two of the posts" are sites; a passive told on hearsay ("are reported to have been killed") has no claimant, not the outlet; a title's holder named in apposition to its last noun is the claimant (lead). 64: a story of one shooting (no roundup headline, no "separate" incident) that comes back to it far below the lead, in a sentence naming no place or day of its own, tells the shooting of its town that day: the sentence folds into it when it counts no victims the event does not (extract/coalesce.py; helper G); 63: a country named only as what an attack was near ("near Mali", "near the border with Mali") is no place of it and weighs a quarter in the story's country; people counted among the harmed ("dozens of soldiers killed") are the side hit, never the fallback doer; a subject who repeats a claim or escapes death is no doer; the subject of a headline's "shot and killed" is no doer; an armed actor's attack on police or soldiers is a battle (helper R); 62: a lead's event report told only in a clause describing a participant ("a crime boss arrested on Monday hanged himself") does not hold the lead's happening, which then becomes the anchor (occurrences._holds_the_lead; helper E); 61: a hedged front a toll goes on with is an event; a leader's clause names the group he leads; armed men on the other side of a fight are a party; a truce that collapsed is no agreement, an offensive begun a fight; an abduction is no part of the same force's attack; an unknown toponym is no part of another town's event; an estimated date keeps its latest day; a front told by its losses keeps the offensive's order (lead). 60: "told the Taliban fighters" names no outlet: a name followed by a word for its people is the party spoken to (annotate/actors.named_as_outlet; the lead); 59: a change of hands told as what reports, claims or rumours say ("celebrated reports that the valley had fallen") is a claim, not an event (extract/triggers.told_as_hearsay); the event-or-not model rebuilt with protests met with gunfire and killings a report documents (the lead); 58: a seizure that counts people of its own ("detained several suspects and destroyed a bomb") is an operation of its own, not folded into a fight (the lead); 57: a state's forces named only by a demonym, a possessive or an agent of an army's attack word ("Russian shelling", "Israeli gunfire", "Ukraine's drones", "an attack unleashed by Russia", "an army drone attack"), or only by the headline when the body names no doer or only "soldiers"; state arms hit ("shot down three Russian jets") name the side hit; the group holding the ground a weapon was fired from ("Houthi-controlled territory") fired it; a country's name (not "US") before an attack word is where ("Syria raid"), an attack still to come ("the threat of an imminent ... attack") names no doer; a demonym before an attack word ("a Russian missile strike") weighs a quarter in the story's country; a headline's custody verb ("Police arrest driver") names no doer; a country named as whose ("U.S.-funded") or whence ("from Canada") or inside an institution's name ("the US State Department") places nothing; a short or formal country name ("Congo", not "US" nor a demonym) is the country named as itself; missiles launched are no product release (helper R) (helper R); 56: a headline's event holds the lead's happening only when the body has no lead sentence ("Hartley beats Moss" over "Hartley stopped Moss in the ninth round on Saturday"; the lead); 55: weapons seized, told close to a fight or a capture of its article, were seized in it: the seizure folds into it and yields its type (SEIZURE_TYPES in extract/lexicon.py; the lead); 54: the event-or-not model reads any verb relaying a statement ("wrote", "posted", "tweeted" that N were killed) as one feature, with written examples of relayed tolls and of losses suffered (decide feature version 7, weights and the occurrence calibration refitted); a report at a toponym the gazetteer lacks told far from a report of another place is another front, and the figures after it count new people (the lead) (the lead); 53: the event-or-not model learnt local crime (data/event_examples.tsv: harm told without a place, in a relative clause or a pluperfect, and its non-events: a hearing, a vigil, a count, a policy, a state since a past killing), a passive's fired agent ("was struck by a stray bullet") makes the verb a trigger, a day that starts a span ("since Tuesday") is no story day (GVA), one "captured an improvised explosive device facilitator" is no weapons seizure (helper G) (helper G); 52: occurrences: a pluperfect reported by a past verb of saying is the simple past shifted back ("had checked into a clinic, her publicist confirmed"); a headline's passive without "was" chooses its subject ("Comedian picked to host the awards"); a harm verb's object told after its idiom's particle is a misreading ("shot to fame in 2006 show Cover Girls"), so the story tells no violence; "snatch" is a theft (helper E); 51: one victim singled out as wounded in any words ("found the boy wounded", "was found with a gunshot wound") is, like one told as shot, the story's dead when it has any, unless told as injured or hurt or the sentence says they lived ("in stable condition"); people told only as shot stay so when counts of them add up; a patient let go ("five of the victims were released", "released from the hospital", "treated and released") is no "Release or launch"; one "struck by a stray bullet" or "hit by gunfire" is wounded; an age written "an 18-month old" names one victim (GVA) (helper G); 50: a Title-Case headline is read in sentence case (annotate/headline_case.py), a town told inside a larger area is the place, civilians killed in fighting between two forces are a battle's toll (helper R); 49: an event told "N days after/before" a dated clause is dated back (forward) from it, and is the sentence's news when its own clause tells none ("searched the ruins on Wednesday, a day after an Israeli bombardment"); hostages killed are deaths, so are people "being killed"; a killing outranks the weapons its operation seized; a coordinated ally is no opponent; a report nothing places lies in the one province its story names; "at the end of March" is a month, a bombardment not from the air is shelling, weapons intercepted or seized "a total of" N, a crowd tearing down barriers is violent, a force pulling out of ground a transfer of territory, a verb conjoined to the trigger dates it, "the number of people killed rose to N" is a toll and ", NAME, said" its teller when the parser hung the name elsewhere; taking a site ("the presidential palace") is a control claim, "its fighters" hold it for the speaker, calling a claim lies denies it; a fold keeps a told date over the publication day (the lead); 48: a victim told as wounded whom the sentence says died is one death ("a girl who suffered critical injuries has died"), whoever tells a shooting is no victim of it ("the mother said her son was shot"; GVA); and a report placed nowhere or in a whole state or county lies in the town its sentence names as whose ("Tulsa police", "a Baton Rouge girl"), else in a local dateline's town ("DULUTH, Minn. -"); a dateline may end in a spaced hyphen (GVA) (helper G, GVA); 47: the event-or-not model learnt headlines (data/event_examples.tsv: 80 headline-form examples, our words); 46: losses suffered are a clash; a toponym the gazetteer lacks lies in the province the story is about; a teller is no victim; "300 wounded and 35 taken prisoner" keeps each its kind; 45: a country named as the owner of an embassy or base weighs little in the story's country (extract/context.py); 44: a town in another spelling ("Pol-e-Khomri" for "Pul-e Khumrī") is named as itself, so a capture of it is no arrest of a person; 43: the lead's happening is the article's anchor report when no report of the lead is an event (occurrences.lead_reports); 42: a harm "was reported" at a time (no teller) is dated by it (GVA); 41: a toll told "there", at a toponym the gazetteer lacks, is another front and folds into no report of another place; 40: whom something is against ("the coalition against IS") is no fallback doer; 39: only a verb of taking makes a capture of people an arrest; 38: a leader who ordered a strike is no party; 37: a country word qualifying a gunman's attack ("a Palestinian shooting attack") names an unidentified armed group of that country, not its army; 36: a toll told with a state's attack word ("killed in an Israeli raid") names that state's forces, not when the word tells an event before or after; 35: a killing told as a noun ("a report detailed the massacre of nine men by X") is an attack with its victims, toll, doers and the place of the clause it followed; 34: a headline that drops "was" ("Palestinian shot in back of head") names the victim, not the doer; 33: a count since a start (a month, a year, the war) is a total, no event; 32: areas a sentence counts are the ones the article names ("three districts ... the three districts of A, B and C"); 31: a toll told "there" is placed where the sentence before names; 30: a headline's toll where the body tells none; a teller is no victim; 29: occurrences: a harm word in an idiom tells no violence, a simple past passive and a headline's present tell the past; 28: one victim by kin, age or pronoun, wounds told as a state, people told only as shot (GVA); 27: a place given by default yields to the next sentence's, sentences folded into a report are kept, a capture told as background types nothing; 26: whoever gives a toll claims it; 25: wire copy beside the lead (comparisons, war tolls, outbreaks, weapons, harm behind deaths, bare tolls); 24: an undated sentence takes the story's earliest day of a harm, the telling's weekday yields to it (GVA); 23: accidental shootings are "Other" occurrences, not ACLED events; 22: occurrences: a news lead's present perfect, more kinds, denials that govern them; 21: a death is dated by the harm "after" which it came; 20: listed victims add up, the dead among those shot (GVA); 19: wire-copy fields (nationality victims, toll of a recalled event, ...)


def extract_events(article: Article, annotations: Annotations, docs: Optional[dict] = None,
                   actors=None, typed: Optional[dict] = None) -> ExtractionResult:
    """All event reports, claims and quotes of one article (`typed`: its parts' sentences and their
    typings, from `type_chunk`; else each part is typed here)."""
    docs = docs or _parse_parts(article)
    context = _context_of(article, annotations, docs, actors)
    result = ExtractionResult()
    for part, doc in docs.items():
        if part == "title":
            continue  # a headline restates the story's lead; reading it too would double the events
        _extract_part(context, part, doc, result, (typed or {}).get(part))
        result.quotes.extend(_quotes(context, part, doc))
    if "title" in docs and not _tells_a_sure_event(result.reports):
        # A page whose body tells no event (a short page, or sign-in and share furniture around the
        # headline) has its story only in the headline (GVA dev, first 300 incidents: B³ 0.840 → 0.848);
        # so has a feed item whose summary tells only the context ("The Pentagon announcement
        # coincided with ..." under "U.S. strikes Iranian facility in Syria"), which the body's
        # doubtful reports fold with. A Title-Case headline ("Army Launches Airstrikes On ...") is
        # read in sentence case.
        docs, annotations = read_in_sentence_case(article, docs, annotations)
        context = _Context(article, annotations, context.anchor, context.actors, context.dateline, docs)
        _extract_part(context, "title", docs["title"], result)
    decided = _sentence_confidences(result.reports)
    result.reports = coalesce.fold_reports(result.reports, result.claims, _told_in(article),
                                           one_story=not _tells_several_incidents(article))
    result.reports = _fold_fronts(context, result.reports, result.claims)
    headline_tolls(context, result.reports)  # "1 dead, 6 hurt after ...": a toll the body does not tell
    headline_doer(context, result.reports)  # "Israeli gunfire kills teen": a doer the body does not name
    result.reports.extend(occurrences.lead_reports(context, result.reports))  # the lead's happening (ECB+)
    claimed_by = _group_claiming_responsibility(context)
    blamed = _force_blamed(context)
    for report in result.reports:
        narrow_to_the_story_town(context, report)
        place_in_the_story_area(context, report)
        _place_in_the_only_country(context, report)
        name_the_counted_areas(context, report)
        _keep_best_confidence(report, decided)
        _drop_the_press(context, report)
        _credit_the_claiming_group(context, report, claimed_by)
        _credit_the_blamed_force(report, blamed)
        _credit_the_leading_group(context, report)
        _recode(context, report)
        _set_plover(report)
    _attackers_are_the_doers(context, result)
    _the_story_order_of_a_fight(result.reports)
    _describe_date_claims(result)
    return result


def _tells_a_sure_event(reports: list[EventReport]) -> bool:
    """Whether the body tells a happening surely enough to be exported (the headline restates it)."""
    return any(r.modality == "actual" and (r.confidence or 0.0) >= DEFAULT_MIN_CONFIDENCE for r in reports)


# Words of a body that tell of more than one incident ("in a separate shooting", "an unrelated attack").
SEVERAL_INCIDENTS = re.compile(r"\b(?:separate|unrelated|another shooting|second shooting)\b", re.IGNORECASE)


def _tells_several_incidents(article: Article) -> bool:
    """A roundup's headline ("weekend shootings") or a body that sets incidents apart."""
    return bool(ROUNDUP.search(article.title or "") or SEVERAL_INCIDENTS.search(article.text or ""))


def _context_of(article: Article, annotations: Annotations, docs: dict, actors=None) -> _Context:
    from eventfold.annotate.entities import ActorDictionary

    return _Context(article, annotations, _article_date(article, annotations),
                    actors or ActorDictionary.load(), _dateline_span(article), docs)


def type_chunk(items: list[tuple[Article, Annotations, dict]], actors=None) -> list[dict]:
    """For each (article, annotations, docs) of a chunk, the sentences of its parts as extraction reads
    them with their typings ({part: (sentences, typings)}, as `extract_events` takes them): the typer
    reads all the chunk's sentences in one model call, not one per part (sklearn's cost per call was a
    third of the typing of an article part). A sentence is typed the same alone or in company."""
    from eventfold.extract.clause_typing import type_sentence_groups

    where, groups = [], []
    for index, (article, annotations, docs) in enumerate(items):
        context = _context_of(article, annotations, docs, actors)
        for part, doc in docs.items():
            if part != "title":  # a headline is read only when the body tells no event, and maybe recased
                sentences = [_story_of(context, part, sent) for sent in doc.sents]
                where.append((index, part, sentences))
                groups.append((sentences, typing_names(context)))
    typed: list[dict] = [{} for _ in items]
    for (index, part, sentences), typings in zip(where, type_sentence_groups(groups)):
        typed[index][part] = (sentences, typings)
    return typed


def _told_in(article: Article):
    """The text of a report's sentences (its own and those folded into it)."""
    def told(report: EventReport) -> str:
        spans = [report.span, *(p.span for p in report.provenance if p.rule == FOLDED_SENTENCE_RULE and p.span)]
        return " ".join(article.part_text(span.part)[span.start:span.end] for span in spans)
    return told


def _sentence_confidences(reports: list[EventReport]) -> dict[tuple[str, int], float]:
    """Each sentence report's event-or-not confidence, by where its sentence starts."""
    return {(r.span.part, r.span.start): r.confidence for r in reports if r.confidence is not None}


def _keep_best_confidence(report: EventReport, decided: dict[tuple[str, int], float]) -> None:
    """A report folded from several sentences is an event when any of them tells one: it takes the
    highest confidence among the sentences the decision read (their provenance keeps the spans)."""
    found = [decided[(p.span.part, p.span.start)] for p in report.provenance
             if p.rule == MODEL_RULE and p.span is not None and (p.span.part, p.span.start) in decided]
    if found:
        report.confidence = max(found)


def _extract_part(context: _Context, part: str, doc, result: ExtractionResult, typed=None) -> None:
    from eventfold.extract.attribution import attribution_of

    if typed is None:
        sentences = [_story_of(context, part, sent) for sent in doc.sents]
        typed = sentences, _typings(context, sentences)
    sentences, typings = typed
    recent: list[tuple[int, EventReport]] = []  # (sentence index, report) for figure-only sentences
    last_claims: list[Claim] = []
    ledger = FigureLedger()  # each person counted once across the sentences of the part
    operation: Optional[EventReport] = None  # the operation the story tells, as "the operation" later
    for index, sent in enumerate(sentences):
        context_sents = _paragraph_before(sentences, index)
        attribution = attribution_of(sent, context_sents)
        figures = [f for f in _figures(sent) if not _misread_figure(context, part, f, attribution)]
        # A figure-only sentence right after an event continues it ("Three people were killed"),
        # else its figures type it (`_prediction_from_figures`).
        continues = _continues_recent(context, part, recent, sent, index)
        if tells_another_front(context, part, recent, sent, index, attribution.claimant):
            ledger = FigureLedger()  # another front's people are counted afresh
        counted = _counted_figures(ledger, sent, figures)
        report = _report_for(context, part, sent, figures, attribution, index, counted, not continues,
                             typings[index])
        operation = operation or _operation_told(context, part, sent, report)
        if report is not None and operation is not None and refers_to_operation(sent):
            _fill_from_operation(report, operation)
        claims = _claims_for(context, part, sent, figures, attribution, report, last_claims)
        _detach_other_fronts(report, claims)
        _denials_answer_the_latest_event(claims, recent)
        if report is not None:
            _date_of_the_paragraph(report, recent, index - len(context_sents))
            _place_of_the_event_referred_to(report, sent, [r for _, r in recent])
            result.reports.append(report)
            recent.append((index, report))
            result.claims.extend(_date_claims(context, part, report, attribution))
        elif claims and not _tells_history(context, sent):
            continued = _attach_to_recent_report(context, part, recent, sent, index, claims, counted)
            if continued is not None and counted:
                _toll_vouches_for(context, part, sent, figures, attribution, index, counted, typings[index], continued)
        result.claims.extend(claims)
        if claims:
            last_claims = claims


def _denials_answer_the_latest_event(claims: list[Claim], recent) -> None:
    """"Moscow rejected responsibility" after a strike's story: the denial is about that strike."""
    for claim in claims:
        if claim.rule == DENIAL_OF_AN_ACT and claim.event_report_id is None and recent:
            claim.event_report_id = recent[-1][1].report_id


def _attach_to_recent_report(context: _Context, part: str, recent, sent, index: int, claims: list[Claim],
                             counted) -> Optional[EventReport]:
    """The report a sentence of figures without an event of its own continues, if any."""
    if counted:
        return _attach_to_recent(context, part, recent, sent, index, claims, counted)
    if any(c.kind in CASUALTY_KINDS for c in claims):
        # people counted before ("38 bodies were counted" after "killing dozens") give the
        # report no new figure, but the claim is about it
        tolls = [c for c in claims if c.kind in CASUALTY_KINDS]
        return _attach_to_recent(context, part, recent, sent, index, tolls, [])
    return None


def _toll_vouches_for(context: _Context, part: str, sent, figures, attribution, index: int, counted, typing,
                      continued: EventReport) -> None:
    """A hedged report ("have reportedly suffered heavy losses on the pass") that a toll goes on
    with ("He wrote that 350 were killed") happened as much as the toll alone would: it takes the
    toll sentence's own event-or-not confidence when higher (the decision read the first sentence
    only). A report its own sentence tells plainly as no event (a bail hearing "for a woman charged
    with killing ...") is not lifted by the killing's toll told after it."""
    if continued.certainty != "hedged":
        return
    own = _report_for(context, part, sent, figures, attribution, index, counted, True, typing)
    if own is None or own.confidence is None or own.confidence <= (continued.confidence or 0.0):
        return
    continued.confidence = own.confidence
    continued.provenance.extend(p for p in own.provenance if p.rule == MODEL_RULE)


def _tells_history(context: _Context, sent) -> bool:
    """"Two days before the attacks of 2001, he was assassinated": a sentence set years before the
    story tells history; its figures are about no event of the story."""
    from eventfold.extract.decide import set_years_before

    return set_years_before(sent.text, _year(context.anchor))


def interaction_of(report: EventReport) -> Optional[int]:
    return interaction_code(report.inter1, report.inter2 or 0) if report.inter1 else None
