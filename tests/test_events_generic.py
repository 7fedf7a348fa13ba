"""Acts of force whose attacker or target the text names by class only (武装分子, 检查站).

The sentences are written for these tests in the manner of wire reports of attacks; each
runs through the whole pipeline, so tagger, mentions, actors and the events stage all
take part, as on real news.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jishi
from jishi.eval.scores import system_entities
from jishi.lang.data import DataFileError, DataFiles, data_files
from jishi.lang.zh.events import event_lexicon
from jishi.model import Article, Document, Event


def only_article(text: str) -> Article:
    doc = jishi.process("新华社电 " + text, published="2024-05-20")
    assert len(doc.articles) == 1
    return doc.articles[0]


def sides(article: Article, event: Event) -> tuple[list[str], list[str]]:
    """The English names (else the Chinese) of an event's source and target."""

    def names(ids: list[str]) -> list[str]:
        return [e.name_en or e.name for e in article.entities_of(ids)]

    return names(event.source), names(event.target)


def assaults(article: Article) -> list[Event]:
    return [e for e in article.events if e.type == "ASSAULT"]


@pytest.fixture(scope="module")
def gunmen() -> Article:
    return only_article("数名武装分子19日晚袭击了阿富汗北部一个村庄，打死至少8名村民。")


def test_an_unnamed_attacker_is_the_source_as_a_generic_entity_of_the_place(
    gunmen: Article,
) -> None:
    (attack,) = assaults(gunmen)
    source, target = sides(gunmen, attack)
    assert source == ["militants"]
    assert "village" in target
    (militants,) = gunmen.entities_of(attack.source)
    assert (militants.kind, militants.linked, militants.country) == ("generic", False, "AFG")
    assert militants.mentions[0].text == "武装分子"


def test_generic_participants_are_not_names_for_the_entity_scores(gunmen: Article) -> None:
    doc = Document(id="d", articles=[gunmen])
    named = {e.name for e in system_entities(doc)}
    assert "阿富汗" in named
    assert not named & {"武装分子", "村庄"}


def test_the_site_of_a_bombing_is_its_target_and_the_compound_noun_its_head() -> None:
    article = only_article(
        "一名自杀式袭击者当天在巴基斯坦西北部一处警察检查站引爆身上的炸药，炸死3名警察。"
    )
    (attack,) = assaults(article)
    # 警察检查站 is a checkpoint; the police the bomber goes on to kill are hit as well
    assert sides(article, attack) == (["suicide attackers"], ["checkpoint", "police"])
    assert attack.mode == "explosives"


def test_a_passive_attack_by_an_unnamed_gunman() -> None:
    article = only_article("不明身份的枪手向一辆公共汽车开枪，造成2人死亡。")
    (attack,) = assaults(article)
    assert sides(article, attack) == (["gunmen"], ["bus"])


def test_the_attacker_killed_is_the_target_not_the_source() -> None:
    article = only_article("警方说，袭击者已被当场击毙。")
    (attack,) = assaults(article)
    assert sides(article, attack) == ([], ["attackers"])


def test_a_thing_hit_inside_a_named_place_is_hit_as_well() -> None:
    article = only_article("胡塞武装宣布用导弹袭击了红海上的一艘油轮。")
    (attack,) = assaults(article)
    source, target = sides(article, attack)
    assert source == ["Houthis"]
    assert target[-1] == "oil tanker"


def test_a_named_attacker_keeps_its_name() -> None:
    article = only_article("以色列军队对加沙地带南部城市汗尤尼斯发动空袭，炸死一名哈马斯指挥官。")
    (attack,) = assaults(article)
    source, target = sides(article, attack)
    assert source == ["Israel Defense Forces"]
    assert "Hamas" in target
    assert not [e for e in article.entities if e.kind == "generic"]


@pytest.mark.parametrize(
    "text",
    [
        "土耳其东部发生里氏6.1级地震，造成8人死亡，数百名村民无家可归。",
        "一辆大客车与货车相撞，造成10名乘客死亡。",
        "当地一处市场发生火灾，消防人员赶到现场，所幸无人伤亡。",
        "伊朗方面誓言将对美军打死伊朗高级将领进行强硬复仇。",
    ],
)
def test_no_attack_in_disasters_accidents_or_an_avenged_deed(text: str) -> None:
    article = only_article(text)
    assert not assaults(article)
    assert not [e for e in article.entities if e.kind == "generic"]


def test_generic_rows_are_checked(tmp_path: Path) -> None:
    (tmp_path / "generic_actors.tsv").write_text(
        "word\ttype\tname_en\trole\n海盗\tGPE\tpirates\tattacker\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match=r"海盗.*PER, ORG or LOC"):
        event_lexicon(DataFiles(tmp_path))


def test_every_attacker_word_is_a_cue_and_every_generic_has_english() -> None:
    lexicon = event_lexicon(data_files())
    attackers = [g for g in lexicon.generics.values() if g.role == "attacker"]
    assert len(attackers) >= 10
    assert all(lexicon.cues[g.word] == "unnamed_actor" for g in attackers)
    assert all(g.name_en.isascii() and g.name_en.strip() for g in lexicon.generics.values())


def test_a_claim_for_the_attack_told_before_names_its_attacker() -> None:
    article = only_article(
        "一支政府军车队18日在索马里南部遭到路边炸弹袭击，3名士兵死亡。"
        "索马里青年党当天宣称对这起袭击负责。"
    )
    (attack,) = assaults(article)
    assert sides(article, attack) == (["al-Shabaab"], ["convoy"])
    assert [m.trigger for m in attack.mentions] == ["袭击"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a class noun after 的 is the object of 向, not the owner of a noun 开火
        ("武装分子当天向巡逻的警察开火，打死2名警察。", (["militants"], ["police"])),
        # the head of the object follows its relative clause
        ("3名恐怖分子劫持了一架载有80名乘客的客机。", (["terrorists"], ["airliner"])),
        # a place before the occurrence verb and the thing in it are both hit
        ("叙利亚北部一个集市发生汽车炸弹爆炸，造成15人死亡。", ([], ["Syria", "market"])),
    ],
)
def test_where_the_class_nouns_stand(text: str, expected: tuple[list[str], list[str]]) -> None:
    article = only_article(text)
    (attack,) = assaults(article)
    assert sides(article, attack) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # force applied in another country's place, with nothing else named as hit
        ("以军在加沙地带南部实施大规模地面行动。", [(["Israel"], ["Gaza Strip"])]),
        ("美军在叙利亚东部发动空袭。", [(["United States"], ["Syria"])]),
        # at home the place is only where it happened: no target, no event
        ("俄防空部队在布良斯克州上空击落了无人机。", [(["Russia"], [])]),
        # the reach of an act names none
        ("伊朗方面称，美军在地区的基地均在伊打击范围内。", []),
    ],
)
def test_a_place_abroad_where_force_is_applied_is_hit(
    text: str, expected: list[tuple[list[str], list[str]]]
) -> None:
    article = only_article(text)
    assert [sides(article, e) for e in assaults(article)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two named sides clash: one event, both sides
        (
            "苏丹武装部队和快速支援部队在喀土穆爆发冲突。",
            [("ASSAULT", ["Sudanese Armed Forces"], ["Rapid Support Forces"])],
        ),
        # names in quotation marks coordinate as bare ones; a class before its name is the name
        (
            "武装组织“胡塞武装”和“伊斯兰国”近日在也门发生冲突。",
            [("ASSAULT", ["Houthis"], ["Islamic State"])],
        ),
        # a state before a quoted thing of its own still stands for the side hit
        ("伊朗击落了以色列“赫尔墨斯”无人机。", [("ASSAULT", ["Iran"], ["Israel"])]),
        # a relative clause of force at the hands of a named side reports the act
        (
            "在加沙地带遭以军袭击的多名救援人员遗体已被找到。",
            [("ASSAULT", ["Israel"], ["Gaza Strip"])],
        ),
        # a step verb on the noun of a sanction reports the sanction going on
        (
            "联合国安理会延长了对中非共和国的武器禁运。",
            [("SANCTION", ["United Nations Security Council"], ["Central African Republic"])],
        ),
        # an attack a side announces, or says it must make, is a threat (made when said)
        (
            "以色列国防部长称，以军将扩大在加沙地带的军事行动。",
            [("THREATEN", ["Israel"], ["Gaza Strip"])],
        ),
        ("伊朗最高领袖称，伊朗必须强力打击以色列。", [("THREATEN", ["Iran"], ["Israel"])]),
        # 应 before a name is 'at the request of', no duty: the request stands as made
        ("应缅方请求，中国专家代表团赴缅开展修复工作。", [("REQUEST", ["Myanmar"], [])]),
        # a clash of views or interests is no act of force; 加强 before cooperation is a
        # wish, not a report
        ("中国和美国在贸易问题上发生冲突。", []),
        ("中方将加强与东盟的经贸合作。", []),
    ],
)
def test_clashes_steps_and_announced_force(
    text: str, expected: list[tuple[str, list[str], list[str]]]
) -> None:
    article = only_article(text)
    assert [(e.type, *sides(article, e)) for e in article.events] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an attack reported as an incident that took place (发生一起…事件)
        (
            "阿富汗首都喀布尔3日发生一起恐怖袭击事件，造成至少10人死亡。",
            ([], ["Afghanistan", "Kabul"]),
        ),
        ("美国得克萨斯州一所小学24日发生枪击事件。", ([], ["United States", "Texas", "school"])),
        ("阿富汗东部发生一起路边炸弹爆炸事件。", ([], ["Afghanistan"])),
        # the attacker of an earlier clause does the act of one with no subject of its own
        ("持枪歹徒闯入一所学校，绑架了数十名学生。", (["armed assailants"], ["students"])),
        ("一名男子在巴黎街头持刀袭击路人。", (["man"], ["passers-by"])),
        ("一名枪手在一家超市开枪。", (["gunmen"], ["supermarket"])),
    ],
)
def test_attack_reports_of_the_wire_kind(text: str, expected: tuple[list[str], list[str]]) -> None:
    article = only_article(text)
    assert [sides(article, e) for e in assaults(article)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "当地一家化工厂发生爆炸事件，造成3人死亡。",  # an accident
        "热带气旋“加伦斯”近日袭击留尼汪岛，引发洪水。",  # weather
        "一辆卡车冲撞市场人群，警方称这是一起恐怖袭击。",  # the police speak, they do not attack
    ],
)
def test_no_attacker_read_into_accidents_weather_or_a_speaker(text: str) -> None:
    article = only_article(text)
    assert all(not e.source for e in assaults(article))
    assert "police" not in {n for e in assaults(article) for n in sides(article, e)[0]}
