"""Explanation steps as text: the one numbered form the verdict, the documents and the CLI print.

>>> step_lines([{"article": "RCEP Art. 3.5", "text": "RVC 45.2% ≥ 40%", "outcome": "pass"},
...             {"article": "RCEP Art. 3.2", "text": "Originating.", "outcome": "info"}])
['1. [RCEP Art. 3.5] RVC 45.2% ≥ 40% → pass', '2. [RCEP Art. 3.2] Originating.']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def step_lines(steps: Iterable[Mapping[str, Any]]) -> list[str]:
    """Steps (``article``, ``text``, ``outcome``) as numbered lines; a test shows its outcome."""
    return [
        f"{n}. [{s.get('article', '')}] {s.get('text', '')}"
        + ("" if s.get("outcome") in (None, "info") else f" → {s.get('outcome')}")
        for n, s in enumerate(steps, 1)
    ]
