"""Who published a pasted article: from its URL, its dateline or its masthead/footer lines.

Masthead banners ("HINDU KUSH WIRE | World | Asia") are recognised by shape: a short name in
capitals ending with a newspaper noun or spelled again in title case elsewhere in the dump.
Menu and section words (Search, Newsletter, Culture, Sign in ...) are never outlets.

A small built-in table maps common news domains to their names and home countries (the country
feeds the numeric-date order hint in `stamps.py`). Unknown domains fall back to a readable name
derived from the domain itself ("timesofisrael.com" -> "Times of Israel").
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import SplitResult, urlsplit

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
# Names the press goes by, loosely compared: "CNN", "the BBC" (for "BBC News"), "Al Jazeera".
_PRESS_NAMES = frozenset(_BY_BARE_NAME) | {bare.split(" news")[0] for bare in _BY_BARE_NAME}

# Countries whose press writes numeric dates month first (09/04/2021 = 4 September).
MONTH_FIRST_COUNTRIES = frozenset({"US", "PH", "FM", "MH", "PW"})

# Host prefixes that say nothing about the outlet.
_HOST_NOISE = ("www.", "m.", "amp.", "mobile.", "edition.", "english.", "en.", "beta.")
# Second-level labels under which a registered domain has three labels (bbc.co.uk, smh.com.au).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"})
_ARCHIVE_WRAPPER = re.compile(r"^https?://(?:web\.)?archive\.org/web/[^/]+/(?P<inner>.+)$", re.I)
# A capture's address carries the time the archive fetched the page: /web/20150128225228/ (UTC).
_ARCHIVE_CAPTURE = re.compile(r"^https?://(?:web\.)?archive\.org/web/(?P<stamp>\d{8,14})(?:[a-z]{2}_)?/", re.I)

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
DNS_LABEL_MAX_CHARS = 63  # RFC 1035
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


def is_news_outlet(name: str | None) -> bool:
    """A widely read news outlet's name ("CNN", "the BBC"): the press reports events, it is no party to them."""
    return bool(name) and _bare(name) in _PRESS_NAMES


def outlet_country(outlet: str | None) -> str | None:
    """The home country of a known outlet, given its name or a URL/domain."""
    if not outlet:
        return None
    if _bare(outlet) in _BY_BARE_NAME:
        return _BY_BARE_NAME[_bare(outlet)][1]
    domain = registered_domain(outlet) if "." in outlet else None
    return KNOWN_OUTLETS[domain][1] if domain in KNOWN_OUTLETS else None


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


def archive_capture_time(url: str | None) -> datetime | None:
    """When a web archive fetched the page at `url` (its capture address says so), else None: the
    page was retrieved then, so it was published no later."""
    match = _ARCHIVE_CAPTURE.match((url or "").strip())
    if not match:
        return None
    digits = match["stamp"].ljust(14, "0")
    try:
        return datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _host(url: str) -> str | None:
    url = url.strip()
    archived = _ARCHIVE_WRAPPER.match(url)
    if archived:
        url = archived.group("inner")
    if "://" not in url:
        url = "http://" + url
    parts = split_url(url)
    host = ((parts.hostname if parts else None) or "").lower()
    for prefix in _HOST_NOISE:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    return host or None


def split_url(url: str) -> SplitResult | None:
    """urlsplit that answers None for a malformed address ("http://[") instead of raising."""
    try:
        parts = urlsplit(url)
        parts.hostname, parts.port  # noqa: B018 - both parse lazily and may raise ValueError
    except ValueError:
        return None
    return parts


def _name_from_domain(domain: str) -> str:
    label = domain.split(".")[0]
    if len(label) <= _SHORT_NAME_LEN and "-" not in label:
        return label.upper()
    words = label.replace("_", "-").split("-") if "-" in label else _split_glued(label)
    return " ".join(_cap(w, first=i == 0) for i, w in enumerate(words))


def _cap(word: str, *, first: bool) -> str:
    return word if word in _LOWER_NAME_WORDS and not first else word.capitalize()


def _split_glued(label: str) -> list[str]:
    """Split "timesofisrael" into known words, leaving unknown stretches whole (fewest pieces).

    The search is cubic in the label's length, so only real DNS labels (at most 63 characters)
    are split; anything longer is no domain name and stays whole."""
    n = len(label)
    if n > DNS_LABEL_MAX_CHARS:
        return [label]
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


def _split_cost(pieces: list[str]) -> tuple[int, int, int]:
    """Fewest unknown stretches first ("valley|herald", not "v|al|ley|herald"), then fewest
    unknown letters, then fewest pieces."""
    unknown = [p for p in pieces if p not in _NAME_WORDS]
    return len(unknown), sum(len(p) for p in unknown), len(pieces)


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

# A name starts where a word does: tried inside a long token ("SmithSmith..."), it would rescan the
# token's rest from every capital, which is quadratic in the token's length.
_NAME = r"(?<![\w&.'’-])(?P<name>(?:The |the )?[A-Z][\w&.'’-]*(?: (?:of |and )?[A-Z][\w&.'’-]*){0,4})"
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
    if not 1 <= len(words) <= 6 or words[-1].lower() in {"the", "of", "and"}:
        return False
    return not is_section_label(name)


def is_section_label(name: str) -> bool:
    """Navigation or section words ("Search", "Sign in", "World News", "Culture"): never an outlet."""
    words = [w.strip(".,:;!?[]()").lower() for w in name.split()]
    return bool(words) and all(w in _SECTION_WORDS for w in words if w) and _canonical_name(name) not in _KNOWN_NAMES


# ------------------------------------------------------------------ masthead banners

# Words of site menus and section banners. A name made only of these is navigation, not an
# outlet ("Sign in | Subscribe | Search" must not yield "Search"; "WORLD NEWS" is a section).
_SECTION_WORDS = frozenset(
    """home search menu newsletter newsletters subscribe subscribers subscription sign in up out log login logout
    register account my profile settings close share print comments comment about contact us help
    news latest breaking live updates update top stories story more local national international world region
    regions politics political security economy economics business markets money finance culture arts books
    opinion opinions analysis features feature comment editorial sport sports video videos photos pictures
    podcast podcasts audio science tech technology health environment climate lifestyle travel entertainment
    weather education religion society asia europe africa americas america middle east west north south
    pacific central desk section edition today the and of & a""".split()
)
# Last words of newspaper and agency names; an all-caps banner ending in one is a masthead.
OUTLET_NOUNS = frozenset(
    """wire courier dispatch telegraph bulletin gazette review monitor observer times post herald tribune
    journal chronicle guardian express mail mirror independent standard globe sentinel examiner inquirer
    register record press reporter ledger signal leader star sun news today weekly daily voice agency
    report mercury advertiser argus echo beacon clarion messenger tidings digest spectator statesman
    economist magazine radio tv television network online media""".split()
)
MASTHEAD_MAX_WORDS = 5  # "Radio Free Europe Radio Liberty" is about as long as outlet names run
SECTION_MAX_WORDS = 4  # what may follow a masthead: "— Asia desk", "| World | Asia"
_MASTHEAD_PARTS = re.compile(r"\s+[|—–•·›»/-]\s+|\s*[|›»•·]\s*")
_NAME_CONNECTORS = frozenset({"of", "the", "and", "&", "de", "al", "el"})


def masthead_of(line: str, context: str = "") -> str | None:
    """The outlet a masthead banner names ("HINDU KUSH WIRE | World | Asia" -> "Hindu Kush Wire").

    A banner counts when it is a known outlet, or its name is written in capitals and either ends
    with a newspaper noun (Wire, Gazette, Observer ...) or recurs in `context` (the whole dump) in
    title case, or it is in title case, ends with such a noun and recurs. Section banners such as
    "WORLD NEWS" or "ELECTIONS 2024 - LIVE" are made of section words or numbers and never count.
    """
    parts = [part for part in _MASTHEAD_PARTS.split(line.strip()) if part]
    if not parts or any(len(part.split()) > SECTION_MAX_WORDS for part in parts[1:]):
        return None
    name = parts[0].strip()
    known = outlet_named_by(name)
    if known:
        return known
    if not _name_shaped(name) or is_section_label(name):
        return None
    spelled = _title_case_mention(name, line, context)
    ends_with_noun = name.split()[-1].lower() in OUTLET_NOUNS
    if name.isupper() and (ends_with_noun or spelled):
        return spelled or _title_case(name)
    return spelled if ends_with_noun and spelled else None


def _name_shaped(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= MASTHEAD_MAX_WORDS:
        return False
    return all(w.lower() in _NAME_CONNECTORS or (w[0].isupper() and w.replace("'", "").isalpha()) for w in words)


def _title_case_mention(name: str, line: str, context: str) -> str | None:
    """The name as the dump writes it elsewhere in title case ("© 2021 Hindu Kush Wire")."""
    has_article = name.lower().startswith("the ")
    core = name[4:] if has_article else name
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, core.split())) + r"(?!\w)", re.I)
    others = context.split("\n")
    if line.strip() in (row.strip() for row in others):  # the banner itself is no second mention
        others.pop([row.strip() for row in others].index(line.strip()))
    for match in pattern.finditer("\n".join(others)):
        mention = " ".join(match.group(0).split())
        words = mention.split()
        if not mention.isupper() and all(w[0].isupper() or w.lower() in _NAME_CONNECTORS for w in words):
            return ("The " + mention) if has_article else mention
    return None


def _title_case(name: str) -> str:
    """"THE SALANG GAZETTE" -> "The Salang Gazette"; vowel-less acronyms ("BBC") stay in capitals."""
    words = []
    for index, word in enumerate(name.split()):
        lower = word.lower()
        if not re.search(r"[aeiouy]", lower):
            words.append(word)
        elif lower in _NAME_CONNECTORS and index:
            words.append(lower)
        else:
            words.append(word.capitalize())
    return " ".join(words)


def _canonical_name(name: str) -> str:
    """Prefer the table's spelling when a mention matches a known outlet."""
    return _BY_BARE_NAME.get(_bare(name), (name, None))[0]
