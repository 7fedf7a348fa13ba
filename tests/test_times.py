"""The times stage on realistic news sentences and on the seed page."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from jishi.eval.scores import GoldTime, time_found
from jishi.ingest import document_from_text
from jishi.lang.data import DataFileError, data_files
from jishi.lang.zh.times import parse_time_words, time_lexicon
from jishi.model import Article, Dateline, Document, Paragraph, TimeExpression
from jishi.pipeline import process, run_stages
from jishi.settings import Settings
from jishi.stages import times


def run_times(
    *paragraphs: str,
    published: str | None = "2025-02-14",
    dateline: Dateline | None = None,
    path: str | None = None,
    raw_text: str = "",
    settings: Settings | None = None,
) -> Document:
    """A one-article document built by hand, run through the times stage."""
    article = Article(
        id="a1", dateline=dateline, paragraphs=[Paragraph(text=text) for text in paragraphs]
    )
    doc = Document(id="d1", published=published, path=path, articles=[article], text=raw_text)
    times.run(doc, settings or Settings(stages=["times"]))
    return doc


def found(*paragraphs: str, **options: Any) -> list[TimeExpression]:
    return run_times(*paragraphs, **options).articles[0].times


def values(*paragraphs: str, **options: Any) -> dict[str, str | None]:
    """Expression text -> value (the last one wins when a text repeats)."""
    return {t.text: t.value for t in found(*paragraphs, **options)}


def one(text: str, paragraph: str, **options: Any) -> TimeExpression:
    matches = [t for t in found(paragraph, **options) if t.text == text]
    assert len(matches) == 1, f"{text!r} not found once in {paragraph!r}: {matches}"
    return matches[0]


# --- absolute dates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "value", "grain"),
    [
        ("上一次两国元首会晤是2021年6月在日内瓦举行的。", "2021年6月", "2021-06", "month"),
        ("自2008年北约峰会以来，多国表态支持。", "2008年", "2008", "year"),
        ("2025年2月13日，外交部举行例行记者会。", "2025年2月13日", "2025-02-13", "day"),
        ("二〇二五年二月十三日，会议在北京开幕。", "二〇二五年二月十三日", "2025-02-13", "day"),
        ("协议于2019年3月份签署。", "2019年3月份", "2019-03", "month"),
    ],
)
def test_absolute_dates(sentence: str, text: str, value: str, grain: str) -> None:
    expression = one(text, sentence)
    assert (expression.value, expression.grain) == (value, grain)


def test_offsets_are_code_points_in_the_paragraph() -> None:
    paragraph = "据报道，美国国务卿12日抵达利雅得，当地时间13日上午与沙方会谈。"
    for expression in found(paragraph):
        assert paragraph[expression.start : expression.end] == expression.text
        assert expression.paragraph == 0


def test_impossible_date_is_not_a_time() -> None:
    assert found("文件注明的日期为2月30日，显然有误。") == []


# --- dates relative to the reference date ------------------------------------------


def test_bare_day_takes_the_reference_month() -> None:
    assert values("美国财政部长12日到访基辅。") == {"12日": "2025-02-12"}


def test_bare_day_after_the_reference_day_is_last_month() -> None:
    expression = one("30日", "外交部发言人30日宣布了这一消息。", published="2025-01-03")
    assert expression.value == "2024-12-30"
    assert expression.anchor == "2025-01-03"


def test_bare_day_skips_months_too_short_for_it() -> None:
    assert values("该国31日宣布紧急状态。", published="2025-03-05") == {"31日": "2025-01-31"}


def test_future_day_skips_months_too_short_for_it() -> None:
    assert values("峰会将于30日举行。", published="2025-02-05") == {"30日": "2025-03-30"}


def test_future_clause_keeps_a_later_day_in_this_month() -> None:
    assert values("代表团将于30日抵达北京。", published="2025-01-03") == {"30日": "2025-01-30"}


def test_future_clause_rolls_an_early_day_into_next_month() -> None:
    assert values("代表团定于3日抵达北京。", published="2025-01-30") == {"3日": "2025-02-03"}


def test_marker_after_the_day_also_makes_it_future() -> None:
    assert values("双方20日将举行新一轮会谈。", published="2025-03-05") == {"20日": "2025-03-20"}


def test_day_with_evening_keeps_the_day_as_value() -> None:
    expression = one("12日晚", "俄总统新闻秘书12日晚说，通话持续近一个半小时。")
    assert (expression.value, expression.part_of_day) == ("2025-02-12", "EV")


def test_later_that_day_is_not_the_evening() -> None:
    expression = one("当天", "当天晚些时候，两国领导人通话。")
    assert expression.part_of_day is None


def test_zone_prefix_is_part_of_the_expression() -> None:
    expression = one(
        "当地时间2月13日", "俄总统新闻秘书佩斯科夫当地时间2月13日说，谈判团队已在组建。"
    )
    assert expression.value == "2025-02-13"


def test_clock_time_with_part_of_day() -> None:
    assert values("美国东部时间12日晚8时30分，总统发表电视讲话。") == {
        "美国东部时间12日晚8时30分": "2025-02-12T20:30"
    }
    assert values("北京时间14日凌晨3时，火箭发射升空。") == {
        "北京时间14日凌晨3时": "2025-02-14T03:00"
    }


def test_clock_without_a_date_falls_on_the_current_day() -> None:
    result = found("2月10日，总统抵达开罗。", "下午3时，他会见埃及总理。")
    clock = [t for t in result if t.text == "下午3时"]
    assert [(t.value, t.kind, t.part_of_day) for t in clock] == [("2025-02-10T15:00", "time", "AF")]


def test_month_day_without_year_takes_the_nearest_year() -> None:
    assert values("12月5日，双方签署协议。", published="2025-02-14") == {"12月5日": "2024-12-05"}
    assert values("1月5日，代表团将访问欧洲。", published="2024-12-28") == {"1月5日": "2025-01-05"}


def test_month_day_ahead_in_the_same_month_stays_in_this_year() -> None:
    assert values("以色列希望在2月18日撤军期限后继续驻军。", published="2025-02-13") == {
        "2月18日": "2025-02-18"
    }


@pytest.mark.parametrize(
    ("published", "sentence", "text", "value", "grain"),
    [
        ("2025-02-14", "双方同意本周末举行新一轮谈判。", "本周末", "2025-W07-WE", "weekend"),
        ("2025-02-17", "他上周末前往戴维营。", "上周末", "2025-W07-WE", "weekend"),
        ("2025-02-17", "他上周五抵达华盛顿。", "上周五", "2025-02-14", "day"),
        ("2025-02-16", "他上周五抵达华盛顿。", "上周五", "2025-02-07", "day"),
        ("2025-02-17", "俄方将在下周三公布方案。", "下周三", "2025-02-26", "day"),
        ("2025-02-14", "市场本周大幅波动。", "本周", "2025-W07", "week"),
        ("2025-01-02", "上周三，他发表讲话。", "上周三", "2024-12-25", "day"),
        ("2025-02-19", "周一，两国外长通话。", "周一", "2025-02-17", "day"),
        ("2025-02-19", "两国外长将于周一通话。", "周一", "2025-02-24", "day"),
    ],
)
def test_weeks(published: str, sentence: str, text: str, value: str, grain: str) -> None:
    expression = one(text, sentence, published=published)
    assert (expression.value, expression.grain) == (value, grain)


@pytest.mark.parametrize(
    ("published", "sentence", "text", "value", "mod"),
    [
        ("2025-02-14", "该项目预计下月初启动。", "下月初", "2025-03", "START"),
        ("2025-02-14", "工厂明年全面投产。", "明年", "2026", None),
        ("2025-02-14", "今年经济预计增长5%。", "今年", "2025", None),
        ("2025-02-14", "去年底，该公司宣布裁员。", "去年底", "2024", "END"),
        ("2025-01-03", "上月，两国签署协议。", "上月", "2024-12", None),
        ("2025-02-14", "3月下旬，代表团将访问欧洲。", "3月下旬", "2025-03", "END"),
        ("2025-02-14", "报告将于年底发布。", "年底", "2025", "END"),
        ("2025-02-14", "三天前，他抵达莫斯科。", "三天前", "2025-02-11", None),
        ("2025-02-14", "昨天，股市大幅下跌。", "昨天", "2025-02-13", None),
    ],
)
def test_relative_words(
    published: str, sentence: str, text: str, value: str, mod: str | None
) -> None:
    expression = one(text, sentence, published=published)
    assert (expression.value, expression.mod) == (value, mod)


def test_dateline_date_is_the_reference() -> None:
    dateline = Dateline(
        agency="新华社", place="首尔", date="2025-02-13", text="新华社首尔2月13日电"
    )
    expression = one("13日", "韩国统一部13日发表声明。", dateline=dateline)
    assert (expression.value, expression.anchor) == ("2025-02-13", "2025-02-13")


def test_no_reference_date_leaves_the_year_unknown() -> None:
    result = values("12日，双方会谈。", "2月13日，协议签署。", published=None)
    assert result == {"12日": "XXXX-XX-12", "2月13日": "XXXX-02-13"}


def test_named_outlets_are_not_times() -> None:
    assert values("今日俄罗斯电视台报道说，谈判将持续三天。") == {"三天": "P3D"}


def test_malformed_numerals_are_skipped_not_fatal() -> None:
    result = values("百十七年这晚，他于12日抵达。")
    assert (result["百十七年"], result["12日"]) == ("PXY", "2025-02-12")


def test_counts_and_money_are_not_times() -> None:
    assert found("他说，这是3点共识，一点也不奇怪，价格为30日元。") == []


def test_full_width_digits_keep_their_offsets() -> None:
    paragraph = "３月３１日２０时许，当地时间８时左右发生事故。"
    result = found(paragraph, published="2014-04-02")
    assert [(t.text, t.value) for t in result] == [
        ("３月３１日２０时许", "2014-03-31T20:00"),
        ("当地时间８时左右", "2014-03-31T08:00"),
    ]
    assert all(paragraph[t.start : t.end] == t.text for t in result)


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("事故发生在七时四十分。", "七时四十分", "2025-02-14T07:40"),
        ("记者10点半左右赶到现场。", "10点半左右", "2025-02-14T10:30"),
        ("救援人员6点多抵达。", "6点多", "2025-02-14T06:00"),
        ("列车于十时零五分出发。", "十时零五分", "2025-02-14T10:05"),
    ],
)
def test_clock_times_without_a_date(sentence: str, text: str, value: str) -> None:
    expression = one(text, sentence)
    assert (expression.value, expression.kind) == (value, "time")


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("14日深夜11点，余震发生。", "14日深夜11点", "2025-02-14T23:00"),
        ("14日夜里2点，余震发生。", "14日夜里2点", "2025-02-14T02:00"),
        ("14日中午1点，会议复会。", "14日中午1点", "2025-02-14T13:00"),
        ("14日上午11点，会议开幕。", "14日上午11点", "2025-02-14T11:00"),
    ],
)
def test_hours_within_a_part_of_day(sentence: str, text: str, value: str) -> None:
    assert one(text, sentence).value == value


def test_a_moment_is_not_a_clock() -> None:
    assert found("他一时难以接受，与会者达成3点共识。") == []


# --- anaphora ----------------------------------------------------------------------


def test_same_day_words_take_the_last_established_date() -> None:
    result = found(
        "俄罗斯总统新闻秘书佩斯科夫12日晚说，俄美领导人通话持续近一个半小时。同日，特朗普在社交媒体上发文。",
        "佩斯科夫当地时间2月13日说，俄方已开始组建团队。",
        "佩斯科夫当天对媒体表示，双方同意保持沟通。",
    )
    by_text = {(t.paragraph, t.text): t for t in result}
    assert by_text[(0, "同日")].value == "2025-02-12"
    assert by_text[(0, "同日")].anchor == "2025-02-12"
    assert by_text[(2, "当天")].value == "2025-02-13"


@pytest.mark.parametrize("word", ["当天", "同日", "同一天", "当日"])
def test_each_same_day_word(word: str) -> None:
    result = values("以色列多家媒体10日报道了撤军消息。", f"{word}，黎巴嫩总统发表声明。")
    assert result[word] == "2025-02-10"


def test_next_day_and_days_after_count_from_the_story() -> None:
    result = values("2月10日，总统抵达开罗。", "次日，他会见了埃及总理。", "三天后，他返回国内。")
    assert result["次日"] == "2025-02-11"
    assert result["三天后"] == "2025-02-14"


def test_dateline_date_is_the_first_antecedent() -> None:
    dateline = Dateline(date="2025-02-13", text="新华社加沙2月13日电")
    assert values("当天，哈马斯发表声明。", dateline=dateline, published="2025-02-14") == {
        "当天": "2025-02-13"
    }


def test_a_deadline_ahead_is_not_an_antecedent() -> None:
    result = found(
        "以色列媒体12日报道，以军希望在2月18日撤军期限后继续驻军。",
        "另据以色列公共广播公司当天报道，美方已同意。",
        published="2025-02-13",
    )
    assert [t.value for t in result if t.text == "当天"] == ["2025-02-12"]


def test_a_day_in_reported_speech_is_local_to_its_paragraph() -> None:
    result = found(
        "外交部发言人12日说，该国10日遭到空袭，当天有多人受伤。",
        "总统当天召开紧急会议。",
        published="2025-02-13",
    )
    assert [(t.paragraph, t.value) for t in result if t.text == "当天"] == [
        (0, "2025-02-10"),
        (1, "2025-02-12"),
    ]


def test_a_reported_sub_story_does_not_take_over_the_next_paragraph() -> None:
    result = values(
        "卫生部长9日宣布启动疫苗接种计划。",
        "据当地媒体报道，数百名居民上周六在首都集会，要求延长补贴。",
        "反对党领袖同日发表讲话，批评政府准备不足。",
        published="2025-02-10",
    )
    assert result["上周六"] == "2025-02-08"
    assert result["同日"] == "2025-02-09"


def test_a_day_in_quotation_marks_is_local_to_its_paragraph() -> None:
    result = found(
        "部长13日对记者说：“我们11日已经完成撤离。”",
        "他当天还会见了红十字会代表。",
    )
    assert [t.value for t in result if t.text == "当天"] == ["2025-02-13"]


def test_a_reported_day_serves_while_the_story_has_none_of_its_own() -> None:
    dateline = Dateline(date="2025-02-10", text="新华社巴黎2月10日电")
    result = values(
        "据法国媒体报道，总统马克龙9日宣布了新的援助计划。",
        "德国总理当天表示欢迎。",
        dateline=dateline,
        published="2025-02-11",
    )
    assert result["当天"] == "2025-02-09"


# --- spans, durations, vague -------------------------------------------------------


def test_open_span_from_a_start_time() -> None:
    expression = one("当地时间2月5日9时", "自当地时间2月5日9时起，泰国政府切断了电力供应。")
    assert expression.value == "2025-02-05T09:00"
    assert (expression.kind, expression.mod, expression.grain) == ("span", "ON_OR_AFTER", "hour")


def test_closed_range_is_an_iso_interval() -> None:
    expression = one("2月5日至7日", "会议定于2月5日至7日在日内瓦举行。")
    assert (expression.value, expression.kind) == ("2025-02-05/2025-02-07", "span")


def test_range_across_months() -> None:
    expression = one("2025年2月25日至3月1日", "2025年2月25日至3月1日，展览在上海举行。")
    assert expression.value == "2025-02-25/2025-03-01"


def test_before_a_year() -> None:
    expression = one("2014年", "恢复乌克兰2014年之前的边界不现实。")
    assert (expression.value, expression.kind, expression.mod) == ("2014", "span", "BEFORE")


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("分析人士认为，未来三个月可能是关键期。", "未来三个月", "P3M"),
        ("通话持续近一个半小时。", "近一个半小时", "PT1.5H"),
        ("谈判持续了两周。", "两周", "P2W"),
        ("多年来，两国关系持续发展。", "多年来", "PXY"),
        ("过去十年，城市面貌焕然一新。", "过去十年", "P10Y"),
        ("会谈持续了30分钟。", "30分钟", "PT30M"),
        ("三五年间，行业格局大变。", "三五年", "PXY"),
    ],
)
def test_durations(sentence: str, text: str, value: str) -> None:
    expression = one(text, sentence)
    assert (expression.value, expression.kind) == (value, "duration")


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("鉴于近年来俄美高层缺乏接触，此次通话意义重大。", "近年来", "PAST_REF"),
        ("哈马斯将根据此前签署的内容执行协议。", "此前", "PAST_REF"),
        ("目前谈判的参与方尚未确定。", "目前", "PRESENT_REF"),
    ],
)
def test_vague_expressions_are_not_forced_into_a_day(sentence: str, text: str, value: str) -> None:
    expression = one(text, sentence)
    assert (expression.value, expression.kind, expression.grain) == (value, "vague", None)


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("2024年至2025年，项目分两期实施。", "2024年至2025年", "2024/2025"),
        ("2月5日至7日，会议在日内瓦举行。", "2月5日至7日", "2025-02-05/2025-02-07"),
        ("周一至周三，代表团在北京访问。", "周一至周三", "2025-02-10/2025-02-12"),
    ],
)
def test_range_end_follows_its_start(sentence: str, text: str, value: str) -> None:
    assert one(text, sentence).value == value


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("三年前，他来到北京。", "三年前", "2022"),
        ("两个世纪前，这里是一片荒地。", "两个世纪前", "1825"),
        ("这里发现了4000年前的遗迹。", "4000年前", "PAST_REF"),
        ("上半年，经济增长5%。", "上半年", "2025-H1"),
    ],
)
def test_counted_back_from_the_reference(sentence: str, text: str, value: str) -> None:
    assert one(text, sentence).value == value


def test_named_century_is_not_a_duration() -> None:
    assert values("二十一世纪将是亚洲的世纪。", "两个世纪以来，城市不断扩张。") == {
        "二十一世纪": "20",
        "两个世纪以来": "P200Y",
    }


def test_sets() -> None:
    expression = one("每年", "论坛每年举行一次。")
    assert (expression.value, expression.kind) == ("P1Y", "set")


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("该博物馆每周一闭馆。", "每周一", "XXXX-WXX-1"),
        ("教堂每星期日举行礼拜。", "每星期日", "XXXX-WXX-7"),
        ("志愿者每周一次上门服务。", "每周", "P1W"),
        ("护士每周一到两次上门。", "每周", "P1W"),
    ],
)
def test_every_weekday_is_not_every_week(sentence: str, text: str, value: str) -> None:
    expression = one(text, sentence)
    assert (expression.value, expression.kind) == (value, "set")


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("当局要求这些记者在两周内离境。", "两周", "P2W"),
        ("公司须在30天以内提交整改方案。", "30天", "P30D"),
        ("调查组将在三个月之内公布结论。", "三个月", "P3M"),
    ],
)
def test_within_is_outside_the_duration(sentence: str, text: str, value: str) -> None:
    expression = one(text, sentence)
    assert (expression.value, expression.kind) == (value, "duration")


# --- the long tail through jionlp --------------------------------------------------


def test_holiday_and_decade_through_jionlp() -> None:
    result = values(
        "春节期间，游客数量大幅增加。", "上世纪90年代，两国建交。", "第一季度经济增长5%。"
    )
    assert result == {"春节": "2025-01-29", "上世纪90年代": "199", "第一季度": "2025-Q1"}


def test_lunar_date_through_jionlp() -> None:
    assert values("农历正月初一，人们走亲访友。") == {"农历正月初一": "2025-01-29"}


def test_within_this_year_and_month() -> None:
    assert values("该法案有望年内通过。", "双方将在月内签署协议。") == {
        "年内": "2025",
        "月内": "2025-02",
    }


def test_past_holiday_is_read_a_year_back() -> None:
    result = values("圣诞节当天，他在白宫发表讲话。", "今年中秋节，他将回到家乡。")
    assert result["圣诞节"] == "2024-12-25"
    assert result["当天"] == "2024-12-25"
    assert result["今年中秋节"] == "2025-10-06"


def test_future_holiday_stays_ahead() -> None:
    assert values("他将于圣诞节访问伊拉克。") == {"圣诞节": "2025-12-25"}


def test_nearly_is_not_a_future_marker() -> None:
    assert values("他20日将近中午才到。", published="2025-03-05")["20日"] == "2025-02-20"


@pytest.mark.parametrize(
    "sentence",
    [
        "美国国务院20日将该组织列为恐怖组织。",
        "议会20日将这份报告提交宪法法院审议。",
        "警方20日将两名嫌疑人移交检方。",
    ],
)
def test_jiang_moving_an_object_is_not_the_future(sentence: str) -> None:
    assert values(sentence, published="2025-03-05")["20日"] == "2025-02-20"


@pytest.mark.parametrize(
    "sentence",
    [
        "美国国务院将于20日将该组织列为恐怖组织。",
        "代表团20日将向安理会提交报告。",
        "该国20日将继续视为非常状态。",
    ],
)
def test_jiang_before_a_verb_phrase_stays_the_future(sentence: str) -> None:
    assert values(sentence, published="2025-03-05")["20日"] == "2025-03-20"


def test_jionlp_reading_replaces_a_shorter_one_inside_it() -> None:
    assert values("2024年国庆节期间，景区人满为患。") == {"2024年国庆节": "2024-10-01"}


# --- the word table ---------------------------------------------------------------


def test_word_table_rejects_unknown_class() -> None:
    row = {"word": "前夜", "class": "night", "grain": "", "offset": "", "value": ""}
    row |= {"part_of_day": "", "mod": ""}
    with pytest.raises(DataFileError, match=r"mine.tsv: '前夜'.*unknown class 'night'"):
        parse_time_words([(Path("mine.tsv"), [row])])


def test_shipped_word_table_loads() -> None:
    lexicon = time_lexicon(data_files())
    assert lexicon.words["同一天"].kind == "anaphor"
    assert lexicon.words["近年来"].value == "PAST_REF"
    assert lexicon.units["世纪"].is_century
    assert lexicon.number("二〇二五") == 2025
    assert lexicon.number("两") == 2


WORD_HEADER = "word\tclass\tgrain\toffset\tvalue\tpart_of_day\tmod\n"


def test_user_time_word_is_read_by_the_stage(tmp_path: Path) -> None:
    # Without the user row 大前天 reads as 前天 (two days back) inside it.
    (tmp_path / "time_words.tsv").write_text(WORD_HEADER + "大前天\trelative\tday\t-3\t\t\t\n")
    paragraph = "大前天，两国外长在日内瓦会晤。"
    shipped = Settings(stages=["times"])
    assert [(t.text, t.value) for t in found(paragraph, settings=shipped)] == [
        ("前天", "2025-02-12")
    ]
    user = Settings(stages=["times"], data_dir=tmp_path)
    assert [(t.text, t.value) for t in found(paragraph, settings=user)] == [
        ("大前天", "2025-02-11")
    ]


def test_user_grammar_file_extends_a_list(tmp_path: Path) -> None:
    (tmp_path / "time_grammar.yaml").write_text("clock_approx: [前后]\n", encoding="utf-8")
    user = Settings(stages=["times"], data_dir=tmp_path)
    expression = one("当天晚上8时前后", "代表团当天晚上8时前后抵达。", settings=user)
    assert (expression.value, expression.mod) == ("2025-02-14T20:00", "APPROX")
    assert one("当天晚上8时", "代表团当天晚上8时前后抵达。").mod is None


def test_user_grammar_file_with_an_unknown_mod_is_named(tmp_path: Path) -> None:
    (tmp_path / "time_grammar.yaml").write_text("point_mods: {末尾: LATE}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"time_grammar.yaml.*'point_mods.末尾' is 'LATE'"):
        found("月末尾，会议闭幕。", settings=Settings(stages=["times"], data_dir=tmp_path))


# --- publication date and datelines ------------------------------------------------


def test_publication_date_from_dateline_and_page_header() -> None:
    header = "人民日报 2025年2月14日 星期五\n据新华社首尔2月13日\n电 韩国统一部13日发表声明。"
    doc = run_times(
        "韩国统一部13日发表声明。",
        published=None,
        dateline=Dateline(agency="新华社", place="首尔", text="据新华社首尔2月13日电"),
        raw_text=header,
    )
    assert (doc.published, doc.published_inferred) == ("2025-02-14", True)
    assert doc.articles[0].dateline is not None
    assert doc.articles[0].dateline.date == "2025-02-13"
    assert doc.articles[0].times[0].value == "2025-02-13"


def test_publication_year_from_file_time(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("据新华社开罗1月20日电 埃及总统20日表示。", encoding="utf-8")
    modified = datetime(2024, 3, 1).timestamp()
    os.utime(page, (modified, modified))
    doc = run_times(
        "埃及总统20日表示。",
        published=None,
        path=str(page),
        raw_text=page.read_text(encoding="utf-8"),
    )
    assert (doc.published, doc.published_inferred) == ("2024-01-21", True)
    assert doc.articles[0].times[0].value == "2024-01-20"


def test_no_dateline_no_inferred_date() -> None:
    doc = run_times(
        "美国财政部长12日到访基辅。", published=None, raw_text="美国财政部长12日到访基辅。"
    )
    assert (doc.published, doc.published_inferred) == (None, False)


def test_dateline_in_late_december_of_a_january_page() -> None:
    doc = run_times(
        "俄外交部31日发表声明。",
        published="2025-01-02",
        dateline=Dateline(agency="新华社", place="莫斯科", text="新华社莫斯科12月31日电"),
    )
    assert doc.articles[0].dateline is not None
    assert doc.articles[0].dateline.date == "2024-12-31"
    assert doc.articles[0].times[0].value == "2024-12-31"


# --- the seed page, end to end -----------------------------------------------------


def test_seed_page_gold_times(seed_text: str, seed_gold: dict[str, Any]) -> None:
    """Every gold time is found where its locator points, with the gold value."""
    settings = Settings(["layout", "times"])
    doc = process(seed_text, published=seed_gold["published"], settings=settings)
    gold = [GoldTime.model_validate(item) for item in seed_gold["times"]]
    assert [f"{g.text} in {g.locator}" for g in gold if not time_found(doc, g)] == []


def test_seed_page_without_a_date_gets_one_from_its_file(
    seed_text: str, seed_gold: dict[str, Any], tmp_path: Path
) -> None:
    """With no publication date the datelines and the file time date the page."""
    page = tmp_path / "page.txt"
    page.write_text(seed_text, encoding="utf-8")
    published = date.fromisoformat(seed_gold["published"])
    stamp = datetime(published.year, published.month, published.day, 12).timestamp()
    os.utime(page, (stamp, stamp))
    doc = document_from_text(seed_text, doc_id="seed", path=str(page))
    run_stages(doc, Settings(["layout", "times"]))
    assert (doc.published, doc.published_inferred) == (seed_gold["published"], True)
    dated = sorted(a.dateline.date or "" for a in doc.articles if a.dateline)
    expected = sorted(a["dateline"]["date"] for a in seed_gold["articles"] if a.get("dateline"))
    assert dated == expected
