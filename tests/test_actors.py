"""The actors stage: data files, role resolution and linking on realistic text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jishi.eval.scores import score_linking
from jishi.lang import data as resources
from jishi.lang.data import DataFileError, data_files, data_path
from jishi.lang.zh import cedict, gazetteer, kb, records, romanize
from jishi.model import Article, Document, Entity, EntityType, Mention, Paragraph
from jishi.pipeline import process
from jishi.settings import Settings
from jishi.stages import actors

SHIPPED = data_files()


def article_with(text: str, names: list[tuple[EntityType, str]]) -> Document:
    """One article of one paragraph, with an entity for every occurrence of each name.

    Stands in for the mentions stage so that these tests exercise linking alone.
    """
    article = Article(id="a1", paragraphs=[Paragraph(text=text)])
    taken: set[int] = set()
    for number, (entity_type, name) in sorted(enumerate(names), key=lambda n: -len(n[1][1])):
        starts = [i for i in range(len(text)) if text.startswith(name, i) and i not in taken]
        taken |= {i for s in starts for i in range(s, s + len(name))}
        mentions = [Mention(text=name, paragraph=0, start=s, end=s + len(name)) for s in starts]
        article.entities.append(
            Entity(id=f"e{number}", type=entity_type, name=name, mentions=mentions)
        )
    article.entities.sort(key=lambda e: int(e.id[1:]))
    return Document(id="d", published="2025-02-14", articles=[article])


def link(doc: Document, settings: Settings | None = None) -> list[Entity]:
    actors.run(doc, settings or Settings())
    return doc.articles[0].entities


def by_name(entities: list[Entity], name_en: str) -> Entity:
    return next(e for e in entities if e.name_en == name_en)


# --- data files ------------------------------------------------------------------


def test_shipped_files_cover_states_people_and_outlets() -> None:
    index = kb.actor_index(SHIPPED)
    kinds = {record.kind for record in index.records.values()}
    assert kinds == {"person", "state", "organization", "place"}
    assert index.lookup("美国")[0].name_en == "United States"
    assert index.lookup("俄")[0].id == "RUS"
    assert index.lookup("塔斯社")[0].sector == "media"


def test_bad_record_names_file_and_record(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("- {name: 某人, name_en: Someone, kind: robot}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"mine\.yaml: record 1 \(某人\): kind"):
        records.read_actor_file(path)


def test_two_records_with_one_name_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text(
        "- {name: 张三, name_en: Zhang San, kind: person}\n"
        "- {name: 张三, name_en: Zhang San Jr, kind: person}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="name '张三' is used by two records"):
        records.read_actor_file(path)


def test_role_title_must_name_a_known_holder(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(
        "- {name: 某官员, name_en: Some Official, kind: person,"
        " roles: [{title: 火星总统, start: 2025-01-01}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="火星总统"):
        kb.actor_index(SHIPPED, (path,))


# --- roles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "date", "holder"),
    [
        ("美国总统", "2025-02-14", "Donald Trump"),
        ("美国总统", "2024-02-14", "Joe Biden"),
        ("美国总统", "2025-01-20", "Donald Trump"),  # inauguration day: the new holder
        ("美国总统", "2025-01-19", "Joe Biden"),
        ("乌总统", "2025-02-14", "Volodymyr Zelensky"),
        ("德国外长", "2025-02-14", "Annalena Baerbock"),
        ("德国外长", "2025-06-01", "Johann Wadephul"),
        ("英国首相", "2024-03-01", "Rishi Sunak"),
        ("联合国秘书长", "2025-02-14", "António Guterres"),
        ("俄总统新闻秘书", "2025-02-14", "Dmitry Peskov"),
        ("伊朗外长", "2025-03-01", "Abbas Araghchi"),  # the record says 伊朗外交部长
        ("美防长", "2025-03-01", "Pete Hegseth"),
    ],
)
def test_title_resolves_to_holder_on_date(title: str, date: str, holder: str) -> None:
    found = kb.actor_index(SHIPPED).holder_of(title, date)
    assert found is not None and found.name_en == holder


def test_title_held_by_several_at_once_stays_unresolved() -> None:
    # China's foreign ministry has several spokespeople at a time.
    assert kb.actor_index(SHIPPED).holder_of("中国外交部发言人", "2025-02-14") is None


# --- linking ---------------------------------------------------------------------


def test_full_and_short_forms_become_one_linked_actor() -> None:
    doc = article_with(
        "美国财政部长斯科特·贝森特12日到访乌克兰首都基辅。贝森特说，协议是和平的一部分。",
        [("PER", "斯科特·贝森特"), ("PER", "贝森特"), ("LOC", "乌克兰"), ("LOC", "基辅")],
    )
    entities = link(doc)
    bessent = by_name(entities, "Scott Bessent")
    assert (bessent.country, bessent.sector, bessent.linked) == ("USA", "government", True)
    assert [m.text for m in bessent.mentions] == ["斯科特·贝森特", "贝森特"]
    assert [r.title for r in bessent.roles] == ["美国财政部长"]
    assert by_name(entities, "Kyiv").country == "UKR"
    assert by_name(entities, "Ukraine").kind == "state"


def test_title_alone_names_the_holder_at_publication_date() -> None:
    doc = article_with("乌总统当天在基辅表示，希望尽快与美方达成协议。", [("PER", "乌总统")])
    zelensky = link(doc)[0]
    assert (zelensky.name_en, zelensky.country) == ("Volodymyr Zelensky", "UKR")


def test_publication_date_decides_which_president() -> None:
    doc = article_with("美国总统当天签署行政令。", [("PER", "美国总统")])
    doc.published = "2023-06-01"
    assert link(doc)[0].name_en == "Joe Biden"


def test_unknown_foreign_name_is_romanized_and_merged_with_its_short_form() -> None:
    doc = article_with(
        "乌克兰外交部发言人格奥尔吉·季霍内说，会谈是建设性的。季霍内还表示，乌方将继续努力。",
        [("PER", "格奥尔吉·季霍内"), ("PER", "季霍内")],
    )
    entities = link(doc)
    assert len(entities) == 1
    person = entities[0]
    assert (person.linked, person.name, person.name_en, person.romanized) == (
        False,
        "格奥尔吉·季霍内",
        None,
        "Heorhii Tihone",
    )
    # The title in front of the name still tells whom the person speaks for.
    assert person.country == "UKR"


def test_ambiguous_abbreviation_follows_the_article() -> None:
    doc = article_with(
        "伊朗外长表示，伊方愿意恢复谈判。伊美间接会谈将在阿曼举行。",
        [("LOC", "伊朗"), ("LOC", "伊")],
    )
    assert {e.name_en for e in link(doc)} == {"Iran"}
    alone = article_with("伊美间接会谈将在阿曼举行。", [("LOC", "伊")])
    assert link(alone)[0].linked is False


def test_dictionary_gives_english_for_places_beyond_the_curated_files() -> None:
    doc = article_with(
        "代表团随后前往布加勒斯特和里斯本。", [("LOC", "布加勒斯特"), ("LOC", "里斯本")]
    )
    entities = link(doc)
    assert by_name(entities, "Bucharest").country == "ROU"
    assert by_name(entities, "Lisbon").country == "PRT"


def test_publication_marks_are_ignored() -> None:
    doc = article_with("据美国《华盛顿邮报》报道，谈判仍在继续。", [("ORG", "《华盛顿邮报》")])
    assert link(doc)[0].name_en == "The Washington Post"


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- {name: 杰尼先科, aliases: [瓦季姆·杰尼先科], name_en: Vadym Denysenko,"
        " kind: person, country: UKR, sector: academia}\n"
        "- {name: 泽连斯基, name_en: Volodymyr Zelenskyy, kind: person, country: UKR}\n",
        encoding="utf-8",
    )
    doc = article_with(
        "乌克兰政治分析人士瓦季姆·杰尼先科说，泽连斯基将出席会议。",
        [("PER", "瓦季姆·杰尼先科"), ("PER", "泽连斯基")],
    )
    entities = link(doc, Settings(actors_files=[mine]))
    assert by_name(entities, "Vadym Denysenko").sector == "academia"
    assert by_name(entities, "Volodymyr Zelenskyy").linked
    # Without the user file the shipped record applies.
    plain = article_with("泽连斯基将出席会议。", [("PER", "泽连斯基")])
    assert link(plain)[0].name_en == "Volodymyr Zelensky"


def test_known_names_feed_the_gazetteer() -> None:
    names = kb.known_names(SHIPPED)
    assert names["美国"] == "LOC" and names["美"] == "LOC"
    assert names["普京"] == "PER" and names["新华社"] == "ORG"
    assert names["布加勒斯特"] == "LOC"  # from CC-CEDICT
    assert kb.ambiguous_names(SHIPPED)["伊"] == ["IRN", "IRQ"]


@pytest.mark.parametrize(
    ("glosses", "expected"),
    [
        (["Kyiv or Kiev, capital of Ukraine"], ("Kyiv", ("Kiev",), "LOC", "UKR")),
        (
            ["München or Munich, capital of Bavaria, Germany"],
            ("Munich", ("München",), "LOC", "DEU"),
        ),
        (["Biden (name)", "Joe Biden (1942-), US president"], ("Joe Biden", (), "PER", None)),
        (["Khyber province of Pakistan"], ("Khyber", (), "LOC", "PAK")),  # description dropped
        (["Bay of Bengal"], ("Bay of Bengal", (), "LOC", None)),  # "of" belongs to the name
    ],
)
def test_dictionary_gloss_to_english_name(glosses: list[str], expected: tuple[Any, ...]) -> None:
    found = cedict.dictionary_name(glosses)
    assert found is not None
    assert (found.name_en, found.aliases_en, found.type, found.country) == expected


# --- the seed page -----------------------------------------------------------------


def test_seed_page_gold_mentions_link_to_the_right_english_names(
    seed_text: str, seed_gold: dict[str, Any]
) -> None:
    """Entities made from the gold mentions, linked by this stage alone, scored by jishi eval."""
    doc = process(seed_text, published=seed_gold["published"], settings=Settings(stages=["layout"]))
    for article in doc.articles:
        names = [(g["type"], m) for g in seed_gold["entities"] for m in g["mentions"]]
        for number, (entity_type, name) in enumerate(names):
            mentions = [
                Mention(text=name, paragraph=p, start=s, end=s + len(name))
                for p, paragraph in enumerate(article.paragraphs)
                for s in range(len(paragraph.text))
                if paragraph.text.startswith(name, s)
            ]
            if mentions:
                article.entities.append(
                    Entity(id=f"g{number}", type=entity_type, name=name, mentions=mentions)
                )
    actors.run(doc, Settings())
    ratio = score_linking(doc, json.loads(json.dumps(seed_gold)))
    assert ratio.hits / ratio.total >= 0.9, ratio.missed


def test_surname_alone_joins_the_full_name_met_in_the_article() -> None:
    # 约翰逊 alone could be several people; after 鲍里斯·约翰逊 it is him.
    doc = article_with(
        "英国前首相鲍里斯·约翰逊当天发表讲话。约翰逊说，西方应继续支持乌克兰。",
        [("PER", "鲍里斯·约翰逊"), ("PER", "约翰逊")],
    )
    entities = link(doc)
    assert [(e.name_en, len(e.mentions)) for e in entities] == [("Boris Johnson", 2)]


def test_title_alone_joins_the_person_named_with_that_title() -> None:
    doc = article_with(
        "乌克兰外交部发言人格奥尔吉·季霍内12日说，乌方不会接受这一方案。乌克兰外交部发言人还表示，谈判应有欧洲参与。",
        [("PER", "格奥尔吉·季霍内"), ("PER", "乌克兰外交部发言人")],
    )
    entities = link(doc)
    assert len(entities) == 1
    assert entities[0].name == "格奥尔吉·季霍内"
    assert {m.text for m in entities[0].mentions} == {"格奥尔吉·季霍内", "乌克兰外交部发言人"}


def test_dictionary_cache_is_rebuilt_when_unreadable_and_read_back_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "user_cache_dir", lambda _app: str(tmp_path))
    cache_file = tmp_path / cedict.dictionary_cache_name()
    cache_file.write_text("{not json", encoding="utf-8")
    (tmp_path / "cedict-names-old-rules.json").write_text("{}", encoding="utf-8")
    extracted = cedict.dictionary.__wrapped__()
    assert json.loads(cache_file.read_text(encoding="utf-8"))["基辅"][0] == "Kyiv"
    assert not (tmp_path / "cedict-names-old-rules.json").exists()
    assert cedict.dictionary.__wrapped__() == extracted


def test_part_of_a_name_after_a_title_is_the_holder() -> None:
    doc = article_with(
        "卡塔尔首相兼外交大臣穆罕默德表示，卡方愿与埃及共同推动谈判。",
        [("PER", "穆罕默德"), ("LOC", "卡方"), ("LOC", "埃及")],
    )
    entities = link(doc)
    assert by_name(entities, "Mohammed bin Abdulrahman Al Thani").country == "QAT"
    assert by_name(entities, "Qatar").mentions[0].text == "卡方"


def test_a_title_chain_with_one_known_office_names_its_holder() -> None:
    # 首席执行官 is held by no record: 会长 alone says who 克拉克 is on the date
    doc = article_with(
        "美国商会会长兼首席执行官克拉克表示，小企业面临的威胁越来越严重。",
        [("ORG", "美国商会"), ("PER", "克拉克")],
    )
    assert by_name(link(doc), "Suzanne Clark").type == "PER"


def test_state_and_institution_make_an_organization() -> None:
    doc = article_with(
        "埃及外交部发表声明称，埃方敦促各方保持克制。荷兰财政部当天也表示关切。",
        [("ORG", "埃及外交部"), ("ORG", "荷兰财政部")],
    )
    egypt, netherlands = link(doc)
    assert (egypt.name_en, egypt.country, egypt.sector) == (
        "Ministry of Foreign Affairs of Egypt",
        "EGY",
        "government",
    )
    assert netherlands.name_en == "Ministry of Finance of the Netherlands"
    party = article_with("朝鲜劳动党中央委员会举行全会。", [("ORG", "朝鲜劳动党中央委员会")])
    committee = link(party)[0]
    assert (committee.name_en, committee.country, committee.sector) == (
        "Central Committee of the Workers' Party of Korea",
        "PRK",
        "party",
    )


@pytest.mark.parametrize(
    ("name", "romanized"),
    [
        ("王小明", "Wang Xiaoming"),  # surname, then given name
        ("欧阳修", "Ouyang Xiu"),  # two-character surname
        ("曾国藩", "Zeng Guofan"),  # the surname reading, not the everyday one (ceng)
        ("瓦季姆·杰尼先科", "Vadim Jenisenko"),  # a known given name, then syllables
        ("杰尼先科", "Jenisenko"),  # the ending 先科 as a unit (-senko)
        ("杰克·史密斯", "Jack Smith"),  # a given name and a surname the table knows whole
        ("奈杰尔·凯利", "Nigel Kelly"),
        ("帕特里克·穆亚亚", "Patrick Muyaya"),  # an African surname, syllable by syllable
        ("谢尔盖·绍伊古", "Sergei Shaoigu"),  # a character outside the table keeps its pinyin
        ("格奥尔格·拉皮德", "Georg Lapid"),  # 格 and 德 end the word as bare consonants
        ("恩杜洪吉雷", "Nduhongire"),  # a nasal before a consonant opens the word
        ("贝亚特·迈因尔-赖辛格", "Beyat Miinr-Raising"),  # each hyphenated piece capitalised
    ],
)
def test_romanization_of_names_we_cannot_link(name: str, romanized: str) -> None:
    assert romanize.romanize(name, "PER", SHIPPED) == romanized


def test_places_and_organizations_are_not_spelled_as_foreign_names() -> None:
    assert romanize.romanize("杰克逊维尔", "LOC", SHIPPED) == "Jiekexun Weier"


def test_a_surname_before_three_characters_is_no_chinese_name() -> None:
    # Chinese given names have one or two characters: 马丁内斯 is a transliteration
    assert romanize.chinese_name_parts("马丁内斯", SHIPPED) is None
    assert romanize.chinese_name_parts("王小明", SHIPPED) is not None
    assert romanize.chinese_name_parts("欧阳修", SHIPPED) is not None


def test_unknown_foreign_person_gets_a_spelling_but_no_english_name() -> None:
    doc = article_with(
        "英国皇家联合军种研究所研究员约翰·帕克说，前线压力加大。", [("PER", "约翰·帕克")]
    )
    person = link(doc)[0]
    assert (person.name_en, person.romanized, person.linked) == (None, "John Parker", False)


def test_unknown_organization_has_no_pinyin_english_name() -> None:
    doc = article_with(
        "据美国全国玩具零售商联合会预测，集装箱数量下滑。", [("ORG", "美国全国玩具零售商联合会")]
    )
    organization = link(doc)[0]
    assert organization.name_en is None and organization.linked is False
    assert organization.romanized == "Meiguo Quanguo Wanju Lingshoushang Lianhehui"


@pytest.mark.parametrize(
    ("names", "name_en"),
    [
        ([("ORG", "美国白宫")], "White House"),  # a state before its own institution
        ([("ORG", "人民日报客户端")], "People's Daily"),  # an outlet's channel
        ([("LOC", "汗尤尼斯市")], "Khan Younis"),  # an administrative word after a place
    ],
)
def test_longer_forms_reduce_to_the_actor_they_name(
    names: list[tuple[EntityType, str]], name_en: str
) -> None:
    doc = article_with(f"据{names[0][1]}消息，局势紧张。", names)
    assert link(doc)[0].name_en == name_en


def test_a_state_before_another_states_institution_is_not_reduced() -> None:
    doc = article_with("据法国白宫消息。", [("ORG", "法国白宫")])
    assert link(doc)[0].linked is False


def test_unknown_chinese_scholar_gets_a_pinyin_name() -> None:
    doc = article_with("中国社会科学院研究员王小明认为，会谈释放了积极信号。", [("PER", "王小明")])
    person = link(doc)[0]
    assert (person.name_en, person.linked) == ("Wang Xiaoming", False)


def test_surname_of_a_known_person_follows_another_full_name_in_the_article() -> None:
    doc = article_with(
        "英国议员杰里米·哈里斯12日表示反对。哈里斯说，政府应当重新考虑。",
        [("PER", "杰里米·哈里斯"), ("PER", "哈里斯")],
    )
    entities = link(doc)
    assert len(entities) == 1
    assert (entities[0].linked, entities[0].romanized) == (False, "Jeremy Harris")
    # With the known person's own full name, the surname stays with her.
    known = article_with(
        "美国前副总统卡玛拉·哈里斯当天发表讲话。哈里斯说，她将继续参与公共事务。",
        [("PER", "卡玛拉·哈里斯"), ("PER", "哈里斯")],
    )
    assert [e.name_en for e in link(known)] == ["Kamala Harris"]


def test_shipped_data_shares_no_name_but_abbreviations() -> None:
    """Two shipped records with one alias would be linked only by luck; the only shared
    surfaces allowed are one-character and side forms of states (巴, 巴方)."""
    shared = kb.ambiguous_names(SHIPPED)
    assert shared, "the abbreviation 伊 (Iran, Iraq) should be ambiguous"
    assert all(len(s) == 1 or s.endswith("方") for s in shared), shared


def test_check_user_files_reports_additions_replacements_and_shared_names(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- {name: 杰尼先科, aliases: [哈克], name_en: Vadym Denysenko, kind: person}\n"
        "- {name: 泽连斯基, name_en: Volodymyr Zelenskyy, kind: person, country: UKR}\n",
        encoding="utf-8",
    )
    report = kb.check_user_files(SHIPPED, (mine,))
    assert report.records == {mine: 2}
    assert [r.name_en for r in report.added] == ["Vadym Denysenko"]
    assert [r.name_en for r in report.replaced] == ["Volodymyr Zelenskyy"]
    assert report.shared == {"哈克": ["farhan-haq", "vadym-denysenko"]}


def test_check_actors_command_exits_2_naming_the_bad_record(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jishi.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: 某人, name_en: Someone, kind: person, country: usa}\n", "utf-8")
    result = CliRunner().invoke(main, ["check-actors", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml: record 1 (某人): country" in result.output


def test_every_un_member_has_its_own_chinese_name() -> None:
    members = [row for row in SHIPPED.table("countries.tsv") if row["status"] == "un-member"]
    assert len(members) == 193
    assert len({row["name"] for row in members}) == 193
    index = kb.actor_index(SHIPPED)
    assert index.lookup("埃斯瓦蒂尼")[0].name_en == "Eswatini"
    assert index.lookup("香港")[0].kind == "place"


def test_names_with_publication_marks_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "marks.yaml"
    path.write_text("- {name: 《某报》, name_en: Some Paper, kind: organization}\n", "utf-8")
    with pytest.raises(DataFileError, match=r"record 1 \(《某报》\): name: .*without spaces, 《》"):
        records.read_actor_file(path)


def test_former_office_holder_keeps_the_roles_already_left() -> None:
    doc = article_with(
        "时任总统拜登与普京2021年6月在瑞士会晤。", [("PER", "拜登"), ("PER", "普京")]
    )
    biden, putin = link(doc)
    assert [(r.title, r.end) for r in biden.roles] == [
        ("美国总统", "2025-01-20"),
        ("美国副总统", "2017-01-20"),
    ]
    assert [r.title for r in putin.roles] == ["俄罗斯总统"]


def test_later_records_replace_by_id_or_by_chinese_name() -> None:
    def record(id_: str, name: str, name_en: str) -> records.ActorRecord:
        return records.ActorRecord(id=id_, name=name, name_en=name_en, kind="person")

    shipped = [record("a", "甲", "A"), record("b", "乙", "B"), record("c", "丙", "C")]
    user = [record("a", "甲一", "A2"), record("x", "乙", "B2")]
    merged = {r.id: r.name_en for r in records.merge_records([shipped, user])}
    assert merged == {"a": "A2", "c": "C", "x": "B2"}


def test_title_in_the_headline_is_read_from_the_headline() -> None:
    doc = article_with("正文没有头衔。", [])
    article = doc.articles[0]
    article.headline = "乌克兰外交部发言人季霍内：不接受这一方案"
    article.entities.append(
        Entity(
            id="h",
            type="PER",
            name="季霍内",
            mentions=[Mention(text="季霍内", paragraph=-1, start=9, end=12, part="headline")],
        )
    )
    assert link(doc)[0].country == "UKR"


def test_publication_named_by_an_ordinary_phrase_only_as_a_title() -> None:
    cited = article_with("美国《外交政策》杂志网站刊文说，", [("ORG", "《外交政策》")])
    assert link(cited)[0].name_en == "Foreign Policy"
    phrase = article_with("美国的外交政策正在调整。", [("ORG", "外交政策")])
    assert link(phrase)[0].linked is False
    assert "外交政策" not in kb.known_names(SHIPPED)


def test_short_name_after_the_full_one_joins_it() -> None:
    doc = article_with(
        "叙利亚过渡政府总统艾哈迈德·沙拉当天会见来访的土耳其外长。沙拉表示，叙方愿加强合作。",
        [("PER", "艾哈迈德·沙拉"), ("PER", "沙拉")],
    )
    entities = link(doc)
    assert [(e.name_en, len(e.mentions)) for e in entities] == [("Ahmed al-Sharaa", 2)]


# --- coverage of the curated categories and title resolution ------------------------------

G20_OFFICES = {
    "USA": ("美国总统", "美国国务卿", "美国国防部长"),
    "CHN": ("中国国家主席", "中国外交部长", "中国国防部长"),
    "RUS": ("俄罗斯总统", "俄罗斯外交部长", "俄罗斯国防部长"),
    "GBR": ("英国首相", "英国外交大臣", "英国国防大臣"),
    "FRA": ("法国总统", "法国外交部长", "法国国防部长"),
    "DEU": ("德国总理", "德国外交部长", "德国国防部长"),
    "ITA": ("意大利总理", "意大利外交部长", "意大利国防部长"),
    "JPN": ("日本首相", "日本外务大臣", "日本防卫大臣"),
    "CAN": ("加拿大总理", "加拿大外交部长", "加拿大国防部长"),
    "AUS": ("澳大利亚总理", "澳大利亚外交部长", "澳大利亚国防部长"),
    "KOR": ("韩国总统", "韩国外交部长", "韩国国防部长"),
    "IND": ("印度总理", "印度外交部长", "印度国防部长"),
    "IDN": ("印度尼西亚总统", "印度尼西亚外交部长", "印度尼西亚国防部长"),
    "BRA": ("巴西总统", "巴西外交部长", "巴西国防部长"),
    "MEX": ("墨西哥总统", "墨西哥外交部长", "墨西哥国防部长"),
    "ARG": ("阿根廷总统", "阿根廷外交部长", "阿根廷国防部长"),
    "ZAF": ("南非总统", "南非国际关系与合作部长", "南非国防部长"),
    "SAU": ("沙特国王", "沙特外交大臣", "沙特国防大臣"),
    "TUR": ("土耳其总统", "土耳其外交部长", "土耳其国防部长"),
}


@pytest.mark.parametrize("code", sorted(G20_OFFICES))
def test_every_g20_state_has_its_leader_and_ministers_on_a_2025_date(code: str) -> None:
    index = kb.actor_index(SHIPPED)
    for title in G20_OFFICES[code]:
        holder = index.holder_of(title, "2025-09-01")
        assert holder is not None, title
        assert holder.country == code


@pytest.mark.parametrize(
    ("text", "name", "name_en"),
    [
        # the same office under its monarchy name (外交大臣) and its short form (外长)
        ("荷兰外长范威尔9日表示支持。", "荷兰外长", "David van Weel"),
        # a title of 19 characters before a name clipped by one character
        (
            "联合国近东巴勒斯坦难民救济和工程处主任拉扎里警告说，资金即将耗尽。",
            "拉扎里",
            "Philippe Lazzarini",
        ),
        # a name overrun by one character of the next word (鲁比奥|通电话)
        ("乌克兰外长当天与美国国务卿鲁比奥通电话。", "鲁比奥通", "Marco Rubio"),
    ],
)
def test_titles_name_their_holder(text: str, name: str, name_en: str) -> None:
    doc = article_with(text, [("PER", name)])
    doc.published = "2025-09-10"
    assert link(doc)[0].name_en == name_en


def test_holder_written_by_another_of_its_names() -> None:
    doc = article_with("非洲联盟委员会主席呼吁停火。", [("ORG", "非洲联盟委员会")])
    assert link(doc)[0].name_en == "African Union Commission"


@pytest.mark.parametrize(
    ("name", "name_en"),
    [
        ("中国驻美国大使馆", "Embassy of China in the United States"),
        ("英国驻俄使馆", "Embassy of the United Kingdom in Russia"),  # 俄: the abbreviation
        ("伊朗常驻联合国代表团", "Permanent Mission of Iran to the United Nations"),
        ("美国驻上海总领事馆", "Consulate General of the United States in Shanghai"),
    ],
)
def test_a_states_mission_abroad_is_named_by_both_ends(name: str, name_en: str) -> None:
    doc = article_with(f"{name}发表声明，对此表示关切。", [("ORG", name)])
    entity = link(doc)[0]
    assert (entity.name_en, entity.linked) == (name_en, True)


def test_agency_heads_and_spokespeople_resolve_from_their_titles() -> None:
    index = kb.actor_index(SHIPPED)
    expected = {
        "联合国秘书长": "António Guterres",
        "联合国常务副秘书长": "Amina J. Mohammed",
        "联合国儿童基金会执行主任": "Catherine Russell",
        "世界粮食计划署执行干事": "Cindy McCain",
        "世界卫生组织总干事": "Tedros Adhanom Ghebreyesus",
        "联合国粮农组织总干事": "Qu Dongyu",
        "北约副秘书长": "Radmila Shekerinska",
        "美国国务院发言人": "Tammy Bruce",
        "印度外交部发言人": "Randhir Jaiswal",
    }
    found = {title: index.holder_of(title, "2025-09-01") for title in expected}
    assert {t: r.name_en if r else None for t, r in found.items()} == expected


def test_a_short_name_that_is_part_of_a_common_place_name_is_not_an_alias() -> None:
    assert not kb.actor_index(SHIPPED).lookup("南加")


def test_title_before_a_short_name_outranks_a_namesake() -> None:
    """库列巴 alone is the former foreign minister, whom the article names in full;
    after 乌克兰副总理 on a 2025 date it is the deputy prime minister."""
    doc = article_with("乌克兰副总理库列巴表示，港口设施遭到袭击。", [("PER", "库列巴")])
    doc.published = "2025-08-26"
    assert link(doc)[0].name_en == "Oleksii Kuleba"
    doc = article_with("乌克兰外长库列巴表示，将继续争取援助。", [("PER", "库列巴")])
    doc.published = "2023-05-01"
    assert link(doc)[0].name_en == "Dmytro Kuleba"


def test_capitals_and_interim_governments_are_curated() -> None:
    doc = article_with(
        "双方在马斯喀特举行会谈，阿富汗临时政府和格陵兰自治政府代表出席。",
        [("LOC", "马斯喀特"), ("ORG", "阿富汗临时政府"), ("ORG", "格陵兰自治政府")],
    )
    names = {e.name_en for e in link(doc)}
    assert {"Muscat", "Taliban", "Government of Greenland"} <= names


def test_side_form_shared_by_two_states_follows_the_article() -> None:
    afghan = article_with("阿富汗政府表示，阿方愿与邻国对话。", [("LOC", "阿富汗"), ("LOC", "阿")])
    assert {e.name_en for e in link(afghan)} == {"Afghanistan"}
    argentine = article_with("阿根廷总统说，阿方欢迎这一协议。", [("LOC", "阿根廷"), ("LOC", "阿")])
    assert {e.name_en for e in link(argentine)} == {"Argentina"}


def test_an_oblast_or_state_is_not_its_capital_city() -> None:
    doc = article_with(
        "无人机袭击了哈尔科夫州和苏梅州，委内瑞拉向苏利亚州增派军队。",
        [("LOC", "哈尔科夫州"), ("LOC", "苏梅州"), ("LOC", "苏利亚州")],
    )
    assert {e.name_en for e in link(doc)} == {"Kharkiv Oblast", "Sumy Oblast", "Zulia"}


def test_linked_places_get_coordinates_from_the_gazetteer() -> None:
    doc = article_with(
        "以色列海法遭到袭击，某某镇也受影响。",
        [("LOC", "以色列"), ("LOC", "海法"), ("LOC", "某某镇")],
    )
    israel, haifa, town = link(doc)
    assert (haifa.name_en, haifa.country) == ("Haifa", "ISR")
    assert haifa.geonames_id is not None and 32 < (haifa.latitude or 0) < 33.5
    assert israel.geonames_id is not None and israel.latitude is not None  # at its capital
    assert town.linked is False and town.geonames_id is None


def test_a_countrys_city_index_is_read_back_from_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first look-up in a country writes its index to the cache; a new process
    (here: the in-memory cache cleared) reads the file and finds the same place."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer._cities_in.cache_clear()
    first = gazetteer.locate("Haifa", "海法", "ISR")
    shards = list(tmp_path.rglob("geonames-*-cities-IL.json"))
    assert len(shards) == 1 and "haifa" in json.loads(shards[0].read_text(encoding="utf-8"))
    gazetteer._cities_in.cache_clear()
    assert gazetteer.locate("Haifa", "海法", "ISR") == first and first is not None
    assert first.country == "ISR" and first.feature == "city"
    gazetteer._cities_in.cache_clear()


def test_a_company_named_with_its_legal_form_links_to_its_short_name() -> None:
    doc = article_with("通用汽车公司1日下调收益预期。", [("ORG", "通用汽车公司")])
    assert (link(doc)[0].name_en, link(doc)[0].sector) == ("General Motors", "business")


def test_new_actor_files_hold_whole_categories_with_their_shape() -> None:
    """Companies are businesses with a country; outlets are media; Chinese bodies are
    Chinese; every role of the 2015-2025 office holders has dates and an English title
    and is not held past its end."""
    folder = data_path("actors")
    companies = records.read_actor_file(folder / "companies.yaml")
    assert len(companies) >= 100
    assert all(r.kind == "organization" and r.sector == "business" and r.country for r in companies)
    media = records.read_actor_file(folder / "media.yaml")
    assert all(r.sector == "media" for r in media)
    bodies = records.read_actor_file(folder / "china_institutions.yaml")
    assert all(r.country == "CHN" and r.kind == "organization" for r in bodies)
    people = records.read_actor_file(folder / "people_2015_2025.yaml")
    assert all(r.kind == "person" and r.country for r in people)
    roles = [role for r in people for role in r.roles]
    assert len(roles) >= 50
    assert all(role.start and role.title_en for role in roles)
    assert all(role.end is None or str(role.start) < role.end for role in roles)


def test_a_title_resolves_to_its_holder_of_that_year() -> None:
    doc = article_with("巴基斯坦总统当天表示，双方合作成果丰硕。", [("PER", "巴基斯坦总统")])
    doc.published = "2020-01-25"
    assert link(doc)[0].name_en == "Arif Alvi"


def test_a_subdivision_named_after_its_capital_is_composed_in_english() -> None:
    doc = article_with(
        "别尔哥罗德州和沃罗涅日州遭到袭击，汗尤尼斯市也受影响。",
        [("LOC", "别尔哥罗德州"), ("LOC", "沃罗涅日州"), ("LOC", "汗尤尼斯市")],
    )
    assert [e.name_en for e in link(doc)] == ["Belgorod Oblast", "Voronezh Oblast", "Khan Younis"]
    assert link(doc)[0].kind == "place" and link(doc)[0].country == "RUS"


def test_shipped_records_have_a_known_sector_and_country_and_ordered_roles() -> None:
    """The shape of every curated record: a sector the event table knows, a country the
    country table knows, a person of some country, and no role ending before it starts."""
    files = data_files(None)
    sectors = {row["sector"] for row in files.table("actor_sectors.tsv")}
    index = kb.actor_index(SHIPPED)
    codes = {record.country for record in index.records.values() if record.id == record.country}
    for record in index.records.values():
        assert record.sector is None or record.sector in sectors, record.id
        assert record.country is None or record.country in codes, record.id
        if record.kind == "person" and record.sector != "igo":
            assert record.country, record.id
        for role in record.roles:
            assert not (role.start and role.end) or role.start <= role.end, (record.id, role)
