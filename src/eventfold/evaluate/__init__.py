"""Evaluations: one module per benchmark format, each with `evaluate(data, limit) -> dict`.

`eventfold eval TASK --data DIR` is the usual way in; `python -m eventfold.evaluate.MODULE DIR`
runs one module directly through `command_line`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable, Optional


def command_line(evaluate: Callable[[Path, Optional[int]], dict], description: str,
                 argv: Optional[list[str]] = None) -> None:
    """Parse `DATA [--limit N]`, run the evaluation, print its figures as JSON."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(evaluate(args.data, args.limit), indent=2, ensure_ascii=False))
