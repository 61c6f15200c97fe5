"""The casualty figures of a report: which figures of a sentence count (new people, not a town or
the claimant misread as a figure), the first of each kind (fronts never summed), and whether a
later sentence's bare figure joins an earlier report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from eventfold.annotate.doctext import doc_text
from eventfold.extract import coalesce
from eventfold.extract.clauses import _named_as_itself, _token_at, in_the_causes_phrase
from eventfold.extract.context import _Context, _is_country
from eventfold.extract.event_places import _paragraph_places, _place_agrees, _same_area
from eventfold.extract.lexicon import CASUALTY_KINDS, FIGURE_ATTACH_WINDOW, HARMLESS_SUB_TYPES, VIOLENT_TYPES
from eventfold.extract.operation import FigureLedger
from eventfold.model import PART_TEXT, PART_TITLE, Claim, EventReport, Provenance, Quantity, Span


# Who the dead are when they are civilians (ACLED: violence against civilians, not a clash).
CIVILIAN_WORDS = re.compile(r"\b(?:civilians?|villagers?|women|children|child|residents?|bystanders?|passengers?|"
                            r"worshipp?ers?|students?|people|teens?|teenagers?|boys?|girls?|kids?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CountedFigure:
    """A figure that counts people not counted before in the article part; `adds` when it says
    they are more than those ("also detained two others")."""

    figure: object
    adds: bool

    def __getattr__(self, name):
        return getattr(self.figure, name)


def _counted_figures(ledger: FigureLedger, sent, figures) -> list[CountedFigure]:
    verdicts = ledger.read_sentence(sent, figures)
    return [CountedFigure(f, v.adds) for f, v in zip(figures, verdicts) if v.counts]


def _misread_figure(context: _Context, part: str, figure, attribution) -> bool:
    """A "figure" that counts a town ("captured Pol-e-Khomri"), the claimant ("commander Munib
    Amiri claimed ...") or the dateline ("Charikar (Steppe Dispatch) –") rather than casualties."""
    if part == PART_TEXT and context.dateline[0] <= figure.start < context.dateline[1]:
        return True
    if attribution.claimant_start is not None and attribution.claimant_start <= figure.start < attribution.claimant_end:
        return True
    # The figure's head word (its last) is the place; a place word modifying it ("a Haqqani
    # network leader", a village namesake of the group) leaves it a figure of people.
    # A nationality ("two Israelis") names a country only as context: its people are counted.
    head = max(figure.start, figure.end - 1)
    return any(p.span.part == part and p.span.start <= head < p.span.end and _named_as_itself(p)
               for p in context.annotations.places)


def _figures(sent) -> list:
    from eventfold.extract.numbers import find_figures

    return find_figures(sent)


def _prediction_from_figures(sent, casualties, told=()):
    """"Forces killed three insurgents", "police detained two suspects": a sentence the classifier
    leaves untyped but that counts people killed or taken by an event verb is that event — an
    arrest, an attack on civilians, else an armed clash (ACLED's reading of a killing by armed men).
    `told`: every figure of the sentence, also of people counted before (`casualties` are not)."""
    from eventfold.extract.roles import find_triggers
    from eventfold.extract.subevent import SubEventPrediction

    kinds = {f.kind for f in casualties}
    if not kinds & {"killed", "wounded", "captured", "detained"} or not find_triggers(sent):
        return None
    evidence = casualties[0].quantity.text or sent.text[:40]
    harm = "killed" if "killed" in kinds else "wounded" if "wounded" in kinds else None
    if harm is None and {f.kind for f in told} & {"killed", "wounded"}:
        # "claimed 350 Taliban dead and 35 captured": prisoners of a fight, whoever counted the dead before
        return SubEventPrediction("Armed clash", "Battles", "", 0.0, "figure:taken-in-fighting", evidence)
    if harm is None:
        return SubEventPrediction("Arrests", "Strategic developments", "", 0.0, "figure:taken", evidence)
    # "Two teens were wounded when someone fired from a passing car": people shot are an attack's victims
    harmed = [f for f in casualties if f.kind == harm]
    if all(f.side and CIVILIAN_WORDS.search(f.side) for f in harmed):
        return SubEventPrediction("Attack", "Violence against civilians", "", 0.0, f"figure:civilians-{harm}", evidence)
    return SubEventPrediction("Armed clash", "Battles", "", 0.0, f"figure:{harm}", evidence)


def toll_of_another_happening(sent, figure, report: Optional[EventReport], trigger) -> bool:
    """A dead or wounded count of the sentence that is not this report's: any such count beside a
    development that harms nobody ("agreed to a cease-fire, ending days of fighting that left dozens
    dead"), and the toll of the happening an event answers or is linked to ("clashed with police over
    the killing of two students", "captured in connection with the killings of two tourists"), unless
    the report was typed as that happening."""
    if report is None or figure.kind not in ("killed", "wounded"):
        return False
    if report.sub_event_type in HARMLESS_SUB_TYPES:
        return True
    if trigger is None or _typed_by_the_cause(sent, trigger, report):
        return False
    return in_the_causes_phrase(_token_at(sent, figure.start) or trigger, trigger)


def _typed_by_the_cause(sent, trigger, report: EventReport) -> bool:
    """"arrested over the death of a man attacked by a mob", typed as the mob's violence: the report
    tells the happening answered, whose toll it keeps."""
    evidence = report.provenance[0].evidence if report.provenance else ""
    position = sent.text.lower().find(evidence[:30].lower()) if evidence else -1
    token = _token_at(sent, sent.start_char + position) if position >= 0 else None
    return token is not None and in_the_causes_phrase(token, trigger)


def _fill_figures(report: EventReport, casualties, span: Span) -> None:
    """The first figure of each kind. Several of one kind in a sentence are mostly figures of
    different fronts or sources ("85 killed in Andarab, while on the other front 12"): summing
    them would invent a toll nobody reported; each stays a claim. People taken are the exception:
    "arrested a leader and detained several suspects" counts everyone taken (a retelling of
    people already counted never reaches here, see `operation`), as does a figure that says it
    counts more people than the report's ("also detained two others")."""
    for attribute, kinds in TOLL_KINDS.items():
        figures = [f for f in casualties if f.kind in kinds]
        if not figures:
            continue
        current = getattr(report, attribute)
        told = _sum_quantities([f.quantity for f in figures]) if attribute == "captured" else figures[0].quantity
        adds = any(getattr(f, "adds", False) for f in figures)
        # More people than counted before add; later sources of the same people give ACLED's
        # most conservative figure (every figure stays a claim).
        chosen = coalesce.added(current, told) if adds else coalesce.conservative(current, told)
        if chosen is not current:
            setattr(report, attribute, chosen)
            rule = f"{attribute}:{coalesce.ADDITIONAL_RULE}" if adds else f"{attribute}:{figures[0].rule}"
            report.provenance.append(Provenance(rule, span, "; ".join(f.quantity.text for f in figures)))


# Report tolls and the figure kinds that fill them.
TOLL_KINDS = {"fatalities": ("killed",), "wounded": ("wounded",), "captured": ("captured", "detained"),
              "abducted": ("abducted",)}


def _sum_quantities(quantities: list[Quantity]) -> Quantity:
    total = quantities[0]
    for quantity in quantities[1:]:
        total = coalesce.added(total, quantity)
    return total


def _attach_to_recent(context: _Context, part: str, recent: list[tuple[int, EventReport]], sent, index: int,
                      claims: list[Claim], figures) -> Optional[EventReport]:
    """A sentence with figures but no event of its own continues an earlier one: the last report
    if it is close ("Three people are reported killed"), else, when the sentence points back at
    an event ("claimed the clashes killed 15"), the last violent one in the place its paragraph
    names (or the last violent one if it names none). Returns the report continued, if any."""
    if _tells_a_total(sent):
        return None  # "1,200 were killed in the assault across the south", "since January": no one event's
    target = None
    if _continues_recent(context, part, recent, sent, index):
        target = recent[-1][1]
    elif _refers_back(sent):
        violent = [r for _, r in reversed(recent) if r.event_type in VIOLENT_TYPES]
        places = _paragraph_places(context, part, sent)
        target = next((r for r in violent if any(_same_area(r.place, p.place) for p in places)),
                      None if places else (violent[0] if violent else None))
    if target is None:
        return None
    _fill_figures(target, [f for f in figures if f.kind in CASUALTY_KINDS], claims[0].span)
    for claim in claims:
        claim.event_report_id = target.report_id
    return target


# A toll over an area rather than at one place ("across southern Israel", "nationwide").
AREA_TOTAL = re.compile(r"\b(?:across|throughout|nationwide|countrywide|all over)\b", re.IGNORECASE)


def _tells_a_total(sent) -> bool:
    return _tells_a_total_text(sent.text)


def _continues_recent(context: _Context, part: str, recent: list[tuple[int, EventReport]], sent, index: int) -> bool:
    """The sentence may go on with the last report: told close after it, and not placed elsewhere."""
    if not recent or index - recent[-1][0] > FIGURE_ATTACH_WINDOW:
        return False
    report = recent[-1][1]
    same_paragraph = _same_paragraph(report, sent)
    start = _telling_start(report, sent)
    # in a new paragraph, a place named before the sentence is where its figures are ("heavy losses
    # on the Khavak pass. He said 350 were killed"), even one the gazetteer does not know
    if _names_unknown_place(context, part, start, sent.end_char, report):
        return False
    own_places = [p for p in context.places_in(part, sent.start_char, sent.end_char) if not _is_country(p.place)] \
        or [p for p in context.places_in(part, start, sent.end_char) if not _is_country(p.place)]
    return _place_agrees(report, own_places, same_paragraph)


def tells_another_front(context: _Context, part: str, recent: list[tuple[int, EventReport]], sent, index: int,
                        claimant: Optional[str]) -> bool:
    """Figures another teller puts at a toponym the gazetteer lacks, after a report of another place
    ("85 killed in Andarab, Interfax said" ... "at the Khawak pass, the commander claimed 350 dead"; or a
    new paragraph: "heavy losses on the Khavak Pass. He said 350 were killed"): the people of another
    front, not the ones counted before told again (one teller's operation told village by village
    keeps its count)."""
    if not recent or index - recent[-1][0] > FIGURE_ATTACH_WINDOW:
        return False
    report = recent[-1][1]
    if claimant is None or claimant == report.claimant:
        return False
    return _names_unknown_place(context, part, _telling_start(report, sent), sent.end_char, report) or \
        _at_a_front_of_its_own(report, [r for _, r in recent[:-1]])


def _at_a_front_of_its_own(report: EventReport, earlier: list[EventReport]) -> bool:
    """The report the figures follow is told at a toponym the gazetteer lacks ("heavy losses on the
    X pass") that no earlier report names, while earlier ones name other places: the people counted
    there are not the ones these figures count."""
    place = (report.location_text or "").lower()
    if not place or not coalesce._at_unknown_toponym(report):
        return False
    named = [r.location_text.lower() for r in earlier if r.location_text]
    return bool(named) and not any(place in other or other in place for other in named)


def _telling_start(report: EventReport, sent) -> int:
    """Where the text that may place a figure sentence begins: the sentence itself in the report's
    paragraph, else the start of its own paragraph."""
    if _same_paragraph(report, sent):
        return sent.start_char
    return doc_text(sent.doc).rfind("\n", 0, sent.start_char) + 1


def _names_unknown_place(context: _Context, part: str, start: int, end: int, report: EventReport) -> bool:
    text = context.article.part_text(part)
    return any(m.place is None and m.span.part == part and start <= m.span.start < end
               and text[m.span.start:m.span.end] not in (report.location_text or "")
               for m in context.annotations.places)


def _same_paragraph(report: EventReport, sent) -> bool:
    """The sentence is in the paragraph of the report's sentence (both of one article part)."""
    return doc_text(sent.doc).rfind("\n", 0, sent.start_char) < report.span.start


def _refers_back(sent) -> bool:
    """"the clashes", "the attack", "Friday's assault": a definite event noun; or a bare toll
    ("Four militia fighters were killed."), a passive casualty verb with no doer, place or day of
    its own, which adds its figures to the happening told before it."""
    from eventfold.extract.roles import VIOLENT_NOUNS

    for token in sent:
        if token.pos_ == "NOUN" and token.lemma_.lower() in VIOLENT_NOUNS:
            if any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in token.children):
                return True
    return _bare_toll(sent)


TOLL_VERBS = frozenset({"kill", "wound", "injure", "hurt", "die"})


def _bare_toll(sent) -> bool:
    root = sent.root
    if root.lemma_.lower() not in TOLL_VERBS or root.pos_ != "VERB":
        return False
    if any(c.dep_ in ("agent", "dobj", "prep", "npadvmod", "advcl") for c in root.children):
        return False  # "killed by a drone", "in Kabul", "on Monday", "when ...": more than a toll
    return any(c.dep_ in ("nsubjpass", "nsubj") for c in root.children)


# ---------------------------------------------------------------- the headline's toll

_HEADLINE_NUMBER = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens"
_HEADLINE_HARM = r"dead|killed|slain|die|died|dies|hurt|injured|wounded|shot|fatally"
# What may follow a headline's harm word: the place, the time or the circumstances, not an object
# ("Man shot wife" tells a shooter, "Teen shot in leg" a victim).
_HEADLINE_AFTER = (r"(?=\s*(?:$|[,:;.!?|\u2013\u2014-]|(?:in|at|on|near|outside|inside|while|after|during|by|as|when|"
                   r"over|following|from|for|early|late|overnight|last)\b))")
# "1 dead, 6 hurt", "5 shot, 1 fatally", "Five wounded in ...", "2 adults, 1 child dead": a count and
# what happened to them.
HEADLINE_COUNT = re.compile(
    rf"(?<![\w$.,-])(?P<n>{_HEADLINE_NUMBER})\s+(?:(?!{_HEADLINE_HARM})[a-z]+\s+)?"
    rf"(?:are\s+|were\s+|found\s+|ha(?:ve|s)\s+been\s+)?(?P<w>{_HEADLINE_HARM}){_HEADLINE_AFTER}", re.IGNORECASE)
# "Suspected jihadist attack kills around 20 people", "Gunman wounds 3 at mall": the harm's verb, then
# the count of whom it harmed (not an age: "kills 17-year-old").
HEADLINE_VERB_COUNT = re.compile(
    r"\b(?P<w>kills|kill|killing|wounds|wound|wounding|injures|injure|injuring)\s+"
    rf"(?P<n>(?:(?:at least|around|about|nearly|some|over|more than|up to)\s+)?(?:{_HEADLINE_NUMBER}))\b"
    r"(?![-\s]*(?:years?|months?|weeks?)\b)", re.IGNORECASE)
# The figure kind a headline's harm verb counts.
HEADLINE_VERB_KINDS = {"kill": "killed", "wound": "wounded", "injur": "wounded"}
# "Teen, 17, dead", "9-year-old dies", "Cottonwood Heights teen killed", "Boy shot in ...": one person.
HEADLINE_ONE = re.compile(
    r"\b(?P<p>[a-z]+|\d+-(?:year|month|week)-old)(?:,\s*\d{1,2},)?\s+(?:is\s+|was\s+|found\s+)?"
    rf"(?P<w>fatally shot|shot dead|shot and killed|shot to death|{_HEADLINE_HARM}){_HEADLINE_AFTER}",
    re.IGNORECASE)
# "Teen's fatal shooting", "shooting death of 5-year-old": one death at least.
HEADLINE_DEATH = re.compile(r"\b(?:fatal(?:ly)? shooting|shooting death|deadly shooting of)\b", re.IGNORECASE)
HEADLINE_KINDS = {"dead": "killed", "killed": "killed", "slain": "killed", "die": "killed", "died": "killed",
                  "dies": "killed", "fatally": "killed", "death": "killed", "hurt": "wounded", "injured": "wounded",
                  "wounded": "wounded", "shot": "wounded"}


def headline_tolls(context: _Context, reports: list[EventReport]) -> None:
    """The toll a headline gives ("1 dead, 6 hurt after ...", "Teen, 17, dead in shooting") fills
    what the story's main harm report lacks: stories often tell the count only in the headline, or
    the death of a victim the body tells only as shot. A count the body gives stays (the most
    conservative of the two); a victim singled out is a lower bound, as in the body."""
    title = context.article.title or ""
    target = _main_harm(reports)
    if target is None or not title or _tells_a_total_text(title) or ROUNDUP.search(title):
        return
    span = Span(context.article.article_id, 0, len(title), PART_TITLE)
    for attribute, quantity in _headline_quantities(title).items():
        chosen = coalesce.conservative(getattr(target, attribute), quantity)
        if chosen is not getattr(target, attribute):
            setattr(target, attribute, chosen)
            target.provenance.append(Provenance(f"{attribute}:headline", span, quantity.text))


def _main_harm(reports: list[EventReport]) -> Optional[EventReport]:
    """The report of a harm the story is most sure of (the first among equals)."""
    from eventfold.extract.event_dates import _tells_a_harm

    harms = [r for r in reports if r.modality == "actual" and _tells_a_harm(r)]
    return max(harms, key=lambda r: r.confidence or 0.0, default=None)


def _headline_quantities(title: str) -> dict[str, Quantity]:
    from eventfold.extract.numbers import LOCAL_VICTIM_NOUNS, parse_quantity

    found: dict[str, Quantity] = {}
    for match in HEADLINE_COUNT.finditer(title):
        quantity = parse_quantity(match.group("n"))
        word = match.group("w").lower()
        if quantity is not None and quantity.conservative:
            more = bool(re.search(r"\bothers\b", match.group(0), re.IGNORECASE))  # "Player, 8 others hurt": at least
            found.setdefault(TOLL_OF_KIND[HEADLINE_KINDS[word]],
                             Quantity(quantity.low, quantity.high, match.group(0), quantity.qualifier,
                                      indefinite=quantity.indefinite or more, fate_untold=word == "shot" and not more))
    for match in HEADLINE_VERB_COUNT.finditer(title):
        quantity = parse_quantity(match.group("n"))
        kind = next(k for stem, k in HEADLINE_VERB_KINDS.items() if match.group("w").lower().startswith(stem))
        if quantity is not None and quantity.conservative:
            found.setdefault(TOLL_OF_KIND[kind], Quantity(quantity.low, quantity.high, match.group(0),
                                                          quantity.qualifier, indefinite=quantity.indefinite))
    for match in HEADLINE_ONE.finditer(title):
        person, words = match.group("p").lower(), match.group("w").lower().split()
        if person in LOCAL_VICTIM_NOUNS or person.endswith("-old"):
            # "fatally shot", "shot to death", "shot and killed": the last word, or "fatally", tells the fate
            kind = "killed" if words[0] == "fatally" else HEADLINE_KINDS[words[-1]]
            found.setdefault(TOLL_OF_KIND[kind], Quantity(1, 1, match.group(0), "exact", indefinite=True,
                                                          fate_untold=words == ["shot"]))
    if HEADLINE_DEATH.search(title):
        found.setdefault("fatalities", Quantity(1, 1, HEADLINE_DEATH.search(title).group(0), "exact", indefinite=True))
    return found


# A headline over several incidents ("1 dead, 5 wounded in weekend shootings"): a roundup's tally.
ROUNDUP = re.compile(r"\b(?:shootings|attacks|incidents|separate)\b", re.IGNORECASE)
# The report field a figure kind fills (the inverse of TOLL_KINDS, for the harms a headline tells).
TOLL_OF_KIND = {"killed": "fatalities", "wounded": "wounded"}


def _tells_a_total_text(text: str) -> bool:
    """A toll over a period or an area, no one event's."""
    from eventfold.extract.decide import PERIOD_TOTAL

    return bool(PERIOD_TOTAL.search(text) or AREA_TOTAL.search(text))
