"""The brief as Markdown: the same sections and wording as the HTML page.

The map cannot be drawn in Markdown, so its section lists the located events' coordinates and
points to the HTML brief. Record text is escaped so a name never turns into Markdown markup.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from eventfold.brief.compose import Brief, ClaimLine, ContestedRow, Source, TimelineEntry, listing_note, map_points
from eventfold.brief.render_html import MAP_CAPTION, NO_MAP_TEXT

# Characters that open Markdown markup anywhere in a line (emphasis, code, links, HTML, tables, strike).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


# The only URL schemes written as links: a brief must never carry a javascript: or data: link.
_LINK_SCHEMES = ("http", "https")


def md_escape(text: str) -> str:
    """Text with Markdown's special characters backslash-escaped and no line breaks (table-safe)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_markdown(brief: Brief) -> str:
    sections = [_header(brief), _key_figures(brief), _timeline(brief), _contested(brief), _map(brief),
                _actors(brief), _sources(brief)]
    return "\n\n".join(sections) + "\n"


def _cite(numbers) -> str:
    return "".join(f"\\[{n}\\]" for n in numbers)


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- sections


def _header(brief: Brief) -> str:
    period = brief.period
    lines = [f"# {md_escape(brief.title)}", ""]
    span = (f"Events from {md_escape(period.first_event)} to {md_escape(period.last_event)}"
            if period.first_event else "No dated event")
    if period.first_published:
        span += f"; sources published {md_escape(period.first_published)} to {md_escape(period.last_published)}"
    lines.append(span + ".")
    if brief.generated_at:
        lines += ["", f"Generated {md_escape(brief.generated_at)}"]
    return "\n".join(lines)


def _key_figures(brief: Brief) -> str:
    figures = brief.figures
    by_type = "; ".join(f"{md_escape(kind)} {count}" for kind, count in figures.events_by_type)
    if figures.fatalities is None:
        deaths = "no fatality figure reported"
    else:
        deaths = f"at least {figures.fatalities} reported in {figures.events_with_fatalities} events"
        if figures.fatalities_low != figures.fatalities_high:
            deaths += f" (sources give {figures.fatalities_low}–{figures.fatalities_high} in total)"
        deaths += f". _{md_escape(figures.fatality_caveat)}_"
    return "\n".join([
        "## Key figures", "",
        f"- **Events**: {figures.events}" + (f" ({by_type})" if by_type else "") + _threshold(figures),
        f"- **Fatalities**: {deaths}",
        f"- **Sources**: {figures.sources} articles from {figures.outlets} outlets "
        f"({figures.articles_examined} articles examined)",
        f"- **Contested events**: {figures.contested_events} of {figures.events}",
        f"- **Located events**: {figures.located_events} of {figures.events}",
    ])


def _threshold(figures) -> str:
    if figures.min_confidence is None:
        return ""
    return f"; only events with a confidence of at least {figures.min_confidence:.2f} are counted and listed"


def _timeline(brief: Brief) -> str:
    if not brief.timeline:
        return "## Timeline\n\nNo event recorded."
    rows = [_timeline_row(t) for t in brief.timeline]
    note = listing_note(brief.figures)
    cut = f"_{md_escape(note)}_\n\n" if note else ""
    return "## Timeline\n\n" + cut + _table(["#", "Date", "Event", "Place", "Actors", "Figures and claims", "Sources"],
                                            rows)


def _timeline_row(entry: TimelineEntry) -> list[str]:
    kind = md_escape(entry.event_type) + (f" ({md_escape(entry.sub_event_type)})" if entry.sub_event_type else "")
    if entry.contested:
        kind += " — **contested**"
    if entry.confidence is not None:
        kind += f"<br>confidence {entry.confidence:.2f}"
    said = [md_escape(f) for f in entry.figures] + [_claim_sentence(c) for c in entry.claims]
    return [str(entry.number), md_escape(entry.date), kind, md_escape(entry.place),
            "; ".join(md_escape(a) for a in entry.actors) or "—", "<br>".join(said) or "—",
            _cite(entry.citations)]


def _claim_sentence(claim: ClaimLine) -> str:
    return f"{md_escape(claim.statement)} {_cite(claim.citations)}".strip()


def _contested(brief: Brief) -> str:
    if not brief.contested:
        return "## Contested claims\n\nNo conflicting claims were found between sources."
    sources = {s.number: s for s in brief.sources}
    rows = [cells for row in brief.contested for cells in _contested_rows(row, sources)]
    return "## Contested claims\n\n" + _table(["Subject", "Disputed", "Claimant", "Says", "Stance", "Source"], rows)


def _contested_rows(row: ContestedRow, sources: dict[int, Source]) -> list[list[str]]:
    """One line per claim; the subject is written on the first line of its group only."""
    event = f" (event #{row.event_number})" if row.event_number else ""
    lead = [md_escape(row.subject) + event, md_escape(row.kind) + (f" ({md_escape(row.reason)})" if row.reason else "")]
    if not row.claims:
        return [lead + ["claims not available", "", "", ""]]
    return [(lead if i == 0 else ["", ""]) + _claim_cells(c, sources) for i, c in enumerate(row.claims)]


def _claim_cells(claim: ClaimLine, sources: dict[int, Source]) -> list[str]:
    stance = "denies" if claim.polarity == "denied" else "asserts"
    if claim.unverified:
        stance += " (could not be independently verified)"
    carried = "; ".join(f"{md_escape(sources[n].outlet)}, {md_escape(sources[n].published)} {_cite([n])}"
                        for n in claim.citations if n in sources)
    return [md_escape(claim.claimant), md_escape(claim.value), stance, carried or "—"]


def _map(brief: Brief) -> str:
    points = map_points(brief)
    if not points:
        return f"## Map\n\n{NO_MAP_TEXT}"
    lines = ["## Map", "", "The map is drawn in the HTML brief. Located events:", ""]
    lines += [f"- Event {p.number}: {md_escape(p.name)} ({p.latitude:.4f}, {p.longitude:.4f})" for p in points]
    return "\n".join(lines + ["", f"_{md_escape(MAP_CAPTION)}_"])


def _actors(brief: Brief) -> str:
    if not brief.actors:
        return "## Actors\n\nNo actor identified."
    rows = [[md_escape(a.name), md_escape(a.category), str(a.events), md_escape(a.roles)] for a in brief.actors]
    return "## Actors\n\n" + _table(["Actor", "ACLED category", "Events", "Roles"], rows)


def _sources(brief: Brief) -> str:
    if not brief.sources:
        return "## Sources\n\nNo source cited."
    return "## Sources\n\n" + "\n".join(_source_item(s) for s in brief.sources)


def _source_item(source: Source) -> str:
    where = _where(source.url, source.path)
    title = md_escape(source.title)
    return f"{source.number}. {md_escape(source.outlet)}, “{title}”, {md_escape(source.published)}.{where}"


def _where(url: str | None, path: str | None) -> str:
    """An http(s) URL as an autolink; any other URL (javascript:, data:, file:) or a path as inert code."""
    if url and is_web_link(url):
        return f" <{url}>"
    shown = " ".join((url or path or "").split()).replace("`", "")
    return f" `{shown}`" if shown else ""


def is_web_link(url: str) -> bool:
    """Whether `url` may become a link: http or https with a host, and nothing that ends an autolink."""
    if any(c in url for c in "<>\"\\`") or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[" (a broken IPv6 host)
        return False
    return parts.scheme.lower() in _LINK_SCHEMES and bool(parts.netloc)
