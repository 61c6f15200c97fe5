"""A synthetic news corpus for the benchmarks, written by the project.

Articles are composed from the project's own sentence templates, filled with gazetteer place
names, descriptive forces and invented outlets: many outlets report the same invented events
with different figures and claimants, some stories are syndicated near-copies of others, and a
few are long situation reports. Lengths follow news: most stories are 1,500-7,000 characters,
a few run to tens of thousands. Nothing is copied from any real article; the same seed always
gives the same corpus.

    python -m eventfold.synthetic --articles 1000 --out corpus.jsonl   # one JSON record a line
    python -m eventfold.synthetic --articles 200 --out folder/         # one .txt file per article
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

# Countries with towns the gazetteer knows, their province for each town, and the words the
# press uses for the state's and its opponents' forces.
THEATRES = {
    "Sudan": {
        "towns": {"Omdurman": "Khartoum", "El Fasher": "North Darfur", "Nyala": "South Darfur",
                  "Geneina": "West Darfur", "Kadugli": "South Kordofan", "El Obeid": "North Kordofan"},
        "state": ["the army", "Sudanese troops", "government soldiers"],
        "rebels": ["the paramilitary fighters", "Arab militias", "armed tribesmen"],
    },
    "Somalia": {
        "towns": {"Baidoa": "Bay", "Kismayo": "Lower Juba", "Beledweyne": "Hiiraan", "Bardere": "Gedo",
                  "Jowhar": "Middle Shabelle", "Afgooye": "Lower Shabelle"},
        "state": ["Somali troops", "government forces", "the national army"],
        "rebels": ["al-Shabaab fighters", "Islamist militants", "clan militias"],
    },
    "Mali": {
        "towns": {"Gao": "Gao", "Timbuktu": "Tombouctou", "Mopti": "Mopti", "Kidal": "Kidal",
                  "Menaka": "Menaka", "Segou": "Segou"},
        "state": ["Malian soldiers", "the army", "junta troops"],
        "rebels": ["jihadist fighters", "Tuareg rebels", "gunmen on motorbikes"],
    },
    "Nigeria": {
        "towns": {"Maiduguri": "Borno", "Kaduna": "Kaduna", "Jos": "Plateau", "Gusau": "Zamfara",
                  "Damaturu": "Yobe", "Makurdi": "Benue"},
        "state": ["Nigerian troops", "the police", "soldiers"],
        "rebels": ["Boko Haram insurgents", "bandits", "armed herders"],
    },
    "Democratic Republic of the Congo": {
        "towns": {"Goma": "North Kivu", "Bunia": "Ituri", "Beni": "North Kivu", "Rutshuru": "North Kivu",
                  "Uvira": "South Kivu", "Butembo": "North Kivu"},
        "state": ["Congolese soldiers", "the army", "government troops"],
        "rebels": ["M23 rebels", "ADF fighters", "militiamen"],
    },
    "Yemen": {
        "towns": {"Taiz": "Taiz", "Marib": "Marib", "Hodeidah": "Al Hudaydah", "Aden": "Aden",
                  "Saada": "Saada", "Mukalla": "Hadramawt"},
        "state": ["government forces", "pro-government fighters", "the army"],
        "rebels": ["Houthi rebels", "tribal gunmen", "separatist fighters"],
    },
    "Myanmar": {
        "towns": {"Mandalay": "Mandalay", "Lashio": "Shan", "Myitkyina": "Kachin", "Sittwe": "Rakhine",
                  "Monywa": "Sagaing", "Hpakant": "Kachin"},
        "state": ["junta troops", "the military", "regime soldiers"],
        "rebels": ["resistance fighters", "ethnic armed groups", "local defence forces"],
    },
    "Afghanistan": {
        "towns": {"Kunduz": "Kunduz", "Herat": "Herat", "Jalalabad": "Nangarhar", "Ghazni": "Ghazni",
                  "Lashkar Gah": "Helmand", "Pul-e Khumri": "Baghlan"},
        "state": ["Taliban fighters", "the security forces", "police"],
        "rebels": ["gunmen", "resistance fighters", "militants"],
    },
}

OUTLET_WORDS = (["Morning", "Evening", "Daily", "Weekly", "Frontier", "Coastal", "Continental", "Highland",
                 "River", "Desert", "Capital", "Northern", "Southern", "Eastern", "Western", "Open"],
                ["Ledger", "Courier", "Monitor", "Dispatch", "Herald", "Observer", "Bulletin", "Review",
                 "Wire", "Post", "Chronicle", "Gazette", "Report", "Sentinel", "Record", "Express"])

FIRST_NAMES = ["Amina", "Tomas", "Layla", "Kofi", "Ines", "Rashid", "Mara", "Oskar", "Nadia", "Yusuf",
               "Petra", "Samir", "Hana", "Diego", "Asha", "Lukas", "Zainab", "Emeka", "Sofia", "Karim"]
SURNAMES = ["Okoro", "Lindqvist", "Haddad", "Mensah", "Varga", "Nasser", "Fontaine", "Abdi", "Kowalski",
            "Rahimi", "Castell", "Duarte", "Osei", "Brandt", "Tahir", "Morena", "Keller", "Adeyemi"]
CLAIMANTS = ["a local official", "a military spokesman", "residents", "a hospital director",
             "a rebel commander", "the provincial governor", "aid workers", "a police officer",
             "a witness reached by telephone", "a spokeswoman for the health ministry"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten", 12: "twelve", 15: "fifteen", 20: "twenty"}

# Sentences of an event report: {state}, {rebels}, {town}, {province}, {day}, {n}, {m}, {claimant}.
EVENT_TEMPLATES = {
    "clash": [
        "Fighting broke out between {state} and {rebels} near {town} in {province} on {day}, leaving {n} people dead.",
        "{State} said they had repelled an assault by {rebels} on a base outside {town} on {day}, killing {n} of the attackers.",
        "Heavy gunfire was heard for several hours as {rebels} and {state} fought for control of the road into {town}.",
    ],
    "strike": [
        "An air strike hit a market in {town} on {day}, killing at least {n} civilians and wounding {m}, {claimant} said.",
        "A drone struck a vehicle on the outskirts of {town} on {day}; {claimant} said {n} people inside were killed.",
        "Shells fired by {state} landed on a residential district of {town} on {day}, wounding {m} people.",
    ],
    "attack": [
        "Gunmen stormed the village of {town} in {province} before dawn on {day} and killed {n} residents, {claimant} said.",
        "{Rebels} abducted {n} passengers from a bus on the highway south of {town} on {day}.",
        "A roadside bomb exploded under a police truck near {town} on {day}, killing {n} officers.",
    ],
    "unrest": [
        "Hundreds of people marched through {town} on {day} to protest against rising bread prices.",
        "Protesters in {town} set tyres alight and blocked the main road on {day}; police fired tear gas and {m} people were hurt.",
        "Traders in {town} closed their shops on {day} in a peaceful sit-in over new taxes.",
    ],
    "territory": [
        "{Rebels} took control of {town} on {day} after {state} withdrew without a fight, {claimant} said.",
        "{State} said on {day} they had retaken {town} from {rebels}, a claim that could not be verified.",
    ],
}
CLAIM_TEMPLATES = [
    "{Claimant} gave a higher toll of {k} dead, while {other} put the number at {n}.",
    "{Other} denied that any civilians had been killed and said only fighters were hit.",
    "According to {claimant}, {k} people were killed and many more are missing.",
    "{Claimant} told reporters that at least {m} of the wounded were children.",
]
QUOTE_TEMPLATES = [
    "\"We heard the first explosions just after the call to prayer and then it did not stop,\" said {person}, who lives in {town}.",
    "\"The situation is very difficult and the roads are closed,\" {person}, a teacher, said by phone.",
    "\"Our forces are in full control of the area,\" {person}, a spokesman for {state}, said in a statement.",
]
# Sentences that describe no event: statements, plans, meetings, history, totals over a period.
BACKGROUND_TEMPLATES = [
    "The {country} government has promised an inquiry into the violence and called for calm.",
    "Delegations of both sides are due to meet next week in a neighbouring capital for talks.",
    "The region has seen repeated fighting since the collapse of a ceasefire two years ago.",
    "Aid agencies say more than {k} thousand people have fled their homes in {province} this year.",
    "Officials warned that further attacks on roads leading to {town} could cut off food supplies.",
    "The United Nations urged all parties to protect civilians and allow humanitarian access.",
    "Analysts said the offensive was meant to put pressure on the talks before the rainy season.",
    "Prices of fuel and flour in {town} have doubled since the start of the month, traders said.",
    "The ministry said it would send reinforcements to the province in the coming days.",
    "Mobile networks in parts of {province} have been down for several days, making reports hard to check.",
]
FURNITURE = ["Share this article", "Subscribe to our newsletter", "Read more:", "Advertisement", "Comments"]


@dataclass
class Story:
    """One invented real event that several outlets report."""

    country: str
    town: str
    province: str
    kind: str
    day: date
    dead: int
    wounded: int
    seed: int


@dataclass
class SyntheticArticle:
    title: str
    text: str
    outlet: str
    url: str
    published: str

    def record(self) -> dict:
        return {"title": self.title, "text": self.text, "source": self.outlet, "url": self.url,
                "date": self.published}

    def plain_text(self) -> str:
        """As a plain-text dump: outlet line, headline, byline and date, then the story."""
        return f"{self.outlet.upper()}  |  World\n\n{self.title}\n\n{self.published}\n\n{self.text}\n"


def outlets(count: int, rng: random.Random) -> list[str]:
    names = [f"The {a} {b}" for a in OUTLET_WORDS[0] for b in OUTLET_WORDS[1]]
    rng.shuffle(names)
    return names[:count]


def new_story(rng: random.Random, start: date, days: int) -> Story:
    country = rng.choice(sorted(THEATRES))
    town, province = rng.choice(sorted(THEATRES[country]["towns"].items()))
    return Story(country, town, province, rng.choice(sorted(EVENT_TEMPLATES)),
                 start + timedelta(days=rng.randrange(days)), rng.choice([2, 3, 4, 5, 7, 9, 12, 15, 20, 31]),
                 rng.randrange(1, 40), rng.randrange(1 << 30))


def _fill(template: str, story: Story, rng: random.Random, published: date) -> str:
    theatre = THEATRES[story.country]
    state, rebels = rng.choice(theatre["state"]), rng.choice(theatre["rebels"])
    claimant, other = rng.sample(CLAIMANTS, 2)
    # A weekday within the week of publication, else the date (as the press writes them).
    recent = 0 <= (published - story.day).days <= 6
    day = WEEKDAYS[story.day.weekday()] if recent else f"{story.day.day} {story.day.strftime('%B')}"
    dead = story.dead + rng.choice([0, 0, 0, 1, 2, 5])  # outlets disagree on figures
    values = {"state": state, "rebels": rebels, "town": story.town, "province": f"{story.province} province",
              "day": day, "n": _number(dead, rng), "m": _number(story.wounded, rng),
              "k": _number(dead + rng.randrange(3, 12), rng), "claimant": claimant, "other": other,
              "country": story.country, "person": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"}
    values.update({key.capitalize(): _capitalised(value) for key, value in values.items() if isinstance(value, str)})
    return template.format(**values)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: int, rng: random.Random) -> str:
    return NUMBER_WORDS[value] if value in NUMBER_WORDS and rng.random() < 0.4 else str(value)


def _paragraphs(stories: list[Story], rng: random.Random, published: date, target_chars: int) -> list[str]:
    """Event sentences for each story, then claims, quotes and background until the length is reached."""
    paragraphs: list[str] = []
    for story in stories:
        lead = _fill(rng.choice(EVENT_TEMPLATES[story.kind]), story, rng, published)
        paragraphs.append(lead)
    size = sum(len(p) for p in paragraphs)
    while size < target_chars:
        story = rng.choice(stories)
        roll = rng.random()
        if roll < 0.3:
            pool = EVENT_TEMPLATES[story.kind]
        elif roll < 0.5:
            pool = CLAIM_TEMPLATES
        elif roll < 0.65:
            pool = QUOTE_TEMPLATES
        else:
            pool = BACKGROUND_TEMPLATES
        sentences = [_fill(rng.choice(pool), story, rng, published) for _ in range(rng.randint(1, 3))]
        paragraph = " ".join(sentences)
        if rng.random() < 0.04:
            paragraph = rng.choice(FURNITURE)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return paragraphs


def article_length(rng: random.Random) -> int:
    """Characters of a story: mostly 1.5k-7k, one in fifty a long situation report of 15k-40k."""
    if rng.random() < 0.02:
        return rng.randint(15_000, 40_000)
    return int(min(12_000, max(900, rng.lognormvariate(8.1, 0.45))))


def feed_item_length(rng: random.Random) -> int:
    """Characters of a news feed item's summary (headline apart): a paragraph or two."""
    return rng.randint(250, 900)


def compose(stories: list[Story], outlet: str, rng: random.Random, target_chars: int, number: int) -> SyntheticArticle:
    first = stories[0]
    published = first.day + timedelta(days=rng.choice([0, 0, 1, 1, 2]))
    paragraphs = _paragraphs(stories, rng, published, target_chars)
    theatre = THEATRES[first.country]
    title = _capitalised(f"{rng.choice(theatre['rebels'] + theatre['state'])} "
                         f"{rng.choice(['blamed for', 'report', 'deny', 'claim'])} "
                         f"{rng.choice(['deadly', 'new', 'heavy', 'overnight'])} "
                         f"{rng.choice(['violence', 'fighting', 'attack', 'unrest'])} in {first.town}")
    byline = f"By {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    dateline = f"{first.town.upper()} — "
    text = "\n\n".join([byline, dateline + paragraphs[0], *paragraphs[1:]])
    slug = outlet.lower().replace("the ", "").replace(" ", "-")
    return SyntheticArticle(title, text, outlet, f"https://{slug}.example/news/{number}", published.isoformat())


def near_copy(original: SyntheticArticle, outlet: str, rng: random.Random, number: int) -> SyntheticArticle:
    """A syndicated copy: another outlet and headline, a sentence or two changed or dropped."""
    paragraphs = original.text.split("\n\n")
    if len(paragraphs) > 4:
        del paragraphs[rng.randrange(2, len(paragraphs))]
    paragraphs.append(f"Reporting by {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}; editing by the desk.")
    slug = outlet.lower().replace("the ", "").replace(" ", "-")
    return SyntheticArticle(f"{original.title} (update)", "\n\n".join(paragraphs), outlet,
                            f"https://{slug}.example/wire/{number}", original.published)


def generate(count: int, seed: int = 1, *, outlet_count: int = 120, near_copy_share: float = 0.08,
             start: date = date(2024, 3, 1), feed: bool = False) -> Iterator[SyntheticArticle]:
    """`count` articles about invented events: about three reports per event, over count/20 days
    (with `feed`, feed items: a headline and a summary of a paragraph or two)."""
    length = feed_item_length if feed else article_length
    rng = random.Random(seed)
    sources = outlets(outlet_count, rng)
    days = max(1, count // 20)
    stories: list[Story] = []
    recent: list[SyntheticArticle] = []
    for number in range(count):
        if recent and rng.random() < near_copy_share:
            article = near_copy(rng.choice(recent), rng.choice(sources), rng, number)
        else:
            if not stories or rng.random() < 0.35:
                stories.append(new_story(rng, start, days))
                stories = stories[-300:]
            picked = [rng.choice(stories) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
            article = compose(picked, rng.choice(sources), rng, length(rng), number)
        recent = (recent + [article])[-50:]
        yield article


def long_document(chars: int, seed: int = 1) -> SyntheticArticle:
    """One situation report of about `chars` characters covering many events (for the length bench)."""
    rng = random.Random(seed)
    stories = [new_story(rng, date(2024, 3, 1), 10) for _ in range(max(1, chars // 2500))]
    return compose(stories, "The Daily Monitor", rng, chars, seed)


def write(articles: Iterator[SyntheticArticle], out: Path) -> int:
    """JSON Lines when `out` ends in .jsonl, else one .txt file per article in the folder `out`."""
    written = 0
    if out.suffix == ".jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            for article in articles:
                handle.write(json.dumps(article.record(), ensure_ascii=False) + "\n")
                written += 1
        return written
    out.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (out / f"{written:06d}.txt").write_text(article.plain_text(), encoding="utf-8")
        written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventfold.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100, help="how many articles (default 100)")
    parser.add_argument("--out", required=True, help="FILE.jsonl, or a folder for one .txt file per article")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same corpus (default 1)")
    parser.add_argument("--feed", action="store_true", help="feed items (a headline and a short summary)")
    parser.add_argument("--long", type=int, metavar="CHARS",
                        help="instead: one situation report of about CHARS characters")
    options = parser.parse_args(argv)
    if options.long:
        items = iter([long_document(options.long, options.seed)])
    else:
        items = generate(options.articles, options.seed, feed=options.feed)
    written = write(items, Path(options.out))
    print(f"{written} articles written to {options.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
