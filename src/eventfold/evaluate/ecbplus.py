"""Evaluate document fusion on ECB+ (a folder like shared/eval/fusion-ecbplus): look-alikes kept apart.

Each topic folder under `ECB+/` holds news documents about two different real events of the same
kind (two earthquakes, two celebrity rehab stays): the `<n>ecb.xml` files tell one, the
`<n>ecbplus.xml` files the other. Documents are stored as tokens (`<token t_id sentence number>`),
so each is rebuilt into text (one line per sentence, spacing restored around punctuation, a
tokenised URL line glued back), read by the project's ingest as a text dump (which picks up the
headline and a stamp line when present), annotated and extracted. All documents are clustered
together by `cluster_documents` (as a real corpus would be: word and name rarities come from
all topics, so the names that tell a topic's two events apart keep their weight), and the
clusters are then cut along topic lines, so the score measures telling look-alikes apart
within a topic.

Score: B³ precision/recall/F1 of the documents' clusters against their sub-topic, over all
documents of all topics (`b3_f1`). `--limit N` keeps the first N topics (in numeric order).

Usage: python -m eventfold.evaluate.ecbplus DIR [--limit N]
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path
from typing import Optional

from eventfold.evaluate.gva import clustering_scores
from eventfold.fuse import FusionItem, cluster_documents, item_from_article

FILE_RE = re.compile(r"^(?P<topic>\d+)_(?P<number>\d+)(?P<half>ecb|ecbplus)\.xml$")
# Tokens written without a space before them / after them when the text is rebuilt.
NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|'s|'S|n't|'re|'ve|'ll|'d|'m|'')$")
NO_SPACE_AFTER = re.compile(r"^(?:[(\[{$]|``)$")


def evaluate(data: Path, limit: Optional[int] = None) -> dict:
    from eventfold.annotate import Annotator

    topics = read_topics(Path(data), limit)
    annotator = Annotator()
    gold, topic_of, items = {}, {}, []
    for topic, documents in topics.items():
        items.extend(topic_items(documents, annotator))
        gold.update({doc_id: f"{topic}/{half}" for doc_id, _, half in documents})
        topic_of.update({doc_id: topic for doc_id, _, _ in documents})
    predicted = within_topics(cluster_documents(items), topic_of)
    figures = {"task": "ecbplus", "n": len(gold), "topics": len(topics), "documents": len(gold), "clusters": len(predicted)}
    figures.update({k: v for k, v in clustering_scores(predicted, gold).items() if k.startswith("b3")})
    return figures


def within_topics(clusters: list[list[str]], topic_of: dict[str, str]) -> list[list[str]]:
    """Clusters cut along topic lines: the score is about telling look-alikes apart within a topic."""
    cut = []
    for cluster in clusters:
        parts: dict[str, list[str]] = defaultdict(list)
        for doc_id in cluster:
            parts[topic_of[doc_id]].append(doc_id)
        cut.extend(parts.values())
    return cut


def read_topics(data: Path, limit: Optional[int] = None) -> dict[str, list[tuple[str, str, str]]]:
    """topic -> [(document id, rebuilt text, sub-topic half)], topics in numeric order."""
    topics: dict[str, list] = defaultdict(list)
    root = data / "ECB+"
    for path in sorted(root.glob("*/*.xml")):
        match = FILE_RE.match(path.name)
        if match:
            topics[match["topic"]].append((path.stem, rebuild_text(path), match["half"]))
    ordered = sorted(topics, key=int)[:limit] if limit is not None else sorted(topics, key=int)
    return {topic: topics[topic] for topic in ordered}


def rebuild_text(path: Path) -> str:
    """The document's sentences, one per line, with ordinary spacing."""
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ElementTree.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", 0))].append(token.text or "")
    return "\n".join(_join(sentences[n]) for n in sorted(sentences))


def _join(tokens: list[str]) -> str:
    if tokens and tokens[0].lower().startswith("http"):
        return "".join(tokens)  # a URL split into tokens
    text = ""
    for token in tokens:
        glue = not text or NO_SPACE_BEFORE.match(token) or NO_SPACE_AFTER.match(text.split(" ")[-1])
        text += token if glue else " " + token
    return text.replace("``", '"').replace("''", '"')


def topic_items(documents: list[tuple[str, str, str]], annotator) -> list[FusionItem]:
    """One topic's documents through ingest, annotation and extraction, as fusion items."""
    from eventfold.extract.events import extract_events
    from eventfold.ingest import IngestOptions, parse_document
    from eventfold.ingest.readers import RawDocument

    articles = {doc_id: parse_document(RawDocument(path=doc_id, format="text", content=text), IngestOptions())
                for doc_id, text, _ in documents}
    parsed = [a for a in articles.values() if hasattr(a, "text")]
    docs = annotator.parse(parsed)
    annotated = {a.article_id: n for a, n in zip(parsed, annotator.annotate(parsed, docs))}
    items = []
    for doc_id, text, _ in documents:
        article = articles[doc_id]
        if not hasattr(article, "text"):  # too short to be a story: compare its words only
            items.append(FusionItem(item_id=doc_id, text=text))
            continue
        annotations = annotated[article.article_id]
        try:
            reports = extract_events(article, annotations, docs[article.article_id], actors=annotator.actors).reports
        except Exception:  # an extraction failure leaves the text and names to compare
            reports = []
        item = item_from_article(article, annotations, reports)
        item.item_id = doc_id
        items.append(item)
    return items


if __name__ == "__main__":
    from eventfold.evaluate import command_line

    command_line(evaluate, __doc__.splitlines()[0])
