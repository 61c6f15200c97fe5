"""Who published a pasted article: from its URL, its dateline or its masthead/footer lines.

A small built-in table maps common news domains to their names and home countries (the country
feeds the numeric-date order hint in `stamps.py`). Unknown domains fall back to a readable name
derived from the domain itself ("timesofisrael.com" -> "Times of Israel").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# domain -> (outlet name, ISO country of the newsroom). General, widely read outlets only.
KNOWN_OUTLETS: dict[str, tuple[str, str]] = {
    "washingtonpost.com": ("The Washington Post", "US"),
    "nytimes.com": ("The New York Times", "US"),
    "wsj.com": ("The Wall Street Journal", "US"),
    "usatoday.com": ("USA Today", "US"),
    "latimes.com": ("Los Angeles Times", "US"),
    "cnn.com": ("CNN", "US"),
    "foxnews.com": ("Fox News", "US"),
    "nbcnews.com": ("NBC News", "US"),
    "cbsnews.com": ("CBS News", "US"),
    "abcnews.go.com": ("ABC News", "US"),
    "npr.org": ("NPR", "US"),
    "apnews.com": ("Associated Press", "US"),
    "bloomberg.com": ("Bloomberg", "US"),
    "politico.com": ("Politico", "US"),
    "thehill.com": ("The Hill", "US"),
    "nypost.com": ("New York Post", "US"),
    "newsweek.com": ("Newsweek", "US"),
    "time.com": ("Time", "US"),
    "axios.com": ("Axios", "US"),
    "voanews.com": ("Voice of America", "US"),
    "rferl.org": ("Radio Free Europe/Radio Liberty", "CZ"),
    "reuters.com": ("Reuters", "GB"),
    "bbc.co.uk": ("BBC News", "GB"),
    "bbc.com": ("BBC News", "GB"),
    "theguardian.com": ("The Guardian", "GB"),
    "independent.co.uk": ("The Independent", "GB"),
    "telegraph.co.uk": ("The Telegraph", "GB"),
    "thetimes.co.uk": ("The Times", "GB"),
    "dailymail.co.uk": ("Daily Mail", "GB"),
    "ft.com": ("Financial Times", "GB"),
    "economist.com": ("The Economist", "GB"),
    "news.sky.com": ("Sky News", "GB"),
    "aljazeera.com": ("Al Jazeera", "QA"),
    "france24.com": ("France 24", "FR"),
    "afp.com": ("Agence France-Presse", "FR"),
    "lemonde.fr": ("Le Monde", "FR"),
    "dw.com": ("Deutsche Welle", "DE"),
    "spiegel.de": ("Der Spiegel", "DE"),
    "euronews.com": ("Euronews", "FR"),
    "timesofisrael.com": ("The Times of Israel", "IL"),
    "haaretz.com": ("Haaretz", "IL"),
    "jpost.com": ("The Jerusalem Post", "IL"),
    "arabnews.com": ("Arab News", "SA"),
    "thehindu.com": ("The Hindu", "IN"),
    "hindustantimes.com": ("Hindustan Times", "IN"),
    "timesofindia.indiatimes.com": ("The Times of India", "IN"),
    "ndtv.com": ("NDTV", "IN"),
    "dawn.com": ("Dawn", "PK"),
    "tolonews.com": ("TOLOnews", "AF"),
    "scmp.com": ("South China Morning Post", "HK"),
    "abc.net.au": ("ABC News (Australia)", "AU"),
    "smh.com.au": ("The Sydney Morning Herald", "AU"),
    "cbc.ca": ("CBC News", "CA"),
    "theglobeandmail.com": ("The Globe and Mail", "CA"),
    "asianews.it": ("AsiaNews", "IT"),
}

_BY_BARE_NAME = {_name.lower().removeprefix("the "): (_name, _country) for _name, _country in KNOWN_OUTLETS.values()}

# Countries whose press writes numeric dates month first (09/04/2021 = 4 September).
MONTH_FIRST_COUNTRIES = frozenset({"US", "PH", "FM", "MH", "PW"})

# Outlets whose article stamps follow an order other than their country's habit. Curated
# knowledge of a site's template outranks inference from other dates on the page, which are
# often teaser or archive dates printed in another format (AsiaNews' English edition stamps
# articles month first, "09/04/2021, 12.33", while its teaser lists print day first).
STAMP_ORDER_BY_OUTLET = {"asianews": "MDY"}

# Host prefixes that say nothing about the outlet.
_HOST_NOISE = ("www.", "m.", "amp.", "mobile.", "edition.", "english.", "en.", "beta.")
# Second-level labels under which a registered domain has three labels (bbc.co.uk, smh.com.au).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"})
_ARCHIVE_WRAPPER = re.compile(r"^https?://(?:web\.)?archive\.org/web/[^/]+/(?P<inner>.+)$", re.I)

# Words news domains are glued from, used to split an unknown domain into a readable name.
_NAME_WORDS = frozenset(
    """the times of news post daily herald tribune journal gazette chronicle observer guardian
    telegraph express star sun mail mirror independent standard globe world nation national
    international global asia africa europe america american middle east west north south today
    press media online radio tv network report review weekly week monthly focus voice free
    city county state local new york london israel india china japan pakistan arab al
    business finance money street first line live watch insider wire bulletin courier
    record register dispatch examiner inquirer republic sentinel tribune eye""".split()
)
_SHORT_NAME_LEN = 4  # "wral", "bbc", "cnn": short labels are acronyms, written in capitals
_LOWER_NAME_WORDS = frozenset({"of", "and", "the"})


def outlet_from_url(url: str) -> str | None:
    """The outlet behind a URL: the built-in table first, else a name derived from the domain."""
    domain = registered_domain(url)
    if not domain:
        return None
    host = _host(url)
    for candidate in (host, domain):
        if candidate in KNOWN_OUTLETS:
            return KNOWN_OUTLETS[candidate][0]
    return _name_from_domain(domain)


def outlet_country(outlet: str | None) -> str | None:
    """The home country of a known outlet, given its name or a URL/domain."""
    if not outlet:
        return None
    if _bare(outlet) in _BY_BARE_NAME:
        return _BY_BARE_NAME[_bare(outlet)][1]
    domain = registered_domain(outlet) if "." in outlet else None
    return KNOWN_OUTLETS[domain][1] if domain in KNOWN_OUTLETS else None


def outlet_stamp_order(outlet: str | None) -> str | None:
    """The numeric-date order a known outlet's article stamps use, when it is not its country's."""
    if not outlet:
        return None
    name = _bare(outlet)
    if "." in name:
        known = KNOWN_OUTLETS.get(registered_domain(outlet) or "")
        name = _bare(known[0]) if known else name
    return STAMP_ORDER_BY_OUTLET.get(name)


def _bare(name: str) -> str:
    """An outlet name compared loosely: case and a leading "The" do not matter."""
    return name.strip().lower().removeprefix("the ")


def registered_domain(url: str) -> str | None:
    """"https://www.bbc.co.uk/news/x" -> "bbc.co.uk"; unwraps web.archive.org captures."""
    host = _host(url)
    if not host or "." not in host:
        return None
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _host(url: str) -> str | None:
    url = url.strip()
    archived = _ARCHIVE_WRAPPER.match(url)
    if archived:
        url = archived.group("inner")
    if "://" not in url:
        url = "http://" + url
    host = (urlsplit(url).hostname or "").lower()
    for prefix in _HOST_NOISE:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    return host or None


def _name_from_domain(domain: str) -> str:
    label = domain.split(".")[0]
    if len(label) <= _SHORT_NAME_LEN and "-" not in label:
        return label.upper()
    words = label.replace("_", "-").split("-") if "-" in label else _split_glued(label)
    return " ".join(_cap(w, first=i == 0) for i, w in enumerate(words))


def _cap(word: str, *, first: bool) -> str:
    return word if word in _LOWER_NAME_WORDS and not first else word.capitalize()


def _split_glued(label: str) -> list[str]:
    """Split "timesofisrael" into known words, leaving unknown stretches whole (fewest pieces)."""
    n = len(label)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(end):
            if best[start] is None:
                continue
            piece = label[start:end]
            known = piece in _NAME_WORDS
            prev = best[start]
            if not known and prev and prev[-1] not in _NAME_WORDS:
                continue  # unknown stretches are grown, not chained
            option = prev + [piece]
            if best[end] is None or _split_cost(option) < _split_cost(best[end]):
                best[end] = option
    return best[n] or [label]


def _split_cost(pieces: list[str]) -> tuple[int, int]:
    unknown = sum(len(p) for p in pieces if p not in _NAME_WORDS)
    return unknown, len(pieces)


# ----------------------------------------------------------------------------- datelines

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'.\-]+(?: [A-Z][A-Za-z'.\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?"
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"\s*(?:\((?P<agency>[^()]{2,40})\))?"
    r"\s*(?:—|–|--?|(?<=\)):)\s+"  # "KABUL —", "Moscow (AsiaNews) –", "Islamabad (IANS):"
)


def outlet_from_dateline(line: str) -> tuple[str | None, str | None]:
    """"Moscow (AsiaNews) – ..." -> ("Moscow", "AsiaNews"); "KABUL — ..." -> ("KABUL", None).

    A place in mixed case only counts when an agency follows it, so ordinary sentences such as
    "Mr Saleh – who fled – said" are not mistaken for datelines.
    """
    match = _DATELINE.match(line.strip())
    if not match:
        return None, None
    place, agency = match.group("place"), match.group("agency")
    if not (agency or (place.isupper() and sum(c.isalpha() for c in place) >= 2)):
        return None, None
    return place, agency.strip() if agency else None


# ------------------------------------------------------------------ masthead / footer lines

_NAME = r"(?P<name>(?:The |the )?[A-Z][\w&.'’-]*(?: (?:of |and )?[A-Z][\w&.'’-]*){0,4})"
_OUTLET_LINE_PATTERNS = [
    re.compile(_NAME + r" (?:has|offers|sends) (?:a host of |a range of )?(?:free )?(?:\w+ )?newsletters?"),
    re.compile(r"[Ss]ubscribe to (?:the )?" + _NAME + r"(?:'s|’s)? (?:updates|newsletters?|alerts)"),
    re.compile(r"[Ss]ign up (?:for|to) (?:the )?" + _NAME + r"(?:'s|’s) (?:\w+ )?newsletters?"),
    re.compile(r"^(?:©|\([cC]\)|Copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?" + _NAME),
    re.compile(r"\s(?:\||::|·|•)\s*" + _NAME + r"\s*$"),  # "Headline | Outlet" masthead suffix
]
# "Headline - Outlet": dashes also join ordinary title parts, so only known outlets count here.
_DASH_SUFFIX = re.compile(r"\s[-–—]\s+" + _NAME + r"\s*$")
_DOMAIN_MENTION = re.compile(
    r"(?<![@\w.-])(?P<domain>[A-Za-z0-9-]+\.(?:com|co\.uk|org|net|news|com\.au|ca|in|it|fr|de))\b"
)


def outlet_from_lines(lines: list[str]) -> str | None:
    """An outlet named by masthead or footer lines: newsletter/subscription/copyright notes,
    "Headline | Outlet" suffixes, or a bare domain ("... this item from WRAL.com")."""
    for line in lines:
        found = _outlet_in_line(line)
        if found:
            return found
    return None


def split_masthead(title: str) -> tuple[str, str | None]:
    """"Headline | Outlet" -> ("Headline", "Outlet"); a title without an outlet suffix is unchanged."""
    for pattern, needs_known in ((_OUTLET_LINE_PATTERNS[-1], False), (_DASH_SUFFIX, True)):
        match = pattern.search(title)
        if not match or not _plausible_name(match.group("name")):
            continue
        name = _canonical_name(match.group("name").strip())
        if needs_known and name not in _KNOWN_NAMES:
            continue
        return title[: match.start()].strip(), name
    return title, None


def outlet_named_by(line: str) -> str | None:
    """The outlet when a whole line is just its name or domain (a masthead line)."""
    stripped = line.strip()
    if re.fullmatch(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,6}", stripped):
        return outlet_from_url(stripped)
    name = _canonical_name(stripped)
    return name if name in _KNOWN_NAMES else None


def _outlet_in_line(line: str) -> str | None:
    domain = _DOMAIN_MENTION.search(line)
    if domain:
        return outlet_from_url(domain.group("domain"))
    for pattern in _OUTLET_LINE_PATTERNS:
        match = pattern.search(line)
        if match and _plausible_name(match.group("name")):
            return _canonical_name(match.group("name").strip())
    dashed = _DASH_SUFFIX.search(line)
    if dashed and _canonical_name(dashed.group("name")) in _KNOWN_NAMES:
        return _canonical_name(dashed.group("name"))
    return None


_KNOWN_NAMES = frozenset(name for name, _country in KNOWN_OUTLETS.values())


def _plausible_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 6 and words[-1].lower() not in {"the", "of", "and"}


def _canonical_name(name: str) -> str:
    """Prefer the table's spelling when a mention matches a known outlet."""
    return _BY_BARE_NAME.get(_bare(name), (name, None))[0]
