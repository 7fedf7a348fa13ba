"""States and territories as actors, from countries.tsv (names Chinese news uses,
one-character abbreviations such as 美 俄, "side" forms such as 美方), with ISO codes
checked against pycountry."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from jishi.lang.data import DataFileError, DataFiles
from jishi.lang.zh.records import ActorRecord

STATE_STATUSES = frozenset({"un-member", "un-observer", "partly-recognised"})
STATUSES = STATE_STATUSES | {"territory"}


@dataclass(frozen=True)
class Country:
    """One row of countries.tsv, checked: how Chinese news names a state or territory."""

    iso3: str
    name: str
    name_en: str
    aliases: tuple[str, ...]
    abbreviation: str
    side: str
    qid: str | None
    status: str

    @property
    def is_state(self) -> bool:
        """A territory (Hong Kong, Greenland) is a place; the rest are states."""
        return self.status in STATE_STATUSES

    @property
    def forms(self) -> frozenset[str]:
        """Every way the table writes it: 美国, 美利坚合众国, 美, 美方."""
        return frozenset(f for f in (self.name, *self.aliases, self.abbreviation, self.side) if f)


@cache
def countries(files: DataFiles) -> tuple[Country, ...]:
    """countries.tsv as typed rows; codes checked against pycountry (XKX is Kosovo's
    user-assigned code), so a typo in a user row is named at load time."""
    rows = []
    for path, part in files.table_parts("countries.tsv"):
        for row in part:
            code = row["iso3"]
            if pycountry.countries.get(alpha_3=code) is None and code != "XKX":
                raise DataFileError(f"{path}: {code!r} is not an ISO 3166 alpha-3 code")
            if row["status"] not in STATUSES:
                raise DataFileError(f"{path}: {code}: unknown status {row['status']!r}")
            aliases = tuple(a for a in row["aliases"].split("|") if a)
            rows.append(
                Country(
                    code,
                    row["name"],
                    row["name_en"],
                    aliases,
                    row["abbreviation"],
                    row["side"],
                    row["qid"] or None,
                    row["status"],
                )
            )
    return tuple(rows)


def country_records(files: DataFiles) -> list[ActorRecord]:
    """States and territories as actor records."""
    return [
        ActorRecord(
            id=country.iso3,
            name=country.name,
            aliases=[*country.aliases, *filter(None, [country.side])],
            name_en=country.name_en,
            kind="state" if country.is_state else "place",
            country=country.iso3,
            sector="government" if country.is_state else None,
            qid=country.qid,
        )
        for country in countries(files)
    ]


def country_abbreviations(files: DataFiles) -> dict[str, list[str]]:
    """One-character abbreviation -> the alpha-3 codes that use it (several: ambiguous)."""
    codes: dict[str, list[str]] = {}
    for country in countries(files):
        if country.abbreviation:
            codes.setdefault(country.abbreviation, []).append(country.iso3)
    return codes


@cache
def country_forms(files: DataFiles) -> frozenset[str]:
    """Every way the table names a state or territory, to tell states from other places."""
    return frozenset(form for country in countries(files) for form in country.forms)


# English short forms that glosses and wire copy use beside ISO's names.
ENGLISH_SHORT_NAMES = {"US": "USA", "USA": "USA", "UK": "GBR", "Britain": "GBR", "PRC": "CHN"}


@cache
def english_country_codes(files: DataFiles) -> dict[str, str]:
    """English country names (ours and ISO's) -> alpha-3, for reading dictionary glosses."""
    names: dict[str, str] = {}
    for entry in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(entry, attribute, None)
            if value:
                names[value] = entry.alpha_3
    for country in countries(files):
        names[country.name_en] = country.iso3
    names.update(ENGLISH_SHORT_NAMES)
    return names
