"""Credits: wire datelines, source lines and the outlets they name.

新华社首尔2月13日电 is a dateline (agency, place, date); 据新华社 or ■综合新华社/法新社
a source line; …一部分。 据新华社 a credit trailing a paragraph. Outlets credited
together are written one way (新华社/央视).
"""

from __future__ import annotations

import re
from datetime import date

from jishi.lang.zh import punct
from jishi.model import Dateline
from jishi.stages.layout.blocks import TRAILER_CHARS
from jishi.stages.layout.rules import Rules

PARENS = punct.PARENS_OPEN + punct.PARENS_CLOSE
# The usual length of a reporter's name (see dateline_place).
REPORTER_NAME = 3
# Marks between the places of a dateline filed from several bureaus.
PLACE_JOINERS = frozenset(punct.ENUMERATION_COMMA + punct.SLASHES)


def source_name(text: str, rules: Rules) -> str:
    """The outlet named in a source line (据新华社, ■综合新华社, 来源：人民网)."""
    line = rules.source_line.match(text)
    if line:
        return outlet_list(line.group("name") or line.group("bare"), rules)
    meta = rules.meta_source.match(text) or rules.site_credit.match(text)
    return meta.group("name") if meta else text


def outlet_list(names: str, rules: Rules) -> str:
    """Outlets credited together, written one way: 新华社、央视 → 新华社/央视.

    A known outlet behind a country name is named alone (日本共同社 → 共同社).
    """
    return "/".join(map(rules.known_outlet, rules.outlet_joiner.split(names)))


def split_trailing_source(text: str, rules: Rules) -> tuple[str, str | None]:
    """'…一部分。 据新华社' → ('…一部分。', '新华社')."""
    tail_start = max(0, len(text) - TRAILER_CHARS)
    match = rules.trailing_source.search(text, tail_start)
    if not match:
        return text, None
    return text[: match.start()].rstrip(), outlet_list(
        match.group("name") or match.group("bare"), rules
    )


def parse_dateline(text: str, published: date | None, rules: Rules) -> Dateline | None:
    """A wire dateline at the start of a paragraph, its date in the paper's year.

    Undated openings (本报讯, 据新华社电) count too, with no date.
    """
    match = rules.dateline.match(text)
    if not match:
        undated = rules.undated_dateline.match(text)
        if undated is None:
            return None
        return Dateline(
            agency=undated.group("paper") or undated.group("agency"),
            place=undated.group("place") or None,
            text=undated.group("full"),
        )
    return Dateline(
        agency=match.group("agency"),
        place=dateline_place(match, rules),
        date=_dateline_date(match, published),
        text=match.group("full"),
    )


def dateline_place(match: re.Match[str], rules: Rules) -> str | None:
    """The place of a dateline; after a reporter's name (记者杨明珠东京) the two run
    together, and the place is the known place name the run ends with, else what
    follows a name of three characters (two when only two would be left)."""
    reporter = match.group("reporter")
    place = match.group("place") or ""
    if not reporter:
        return place or None
    run = reporter + place
    known = next((run[k:] for k in range(2, len(run) - 1) if run[k:] in rules.places), None)
    if known:
        return known
    cut = REPORTER_NAME if len(run) - REPORTER_NAME >= 2 else len(run) - 2
    return run[max(cut, 0) :] or None


def closing_dateline(text: str, published: date | None, rules: Rules) -> Dateline | None:
    """The dated dateline a closing line opens with: （本报约翰内斯堡1月8日电） or
    （本报仰光1月10日电 记者丁子）. An undated one （本报莫斯科电） and one from several
    bureaus （本报华盛顿、开罗1月5日电）, a roundup's credit, are not read as datelines."""
    match = rules.dateline.match(text.strip(PARENS))
    if match is None or PLACE_JOINERS & set(match.group("place")):
        return None
    return Dateline(
        agency=match.group("agency"),
        place=match.group("place") or None,
        date=_dateline_date(match, published),
        text=match.group("full"),
    )


def _dateline_date(match: re.Match[str], published: date | None) -> str | None:
    """ISO date of a dateline; a December dateline in a January paper is last year, and
    a day alone (中央社东京12日电) is in the paper's month, or the one before."""
    day = int(match.group("day"))
    if match.group("year"):
        year, month = int(match.group("year")), int(match.group("month"))
    elif published is None:
        return None
    elif match.group("month"):
        month = int(match.group("month"))
        year = published.year - (1 if month > published.month + 1 else 0)
    else:
        earlier = day > published.day + 1
        month = published.month - earlier or 12
        year = published.year - (earlier and published.month == 1)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def as_outlet(name: str | None, outlet: str | None, rules: Rules) -> str | None:
    """A credit as the given outlet when it names that outlet: 本报 (the paper itself),
    or a member of the outlet's family (央视网 on a 央视 page). Without an outlet, or
    for anyone else's credit, the name as credited."""
    if name is None or outlet is None:
        return name
    if name in rules.words.own_outlet:
        return outlet
    family = rules.families.get(name)
    return outlet if family is not None and family == rules.families.get(outlet, outlet) else name
