"""Who claims what a sentence reports, how surely, and whether it reports an event at all.

`attribution_of(sent, context_sents)` reads the source of a sentence off its spaCy parse. The
first of these that applies names the `rule`:

- `quote`: the sentence lies inside a direct quotation; the claimant is the quote's speaker
  (see `quotes.find_quotes`).
- `verb:<lemma>`: a verb of saying or claiming outside quotes ("X said/claimed/told Y/tweeted/
  reported/announced/confirmed/denied …", "…, X said", "X, citing a local source, reported",
  "a tweet from X claimed", "X issued a statement denying …"). When several are present the one
  highest in the parse tree wins (the main clause's). The claimant is its subject, trimmed of
  appositions ("Abdul Rahman, 53, a former commander, said" -> "Abdul Rahman"); a relative
  pronoun stands for its antecedent; a document noun ("a tweet from X", "a statement by X")
  gives way to its author. A passive without agent ("it was reported", "are reported to have")
  has no claimant and is hedged; with an agent ("was confirmed by X") X is the claimant.
- `according-to`: "according to X".
- `medium`: "In a tweet, X …" / "In a statement, X …" with no verb of saying.
- `none`: the journalist's own voice. A sentence without a cue does not inherit the previous
  sentence's source: news style marks continued reported speech ("he added", "according to the
  same official"), so an unmarked sentence is the reporter's narration; inheriting would turn the
  reporter's own account into someone's claim.

Pronoun claimants ("he said", "they said", "the latter tweeted") are replaced by the nearest
earlier compatible source — the named claimant of an earlier sentence (a person for he/she, a
plural or group for they) or, for he/she, a person who is the subject of an earlier sentence;
"the latter"/"the former" is the last/second-last person named. The claimant offsets then point
at that earlier mention (rule suffix `+coref`). Sentences inside a quote resolve the speaker
from where the quote begins. Titles ("the ambassador") stay as written.

`via` is the other link in a two-link chain of sources, whichever way it runs: the source a
relaying outlet cites ("Interfax, citing a local source" -> claimant Interfax, via "a local
source") or the medium a speaker speaks to ("Nazary told AFP" -> claimant Nazary, via "AFP").

Certainty: `unverified` when the text says the claim could not be verified or confirmed (in the
sentence, or in a short disclaimer sentence right after it: "The claims could not be
independently verified."); `hedged` for reportedly, allegedly, apparently, appear/seem to, is
believed, is said to, rumoured, purportedly, unnamed reports; otherwise `stated`.
Polarity is `denied` for deny / reject / dismiss / refute / rebut.

`modality_of(sent, trigger)` says whether the clause of an event word reports an actual event;
its docstring lists the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Optional

from eventfold.annotate.doctext import doc_text, lemmas, span_text
from eventfold.prefilter import Prefiltered, Scanner
from eventfold.extract.quotes import (
    DOCUMENT_NOUNS, QUOTE_ONLY_LEMMAS, SPEECH_LEMMAS, cached_quotes, left_phrase_fallback,
    relative_antecedent, subject_of, trimmed_phrase,
)

CLAIM_LEMMAS = SPEECH_LEMMAS - QUOTE_ONLY_LEMMAS
DENIAL_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "rebut"})
# Verbs of intention: the clause they govern is not (yet) an event.
PLEDGE_LEMMAS = frozenset({"vow", "pledge", "promise", "swear"})
THREAT_LEMMAS = frozenset({"threaten", "warn"})
# Verbs and adjectives of plans and expectations: the infinitive they govern has not happened
# ("set to take effect", "expected to fight"; but "set up a base", "sought medical attention").
PLAN_LEMMAS = frozenset({
    "plan", "intend", "prepare", "aim", "expect", "seek", "hope", "want", "likely", "set",
    "bound", "poised", "ready", "able", "schedule", "due",
})
# Predicates that foretell on their own: "war is unavoidable".
FORETELLING_ADJECTIVES = frozenset({"unavoidable", "inevitable", "imminent"})
MODAL_LEMMAS = frozenset({"will", "shall", "would", "could", "may", "might", "can", "must", "should", "'ll", "ca"})
CONDITION_MARKS = frozenset({"if", "unless"})
# Words after which "if" means "whether".
WHETHER_HOSTS = frozenset({
    "uncertain", "unclear", "clear", "sure", "know", "ask", "wonder", "see", "determine", "check",
    "investigate", "verify", "confirm", "doubt",
})
INVERTED_CONDITION_AUX = frozenset({"should", "had", "were"})
PRONOUN_CLAIMANTS = frozenset({"he", "she", "they", "i", "we", "it"})
# "their count", "its claim": the pronoun claimant a possessive stands for (resolved like any other).
PRONOUN_OF_POSSESSIVE = {"their": "they", "his": "he", "her": "she", "its": "it"}
REPORT_NOUNS = frozenset({"report", "rumour", "rumor"})
MEDIUM_NOUNS = frozenset({"tweet", "statement", "interview", "post", "video", "message", "letter", "broadcast"})
# Defunct states: an event involving them is history for any article written after they ended.
DEFUNCT_ACTORS = re.compile(r"\b(Soviets?|Soviet Union|USSR)\b")

UNVERIFIED_RE = re.compile(
    r"\b(could not|couldn't|could n't|cannot|can't|can not|was not|were not|has not been|have not been)\s+"
    r"(be\s+)?(immediately\s+|independently\s+)*(verified|confirmed)\b"
    r"|\b(unable|not possible|impossible)\s+to\s+(independently\s+)?(verify|confirm)\b"
    r"|\bunverified\b|\bunconfirmed\b|\bno independent (confirmation|verification)\b",
    re.IGNORECASE,
)
HEDGE_RE = re.compile(
    r"\b(reportedly|allegedly|apparently|purportedly|supposedly|ostensibly)\b"
    r"|\b(is|are|was|were|been)\s+(widely\s+)?(believed|thought|said|reported|rumou?red|alleged|understood)\s+to\b"
    r"|\b(appears?|appeared|seems?|seemed)\s+to\b"
    r"|\brumou?r(s|ed)?\b",
    re.IGNORECASE,
)
# Hedges that pass on what others say ("are reported to have been killed", "reportedly"), unlike the
# writer's own doubt ("apparently", "appears to"): a sentence with one and no named source is no
# assertion of the outlet's.
HEARSAY_RE = re.compile(
    r"\b(reportedly|allegedly|purportedly|supposedly)\b"
    r"|\b(is|are|was|were|been)\s+(widely\s+)?(said|reported|rumou?red|alleged)\s+to\b"
    r"|\bit\s+(is|was|has\s+been)\s+reported\b|\brumou?r(s|ed)?\b",
    re.IGNORECASE,
)


def unsourced_hearsay(sent, attribution: "Attribution") -> bool:
    """"Three people are reported to have been killed": told on others' word, and no one named."""
    return attribution.claimant is None and attribution.certainty == "hedged" \
        and HEARSAY_RE.search(span_text(sent)) is not None


# The same searches, skipping a sentence without their words (eventfold.prefilter).
_UNVERIFIED_SEARCH = Prefiltered(UNVERIFIED_RE)
_HEDGE_SEARCH = Prefiltered(HEDGE_RE)
_CERTAINTY_SCAN = Scanner([_UNVERIFIED_SEARCH, _HEDGE_SEARCH])
# A following sentence counts as a disclaimer of this one only when it is this short
# ("The claims could not be independently verified." has 7 tokens); longer ones carry news of their own.
MAX_DISCLAIMER_TOKENS = 15
# How many earlier sentences are searched for the person a pronoun claimant stands for.
COREF_LOOKBACK_SENTENCES = 4


@dataclass(frozen=True)
class Attribution:
    claimant: Optional[str]
    claimant_start: Optional[int]
    claimant_end: Optional[int]
    cue: Optional[str]
    via: Optional[str]  # the other link of a two-link source chain (see module docstring)
    certainty: str  # stated, hedged, unverified
    polarity: str  # asserted, denied
    rule: str
    cited: Optional[str] = None  # the source the claimant cites ("citing a local source")


# ---------------------------------------------------------------- certainty


def _next_sentence_in_paragraph(sent):
    doc = sent.doc
    if sent.end >= len(doc):
        return None
    following = doc[sent.end].sent
    if "\n" in doc_text(doc)[sent.end_char: following.start_char]:
        return None
    return following


def certainty_of(sent) -> str:
    """stated / hedged / unverified, from hedge words and verification disclaimers."""
    text = span_text(sent)
    seen = _CERTAINTY_SCAN.seen(text)
    if _UNVERIFIED_SEARCH.search(text, seen):
        return "unverified"
    following = _next_sentence_in_paragraph(sent)
    if following is not None and len(following) <= MAX_DISCLAIMER_TOKENS and UNVERIFIED_RE.search(span_text(following)):
        return "unverified"
    if _HEDGE_SEARCH.search(text, seen) or _has_appear_predicate(sent):
        return "hedged"
    return "stated"


def _has_appear_predicate(sent) -> bool:
    """"appears unconnected", "seemed likely": appear/seem with an adjective complement."""
    doc, lemma_of = sent.doc, lemmas(sent.doc)
    return any(lemma_of[i] in ("appear", "seem") and any(c.dep_ in ("acomp", "xcomp", "oprd") for c in doc[i].children)
               for i in range(sent.start, sent.end))


# ---------------------------------------------------------------- cues


def _depth(token) -> int:
    return sum(1 for _ in token.ancestors)


def _inside_quote(token, quotes) -> bool:
    return any(q.start <= token.idx < q.end for q in quotes)


def _cue_candidates(sent, quotes) -> list:
    """Verbs of saying outside quotes, and the word "according" of "according to"."""
    found = []
    for token in sent:
        if _inside_quote(token, quotes):
            continue
        if token.lower_ == "according" and token.i + 1 < len(sent.doc) and sent.doc[token.i + 1].lower_ == "to":
            found.append(token)
        elif token.lemma_.lower() in CLAIM_LEMMAS and token.pos_ in ("VERB", "AUX") and not _not_a_cue(token):
            found.append(token)
    return found


def _not_a_cue(token) -> bool:
    """Verbs of saying that do not attribute the sentence: auxiliaries, passive participles
    modifying a noun ("video posted online showed …", "images shared online"), and verbs of
    intention that take no reported clause ("retreated, pledging to continue the fight")."""
    if token.dep_ == "aux" or (token.dep_ == "acl" and token.tag_ == "VBN"):
        return True
    lemma = token.lemma_.lower()
    takes_clause = any(c.dep_ == "ccomp" for c in token.children)
    return lemma in PLEDGE_LEMMAS | THREAT_LEMMAS and token.dep_ != "ROOT" and not takes_clause


def _phrase(doc, lo: int, hi: int) -> tuple[str, int, int]:
    span = doc[lo:hi]
    return span.text, span.start_char, span.end_char


def _object_phrase(token, deps: Iterable[str]):
    for child in token.children:
        if child.dep_ in deps:
            return _phrase(token.doc, *trimmed_phrase(child))
    return None


def _cited(verb) -> Optional[str]:
    """The source a claimant cites: "Interfax, citing a local source, reported ..."."""
    for token in verb.sent:
        if token.lemma_ in ("cite", "quote") and token.pos_ == "VERB" and token.i != verb.i:
            found = _object_phrase(token, ("dobj",))
            if found:
                return found[0]
    return None


def _via(verb) -> Optional[str]:
    """The cited source ("citing a local source") or the addressee ("told AFP")."""
    cited = _cited(verb)
    if cited:
        return cited
    if verb.lemma_ == "tell":
        found = _object_phrase(verb, ("dobj", "dative"))
        if found:
            return found[0]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "to" and verb.lemma_ in ("say", "speak"):
            found = _object_phrase(prep, ("pobj",))
            if found:
                return found[0]
    return None


def _agent_of(verb):
    for child in verb.children:
        if child.dep_ == "agent":
            return _object_phrase(child, ("pobj",))
    return None


def _is_passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _claimant_of_verb(verb):
    """(text, start, end) of who makes the claim, or None for an agentless passive / report noun."""
    if _is_passive(verb):
        return _agent_of(verb)
    subject = subject_of(verb)
    if subject is None:
        span = left_phrase_fallback(verb)
        return _phrase(verb.doc, *span) if span else None
    subject = relative_antecedent(subject)
    if subject.lemma_.lower() in DOCUMENT_NOUNS:
        author = _document_author(subject)
        if author:
            return author
        # "X issued a statement denying …" / "X sent a video message claiming …": X.
        if subject.dep_ == "dobj" and subject_of(subject.head) is not None:
            subject = subject_of(subject.head)
    if subject.lemma_.lower() in REPORT_NOUNS:
        return None
    return _phrase(verb.doc, *trimmed_phrase(_named(subject)))


def _named(head):
    """A title with a name in apposition stands for the name: "its spokesman Ali Maisam Nazary",
    "The leader of the opposition, former Vice President Amrullah Saleh," -> the name."""
    if head.pos_ == "NOUN":
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return child
        # the parser often hangs the name on the title's last noun ("of the opposition, ... Saleh"):
        # a person's name there still names the title's holder
        for owner in (g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"):
            for child in owner.children:
                if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ == "PERSON":
                    return child
    return head


def _document_author(noun):
    """"a tweet from X", "a statement by X" -> X."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            return _object_phrase(prep, ("pobj",))
    return None


def _verb_attribution(verb, certainty: str) -> Attribution:
    claimant = _claimant_of_verb(verb)
    lemma = verb.lemma_.lower()
    subject = subject_of(verb)
    unnamed_report = subject is not None and subject.lemma_.lower() in REPORT_NOUNS
    denial = lemma in DENIAL_LEMMAS
    if (claimant is None and _is_passive(verb) and not denial) or unnamed_report:
        certainty = "hedged" if certainty == "stated" else certainty
    polarity = "denied" if denial else "asserted"
    text, start, end = claimant if claimant else (None, None, None)
    return Attribution(text, start, end, verb.text, _via(verb), certainty, polarity, f"verb:{lemma}", _cited(verb))


def _according_to(token, certainty: str) -> Attribution:
    to = token.doc[token.i + 1]
    claimant = _object_phrase(to, ("pobj",))
    text, start, end = claimant if claimant else (None, None, None)
    return Attribution(text, start, end, "according to", None, certainty, "asserted", "according-to")


def _medium_attribution(sent, certainty: str) -> Optional[Attribution]:
    """"In a tweet, X accused …" with no verb of saying: the main clause's subject speaks."""
    root = sent.root
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "via"):
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in MEDIUM_NOUNS | {"twitter"}]
        subject = subject_of(root)
        if objects and subject is not None:
            text, start, end = _phrase(sent.doc, *trimmed_phrase(subject))
            cue = sent.doc[prep.i: objects[0].i + 1].text
            return Attribution(text, start, end, cue, None, certainty, "asserted", "medium")
    return None


def _quote_attribution(sent, quotes, certainty: str) -> Optional[Attribution]:
    """A sentence whose words lie (mostly) inside a direct quote is the quote's speaker's claim."""
    if not quotes:
        return None
    words = [t for t in sent if not t.is_punct and not t.is_space]
    for quote in quotes:
        inside = [t for t in words if quote.start <= t.idx < quote.end]
        if words and len(inside) * 2 > len(words) and quote.speaker:
            return Attribution(quote.speaker, quote.speaker_start, quote.speaker_end, quote.cue, None,
                               certainty, "asserted", f"quote:{quote.rule}")
    return None


# ---------------------------------------------------------------- pronoun claimants


def _is_pronoun_claimant(attribution: Attribution) -> bool:
    if attribution.claimant is None:
        return False
    words = attribution.claimant.lower().split()
    return (len(words) == 1 and words[0] in PRONOUN_CLAIMANTS) or words[-2:] in (["the", "latter"], ["the", "former"])


def _earlier_sentences(sent, context_sents) -> list:
    """The given context and, before it, the doc's previous sentences (pronouns reach back
    across paragraphs: “…,” he said opens a paragraph of its own)."""
    earlier = [s for s in sent.doc.sents if s.end <= sent.start]
    if context_sents:
        first = min(s.start for s in context_sents)
        earlier = [s for s in earlier if s.end <= first] + list(context_sents)
    return earlier[-COREF_LOOKBACK_SENTENCES:]


def _persons(sent) -> list:
    return [e for e in sent.ents if e.label_ == "PERSON"]


def _compatible(pronoun: str, attribution: Attribution, sent) -> bool:
    """he/she want a person, they a plural or a group."""
    span = sent.doc.char_span(attribution.claimant_start, attribution.claimant_end, alignment_mode="expand")
    if span is None:
        return False
    if pronoun in ("he", "she", "i"):
        if any(e.label_ == "PERSON" for e in span.ents):
            return True
        return span.root.tag_ in ("NN", "NNP") and not any(e.label_ in ("ORG", "GPE", "NORP") for e in span.ents)
    if pronoun in ("they", "we"):
        return span.root.tag_ in ("NNS", "NNPS") or any(e.label_ in ("ORG", "NORP") for e in span.ents)
    # "it": an organisation or a document; a person named as its owner ("Niger's ministry") is no obstacle
    return span.root.ent_type_ != "PERSON"


def _subject_person(sent):
    """The person named as subject of the sentence's main verb ("Muttaki appealed …")."""
    subject = subject_of(sent.root)
    if subject is None:
        return None
    lo, hi = trimmed_phrase(subject)
    return next((e for e in _persons(sent) if e.start < hi and lo < e.end), None)


def _resolve_pronoun(attribution: Attribution, sent, context_sents) -> Attribution:
    """Nearest earlier sentence with a compatible named claimant or (he/she) a person subject;
    "the latter" / "the former": the last / second-last person named."""
    earlier = _earlier_sentences(sent, context_sents)
    words = attribution.claimant.lower().split()
    if words[-1] in ("latter", "former"):
        people = [e for s in earlier for e in _persons(s)]
        pick = -1 if words[-1] == "latter" else -2
        if len(people) >= -pick:
            person = people[pick]
            return _with_claimant(attribution, person.text, person.start_char, person.end_char)
        return attribution
    for previous in reversed(earlier):
        found = _attribute(previous)
        if found.claimant and not _is_pronoun_claimant(found) and _compatible(words[0], found, previous):
            return _with_claimant(attribution, found.claimant, found.claimant_start, found.claimant_end)
        person = _subject_person(previous) if words[0] in ("he", "she") else None
        if person is None and words[0] in ("he", "she") and previous is earlier[-1] and len(_persons(previous)) == 1:
            # "... the pass, where Munib Amiri commands the resistance. He claimed ...": the one person
            # the sentence just before names, subject or not
            person = _persons(previous)[0]
        if person is not None:
            return _with_claimant(attribution, person.text, person.start_char, person.end_char)
    return attribution


def _with_claimant(attribution: Attribution, text: str, start: int, end: int) -> Attribution:
    return Attribution(text, start, end, attribution.cue, attribution.via, attribution.certainty,
                       attribution.polarity, attribution.rule + "+coref", attribution.cited)


# ---------------------------------------------------------------- public API


def _attribute(sent) -> Attribution:
    """Attribution from the sentence alone, pronouns unresolved."""
    certainty = certainty_of(sent)
    # Only the quotes that overlap the sentence can hold its words (testing every quote of a long
    # page against every word was quadratic).
    quotes = [q for q in cached_quotes(sent.doc) if q.start < sent.end_char and q.end > sent.start_char]
    found = _quote_attribution(sent, quotes, certainty)
    if found:
        return found
    candidates = _cue_candidates(sent, quotes)
    if candidates:
        cue = min(candidates, key=lambda t: (_depth(t), t.i))
        if cue.lower_ == "according":
            return _according_to(cue, certainty)
        found = _verb_attribution(cue, certainty)
        return replace(found, polarity="denied") if _calls_a_claim_false(sent) else found
    found = (_medium_attribution(sent, certainty) or _count_attribution(sent, certainty)
             or _toll_giver_attribution(sent, certainty) or _claim_noun_attribution(sent))
    if found:
        return found
    return Attribution(None, None, None, None, None, certainty, "asserted", "none")


# Nouns that hold a claim in their "that" clause: "reports that the valley had fallen".
CLAIM_NOUNS = REPORT_NOUNS | {"claim", "allegation"}
# "called the claims lies", "branded the report baseless propaganda": naming a claim false denies it.
NAMING_LEMMAS = frozenset({"call", "label", "brand", "term"})
FALSE_WORDS = frozenset({"lie", "lies", "false", "baseless", "untrue", "fabrication", "fabricated", "propaganda",
                         "fake", "groundless", "nonsense"})


def _calls_a_claim_false(sent) -> bool:
    for verb in sent:
        if verb.lemma_.lower() not in NAMING_LEMMAS or verb.pos_ != "VERB":
            continue
        parts = list(verb.children)
        names_a_claim = any(c.dep_ == "dobj" and c.lemma_.lower() in CLAIM_NOUNS for c in parts)
        if names_a_claim and any(c.dep_ in ("oprd", "dobj", "xcomp", "acomp")
                                 and (c.lower_ in FALSE_WORDS or c.lemma_.lower() in FALSE_WORDS) for c in parts):
            return True
    return False


def _claim_noun_attribution(sent) -> Optional[Attribution]:
    """"celebrated reports that the valley had fallen": the claim is the reports', not the outlet's
    (hedged); "their claim that ..." is the owner's ("their" resolved like any pronoun claimant)."""
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CLAIM_NOUNS or not _holds_that_clause(noun):
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None and owner.lower_ in PRONOUN_OF_POSSESSIVE:
            text = PRONOUN_OF_POSSESSIVE[owner.lower_]
            return Attribution(text, owner.idx, owner.idx + len(text), noun.text, None, "hedged", "asserted",
                               "claim-noun")
        span = noun.doc[owner.left_edge.i:noun.i + 1] if owner is not None else noun.doc[noun.i:noun.i + 1]
        return Attribution(span.text, span.start_char, span.end_char, noun.text, None, "hedged", "asserted",
                           "claim-noun")
    return None


def _holds_that_clause(noun) -> bool:
    return any(c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that"
                                                           for m in c.children) for c in noun.children)


# "By their count", "by the army's estimate": whose figures the sentence gives.
COUNT_NOUNS = frozenset({"count", "estimate", "estimates", "tally", "reckoning", "figures", "account"})


def _count_attribution(sent, certainty: str) -> Optional[Attribution]:
    """"By their count as many as 30 were killed": the owner of the count is the claimant ("their"
    is resolved like any pronoun claimant)."""
    for prep in (t for t in sent if t.lower_ == "by" and t.dep_ == "prep"):
        noun = next((c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in COUNT_NOUNS), None)
        owner = next((c for c in noun.children if c.dep_ == "poss"), None) if noun is not None else None
        if owner is None:
            continue
        lo, hi = owner.left_edge.i, owner.i + 1
        text, start, end = _phrase(sent.doc, lo, hi)
        text = re.sub(r"['’]s?$", "", text).strip()
        if owner.lower_ in PRONOUN_OF_POSSESSIVE:
            text = PRONOUN_OF_POSSESSIVE[owner.lower_]
        return Attribution(text, start, start + len(text), f"by {noun.text}", None, certainty, "asserted", "by-count")
    return None


# Verbs by which someone states a toll ("gave a toll of 15", "put the number of dead at 85") and the
# nouns of the toll they state.
TOLL_GIVING_LEMMAS = frozenset({"give", "put", "offer", "provide", "publish", "release", "issue"})
TOLL_NOUNS = COUNT_NOUNS | {"toll", "figure", "number", "tallies", "losses"}


def _toll_giver_attribution(sent, certainty: str) -> Optional[Attribution]:
    """"A pro-Taliban account on social media gave a different toll of 15 killed": whoever gives or
    puts the toll is the claimant of its figures, not the outlet."""
    for verb in sent:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in TOLL_GIVING_LEMMAS and any(
                c.dep_ == "dobj" and c.lemma_.lower() in TOLL_NOUNS for c in verb.children):
            found = _verb_attribution(verb, certainty)
            if found.claimant is not None:
                return replace(found, rule=f"toll-giver:{verb.lemma_.lower()}")
    return None


def attribution_of(sent, context_sents=()) -> Attribution:
    """Who the text says makes the claims of `sent` (a spaCy sentence Span), with what certainty
    and polarity. `context_sents`: the preceding sentences of the same paragraph."""
    context_sents = tuple(context_sents)
    found = _attribute(sent)
    if _is_pronoun_claimant(found):
        anchor = _quote_start_sentence(sent, found)
        found = _resolve_pronoun(found, anchor, context_sents if anchor.start == sent.start else ())
    return found


def _quote_start_sentence(sent, attribution: Attribution):
    """All sentences of a quote share its speaker: resolve "he" from where the quote begins."""
    if not attribution.rule.startswith("quote:"):
        return sent
    for quote in cached_quotes(sent.doc):
        if quote.speaker_start == attribution.claimant_start and quote.start <= sent.end_char and sent.start_char < quote.end:
            start = sent.doc.char_span(quote.start, quote.start + 1, alignment_mode="expand")
            return start[0].sent if start is not None else sent
    return sent


# ---------------------------------------------------------------- modality

# Years at least this far before the article's year are background history ("back in 2001" in
# a 2021 article); events of the previous year still count as recent news.
HISTORICAL_MIN_YEARS_BEFORE = 2
# Dependency labels that open a clause of its own: its tense and time words are not the
# trigger's, so the scope of a clause stops there.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "appos", "csubj"})
YEAR_RE = re.compile(r"(?<![\d/])(1[89]\d\d|20\d\d)(?:s\b)?")
DECADE_RE = re.compile(r"(?<!\d)'?(\d0)s\b")
AGO_RE = re.compile(r"\b(decades?|centur(y|ies)|(\w+) years?)\s+ago\b", re.IGNORECASE)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
SINCE_RE = re.compile(r"\b(since|until|till)\s+(the\s+)?(\w+\s+){0,2}?((1[89]|20)\d\d)", re.IGNORECASE)
# Landmark dates named by their short form.
NAMED_YEARS = {"9/11": 2001}


def _clause_head(token):
    """The verb (or predicate) heading the clause the token belongs to."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.dep_ != "ROOT" and current.head.i != current.i:
        current = current.head
    return current


def _own_subject(verb) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _governing_chain(head) -> list:
    """The clause head and the heads above it whose tense and modals it shares: xcomp chains
    ("vowed to continue"), auxiliaries' hosts, and conjuncts without a subject of their own."""
    chain = [head]
    current = head
    while current.head.i != current.i:
        if current.dep_ in CLAUSE_DEPS or (current.dep_ == "conj" and _own_subject(current)):
            break
        current = current.head
        chain.append(current)
    return chain


def _clause_scope(head, trigger) -> list:
    """Tokens of the clause: the head's subtree without nested clauses (and the trigger's own
    modifiers, "the 1996-2001 rule")."""
    scope, stack = [], [head]
    while stack:
        token = stack.pop()
        scope.append(token)
        stack.extend(
            c for c in token.children
            if c.dep_ not in CLAUSE_DEPS and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and _own_subject(c))
        )
    if trigger is not None and trigger.i != head.i:
        scope.extend(t for t in trigger.subtree if t not in scope)
    return scope


def _is_condition_clause(clause) -> bool:
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if marks & CONDITION_MARKS:
        return True
    first = clause.doc[clause.left_edge.i]
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # "Should the Taliban be ready …" / "Had they attacked …": an auxiliary before the subject.
    return first.lower_ in INVERTED_CONDITION_AUX and subject is not None and first.i < subject.i and first.head.i == clause.i


def _whether_reading(clause) -> bool:
    """"unclear if there were casualties", "asked if": the if-clause is a question, no condition."""
    host = clause.head
    words = {host.lemma_.lower()} | {c.lemma_.lower() for c in host.children if c.dep_ in ("acomp", "attr")}
    return bool(words & WHETHER_HOSTS)


def _has_mark(clause, word: str) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == word for c in clause.children)


def _long_conditional(clause) -> bool:
    """"As long as we are alive" and "provided that" conditions."""
    left = clause.doc[max(clause.left_edge.i - 2, 0): clause.left_edge.i + 3].text.lower()
    return "as long as" in left or "provided that" in left or "on condition that" in left


def _intention(chain, head) -> Optional[str]:
    for token in chain + list(head.ancestors):
        lemma = token.lemma_.lower()
        if lemma in PLEDGE_LEMMAS:
            return "pledge"
        # "warned that officers have tortured detainees" reports a fact; a warning about what
        # will happen ("warned they would retaliate", "threatened to strike") is a threat.
        if lemma == "threaten" or (lemma == "warn" and _predicted(chain)):
            return "threat"
        if lemma in CLAIM_LEMMAS:  # "he said they vowed" is handled; beyond a report, stop
            break
    return None


def _conditional(chain) -> bool:
    for token in chain:
        if token.dep_ == "advcl" and not _whether_reading(token) and (
                _is_condition_clause(token) or _long_conditional(token)):
            return True
        if token.dep_ == "ccomp" and _is_condition_clause(token) and not _has_mark(token, "if"):
            return True  # an inverted condition; a ccomp "if" means whether ("unclear if")
        if any(c.dep_ == "advcl" and _is_condition_clause(c) and not _whether_reading(c) for c in token.children):
            return True  # the consequence of a condition: "If they attack, they will face …"
        if any(c.dep_ == "ccomp" and c.i < token.i and _is_condition_clause(c) for c in token.children):
            return True  # "Should they attack, we will …" (the inverted condition parses as ccomp)
    return False


def _negated(chain, trigger) -> bool:
    if trigger is not None and any(c.lower_ in ("no", "never") and c.dep_ in ("det", "neg") for c in trigger.children):
        return True
    head = chain[0]
    if any(c.dep_ == "neg" for c in head.children):
        return True
    # "failed to capture": the attempt did not succeed (a plain "talks failed" is an event).
    return any(t.lemma_ == "fail" and any(c.dep_ == "xcomp" for c in t.children) for t in chain[1:])


def _predicted(chain) -> bool:
    for token in chain:
        lemma = token.lemma_.lower()
        if lemma in FORETELLING_ADJECTIVES:
            return True
        if lemma in PLAN_LEMMAS and any(c.dep_ == "xcomp" for c in token.children):
            return True
        for child in token.children:
            if child.dep_ == "aux" and child.lemma_.lower() in MODAL_LEMMAS:
                return True
            if child.dep_ == "acomp" and (child.lemma_.lower() in FORETELLING_ADJECTIVES or (
                    child.lemma_.lower() in PLAN_LEMMAS and any(c.dep_ == "xcomp" for c in child.children))):
                return True
        if token.lower_ == "going" and any(c.dep_ == "xcomp" for c in token.children):
            return True
    return False


def _years_in(text: str) -> list[int]:
    """The years `text` names, except those that date a thing ("a 1980s-vintage tank")."""
    years = [int(m.group(1)) for m in YEAR_RE.finditer(text) if not ATTRIBUTE_HYPHEN.match(text, m.end())]
    years += [value for name, value in NAMED_YEARS.items() if name in text]
    return years


def _historical(scope, article_year: Optional[int]) -> bool:
    # As written (spacing kept), so that "1970s-vintage" stays one attribute, not "1970s - vintage".
    text = "".join(t.text_with_ws for t in sorted(scope, key=lambda t: t.i))
    text = SINCE_RE.sub(" ", text)  # "for the first time since 2012" dates a comparison, not the event
    if _defunct_actor_or_era(scope) or re.search(r"\bback in\b", text, re.IGNORECASE):
        return True
    if DECADE_RE.search(text) and not YEAR_RE.search(text):
        return True  # "in the '80s": decades are named for the past
    for match in AGO_RE.finditer(text):
        amount = (match.group(3) or "").lower()
        if match.group(1).lower().startswith(("decade", "centur")) or NUMBER_WORDS.get(amount, 0) >= 2 \
                or (amount.isdigit() and int(amount) >= HISTORICAL_MIN_YEARS_BEFORE):
            return True
    years = _years_in(text)
    reference = article_year if article_year is not None else _latest_year(scope)
    return bool(years) and reference is not None and max(years) <= reference - HISTORICAL_MIN_YEARS_BEFORE


# A hyphen joining a year or a defunct state to a word makes it the attribute of a thing.
ATTRIBUTE_HYPHEN = re.compile(r"[-–][A-Za-z]")  # attached: "1996 – the year" is a dash, not a hyphen
# Nouns a defunct state's name dates the event by: its time, its rule, its war.
ERA_NOUNS = frozenset("era times period days rule occupation invasion war union regime empire".split())


def _defunct_actor_or_era(scope) -> bool:
    """"The Soviets withdrew", "Soviet troops", "during the Soviet occupation": a state that no
    longer exists acts, or names the era, so the event is history. "Shelled with Soviet-era
    artillery", "Soviet-made rockets": the name dates the weapon, not the event."""
    from eventfold.extract.roles import ARMED_FORCES

    for token in scope:
        if not DEFUNCT_ACTORS.fullmatch(token.text):
            continue
        if ATTRIBUTE_HYPHEN.match(doc_text(token.doc), token.idx + len(token.text)):
            continue
        if token.dep_ not in ("amod", "compound", "npadvmod"):
            return True  # the state itself acts or is spoken of: "the Soviets", "the USSR"
        if token.head.lemma_.lower() in ERA_NOUNS | ARMED_FORCES:
            return True
    return False


def _latest_year(scope) -> Optional[int]:
    """Without an article date, the latest year the article mentions stands in for it."""
    if not scope:
        return None
    years = _years_in(doc_text(scope[0].doc))
    return max(years) if years else None


def _reported_content(root):
    """Below a verb of saying (the root or a conjunct of it), the reported clause is what may be
    an event."""
    for verb in [root] + [c for c in root.children if c.dep_ == "conj"]:
        lemma = verb.lemma_.lower()
        if lemma in CLAIM_LEMMAS and lemma not in PLEDGE_LEMMAS | THREAT_LEMMAS:
            for child in verb.children:
                if child.dep_ in ("ccomp", "xcomp"):
                    return child
    return root


def modality_of(sent, trigger=None, *, article_year: Optional[int] = None) -> str:
    """actual / historical / threat / pledge / conditional / prediction / negated / question.

    Judged on the clause of `trigger` (a token: the event verb or noun), or, without one, on the
    sentence's main clause — the reported clause when the main verb is one of saying. The first
    that applies wins: a question mark; a verb of intention above the clause (vow/pledge/promise
    -> pledge, threaten/warn -> threat); a condition (if/unless/as long as/inverted "should they",
    either the if-clause itself or its consequence); negation (not/never/no, failed to); a time
    in the clause well before the article (`article_year`, else the latest year the article
    names: HISTORICAL_MIN_YEARS_BEFORE), a decade, "N years/decades ago", "back in", the Soviet
    Union; a modal or future ("will", "could", "going to") or a verb of plans or expectation
    (plan/expect/prepare to, "unavoidable").
    """
    head = _clause_head(trigger) if trigger is not None else _reported_content(sent.root)
    chain = _governing_chain(head)
    scope = _clause_scope(head, trigger)
    clause_text = sent.doc[min(t.i for t in scope): max(t.i for t in scope) + 1].text
    if clause_text.rstrip("”’\"' ").endswith("?") or (trigger is None and sent.text.rstrip("”’\"' ").endswith("?")):
        return "question"
    intention = _intention(chain, head)
    if intention:
        return intention
    if _conditional(chain):
        return "conditional"
    if _negated(chain, trigger):
        return "negated"
    if _historical(scope, article_year):
        return "historical"
    if _predicted(chain):
        return "prediction"
    return "actual"
