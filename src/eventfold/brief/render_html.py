"""The brief as one self-contained, printable HTML page.

Inline CSS, inline SVG map, system fonts, no script and no external resource: the only URLs in
the page are the sources' own, as links. Every piece of record text goes through `html.escape`.
"""

from __future__ import annotations

from html import escape

from eventfold.brief.compose import Brief, ClaimLine, ContestedRow, Source, TimelineEntry, listing_note, map_points
from eventfold.brief.map import render_map_svg
from eventfold.brief.outlines import OUTLINE_CREDIT, outlines_available

LINK_SCHEMES = ("http://", "https://")  # a source URL becomes a link only with these (never javascript:)
NO_MAP_TEXT = "No event could be placed on the map: none has a resolved location."
MAP_CAPTION = ("Circle area grows with the conservative fatality figure; numbers refer to the timeline; "
               "dashed circles are events located only to a province or a country. "
               "Equirectangular projection; positions are those of the resolved place, not of the exact site.")

STYLE = """
body { font: 15px/1.45 Georgia, 'Times New Roman', serif; color: #222; max-width: 60rem; margin: 2rem auto;
       padding: 0 1.25rem; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #999; padding-bottom: .15rem; margin-top: 2rem; }
.meta { color: #555; margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-top: 1px solid #ccc; padding: .35rem .4rem; text-align: left; vertical-align: top; }
th { border-top: 2px solid #666; font-weight: bold; background: #f4f4f4; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
.contested { color: #8b1a1a; font-size: .8rem; font-variant: small-caps; white-space: nowrap; }
.cite a { text-decoration: none; }
ul.claims { margin: .2rem 0 0; padding-left: 1.1rem; }
.figures { margin: 0; }
.caveat, figcaption, .note { color: #555; font-size: .85rem; }
dl.key { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; margin: 0; }
dl.key dt { font-weight: bold; }
dl.key dd { margin: 0; }
figure { margin: 0; }
svg.event-map { display: block; max-width: 100%; height: auto; font-family: Helvetica, Arial, sans-serif; }
ol.sources li { margin-bottom: .3rem; }
a { color: #1a4e8a; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; }
  tr, li, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def render_html(brief: Brief) -> str:
    """The whole page."""
    sections = [_header(brief), _key_figures(brief), _timeline(brief), _contested(brief), _map(brief),
                _actors(brief), _sources(brief)]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(brief.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(sections) + "\n</body>\n</html>\n")


def citation_links(numbers) -> str:
    return "".join(f'<a href="#src-{n}">[{n}]</a>' for n in numbers)


def _cite(numbers) -> str:
    return f'<span class="cite">{citation_links(numbers)}</span>' if numbers else ""


# ---------------------------------------------------------------- header and key figures


def _header(brief: Brief) -> str:
    period = brief.period
    lines = [f"<header>\n<h1>{escape(brief.title)}</h1>"]
    if period.first_event:
        lines.append(f'<p class="meta">Events from {escape(period.first_event)} to {escape(period.last_event)}'
                     + _published_range(brief) + "</p>")
    else:
        lines.append('<p class="meta">No dated event.' + _published_range(brief) + "</p>")
    if brief.generated_at:
        lines.append(f'<p class="meta">Generated {escape(brief.generated_at)}</p>')
    return "\n".join(lines) + "\n</header>"


def _published_range(brief: Brief) -> str:
    period = brief.period
    if not period.first_published:
        return ""
    return f"; sources published {escape(period.first_published)} to {escape(period.last_published)}."


def _key_figures(brief: Brief) -> str:
    figures = brief.figures
    by_type = "; ".join(f"{escape(kind)} {count}" for kind, count in figures.events_by_type)
    threshold = ("" if figures.min_confidence is None else
                 f"; only events with a confidence of at least {figures.min_confidence:.2f} are counted and listed")
    rows = [("Events", f"{figures.events}" + (f" ({by_type})" if by_type else "") + threshold),
            ("Fatalities", _fatalities(brief)),
            ("Sources", f"{figures.sources} articles from {figures.outlets} outlets "
                        f"({figures.articles_examined} articles examined)"),
            ("Contested events", f"{figures.contested_events} of {figures.events}"),
            ("Located events", f"{figures.located_events} of {figures.events}")]
    items = "\n".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<section id="key-figures">\n<h2>Key figures</h2>\n<dl class="key">\n{items}\n</dl>\n</section>'


def _fatalities(brief: Brief) -> str:
    figures = brief.figures
    if figures.fatalities is None:
        return "no fatality figure reported"
    text = f"at least {figures.fatalities} reported in {figures.events_with_fatalities} events"
    if figures.fatalities_low != figures.fatalities_high:
        text += f" (sources give {figures.fatalities_low}–{figures.fatalities_high} in total)"
    return f'{text}<br><span class="caveat">{escape(figures.fatality_caveat)}</span>'


# ---------------------------------------------------------------- timeline


def _timeline(brief: Brief) -> str:
    if not brief.timeline:
        return '<section id="timeline">\n<h2>Timeline</h2>\n<p>No event recorded.</p>\n</section>'
    head = ('<tr><th class="num">#</th><th>Date</th><th>Event</th><th>Place</th><th>Actors</th>'
            '<th>Figures and claims</th><th>Sources</th></tr>')
    rows = "\n".join(_timeline_row(t) for t in brief.timeline)
    note = listing_note(brief.figures)
    cut = f'<p class="cut">{escape(note)}</p>\n' if note else ""
    return (f'<section id="timeline">\n<h2>Timeline</h2>\n{cut}<table class="timeline">\n<thead>{head}</thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>\n</section>")


def _timeline_row(entry: TimelineEntry) -> str:
    kind = escape(entry.event_type) + (f"<br><small>{escape(entry.sub_event_type)}</small>"
                                       if entry.sub_event_type else "")
    if entry.contested:
        kind += '<br><span class="contested">contested</span>'
    if entry.confidence is not None:
        kind += f'<br><small class="confidence">confidence {entry.confidence:.2f}</small>'
    return (f'<tr id="event-{entry.number}"><td class="num">{entry.number}</td><td class="date">'
            f"{escape(entry.date)}</td><td>{kind}</td><td>{escape(entry.place)}</td>"
            f"<td>{'<br>'.join(escape(a) for a in entry.actors) or '—'}</td>"
            f"<td>{_figures_and_claims(entry)}</td><td>{_cite(entry.citations)}</td></tr>")


def _figures_and_claims(entry: TimelineEntry) -> str:
    parts = []
    if entry.figures:
        parts.append('<p class="figures">' + "; ".join(escape(f) for f in entry.figures) + "</p>")
    if entry.claims:
        items = "".join(f"<li>{_claim_sentence(c)}</li>" for c in entry.claims)
        parts.append(f'<ul class="claims">{items}</ul>')
    return "".join(parts) or "—"


def _claim_sentence(claim: ClaimLine) -> str:
    return f"{escape(claim.statement)} {_cite(claim.citations)}".strip()


# ---------------------------------------------------------------- contested claims


def _contested(brief: Brief) -> str:
    if not brief.contested:
        return ('<section id="contested">\n<h2>Contested claims</h2>\n'
                "<p>No conflicting claims were found between sources.</p>\n</section>")
    head = ("<tr><th>Subject</th><th>Disputed</th><th>Claimant</th><th>Says</th><th>Stance</th>"
            "<th>Source</th></tr>")
    sources = {s.number: s for s in brief.sources}
    rows = "\n".join(_contested_rows(row, sources) for row in brief.contested)
    return (f'<section id="contested">\n<h2>Contested claims</h2>\n<table class="contested-claims">\n'
            f"<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</section>")


def _contested_rows(row: ContestedRow, sources: dict[int, Source]) -> str:
    """One table row per claim, the subject spanning them, so rival values stand next to each other."""
    span = max(len(row.claims), 1)
    event = f'<br><small>event <a href="#event-{row.event_number}">#{row.event_number}</a></small>' \
        if row.event_number else ""
    reason = f"<br><small>{escape(row.reason)}</small>" if row.reason else ""
    lead = (f'<td rowspan="{span}">{escape(row.subject)}{event}</td>'
            f'<td rowspan="{span}">{escape(row.kind)}{reason}</td>')
    if not row.claims:
        return f'<tr class="conflict">{lead}<td colspan="4">claims not available</td></tr>'
    cells = [_claim_cells(c, sources) for c in row.claims]
    first = f'<tr class="conflict">{lead}{cells[0]}</tr>'
    return "\n".join([first] + [f"<tr>{c}</tr>" for c in cells[1:]])


def _claim_cells(claim: ClaimLine, sources: dict[int, Source]) -> str:
    stance = "denies" if claim.polarity == "denied" else "asserts"
    if claim.unverified:
        stance += "<br><small>could not be independently verified</small>"
    carried = "; ".join(f"{escape(sources[n].outlet)}, {escape(sources[n].published)} {citation_links([n])}"
                        for n in claim.citations if n in sources)
    return (f'<td class="claimant">{escape(claim.claimant)}</td><td class="value">{escape(claim.value)}</td>'
            f"<td>{stance}</td><td>{carried or '—'}</td>")


# ---------------------------------------------------------------- map, actors, sources


def _map(brief: Brief) -> str:
    svg = render_map_svg(map_points(brief))
    if not svg:
        return f'<section id="map">\n<h2>Map</h2>\n<p class="note">{NO_MAP_TEXT}</p>\n</section>'
    unlocated = brief.figures.events - brief.figures.located_events
    missing = f" {unlocated} event(s) without a resolved location are not shown." if unlocated else ""
    credit = f" {OUTLINE_CREDIT}" if outlines_available() else " No country outlines available offline."
    return (f'<section id="map">\n<h2>Map</h2>\n<figure>\n{svg}\n'
            f"<figcaption>{escape(MAP_CAPTION + missing + credit)}</figcaption>\n</figure>\n</section>")


def _actors(brief: Brief) -> str:
    if not brief.actors:
        return '<section id="actors">\n<h2>Actors</h2>\n<p>No actor identified.</p>\n</section>'
    head = '<tr><th>Actor</th><th>ACLED category</th><th class="num">Events</th><th>Roles</th></tr>'
    rows = "\n".join(f"<tr><td>{escape(a.name)}</td><td>{escape(a.category)}</td>"
                     f'<td class="num">{a.events}</td><td>{escape(a.roles)}</td></tr>' for a in brief.actors)
    return (f'<section id="actors">\n<h2>Actors</h2>\n<table class="actors">\n<thead>{head}</thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>\n</section>")


def _sources(brief: Brief) -> str:
    if not brief.sources:
        return '<section id="sources">\n<h2>Sources</h2>\n<p>No source cited.</p>\n</section>'
    items = "\n".join(_source_item(s) for s in brief.sources)
    return f'<section id="sources">\n<h2>Sources</h2>\n<ol class="sources">\n{items}\n</ol>\n</section>'


def _source_item(source: Source) -> str:
    where = ""
    if source.url and source.url.lower().startswith(LINK_SCHEMES):
        where = f' <a href="{escape(source.url, quote=True)}">{escape(source.url)}</a>'
    elif source.url or source.path:
        where = f" <code>{escape(source.url or source.path)}</code>"
    return (f'<li id="src-{source.number}" value="{source.number}">{escape(source.outlet)}, '
            f"“{escape(source.title)}”, {escape(source.published)}.{where}</li>")
