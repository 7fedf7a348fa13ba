"""Actor records: the format of the curated YAML files and their loading.

One record per actor (docs/actors.md): Chinese name and aliases, English name,
kind, country, sector, QID and roles with dates. Files are validated as they are
read, so a bad record is reported with its file and number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jishi.lang.data import DataFileError, data_path, derived_cache, read_yaml
from jishi.model import EntityType

ActorKind = Literal["person", "state", "organization", "place"]
KIND_TYPE: dict[str, EntityType] = {
    "person": "PER",
    "state": "LOC",
    "place": "LOC",
    "organization": "ORG",
}
# Marks that wrap names of publications (《纽约时报》) or quote them.
WRAPPERS = "《》〈〉“”\"'「」『』"


# --- records -------------------------------------------------------------------


def _iso_date(value: object) -> object:
    """YAML reads 2025-01-20 as a date; roles keep ISO text (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


class RoleRecord(BaseModel):
    """One title held from ``start`` to ``end`` (open where missing)."""

    model_config = ConfigDict(extra="forbid")

    title: str
    title_en: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    start: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    end: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")

    _dates = field_validator("start", "end", mode="before")(_iso_date)

    def held_on(self, date: str | None) -> bool:
        """Whether the role was held on ``date``. ``end`` is the first day out of office;
        a partial end (2025-06) still covers its whole month or year."""
        if date is None:
            return self.end is None
        starts = (self.start or "0000") <= date
        partial_end = self.end is not None and len(self.end) < len("YYYY-MM-DD")
        ends = self.end is None or date < self.end or (partial_end and date.startswith(self.end))
        return starts and ends


class ActorRecord(BaseModel):
    """One actor as written in a curated YAML file (see docs/actors.md)."""

    model_config = ConfigDict(extra="forbid")

    id: str = ""
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    name_en: str = Field(min_length=1)
    aliases_en: list[str] = Field(default_factory=list)
    kind: ActorKind
    type: EntityType | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    sector: str | None = None
    qid: str | None = Field(default=None, pattern=r"^Q\d+$")
    roles: list[RoleRecord] = Field(default_factory=list)
    # A publication whose name is also an ordinary phrase (外交政策 "foreign policy"):
    # matched only when written as a title in 《》, and kept out of the gazetteer.
    title_only: bool = False

    @field_validator("name", "aliases")
    @classmethod
    def _bare_names(cls, value: str | list[str]) -> str | list[str]:
        """Lookups strip publication marks and quotes first, so a name keeping them never
        matches: write 纽约时报, not 《纽约时报》."""
        for name in [value] if isinstance(value, str) else value:
            if not name or bare(name) != name:
                raise ValueError(f"{name!r}: write names without spaces, 《》 or quotes")
        return value

    def model_post_init(self, context: object) -> None:
        """Fill what follows from the rest: id from the English name, type from the kind."""
        if not self.id:
            self.id = slug(self.name_en)
        if self.type is None:
            self.type = KIND_TYPE[self.kind]
        for role in self.roles:
            role.country = role.country or self.country

    @property
    def entity_type(self) -> EntityType:
        return self.type or KIND_TYPE[self.kind]

    def surfaces(self) -> list[str]:
        return [self.name, *self.aliases]


def slug(text: str) -> str:
    """A stable id from an English name: lower case, words joined by '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def read_actor_file(path: Path) -> list[ActorRecord]:
    """Validated records of one YAML file; errors name the file and the record.

    Parsing the shipped files' YAML costs over a second per process: the records are
    kept in the user cache under the hash of the file and of this module (which
    defines them), so a later run only validates them again.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataFileError(f"{path}: cannot read ({error.strerror})") from None
    key = hashlib.sha256(data + _RECORDS_SOURCE).hexdigest()[:20]
    rows = derived_cache(
        f"actors-{path.stem}-{key}.json",
        lambda: [record.model_dump(mode="json") for record in _parse_actor_file(path)],
        stale=f"actors-{path.stem}-*.json",
    )
    return [ActorRecord.model_validate(row) for row in rows]


_RECORDS_SOURCE = Path(__file__).read_bytes()


def _parse_actor_file(path: Path) -> list[ActorRecord]:
    raw = read_yaml(path)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise DataFileError(f"{path}: expected a list of actor records, got {type(raw).__name__}")
    records: list[ActorRecord] = []
    for number, item in enumerate(raw, start=1):
        label = item.get("id") or item.get("name") if isinstance(item, dict) else None
        try:
            records.append(ActorRecord.model_validate(item))
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}"
                for e in error.errors()
            )
            raise DataFileError(f"{path}: record {number} ({label}): {problems}") from error
    _check_unique(path, records)
    return records


def _check_unique(path: Path | str, records: list[ActorRecord]) -> None:
    """Two records of one source may share an alias, never an id or a canonical name."""
    for attribute in ("id", "name"):
        seen: set[str] = set()
        for record in records:
            value = getattr(record, attribute)
            if value in seen:
                raise DataFileError(f"{path}: {attribute} {value!r} is used by two records")
            seen.add(value)


def shipped_actor_files() -> list[Path]:
    """The curated files shipped with the package, in a stable order."""
    return sorted(data_path("actors").glob("*.yaml"))


def merge_records(layers: Iterable[list[ActorRecord]]) -> list[ActorRecord]:
    """Later layers replace earlier records with the same id or the same Chinese name."""
    merged: dict[str, ActorRecord] = {}
    id_by_name: dict[str, str] = {}
    for layer in layers:
        for record in layer:
            old_id = id_by_name.get(record.name)
            if old_id is not None:
                del merged[old_id]
            if record.id in merged:
                del id_by_name[merged[record.id].name]
            merged[record.id] = record
            id_by_name[record.name] = record.id
    return list(merged.values())


# --- linking -------------------------------------------------------------------


def bare(text: str) -> str:
    """A surface without publication marks or spaces: 《国会山》 -> 国会山."""
    return "".join(text.split()).strip(WRAPPERS)
