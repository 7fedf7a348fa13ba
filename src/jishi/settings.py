"""Settings passed to every stage.

Kept apart from the pipeline and imported by nothing it would need: a stage
gets its settings as an argument, never by reaching into the pipeline or a
global. ``data_dir`` is resolved here once (from the config file or the
environment, by jishi.config) and handed down, so two pipelines in one process
may read different user data folders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# The pipeline's stages in order; pipeline.STAGES maps each name to its function.
STAGE_ORDER: tuple[str, ...] = (
    "layout",
    "text",
    "mentions",
    "times",
    "actors",
    "quotes",
    "events",
)


# What an input is read as (jishi.ingest).
InputFormat = Literal["text", "markdown", "html", "pdf"]
INPUT_FORMATS: tuple[InputFormat, ...] = ("text", "markdown", "html", "pdf")


@dataclass
class Settings:
    """Options every stage may read; defaults give the embedded, offline setup."""

    stages: list[str] = field(default_factory=lambda: list(STAGE_ORDER))
    backend: str = "default"
    actors_files: list[Path] = field(default_factory=list)
    data_dir: Path | None = None
    published: str | None = None
    outlet: str | None = None
    # read every input as this, whatever its file name says (None: by its suffix, and
    # stdin by its first bytes: %PDF, HTML markup, else text)
    input_format: InputFormat | None = None
