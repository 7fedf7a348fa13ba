"""Shared fixtures: the evaluation data in ../shared/eval, when it is there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SEED = "000_cc79090cf7741063"


def _require_shared() -> Path:
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"evaluation data not found at {SHARED_EVAL} (clone ../shared beside the repo)")
    return SHARED_EVAL


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """The ../shared/eval folder; tests that need it skip with a reason without it."""
    return _require_shared()


@pytest.fixture(scope="session")
def seed_text(shared_eval: Path) -> str:
    """The real newspaper page used as the seed document."""
    return (shared_eval / "docs" / f"{SEED}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold(shared_eval: Path) -> dict[str, Any]:
    """The hand-made answer key for the seed page."""
    gold: dict[str, Any] = json.loads((shared_eval / "gold" / f"{SEED}.json").read_text("utf-8"))
    return gold


@pytest.fixture(scope="session")
def sample_page() -> Path:
    """The page we wrote ourselves that ships with the project."""
    return ROOT / "samples" / "page.txt"
