"""The events stage end to end on sentences written for these tests: verbal and diplomatic
acts the coder missed on real news (wrongs told in someone's words, negative answers,
conditional refusals, stated wills after a demand, granted requests, convened talks), each
beside a look-alike that is no act or another act."""

from __future__ import annotations

from coded_events import coded, english, of_type


def test_a_wrong_told_in_someones_words_is_their_accusation() -> None:
    article, found = coded("俄罗斯外长拉夫罗夫10日表示，美国的单边制裁严重违反国际法。")
    [charge] = of_type(found, "ACCUSE")
    assert english(article, charge.source) == {"Sergey Lavrov"}
    assert english(article, charge.target) == {"United States"}


def test_the_wrongdoer_may_stand_in_the_clause_before() -> None:
    article, found = coded("对此俄罗斯外长拉夫罗夫表示，美方的做法，无视别国的正当关切。")
    [charge] = of_type(found, "ACCUSE")
    assert english(article, charge.target) == {"United States"}


def test_no_accusation_in_a_condition_a_denial_or_the_narrative() -> None:
    for text in (
        "拉夫罗夫表示，如果美方违反协议，俄方将作出回应。",
        "俄罗斯外长拉夫罗夫表示，俄方从未干涉别国内政。",
        "美国的做法违反了世界贸易组织的规则。",
    ):
        assert not of_type(coded(text)[1], "ACCUSE"), text


def test_a_passive_inside_the_object_of_a_stance_leaves_the_stance_its_subject() -> None:
    article, found = coded("世界卫生组织8日发表声明，对援助人员遭袭事件表示强烈愤慨。")
    [outrage] = of_type(found, "ACCUSE")
    assert english(article, outrage.source) == {"World Health Organization"}


def test_a_negative_answer_given_is_a_rejection_one_received_is_not() -> None:
    article, found = coded("日本外务大臣岩屋毅10日对韩方的请求给出了否定的答复。")
    [refusal] = of_type(found, "REJECT")
    assert english(article, refusal.source) & {"Takeshi Iwaya", "Japan"}
    assert not of_type(coded("韩国外交部10日得到了否定的答复。")[1], "REJECT")


def test_a_refusal_on_a_condition_answers_the_side_of_the_condition() -> None:
    article, found = coded("哈马斯表示，只要以色列继续封锁加沙地带，哈马斯就不会释放人质。")
    [refusal] = of_type(found, "REJECT")
    assert (refusal.mode, english(article, refusal.source)) == ("yield", {"Hamas"})
    assert english(article, refusal.target) == {"Israel"}


def test_a_stated_will_after_a_backing_is_an_act_of_its_own() -> None:
    article, found = coded("蒙古国支持中方提出的倡议，愿同中方加强务实合作。")
    [will] = of_type(found, "AGREE")
    assert english(article, will.source) == {"Mongolia"}
    assert english(article, will.target) == {"China"}


def test_a_name_after_a_clauses_verb_is_no_subject_to_hand_on() -> None:
    article, found = coded("老挝坚定奉行一个中国政策，维护联合国安理会的权威，愿同中方深化合作。")
    [will] = of_type(found, "AGREE")
    assert english(article, will.source) == {"Laos"}


def test_two_sides_stating_the_same_will_are_two_events() -> None:
    article, found = coded(
        "习近平表示，中方愿同俄方保持密切沟通。普京表示，俄方愿同中方保持密切沟通。"
    )
    sides = {
        (frozenset(english(article, e.source)), frozenset(english(article, e.target)))
        for e in of_type(found, "AGREE")
    }
    assert len(sides) == 2, sides


def test_acts_of_two_persons_of_one_state_are_two_events() -> None:
    article, found = coded("美国总统特朗普8日感谢中方的支持。美国国务卿鲁比奥8日也感谢中方的支持。")
    thanks = of_type(found, "SUPPORT")
    assert {frozenset(english(article, e.source)) for e in thanks} == {
        frozenset({"Donald Trump"}),
        frozenset({"Marco Rubio"}),
    }


def test_talks_on_the_counterparts_ground_are_a_visit() -> None:
    article, found = coded("美国财政部长贝森特下月将赴华同中方进行磋商。")
    [talks] = of_type(found, "CONSULT")
    assert talks.mode == "visit"
    assert english(article, talks.source) & {"Scott Bessent", "United States"}
    assert english(article, talks.target) == {"China"}


def test_a_granted_request_is_a_concession_to_who_asked() -> None:
    article, found = coded("德国政府10日批准了乌克兰的请求。")
    [grant] = of_type(found, "CONCEDE")
    assert english(article, grant.source) & {"Germany", "Federal Government of Germany"}
    assert english(article, grant.target) == {"Ukraine"}


def test_signing_an_agreement_is_an_act_when_no_other_party_is_named() -> None:
    article, found = coded("利比亚政府10日与多个武装派别正式签署和平协议。")
    [signed] = of_type(found, "SUPPORT")
    assert english(article, signed.source) & {"Libya", "Government of National Unity"}


def test_convened_talks_are_the_conveners_mediation_between_the_parties() -> None:
    article, found = coded(
        "苏丹武装部队和快速支援部队近日在喀土穆发生冲突。非洲联盟已召集冲突双方谈判。"
    )
    [talks] = of_type(found, "CONSULT")
    assert english(article, talks.source) == {"African Union"}
    assert len(talks.target) == 2


def test_people_welcomed_to_come_are_no_backing_a_welcomed_step_is() -> None:
    assert not of_type(coded("加拿大欢迎更多外国留学生前来学习。")[1], "SUPPORT")
    article, found = coded("加拿大欢迎俄乌双方达成的停火协议。")
    [welcome] = of_type(found, "SUPPORT")
    assert english(article, welcome.source) == {"Canada"}


def test_a_time_inside_what_an_earlier_act_wishes_does_not_date_the_next() -> None:
    _, found = coded("普京8日致电习近平，祝贺中国人民春节快乐，祝中国繁荣昌盛。", "2025-01-28")
    wishes = of_type(found, "SUPPORT")
    assert len(wishes) == 1, [(e.trigger, e.date) for e in wishes]


def test_a_will_with_a_partner_goes_on_over_the_clauses_that_follow() -> None:
    article, found = coded(
        "中方愿同越方一道，落实好两国领导人的共识，巩固政治互信，深化各领域互利合作。"
    )
    [will] = of_type(found, "AGREE")
    assert english(article, will.source) == {"China"}
    assert english(article, will.target) == {"Vietnam"}
    assert not of_type(found, "COOPERATE")


def test_a_verbal_act_after_a_will_is_made_now_and_ends_the_will() -> None:
    article, found = coded("中方愿同越方保持密切交往，赞赏越方为地区和平作出的努力。")
    [praise] = of_type(found, "SUPPORT")
    assert praise.modality is None
    assert english(article, praise.target) == {"Vietnam"}


def test_the_side_named_right_before_a_will_owns_it() -> None:
    article, found = coded("外交部长王毅感谢日方愿向中方提供必要帮助。")
    [will] = of_type(found, "AGREE")
    assert english(article, will.source) == {"Japan"}
    assert english(article, will.target) == {"China"}


def test_a_duty_of_ones_own_side_goes_on_to_the_next_clauses() -> None:
    _, found = coded("欧盟还应坚持独立自主，履行相关协议，开展与伊朗的正常经贸合作。")
    assert not of_type(found, "COOPERATE")


def test_a_report_as_subject_stands_for_who_issued_it() -> None:
    article, found = coded(
        "法国国际关系研究所日前发布的报告显示，新关税将使欧洲损失惨重。报告呼吁欧盟采取反制措施。"
    )
    [call] = of_type(found, "REQUEST")
    assert english(article, call.source) == {"French Institute of International Relations"}
    assert english(article, call.target) == {"European Union"}


def test_a_resolution_inside_a_phrase_is_no_issuer() -> None:
    article, found = coded("斐济维护联合国大会第2758号决议权威性，支持中方立场。")
    [backing] = of_type(found, "SUPPORT")
    assert english(article, backing.source) == {"Fiji"}


def test_a_statement_quoted_by_the_news_is_its_issuers() -> None:
    article, found = coded(
        "新华社援引伊朗外交部声明说，伊朗将坚决维护国家主权。声明要求美国立即停止挑衅。"
    )
    [demand] = of_type(found, "REQUEST")
    assert english(article, demand.source) == {"Ministry of Foreign Affairs of Iran"}
    assert english(article, demand.target) == {"United States"}
