"""Stage "mentions": persons, places and organizations named in each article.

The statistical backend (stage "text") finds most names but errs in ways news
copy makes predictable: it glues titles to names (黎总统约瑟夫·奥恩), takes
state abbreviations for names (美乌/PER), cuts transliterated names it does not
know (代表卡|拉斯), and misses organizations named by suffix or in 《》. Layers
of general rules sit on top of it, each producing candidate spans:

- backend spans, first split into their parts (state prefix, titles, name);
- gazetteer matches (Aho-Corasick over every name the actor data knows);
- patterns: dotted foreign names, title + transliterated name, capital + city,
  organizations by suffix, media titles in 《》, one-character state
  abbreviations (俄乌, 美方, 以军), "full name（short name）" aliases.

Overlaps are resolved longest first (ties by how reliable the source is), and
the surviving mentions are grouped into one entity per real-world thing within
the article (贝森特 = 斯科特·贝森特, 乌 = 乌克兰, 哈马斯 = 巴勒斯坦伊斯兰抵抗运动).
Headline, deck, kicker, dateline place and credited source are read too; their
mentions carry ``paragraph=-1`` and name the article field in ``part``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise

from jishi.lang.data import data_files
from jishi.lang.zh.kb import JOINT_OFFICE
from jishi.lang.zh.names import NameLexicon, entity_type, name_lexicon
from jishi.lang.zh.punct import (
    CLAUSE_MARKS,
    ENUMERATION_COMMA,
    NAME_DOTS,
    NAME_HYPHENS,
    QUOTE_CLOSE,
)
from jishi.lang.zh.romanize import chinese_name_parts, is_chinese_surname
from jishi.model import Article, Document, Entity, EntityType, Mention, Paragraph, Role, Token
from jishi.settings import Settings

# How much a source is trusted when two candidates of the same length overlap.
DICTIONARY, BACKEND, PATTERN, GAZETTEER, MARKED = 0, 1, 2, 3, 4
CLAUSE_BREAKS = set('，。；：！？、,;:!?（）()《》“”"「」『』 \t')
# Parts of speech that can sit inside an organization's name (LAC and jieba tag sets).
NAME_PARTS = {"LOC", "ORG", "PER", "n", "nz", "nt", "ns", "nr", "j", "vn", "an"}
# Tags of proper names: a dictionary name that is one token needs one of them.
# Tags of words that are never a state abbreviation standing alone (以 in 以2∶0,
# 新 in 对新时期).
FUNCTION_TAGS = {"p", "c", "u", "d", "f", "m", "q", "r", "xc", "w", "v", "t", "TIME", "a", "ad"}
# A two-character sequence this frequent is a word, enough to cut a name before it (通|电话).
KNOWN_WORD_FREQUENCY = 20
# Tags of an adjective: a one-character state abbreviation so tagged is the word (新 "new").
ADJECTIVE_TAGS = {"a", "ad", "an"}
# Tags of a lone character that may be the last of a name the tagger cut (罗豪|才/d).
EXTENDING_TAGS = {"d", "v", "vd", "a", "ad"}
PROPER = {"LOC", "ORG", "PER", "nz", "nt", "ns", "nr", "nrt", "nrfg", "j"}
# Longest name of a people (维吾尔族, 哈萨克族) screened as neither organization nor place.
MAX_PEOPLE_CHARS = 5
# Sectors of a state's own institutions, whose state is listed as a mention too (韩国|外交部).
STATE_SECTORS = {"government", "military"}
# What may close a name in a list of reporters ((记者周效政、胡友松)).
LIST_ENDS = "、）) \u3000"
# Tags of what may follow a title that stands for its holder with no name after it
# (美国总统|14日|表示, 乌总统|当天|在): a time, an adverb, a verb, a preposition or a mark,
# not a noun that makes the title part of a longer word (总统|选举, 总统|官邸).
BARE_TITLE_FOLLOWERS = {"TIME", "t", "d", "v", "vd", "p", "w"}
MAX_ORG_CHARS = 24
# Numerals that end a count before a measure word (从一|个), and the measure words' tags.
CHINESE_NUMERALS = frozenset("一二三四五六七八九十两百千万")
MEASURE_TAGS = {"q", "m"}
# Longest everyday word (an idiom, 毛手毛脚) a person found inside it is dropped for.
MAX_IDIOM_CHARS = 4
# A run of transliteration characters this long before a feature word names it (托尔汉姆口岸).
MIN_TRANSLITERATED_FEATURE = 3
# This many state characters in a row are a list of states without a head word (英法德).
MIN_STATE_LIST = 3
# Longest unknown tagger span dropped for holding a one-character state (华加 in 对华加征).
MAX_GLUED_CHARS = 3
# A subdivision glued to its country is longer than this (东努沙登加拉省, not 全省).
MIN_SUBDIVISION_CHARS = 2
# Longest everyday word (CC-CEDICT) the tagger may take for an organization (地质灾害).
MAX_PLAIN_ORG_CHARS = 4
# Longest institution word after a country whose state is listed as a mention too (总统府).
MAX_INSTITUTION_CHARS = 3
# Longest head or title word looked for after a state abbreviation.
MAX_HEAD_CHARS = 6
# Longest title word looked for before a person's name.
MAX_TITLE_CHARS = 6
MAX_ALIAS_CHARS = 8


@dataclass(frozen=True)
class Candidate:
    """A span that may be a mention; ``canonical`` is the name it stands for (乌 → 乌克兰)."""

    start: int
    end: int
    type: EntityType
    priority: int
    canonical: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


# --- candidates from the backend ---------------------------------------------------


def split_backend_span(
    text: str, start: int, end: int, kind: EntityType, lex: NameLexicon
) -> Iterator[Candidate]:
    """Cut a backend span into known prefix, titles and name (黎议长纳比·贝里 → 黎 + 纳比·贝里).

    A span that is only abbreviations (俄乌, 美俄元) gives the states; a known name
    plus a descriptor (韩国政府, 哈马斯代表团, 慕尼黑安全会议) gives the name; a
    country before a named institution (英国伦敦国王学院) is a mention of its own.
    """
    surface = text[start:end]
    if kind == "PER" and _surname_and_title(surface, lex):
        # 江|主席: the person is the surname, a name of its own though also a word (江 "river")
        yield Candidate(start, start + 1, "PER", PATTERN, surface[0])
        return
    if kind == "PER" and (named := _name_before_address(surface, lex)):
        # 周|先生, 程阳|先生, 费舍尔|议长: the person is the name, the rest how he is addressed
        yield Candidate(start, start + len(named), "PER", PATTERN, surface)
        return
    if kind != "ORG" and (place := _place_before_descriptor(surface, lex)):
        yield Candidate(start, start + len(place), "LOC", BACKEND)  # 东北|地区, 卡拉奇|晴
        return
    if kind == "LOC" and surface in lex.abbreviations:
        yield _abbreviation(surface, start, lex)  # 驻|俄/LOC: the state's character
        return
    if surface in lex.sides and surface[0] in lex.side_states:
        name, kind = lex.side_states[surface[0]]
        yield Candidate(start, start + 1, kind, PATTERN, name)
        return
    if len(surface) > 1 and all(char in lex.abbreviations for char in surface):
        if len(surface) >= MIN_STATE_LIST and surface not in lex.names:
            yield from (_abbreviation(char, start + i, lex) for i, char in enumerate(surface))
            return  # 与|英法德|在: a list of states is its own evidence
        following = text[end : end + MAX_HEAD_CHARS]
        if surface not in lex.names and not lex.starts_with_head(following, pair=True):
            return  # 俄新|一轮: two state characters with nothing to show they are states
    if parts := _state_and_body(surface, start, lex):
        yield from parts
        return
    if surface in lex.names and not surface.endswith(lex.event_words):
        known = lex.names[surface] if surface in lex.curated else kind
        yield Candidate(start, end, known, BACKEND, lex.country_names.get(surface))
        return
    if (cut := _two_curated_names(surface, lex)) is not None:
        for left, right in ((start, start + cut), (start + cut, end)):
            yield Candidate(left, right, lex.names[text[left:right]], BACKEND)
        return
    prefix = _state_prefix(surface, kind, text[end : end + MAX_HEAD_CHARS], lex)
    position = start + len(prefix)
    yield from _prefix_candidates(prefix, start, lex)
    title_start = position
    while (title := lex.title_pattern.match(text, position, end)) is not None:
        position = title.end()
    rest = text[position:end]
    if not prefix and position == start:
        if not surface.endswith(lex.event_words):
            yield Candidate(start, end, _retyped(surface, kind, lex), BACKEND)
    elif rest in lex.names:
        yield Candidate(position, end, lex.names[rest], BACKEND, lex.country_names.get(rest))
    elif position > title_start and len(rest) > 1 and rest not in lex.descriptors:
        yield Candidate(position, end, kind, BACKEND)
    elif prefix and kind == "ORG" and _names_institution(rest, lex):
        yield Candidate(position, end, "ORG", BACKEND)
    elif prefix and (hosted := _hosted_organization(rest, lex)):
        yield Candidate(position, position + len(hosted), "ORG", BACKEND)
    elif kind == "LOC" and _is_subdivision(prefix, rest, lex):
        yield Candidate(position, end, "LOC", BACKEND)


def _two_curated_names(surface: str, lex: NameLexicon) -> int | None:
    """白宫椭圆形办公室: a span no list names that is two curated names, neither a state,
    glued by the segmenter; where the second begins."""
    if surface in lex.names:
        return None
    for cut in range(2, len(surface) - 1):
        left, right = surface[:cut], surface[cut:]
        if all(
            p in lex.curated and p in lex.names and p not in lex.country_names
            for p in (left, right)
        ):
            return cut
    return None


def _name_before_address(surface: str, lex: NameLexicon) -> str | None:
    """The name in a person span that ends in how the person is addressed: a word of
    address after a surname or a Chinese name (周先生, 李大娘, 程阳先生), a title after a
    name (费舍尔议长, 明仁天皇). The name is the mention, as the corpora mark it; the
    entity keeps the whole as its name."""
    word = next((w for w in lex.address_words if surface.endswith(w)), None)
    if word is not None and len(surface) > len(word) and lex.files is not None:
        name = surface[: -len(word)]
        if len(name) == 1 and is_chinese_surname(name):
            return name
        if chinese_name_parts(name, lex.files) is not None:
            return name
    for cut in range(2, len(surface) - 1):
        name, rest = surface[:cut], surface[cut:]
        if rest in lex.titles and lex.title_pattern.search(name) is None:
            return name if not lex.is_plain_word(name) else None
    return None


def _place_before_descriptor(surface: str, lex: NameLexicon) -> str | None:
    """东北地区, 内蒙古西部, 法兰克福晴 (even tagged a person): a place no list names,
    glued to a descriptor, which a known name loses by ``_state_prefix``; the place is a
    word of the dictionary, and no everyday one."""
    for cut in range(len(surface) - 1, 1, -1):
        head, rest = surface[:cut], surface[cut:]
        known = head in lex.names
        if rest in lex.descriptors and not known and lex.is_word(head):
            return None if lex.is_plain_word(head) else head
    return None


def _surname_and_title(surface: str, lex: NameLexicon) -> bool:
    """江主席, 李总理: a Chinese surname and a title name a person by the surname alone."""
    return (
        len(surface) > 1
        and surface[0] not in lex.abbreviations  # 黎总统 is Lebanon's president
        and surface[1:] in lex.titles
        and lex.files is not None
        and is_chinese_surname(surface[0])
    )


def _is_subdivision(country: str, rest: str, lex: NameLexicon) -> bool:
    """印度尼西亚|东努沙登加拉省: a country, then a place named with an administrative
    word (省, 州, 市), which is a mention of its own."""
    return (
        country in lex.country_names
        and len(rest) > MIN_SUBDIVISION_CHARS
        and rest.endswith(lex.admin_words)
        and not rest.endswith(lex.descriptor_words)
    )


def _hosted_organization(rest: str, lex: NameLexicon) -> str | None:
    """纽约|联合国总部, 美国|白宫, 也门|胡塞武装: a curated organization (not a generic
    institution like 外交部, which belongs to the state before it) after a place,
    alone or with a descriptor (总部)."""
    for cut in range(len(rest), 1, -1):
        name, tail = rest[:cut], rest[cut:]
        if lex.names.get(name) == "ORG" and name in lex.curated and name not in lex.head_set:
            own = name.endswith(lex.org_suffixes)  # 以色列工党, 深圳华为公司: the place's own
            return name if not own and (not tail or tail in lex.descriptors) else None
    return None


def _names_institution(rest: str, lex: NameLexicon) -> bool:
    """伦敦国王学院 after 英国: a known city (not a country), then words ending in an
    org suffix; the country before it is a mention of its own."""
    return rest.endswith(lex.org_suffixes) and any(
        lex.names.get(rest[:cut]) == "LOC" and rest[:cut] not in lex.country_names
        for cut in range(2, len(rest) - 1)
    )


def _retyped(surface: str, kind: EntityType, lex: NameLexicon) -> EntityType:
    """A place ending in an org suffix is an ORG (韩国统一部, not 华北北部); a name
    ending in a natural feature is a place (莱沃托比拉基拉基火山/PER)."""
    if kind == "LOC" and _ends_organization(surface, lex) and len(surface) > 2:
        return "ORG"
    named_feature = any(
        surface.endswith(word) and len(surface) > len(word) + 1 for word in lex.feature_words
    )
    return "LOC" if kind != "LOC" and (named_feature or _admin_person(surface, kind, lex)) else kind


def _admin_person(surface: str, kind: EntityType, lex: NameLexicon) -> bool:
    """康斯坦察县/PER, 巴达赫尚省/PER: a transliterated name and an administrative word is a
    place, though the tagger took it for a person; not a Chinese name that ends in one of
    those characters (王建州)."""
    return (
        kind == "PER"
        and surface.endswith(lex.admin_words)
        and len(surface) > MIN_SUBDIVISION_CHARS + 1
        and lex.files is not None
        and chinese_name_parts(surface, lex.files) is None
    )


def _state_prefix(surface: str, kind: EntityType, following: str, lex: NameLexicon) -> str:
    """The leading known name or run of state abbreviations of a backend span.

    Only taken when what follows is not the rest of an organization's name:
    英国广播公司 keeps its 英国, 韩国政府 loses its 政府.
    """
    for cut in range(len(surface) - 1, 1, -1):
        head, rest = surface[:cut], surface[cut:]
        if head in lex.names:
            institution = head in lex.country_names and _names_institution(rest, lex)
            split = _is_not_name_part(rest, lex) or institution
            split = split or _hosted_organization(rest, lex) is not None
            split = split or (kind == "LOC" and _is_subdivision(head, rest, lex))
            # 印尼|火山: a country's volcanoes, not a volcano's name
            split = split or (head in lex.country_names and rest in lex.feature_words)
            # 以色列|海法, 卡塔尔|多哈: a country, then a place of its own name
            split = split or (head in lex.country_names and _is_place_name(rest, lex))
            stray = kind == "ORG" and head in lex.curated and _is_stray(rest, lex)
            return head if split or stray else ""
    run = 0
    while (
        run < len(surface)
        and surface[run] in lex.abbreviations
        and not _starts_known_name(surface[run:], lex)
    ):
        run += 1
    rest = surface[run:]
    if _ends_organization(rest, lex) and rest not in lex.curated:
        return ""  # 法中委员会 is one organization
    # a word of relations after a pair may begin an organization's name (美中|经贸促进会)
    if run >= 2 and lex.starts_with_head(rest + following, pair=kind != "ORG"):
        return surface[:run]  # 俄乌|冲突, 美俄元|首: a pair of states before a head word
    if run == 1 and (lex.starts_with_head(rest) or rest in lex.curated):
        return surface[:run]
    return ""


def _is_place_name(text: str, lex: NameLexicon) -> bool:
    """A known place that is not a country (海法, 多哈, 青海)."""
    return lex.names.get(text) == "LOC" and text not in lex.country_names


def _starts_known_name(text: str, lex: NameLexicon) -> bool:
    """在巴|阿富汗难民: a state character that begins a known name (阿 of 阿富汗) is that
    name's first character, not one more state of a run."""
    return any(text[:cut] in lex.names for cut in range(2, min(len(text), MAX_HEAD_CHARS) + 1))


def _is_stray(rest: str, lex: NameLexicon) -> bool:
    """One character glued after a known name that cannot end an organization's
    name (北约|会因此)."""
    return len(rest) == 1 and rest not in lex.org_suffix_set


def _is_not_name_part(rest: str, lex: NameLexicon) -> bool:
    """What follows a known name is a descriptor, a title or a meeting, not more name."""
    return (
        rest in lex.descriptors
        or lex.title_pattern.match(rest) is not None
        or rest.endswith(lex.event_words)
        or any(side in rest for side in lex.sides)  # 联合国|敦促美方: another party
    )


def _prefix_candidates(prefix: str, start: int, lex: NameLexicon) -> Iterator[Candidate]:
    if not prefix:
        return
    if prefix not in lex.names and all(char in lex.abbreviations for char in prefix):
        for offset, char in enumerate(prefix):
            yield _abbreviation(char, start + offset, lex)
        return
    kind = lex.names.get(prefix, "LOC")
    yield Candidate(start, start + len(prefix), kind, BACKEND, lex.country_names.get(prefix))


def _abbreviation(char: str, start: int, lex: NameLexicon) -> Candidate:
    states = lex.abbreviations[char]
    canonical = states[0] if len(states) == 1 else None
    return Candidate(start, start + 1, "LOC", PATTERN, canonical)


# --- candidates from the gazetteer and patterns -----------------------------------


def gazetteer_candidates(text: str, tokens: list[Token], lex: NameLexicon) -> Iterator[Candidate]:
    """Known names in the text; overlaps are settled later, longest first.

    Curated names may cut a token the segmenter got wrong (普京 in 普|京通) but
    not a common word (统一部 in 统一|部署) or a title (美国财政部 in 财政|部长).
    Dictionary names must agree with the segmenter: start and end on token
    boundaries and not be one plain word (资源, 和平 are also place names).
    """
    starts = {token.start: token for token in tokens}
    ends = {token.end for token in tokens}
    covering: dict[int, Token] = {}  # cell -> its token, made when a name cuts a token
    title_cells = {
        cell: match.end()
        for match in lex.title_pattern.finditer(text)
        for cell in range(match.start(), match.end())
    }
    for last, (name, kind) in lex.gazetteer.iter(text):
        start, end = last - len(name) + 1, last + 1
        if title_cells.get(last, end) > end or _inside_common_word(text, start, end, lex):
            continue
        if name in lex.curated:
            if not covering and (start not in starts or end not in ends):
                covering.update((c, t) for t in tokens for c in range(t.start, t.end))
            cut_tokens = [
                token
                for token in (
                    covering.get(start) if start not in starts else None,
                    covering.get(last) if end not in ends else None,
                )
                if token
            ]
            if len(cut_tokens) == 2 or any(lex.is_common_word(t.text) for t in cut_tokens):
                continue
        else:
            first = starts.get(start)
            if first is None or end not in ends or (first.end == end and first.pos not in PROPER):
                continue
        priority = GAZETTEER if name in lex.curated else DICTIONARY
        yield from _state_and_body(name, start, lex) or [
            Candidate(start, end, kind, priority, lex.country_names.get(name))
        ]


def _state_and_body(name: str, start: int, lex: NameLexicon) -> list[Candidate]:
    """A name that is a country before a curated organization's name (也门胡塞武装 =
    也门 + 胡塞武装, a form the actor data also lists): the country is a mention of
    its own."""
    for cut in range(2, len(name) - 1):
        body = _hosted_organization(name[cut:], lex) if name[:cut] in lex.country_names else None
        if body == name[cut:]:
            return [
                Candidate(start, start + cut, "LOC", GAZETTEER, lex.country_names[name[:cut]]),
                Candidate(start + cut, start + len(name), "ORG", GAZETTEER),
            ]
    return []


def _inside_common_word(text: str, start: int, end: int, lex: NameLexicon) -> bool:
    """Whether a frequent dictionary word covers the span and more (发展中国家 ⊃ 中国)."""
    for left in range(max(0, start - 3), start + 1):
        for right in range(end, min(len(text), end + 3) + 1):
            if (left, right) != (start, end) and lex.is_common_word(text[left:right]):
                return True
    return False


def dotted_names(text: str, lex: NameLexicon) -> Iterator[Candidate]:
    """Foreign personal names written with a middle dot (约瑟夫·奥恩); with an
    administrative word after it the name is a place's (尼·伯尔切斯库镇)."""
    for match in lex.dotted_pattern.finditer(text):
        end = match.end()
        admin = next((w for w in lex.admin_words if text.startswith(w, end)), None)
        if admin is not None and not lex.is_word(text[end : end + len(admin) + 1]):
            yield Candidate(match.start(), end + len(admin), "LOC", PATTERN)
        else:
            yield Candidate(match.start(), end, "PER", PATTERN)


def titled_names(text: str, tokens: list[Token], lex: NameLexicon) -> Iterator[Candidate]:
    """A transliterated name right after a title (外长巴罗, 发言人哈克12日)."""
    token_starts = {token.start for token in tokens}
    for match in lex.title_pattern.finditer(text):
        end = match.end()
        while end < len(text) and (text[end] in lex.translit or text[end] in NAME_DOTS):
            end += 1
        name = text[match.end() : end].strip(NAME_DOTS)
        # 总理内塔尼亚胡|办公室: the segmenter glued the name to an office after it
        boundary = end == len(text) or end in token_starts or text.startswith(lex.org_suffixes, end)
        if len(name) >= 2 and boundary and not lex.title_pattern.match(text, match.end()):
            yield Candidate(match.end(), match.end() + len(name), "PER", PATTERN)


def reporters(text: str, lex: NameLexicon) -> Iterator[Candidate]:
    """(记者周效政、胡友松), 本台记者王小明报道: the Chinese names after a reporter word,
    listed with 、, each up to the list's end (a bracket, a mark, a space or a word of
    filing); a piece that is not a Chinese name ends the list."""
    if lex.files is None:
        return
    for match in lex.reporters.finditer(text):
        yield from _listed_chinese_names(text, match.end(), lex)


def _listed_chinese_names(text: str, start: int, lex: NameLexicon) -> Iterator[Candidate]:
    position = start
    while position < len(text):
        end = position
        while end < len(text) and "\u4e00" <= text[end] <= "\u9fff":  # the ideographs' range
            end += 1
        piece = text[position:end]
        filed = next((w for w in lex.filed_words if piece.endswith(w)), "")
        name = piece[: len(piece) - len(filed)]
        closed = filed or end == len(text) or text[end] in LIST_ENDS
        if not closed or lex.files is None or chinese_name_parts(name, lex.files) is None:
            return  # 答记者问时说: no list of names
        yield Candidate(position, position + len(name), "PER", PATTERN)
        if filed or text[end : end + 1] != ENUMERATION_COMMA:
            return
        position = end + 1


def capital_cities(text: str, lex: NameLexicon) -> Iterator[Candidate]:
    """A city after 首都/首府, which the segmenter tends to glue to it (首都基辅)."""
    for word in lex.capital_words:
        for match in re.finditer(re.escape(word), text):
            end = match.end()
            while end < len(text) and text[end] in lex.translit and end - match.end() < 8:
                end += 1
            if end - match.end() >= 2:
                yield Candidate(match.end(), end, "LOC", PATTERN)


def media_titles(text: str, lex: NameLexicon) -> Iterator[Candidate]:
    """《》 titles of media: 《耶路撒冷邮报》, or 美国《国会山》日报 with the suffix outside."""
    for match in re.finditer(r"《([^《》]{1,20})》", text):
        inner = match.group(1)
        after = text[match.end() : match.end() + 3]
        if inner.endswith(lex.media_suffixes) or after.startswith(lex.media_suffixes):
            yield Candidate(match.start(1), match.end(1), "ORG", MARKED)


def suffix_organizations(text: str, tokens: list[Token], lex: NameLexicon) -> Iterator[Candidate]:
    """Organizations named by a suffix word, built back over name-like tokens.

    俄罗斯科学院/ORG 美国/LOC 和 加拿大研究所/ORG → one ORG; the chain must start with a
    place or organization so that a plain noun phrase (研究所) is not taken.
    """
    for index, token in enumerate(tokens):
        if token.pos not in NAME_PARTS or not _ends_organization(token.text, lex):
            continue
        first = index
        if index > 0 and _ends_organization(tokens[index - 1].text, lex):
            continue  # apposition: 咨询公司欧亚集团 is a description, then the name
        while first > 0 and _joins_organization(tokens, first - 1, token.end, lex):
            first -= 1
        while first < index and tokens[first].text in lex.conjunctions:
            first += 1
        chain = tokens[first:index]
        if not chain or len(chain[0].text) < 2 or not _is_named(chain[0], lex):
            continue
        joined = any(part.text in lex.conjunctions for part in chain)
        if joined and not (chain[0].pos in ("ORG", "nt") or _ends_organization(chain[0].text, lex)):
            continue  # 美国和俄罗斯队 is a place and a team, not one name
        yield Candidate(chain[0].start, token.end, "ORG", PATTERN)


def _ends_organization(word: str, lex: NameLexicon) -> bool:
    return (
        word.endswith(lex.org_suffixes)
        and word not in lex.org_suffix_set
        and not word.endswith(lex.descriptor_words)
        and not word.endswith(lex.not_org_words)
        and word not in lex.head_set
    )


def _joins_organization(tokens: list[Token], index: int, end: int, lex: NameLexicon) -> bool:
    """Whether tokens[index] belongs to the organization name that ends at ``end``.

    A conjunction joins only two places (美国和加拿大研究所), never two organizations
    (世界银行和亚洲开发银行 are two names).
    """
    token, following = tokens[index], tokens[index + 1]
    if token.end != following.start or end - token.start > MAX_ORG_CHARS:
        return False
    if token.text in lex.conjunctions:
        before = tokens[index - 1] if index > 0 else None
        return before is not None and _is_place(before, lex) and _starts_with_place(following, lex)
    return token.pos in NAME_PARTS and token.text not in lex.titles


def _is_place(token: Token, lex: NameLexicon) -> bool:
    return token.pos in ("LOC", "ns") or lex.names.get(token.text) == "LOC"


def _starts_with_place(token: Token, lex: NameLexicon) -> bool:
    return _is_place(token, lex) or any(
        lex.names.get(token.text[:cut]) == "LOC" for cut in range(2, len(token.text))
    )


def _is_named(token: Token, lex: NameLexicon) -> bool:
    return token.pos in ("LOC", "ORG", "ns", "nt") or token.text in lex.names


def abbreviation_mentions(text: str, tokens: list[Token], lex: NameLexicon) -> Iterator[Candidate]:
    """One-character states in compounds: 美方, 以军, 乌总统, 对俄, 美、俄、乌, 俄|乌冲突.

    A character counts when a head word follows it and ends at a token boundary
    (以军 but not 以|军事) and it does not end a common word (司法|部长, 其中|方面),
    or when it is a token of its own, not a function word (以 in 以2∶0), and
    stands after a preposition or in a list of states (美、俄、乌).
    """
    token_ends = {token.end for token in tokens}
    lone = {
        token.start for token in tokens if len(token.text) == 1 and token.pos not in FUNCTION_TAGS
    }
    # 新|部长, 新|政府: the segmenter's adjective "new"; 中南部: a longer word of its own
    # (not 丹方, a side form though CC-CEDICT also has it as "a folk remedy")
    not_states = {
        token.start
        for token in tokens
        if (len(token.text) == 1 and token.pos in ADJECTIVE_TAGS)
        or (len(token.text) >= MIN_STATE_LIST and lex.is_plain_word(token.text))
    }
    pairs = {
        cell
        for token in tokens
        if _state_pair(token.text, lex)
        and not _opens_plain_word(text, token.start, lex)
        # 中美/LOC, 中德|建交, 对|印巴; not 美德/n ("virtue") before a noun
        and (
            token.pos in PROPER
            or lex.starts_with_head(text[token.end :], pair=True)
            or _after_preposition(text, token.start, lex)
        )
        # 对俄|新一轮: the first character is the state, the second opens the next word
        for cell in range(
            token.start,
            token.start + 1 if _second_opens_word(text, token.start + 1, lex) else token.end,
        )
    }
    pairs |= _split_pairs(text, tokens, token_ends, lex)
    for index, char in enumerate(text):
        if char in lex.abbreviations and (
            index in pairs
            or (index not in not_states and _stands_for_state(text, index, token_ends, lone, lex))
        ):
            yield _abbreviation(char, index, lex)
        elif char in lex.side_states and _side_form(text, index, token_ends, lex):
            name, kind = lex.side_states[char]
            yield Candidate(index, index + 1, kind, PATTERN, name)
        if char in lex.relation_states and _after_relation(text, index, lex):
            yield Candidate(index, index + 1, "LOC", PATTERN, lex.relation_states[char])


def _opens_plain_word(text: str, index: int, lex: NameLexicon) -> bool:
    """美中|不足: the segmenter's pair of state characters is the start of an everyday
    word (美中不足 "a flaw in something good")."""
    return any(lex.is_plain_word(text[index : index + size]) for size in (3, 4))


def _split_pairs(
    text: str, tokens: list[Token], token_ends: set[int], lex: NameLexicon
) -> set[int]:
    """巴|以|谈判, 美|中|战略对话, 日|俄|首脑: two state characters the segmenter wrote as
    one-character words (of any part of speech: 以 as a preposition, 中 as a locative),
    then a word of their relations; not an everyday word (美中|不足) nor the end of one."""
    singles = {token.start for token in tokens if len(token.text) == 1}
    cells: set[int] = set()
    for index in singles:
        if index + 1 not in singles or {text[index], text[index + 1]} - lex.abbreviations.keys():
            continue
        if lex.is_plain_word(text[index : index + 2]) or _opens_plain_word(text, index, lex):
            continue
        if index > 0 and lex.is_common_word(text[index - 1 : index + 1]):
            continue
        if _followed_by_head(text, index + 1, token_ends, lex, pair=True):
            cells |= {index, index + 1}
    return cells


def _second_opens_word(text: str, index: int, lex: NameLexicon) -> bool:
    """对俄|新一轮制裁: the segmenter glued a state's character to the first character of
    a longer dictionary word after it, which is no second state; a word of relations
    right after the pair leaves it the pair (中韩|建交, though jieba lists 韩建交)."""
    if lex.starts_with_head(text[index + 1 :], pair=True):
        return False
    return any(
        lex.is_word(text[index : index + size]) for size in (3, 4) if index + size <= len(text)
    )


def _state_pair(word: str, lex: NameLexicon) -> bool:
    """中美, 中德 (中德建交, 中美加强合作): a word of two state characters is the pair of
    states, unless it is a name or an everyday word of its own (美德 "virtue", 中巴
    "minibus")."""
    return (
        len(word) == 2
        and all(char in lex.abbreviations for char in word)
        and word not in lex.names
        and not lex.is_plain_word(word)
    )


def _after_relation(text: str, index: int, lex: NameLexicon) -> bool:
    """对华, 访华, 驻华: the character right after a word of relations, neither word
    part of a longer everyday word (绝对|华丽) nor the start of a known name (在|华盛顿)."""
    if index == 0 or text[index - 1] not in lex.relation_words:
        return False
    if lex.is_common_word(text[index - 2 : index]) or lex.is_common_word(text[index : index + 2]):
        return False
    return not any(text[index:end] in lex.names for end in range(index + 2, index + 6))


def _side_form(text: str, index: int, token_ends: set[int], lex: NameLexicon) -> bool:
    """卡方 for 卡塔尔, 欧方 for 欧盟: the character, then 方 ending a token, not inside
    a common word."""
    if text[index : index + 2] not in lex.sides or index + 2 not in token_ends:
        return False
    return index == 0 or not lex.is_common_word(text[index - 1 : index + 1])


def _stands_for_state(
    text: str, index: int, token_ends: set[int], lone: set[int], lex: NameLexicon
) -> bool:
    if index > 0 and lex.is_common_word(text[index - 1 : index + 1]):
        return False
    if _followed_by_head(text, index, token_ends, lex) or _speaks(text, index, lex):
        return True
    if index not in lone:
        return _opens_pair(text, index, token_ends, lex)
    return _after_preposition(text, index, lex) or _listed_state(text, index, token_ends, lone, lex)


def _speaks(text: str, index: int, lex: NameLexicon) -> bool:
    """巴称加沙地带多地遭空袭 (a headline): a state's character opening a clause, right
    before a verb of saying, is the state speaking; not inside a word (美称 "fine name")."""
    opens = index == 0 or not text[index - 1].isalnum()  # punctuation, space: not 13日称
    verb = _speech_verb_at(text, index + 1, lex)
    return opens and verb is not None and not lex.is_common_word(text[index : index + 2])


def _speech_verb_at(text: str, index: int, lex: NameLexicon) -> str | None:
    """The longest verb of saying that starts at index, if any."""
    return next((v for v in lex.speech_verbs if text.startswith(v, index)), None)


def _opens_pair(text: str, index: int, token_ends: set[int], lex: NameLexicon) -> bool:
    """印|巴冲突 segmented as one word: the first of two states before a head word,
    at the start of a token (a token ends right before it)."""
    return (
        (index == 0 or index in token_ends)
        and text[index + 1 : index + 2] in lex.abbreviations
        and _followed_by_head(text, index + 1, token_ends, lex, pair=True)
    )


def _followed_by_head(
    text: str, index: int, token_ends: set[int], lex: NameLexicon, pair: bool = False
) -> bool:
    """A head word right after the character, ending a token or a verb of saying that the
    segmenter glued to it (以|军称 is 以军 + 称); with ``pair``, the character is the second
    of two states, and a word of their relations counts (巴以|谈判)."""
    head = lex.starts_with_head(text[index + 1 :], pair=pair)
    if head is None:
        return False
    end = index + 1 + len(head)
    if end in token_ends:
        return True
    verb = _speech_verb_at(text, end, lex)
    return verb is not None and end + len(verb) in token_ends


def _listed_state(
    text: str, index: int, token_ends: set[int], lone: set[int], lex: NameLexicon
) -> bool:
    """A neighbour state across 、 (美、俄、乌), or right before one that a head follows
    (俄|乌冲突)."""
    for other, between in ((index - 2, 1), (index + 2, 1), (index + 1, 0)):
        if not 0 <= other < len(text) or other not in lone or text[other] not in lex.abbreviations:
            continue
        if between and text[min(index, other) + 1] == "、":
            return True
        if not between and _followed_by_head(text, other, token_ends, lex, pair=True):
            return True
    return False


def _after_preposition(text: str, index: int, lex: NameLexicon) -> bool:
    return index > 0 and text[index - 1] in lex.prepositions


# --- resolving overlaps and grouping ----------------------------------------------


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first, then the most trusted source."""
    taken: list[Candidate] = []
    occupied: set[int] = set()
    for candidate in sorted(candidates, key=lambda c: (-c.length, -c.priority, c.start)):
        cells = set(range(candidate.start, candidate.end))
        if cells & occupied:
            continue
        occupied |= cells
        taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)


def paragraph_candidates(paragraph: Paragraph, lex: NameLexicon) -> list[Candidate]:
    """All layers over one analyzed paragraph, overlaps resolved."""
    text, tokens = paragraph.text, paragraph.tokens
    spans = [(span.start, span.end, span.type) for span in paragraph.tagged]
    candidates: list[Candidate] = []
    for start, end, kind in spans:
        candidates.extend(split_backend_span(text, start, end, entity_type(kind), lex))
    candidates.extend(gazetteer_candidates(text, tokens, lex))
    candidates.extend(dotted_names(text, lex))
    candidates.extend(titled_names(text, tokens, lex))
    candidates.extend(capital_cities(text, lex))
    candidates.extend(reporters(text, lex))
    candidates.extend(media_titles(text, lex))
    candidates.extend(suffix_organizations(text, tokens, lex))
    candidates.extend(abbreviation_mentions(text, tokens, lex))
    candidates.extend(state_institutions(tokens, lex))
    candidates.extend(joined_names(text, candidates, lex))
    candidates.extend(with_admin_word(text, candidates, lex))
    candidates.extend(missions(text, candidates, lex))
    candidates.extend(natural_features(text, candidates, lex))
    candidates.extend(teams(text, candidates, lex))
    candidates.extend(with_suffix_word(text, tokens, candidates, lex))
    candidates = list(without_appositions(text, candidates, lex))
    candidates = list(split_appositions(text, candidates, lex))
    screened = screen_statistical(text, tokens, candidates, lex)
    return [c for c in resolve(screened) if _is_name(text, c, lex)]


def _is_name(text: str, candidate: Candidate, lex: NameLexicon) -> bool:
    """Drop a lone character that stands for nothing known, and a count of states
    (欧洲|三国), which the tagger and the dictionary (三国, the Three Kingdoms) take for names."""
    if lex.counted_states.fullmatch(text[candidate.start : candidate.end]):
        return False
    return candidate.type == "LOC" or candidate.length > 1 or bool(candidate.canonical)


def state_institutions(tokens: list[Token], lex: NameLexicon) -> Iterator[Candidate]:
    """伊朗|议会, 韩国|外交部: a country, then an institution word every state has
    (a head word ending in an organization word, not 南部), is that state's
    organization."""
    for token, following in pairwise(tokens):
        if token.text not in lex.country_names or token.end != following.start:
            continue
        word = following.text
        if word in lex.head_set and word.endswith(lex.org_suffixes) and word not in lex.descriptors:
            yield Candidate(token.start, following.end, "ORG", PATTERN)


def joined_names(text: str, candidates: list[Candidate], lex: NameLexicon) -> Iterator[Candidate]:
    """Two parts the tagger found apart, written as one name: 颂猜·塔差通 (persons
    across a name dot), 开伯尔－普什图省 (places across a hyphen, with the
    administrative word after them)."""
    by_start = {(c.start, c.type): c for c in candidates}
    yield from _dotted_person_parts(text, candidates, by_start, lex)
    for first in candidates:
        joiner = text[first.end : first.end + 1]
        kind: EntityType | None = (
            "PER" if joiner in NAME_DOTS else "LOC" if joiner in NAME_HYPHENS else None
        )
        second = by_start.get((first.end + 1, kind)) if kind and first.type == kind else None
        if second is None:
            continue
        end = second.end
        if kind == "LOC" and text[end : end + 1] in lex.admin_words:
            end += 1
        yield Candidate(first.start, end, kind or first.type, PATTERN)


def _dotted_person_parts(
    text: str,
    candidates: list[Candidate],
    by_start: dict[tuple[int, EntityType], Candidate],
    lex: NameLexicon,
) -> Iterator[Candidate]:
    """彼得·|皮奥, 马格坦|戈尔·圭尼贡多, 约翰—格伦: two persons the tagger found side by side,
    one of them holding or ending in a name dot, or joined by a single dash, are one
    foreign name cut where the tagger lost its way (a dashed name stands for its
    hyphenated form where a list knows that: 穆罕默德—班迪 = 穆罕默德-班迪)."""
    for first in candidates:
        if first.type != "PER":
            continue
        joiner = text[first.end : first.end + 1]
        dash = joiner == "—" and text[first.end + 1 : first.end + 2] != "—" and first.start > 0
        dash = dash and text[first.start - 1] != "—"
        second = by_start.get((first.end + 1 if dash else first.end, "PER"))
        if second is None:
            continue
        dotted = any(char in NAME_DOTS for char in text[first.start : second.end])
        if dash or dotted:
            hyphenated = text[first.start : second.end].replace("—", "-")
            known = hyphenated if dash and hyphenated in lex.names else None
            yield Candidate(first.start, second.end, "PER", PATTERN, known)


def teams(text: str, candidates: list[Candidate], lex: NameLexicon) -> Iterator[Candidate]:
    """中国队, 中国女队: a country and a word for its team name an organization."""
    for country in candidates:
        surface = text[country.start : country.end]
        if country.type != "LOC" or surface not in lex.country_names:
            continue
        word = next((w for w in lex.team_words if text.startswith(w, country.end)), None)
        if word is not None and not lex.is_word(text[country.end : country.end + len(word) + 1]):
            yield Candidate(country.start, country.end + len(word), "ORG", PATTERN)


def natural_features(
    text: str, candidates: list[Candidate], lex: NameLexicon
) -> Iterator[Candidate]:
    """莱沃托比拉基|拉基火山: a name the tagger found, the rest of a transliterated
    name and a word for a natural feature (火山, 海峡) name one place; so does a
    transliterated name the tagger missed, glued to the word before it (口岸托尔汉姆|口岸)."""
    yield from _transliterated_features(text, lex)
    for name in candidates:
        if name.length < 2 or (name.type == "LOC" and name.canonical):
            continue  # a state before a feature (印尼|火山) is no feature's name
        end = name.end
        while end < len(text) and text[end] in lex.translit and end - name.end < MAX_HEAD_CHARS:
            end += 1
        feature = next((w for w in lex.feature_words if text.startswith(w, end)), None)
        if feature:
            yield Candidate(name.start, end + len(feature), "LOC", PATTERN)


def _transliterated_features(text: str, lex: NameLexicon) -> Iterator[Candidate]:
    for feature in lex.feature_words:
        for match in re.finditer(re.escape(feature), text):
            start = match.start()
            while start > 0 and text[start - 1] in lex.translit:
                start -= 1
            if match.start() - start >= MIN_TRANSLITERATED_FEATURE:
                yield Candidate(start, match.end(), "LOC", PATTERN)


def missions(text: str, candidates: list[Candidate], lex: NameLexicon) -> Iterator[Candidate]:
    """英国驻俄使馆, 中国驻美国大使馆: a state, 驻, the host state (full name or
    abbreviation) and a mission word name one organization."""
    ends = {c.end: c for c in candidates if c.type == "LOC"}
    for match in lex.stationed.finditer(text):
        sender = ends.get(match.start())
        host_end = _host_end(text, match.end(), lex)
        if sender is None or host_end is None:
            continue
        mission = next((w for w in lex.mission_words if text.startswith(w, host_end)), None)
        if mission:
            yield Candidate(sender.start, host_end + len(mission), "ORG", PATTERN)


def _host_end(text: str, start: int, lex: NameLexicon) -> int | None:
    """Where the host state's name that starts at ``start`` ends (美国, 俄)."""
    for end in range(min(len(text), start + MAX_HEAD_CHARS), start + 1, -1):
        if lex.names.get(text[start:end]) == "LOC":
            return end
    return start + 1 if text[start : start + 1] in lex.abbreviations else None


def with_admin_word(
    text: str, candidates: list[Candidate], lex: NameLexicon
) -> Iterator[Candidate]:
    """北基伍|省: a known place followed by a one-character administrative word is
    the province's name, unless that character starts a word (北基伍省长, 纽约市民)."""
    for place in candidates:
        following = text[place.end : place.end + 1]
        if (
            place.type == "LOC"
            and place.length > 1
            and following in lex.admin_words
            and text[place.start : place.end] not in lex.country_names
            and not lex.is_word(text[place.end : place.end + 2])
        ):
            yield Candidate(place.start, place.end + 1, "LOC", place.priority)


def with_suffix_word(
    text: str, tokens: list[Token], candidates: list[Candidate], lex: NameLexicon
) -> Iterator[Candidate]:
    """乌克兰议会对外政策|委员会: an organization the tagger ended right before a
    bare organization word; the word belongs to the name."""
    suffix_tokens = {token.start: token for token in tokens if token.text in lex.org_suffix_set}
    for organization in candidates:
        word = suffix_tokens.get(organization.end)
        surface = text[organization.start : organization.end]
        if (
            organization.type == "ORG"
            and word is not None
            and len(word.text) > 1
            and word.text not in lex.names  # 国务院 is a name of its own
            and organization.length > 1
            and not surface.endswith(lex.org_suffixes)  # 基金会|组织
        ):
            yield Candidate(organization.start, word.end, "ORG", organization.priority)


def without_appositions(
    text: str, candidates: list[Candidate], lex: NameLexicon
) -> Iterator[Candidate]:
    """美国政治风险咨询公司|欧亚集团: an unknown organization of the tagger right
    before a known one is a description of it (an apposition), not a name; a
    country it starts with stays a mention."""
    known_starts = {
        c.start for c in candidates if c.type == "ORG" and c.priority >= GAZETTEER and c.length > 1
    }
    for candidate in candidates:
        surface = text[candidate.start : candidate.end]
        described = (
            candidate.type == "ORG"
            and candidate.priority <= BACKEND
            and candidate.end in known_starts
            and surface not in lex.names
        )
        if not described:
            yield candidate
            continue
        for cut in range(len(surface) - 2, 1, -1):
            if surface[:cut] in lex.country_names:
                state = surface[:cut]
                yield Candidate(candidate.start, candidate.start + cut, "LOC", BACKEND, state)
                break


def split_appositions(
    text: str, candidates: list[Candidate], lex: NameLexicon
) -> Iterator[Candidate]:
    """韩国执政党国民力量党, 英国智库国家经济和社会研究所, 美国评级|公司标准普尔: a noun of
    apposition starting inside a span describes the organization after it. The span
    gives way to the place before the noun (when it is a known name) and to the
    organization after it: the known name it starts with, else the rest of the span."""
    for candidate in candidates:
        cut = _apposition_in(text, candidate, lex)
        if cut is None:
            yield candidate
            continue
        position, word = cut
        before = text[candidate.start : position]
        if before in lex.names:
            kind = lex.names[before]
            yield Candidate(candidate.start, position, kind, BACKEND, lex.country_names.get(before))
        after = position + len(word)
        known = next(
            (
                end
                for end in range(min(len(text), after + MAX_ORG_CHARS), after + 1, -1)
                if text[after:end] in lex.curated
            ),
            None,
        )
        end = known or candidate.end
        if end - after >= MIN_SUBDIVISION_CHARS:
            yield Candidate(after, end, "ORG", BACKEND if known is None else GAZETTEER)


def _apposition_in(text: str, candidate: Candidate, lex: NameLexicon) -> tuple[int, str] | None:
    """The first noun of apposition that starts inside the span, or opens it (在野党共同民主党)."""
    if candidate.type == "PER" or candidate.priority >= GAZETTEER:
        return None
    found = lex.apposition.search(text, candidate.start, candidate.end + MAX_HEAD_CHARS)
    if found is None or found.start() >= candidate.end - 1 or found.end() >= len(text):
        return None
    return found.start(), found.group()


def screen_statistical(
    text: str, tokens: list[Token], candidates: list[Candidate], lex: NameLexicon
) -> Iterator[Candidate]:
    """Drop backend and dictionary persons and organizations that are everyday words.

    A short unknown span holding a one-character state the patterns found is the
    tagger's gluing (对|华加|征). The tagger takes adverbs and common nouns for names
    (严正|敦促, 跨境 电信): a person, or a short organization without an
    organization word, is dropped when it is a plain word and no name, and a name
    followed by 号 is a ship's (“杜鲁门”号); a person whose last character starts
    the next word (鲁比奥通|电话) loses it. A dictionary name across a function word
    (通话中|都) is no name.
    """
    function_cells = {
        cell
        for token in tokens
        if token.pos in FUNCTION_TAGS and len(token.text) == 1
        for cell in range(token.start, token.end)
    }
    state_cells = {c.start for c in candidates if c.length == 1 and c.priority == PATTERN}
    patterns = [c for c in candidates if c.priority >= PATTERN and c.length > 1]
    for candidate in candidates:
        if candidate.priority <= BACKEND and _glued_to_state(text, candidate, state_cells, lex):
            continue
        if candidate.priority <= BACKEND and any(_crosses(candidate, p) for p in patterns):
            continue  # 总理内|塔尼亚胡办公室 across the titled name 内塔尼亚胡
        if _is_demonym(text, candidate, lex) or _is_people(text, candidate, lex):
            continue
        if candidate.priority > BACKEND or candidate.type == "LOC":
            yield candidate
            continue
        if candidate.type == "PER":
            candidate = _extended_person(text, tokens, candidate, lex)
            trimmed = _trimmed_person(text, candidate, lex)
            if trimmed is None:
                continue
            candidate = trimmed
        surface = text[candidate.start : candidate.end]
        if candidate.type == "PER" and _inside_plain_word(text, candidate, lex):
            continue
        if candidate.priority <= BACKEND and _ends_in_count(text, tokens, candidate):
            continue
        if lex.is_plain_word(surface) and (candidate.type == "PER" or _plain_org(surface, lex)):
            continue
        if _before_vessel_word(text, candidate.end, lex):
            continue
        if candidate.priority == DICTIONARY and function_cells & set(
            range(candidate.start, candidate.end)
        ):
            continue
        yield candidate


def _ends_in_count(text: str, tokens: list[Token], candidate: Candidate) -> bool:
    """从一|个侧面: a span ending in a numeral right before a measure word is a count, the
    tagger's organization or person none."""
    if text[candidate.end - 1] not in CHINESE_NUMERALS:
        return False
    following = next((t for t in tokens if t.start == candidate.end), None)
    return following is not None and following.pos in MEASURE_TAGS


def _inside_plain_word(text: str, person: Candidate, lex: NameLexicon) -> bool:
    """毛手毛|脚, 许许多|多: a person the tagger cut out of a longer everyday word (an idiom
    CC-CEDICT lists only in lower case) that starts or ends with it."""
    longest = MAX_IDIOM_CHARS
    for start in range(max(0, person.start - longest + person.length), person.start + 1):
        for end in range(person.end, min(len(text), start + longest) + 1):
            if end - start > person.length and lex.is_plain_word(text[start:end]):
                return True
    return False


def _crosses(one: Candidate, other: Candidate) -> bool:
    """Whether two spans overlap without one holding the other."""
    return one.start < other.start < one.end < other.end or (
        other.start < one.start < other.end < one.end
    )


def _is_demonym(text: str, candidate: Candidate, lex: NameLexicon) -> bool:
    """巴勒斯坦人, 美国人: a people, not the state (the gold lists no demonyms);
    人 starting a word (美国人民, 以色列人质) leaves the state its mention."""
    surface = text[candidate.start : candidate.end]
    if candidate.type != "PER" and _demonym_of(surface, lex) in lex.country_names:
        return True  # the tagger's 美国人/LOC
    return (
        candidate.type == "LOC"
        and surface in lex.country_names
        and text.startswith(lex.demonym_words, candidate.end)
        and not lex.is_word(text[candidate.end : candidate.end + 2])
    )


def _is_people(text: str, candidate: Candidate, lex: NameLexicon) -> bool:
    """藏族, 蒙古族, 哈萨克族: a people the tagger took for an organization or a place."""
    surface = text[candidate.start : candidate.end]
    short = len(surface) <= MAX_PEOPLE_CHARS and candidate.type != "PER"
    return short and surface.endswith(lex.people_words) and surface not in lex.curated


def _demonym_of(surface: str, lex: NameLexicon) -> str | None:
    """The country a demonym is made of (美国人 → 美国), if ``surface`` is one."""
    word = next((w for w in lex.demonym_words if surface.endswith(w)), None)
    return surface[: -len(word)] if word else None


def _before_vessel_word(text: str, end: int, lex: NameLexicon) -> bool:
    """“杜鲁门”号 or 杜鲁门号: the name is a ship's (a closing quote may stand between)."""
    position = end + 1 if text[end : end + 1] in QUOTE_CLOSE else end
    return text.startswith(lex.vessel_words, position)


def _plain_org(surface: str, lex: NameLexicon) -> bool:
    """A short organization not built on an organization word nor a descriptor
    (跨境, 地质灾害; 县委 and 县政府 keep theirs)."""
    return (
        len(surface) <= MAX_PLAIN_ORG_CHARS
        and not _ends_organization(surface, lex)
        and not surface.endswith(lex.descriptor_words)
    )


def _glued_to_state(
    text: str, candidate: Candidate, state_cells: set[int], lex: NameLexicon
) -> bool:
    """A short unknown span over a one-character state the patterns found: the tagger
    glued the state to the next word (对|华加|征, 美欧 with 美 before a head word)."""
    return (
        candidate.length <= MAX_GLUED_CHARS
        and text[candidate.start : candidate.end] not in lex.names
        and any(cell in state_cells for cell in range(candidate.start, candidate.end))
    )


def _extended_person(
    text: str, tokens: list[Token], person: Candidate, lex: NameLexicon
) -> Candidate:
    """主席罗豪|才|主持, 署长于友|先|会见, 季红|真|指出: a Chinese name of two characters
    right after a title or opening a clause, before a character the segmenter left alone
    as an adverb or verb, is the three-character name the tagger cut (most Chinese names
    have three); not before a character that only works as a function word or a common
    verb (也, 就, 都, 有, 走)."""
    surface = text[person.start : person.end]
    if person.length != 2 or surface in lex.names or not is_chinese_surname(surface[0]):
        return person
    single = next((t for t in tokens if t.start == person.end), None)
    if single is None or len(single.text) != 1 or single.pos not in EXTENDING_TAGS:
        return person
    if single.text in lex.function_chars or single.end not in {t.start for t in tokens}:
        return person
    opens = person.start == 0 or text[person.start - 1] in CLAUSE_BREAKS
    if not opens and _title_ending_at(text, person.start, lex) is None:
        return person
    return replace(person, end=person.end + 1)


def _trimmed_person(text: str, person: Candidate, lex: NameLexicon) -> Candidate | None:
    """A person whose last character begins a frequent word with the next one: the
    name without it when that still looks like a foreign name, none when the rest is
    an everyday word (严正敦|促 → 严正, an adverb). A foreign name is cut only after a
    title (国务卿鲁比奥通|电话), as 韦斯特 alone may well end in 特."""
    following = text[person.end - 1 : person.end + 1]
    known = lex.word_frequency.get(following, 0) >= KNOWN_WORD_FREQUENCY
    if person.length < 3 or not known or text[person.start : person.end] in lex.names:
        return person
    rest = text[person.start : person.end - 1]
    if lex.is_plain_word(rest):
        return None
    titled = _title_ending_at(text, person.start, lex) is not None
    if rest in lex.names or (titled and all(char in lex.translit for char in rest)):
        return replace(person, end=person.end - 1)
    return person


def parenthetical_aliases(
    text: str, candidates: list[Candidate], tokens: list[Token]
) -> dict[int, int]:
    """Pairs "full name（short）": index of the short candidate -> index of the full one.

    When only the short name was recognized, the full one is taken as the words
    back to the clause start (巴勒斯坦伊斯兰抵抗运动（哈马斯）).
    """
    links: dict[int, int] = {}
    by_start = {c.start: i for i, c in enumerate(candidates)}
    for match in re.finditer(rf"（([^（）]{{2,{MAX_ALIAS_CHARS}}})）", text):
        short = by_start.get(match.start(1))
        if short is None or candidates[short].end != match.end(1):
            continue
        full = next((i for i, c in enumerate(candidates) if c.end == match.start()), None)
        if full is None:
            start = match.start()
            while (
                start > 0 and text[start - 1] not in CLAUSE_BREAKS and not text[start - 1].isdigit()
            ):
                start -= 1
            if match.start() - start < 2:
                continue
            candidates.append(Candidate(start, match.start(), candidates[short].type, PATTERN))
            full = len(candidates) - 1
        links[short] = full
    return links


@dataclass
class Found:
    """A resolved mention with where it is and the name it stands for."""

    text: str
    type: EntityType
    paragraph: int
    start: int
    end: int
    canonical: str
    part: str = "paragraph"
    # the short form in "full（short）", whose canonical name holds for the whole article
    aliased: bool = False
    # the title written right before a person (美国财政部长 before 斯科特·贝森特)
    title: str | None = None


def group_entities(found: list[Found], article_id: str, lex: NameLexicon) -> list[Entity]:
    """One entity per canonical name; short person names join their dotted full form."""
    full_people = [f.text for f in found if f.type == "PER" and any(d in f.text for d in NAME_DOTS)]
    for mention in found:
        if mention.type == "PER" and mention.canonical == mention.text:
            mention.canonical = _full_person(mention.text, full_people) or mention.text
    entities: dict[tuple[str, str], Entity] = {}
    for mention in found:
        key = (mention.type, mention.canonical)
        entity = entities.get(key)
        if entity is None:
            entity = Entity(
                id=f"{article_id}-e{len(entities) + 1}", type=mention.type, name=mention.canonical
            )
            entities[key] = entity
        if mention.title and all(role.title != mention.title for role in entity.roles):
            entity.roles.append(Role(title=mention.title))
        entity.mentions.append(
            Mention(
                text=mention.text,
                paragraph=mention.paragraph,
                start=mention.start,
                end=mention.end,
                part=mention.part,
            )
        )
    return list(entities.values())


def _full_person(name: str, full_people: list[str]) -> str | None:
    """The dotted full name whose last part (or whole tail) is this short name."""
    for full in full_people:
        last = re.split(f"[{NAME_DOTS}]", full)[-1]
        if name != full and (last == name or full.endswith(name)):
            return full
    return None


# --- the stage -----------------------------------------------------------------------


def paragraph_mentions(
    paragraph: Paragraph, number: int, lex: NameLexicon, part: str = "paragraph"
) -> list[Found]:
    """Resolved mentions of one paragraph with their canonical names."""
    candidates = paragraph_candidates(paragraph, lex)
    links = parenthetical_aliases(paragraph.text, candidates, paragraph.tokens)
    canonical = [c.canonical or paragraph.text[c.start : c.end] for c in candidates]
    for short, full in links.items():
        canonical[short] = canonical[full]
    nested = [
        Found(state, "LOC", number, c.start, c.start + len(state), lex.country_names[state], part)
        for c in candidates
        if (state := _state_of_institution(paragraph.text[c.start : c.end], c.type, lex))
    ]
    titles = [
        Found(paragraph.text[c.start : c.end], "PER", number, c.start, c.end, "", part)
        for c in bare_titles(paragraph.text, paragraph.tokens, candidates, lex)
        if part == "paragraph"  # a headline's title (X总理称…) repeats a person of the body
    ]
    for title in titles:
        title.canonical = title.title = title.text
    return (
        nested
        + titles
        + [
            Found(
                paragraph.text[c.start : c.end],
                c.type,
                number,
                c.start,
                c.end,
                canonical[index],
                part,
                aliased=index in links,
                title=title_before(paragraph.text, c, candidates, lex) if c.type == "PER" else None,
            )
            for index, c in enumerate(candidates)
        ]
    )


def _chained_title(text: str, end: int, candidates: list[Candidate]) -> bool:
    """国防部长、乌方代表团团长乌梅罗夫, 副总理兼国防部长普坦: a title joined by 、 or 兼
    to more titles before a name, in the same clause, is one of that person's titles."""
    if text[end : end + 1] not in (ENUMERATION_COMMA, JOINT_OFFICE):
        return False
    stop = next((i for i in range(end, len(text)) if text[i] in CLAUSE_MARKS + "。"), len(text))
    return any(c.type == "PER" and end < c.start < stop for c in candidates)


def bare_titles(
    text: str, tokens: list[Token], candidates: list[Candidate], lex: NameLexicon
) -> Iterator[Candidate]:
    """美国总统14日表示, 乌总统当天在基辅表示: a state or body, then titles, and no
    name after them: the title stands for its holder, a person (the actors stage
    finds who held it on the date), when the knowledge base knows holders of it
    (外交部发言人 is held by several at once). The state stays a place mention of its own."""
    token_ends = {token.end for token in tokens}
    following = {token.start: token for token in tokens}
    named = {c.start for c in candidates}
    for holder in candidates:
        if holder.type == "PER" or not (holder.canonical or holder.type == "ORG"):
            continue
        end = holder.end
        while (title := lex.title_pattern.match(text, end)) is not None:
            end = title.end()
        after = following.get(end)
        bare = after is None or (after.pos in BARE_TITLE_FOLLOWERS and end not in named)
        bare = bare and not _chained_title(text, end, candidates)
        known = lex.actors is not None and lex.actors.names_a_holder(text[holder.start : end])
        if end > holder.end and end in token_ends and bare and known:
            yield Candidate(holder.start, end, "PER", PATTERN)


def _state_of_institution(surface: str, kind: EntityType, lex: NameLexicon) -> str | None:
    """The country that starts a state's own institution (韩国|外交部, 韩国|总统府,
    韩国|统一部): the answer keys list that state as a place mention too, unlike
    a country inside a proper name (英国皇家联合军种研究所)."""
    if kind != "ORG" or _own_name(surface, lex):
        return None
    for cut in range(2, len(surface) - 1):
        state, rest = surface[:cut], surface[cut:]
        if state in lex.country_names:  # the shortest: 俄罗斯|联邦安全局 is no institution word
            institution = rest in lex.head_set or rest.endswith(lex.org_suffixes)
            return state if institution and len(rest) <= MAX_INSTITUTION_CHARS else None
    return None


def _own_name(surface: str, lex: NameLexicon) -> bool:
    """Whether an organization starting with a country is known as a body of its own,
    not a state institution (中国共产党, 中国国际电视台: the corpora and the answer keys
    list no state inside them)."""
    records = lex.actors.lookup(surface) if lex.actors is not None else []
    return any(record.sector not in STATE_SECTORS for record in records)


def title_before(
    text: str, person: Candidate, candidates: list[Candidate], lex: NameLexicon
) -> str | None:
    """Titles written right before a person, with the state or body they belong to
    when it stands just before them (俄罗斯总统新闻秘书, 黎总统, 首席研究员)."""
    start = person.start
    while (title := _title_ending_at(text, start, lex)) is not None:
        start -= len(title)
    if start == person.start:
        return None
    holder = next((c for c in candidates if c.end == start and c.type != "PER"), None)
    if holder is not None:
        start = holder.start
    return text[start : person.start]


def _title_ending_at(text: str, end: int, lex: NameLexicon) -> str | None:
    """The longest title that ends exactly at ``end``."""
    for start in range(max(0, end - MAX_TITLE_CHARS), end):
        match = lex.title_pattern.fullmatch(text, start, end)
        if match is not None:
            return match.group(0)
    return None


def field_mentions(article: Article, lex: NameLexicon, outlet: str | None = None) -> list[Found]:
    """Mentions in the headline, deck and kicker (as the text stage analyzed them), and
    the dateline place, the reporters the dateline names and the source."""
    found: list[Found] = []
    for part, paragraph in article.parts.items():
        found.extend(paragraph_mentions(paragraph, -1, lex, part))
    if article.dateline and article.dateline.place:
        found.extend(_whole_names(article.dateline.place, "LOC", "dateline", lex))
    if article.dateline and article.dateline.text:
        line = article.dateline.text
        found.extend(
            Found(
                line[c.start : c.end], "PER", -1, c.start, c.end, line[c.start : c.end], "dateline"
            )
            for c in reporters(line, lex)
        )
    source = article.source
    if source and (source != outlet or _written(source, article, lex)):
        found.extend(_whole_names(source, "ORG", "source", lex))
    return found


def _written(name: str, article: Article, lex: NameLexicon) -> bool:
    """Whether the article writes ``name`` as a name of its own. The layout credits the
    document's outlet for 本报 or the outlet's own site (本报 → 人民日报, 央视网消息 → 央视):
    that credit is a mention only where the outlet is written, and not inside a longer
    name (央视 in 央视网)."""
    texts = [p.text for p in article.parts.values()] + [p.text for p in article.paragraphs]
    texts += [article.dateline.text] if article.dateline and article.dateline.text else []
    for text in texts:
        for match in re.finditer(re.escape(name), text):
            longer = (text[match.start() : match.end() + k] for k in range(1, MAX_HEAD_CHARS))
            if not any(form in lex.names for form in longer):
                return True
    return False


def _whole_names(text: str, kind: EntityType, part: str, lex: NameLexicon) -> Iterator[Found]:
    """Names in a field that holds names only (耶路撒冷/贝鲁特, 新华社)."""
    position = 0
    for name in re.split(r"[/、，,\s]+", text):
        start = text.find(name, position)
        position = start + len(name)
        if len(name) > 1:
            canonical = lex.country_names.get(name, name)
            yield Found(name, lex.names.get(name, kind), -1, start, position, canonical, part)


def link_abbreviations(found: list[Found], lex: NameLexicon) -> None:
    """A one-character state is read with the article: of the states it abbreviates
    (伊 for Iran and Iraq) the one the article names; when it names none of them but
    names in full exactly one state that starts with the character (摩 in an article
    about 摩尔多瓦, not 摩洛哥), that state."""
    named = {f.canonical for f in found}
    states_named = {
        f.canonical for f in found if len(f.text) > 1 and f.canonical in lex.country_names
    }
    for mention in found:
        states = lex.abbreviations.get(mention.text)
        if mention.type != "LOC" or len(mention.text) != 1:
            continue
        present = [state for state in states or () if state in named]
        if len(present) == 1:
            mention.canonical = present[0]
            continue
        starting = [s for s in states_named if s.startswith(mention.text)]
        if not present and len(starting) == 1:
            mention.canonical = starting[0]


def article_mentions(article: Article, lex: NameLexicon, outlet: str | None = None) -> list[Entity]:
    """The entities of one article whose paragraphs the text stage has analyzed."""
    found = field_mentions(article, lex, outlet)
    for number, paragraph in enumerate(article.paragraphs):
        found.extend(paragraph_mentions(paragraph, number, lex))
    link_abbreviations(found, lex)
    link_aliases(found)
    return group_entities(found, article.id, lex)


def link_aliases(found: list[Found]) -> None:
    """A short form introduced in brackets stands for the full name everywhere in the
    article (哈马斯 after 巴勒斯坦伊斯兰抵抗运动（哈马斯）)."""
    aliases = {(f.type, f.text): f.canonical for f in found if f.aliased}
    for mention in found:
        mention.canonical = aliases.get((mention.type, mention.text), mention.canonical)


def run(doc: Document, settings: Settings) -> None:
    """Stage entry point: fill ``article.entities`` for every article."""
    lex = name_lexicon(data_files(settings.data_dir), tuple(settings.actors_files))
    for article in doc.articles:
        article.entities = article_mentions(article, lex, doc.outlet)
