"""A real store for the web app's tests: short stories written for them, ingested and processed by
the real pipeline (spaCy, gazetteer, extraction, fusion) into a real SQLite file.

Two outlets tell one clash with different death tolls (a contested event), a third tells a
protest elsewhere, and one hostile article carries script, event-handler and javascript: payloads
in its title and text: every page must show them as text, and none may run.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import threading
import time
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

# The payloads set window.__pwned when they run; the browser tests check it stays undefined.
SCRIPT_PAYLOAD = "<script>window.__pwned='script'</script>"
HANDLER_PAYLOAD = "<img src=x onerror=\"window.__pwned='onerror'\">"
LINK_PAYLOAD = "<a href=\"javascript:window.__pwned='link'\">details</a>"
HOSTILE_TITLE = f"Gunmen attack market in Kadugli {SCRIPT_PAYLOAD}"

STORIES = {
    "clash_first.txt": """Army and rebels clash near El Fasher

By Staff Reporter
EL FASHER, April 12, 2023 — Soldiers and fighters of the Sudan Liberation Army clashed on Tuesday, April 11, \
in the outskirts of El Fasher in North Darfur state, residents said.
Residents said 12 people were killed in the fighting, most of them fighters.
""",
    "clash_second.txt": """Deadly fighting on the edge of El Fasher

By Desk Writer
April 13, 2023
Heavy fighting broke out between the army and Sudan Liberation Army fighters on the edge of El Fasher, North \
Darfur, on April 11, according to a local official.
The official said 30 people were killed in the clashes.
""",
    "protest.txt": """Students march in Khartoum

By Staff Reporter
KHARTOUM, April 14, 2023 — Hundreds of students protested peacefully in Khartoum on Thursday, April 13, against \
the closure of their university, organisers said.
""",
    "hostile.txt": f"""{HOSTILE_TITLE}

By Staff Reporter
KADUGLI, April 15, 2023 — Gunmen killed four traders at a market in Kadugli in South Kordofan state on Friday, \
April 14, police said {HANDLER_PAYLOAD}.
Police said the attackers fled on motorbikes {LINK_PAYLOAD}.
""",
}
RETRIEVED_AT = "2023-04-20"


def write_stories(folder: Path, names: tuple[str, ...] = tuple(STORIES)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(STORIES[name], encoding="utf-8")
    return folder


# Stores built in this test run, by what went into them: each test module copies one instead of
# processing the same articles again (a build loads spaCy and takes ~20 s).
_BUILT: dict[tuple, Path] = {}


def built_store(inputs: tuple[str, ...] = (), actors: tuple[str, ...] = (), retrieved_at: str = RETRIEVED_AT,
                stories: tuple[str, ...] = tuple(STORIES)) -> Path:
    """A store of these inputs and stories, processed by the real pipeline (built once per test run)."""
    key = (inputs, actors, retrieved_at, stories)
    if key not in _BUILT:
        folder = Path(tempfile.mkdtemp(prefix="eventfold-serve-"))
        atexit.register(shutil.rmtree, folder, True)
        _BUILT[key] = _build(folder, inputs, actors, retrieved_at, stories)
    return _BUILT[key]


def _build(folder: Path, inputs, actors, retrieved_at: str, stories) -> Path:
    from eventfold.annotate.entities import actor_file_path
    from eventfold.ingest import IngestOptions
    from eventfold.pipeline import ingest
    from eventfold.store import Store

    story_folder = write_stories(folder / "stories", stories)
    path = folder / "serve.db"
    with Store.open(path) as store:
        options = IngestOptions(retrieved_at=datetime.fromisoformat(retrieved_at))
        report = ingest(store, [*inputs, str(story_folder)], options,
                        actor_files=tuple(str(actor_file_path(a)) for a in actors))
        assert not report.failed, report
    return path


def copy_store(source: Path, target_folder: Path) -> Path:
    """A private copy of a built store (tests that write corrections must not disturb the others)."""
    target_folder.mkdir(parents=True, exist_ok=True)
    target = target_folder / source.name
    with closing(sqlite3.connect(source)) as db:  # fold the write-ahead log in: one file to copy
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(source, target)
    return target


@contextmanager
def running_app(store_path: Path):
    """The web app on a free loopback port, served by a real uvicorn in a thread: yields its base URL."""
    import uvicorn

    from eventfold.serve.app import create_app
    from eventfold.serve.bench import _free_port

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(store_path)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
