"""States and territories as actors, from countries.tsv (names Chinese news uses,
one-character abbreviations such as 美 俄, "side" forms such as 美方), with ISO codes
checked against pycountry."""

from __future__ import annotations

from functools import cache

import pycountry

from jishi.lang.data import DataFileError, table
from jishi.lang.zh.records import ActorRecord

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
