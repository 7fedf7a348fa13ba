"""docs/api.md is a tutorial that runs: every python block, in order, in one namespace,
from a folder holding a copy of samples/ (so the database it makes is a fresh one)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, flags=re.DOTALL | re.MULTILINE)


def test_the_api_tutorial_runs(tmp_path: Path) -> None:
    blocks = python_blocks((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 8, "the tutorial's blocks are found"
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    namespace: dict[str, Any] = {"__name__": "tutorial"}
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        for number, block in enumerate(blocks):
            code = compile(block, f"docs/api.md block {number}", "exec")
            exec(code, namespace)
    finally:
        os.chdir(here)
    assert (tmp_path / "demo.sqlite").is_file() and (tmp_path / "events.parquet").is_file()
