"""The events stage end to end (every stage before it too) on clauses written for these
tests: negation scope, stated will, reported speech, greetings, news with no acts."""

from __future__ import annotations

import pytest

from coded_events import coded, english, of_type


def test_a_negation_stops_at_the_verb_it_negates() -> None:
    article, found = coded("普京表示，俄方愿不设前提条件同乌克兰开启和谈。")
    [talks] = [e for e in found if e.trigger == "和谈"]
    # 不 negates 设 (setting conditions); 愿 makes the talks an expressed intent: AGREE
    assert (talks.type, talks.negated) == ("AGREE", False)
    assert english(article, talks.reported_by) == {"Vladimir Putin"}


def test_a_negated_verb_with_the_act_as_its_object_stays_negated() -> None:
    _, found = coded("俄罗斯和乌克兰的代表团未能实现直接对话。")
    [talks] = of_type(found, "CONSULT")
    assert talks.negated


def test_first_person_after_a_speech_clause_is_the_speaker() -> None:
    article, found = coded(
        "普京表示，俄中始终同舟共济、相互支持。我愿同习近平主席保持密切战略沟通。"
    )
    [intent] = of_type(found, "AGREE")
    assert english(article, intent.source) == {"Vladimir Putin"}
    assert english(article, intent.target) == {"Xi Jinping"}


def test_the_reported_clause_keeps_its_own_subject() -> None:
    article, found = coded("哈马斯此前曾表示，只要以色列继续占领加沙地带，哈马斯就不会解除武装。")
    refusal = next(e for e in found if e.trigger == "解除武装")
    assert refusal.type == "REJECT" and english(article, refusal.source) == {"Hamas"}
    article, found = coded("哈马斯此前曾表示只要以色列继续占领加沙地带，就不会解除武装。")
    occupation = next(e for e in found if e.trigger == "占领")
    assert english(article, occupation.source) == {"Israel"}
    assert english(article, occupation.reported_by) == {"Hamas"}


def test_the_speaker_of_its_own_act_is_actor_and_reporter() -> None:
    article, found = coded("乌克兰空军1日称，俄军当天向乌克兰共发射了111架无人机。")
    [attack] = of_type(found, "ASSAULT")
    assert english(article, attack.source) == {"Russia"}
    assert english(article, attack.target) == {"Ukraine"}
    assert attack.reported_by


def test_an_agreement_named_in_a_relative_clause_is_no_new_agreement() -> None:
    _, found = coded("根据以色列与哈马斯达成的停火协议，以军9日从加沙地带撤出。")
    assert not of_type(found, "AGREE")


def test_greetings_to_a_people_are_support_for_its_state() -> None:
    article, found = coded("联合国秘书长古特雷斯通过视频向中国人民和全球华人拜年。")
    [greeting] = of_type(found, "SUPPORT")
    assert english(article, greeting.target) == {"China"}


@pytest.mark.parametrize(
    "text",
    [
        "中国女排3比1战胜巴西队，夺得本届联赛冠军。",
        "北京明天有小雨，气温5到12摄氏度，市民出行请注意防滑。",
        "上证指数收涨0.5%，两市成交额超过1万亿元。",
        "春节期间，市民收看了新年贺词，为国家取得的成就而自豪。",
    ],
)
def test_news_with_no_political_act_yields_no_event(text: str) -> None:
    assert coded(text)[1] == []


def test_gunmen_nobody_names_attack_their_target_and_negate_nothing() -> None:
    article, found = coded("不明身份的武装分子10日袭击了巴基斯坦西北部的一处警察局，造成5人死亡。")
    [attack] = of_type(found, "ASSAULT")
    assert (english(article, attack.source), attack.negated) == ({"militants"}, False)
    assert english(article, attack.target) == {"Pakistan", "police station"}


def test_an_attack_that_took_place_somewhere_hits_the_place_and_the_claimant_did_it() -> None:
    article, found = coded(
        "伊拉克首都巴格达10日发生两起自杀式炸弹袭击，极端组织“伊斯兰国”宣称对袭击负责。"
    )
    [attack] = of_type(found, "ASSAULT")
    assert english(article, attack.source) == {"Islamic State"}
    assert {"Iraq", "Baghdad"} <= english(article, attack.target)


def test_two_named_sides_of_a_clash_stay_its_sides() -> None:
    article, found = coded("俄乌双方在边境地区发生交火。")
    [clash] = of_type(found, "ASSAULT")
    assert english(article, [*clash.source, *clash.target]) == {"Russia", "Ukraine"}


@pytest.mark.parametrize(
    "text",
    [
        "四川雅安10日发生6.1级地震，造成4人死亡。",
        "巴基斯坦卡拉奇一处居民楼10日发生燃气爆炸，造成5人死亡。",
        "一辆大巴在湖南高速公路上与货车相撞起火，造成10人死亡。",
    ],
)
def test_disasters_and_accidents_are_no_assault(text: str) -> None:
    assert not of_type(coded(text)[1], "ASSAULT")


def test_a_body_reporting_its_own_doings_is_their_actor() -> None:
    article, found = coded("以色列国防军今天称，继续对伊朗首都德黑兰发动空袭。")
    [strike] = of_type(found, "ASSAULT")
    assert english(article, strike.source) & {"Israel", "Israel Defense Forces"}
    assert "Iran" in english(article, strike.target)


def test_a_clause_with_a_subject_of_its_own_is_not_the_speakers_act() -> None:
    _, found = coded("无国界医生组织日前表示，大地震摧毁了海地60%的卫生系统。")
    assert not of_type(found, "ASSAULT")


def test_a_noun_of_an_act_that_takes_place_is_reported_when_it_says() -> None:
    _, found = coded("俄罗斯与美国代表团在沙特的会谈计划24日举行。", published="2025-03-23")
    [talks] = of_type(found, "CONSULT")
    assert (talks.date, talks.modality) == ("2025-03-24", "future")


def test_the_noun_of_an_act_told_before_is_that_act() -> None:
    _, found = coded("以军3日空袭了黎巴嫩南部多地。黎巴嫩卫生部门称，以色列的袭击造成1人死亡。")
    assert len(of_type(found, "ASSAULT")) == 1


def test_a_place_before_a_topic_noun_is_what_is_at_issue_not_a_party() -> None:
    """巴勒斯坦问题特别会议: the Arab League's meeting on Palestine, held in Egypt; Palestine
    is its topic, not the one meeting."""
    article, found = coded(
        "阿拉伯国家联盟外长理事会巴勒斯坦问题特别会议7日在埃及开罗召开，"
        "会议重点讨论如何应对以色列的军事行动。"
    )
    [meeting] = of_type(found, "CONSULT")
    assert english(article, meeting.source) == {"Arab League"}
    assert "Palestine" not in english(article, [*meeting.source, *meeting.target])


def test_a_demand_of_a_side_named_with_its_short_name_in_brackets() -> None:
    """X称，巴勒斯坦伊斯兰抵抗运动（哈马斯）必须放下武器: X demands it of Hamas; the
    bracketed short name ends the phrase before the modal."""
    article, found = coded(
        "以色列总理内塔尼亚胡8日称，巴勒斯坦伊斯兰抵抗运动（哈马斯）必须放下武器。"
    )
    [demand] = of_type(found, "REQUEST")
    assert english(article, demand.source) == {"Benjamin Netanyahu"}
    assert english(article, demand.target) == {"Hamas"}
    assert not of_type(found, "RETREAT")  # laying down arms is what is demanded


def test_a_stated_readiness_to_negotiate_is_an_agreement_with_or_without_a_counterpart() -> None:
    article, found = coded("以色列总理内塔尼亚胡8日称，以色列准备好就停火协议下一阶段进行谈判。")
    [ready] = of_type(found, "AGREE")
    assert english(article, ready.source) & {"Israel", "Benjamin Netanyahu"}
    _, found = coded("报道说，当地法律允许外国记者入境采访。")
    assert not of_type(found, "CONCEDE")  # what a law allows is no concession


def test_an_attack_and_the_attack_in_return_are_two_events() -> None:
    """以军袭击胡塞武装; 该武装 (the one actor named …武装) strikes Israel back: two
    attacks in opposite directions, not one merged event."""
    article, found = coded(
        "以军8日称，袭击了也门荷台达港胡塞武装军事设施。"
        "胡塞武装称，该武装随后对以色列特拉维夫发动了导弹打击。"
    )
    sides = {
        (frozenset(english(article, e.source)), frozenset(english(article, e.target)))
        for e in of_type(found, "ASSAULT")
    }
    assert any("Houthis" in s and "Israel" in t for s, t in sides), sides
    assert any("Israel" in s and "Houthis" in t for s, t in sides), sides


@pytest.mark.parametrize("idiom", ["共克时艰", "同舟共济", "守望相助"])
def test_an_idiom_of_solidarity_with_a_named_side_is_a_stated_will(idiom: str) -> None:
    """X愿同Y共克时艰 and the same set phrases of solidarity: an intent stated now."""
    article, found = coded(f"俄罗斯总统普京表示，俄方愿同中方{idiom}。")
    [will] = of_type(found, "AGREE")
    assert english(article, will.target) == {"China"}


def test_an_act_named_as_the_content_of_a_will_is_an_intent_not_the_act() -> None:
    # …的意愿 holds the act: a stated will (AGREE), where the same words without it report talks
    _, willed = coded("中国和印度表达了通过谈判解决边界争端的意愿。")
    assert [(e.type, e.trigger) for e in willed] == [("AGREE", "谈判")]
    _, done = coded("中国和印度通过谈判解决了边界争端。")
    assert [(e.type, e.trigger) for e in done] == [("CONSULT", "谈判")]


def test_a_clause_spelling_out_the_act_before_it_takes_its_modality() -> None:
    # 包括… spells out what the side will do: the exchange is future, as the truce is
    _, found = coded("哈马斯表示，将继续执行停火协议，包括按照时间表交换被扣押人员。")
    [exchange] = [e for e in found if e.trigger == "交换被扣押人员"]
    assert exchange.modality == "future"
    # a list after 包括 names things, not an act to come (no threat read into it)
    _, listed = coded("美军即将实施作战计划，包括攻击目标、攻击顺序等细节。")
    assert all(e.modality is None and e.type != "THREATEN" for e in listed)


def test_a_speech_whose_clause_opens_with_a_noun_of_its_own_is_not_the_speakers_act() -> None:
    # the statement (表态) rules it out, not the one who comments on it
    article, found = coded("前白宫官员文德曼指出，此次美防长的表态排除了乌克兰加入北约的可能。")
    assert all("Alexander Vindman" not in english(article, e.source) for e in found)
    article, found = coded("普京表示，拒绝任何形式的制裁。")
    assert [english(article, e.source) for e in found] == [{"Vladimir Putin"}]


@pytest.mark.parametrize(
    ("text", "mode"),
    [("法国出动数千名警察维持秩序。", "police"), ("缅甸军方动员军队封锁边境。", "troops")],
)
def test_sending_police_or_troops_is_mobilizing(text: str, mode: str) -> None:
    _, found = coded(text)
    assert [(e.type, e.mode) for e in of_type(found, "MOBILIZE")] == [("MOBILIZE", mode)]


@pytest.mark.parametrize(
    "text",
    [
        "习近平总书记的重要指示明确指出了政法工作总体要求和重点任务。",  # requirements, a noun
        "萨特认为，习近平主席倡导的理念获得国际社会普遍赞同和支持。",  # received, not given
        "俄罗斯认为，伊朗同国际原子能机构保持合作将有助于伊朗同国际社会对话。",  # a prospect
        "欧盟顾问托西表示，与其向伊朗施压，还不如向美国施压。",  # a preference
    ],
)
def test_nouns_prospects_preferences_and_support_received_are_no_acts_of_the_subject(
    text: str,
) -> None:
    _, found = coded(text)
    told = ("REQUEST", "SUPPORT", "CONSULT", "THREATEN")
    assert not [e.trigger for e in found if e.type in told and e.modality is None]


def test_a_medium_is_no_party_a_denied_right_no_act_and_a_threat_noun_no_threat() -> None:
    article, found = coded("新年前夕，国家主席习近平通过中央广播电视总台发表了新年贺词。")
    assert [english(article, e.source) for e in found] == [{"Xi Jinping"}]
    _, found = coded("波兰执政党回应称，欧盟无权要求欧洲法院对成员国采取此类措施。")
    assert all(e.negated for e in of_type(found, "REQUEST"))
    _, found = coded("分析认为，当前法国的恐怖主义威胁正在发生重大变化。")
    assert of_type(found, "THREATEN") == []


def test_a_time_that_opens_a_span_does_not_date_the_act_after_it() -> None:
    _, found = coded("这是2011年叙利亚危机爆发以来普京首次访问大马士革。", published="2020-01-08")
    [visit] = of_type(found, "CONSULT")
    assert visit.date == "2020-01-08"  # the day of the report, not 2011


def test_a_visit_to_a_city_of_a_state_the_text_does_not_name_is_a_visit_there() -> None:
    article, found = coded("普京7日访问大马士革。")
    [visit] = of_type(found, "CONSULT")
    assert english(article, visit.target) == {"Damascus"}
    assert {e.country for e in article.entities_of(visit.target)} == {"SYR"}
