"""The quotes stage on articles built by hand (sentences written for these tests)
and, end to end, on the seed page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from jishi.lang.data import DataFileError, data_files, data_path
from jishi.model import Article, Document, Entity, Mention, Paragraph, Quote, TimeExpression
from jishi.settings import Settings
from jishi.stages.quotes import body_quotes, load_quote_words, quotation_spans, quote_words, run

PEOPLE = {
    "马克龙": "Emmanuel Macron",
    "朔尔茨": "Olaf Scholz",
    "佩斯科夫": "Dmitry Peskov",
    "普京": "Vladimir Putin",
    "汉斯·穆勒": "Hans Muller",
    "古特雷斯": "Antonio Guterres",
    "艾哈迈德": "Ahmed",
    "李明": "Li Ming",
}
PLACES = {"法国": "France", "德国": "Germany", "俄罗斯": "Russia", "日本": "Japan", "巴黎": "Paris"}
ORGS = {
    "慕尼黑安全会议": "Munich Security Conference",
    "联合国": "United Nations",
    "欧洲智库研究所": "European Think Tank Institute",
    "日本外务省": "Japanese Foreign Ministry",
    "路透社": "Reuters",
}
TIMES = {
    "13日": "2025-02-13",
    "当天": "2025-02-13",
    "14日晚": "2025-02-14TNI",
    "近年来": "PAST_REF",
}


def build(*texts: str, roles: tuple[str, ...] = ()) -> Article:
    """An article whose entities and times are every listed name found in the text,
    as the mentions, actors and times stages would give them."""
    paragraphs = [
        Paragraph(text=text, role=roles[i] if i < len(roles) else "body")
        for i, text in enumerate(texts)
    ]
    entities = []
    for kind, names in (("PER", PEOPLE), ("LOC", PLACES), ("ORG", ORGS)):
        for name, english in names.items():
            mentions = [
                Mention(text=name, paragraph=i, start=m.start(), end=m.end())
                for i, p in enumerate(paragraphs)
                for m in re.finditer(re.escape(name), p.text)
            ]
            if mentions:
                entities.append(
                    Entity(id=english, type=kind, name=name, name_en=english, mentions=mentions)  # type: ignore[arg-type]
                )
    times = [
        TimeExpression(text=t, value=v, paragraph=i, start=m.start(), end=m.end())
        for t, v in TIMES.items()
        for i, p in enumerate(paragraphs)
        for m in re.finditer(re.escape(t), p.text)
    ]
    return Article(id="a1", paragraphs=paragraphs, entities=entities, times=times)


def only(article: Article) -> Quote:
    quotes = body_quotes(article)
    assert len(quotes) == 1, quotes
    return quotes[0]


# --- direct speech -----------------------------------------------------------------


def test_direct_quote_after_colon() -> None:
    sentence = "马克龙13日在巴黎强调：“欧洲必须掌握自己的命运。”"
    quote = only(build(sentence))
    assert (quote.kind, quote.speaker, quote.text) == (
        "direct",
        "Emmanuel Macron",
        "欧洲必须掌握自己的命运。",
    )
    assert quote.date == "2025-02-13"
    assert (quote.paragraph, quote.start, quote.end) == (0, sentence.index("欧"), len(sentence) - 1)


def test_direct_quote_with_speaker_after_it() -> None:
    article = build("朔尔茨当天会见了马克龙。“我们不会接受强加的和平。”他说。")
    quote = only(article)
    assert (quote.kind, quote.speaker, quote.speaker_text) == ("direct", "Olaf Scholz", "他")
    assert quote.text == "我们不会接受强加的和平。"


def test_quote_after_comma_and_verb_is_direct() -> None:
    quotes = body_quotes(build("汉斯·穆勒说，局势仍然紧张。他警告说，“冲突可能再次升级”。"))
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("indirect", "Hans Muller", "局势仍然紧张"),
        ("direct", "Hans Muller", "冲突可能再次升级"),
    ]


def test_quotation_running_across_paragraphs_stays_one_quote() -> None:
    article = build(
        "古特雷斯说：“各方应当保持克制，", "“并尽快回到谈判桌前。”", "联合国将继续斡旋。"
    )
    quote = only(article)
    assert quote.text == "各方应当保持克制，并尽快回到谈判桌前。"
    assert (quote.speaker, quote.paragraph, quote.end) == ("Antonio Guterres", 0, None)


def test_quoted_sentence_carries_on_the_last_quote() -> None:
    article = build(
        "古特雷斯说，人道主义局势持续恶化。“我们必须立即行动。”",
        "“各方都应保持克制。”马克龙13日抵达巴黎。“欢迎。”",
    )
    quotes = body_quotes(article)
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [
        ("indirect", "Antonio Guterres", "人道主义局势持续恶化"),
        ("direct", "Antonio Guterres", "我们必须立即行动。"),
        ("direct", "Antonio Guterres", "各方都应保持克制。"),
    ]


def test_quotation_continued_without_a_repeated_mark() -> None:
    quote = only(build("古特雷斯说：“各方应当保持克制，", "而不是继续升级。”"))
    assert quote.text == "各方应当保持克制，而不是继续升级。"


def test_empty_and_odd_articles_give_no_quotes() -> None:
    assert body_quotes(Article(id="empty")) == []
    assert body_quotes(build("”“说，", "：“”")) == []
    doc = Document(id="d", articles=[build("——", roles=("attribution",)), Article(id="b")])
    run(doc, Settings())
    assert [a.quotes for a in doc.articles] == [[], []]


def test_scare_quotes_are_not_quotes() -> None:
    assert body_quotes(build("双方同意“紧密合作”，并派遣团队“立即开始谈判”。")) == []


def test_unclosed_mark_does_not_swallow_the_article() -> None:
    quotations = quotation_spans(
        "他说“好的。\n李明说：“明天见。”", quote_words(data_files()).quote_marks
    )
    assert quotations.spans == [(11, 16)]


def test_quotation_joined_by_the_layout_keeps_its_repeated_mark_out() -> None:
    quote = only(build("古特雷斯说：“各方应当保持克制，“并尽快回到谈判桌前。”"))
    assert (quote.kind, quote.text) == ("direct", "各方应当保持克制，并尽快回到谈判桌前。")


# --- indirect speech ---------------------------------------------------------------


def test_vague_time_is_not_the_date_of_the_quote() -> None:
    assert only(build("近年来马克龙多次表示，欧洲需要战略自主。")).date is None
    assert only(build("马克龙14日晚表示，欧洲需要战略自主。")).date == "2025-02-14TNI"


def test_indirect_speech_runs_to_the_end_of_the_sentence() -> None:
    quote = only(build("佩斯科夫13日说，俄方已经启动谈判团队的组建工作。普京尚未表态。"))
    assert (quote.kind, quote.speaker) == ("indirect", "Dmitry Peskov")
    assert quote.text == "俄方已经启动谈判团队的组建工作"
    assert quote.date == "2025-02-13"


def test_reported_clause_before_the_speaker() -> None:
    quote = only(build("马克龙13日抵达巴黎。俄方准备与欧洲对话，佩斯科夫说。"))
    assert (quote.kind, quote.speaker, quote.text) == (
        "indirect",
        "Dmitry Peskov",
        "俄方准备与欧洲对话",
    )
    assert body_quotes(build("会谈持续了三个小时，有人说。")) == []


def test_fragment_in_quotation_marks_belongs_to_the_reported_clause() -> None:
    quote = only(build("汉斯·穆勒表示，对方的表态“毫无逻辑”，欧洲应当团结。"))
    assert (quote.kind, quote.text) == ("indirect", "对方的表态“毫无逻辑”，欧洲应当团结")
    quote = only(build("汉斯·穆勒表示，这位部长在会上的表态“毫无逻辑”。"))
    assert (quote.kind, quote.text) == ("indirect", "这位部长在会上的表态“毫无逻辑”")


def test_clause_that_is_mostly_one_quotation_is_direct() -> None:
    quote = only(build("马克龙说，法方“高度重视同德国的伙伴关系”。"))
    assert (quote.kind, quote.text) == ("direct", "法方“高度重视同德国的伙伴关系”")
    quote = only(build("马克龙否认了这一说法，称其“毫无根据”。"))
    assert (quote.kind, quote.speaker) == ("direct", "Emmanuel Macron")


def test_affiliation_and_title_before_the_name_are_skipped() -> None:
    article = build("欧洲智库研究所高级研究员汉斯·穆勒指出，制裁的效果正在减弱。")
    assert only(article).speaker == "Hans Muller"
    article = build("俄罗斯总统新闻秘书佩斯科夫当天对媒体表示，会谈地点尚未确定。")
    assert only(article).speaker == "Dmitry Peskov"


def test_place_in_an_adverbial_is_not_the_speaker() -> None:
    quote = only(build("朔尔茨13日在慕尼黑安全会议上发言时说，德国将增加防务开支。"))
    assert quote.speaker == "Olaf Scholz"


def test_addressee_and_possessor_are_not_the_speaker() -> None:
    assert only(build("马克龙对朔尔茨说，双方应协调立场。")).speaker == "Emmanuel Macron"
    assert only(build("普京的发言人佩斯科夫说，克里姆林宫欢迎对话。")).speaker == "Dmitry Peskov"


def test_person_in_an_opening_adverbial_is_not_the_speaker() -> None:
    article = build("朔尔茨13日抵达巴黎。14日晚与马克龙会谈后说，两国立场一致。")
    assert only(article).speaker == "Olaf Scholz"
    article = build("欧洲智库研究所对外合作中心主任汉斯·穆勒说，合作前景广阔。")
    assert only(article).speaker == "Hans Muller"


def test_place_of_a_subjectless_clause_is_not_the_speaker() -> None:
    article = build("马克龙13日抵达德国。当天在慕尼黑安全会议上表示，欧洲必须团结。")
    assert only(article).speaker == "Emmanuel Macron"
    article = build("法国与德国13日发表联合声明说，两国将加强防务合作。")
    assert only(article).speaker == "France"


def test_pronoun_is_the_last_person_who_spoke_or_acted() -> None:
    article = build(
        "李明14日晚抵达巴黎，会见了马克龙。",
        "他会后告诉媒体记者，两国将加强合作。",
    )
    assert only(article).speaker == "Li Ming"


def test_person_inside_a_quotation_is_not_the_antecedent() -> None:
    article = build("李明14日晚抵达巴黎。“马克龙是一位务实的领导人。”他说。")
    assert only(article).speaker == "Li Ming"


def test_state_speaking_through_its_government() -> None:
    assert only(build("日本政府表示，将密切关注事态发展。")).speaker == "Japan"
    assert only(build("日本外务省13日发表声明称，将向灾区派遣救援队。")).speaker == (
        "Japanese Foreign Ministry"
    )
    # a department or agency with no name of its own (卫生部门, 情报机构) speaks for its state
    assert only(build("法国卫生部门13日表示，疫情已得到控制。")).speaker == "France"


def test_states_speaking_together_are_led_by_the_first_named() -> None:
    quote = only(build("法国、德国和日本13日发表联合声明说，三国支持恢复谈判。"))
    assert quote.speaker == "France"


def test_verb_with_said_attached_keeps_its_subject() -> None:
    quote = only(build("法国官员透露说，新一轮会谈将在日内瓦举行。"))
    assert (quote.speaker, quote.text) == ("France", "新一轮会谈将在日内瓦举行")


def test_verbs_of_disclosing_hinting_and_pledging() -> None:
    for verb in ("披露", "暗示", "承诺", "提到"):
        quote = only(build(f"马克龙13日{verb}，法国将继续向乌克兰提供援助。"))
        assert (quote.speaker, quote.text) == ("Emmanuel Macron", "法国将继续向乌克兰提供援助"), (
            verb
        )
    # with no punctuation they take an object, not speech
    assert body_quotes(build("马克龙承诺提供更多援助。")) == []
    assert body_quotes(build("马克龙提到了乌克兰的安全保障问题。")) == []


def test_media_of_a_country_is_not_the_country() -> None:
    quote = only(build("法国媒体普遍认为，这一决定将引发争议。"))
    assert (quote.speaker, quote.speaker_text) == (None, "法国媒体普遍")


def test_statement_refers_back_to_its_issuer() -> None:
    article = build(
        "日本外务省13日发表声明称，将向灾区派遣救援队。",
        "声明还称，日本政府对遇难者表示深切哀悼。",
    )
    quotes = body_quotes(article)
    assert [q.speaker for q in quotes] == ["Japanese Foreign Ministry", "Japanese Foreign Ministry"]
    assert quotes[1].text == "日本政府对遇难者表示深切哀悼"


def test_according_to_a_report() -> None:
    quote = only(build("据路透社13日报道，双方已就停火细节达成一致。"))
    assert (quote.speaker, quote.text, quote.date) == (
        "Reuters",
        "双方已就停火细节达成一致",
        "2025-02-13",
    )


def test_speaker_inside_a_report_wins_over_the_outlet() -> None:
    article = build(
        "据路透社报道，日本外务省13日发表声明说，日方将向灾区派遣救援队。"
        "报道还说，救援队将于14日晚出发。"
    )
    quotes = body_quotes(article)
    assert [(q.speaker, q.text, q.date) for q in quotes] == [
        ("Japanese Foreign Ministry", "日方将向灾区派遣救援队", "2025-02-13"),
        ("Reuters", "救援队将于14日晚出发", None),
    ]


def test_outlet_reporting_a_statement_gives_way_to_the_speaker() -> None:
    quote = only(build("路透社报道说，佩斯科夫当天表示：“俄方准备与欧洲对话。”"))
    assert (quote.speaker, quote.kind, quote.text) == (
        "Dmitry Peskov",
        "direct",
        "俄方准备与欧洲对话。",
    )


def test_speaker_closing_a_relayed_clause_does_not_reach_over_the_report() -> None:
    quote = only(build("据路透社报道，俄方准备与欧洲展开对话，佩斯科夫说。"))
    assert (quote.speaker, quote.text) == ("Dmitry Peskov", "俄方准备与欧洲展开对话")


def test_report_without_a_speech_verb_of_its_own_stays_the_outlets() -> None:
    quote = only(build("据路透社报道，日本外务省13日向灾区派遣了救援队。"))
    assert (quote.speaker, quote.text) == ("Reuters", "日本外务省13日向灾区派遣了救援队")
    quote = only(build("据李明介绍，警方13日接到群众报警，称有人倒在地上。"))
    assert (quote.speaker, quote.text) == ("Li Ming", "警方13日接到群众报警，称有人倒在地上")


def test_quoted_name_opening_a_reported_clause_is_not_the_quote() -> None:
    quote = only(build("据路透社报道，“和平之路”组织13日发布了年度报告。"))
    assert (quote.speaker, quote.kind, quote.text) == (
        "Reuters",
        "indirect",
        "“和平之路”组织13日发布了年度报告",
    )


def test_accusation_with_its_words_quoted() -> None:
    quote = only(build("李明13日在记者会上指责对方“一边谈判，一边增兵”。"))
    assert (quote.speaker, quote.kind, quote.text) == (
        "Li Ming",
        "direct",
        "对方“一边谈判，一边增兵”",
    )
    assert body_quotes(build("批评人士认为，制裁难以奏效。"))[0].speaker_text == "批评人士"


def test_verb_taking_a_clause_closed_by_a_quotation() -> None:
    quote = only(build("古特雷斯呼吁各方保持克制，并强调停火“必须维持”。"))
    assert (quote.speaker, quote.kind, quote.text) == (
        "Antonio Guterres",
        "direct",
        "停火“必须维持”",
    )
    assert body_quotes(build("古特雷斯强调团结。")) == []


def test_condemnation_quotes_only_words_quoted_in_its_first_clause() -> None:
    article = build(
        "日本外务省13日发表声明，谴责俄罗斯的导弹袭击“严重违反国际法”，呼吁各方保持克制。"
    )
    quote = only(article)
    assert quote.speaker == "Japanese Foreign Ministry"
    assert quote.text.startswith("俄罗斯的导弹袭击“严重违反国际法”")
    # an act condemned with no words quoted is not speech (the events stage codes it)
    assert body_quotes(build("日本外务省13日发表声明，强烈谴责俄罗斯对平民设施的袭击。")) == []
    # a quotation later in the sentence does not make the first clause speech
    assert body_quotes(build("马克龙谴责这次袭击，并呼吁“立即停火”。")) == []


def test_addressee_between_told_and_the_comma() -> None:
    told_reporter = only(build("李明13日告诉新华社记者，双方的分歧正在缩小。"))
    assert (told_reporter.speaker, told_reporter.text) == ("Li Ming", "双方的分歧正在缩小")
    told_person = only(build("马克龙告诉朔尔茨，法国将继续支持乌克兰。"))
    assert (told_person.speaker, told_person.text) == ("Emmanuel Macron", "法国将继续支持乌克兰")
    # what was told, with no comma, is an object and not speech
    assert body_quotes(build("马克龙告诉朔尔茨一个消息，会谈推迟到下周。")) == []
    assert body_quotes(build("马克龙告诉朔尔茨要尽快达成协议。")) == []


def test_dropped_subject_after_an_organization_is_the_organization() -> None:
    article = build(
        "马克龙13日抵达东京。日本外务省当天发表声明，指责俄罗斯违反了双方此前达成的协议。"
    )
    assert only(article).speaker == "Japanese Foreign Ministry"


def test_quotation_split_by_its_speaker() -> None:
    article = build("“我们不会让步，”马克龙说，“但我们愿意谈判。”朔尔茨没有回应。")
    assert [(q.speaker, q.kind, q.text) for q in body_quotes(article)] == [
        ("Emmanuel Macron", "direct", "我们不会让步，"),
        ("Emmanuel Macron", "direct", "但我们愿意谈判。"),
    ]


def test_written_style_verbs_after_the_quotation_and_before_it() -> None:
    quote = only(build("“我们不会让步。”马克龙补充道。"))
    assert (quote.speaker, quote.kind, quote.text) == (
        "Emmanuel Macron",
        "direct",
        "我们不会让步。",
    )
    quote = only(build("被问及此事时，朔尔茨答道：“德国不会让步。”"))
    assert (quote.speaker, quote.text) == ("Olaf Scholz", "德国不会让步。")


def test_this_organization_refers_back_to_the_last_one_named() -> None:
    article = build("据路透社报道，联合国13日发布报告。该组织表示，全球粮食危机正在加剧。")
    assert [(q.speaker, q.speaker_text) for q in body_quotes(article)] == [
        ("Reuters", "路透社"),
        ("United Nations", "该组织"),
    ]
    assert only(build("该组织表示，全球粮食危机正在加剧。")).speaker is None
    ministry = build("日本外务省13日发表声明。该部门称，将向灾区派遣救援队。")
    assert only(ministry).speaker == "Japanese Foreign Ministry"


def test_reported_clause_gives_way_to_a_clause_with_its_own_speaker() -> None:
    article = build("马克龙表示，欧洲增加防务开支“是正确的方向”，但他同时强调，美国仍致力于北约。")
    assert [(q.speaker, q.speaker_text, q.text) for q in body_quotes(article)] == [
        ("Emmanuel Macron", "马克龙", "欧洲增加防务开支“是正确的方向”"),
        ("Emmanuel Macron", "他", "美国仍致力于北约"),
    ]
    article = build("马克龙说，欧洲需要战略自主，而朔尔茨说，德国将增加防务开支。")
    assert [(q.speaker, q.text) for q in body_quotes(article)] == [
        ("Emmanuel Macron", "欧洲需要战略自主"),
        ("Olaf Scholz", "德国将增加防务开支"),
    ]
    # no subject of its own: the same speaker goes on in one quote
    quote = only(build("马克龙说，欧洲需要战略自主，并表示法国将增加防务开支。"))
    assert quote.text == "欧洲需要战略自主，并表示法国将增加防务开支"


def test_in_the_view_of() -> None:
    quote = only(build("在汉斯·穆勒看来，制裁的效果正在减弱。"))
    assert (quote.speaker, quote.text) == ("Hans Muller", "制裁的效果正在减弱")
    assert only(build("在法国看来，欧洲需要战略自主。")).speaker == "France"
    assert body_quotes(build("马克龙13日抵达巴黎。看来，双方的分歧仍然很大。")) == []


def test_speech_that_did_not_happen_is_no_quote() -> None:
    assert body_quotes(build("日本外务省尚未证实，已有两名日本公民遇难。")) == []
    assert body_quotes(build("目前尚无组织宣称对这起袭击事件负责。")) == []
    quote = only(build("一名不愿透露姓名的官员说，谈判已经接近尾声。"))
    assert (quote.speaker_text, quote.text) == ("一名不愿透露姓名的官员", "谈判已经接近尾声")


def test_social_media_post() -> None:
    quote = only(build("艾哈迈德13日在社交媒体上发文说，当地居民暂时不要返回。"))
    assert (quote.speaker, quote.text) == ("Ahmed", "当地居民暂时不要返回")


def test_reported_clause_continues_into_a_paragraph_broken_mid_sentence() -> None:
    quote = only(build("马克龙表示，法方", "“高度重视欧洲的安全”。"))
    assert (quote.kind, quote.text) == ("direct", "法方“高度重视欧洲的安全”")


def test_words_that_contain_a_speech_verb_are_not_speech() -> None:
    article = build("朔尔茨游说各方接受方案，他对此表示遗憾，并称为时过早。")
    assert body_quotes(article) == []
    article = build("马克龙13日抵达巴黎。对法国来说，这次访问意义重大。")
    assert body_quotes(article) == []
    assert body_quotes(build("朔尔茨被认为是务实的政治家。")) == []
    quote = only(build("马克龙否认了路透社的报道，称其毫无根据。"))
    assert (quote.speaker, quote.text) == ("Emmanuel Macron", "其毫无根据")


def test_bare_verb_takes_a_clause_but_not_a_stance() -> None:
    article = build("古特雷斯呼吁各方回到谈判桌，并表示联合国愿意继续提供斡旋。")
    assert (only(article).speaker, only(article).text) == (
        "Antonio Guterres",
        "联合国愿意继续提供斡旋",
    )
    assert body_quotes(build("马克龙对此表示强烈谴责。朔尔茨表示欢迎。")) == []


def test_plain_verb_takes_a_clause_that_opens_with_a_subject() -> None:
    assert only(build("马克龙说他会认真考虑这一提议。")).text == "他会认真考虑这一提议"
    assert only(build("朔尔茨强调德国将继续支持对话。")).speaker == "Olaf Scholz"
    assert body_quotes(build("马克龙会说流利的英语和德语。")) == []


def test_reportedly_names_no_speaker() -> None:
    quote = only(build("马克龙13日抵达巴黎。据报道，双方将签署多项协议。"))
    assert (quote.speaker, quote.text) == (None, "双方将签署多项协议")


def test_report_refers_back_to_the_outlet() -> None:
    article = build("据路透社13日报道，双方已就停火细节达成一致。报道说，协议将于14日晚生效。")
    assert [q.speaker for q in body_quotes(article)] == ["Reuters", "Reuters"]


def test_outlet_speaks_through_its_article() -> None:
    quote = only(build("路透社文章说，这一决定出人意料。"))
    assert quote.speaker == "Reuters"


def test_dropped_subject_is_the_last_subject() -> None:
    quote = only(build("李明14日晚抵达巴黎并会见马克龙，会后对记者说，两国将加强合作。"))
    assert quote.speaker == "Li Ming"


def test_unnamed_source_has_no_speaker() -> None:
    quote = only(build("有分析人士认为，制裁难以奏效。"))
    assert (quote.speaker, quote.speaker_text, quote.text) == (None, "有分析人士", "制裁难以奏效")
    assert (
        only(build("一些欧洲国家领导人也表示，援助不会停止。")).speaker_text == "一些欧洲国家领导人"
    )


# --- pull quotes and attribution lines ---------------------------------------------


def test_pull_quotes_pair_with_attribution_lines() -> None:
    article = build(
        "“我们需要的是真正的和平。”",
        "马克龙与朔尔茨13日在巴黎会晤。",
        "“对话的大门始终敞开。”",
        "——法国总统马克龙",
        "——德国总理朔尔茨",
        roles=("pullquote", "body", "pullquote", "attribution", "attribution"),
    )
    doc = Document(id="d", articles=[article])
    run(doc, Settings())
    pulls = {q.text: (q.speaker, q.speaker_text) for q in article.quotes if q.paragraph != 1}
    assert pulls == {
        "对话的大门始终敞开。": ("Emmanuel Macron", "法国总统马克龙"),
        "我们需要的是真正的和平。": ("Olaf Scholz", "德国总理朔尔茨"),
    }


def test_pull_quotes_gathered_by_the_layout_pair_by_what_the_speaker_said() -> None:
    article = build(
        "马克龙说，欧洲必须加强自身防务能力。朔尔茨说，德国将继续支持对话。",
        "“对话是唯一的出路。”",
        "“欧洲必须自己保卫自己。”",
        "——法国总统马克龙",
        "——德国总理朔尔茨",
        roles=("body", "pullquote", "pullquote", "attribution", "attribution"),
    )
    run(Document(id="d", articles=[article]), Settings())
    pulls = {q.text: q.speaker for q in article.quotes if q.paragraph in (1, 2)}
    assert pulls == {
        "对话是唯一的出路。": "Olaf Scholz",
        "欧洲必须自己保卫自己。": "Emmanuel Macron",
    }


def test_credit_on_the_pull_quote_line() -> None:
    article = build("“对话的大门始终敞开。”——法国总统马克龙", roles=("pullquote",))
    run(Document(id="d", articles=[article]), Settings())
    assert [(q.text, q.speaker, q.speaker_text) for q in article.quotes] == [
        ("对话的大门始终敞开。", "Emmanuel Macron", "法国总统马克龙")
    ]


def test_attribution_line_without_mentions_is_read_for_the_article_names() -> None:
    article = build("马克龙13日表示，欧洲需要战略自主。", "“欧洲要掌握自己的命运。”", "——马克龙")
    article.paragraphs[1].role, article.paragraphs[2].role = "pullquote", "attribution"
    for entity in article.entities:
        entity.mentions = [m for m in entity.mentions if m.paragraph != 2]
    run(Document(id="d", articles=[article]), Settings())
    assert [(q.paragraph, q.speaker) for q in article.quotes] == [
        (0, "Emmanuel Macron"),
        (1, "Emmanuel Macron"),
    ]


def test_pull_quote_without_attribution_takes_the_speaker_of_the_body_quote() -> None:
    article = build(
        "佩斯科夫说：“这是一次长谈。”",
        "“这是一次长谈。双方谈得很坦率。”",
        roles=("body", "pullquote"),
    )
    run(Document(id="d", articles=[article]), Settings())
    assert [q.speaker for q in article.quotes] == ["Dmitry Peskov", "Dmitry Peskov"]


def test_pull_quote_repeating_a_body_quote_is_not_a_second_quote() -> None:
    article = build(
        "佩斯科夫13日说：“这是一次长谈，双方谈得很坦率。”",
        "“这是一次长谈”",
        "——佩斯科夫",
        roles=("body", "pullquote", "attribution"),
    )
    run(Document(id="d", articles=[article]), Settings())
    assert [(q.paragraph, q.also_paragraphs, q.date) for q in article.quotes] == [
        (0, [1], "2025-02-13")
    ]


def test_pull_quote_quoting_whole_what_the_body_quoted_in_part_stays() -> None:
    article = build(
        "佩斯科夫13日说，俄方的立场是乌克兰“不能加入北约”，这一点不会改变。",
        "“乌克兰不能加入北约。”",
        "——佩斯科夫",
        roles=("body", "pullquote", "attribution"),
    )
    run(Document(id="d", articles=[article]), Settings())
    assert [(q.text, q.speaker, q.also_paragraphs) for q in article.quotes] == [
        ("俄方的立场是乌克兰“不能加入北约”，这一点不会改变", "Dmitry Peskov", []),
        ("乌克兰不能加入北约。", "Dmitry Peskov", []),
    ]


def test_pull_quote_of_the_same_words_by_another_speaker_stays() -> None:
    article = build(
        "佩斯科夫说：“这是一次长谈。”",
        "“这是一次长谈。”",
        "——普京",
        roles=("body", "pullquote", "attribution"),
    )
    run(Document(id="d", articles=[article]), Settings())
    assert [(q.speaker, q.also_paragraphs) for q in article.quotes] == [
        ("Dmitry Peskov", []),
        ("Vladimir Putin", []),
    ]


# --- the word lists ----------------------------------------------------------------


def test_bad_speech_verb_row_is_named(tmp_path: Path) -> None:
    verbs = tmp_path / "speech_verbs.tsv"
    verbs.write_text("verb\tbare\tnotes\n说\tno\tplain\n表示\tmaybe\ttypo\n", "utf-8")
    needs = r"speech_verbs.tsv: row 2 needs a verb and bare yes\|subject\|quoted\|no"
    with pytest.raises(DataFileError, match=needs):
        load_quote_words(verbs, data_path("quote_words.yaml"))


def test_bad_word_list_is_named(tmp_path: Path) -> None:
    words = tmp_path / "quote_words.yaml"
    words.write_text("not_speech: 称为\nquote_marks: [[“, ”]]\n", "utf-8")
    with pytest.raises(DataFileError, match="'not_speech' must be a list"):
        load_quote_words(data_path("speech_verbs.tsv"), words)


def test_empty_word_list_excludes_nothing(tmp_path: Path) -> None:
    shipped = data_path("quote_words.yaml").read_text("utf-8")
    words = tmp_path / "quote_words.yaml"
    words.write_text(shipped.replace("not_speech:", "not_speech: []\nunused:"), "utf-8")
    article = build("马克龙表示，欧洲需要战略自主。")
    assert (
        only(article).text
        == body_quotes(article, load_quote_words(data_path("speech_verbs.tsv"), words))[0].text
    )


def test_added_speech_verb_is_recognized(tmp_path: Path) -> None:
    verbs = tmp_path / "speech_verbs.tsv"
    verbs.write_text(
        data_path("speech_verbs.tsv").read_text("utf-8") + "抱怨\tno\tcomplained\n", "utf-8"
    )
    words = load_quote_words(verbs, data_path("quote_words.yaml"))
    article = build("朔尔茨抱怨，谈判进展太慢。")
    assert body_quotes(article) == []
    assert [q.speaker for q in body_quotes(article, words)] == ["Olaf Scholz"]


# --- end to end on the seed page ----------------------------------------------------


def test_seed_page_quotes_with_speakers(seed_text: str, seed_gold: dict[str, Any]) -> None:
    from jishi.eval.scores import score_quotes
    from jishi.pipeline import STAGES, process

    stages = list(STAGES)[: list(STAGES).index("quotes") + 1]
    doc = process(seed_text, published=seed_gold["published"], settings=Settings(stages=stages))
    score = score_quotes(doc, seed_gold)
    assert score.value is not None and score.value >= 0.85, score.missed


def test_sample_page_quotes(sample_page: Path) -> None:
    from jishi.pipeline import STAGES, process

    stages = list(STAGES)[: list(STAGES).index("quotes") + 1]
    text = sample_page.read_text("utf-8")
    doc = process(text, published="2025-03-12", settings=Settings(stages=stages))
    found = [(article, quote) for article in doc.articles for quote in article.quotes]

    def said(start: str) -> tuple[str | None, str, str | None, str]:
        article, quote = next((a, q) for a, q in found if q.text.startswith(start))
        speaker = article.entity(quote.speaker)
        role = article.paragraphs[quote.paragraph].role
        return (speaker.name if speaker else None, quote.kind, quote.date, role)

    assert said("中法同为联合国安理会") == ("王毅", "indirect", None, "body")
    assert "内塔尼亚胡" in str(said("以方将继续在加沙地带")[0])
    assert said("制裁不会改变俄方立场")[1:3] == ("indirect", "2025-03-11")
    guterres = said("平民不应为这场冲突")
    assert "古特雷斯" in str(guterres[0]) and guterres[1] == "direct"
    # the reported clause broken across paragraphs, with its subject dropped (并表示…)
    assert said("联合国愿意继续提供斡旋")[0] == guterres[0]
    # the pull quote repeats his body quote: one quote, noted on the pull quote paragraph
    repeated = [(a, q) for a, q in found if q.text.startswith("平民不应为这场冲突")]
    assert len(repeated) == 1
    article, quote = repeated[0]
    assert [article.paragraphs[i].role for i in quote.also_paragraphs] == ["pullquote"]


def test_a_bare_title_speaks_for_its_holder_on_the_date() -> None:
    import jishi

    doc = jishi.process("美国总统14日表示，将对进口汽车加征关税。", published="2025-02-14")
    [quote] = doc.quotes
    assert quote.speaker is not None and quote.speaker.name_en == "Donald Trump"
    assert any(e.type == "PER" and e.name_en == "Donald Trump" for e in doc.entities)


def test_an_anaphor_for_a_person_takes_the_last_person_named() -> None:
    import jishi

    text = "项目负责人李明12日抵达现场。据该负责人介绍，工程已完成大半，明年将投入使用。"
    doc = jishi.process(text, published="2025-02-14")
    speakers = {q.speaker.name for q in doc.quotes if q.speaker is not None}
    assert "李明" in speakers


def test_a_states_side_or_army_speaks_for_the_state() -> None:
    import jishi

    # 乌方称 and 以军称: the mention is the state's character, 方 and 军 its side and forces;
    # the segmenter glues 称 to 军 (以|军称), which must not hide the state
    text = (
        "以色列与乌克兰的代表当天会面。乌方称会进行研究并作出回应。以军称，已控制加沙城大片区域。"
    )
    doc = jishi.process(text, published="2025-09-17")
    speakers = {q.text: q.speaker.name_en if q.speaker else None for q in doc.quotes}
    assert speakers == {"会进行研究并作出回应": "Ukraine", "已控制加沙城大片区域": "Israel"}


def test_a_report_with_no_subject_is_the_last_outlets() -> None:
    import jishi

    text = (
        "特朗普当天签署行政令。路透社29日公布的一份研究结果显示，多家企业损失超过340亿美元。"
        "报道说，关税政策冲击金融市场，并给全球经济带来不确定性。"
    )
    doc = jishi.process(text, published="2025-05-30")
    [quote] = [q for q in doc.quotes if q.text.startswith("关税政策")]
    assert quote.speaker is not None and quote.speaker.name_en == "Reuters"


def test_a_preposition_inside_a_word_does_not_hide_the_speaker() -> None:
    import jishi

    # 在 of 在野党 ("opposition party") is no preposition making the party a setting
    text = "韩国最大在野党共同民主党称，这是恢复宪政秩序的第一步。"
    doc = jishi.process(text, published="2025-01-15")
    [quote] = doc.quotes
    assert quote.speaker is not None and quote.speaker.name_en == "Democratic Party of Korea"


def test_a_report_named_without_a_verb_of_saying_speaks_for_its_issuer() -> None:
    article = build(
        "欧洲智库研究所日前发布的研究报告显示，关税可能造成巨大损失。"
        "报告说，所谓对等关税违反世界贸易组织规则。"
    )
    quote = only(article)
    assert quote.speaker == "European Think Tank Institute"
    assert quote.text.startswith("所谓对等关税")


def test_forecasts_and_estimates_are_reported_speech() -> None:
    assert only(build("联合国估计，居住在这一区域内的总人口接近46万人。")).speaker == (
        "United Nations"
    )
    assert only(build("欧洲智库研究所预测，2025年旅游业收入可能减少720亿美元。")).speaker == (
        "European Think Tank Institute"
    )


def test_an_anaphor_with_an_earlier_time_still_refers_back() -> None:
    article = build("联合国对此暂未回应。该组织此前曾表示，将继续提供人道主义援助。")
    assert only(article).speaker == "United Nations"


def test_greetings_and_wishes_in_quotation_marks_are_quotes() -> None:
    quote = only(build("马克龙日前发布春节贺词：“祝福华人鼠年事业兴旺！新年快乐！”"))
    assert (quote.speaker, quote.kind) == ("Emmanuel Macron", "direct")
    article = build("古特雷斯13日发表讲话。最后他用中文祝福中国人民“鼠年快乐！恭喜发财！”")
    quote = only(article)
    assert quote.speaker == "Antonio Guterres" and "鼠年快乐" in quote.text
    # wishes with no words quoted are no quote
    assert body_quotes(build("马克龙祝福两国人民友谊长存。")) == []
