"""The shape of the actor files written to widen the knowledge base (people_world_leaders.yaml
and the files after it): each holds whole categories of actors in the record format, with
codes that exist, dated roles whose titles the role index can split, and names no other record
uses, and a title in them resolves on real text to the holder of that year."""

from __future__ import annotations

from collections import Counter

import pycountry
import pytest

from jishi.lang.data import data_files, data_path
from jishi.lang.zh import kb, records
from jishi.model import Article, Document, Entity, EntityType, Mention, Paragraph
from jishi.settings import Settings
from jishi.stages import actors

SHIPPED = data_files()

# file -> (kinds it may hold, fewest records it must hold)
WIDENING_FILES = {
    "people_world_leaders.yaml": ({"person"}, 200),
    "spokespeople.yaml": ({"person"}, 80),
    "organizations_world.yaml": ({"organization"}, 150),
    "people_notable.yaml": ({"person"}, 80),
    "people_china.yaml": ({"person"}, 50),
    "people_offices.yaml": ({"person"}, 320),
}


def shipped_surfaces() -> Counter[str]:
    """How many shipped records use each Chinese name or alias."""
    return Counter(
        surface
        for path in records.shipped_actor_files()
        for record in records.read_actor_file(path)
        for surface in {record.name, *record.aliases}
    )


@pytest.mark.parametrize("file_name", sorted(WIDENING_FILES))
def test_a_widening_file_holds_its_kinds_with_valid_codes_and_dated_roles(file_name: str) -> None:
    kinds, fewest = WIDENING_FILES[file_name]
    found = records.read_actor_file(data_path("actors") / file_name)
    assert len(found) >= fewest
    assert {r.kind for r in found} <= kinds
    codes = {r.country for r in found if r.country} | {
        role.country for r in found for role in r.roles if role.country
    }
    assert all(pycountry.countries.get(alpha_3=code) for code in codes), codes
    roles = [role for r in found for role in r.roles]
    assert all(role.start and role.title_en for role in roles)
    assert all(role.end is None or str(role.start) < role.end for role in roles)
    index = kb.actor_index(SHIPPED)
    assert all(index.parse_title(role.title) for role in roles)


@pytest.mark.parametrize("file_name", sorted(WIDENING_FILES))
def test_no_name_in_a_widening_file_is_shared_with_another_record(file_name: str) -> None:
    counts = shipped_surfaces()
    found = records.read_actor_file(data_path("actors") / file_name)
    shared = {s for r in found for s in {r.name, *r.aliases} if counts[s] > 1}
    assert not shared


def linked_on(text: str, name: str, date: str, entity_type: EntityType = "PER") -> Entity:
    """The one entity ``name`` of a one-paragraph article published on ``date``, linked."""
    start = text.index(name)
    mention = Mention(text=name, paragraph=0, start=start, end=start + len(name))
    entity = Entity(id="e0", type=entity_type, name=name, mentions=[mention])
    article = Article(id="a1", paragraphs=[Paragraph(text=text)], entities=[entity])
    doc = Document(id="d1", articles=[article], published=date)
    actors.run(doc, Settings())
    return doc.articles[0].entities[0]


@pytest.mark.parametrize(
    ("title", "date", "holder"),
    [
        ("斐济总理", "2020-01-25", "Frank Bainimarama"),
        ("斐济总理", "2024-06-01", "Sitiveni Rabuka"),
        ("韩国外长", "2021-06-01", "Chung Eui-yong"),
        ("哈萨克斯坦总理", "2023-01-01", "Alikhan Smailov"),
        ("巴基斯坦防长", "2025-01-01", "Khawaja Muhammad Asif"),
        ("白宫新闻秘书", "2021-06-01", "Jen Psaki"),
        ("国台办主任", "2020-05-01", "Liu Jieyi"),
        ("英国内政大臣", "2018-01-01", "Amber Rudd"),
        ("菲律宾总统", "2019-01-01", "Rodrigo Duterte"),
        ("伊朗国防部长", "2019-06-01", "Amir Hatami"),
        ("日本外相", "2022-06-01", "Yoshimasa Hayashi"),
        ("全国人大常委会委员长", "2016-06-01", "Zhang Dejiang"),
        ("叙利亚总理", "2021-06-01", "Hussein Arnous"),
        ("朝鲜外长", "2023-01-01", "Choe Son Hui"),
        ("荷兰外长", "2022-06-01", "Wopke Hoekstra"),
        ("北约军事委员会主席", "2019-01-01", "Stuart Peach"),
        ("国际货币基金组织总裁", "2018-01-01", "Christine Lagarde"),
        ("美国国务院发言人", "2020-06-01", "Morgan Ortagus"),
        ("乌干达总理", "2023-01-01", "Robinah Nabbanja"),
        ("格鲁吉亚总理", "2020-06-01", "Giorgi Gakharia"),
        ("日本财长", "2022-01-01", "Shunichi Suzuki"),
        ("欧盟贸易委员", "2021-01-01", "Valdis Dombrovskis"),
        ("斯洛伐克总理", "2022-01-01", "Eduard Heger"),
        ("比利时首相", "2018-01-01", "Charles Michel"),
        ("白宫办公厅主任", "2018-01-01", "John F. Kelly"),
    ],
)
def test_a_bare_title_resolves_to_the_holder_of_that_date(
    title: str, date: str, holder: str
) -> None:
    entity = linked_on(f"{title}当天在记者会上表示，双方将继续合作。", title, date)
    assert (entity.name_en, entity.linked) == (holder, True)


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("美国农业部", "United States Department of Agriculture"),
        ("日本参议院", "House of Councillors"),
        ("印度外交部", "Ministry of External Affairs of India"),
        ("民政部", "Ministry of Civil Affairs of China"),
        ("朝鲜外务省", "Ministry of Foreign Affairs of North Korea"),
    ],
)
def test_an_institution_gets_its_own_english_name_not_a_composed_one(
    name: str, english: str
) -> None:
    entity = linked_on(f"{name}当天发表声明说，将继续关注事态发展。", name, "2025-03-01", "ORG")
    assert (entity.name_en, entity.linked) == (english, True)


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("梁振英", "Leung Chun-ying"),
        ("吴钊燮", "Joseph Wu"),
        ("黄坤明", "Huang Kunming"),
        ("苏莱曼尼", "Qasem Soleimani"),
        ("撒切尔夫人", "Margaret Thatcher"),
    ],
)
def test_a_name_romanization_would_misspell_gets_its_english_name(name: str, english: str) -> None:
    entity = linked_on(f"{name}在讲话中表示，这一立场不会改变。", name, "2020-06-01")
    assert (entity.name_en, entity.linked) == (english, True)
