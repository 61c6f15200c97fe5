"""Situation brief of the stored events: HTML (self-contained, printable, offline map) or Markdown.

    from eventfold.brief import BriefInput, render_brief
    html = render_brief(BriefInput(events, claims, conflicts, articles, entities), "html")

`compose.py` decides what the brief says, `wording.py` how claims and dates are worded,
`map.py` draws the inline SVG map, `render_html.py` and `render_md.py` lay it out.
"""

from __future__ import annotations

from eventfold.brief.compose import Brief, BriefInput, compose_brief
from eventfold.brief.render_html import render_html
from eventfold.brief.render_md import render_markdown

FORMATS = ("html", "md")

__all__ = ["Brief", "BriefInput", "FORMATS", "compose_brief", "render_brief"]


def render_brief(data: BriefInput, fmt: str = "html") -> str:
    """The brief as one HTML page ("html") or one Markdown document ("md")."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown brief format {fmt!r}: use one of {', '.join(FORMATS)}")
    brief = compose_brief(data)
    return render_html(brief) if fmt == "html" else render_markdown(brief)
