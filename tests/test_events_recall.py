"""The events stage end to end on sentences written for these tests: kinds of act the coder
missed on real news (verbal acts after speech, subjects named inside a speech, halted
strikes, acts told as nouns, acts of one side), each beside a look-alike that is no act."""

from __future__ import annotations

from coded_events import coded, english, of_type


def test_a_verbal_act_after_a_persons_speech_is_the_speakers() -> None:
    article, found = coded("法国总统马克龙8日表示，祝中国人民新春快乐，万事如意。")
    [wish] = of_type(found, "SUPPORT")
    assert english(article, wish.source) == {"Emmanuel Macron"}
    assert english(article, wish.target) == {"China"}


def test_a_material_act_after_a_persons_speech_is_not_the_speakers() -> None:
    _, found = coded("法国总统马克龙8日表示，即使实现停火，局势仍然十分脆弱。")
    assert of_type(found, "RETREAT") == []


def test_a_subject_named_inside_a_speech_goes_on_to_its_next_clause() -> None:
    article, found = coded(
        "法国总统马克龙8日表示，去年，俄罗斯和乌克兰两国代表在土耳其举行会谈，达成了一项共识。"
    )
    [agree] = of_type(found, "AGREE")
    assert english(article, [*agree.source, *agree.target]) == {"Russia", "Ukraine"}


def test_a_halted_strike_is_a_ceasefire_not_a_strike() -> None:
    article, found = coded("俄罗斯总统新闻秘书佩斯科夫8日表示，俄方已暂停打击乌克兰的港口设施。")
    assert of_type(found, "ASSAULT") == []
    [halt] = of_type(found, "RETREAT")
    assert halt.mode == "ceasefire"
    assert english(article, halt.source) == {"Russia"}
