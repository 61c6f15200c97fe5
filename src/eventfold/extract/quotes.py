"""Direct quotations in news text and who speaks them.

`find_quotes(doc)` pairs quotation marks paragraph by paragraph (curly “…”, straight "…", and
British single ‘…’ whose closing ’ is not an apostrophe inside a word; a paragraph is a line,
or several when a sentence wraps; a quote left open runs on only when the next paragraph
reopens one, the news convention for long quotes), then finds the speaker
of each quote with the spaCy parse, in this order (the first that succeeds names `rule`):

1. `linked:<side>`: a verb of saying outside the quote, in a sentence the quote touches, that is
   syntactically tied to it (the quote sits in the verb's complement, or the verb hangs off the
   quote as in a split quote “…,” he said, “…”). `<side>` says where the verb stands: `after`
   (“…,” said X / X said / he added), `before` (X said: “…” / X told Reuters: …) or `embedded`
   (He wrote that he is “ready to …”). The speaker is the verb's subject; a participle without
   one ("…, adding: “…”") takes the subject of the verb it hangs from.
   "The tweet read" (a document noun as subject of read/say) yields the document's author when
   a nearby sentence names it ("a tweet from X" -> X), else the document ("the tweet").
2. `after` / `before`: read off the text when the parse does not tie the verb to the quote: a
   verb of saying in the same sentence right after the closing mark (“…!” he said; “…,” the
   tweet read; after a comma, past a long apposition), or before an opening mark that follows a
   colon or comma (X said: “…”).
3. `continued`: a quote with no attribution of its own continues the previous attributed quote
   of the same paragraph (“…,” he said. “…”).
4. `unattributed`: speaker None.

Short quotes — one to three words inside a sentence (scare quotes, titles, names such as the
“legitimate caretaker president”) — are kept only when a verb of saying governs them (rule
`phrase`: he declared himself “…”); otherwise they are not quotations and are dropped.

`resolve_speaker` maps a speaker as written to an entity id from the caller's person mentions:
"he"/"she" to the subject of the previous speech act when it is a known person (else the latest
person named before the quote, outside quotations); "the ambassador" / "the spokesperson" to the
nearest earlier person sharing a noun phrase with that title ("ambassador Zahir Aghbar",
"Fraidoon Khwazoon, a spokesperson for Abdullah" — not Abdullah); "Saleh" to the mention itself
or an earlier one with that surname. "they"/"it" are groups or organisations: None.
"""

from __future__ import annotations

import functools
import re
import weakref
from dataclasses import dataclass, replace
from typing import Optional

from eventfold.annotate.doctext import doc_text, tokens_starting_in
from eventfold.extract.lexicon import DISTANCE_UNITS

# Verbs (lemmas) that introduce speech or a claim. Shared with the attribution module.
SPEECH_LEMMAS = frozenset({
    "say", "tell", "claim", "tweet", "twit", "post", "report", "announce", "confirm", "deny",
    "reject", "dismiss", "refute", "assert", "insist", "state", "add", "write", "allege",
    "acknowledge", "admit", "declare", "suggest", "warn", "accuse", "explain", "note",
    "highlight", "disclose", "reveal", "promise", "vow", "pledge", "threaten", "quote",
    "argue", "stress", "emphasize", "emphasise", "reply", "respond", "ask", "urge", "appeal",
    "predict", "maintain", "contend", "boast", "read", "recount", "describe", "shout", "chant",
    "remark", "comment", "continue", "conclude",
})
# Verbs of saying that only count next to a direct quote (too common otherwise).
QUOTE_ONLY_LEMMAS = frozenset({
    "read", "continue", "conclude", "describe", "ask", "appeal", "chant", "shout", "reply", "respond",
})
# Nouns whose text is quoted as if it spoke ("the tweet read", "the statement said").
DOCUMENT_NOUNS = frozenset({
    "tweet", "post", "statement", "message", "letter", "communique", "communiqué", "note",
    "video", "report", "release", "leaflet", "notice", "caption", "banner", "sign",
})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it"})
# Pronouns that can stand for one person (the mentions resolve_speaker chooses from).
PERSON_PRONOUNS = frozenset({"he", "she", "i"})

# A quote of at most this many words inside a sentence is a phrase (scare quote, title, name).
MAX_PHRASE_WORDS = 3
# How far (in tokens) a verb of saying may stand from the quote mark it attributes, e.g.
# `,” said Elena Varga` (1) or `said on Saturday in a statement: “` (6). Measured on the headline
# corpus's feed descriptions (shared/corpus/*-rss), quotes of 4+ words: a verb of saying lies
# within 8 tokens after 137 of the 152 it follows (90%) and before 97 of the 132 it precedes;
# the longer gaps read by eye are a verb governing a paraphrase that only embeds a quoted phrase
# ("said that the attack was carried out by a “one-way drone”"), not an attribution.
MAX_VERB_GAP_TOKENS = 8
# When the quote does not end in a comma (`…!” he said`, `….” Varga said.`), the verb of saying
# must come within this many tokens — further on, a new sentence of reported speech has begun.
MAX_BARE_ATTRIBUTION_TOKENS = 5
# After a quote ending in a comma the attribution must follow in the same sentence, possibly past a
# long apposition (`…,” the commander, who left the city when it fell in May, told reporters`): look
# this far. Whole sentences of the headline corpus's feed descriptions run 25 tokens at the median
# and at most 40 for 85% of them, so the rest of the quote's sentence lies within reach.
MAX_AFTER_COMMA_TOKENS = 40
# How many sentences back a title ("the ambassador") or a document's author is looked for.
LOOKBACK_SENTENCES = 6

# A blank line separates paragraphs or a page's furniture from the story; single line breaks
# also occur inside sentences of copied text, so they do not split a phrase.
BLANK_LINE = re.compile(r"\n\s*\n")
OPEN_MARKS = {"“": "”", '"': '"', "‘": "’", "«": "»"}
MARK_RE = re.compile(r"[“”\"‘’«»]")
SENTENCE_END = frozenset({".", "!", "?"})


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    end: int
    text: str  # the quoted words, without the quote marks
    speaker: Optional[str]  # as written: "he", "Saleh", "the ambassador"
    speaker_start: Optional[int]
    speaker_end: Optional[int]
    rule: str
    cue: Optional[str] = None  # the verb of saying that attributes the quote, as written


# ---------------------------------------------------------------- pairing quote marks


def _is_apostrophe(text: str, i: int) -> bool:
    """A ’ between two letters (don’t, Taliban’s) or after an s before a space is an apostrophe."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and after.isalnum()


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and after.isalnum()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs: lines, except that a line wrapped inside a sentence (no
    final punctuation, next line starting in lower case) runs on into the next."""
    spans: list[list[int]] = []
    start = 0
    for match in list(re.finditer(r"\n", text)) + [None]:
        end = match.start() if match else len(text)
        line = text[start:end]
        if line.strip():
            wrapped = spans and not re.search(r"[.!?:”\"’)\]]\s*$", text[spans[-1][0]:spans[-1][1]]) \
                and line.lstrip()[:1].islower() and not BLANK_LINE.search(text[spans[-1][1]:start + 1])
            if wrapped:
                spans[-1][1] = end
            else:
                spans.append([start, end])
        start = end + 1
    return [(s, e) for s, e in spans]


@functools.lru_cache(maxsize=4)
def _paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`_paragraphs(text)` once per text: every quote asks for its paragraph (quadratic on long pages)."""
    return tuple(_paragraphs(text))


def _pair_marks(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], Optional[int]]:
    """(open-mark, close-mark) offsets of the quotes of one paragraph, and an unclosed opening."""
    pairs: list[tuple[int, int]] = []
    open_at: Optional[int] = None
    for match in MARK_RE.finditer(text, start, end):
        i, mark = match.start(), match.group()
        if open_at is None:
            if mark == "‘" and not _opens_single(text, i):
                continue
            if mark in OPEN_MARKS and mark != "’":
                open_at = i
            continue
        opener = text[open_at]
        if mark == OPEN_MARKS[opener] and not (mark == "’" and _is_apostrophe(text, i)):
            pairs.append((open_at, i))
            open_at = None
        elif mark == opener and mark != '"' and opener != "‘":
            open_at = i  # an unclosed quote reopened: news style for a quote running on
    return pairs, open_at


def _quote_mark_pairs(text: str) -> list[tuple[int, int, str]]:
    """All (open, close, rule-suffix) pairs; a quote left open at a paragraph end is kept only when
    the next paragraph reopens a quote (the convention for quotes running over paragraphs)."""
    found = []
    paragraphs = _paragraphs(text)
    for index, (start, end) in enumerate(paragraphs):
        pairs, open_at = _pair_marks(text, start, end)
        found.extend((o, c, "") for o, c in pairs)
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if open_at is not None and following and text[following[0]] in OPEN_MARKS:
            found.append((open_at, end, "+runs-on"))
    return found


def _inner_span(text: str, open_at: int, close_at: int) -> tuple[int, int]:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---------------------------------------------------------------- noun phrases and subjects


# Dependents that are not part of a name as written: appositions, relative and reduced
# clauses, parentheses, coordinated second names.
NON_NAME_DEPS = frozenset({"appos", "relcl", "acl", "advcl", "punct", "cc", "conj", "parataxis"})


# Punctuation that ends a name; hyphens and apostrophes belong to it ("Al-Arabiya").
NAME_BREAKING_PUNCT = frozenset(",;:()[]—–\"“”")


def _name_tokens(token, root: bool = True):
    yield token
    for child in token.children:
        if child.dep_ == "punct" and child.text not in NAME_BREAKING_PUNCT:
            yield child
            continue
        if child.dep_ in NON_NAME_DEPS or (root and child.dep_ in ("advmod", "prep") and child.i < token.i):
            continue
        yield from _name_tokens(child, root=False)


def trimmed_phrase(head):
    """(start_token, end_token) of the noun phrase headed by `head`, without appositions,
    relative clauses or parentheticals, and never across a blank line:
    "Abdul Rahman, 53, a former commander, who…" -> Abdul Rahman."""
    keep = {t.i for t in _name_tokens(head)}
    doc, text = head.doc, doc_text(head.doc)
    lo = hi = head.i
    while lo - 1 in keep and not BLANK_LINE.search(text[doc[lo - 1].idx: doc[lo].idx]):
        lo -= 1
    while hi + 1 in keep and not BLANK_LINE.search(text[doc[hi].idx: doc[hi + 1].idx]):
        hi += 1
    while lo < head.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > head.i and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return lo, hi + 1


def trimmed_text(head) -> str:
    """The words of `trimmed_phrase`: "Abdul Rahman, 53, a former commander, who…" -> "Abdul Rahman"."""
    first, end = trimmed_phrase(head)
    return head.doc[first:end].text


def relative_antecedent(token):
    """The noun a relative pronoun stands for: "Saleh, who claims…" -> Saleh."""
    if token.lower_ in ("who", "which", "that") and token.head.dep_ in ("relcl", "acl"):
        return token.head.head
    return token


def subject_of(verb):
    """The subject of a verb of saying; participles and passives borrow it from their head."""
    speaker = _speaker_just_before(verb)
    if speaker is not None:
        return speaker
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj") and child.lemma_.lower() not in DISTANCE_UNITS:
                subject = relative_antecedent(child)  # not "some 120 kilometers (...) north of Kabul"
                # A subject beyond a blank line is a misparse (a headline run into the text).
                between = doc_text(verb.doc)[min(subject.idx, verb.idx): max(subject.idx, verb.idx)]
                return None if BLANK_LINE.search(between) else subject
        if current.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp") and current.head.i != current.i:
            # "a statement denying …" / "X, who …, promised" (parsed as a reduced relative): the noun.
            if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return current.head
            current = current.head
            continue
        break
    return None


def _speaker_just_before(verb):
    """"... rose to 52, including five children, the governor of the region, Pavlo Kyrylenko, said on
    Saturday": the parser made the verb of saying a conjunct of the toll's verb (or a root with no
    subject) and hung the speaker on the last noun; the name between commas right before the verb is
    who spoke."""
    if verb.dep_ not in ("conj", "ROOT") or any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return None
    doc = verb.doc
    i = verb.i - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i < 1 or doc[i].pos_ not in ("PROPN", "NOUN") or doc[i].dep_ not in ("appos", "conj"):
        return None
    return doc[i]


def left_phrase_fallback(verb):
    """When the parser gives a verb no subject ("The latter twitted"), take the run of
    determiners, adjectives, nouns and pronouns right before it."""
    doc, i = verb.doc, verb.i
    lo = i
    while lo > verb.sent.start and doc[lo - 1].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PRON") and not doc[lo - 1].is_punct:
        lo -= 1
    return (lo, i) if lo < i else None


# ---------------------------------------------------------------- speaker of one quote


def _tokens_between(doc, start_char: int, end_char: int):
    return tokens_starting_in(doc, start_char, end_char)


def _quote_tokens(doc, open_at: int, close_at: int):
    return _tokens_between(doc, open_at + 1, close_at)


def _inside_any(token, mark_pairs) -> bool:
    return any(o <= token.idx <= c for o, c, _ in mark_pairs)


def _is_linked(verb, quote_ids: set[int]) -> bool:
    if any(a.i in quote_ids for a in verb.ancestors):
        return True
    return any(any(a.i == verb.i for a in verb.doc[i].ancestors) for i in quote_ids)


def _governs(verb, quote_ids: set[int]) -> bool:
    """The quote lies in the verb's complement, not in its subject."""
    subject = subject_of(verb)
    subject_ids = {t.i for t in subject.subtree} if subject is not None and subject.head.i == verb.i else set()
    return any(any(a.i == verb.i for a in verb.doc[i].ancestors) and i not in subject_ids for i in quote_ids)


def _speech_verbs_near(doc, open_at: int, close_at: int, mark_pairs):
    """Verbs of saying outside quotes in the sentences the quote touches."""
    first = doc.char_span(open_at, open_at + 1, alignment_mode="expand")
    last = doc.char_span(close_at, close_at + 1, alignment_mode="expand")
    if first is None or last is None:
        return []
    lo, hi = first[0].sent.start, last[-1].sent.end
    para_start, para_end = _paragraph_of(doc_text(doc), open_at)
    return [
        t for t in doc[lo:hi]
        if t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ in ("VERB", "AUX") and not _inside_any(t, mark_pairs)
        and para_start <= t.idx < para_end
    ]


def _paragraph_of(text: str, position: int) -> tuple[int, int]:
    for start, end in _paragraph_spans(text):
        if start <= position <= end:
            return start, end
    return position, position


def _side(doc, verb, open_at: int, close_at: int) -> str:
    """Where a linked verb stands: after the quote, right before it, or further back (embedded)."""
    if verb.idx > close_at:
        return "after"
    between = _tokens_between(doc, verb.idx + len(verb.text), open_at)
    if len(between) > MAX_VERB_GAP_TOKENS or any(t.text in SENTENCE_END for t in between):
        return "embedded"
    return "before"


def _document_author(doc, noun, lookback: int = LOOKBACK_SENTENCES):
    """'a tweet from a pro-Taliban account … the tweet read' -> the account."""
    sentences = [s for s in doc.sents if s.end <= noun.i + 1]
    for sent in reversed(sentences[-lookback:]):
        for token in sent:
            if token.lemma_.lower() != noun.lemma_.lower() or token.i == noun.i:
                continue
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
                    objects = [c for c in prep.children if c.dep_ == "pobj"]
                    if objects:
                        return trimmed_phrase(objects[0])
    return None


def _speaker_of_verb(verb):
    """(start_token, end_token, rule-suffix) of who speaks through this verb."""
    subject = subject_of(verb)
    suffix = ""
    if subject is None:
        span = left_phrase_fallback(verb)
        if span is None:
            return None
        subject, suffix = verb.doc[span[1] - 1], ":left-phrase"
    if subject.lemma_.lower() in DOCUMENT_NOUNS:
        author = _document_author(verb.doc, subject)
        if author:
            return author[0], author[1], ":document-author"
        lo, hi = trimmed_phrase(subject)
        return lo, hi, ":document"
    if suffix:
        return span[0], span[1], suffix
    lo, hi = trimmed_phrase(subject)
    return lo, hi, ""


def _attribute(doc, open_at: int, close_at: int, mark_pairs, phrase: bool):
    """(speaker token span, rule, cue) for one quote, or None."""
    quote_ids = {t.i for t in _quote_tokens(doc, open_at, close_at)}
    candidates = []
    for verb in _speech_verbs_near(doc, open_at, close_at, mark_pairs):
        if not _is_linked(verb, quote_ids):
            continue
        if phrase and (verb.i > min(quote_ids) or not _governs(verb, quote_ids)):
            continue
        side = _side(doc, verb, open_at, close_at)
        distance = verb.idx - close_at if verb.idx > close_at else open_at - verb.idx
        candidates.append((distance, side, verb))
    for _, side, verb in sorted(candidates, key=lambda c: c[0]):
        speaker = _speaker_of_verb(verb)
        if speaker:
            lo, hi, suffix = speaker
            return (lo, hi), ("phrase" if phrase else f"linked:{side}{suffix}"), verb.text
    return None


def _window_after(doc, close_at: int, mark_pairs, limit: int):
    """Tokens after a closing mark, up to the sentence end, the next quote or the paragraph end."""
    para_end = _paragraph_of(doc_text(doc), close_at)[1]
    window = []
    for token in tokens_starting_in(doc, close_at + 1, len(doc_text(doc)) + 1):
        if token.idx >= para_end or token.text in SENTENCE_END or _inside_any(token, mark_pairs) or len(window) >= limit:
            break
        window.append(token)
    return window


def _window_before(doc, open_at: int, mark_pairs):
    """Tokens between the previous sentence end (or quote, or paragraph start) and an opening mark."""
    para_start = _paragraph_of(doc_text(doc), open_at)[0]
    window = []
    for token in reversed(tokens_starting_in(doc, para_start, open_at)):
        if token.text in SENTENCE_END or _inside_any(token, mark_pairs):
            break
        window.insert(0, token)
    return window


def _verb_like(token) -> bool:
    """A verb, or a word the tagger took for a noun after a document noun ("the tweet read")."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.i > 0 and token.doc[token.i - 1].lemma_.lower() in DOCUMENT_NOUNS


def _positional(doc, open_at: int, close_at: int, mark_pairs):
    """Attribution read off the text around the marks when the parse does not tie the verb to the
    quote: `…,” X, who …, promised` / `…!” he said` / `the tweet read` / `X said: “…”`."""
    inner_end = doc_text(doc)[:close_at].rstrip()[-1:]
    if inner_end in (",", "!", "?", "—", ".", ""):
        limit = MAX_AFTER_COMMA_TOKENS if inner_end == "," else MAX_BARE_ATTRIBUTION_TOKENS
        for token in _window_after(doc, close_at, mark_pairs, limit):
            if token.lemma_.lower() in SPEECH_LEMMAS and _verb_like(token):
                speaker = _speaker_of_verb(token)
                if speaker and (doc[speaker[0]].idx > close_at or speaker[2] == ":document-author"):
                    return (speaker[0], speaker[1]), "after" + speaker[2], token.text
    if doc_text(doc)[:open_at].rstrip()[-1:] in (":", ","):
        for token in reversed(_window_before(doc, open_at, mark_pairs)):
            if token.lemma_.lower() in SPEECH_LEMMAS and token.pos_ in ("VERB", "AUX"):
                speaker = _speaker_of_verb(token)
                if speaker:
                    return (speaker[0], speaker[1]), "before" + speaker[2], token.text
    return None


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:[’'-]\w+)*", text))


def _is_phrase(inner: str) -> bool:
    """A short quote that does not stand as an utterance of its own."""
    return _word_count(inner) <= MAX_PHRASE_WORDS and inner[-1:] not in ("!", "?", ".", ",")


# ---------------------------------------------------------------- public API


def _quote_for(doc, open_at: int, close_at: int, mark_pairs, previous: Optional[QuoteSpan]):
    """The QuoteSpan of one pair of marks (None for an unattributed short phrase).
    `previous`: the last attributed full quote of the same paragraph."""
    text = doc_text(doc)
    start, end = _inner_span(text, open_at, close_at)
    inner = text[start:end]
    phrase = _is_phrase(inner)
    found = _attribute(doc, open_at, close_at, mark_pairs, phrase)
    if found is None and not phrase:
        found = _positional(doc, open_at, close_at, mark_pairs)
    if found is not None:
        (lo, hi), rule, cue = found
        speaker = doc[lo:hi]
        return QuoteSpan(start, end, inner, speaker.text, speaker.start_char, speaker.end_char, rule, cue)
    if phrase:
        return None
    if previous is not None:
        return QuoteSpan(start, end, inner, previous.speaker, previous.speaker_start, previous.speaker_end,
                         "continued", previous.cue)
    return QuoteSpan(start, end, inner, None, None, None, "unattributed")


def find_quotes(doc) -> list[QuoteSpan]:
    """Direct quotations of a spaCy Doc, with their speakers as written."""
    text = doc_text(doc)
    mark_pairs = _quote_mark_pairs(text)
    quotes: list[QuoteSpan] = []
    last_by_paragraph: dict[int, QuoteSpan] = {}
    for open_at, close_at, suffix in mark_pairs:
        if not text[open_at + 1:close_at].strip():
            continue
        paragraph = _paragraph_of(text, open_at)[0]
        quote = _quote_for(doc, open_at, close_at, mark_pairs, last_by_paragraph.get(paragraph))
        if quote is None:
            continue
        quotes.append(replace(quote, rule=quote.rule + suffix))
        if quote.rule != "phrase" and quote.speaker is not None:
            last_by_paragraph[paragraph] = quote
    return quotes


TITLE_GROUPS = (
    frozenset({"ambassador", "envoy", "diplomat"}),
    frozenset({"spokesperson", "spokesman", "spokeswoman"}),
)


def _title_words(word: str) -> frozenset[str]:
    for group in TITLE_GROUPS:
        if word in group:
            return group
    return frozenset({word, word + "s"})


def _mention_before(person_mentions, position: int):
    return sorted((m for m in person_mentions if m[1] <= position), key=lambda m: m[1], reverse=True)


def _overlapping(person_mentions, start: int, end: int):
    return next((m for m in person_mentions if m[0] < end and start < m[1]), None)


def _previous_speech_subject(doc, before: int, person_mentions):
    """The person who is subject of the closest earlier verb of saying: the speaker of the
    previous quote or report is the likeliest "he" of the next one — unless a nearer sentence
    makes another person its subject ("X published an op-ed. He wrote ..."): the topic moved."""
    sentences = [s for s in doc.sents if s.start_char < before]
    for sent in reversed(sentences[-LOOKBACK_SENTENCES:]):
        verbs = [t for t in sent if t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ in ("VERB", "AUX") and t.idx < before]
        for verb in reversed(verbs) if verbs else [sent.root]:
            found = _person_subject(doc, verb, before, person_mentions)
            if found:
                return found
    return None


def _person_subject(doc, verb, before: int, person_mentions):
    subject = subject_of(verb)
    if subject is None or subject.lower_ in PRONOUNS:
        return None
    for head in [subject] + [c for c in subject.children if c.dep_ == "appos"]:
        lo, hi = trimmed_phrase(head)
        phrase = doc[lo:hi]
        found = _mention_of_phrase(doc, phrase.start_char, phrase.end_char, phrase.text, before, person_mentions)
        if found:
            return found
    return None


def _mention_of_phrase(doc, start: int, end: int, text: str, before: int, person_mentions):
    """The person mention a written name stands for: the mention itself, an earlier mention
    with the same surname ("Saleh" -> "Amrullah Saleh"), or for a title ("the ambassador") the
    nearest earlier person introduced with it."""
    found = _overlapping(person_mentions, start, end)
    if found:
        return found
    words = text.lower().split()
    if not words or words[0] in PRONOUNS:
        return None
    if words[0] in ("the", "this", "that", "its", "his", "her", "their") and len(words) <= 3:
        return _titled_mention(doc, words[-1], before, person_mentions)
    for mention in _mention_before(person_mentions, before):
        if doc_text(doc)[mention[0]:mention[1]].lower().split()[-1:] == words[-1:]:
            return mention
    return None


def _noun_path(upper, lower) -> bool:
    """`lower` hangs from `upper` through nouns only (one noun phrase, no clause between)."""
    for ancestor in lower.ancestors:
        if ancestor.i == upper.i:
            return True
        if ancestor.pos_ in ("VERB", "AUX", "ADP"):
            return False  # another clause, or a complement ("a spokesperson for Abdullah")
    return False


def _introduced_with(doc, mention, words: frozenset[str]) -> bool:
    """The mention shares a noun phrase with the title: "ambassador Zahir Aghbar",
    "Fraidoon Khwazoon, a spokesperson for Abdullah", "The ambassador, Zahir Nadim,"."""
    span = doc.char_span(mention[0], mention[1], alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    for token in span.sent:
        if token.lower_ not in words:
            continue
        if token.i in range(span.start, span.end) or _noun_path(root, token) or _noun_path(token, root):
            return True
    return False


def _titled_mention(doc, title: str, before: int, person_mentions):
    words = _title_words(title)
    for mention in _mention_before(person_mentions, before):
        if _introduced_with(doc, mention, words):
            return mention
    return None


# find_quotes results per live Doc. Kept outside doc.user_data so that Docs stay serialisable
# (DocBin cannot store arbitrary objects); entries vanish with their Doc.
_QUOTE_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def cached_quotes(doc) -> list[QuoteSpan]:
    """find_quotes(doc), computed once per Doc (attribution asks for every sentence)."""
    if doc not in _QUOTE_CACHE:
        _QUOTE_CACHE[doc] = find_quotes(doc)
    return _QUOTE_CACHE[doc]


def resolve_speaker(quote: QuoteSpan, doc, person_mentions: list[tuple[int, int, str]]) -> Optional[str]:
    """The entity id of the quote's speaker, from (start, end, entity_id) person mentions.

    A name or title is matched by `_mention_of_phrase`; a pronoun goes to the subject of the
    previous speech act when that is a known person, else to the latest person mentioned
    before the quote outside any quotation."""
    if quote.speaker is None or quote.speaker_start is None:
        return None
    anchor = min(quote.start, quote.speaker_start)
    words = quote.speaker.lower().split()
    if not (len(words) == 1 and words[0] in PRONOUNS):
        found = _mention_of_phrase(doc, quote.speaker_start, quote.speaker_end, quote.speaker, anchor, person_mentions)
        return found[2] if found else None
    if words[0] not in PERSON_PRONOUNS:
        return None  # "they said", "it said": a group or an organisation, not one person
    found = _previous_speech_subject(doc, anchor, person_mentions)
    if found is None:
        quoted = cached_quotes(doc)
        outside = [m for m in person_mentions if not any(q.start <= m[0] < q.end for q in quoted)]
        earlier = _mention_before(outside, anchor)
        found = earlier[0] if earlier else None
    return found[2] if found else None
