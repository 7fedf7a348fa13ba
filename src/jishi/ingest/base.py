"""What every part of ingest shares: its error and the metadata found with a text."""

from __future__ import annotations

from dataclasses import dataclass

from jishi.model import PublishedBasis


class IngestError(ValueError):
    """An input cannot be read; the message names the file and the problem."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str]]:
        """Rebuilt from name and problem, so it reaches the parent of a worker process whole."""
        return IngestError, (self.name, self.problem)


@dataclass(frozen=True)
class Metadata:
    """What a document's dates and credits are resolved against."""

    published: str | None = None
    outlet: str | None = None
    # where a date not given by the user came from (an HTML page's own metadata: "page")
    published_from: PublishedBasis | None = None

    def over(self, fallback: Metadata) -> Metadata:
        """These values, with fallback's where these are missing."""
        if self.published:
            return Metadata(self.published, self.outlet or fallback.outlet, self.published_from)
        return Metadata(fallback.published, self.outlet or fallback.outlet, fallback.published_from)
