"""Layout: paragraphs rebuilt from broken lines, blocks classified, articles grouped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jishi.eval.scores import score_articles
from jishi.ingest import document_from_text
from jishi.lang.data import DataFileError, data_files
from jishi.lang.zh.page import page_words
from jishi.model import Article, Document
from jishi.pipeline import finish
from jishi.settings import Settings
from jishi.stages.layout import parse_published, run
from jishi.stages.layout.credits import parse_dateline, split_trailing_source
from jishi.stages.layout.lines import join_lines
from jishi.stages.layout.rules import page_rules

LAYOUT_ONLY = Settings(stages=["layout"])
RULES = page_rules(data_files())

# A column-broken page written for these tests: a two-block headline, a wire
# dateline glued under its headline, a paragraph cut by a blank line
# mid-sentence, a subhead, a trailing source credit, a second article whose
# source line stands alone, and a pull quote with its attribution.
COLUMN_PAGE = """\
中方宣布向太平洋岛国

提供防灾援助

据新华社北京3月4日电 中国国家国际发展
合作署4日宣布，将向太平洋岛国提供一批防
灾减灾物资，帮助当地应对台风季节。

发展合作署发言人说，这批物资包括帐篷、
净水设备和发电机，将于本月

分批运抵斐济、汤加等国。

各方反响

斐济外交部长当天对媒体表示，感谢中方及时
伸出援手，期待双方在防灾领域加强合作。

汤加政府也发表声明，欢迎中方的援助，并称
这批物资“来得正是时候”。 据新华社

日本央行维持
超低利率不变

日本银行5日结束货币政策会议，决定维持
超低利率政策不变。分析人士认为，日本经济
复苏基础仍不稳固。

日本银行行长在记者会上说，将继续密切关注
物价走势和海外经济风险。

■综合新华社

“这批物资来得
正是时候。”

——汤加政府
"""

# The same kind of news as web copy: one paragraph per line.
LINE_PAGE = """\
联合国秘书长呼吁加沙立即停火
新华社纽约3月10日电 联合国秘书长古特雷斯10日在纽约联合国总部对媒体说，加沙地带人道主义局势持续恶化。
古特雷斯强调，各方应立即恢复停火，允许救援物资进入，平民不应为冲突付出代价。
埃及外交部当天发表声明，敦促有关各方保持克制，尽快回到谈判桌。
"""


def layout(text: str, published: str | None = "2025-03-05") -> Document:
    doc = document_from_text(text, doc_id="t", published=published)
    run(doc, LAYOUT_ONLY)
    return doc


def by_headline(doc: Document, start: str) -> Article:
    return next(a for a in doc.articles if (a.headline or "").startswith(start))


def texts(article: Article, role: str = "body") -> list[str]:
    return [p.text for p in article.paragraphs if p.role == role]


# ---------------------------------------------------------------- the seed page


def test_seed_page_articles_score(seed_text: str, seed_gold: dict[str, Any]) -> None:
    doc = layout(seed_text, seed_gold["published"])
    finish(doc)  # scored as the record gives it
    scores = score_articles(doc, seed_gold)
    assert scores.headline.hits == scores.headline.total == 7
    assert scores.paragraphs.value is not None and scores.paragraphs.value >= 0.95
    assert scores.exact.hits >= 6
    assert scores.source.hits == scores.source.total
    assert scores.dateline.hits == scores.dateline.total


def test_seed_page_main_story_adopts_its_late_headline(
    seed_text: str, seed_gold: dict[str, Any]
) -> None:
    doc = layout(seed_text, seed_gold["published"])
    main_story = seed_gold["articles"][1]
    article = next(
        a for a in doc.articles if (a.headline or "") + (a.deck or "") == main_story["headline"]
    )
    subheads = texts(article, "subhead")
    assert subheads == main_story["subheads"]
    assert article.kicker is not None
    assert texts(article, "body")[0].startswith(main_story["paragraphs"][0])


def test_seed_page_pull_quotes_stay_out_of_unrelated_articles(
    seed_text: str, seed_gold: dict[str, Any]
) -> None:
    doc = layout(seed_text, seed_gold["published"])
    last_wire_story = seed_gold["articles"][-1]["headline"]
    article = next(a for a in doc.articles if a.headline == last_wire_story)
    assert {p.role for p in article.paragraphs} == {"body"}


# ---------------------------------------------------------------- synthetic pages


def test_column_page_headlines_datelines_sources() -> None:
    doc = layout(COLUMN_PAGE)
    assert [a.headline for a in doc.articles] == [
        "中方宣布向太平洋岛国提供防灾援助",
        "日本央行维持超低利率不变",
    ]
    aid, bank = doc.articles
    assert aid.source == "新华社"
    assert aid.dateline is not None
    assert (aid.dateline.agency, aid.dateline.place, aid.dateline.date) == (
        "新华社",
        "北京",
        "2025-03-04",
    )
    assert bank.source == "新华社"
    assert bank.dateline is None


def test_column_page_paragraphs_rebuilt() -> None:
    aid = layout(COLUMN_PAGE).articles[0]
    body = texts(aid)
    assert body[0] == (
        "中国国家国际发展合作署4日宣布，将向太平洋岛国提供一批防灾减灾物资，帮助当地应对台风季节。"
    )
    # cut by a blank line mid-sentence, joined again
    assert body[1].endswith("将于本月分批运抵斐济、汤加等国。")
    # the trailing credit is removed from the paragraph
    assert body[-1].endswith("“来得正是时候”。")
    assert texts(aid, "subhead") == ["各方反响"]


def test_column_page_pull_quote_goes_to_the_article_it_quotes() -> None:
    aid, bank = layout(COLUMN_PAGE).articles
    assert texts(aid, "pullquote") == ["“这批物资来得正是时候。”"]
    assert texts(aid, "attribution") == ["——汤加政府"]
    assert {p.role for p in bank.paragraphs} == {"body"}


def test_line_per_paragraph_copy() -> None:
    doc = layout(LINE_PAGE, published="2025-03-11")
    assert len(doc.articles) == 1
    article = doc.articles[0]
    assert article.headline == "联合国秘书长呼吁加沙立即停火"
    assert article.dateline is not None and article.dateline.place == "纽约"
    body = texts(article)
    assert len(body) == 3
    assert body[0].startswith("联合国秘书长古特雷斯10日")


def test_headless_body_adopts_an_orphan_headline_printed_later() -> None:
    page = """\
会谈取得进展

双方代表10日在日内瓦举行停火谈判，就停
火安排交换了意见。会谈传出积极信号。

各方表态

联合国特使表示，希望双方把握机会，尽快
达成停火协议。 据新华社

停火谈判

日内瓦会谈传出积极信号

欧盟公布新的气候目标
欧盟委员会11日公布新的气候目标，提出到
2040年温室气体净排放量比1990年减少九成。
"""
    doc = layout(page)
    headlines = [a.headline for a in doc.articles]
    assert headlines == ["日内瓦会谈传出积极信号", "欧盟公布新的气候目标"]
    talks = doc.articles[0]
    assert talks.kicker == "停火谈判"
    assert texts(talks, "subhead") == ["会谈取得进展", "各方表态"]
    assert texts(talks)[0].startswith("双方代表10日在日内瓦")


def test_pages_without_matching_owner_keep_floating_blocks_apart() -> None:
    page = """\
央行下调存款准备金率

中国人民银行5日宣布，下调金融机构存款
准备金率0.5个百分点，释放长期资金。

“青山绿水就是
金山银山。”
"""
    doc = layout(page)
    bank = by_headline(doc, "央行")
    assert all(p.role == "body" for p in bank.paragraphs)
    assert any(p.role == "pullquote" for a in doc.articles for p in a.paragraphs)


# ---------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["中国国家国际发展", "合作署4日宣布"], "中国国家国际发展合作署4日宣布"),
        (["the World Health", "Organization said"], "the World Health Organization said"),
        (["COVID-", "19疫情"], "COVID-19疫情"),
        (["2025", "年3月"], "2025年3月"),
        (["委内瑞拉外长2", "9日表示，将提供8", "000亿"], "委内瑞拉外长29日表示，将提供8000亿"),
        (["iPhone", "16发布"], "iPhone 16发布"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_dateline_year_from_publication_date() -> None:
    text = "新华社东京12月31日电（记者王晓）日本政府31日宣布……"
    dateline = parse_dateline(text, parse_published("2026-01-02"), RULES)
    assert dateline is not None
    assert (dateline.agency, dateline.place, dateline.date) == ("新华社", "东京", "2025-12-31")
    assert text[len(dateline.text or "") :].startswith("日本政府")
    unknown_year = parse_dateline(text, None, RULES)
    assert unknown_year is not None and unknown_year.date is None


@pytest.mark.parametrize(
    ("text", "agency", "place", "rest"),
    [
        ("据新华社电 韩国统一部13日发表声明。", "新华社", None, "韩国统一部"),
        ("新华社北京电（记者张三）外交部发言人说。", "新华社", "北京", "外交部"),
        ("本报讯（记者 陈静）记者昨日获悉。", "本报", None, "记者昨日"),
    ],
)
def test_undated_openings(text: str, agency: str, place: str | None, rest: str) -> None:
    dateline = parse_dateline(text, parse_published("2025-02-14"), RULES)
    assert dateline is not None
    assert (dateline.agency, dateline.place, dateline.date) == (agency, place, None)
    assert text[len(dateline.text or "") :].lstrip().startswith(rest)


def test_dateline_needs_agency_place_and_date() -> None:
    assert parse_dateline("据新华社电视台报道，演出将于周末举行。", None, RULES) is None
    assert parse_dateline("据《耶路撒冷邮报》12日报道，以色列政府希望……", None, RULES) is None
    assert parse_dateline("新华社记者在现场看到，救援仍在进行。", None, RULES) is None


def test_trailing_source_split_off() -> None:
    assert split_trailing_source("双方同意保持沟通。 据央视新闻客户端", RULES) == (
        "双方同意保持沟通。",
        "央视新闻客户端",
    )
    assert split_trailing_source("谈判仍在进行。（据新华社电）", RULES) == (
        "谈判仍在进行。",
        "新华社",
    )
    sentence = "据《华盛顿邮报》报道，谈判仍在进行。"
    assert split_trailing_source(sentence, RULES) == (sentence, None)


def test_sample_page_articles(sample_page: Path) -> None:
    if not sample_page.exists():
        pytest.skip("samples/page.txt is not written yet")
    doc = layout(sample_page.read_text(encoding="utf-8"))
    headlined = [a for a in doc.articles if a.headline]
    assert len(headlined) >= 3
    assert all(a.source for a in headlined)


def test_page_furniture_bylines_and_captions() -> None:
    page = """\
2025年3月5日 星期三

第3版 国际

欧洲多国遭遇
罕见暴雪天气

本报记者 李明

受强冷空气影响，德国、法国和意大利北部
4日出现罕见暴雪，多条高速公路和铁路线路
一度中断，数万户家庭停电。

德国气象部门预计，降雪将持续至本周末，
提醒民众减少不必要的出行。

图为3月4日，行人在德国慕尼黑街头冒雪出行。
新华社发

（责任编辑：王芳）
"""
    doc = layout(page)
    assert [a.headline for a in doc.articles] == ["欧洲多国遭遇罕见暴雪天气"]
    article = doc.articles[0]
    assert texts(article, "credit")[0] == "本报记者 李明"
    assert texts(article)[0].startswith("受强冷空气影响")
    assert texts(article, "caption") == ["图为3月4日，行人在德国慕尼黑街头冒雪出行。"]
    every_text = " ".join(p.text for p in article.paragraphs)
    assert "星期三" not in every_text and "责任编辑" not in every_text


def test_web_copy_source_line_under_the_headline() -> None:
    page = """\
欧盟宣布新一轮对俄制裁
2025-03-11 08:15:02 来源：中国新闻网
中新网3月11日电 欧盟11日宣布对俄罗斯实施新一轮制裁，涉及能源、金融等领域。
欧盟外交与安全政策高级代表卡拉斯说，欧盟将继续向乌克兰提供援助。
俄方当天回应说，制裁不会改变俄方立场，将采取反制措施。
"""
    doc = layout(page, published=None)
    assert len(doc.articles) == 1
    article = doc.articles[0]
    assert article.headline == "欧盟宣布新一轮对俄制裁"
    assert article.source == "中国新闻网"
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.place) == ("中新网", None)
    assert len(texts(article)) == 3


def test_headline_with_a_comma() -> None:
    page = """\
德国总理出访，
两国签署能源协议

德国总理4日抵达挪威首都奥斯陆，开始对
挪威进行正式访问。两国当天签署了一项能
源合作协议，涉及天然气供应和氢能开发。

挪威首相表示，双方将在北海风电领域加强
合作，共同推进能源转型。 据新华社

油价连跌，市场担忧需求

国际油价4日继续下跌，纽约商品交易所原油
期货价格跌至每桶68美元，创下三个月新低。
"""
    doc = layout(page)
    assert [a.headline for a in doc.articles] == [
        "德国总理出访，两国签署能源协议",
        "油价连跌，市场担忧需求",
    ]
    assert [len(texts(a)) for a in doc.articles] == [2, 1]


def test_web_copy_with_unfinished_paragraphs() -> None:
    page = (
        "货车追尾起火，高速公路封闭三小时\n"
        "中广网银川11月29日消息(记者王平)受雨雪天气影响，312国道固原段29日上午发生"
        "三车追尾事故，其中一辆货车起火，造成两人受伤。\n"
        "消防官兵赶到现场后，通过冷却、稀释等方法紧急处理，很快将明火扑灭，目前路政部门"
        "正在对事故车辆进行清障处理\n"
        "事故发生后，该路段全面封闭约三小时，被堵车辆达上百辆。（完）\n"
    )
    doc = layout(page, published="2025-11-30")
    (article,) = doc.articles
    assert article.headline == "货车追尾起火，高速公路封闭三小时"
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.place, article.dateline.date) == (
        "中广网",
        "银川",
        "2025-11-29",
    )
    body = texts(article)
    assert len(body) == 3
    assert body[0].startswith("受雨雪天气影响")


@pytest.mark.parametrize(
    "credit",
    [
        "新华社记者 张三 摄",
        "新华社发（李四摄）",
        "新华社 图",
        "王五供图",
        "图片来源：视觉中国",
        "图/新华社",
    ],
)
def test_photo_credits_are_not_headlines(credit: str) -> None:
    page = f"""\
暴雪袭击美国东北部

美国东北部多个州4日遭遇暴风雪，纽约等地
积雪超过30厘米，数千架次航班被取消。

{credit}

当地政府呼吁民众减少出行，注意防寒保暖。
"""
    (article,) = layout(page).articles
    assert article.headline == "暴雪袭击美国东北部"
    assert texts(article, "credit") == [credit]
    assert len(texts(article)) == 2


def test_local_story_opening_and_marked_label() -> None:
    page = """\
■链接

城市书房开放时间延长

本报讯（记者 陈静）记者昨日从市文化局获悉，
全市城市书房自本月起延长开放时间，每天开放
至晚上十点。
"""
    (article,) = layout(page).articles
    assert article.kicker == "■链接"
    assert article.headline == "城市书房开放时间延长"
    assert article.dateline is not None
    assert (article.dateline.agency, article.dateline.date) == ("本报", None)
    assert texts(article)[0].startswith("记者昨日从市文化局获悉")


TOPIC_PAGE = """\
 聚焦中东局势

以色列与黎巴嫩
同意延长停火期限

据新华社耶路撒冷3月2日电 以色列总理
办公室2日发表声明说，以色列和黎巴嫩同
意将双方停火协议的执行期限延长至4月
底，以便各方继续就撤军安排进行磋商。

声明说，美国作为斡旋方将继续参与相关
谈判。黎巴嫩总统府当天也发表声明，确认
双方已就延长停火期限达成一致。

分析人士指出，停火期限延长有助于缓解
地区紧张局势，但以军能否按期从黎巴嫩南
部撤出仍存在不确定性。

黎巴嫩真主党尚未对此作出
回应。

联合国呼吁
各方保持克制

联合国秘书长发言人迪雅里克2日在纽约
表示，联合国欢迎以黎双方延长停火期限，
呼吁各方保持最大限度克制，切实履行停火
协议。

迪雅里克说，联合国驻黎巴嫩临时部队将
继续在黎南部开展工作，协助黎政府军
部署。 据央视新闻客户端

伊朗外长访问
卡塔尔

伊朗外长阿拉格齐2日抵达多哈，开始对卡
塔尔进行访问。双方将就地区局势和双边关
系交换意见。 ■综合新华社

“停火来之不易，
各方应倍加珍惜。”

——联合国秘书长发言人迪雅里克

新华社发
"""


def test_topic_label_sources_with_bullets_and_a_pull_quote_box() -> None:
    doc = layout(TOPIC_PAGE)
    assert [(a.kicker, a.headline, a.source) for a in doc.articles] == [
        ("聚焦中东局势", "以色列与黎巴嫩同意延长停火期限", "新华社"),
        (None, "联合国呼吁各方保持克制", "央视新闻客户端"),
        (None, "伊朗外长访问卡塔尔", "新华社"),
    ]
    ceasefire, united_nations, iran = doc.articles
    assert texts(ceasefire)[-1] == "黎巴嫩真主党尚未对此作出回应。"
    assert texts(united_nations, "pullquote") == ["“停火来之不易，各方应倍加珍惜。”"]
    assert texts(united_nations, "attribution") == ["——联合国秘书长发言人迪雅里克"]
    assert texts(iran)[-1].endswith("交换意见。")


def test_lead_and_photo_between_headline_and_body() -> None:
    page = """\
日本央行维持超低利率不变

日本银行5日结束货币政策会议，决定维持超低利率政策不变，并表示将继续密切关注物价和海外经济风险。

图为日本银行总部大楼。
新华社发

日本银行5日结束为期两天的货币政策会议，
决定维持超低利率政策不变。分析人士认为，
日本经济复苏基础仍不稳固。

日本银行行长在记者会上说，将继续密切关注
物价走势和海外经济风险。 据新华社

油价连跌三日

国际油价5日继续下跌，纽约商品交易所原油
期货价格跌至每桶68美元，创下三个月新低。
"""
    doc = layout(page)
    assert [a.headline for a in doc.articles] == ["日本央行维持超低利率不变", "油价连跌三日"]
    bank, oil = doc.articles
    assert [p.role for p in bank.paragraphs] == ["lead", "body", "body", "caption", "credit"]
    assert [p.role for p in oil.paragraphs] == ["body"]


def test_one_line_headline_after_a_wire_story_without_credit() -> None:
    page = """\
韩国称朝鲜正拆除
边境会面设施

据新华社首尔2月13日电 韩国统一部13日
发表声明称，朝鲜正在单方面拆除边境地区的
离散家属会面设施。

朝鲜方面尚未对此作出回应。

泰国向缅甸边境地区恢复供电

泰国政府13日宣布，恢复向缅甸边境五个地点
供电，此前当地电力供应已中断一周。
"""
    doc = layout(page)
    assert [a.headline for a in doc.articles] == [
        "韩国称朝鲜正拆除边境会面设施",
        "泰国向缅甸边境地区恢复供电",
    ]


def test_two_line_headline_glued_above_its_body() -> None:
    page = """\
缅甸向泰国移交
261名电诈园区被解救人员
当地时间2月12日，缅甸向泰国移交261名电诈园
区被解救人员，并已由泰国军方护送至泰国境内。
泰国副总理表示，缅甸近期还将向泰方继续移交
约7000名电诈园区人员。
"""
    (article,) = layout(page).articles
    assert article.headline == "缅甸向泰国移交261名电诈园区被解救人员"
    assert texts(article)[0].startswith("当地时间2月12日")


# ---------------------------------------------------------------- generalization


def test_outlets_credited_together_are_joined_by_a_slash() -> None:
    page = """\
欧盟推出新一轮对俄制裁

欧盟10日宣布对俄罗斯实施新一轮制裁，
涉及能源和金融等多个领域。

■综合新华社/法新社

日本央行维持利率不变

日本银行10日决定维持短期利率不变，
并表示将密切关注物价走势。 据新华社、央视
"""
    assert [(a.headline, a.source) for a in layout(page).articles] == [
        ("欧盟推出新一轮对俄制裁", "新华社/法新社"),
        ("日本央行维持利率不变", "新华社/央视"),
    ]


def test_opening_credit_names_the_source_and_starts_a_story() -> None:
    page = """\
法国总统访问越南

法国总统26日抵达河内，开始对越南进行
国事访问。据路透社报道，两国领导人将
签署多项合作协议。

以军空袭黎巴嫩南部

据半岛电视台27日报道，以色列军队当天
对黎巴嫩南部多个村庄发动空袭，造成至
少3人死亡。
"""
    doc = layout(page)
    assert [(a.headline, a.source) for a in doc.articles] == [
        ("法国总统访问越南", None),
        ("以军空袭黎巴嫩南部", "半岛电视台"),
    ]


def test_an_opening_credit_further_down_does_not_replace_the_closing_one() -> None:
    page = """\
世界银行下调全球增长预期

世界银行10日发布报告，将今年全球经济
增长预期下调至2.3%。

据路透社报道，多家国际机构近期也下调
了增长预期。 据新华社
"""
    (article,) = layout(page).articles
    assert article.source == "新华社"


BRIEFS_PAGE = """\
国际简讯

智利北部发生地震

据中新网报道，智利北部安托法加斯塔大
区10日发生地震，目前暂无人员伤亡报告。

德国下调经济增长预期

德国政府11日发布报告，将今年经济增长
预期下调至0.3%。德国经济部长表示，出
口疲软是主要原因。

新西兰总理访问日本

新西兰总理12日抵达东京，开始对日本进
行为期三天的正式访问。
"""


def test_items_of_a_briefs_column_are_separate_articles() -> None:
    doc = layout(BRIEFS_PAGE)
    assert [(a.kicker, a.headline, a.source) for a in doc.articles] == [
        ("国际简讯", "智利北部发生地震", "中新网"),
        (None, "德国下调经济增长预期", None),
        (None, "新西兰总理访问日本", None),
    ]
    assert all(texts(a, "subhead") == [] for a in doc.articles)


def test_a_short_line_under_a_plain_story_is_still_a_subhead() -> None:
    """Without a briefs label, credit or dateline, a one-line heading stays a subhead."""
    page = BRIEFS_PAGE.replace("国际简讯", "经济观察者").replace("据中新网报道，", "")
    (article, *_) = layout(page).articles
    assert texts(article, "subhead")[:1] == ["德国下调经济增长预期"]


WIRE_BUNDLE = """\
日本首相会见澳大利亚外长
日本首相10日在东京会见来访的澳大利亚外长，双方就印太地区局势交换意见。
澳方表示愿与日方深化防务合作，两国将于年内举行新一轮安全磋商。

世界银行下调全球增长预期
世界银行10日发布报告，将今年全球经济增长预期下调至2.3%。
报告说，贸易壁垒增加和金融条件收紧是全球经济面临的主要风险。

巴西南部遭遇洪灾
巴西南部南里奥格兰德州连日暴雨引发洪灾，已造成至少12人死亡。
州政府已宣布进入紧急状态，联邦政府将派出救援力量协助救灾。
"""


def test_line_copy_with_blank_lines_between_stories() -> None:
    doc = layout(WIRE_BUNDLE)
    assert [a.headline for a in doc.articles] == [
        "日本首相会见澳大利亚外长",
        "世界银行下调全球增长预期",
        "巴西南部遭遇洪灾",
    ]
    assert [len(texts(a)) for a in doc.articles] == [2, 2, 2]


def test_line_copy_with_blank_lines_between_paragraphs_keeps_subheads() -> None:
    page = """\
日本央行维持利率不变

日本银行10日结束货币政策会议，决定维持短期利率不变，并表示将密切关注物价走势。

物价前景

日本银行预计，今年核心物价涨幅将保持在2%左右，工资上涨将支撑国内消费。

分析人士认为，日本银行年内仍可能再次加息，但时机取决于美国经济走势。
"""
    (article,) = layout(page).articles
    assert texts(article, "subhead") == ["物价前景"]


def test_headline_box_with_only_a_lead_heads_the_story_printed_before_it() -> None:
    page = """\
各地加快春耕备耕

农业农村部10日说，各地正抓住有利
时机加快春耕备耕，确保粮食播种面
积稳定。 据新华社

科技创新

教育部10日召开视频会议，部署高校
毕业生就业工作，要求各地高校加强
就业指导和服务。

人才培养

会议要求，各地高校要拓宽毕业生就
业渠道，鼓励毕业生到基层就业。
据人民日报

教育部部署
高校毕业生就业工作

教育部10日召开视频会议，部署高校毕业生就业工作，要求各地拓宽就业渠道、加强就业指导和服务。

“要让每一名毕业生都有
出彩的机会。”

——教育部负责人
"""
    doc = layout(page)
    assert [a.headline for a in doc.articles] == [
        "各地加快春耕备耕",
        "教育部部署高校毕业生就业工作",
    ]
    jobs = doc.articles[1]
    assert jobs.source == "人民日报"
    assert texts(jobs, "subhead") == ["科技创新", "人才培养"]
    assert texts(jobs, "lead")[0].startswith("教育部10日召开视频会议")
    assert texts(jobs, "pullquote") == ["“要让每一名毕业生都有出彩的机会。”"]


def test_caption_ending_in_a_photo_credit_goes_to_its_story() -> None:
    page = """\
油价连续三日下跌

国际油价10日继续下跌，纽约商品交易所
原油期货价格跌至每桶68美元。分析人士
认为，市场担忧需求放缓。 据新华社

3月10日，在肯尼亚首都内罗毕，马拉松
选手参加比赛。 新华社发

内罗毕举行国际马拉松赛

第十届内罗毕国际马拉松赛10日举行，来
自20多个国家和地区的选手参加比赛。肯
尼亚选手包揽男女组冠军。
"""
    doc = layout(page)
    assert [a.headline for a in doc.articles] == ["油价连续三日下跌", "内罗毕举行国际马拉松赛"]
    oil, marathon = doc.articles
    assert [p.role for p in oil.paragraphs] == ["body"]
    assert texts(marathon, "caption") == ["3月10日，在肯尼亚首都内罗毕，马拉松选手参加比赛。"]
    assert texts(marathon, "credit") == ["新华社发"]


def column(*parts: str, width: int = 15) -> str:
    """A page printed without blank lines: paragraphs broken every `width` characters.

    Parts without sentence punctuation are headline or source lines, "|" between lines.
    """
    lines: list[str] = []
    for part in parts:
        if "。" in part:
            lines += [part[start : start + width] for start in range(0, len(part), width)]
        else:
            lines += part.split("|")
    return "\n".join(lines) + "\n"


NO_BLANK_PAGE = column(
    "联合国呼吁保护|加沙平民安全",
    "据新华社联合国3月10日电 联合国秘书长发言人当天说，加沙地带人道主义局势持续恶化，"
    "联合国呼吁各方保护平民。",
    "发言人说，联合国将继续向加沙运送食品和药品。 据新华社",
    "欧盟推出新一轮|对俄制裁措施",
    "欧盟当天宣布对俄罗斯实施新一轮制裁，涉及能源领域。",
    "欧盟外交与安全政策高级代表说，制裁旨在削弱俄方能力。",
    "■综合新华社/法新社",
    "日本东北部海域|发生强烈地震",
    "据新华社东京3月10日电 日本气象厅当天说，日本东北部海域当天发生强烈地震，目前暂无海啸预警。",
)


def test_page_without_blank_lines_is_segmented() -> None:
    assert "\n\n" not in NO_BLANK_PAGE
    doc = layout(NO_BLANK_PAGE)
    assert [(a.headline, a.source) for a in doc.articles] == [
        ("联合国呼吁保护加沙平民安全", "新华社"),
        ("欧盟推出新一轮对俄制裁措施", "新华社/法新社"),
        ("日本东北部海域发生强烈地震", "新华社"),
    ]
    united_nations, sanctions, earthquake = doc.articles
    assert texts(united_nations) == [
        "联合国秘书长发言人当天说，加沙地带人道主义局势持续恶化，联合国呼吁各方保护平民。",
        "发言人说，联合国将继续向加沙运送食品和药品。",
    ]
    assert [t[:6] for t in texts(sanctions)] == ["欧盟当天宣布", "欧盟外交与安"]
    assert earthquake.dateline is not None and earthquake.dateline.place == "东京"


def test_double_spaced_page_reads_like_the_page() -> None:
    """A blank line after every line (some PDF tools): paragraphs end at two blank lines."""
    double_spaced = COLUMN_PAGE.replace("\n\n", "\n\n\n").replace("\n", "\n\n")
    plain = layout(COLUMN_PAGE)
    doc = layout(double_spaced)
    assert [a.headline for a in doc.articles] == [a.headline for a in plain.articles]
    assert [texts(a) for a in doc.articles] == [texts(a) for a in plain.articles]


def test_indented_paragraphs_without_blank_lines() -> None:
    """Only the indent tells where the first paragraph, ending at a full line, stops."""
    page = """\
日本央行维持利率不变
\u3000\u3000日本银行5日结束货币政策会议，决定维持超
低利率政策不变，并表示将密切关注物价走势和海
外经济风险对日本经济的影响，择机调整政策。
\u3000\u3000日本银行行长在记者会上说，日本经济正在温
和复苏，但前景仍存在不确定性。
"""
    (article,) = layout(page).articles
    assert article.headline == "日本央行维持利率不变"
    assert [t[:6] for t in texts(article)] == ["日本银行5日", "日本银行行长"]


def test_a_section_of_a_survey_piece_may_open_with_a_credit() -> None:
    page = """\
多国呼吁加沙停火

联合国秘书长10日发表声明，呼吁各方立即
停火，允许人道主义物资进入加沙地带。

多方呼吁停火

埃及外交部当天表示，埃方正与各方保持密
切沟通，推动尽快达成停火协议。

援助仍受阻

据美联社报道，大批救援车辆仍滞留在拉法
口岸附近，无法进入加沙地带。
"""
    (article,) = layout(page).articles
    assert texts(article, "subhead") == ["多方呼吁停火", "援助仍受阻"]


def test_web_toolbar_and_a_parenthesized_credit() -> None:
    page = """\
日本众议院通过新年度预算案
本报东京3月4日电  （记者李明）日本众议院4日通过新财年预算案，总额创历史新高。
分析人士指出，防卫费和社会保障费持续增长，日本财政面临更大压力。（新华社）
【纠错】 【责任编辑：王五】
"""
    (article,) = layout(page).articles
    assert article.source == "本报"
    assert texts(article) == [
        "日本众议院4日通过新财年预算案，总额创历史新高。",
        "分析人士指出，防卫费和社会保障费持续增长，日本财政面临更大压力。",
    ]


def test_bracketed_dateline_and_an_opening_credit_behind_a_country_name() -> None:
    page = """\
美国宣布对邻国商品加征关税

【路透社华盛顿3月4日电】美国总统4日宣布，
对从加拿大和墨西哥进口的商品加征关税。

加拿大总理当天表示，加方将对美国商品征收
报复性关税。

日本经济学家警告贸易放缓

据日本共同社网站3月4日报道，日本多名经济
学家警告说，加征关税可能导致全球贸易放缓。
"""
    doc = layout(page)
    assert [(a.headline, a.source) for a in doc.articles] == [
        ("美国宣布对邻国商品加征关税", "路透社"),
        ("日本经济学家警告贸易放缓", "共同社"),
    ]
    tariffs = doc.articles[0]
    assert tariffs.dateline is not None and tariffs.dateline.place == "华盛顿"
    assert texts(tariffs)[0] == "美国总统4日宣布，对从加拿大和墨西哥进口的商品加征关税。"


def test_page_header_and_staff_lines_are_furniture() -> None:
    page = """\
人民日报  2025年3月5日  星期三
国际  3

韩日外长通电话

韩国外交部4日发布消息说，韩国外交部长
官当天与日本外务大臣通电话。 据新华社

版式设计：张三
"""
    assert [(a.headline, a.source) for a in layout(page).articles] == [("韩日外长通电话", "新华社")]


def test_line_copy_of_one_paragraph_stories() -> None:
    page = "\n\n".join(
        "\n".join(story.split("\n")[:2]) for story in WIRE_BUNDLE.strip().split("\n\n")
    )
    doc = layout(page)
    assert [a.headline for a in doc.articles] == [
        "日本首相会见澳大利亚外长",
        "世界银行下调全球增长预期",
        "巴西南部遭遇洪灾",
    ]


# ---------------------------------------------------------------- the page words


def test_a_user_outlet_is_read_in_datelines_and_credits(tmp_path: Path) -> None:
    """An agency the shipped list lacks, added in a user file, is read as a credit."""
    folder = tmp_path / "mine"
    folder.mkdir()
    rows = "name\tname_en\tfamily\n安塔拉\tAntara\t\n"
    (folder / "news_sources.tsv").write_text(rows, encoding="utf-8")
    text = "印尼发生地震\n据安塔拉雅加达3月4日电 印尼西部4日发生地震，暂无伤亡报告。\n"
    shipped = layout(text).articles[0]
    assert shipped.dateline is None
    doc = document_from_text(text, doc_id="t", published="2025-03-05")
    run(doc, Settings(stages=["layout"], data_dir=folder))
    dateline = doc.articles[0].dateline
    assert dateline is not None
    assert (dateline.agency, dateline.place, dateline.date) == ("安塔拉", "雅加达", "2025-03-04")


def test_a_misspelt_word_list_names_the_user_file(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "page_words.yaml").write_text("photo_takne: [拍]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"mine/page_words\.yaml: unknown word lists"):
        page_words(data_files(folder))


# ---------------------------------------------------------------- an indented page

# The People's Daily archive's form, written for these tests: headlines unindented,
# every paragraph indented, a blank line between stories; box labels, subheads,
# closing datelines and photo credits are indented lines of their story.
INDENTED_PAGE = """\
李克强会见斐济总理
　　本报北京1月6日电  （记者王迪）国务院总理李克强6日在人民大会堂会见斐济总理。
　　双方就深化农业、渔业和防灾合作交换了意见，同意加强两国人员往来。

IMF最新数据显示——
人民币在全球外汇储备中占比上升

　　核心阅读
　　国际货币基金组织最新公布的数据显示，人民币在全球外汇储备中的占比继续上升，创下新高。
　　储备货币多元化
　　分析人士认为，这反映出各国央行对储备货币多元化的需求，以及对中国经济的信心。
　　（本报华盛顿1月4日电）

图片报道

　　1月5日，游客在哈尔滨冰雪大世界观赏冰灯。
　　新华社发

老挝总理将访华
　　应国务院总理邀请，老挝总理将于1月5日至8日对我国进行正式访问。
　　（新华社电）
"""


def test_indented_page_reads_one_story_per_unindented_headline() -> None:
    doc = document_from_text(INDENTED_PAGE, doc_id="t", published="2020-01-07", outlet="人民日报")
    run(doc, LAYOUT_ONLY)
    assert [(a.headline, a.source) for a in doc.articles] == [
        ("李克强会见斐济总理", "人民日报"),
        ("IMF最新数据显示——人民币在全球外汇储备中占比上升", "人民日报"),
        ("图片报道", None),
        ("老挝总理将访华", None),
    ]
    meeting, reserves, photo, visit = doc.articles
    assert meeting.dateline is not None
    assert (meeting.dateline.agency, meeting.dateline.place) == ("人民日报", "北京")
    # the stages read the paragraph the dateline opened without it; the record says which
    assert meeting.dateline.paragraph == 0
    assert meeting.paragraphs[0].text.startswith("国务院总理李克强6日")
    assert meeting.paragraphs[0].prefix.startswith(meeting.dateline.text or "-")
    assert len(meeting.paragraphs[0].prefix) == meeting.dateline.body_start
    assert [p.role for p in reserves.paragraphs] == ["subhead", "body", "subhead", "body", "credit"]
    assert reserves.dateline is not None
    assert (reserves.dateline.place, reserves.dateline.date) == ("华盛顿", "2020-01-04")
    assert [(p.role, p.text) for p in photo.paragraphs][-1] == ("credit", "新华社发")
    # an undated closing credit closes the story but names no dateline
    assert visit.paragraphs[-1].text == "（新华社电）" and visit.dateline is None


def test_without_an_outlet_the_paper_credits_itself_as_itself() -> None:
    article = layout(INDENTED_PAGE, published="2020-01-07").articles[0]
    assert article.source == "本报"


def test_a_closing_dateline_is_not_glued_to_the_next_headline() -> None:
    page = """\
中方援建学校在南非落成

南非约翰内斯堡郊区一所中方援建的学校8日
落成，当地数百名师生参加了仪式。
（本报约翰内斯堡1月8日电 记者李志伟）
欧盟公布新的气候目标

欧盟委员会9日公布新的气候目标，提出到2040年
温室气体净排放量比1990年减少九成。
"""
    doc = layout(page, published="2020-01-10")
    assert [a.headline for a in doc.articles] == ["中方援建学校在南非落成", "欧盟公布新的气候目标"]
    school = doc.articles[0]
    assert school.paragraphs[-1].role == "credit"
    assert school.dateline is not None and school.dateline.place == "约翰内斯堡"
