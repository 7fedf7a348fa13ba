"""The actor knowledge base: every record by every Chinese surface form, role holders
by office, and the institutions composed from a known holder and a suffix.

Sources, merged in order: countries.tsv, the curated files in data/actors/, the
user's own files (a later record with the same id or Chinese name replaces an
earlier one). ``known_names()`` gives the mentions stage every surface we can link
with its entity type; ``ambiguous_names()`` the surfaces several actors share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jishi.lang.data import DataFileError, DataFiles, data_path, snapshot
from jishi.lang.zh.cedict import dictionary
from jishi.lang.zh.countries import country_abbreviations, country_records
from jishi.lang.zh.records import (
    ActorRecord,
    RoleRecord,
    _check_unique,
    merge_records,
    read_actor_file,
    shipped_actor_files,
    slug,
)
from jishi.model import EntityType

# Short office forms Chinese news uses for the long ones in the records, and the names of
# the same office in monarchies and in Japan (荷兰外交大臣 = 荷兰外长, 日本外相).
# 兼 joins two offices held at once (首相兼外交大臣): grammar, not a word list.
JOINT_OFFICE = "兼"


@cache
def office_synonyms(files: DataFiles) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern for a short office form at a title's end, and each form's full office."""
    synonyms = {row["short"]: row["full"] for row in files.table("office_synonyms.tsv")}
    forms = sorted(synonyms, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, forms)) + ")$"), synonyms


def full_office(title: str, files: DataFiles) -> str:
    """A title with a short office form at its end spelled out: 美国防长 -> 美国国防部长."""
    ending, synonyms = office_synonyms(files)
    found = ending.search(title)
    return title[: found.start()] + synonyms[found.group()] if found else title


# --- the index -----------------------------------------------------------------


@dataclass
class ActorIndex:
    """Actors by every Chinese surface form, and role holders by (holder, office).

    It keeps the data files it was built from, so that what is composed from them
    later (office forms, institution names) comes from the same user folder.
    """

    files: DataFiles
    records: dict[str, ActorRecord] = field(default_factory=dict)
    by_surface: dict[str, list[str]] = field(default_factory=dict)
    by_title: dict[str, list[str]] = field(default_factory=dict)
    holders: dict[str, list[str]] = field(default_factory=dict)
    offices: dict[tuple[str, str], list[tuple[RoleRecord, str]]] = field(default_factory=dict)
    office_names: set[str] = field(default_factory=set)
    # parse_title's answers: the index does not change once built, and the actors
    # stage asks about the same titles again and again (60,000 times on the bench corpus)
    _parsed: dict[str, tuple[str, str] | None] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without its data files (a snapshot, jishi.lang.data): the loader
        attaches the live ones."""
        return {k: v for k, v in self.__dict__.items() if k not in ("files", "_parsed")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state, files=None, _parsed={})

    def add(self, record: ActorRecord, surfaces: Iterable[str]) -> None:
        self.records[record.id] = record
        names = self.by_title if record.title_only else self.by_surface
        for surface in surfaces:
            ids = names.setdefault(surface, [])
            if record.id not in ids:
                ids.append(record.id)

    def lookup(self, surface: str, as_title: bool = False) -> list[ActorRecord]:
        """Records named ``surface``; publications named by an ordinary phrase only when
        the text wrote it as a title (《外交政策》)."""
        ids = self.by_surface.get(surface, [])
        if as_title:
            ids = ids + self.by_title.get(surface, [])
        return [self.records[i] for i in ids]

    def index_roles(self) -> None:
        """Split each role title into its holder (美国, 联合国) and the office (总统, 秘书长)."""
        for record in self.records.values():
            for role in record.roles:
                parsed = self.parse_title(role.title)
                if parsed is None:
                    raise DataFileError(
                        f"actor {record.id}: title {role.title!r} does not start with a "
                        "known state, organization or place"
                    )
                self.offices.setdefault(parsed, []).append((role, record.id))
                self.office_names.add(parsed[1])

    def parse_title(self, title: str) -> tuple[str, str] | None:
        """'乌总统' -> ('UKR', '总统'): the longest known holder prefix, then the office.

        Short office forms are spelled out first (伊朗外长 -> 伊朗外交部长), so a query
        splits where the record's title splits, even at an organization (伊朗外交部|长).
        """
        if title not in self._parsed:
            self._parsed[title] = self._parse_title(title)
        return self._parsed[title]

    def _parse_title(self, title: str) -> tuple[str, str] | None:
        title = full_office(title, self.files)
        for cut in range(len(title) - 1, 0, -1):
            holder_ids = self.holders.get(title[:cut])
            if holder_ids and len(holder_ids) == 1:
                return holder_ids[0], title[cut:]
        return None

    def known_office(self, office: str) -> bool:
        """Whether every part of an office (首相兼外交大臣: two parts) is a known office."""
        return all(self._known_parts(office))

    def names_an_office(self, office: str) -> bool:
        """Whether some part of an office is a known office: 会长兼首席执行官 names the
        chamber's president even if no record holds the title of chief executive."""
        return any(self._known_parts(office))

    def _known_parts(self, office: str) -> Iterator[bool]:
        """For each part of an office (兼 joins them), whether it is a known office."""
        return (
            full_office(part, self.files) in self.office_names
            for part in office.split(JOINT_OFFICE)
        )

    def holders_on(self, title: str, date: str | None) -> list[ActorRecord]:
        """The one holder on ``date`` of each office the title names (兼 joins offices)."""
        parsed = self.parse_title(title)
        if parsed is None:
            return []
        found: list[ActorRecord] = []
        for part in parsed[1].split(JOINT_OFFICE):
            office = (parsed[0], full_office(part, self.files))
            held = {actor for role, actor in self.offices.get(office, ()) if role.held_on(date)}
            if len(held) == 1:
                found.append(self.records[held.pop()])
        return found

    def names_a_holder(self, title: str) -> bool:
        """Whether the data knows someone who held every office the title names (美国总统,
        乌总统, 卡塔尔首相兼外交大臣), at whatever date."""
        parsed = self.parse_title(title)
        return parsed is not None and all(
            (parsed[0], full_office(part, self.files)) in self.offices
            for part in parsed[1].split(JOINT_OFFICE)
        )

    def holder_of(self, title: str, date: str | None) -> ActorRecord | None:
        """Who held ``title`` on ``date``; None when nobody or several did."""
        found = {record.id: record for record in self.holders_on(title, date)}
        return next(iter(found.values())) if len(found) == 1 else None


def build_index(
    records: list[ActorRecord], abbreviations: Mapping[str, list[str]], files: DataFiles
) -> ActorIndex:
    """Index every record by its names, states also by their abbreviations; every state,
    organization and place is also a possible title holder (美国|总统, 联合国|秘书长)."""
    index = ActorIndex(files)
    for record in records:
        index.add(record, record.surfaces())
    for surface, codes in abbreviations.items():
        for code in codes:
            index.add(index.records[code], [surface])
    for record in index.records.values():
        if record.kind != "person":
            for surface in record.surfaces():
                index.holders.setdefault(surface, []).append(record.id)
    for surface, codes in abbreviations.items():
        index.holders[surface] = list(codes)
    index.index_roles()
    return index


@cache
def actor_index(files: DataFiles, user_files: tuple[Path, ...] = ()) -> ActorIndex:
    """The merged index for one data folder and set of user actor files, built once
    per process, and kept as a snapshot in the user cache for the next."""
    inputs = (*files.user_paths(), *user_files)
    index = snapshot("actor-index", ActorIndex, lambda: _actor_index(files, user_files), inputs)
    index.files = files
    return index


def _actor_index(files: DataFiles, user_files: tuple[Path, ...]) -> ActorIndex:
    shipped = [record for path in shipped_actor_files() for record in read_actor_file(path)]
    _check_unique(data_path("actors"), shipped)
    layers = [country_records(files), shipped]
    layers += [read_actor_file(path) for path in user_files]
    return build_index(merge_records(layers), country_abbreviations(files), files)


@cache
def known_names(files: DataFiles, user_files: tuple[Path, ...] = ()) -> dict[str, EntityType]:
    """Every Chinese surface name we can link, with its entity type, for the gazetteer.

    Curated and country names come first; dictionary proper nouns only where the gloss
    settles the type and the characters are neither a bare surname nor also an ordinary
    word (和平 is a district but mostly "peace").
    """
    names: dict[str, EntityType] = {}
    for surface, entry in dictionary().items():
        if entry.type is not None and not (entry.name_only or entry.common_word):
            names[surface] = entry.type
    index = actor_index(files, user_files)
    for surface, ids in index.by_surface.items():
        names[surface] = index.records[ids[0]].entity_type
    return names


def ambiguous_names(files: DataFiles, user_files: tuple[Path, ...] = ()) -> dict[str, list[str]]:
    """Surfaces shared by several actors -> their ids (linked only when the article decides)."""
    index = actor_index(files, user_files)
    return {surface: ids for surface, ids in index.by_surface.items() if len(ids) > 1}


# English names that read with "the": "Ministry of Finance of the Netherlands".
THE_STATES = re.compile(
    r"^(?:United |.*Republic|.*Islands$|Netherlands$|Philippines$|Bahamas$|Gambia$)"
)


@cache
def institutions(files: DataFiles) -> dict[str, tuple[str, str]]:
    """Institution suffix (外交部) -> (English name, sector), from institutions.tsv."""
    rows = files.table("institutions.tsv")
    return {row["suffix"]: (row["name_en"], row["sector"]) for row in rows}


def state_institution(surface: str, index: ActorIndex) -> ActorRecord | None:
    """埃及外交部 -> Ministry of Foreign Affairs of Egypt: a state, place or organization
    we know (朝鲜劳动党中央委员会, 纽约警方), then an institution suffix (institutions.tsv)."""
    parsed = index.parse_title(surface)
    if parsed is None or parsed[1] not in institutions(index.files):
        return None
    holder = index.records[parsed[0]]
    name_en, sector = institutions(index.files)[parsed[1]]
    of_holder = with_article(holder)
    full_name = (
        name_en.format(state=of_holder) if "{state}" in name_en else f"{name_en} of {of_holder}"
    )
    return ActorRecord(
        id=f"{holder.id}-{slug(full_name)}",
        name=surface,
        name_en=full_name,
        kind="organization",
        country=holder.country,
        sector=holder.sector if holder.kind == "organization" else sector,
    )


@cache
def subdivision_names(files: DataFiles) -> dict[tuple[str, str], str]:
    """(country, administrative word) -> English template, from subdivisions.tsv; a code
    that is not ISO 3166 alpha-3 or a template without {name} is named at once."""
    names: dict[tuple[str, str], str] = {}
    for path, rows in files.table_parts("subdivisions.tsv"):
        for row in rows:
            if not re.fullmatch(r"[A-Z]{3}", row["country"]) or "{name}" not in row["name_en"]:
                raise DataFileError(f"{path}: {row['country']} {row['word']}: bad row")
            names[(row["country"], row["word"])] = row["name_en"]
    return names


@cache
def missions(files: DataFiles) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern for state + 驻 + host + mission word, and each word's English template."""
    names = {row["word"]: row["name_en"] for row in files.table("missions.tsv")}
    stationed = [r["word"] for r in files.table("name_context.tsv") if r["kind"] == "stationed"]
    alternation = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    joiners = "|".join(map(re.escape, sorted(stationed, key=len, reverse=True)))
    return re.compile(f"^(.+?)(?:{joiners})(.+?)({alternation})$"), names


def organization_of(surface: str, index: ActorIndex) -> ActorRecord | None:
    """An institution of a known state or organization (埃及外交部) or a state's mission
    abroad (中国驻美国大使馆)."""
    return diplomatic_mission(surface, index) or state_institution(surface, index)


def diplomatic_mission(surface: str, index: ActorIndex) -> ActorRecord | None:
    """中国驻美国大使馆 -> Embassy of China in the United States: the sending state and the
    host (a state, a city, an organization) must both be known, each by one record."""
    pattern, names = missions(index.files)
    found = pattern.match(surface)
    if found is None:
        return None
    state, host = index.lookup(found.group(1)), _host_name(found.group(2), index)
    if len(state) != 1 or state[0].kind != "state" or host is None:
        return None
    name_en = names[found.group(3)].format(state=with_article(state[0]), host=host)
    return ActorRecord(
        id=f"{state[0].id}-{slug(name_en)}",
        name=surface,
        name_en=name_en,
        kind="organization",
        country=state[0].country,
        sector="government",
    )


def _host_name(surface: str, index: ActorIndex) -> str | None:
    """The English name of where a mission is: one known actor, else a dictionary place."""
    records = index.lookup(surface)
    if len(records) == 1:
        return with_article(records[0])
    entry = dictionary().get(surface)
    return entry.name_en if not records and entry and entry.type in (None, "LOC") else None


def with_article(holder: ActorRecord) -> str:
    """The holder's English name as it reads after "of": the Netherlands, the European
    Union, but Egypt, NATO, Hamas."""
    name = holder.name_en
    if holder.kind != "organization":
        needs_the = THE_STATES.match(name) is not None
    else:
        needs_the = " " in name and not name.startswith("The ")
    return ("the " if needs_the else "") + name


def iter_records(files: DataFiles, user_files: tuple[Path, ...] = ()) -> Iterator[ActorRecord]:
    """All merged actor records (for listings and exports)."""
    yield from actor_index(files, user_files).records.values()


@dataclass
class UserFileReport:
    """What user actor files change, for a reviewer before a long run."""

    records: dict[Path, int]
    added: list[ActorRecord]
    replaced: list[ActorRecord]
    shared: dict[str, list[str]]


def check_user_files(files: DataFiles, user_files: tuple[Path, ...]) -> UserFileReport:
    """Validate user files (DataFileError on bad data) and say what they add and replace,
    and which surfaces now name several actors (linked only when an article settles it)."""
    shipped = actor_index(files)
    merged = actor_index(files, user_files)
    records = {path: len(read_actor_file(path)) for path in user_files}
    new = [r for r in merged.records.values() if shipped.records.get(r.id) != r]
    shipped_names = {r.name for r in shipped.records.values()}
    replaced = [r for r in new if r.id in shipped.records or r.name in shipped_names]
    added = [r for r in new if r.id not in {old.id for old in replaced}]
    new_surfaces = {surface for r in new for surface in r.surfaces()}
    shared = {s: ids for s, ids in ambiguous_names(files, user_files).items() if s in new_surfaces}
    return UserFileReport(records, added, replaced, shared)
