"""Who gets the credit once reports are folded, from the whole article: the group claiming
responsibility, the force blamed, the attackers' kind; the press is never an actor.
"""

from __future__ import annotations

import re
from typing import Optional

from eventfold.annotate.doctext import lemmas, span_text
from eventfold.annotate.actor_lexicon import ARMED_MEN_NOUNS
from eventfold.extract.clauses import _is_speaker
from eventfold.extract.context import ExtractionResult, _Context, _category, _entity_in, _entity_name, _inter
from eventfold.extract.lexicon import ARMED_CATEGORIES, VIOLENT_TYPES
from eventfold.model import PART_TEXT, EventReport, Provenance, Span


def _drop_the_press(context: _Context, report: EventReport) -> None:
    """"the Taliban told CNN", "a BBC team was shown the district": a news outlet reports events,
    it takes no part in them (ACLED never codes the press as an actor)."""
    dropped = set()
    for slot in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        name = getattr(report, slot)
        if name and _is_press(context, name):
            setattr(report, slot, None)
            dropped.add(slot)
    if "actor1" in dropped and report.actor2 is not None:
        report.actor1, report.actor2 = report.actor2, None


def _is_press(context: _Context, name: str) -> bool:
    """The article's own outlet, a known outlet, a name shaped like one ("Sudan Tribune", "Radio
    Dabanga"), or a name the text treats as one ("told X", "in an interview with X")."""
    from eventfold.annotate.actors import is_outlet_name, named_as_outlet
    from eventfold.ingest.outlets import is_news_outlet

    if name == context.article.outlet or is_news_outlet(name):
        return True
    if _category(context, name, None) in ARMED_CATEGORIES:
        return False  # "the army told reporters": an armed actor is a party whatever verbs it takes
    if is_outlet_name(name):
        return True
    if ("named as outlet", name) not in context._memo:  # a search of the whole text: once per name
        context._memo[("named as outlet", name)] = named_as_outlet(name, context.article.text)
    return context._memo[("named as outlet", name)]


# "JNIM said it carried out the attack", "ISWAP claimed responsibility for the raid".
NOT_CLAIMING_CATEGORIES = frozenset({"State forces", "Civilians", "Protesters", "Rioters", "External/Other forces"})
RESPONSIBILITY = re.compile(r"\b(?:claim(?:ed|s|ing)? (?:responsibility|credit)|carried out|was behind|were behind|"
                            r"responsible for|claim(?:ed|s|ing)? (?:the |an |\w+(?:'s|’s) )?(?:\w+ )?"
                            r"(?:attacks?|ambush(?:es)?|raids?|bombings?|assaults?|strikes?|killings?|blasts?))\b",
                            re.IGNORECASE)


def _group_claiming_responsibility(context: _Context) -> Optional[tuple[str, Span]]:
    """The one armed group an article says claimed its attack: the speaker of a sentence of
    responsibility ("ISWAP said its fighters had carried out the attack")."""
    found = {}
    for part, doc in context.docs.items():
        if part != PART_TEXT:
            continue
        for sent in doc.sents:
            if not RESPONSIBILITY.search(span_text(sent)):
                continue
            for mention in context.mentions_in(part, sent.start_char, sent.end_char):
                name = _entity_name(context, mention.entity_id) if mention.entity_id else None
                if name and mention.label in ("ORG", "GROUP") and _is_speaker(sent, mention) \
                        and _category(context, name, None) not in NOT_CLAIMING_CATEGORIES:
                    found.setdefault(name, mention.span)  # a group that claims an attack is an armed one
    return next(iter(found.items())) if len(found) == 1 else None


def _credit_the_claiming_group(context: _Context, report: EventReport,
                               claimed_by: Optional[tuple[str, Span]]) -> None:
    """An attack by unnamed men in an article where one group claimed it is that group's (ACLED
    codes the claiming group; the claim stays visible in the provenance)."""
    if claimed_by is None or report.event_type not in VIOLENT_TYPES:
        return
    name, span = claimed_by
    if name in (report.actor1, report.actor2):
        return
    if report.actor1 is None or report.actor1.startswith("Unidentified Armed Group"):
        _remember_the_attackers_kind(context, report, name)
        report.actor1 = name
        report.provenance.append(Provenance("actor1:claimed-responsibility", span, name))


def _remember_the_attackers_kind(context: _Context, report: EventReport, group: str) -> None:
    """A group with no category that claims an attack its report calls the work of "militants" or
    "insurgents" is a rebel group: the description it takes over states its kind."""
    from eventfold.annotate.actors import read_phrase

    if _category(context, group, None):
        return
    said = next((p.evidence for p in report.provenance if p.rule.startswith("actor1:")), "")
    reading = read_phrase(said.split()) if said else None
    if reading is not None and reading.kind not in ("armed-men", "military", "police", "civilians"):
        context._memo.setdefault("described_categories", {})[group] = reading.category


# Words for the side that struck, whoever it is: "20 attackers were killed when the army counter-attacked".
ATTACKER_WORDS = ARMED_MEN_NOUNS | {"attacker", "raider", "raiders"}
FIGURE_KINDS_OF_PEOPLE = frozenset({"killed", "wounded", "captured"})


def _attackers_are_the_doers(context: _Context, result: ExtractionResult) -> None:
    """"The attackers" counted with no side named are the doer of the article's first attack: their
    dead and the defenders' add up to that event's toll (ACLED counts both sides) instead of competing
    with them, and an event that killed them ("security forces killed the five attackers") has them
    as actor 2."""
    attacks = sorted((r for r in result.reports if r.event_type in VIOLENT_TYPES and r.actor1
                      and not r.actor1.startswith(("Civilians", "Protesters"))),
                     key=lambda r: (r.span.part != PART_TEXT, r.span.start))
    if not attacks:
        return
    doer = attacks[0].actor1
    reports = {r.report_id: r for r in result.reports}
    for claim in result.claims:
        words = claim.subject.lower().split()
        if claim.side is not None or claim.kind not in FIGURE_KINDS_OF_PEOPLE or not words or \
                words[-1] not in ATTACKER_WORDS:
            continue
        claim.side = doer
        report = reports.get(claim.event_report_id)
        if report is not None and report.actor1 not in (None, doer) and report.actor2 is None:
            report.actor2 = doer
            report.inter2 = _inter(context, doer, report)
            report.provenance.append(Provenance("actor2:the-attackers", claim.span, doer))


BLAME_LEMMAS = frozenset({"blame", "accuse"})


def _force_blamed(context: _Context) -> Optional[tuple[str, Span]]:
    """The one armed force an article says was blamed for its attack ("Zelensky blamed Russian
    forces", "officials accused the RSF"): the object of a verb of blaming."""
    found = {}
    for part, doc in context.docs.items():
        if part != PART_TEXT:
            continue
        # a Token is built only where a verb of blaming may be (the Doc's words in order, as its sentences)
        blaming = (doc[i] for i, lemma in enumerate(lemmas(doc)) if lemma.lower() in BLAME_LEMMAS)
        for verb in (t for t in blaming if t.pos_ == "VERB"):
            for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
                name = _entity_in(context, part, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
                if name and _category(context, name, None) in ARMED_CATEGORIES | {"External/Other forces"}:
                    found.setdefault(name, Span(context.article.article_id, obj.left_edge.idx,
                                                obj.right_edge.idx + len(obj.right_edge), part))
    return next(iter(found.items())) if len(found) == 1 else None


def _credit_the_blamed_force(report: EventReport, blamed: Optional[tuple[str, Span]]) -> None:
    """An attack whose doer the text leaves unsaid, in an article that blames one force for it: that
    force, as the attribution an analyst codes (the blame stays in the provenance)."""
    if blamed is None or report.event_type not in VIOLENT_TYPES or report.actor1 is not None:
        return
    name, span = blamed
    if name != report.actor2:
        report.actor1 = name
        report.provenance.append(Provenance("actor1:blamed-in-article", span, name))


# Territory types whose doer "X fell" leaves unsaid.
TERRITORY_TAKEN = frozenset({"Non-state actor overtakes territory", "Government regains territory"})
# How many times more often the article must name its leading armed group than any other for a
# town that "fell" with no taker named to be that group's.
LEADING_GROUP_MARGIN = 2
# A group named once or twice leads no story.
LEADING_GROUP_MIN_MENTIONS = 3


def _credit_the_leading_group(context: _Context, report: EventReport) -> None:
    """"fled when the northern city of Mazar-e-Sharif fell on Aug. 14": a town fell to someone; in a
    story about one armed group's advance (named far more often than any other armed actor), to it."""
    if report.sub_event_type not in TERRITORY_TAKEN or report.actor1 is not None:
        return
    leading = _leading_armed_group(context)
    if leading and leading != report.actor2:
        report.actor1 = leading
        report.inter1 = _inter(context, leading, report)
        report.provenance.append(Provenance("actor1:the-storys-leading-armed-group", None, leading))


def _leading_armed_group(context: _Context) -> Optional[str]:
    """The group the story names most, at least `LEADING_GROUP_MARGIN` times as often as any other
    group and at least `LEADING_GROUP_MIN_MENTIONS` times, when it is armed or of unknown kind."""
    if "leading armed group" not in context._memo:
        counts: dict[str, int] = {}
        for mention in context.annotations.mentions:
            name = _entity_name(context, mention.entity_id) if mention.entity_id and mention.label in (
                "ORG", "GROUP") else None
            if name:
                counts[name] = counts.get(name, 0) + 1
        ranked = sorted(counts.values(), reverse=True) + [0]
        leading = max(counts, key=counts.get) if counts else None
        named_most = leading is not None and ranked[0] >= max(LEADING_GROUP_MIN_MENTIONS,
                                                               LEADING_GROUP_MARGIN * ranked[1])
        category = _category(context, leading, None) if named_most else None
        context._memo["leading armed group"] = leading if named_most and (
            category is None or category in ARMED_CATEGORIES) else None
    return context._memo["leading armed group"]



OPPONENT_RULE = "actor1:opponent-in-article"


def _the_story_order_of_a_fight(reports: list[EventReport]) -> None:
    """A clash told only by one side's losses ("85 Taliban soldiers were killed in Andarab") names no
    side that began it; the article's first clash between the same two sides, whose sentence names
    who fought whom ("the Taliban launched an attack against the valley"), does: later fronts of one
    offensive keep its order (ACLED's actor 1 is the side that attacked)."""
    told = [r for r in sorted(reports, key=lambda r: (r.span.part != PART_TEXT, r.span.start))
            if r.sub_event_type == "Armed clash" and r.actor1 and r.actor2]
    for index, report in enumerate(told):
        if not any(p.rule == OPPONENT_RULE for p in report.provenance):
            continue
        earlier = next((r for r in told[:index] if not any(p.rule == OPPONENT_RULE for p in r.provenance)
                        and {r.actor1, r.actor2} == {report.actor1, report.actor2}), None)
        if earlier is not None and earlier.actor1 == report.actor2:
            report.actor1, report.actor2 = report.actor2, report.actor1
            report.inter1, report.inter2 = report.inter2, report.inter1
            report.assoc_actor_1, report.assoc_actor_2 = report.assoc_actor_2, report.assoc_actor_1
            report.provenance.append(Provenance("actors:order-of-the-story", earlier.span, earlier.actor1))
