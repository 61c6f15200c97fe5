"""A small real store for the review and notebook API tests: six articles written for these tests,
ingested once per test session through the real command line (real spaCy, real gazetteer, real
SQLite), then copied for each test that changes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli

from eventfold.store import Store

# Two outlets on one raid (9 vs 14 killed: a contested event), an air strike in Somalia, a protest,
# a clash near Gao with killed and wounded, and a second clash a week later in another region.
STORIES = {
    "raid_first.txt": """Gunmen kill nine villagers in central Mali

By Field Correspondent
BAMAKO, June 12, 2023 — Armed men on motorbikes attacked the village of Djenné in Mopti region on Sunday, \
June 11, killing nine civilians, a local official said.
The official said the attackers burned granaries and stole cattle before fleeing toward the border.
""",
    "raid_second.txt": """Village raid in Mopti region leaves many dead

By News Desk
June 13, 2023
Residents said fourteen civilians were killed when gunmen stormed Djenné in Mopti region on Sunday, June 11.
A resident said the gunmen set fire to homes and shops.
""",
    "strike.txt": """Army says air strike killed militants in Somalia

By Staff Writer
MOGADISHU, June 20, 2023 — A military air strike hit an al-Shabaab camp near Jilib in Middle Juba region \
on Monday, June 19, killing 20 militants, the Somali army said.
""",
    "march.txt": """Traders march in Bamako over fuel prices

By Field Correspondent
BAMAKO, June 15, 2023 — Hundreds of traders marched peacefully through Bamako on Thursday, June 15, to \
protest against rising fuel prices, organisers said.
""",
    "gao.txt": """Soldiers and rebels clash near Gao

By News Desk
GAO, June 22, 2023 — Malian soldiers and rebel fighters clashed outside Gao on Wednesday, June 21, the army \
said. Six soldiers were killed and four were wounded in the fighting, according to the army.
""",
    "timbuktu.txt": """Fighting reported near Timbuktu

By Staff Writer
June 29, 2023
Rebel fighters and Malian soldiers fought near Timbuktu on Wednesday, June 28, residents said. Three rebels \
were killed, the army said.
""",
}


def built_store(tmp_path_factory) -> Path:
    """The store built from STORIES (once per session; later calls reuse the file)."""
    folder = tmp_path_factory.getbasetemp() / "review-corpus"
    store = folder / "built.db"
    if not store.exists():
        articles = folder / "articles"
        articles.mkdir(parents=True, exist_ok=True)
        for name, text in STORIES.items():
            (articles / name).write_text(text, encoding="utf-8")
        result = run_cli("--db", str(folder / "building.db"), "ingest", "--quiet", str(articles))
        assert result.returncode == 0, result.stderr.decode()
        (folder / "building.db").rename(store)
    return store


def store_copy(tmp_path_factory, tmp_path: Path) -> Path:
    """A fresh copy of the built store for one test to change."""
    copy = tmp_path / "review.db"
    shutil.copyfile(built_store(tmp_path_factory), copy)
    return copy


@pytest.fixture
def db(tmp_path_factory, tmp_path):
    """A test's own copy of the built store, as a path."""
    return store_copy(tmp_path_factory, tmp_path)


@pytest.fixture
def store(db):
    """A test's own copy of the built store, opened."""
    with Store.open(db) as opened:
        yield opened
