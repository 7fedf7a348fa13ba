"""The events stage on hand-built articles (sentences written for these tests) and the seed page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from click.testing import CliRunner

from jishi.cli import main
from jishi.eval import cec as evaluate_cec
from jishi.lang.data import DataFileError, data_files, read_tsv
from jishi.lang.zh.events import check_trigger, event_lexicon
from jishi.model import (
    Article,
    Dateline,
    Document,
    Entity,
    Event,
    Mention,
    Paragraph,
    Quote,
    TimeExpression,
    Token,
)
from jishi.stages import events

FILES = data_files()


@dataclass(frozen=True)
class Actor:
    """An entity for a test article: its forms are found in the paragraphs by search."""

    id: str
    type: str
    kind: str
    country: str | None
    forms: tuple[str, ...]


ACTORS = [
    Actor("usa", "LOC", "state", "USA", ("美国", "美方", "美")),
    Actor("rus", "LOC", "state", "RUS", ("俄罗斯", "俄方", "俄")),
    Actor("ukr", "LOC", "state", "UKR", ("乌克兰", "乌方", "乌")),
    Actor("chn", "LOC", "state", "CHN", ("中国", "中方")),
    Actor("fra", "LOC", "state", "FRA", ("法国", "法方")),
    Actor("jpn", "LOC", "state", "JPN", ("日本", "日方")),
    Actor("egy", "LOC", "state", "EGY", ("埃及",)),
    Actor("bel", "LOC", "state", "BEL", ("比利时",)),
    Actor("isr", "LOC", "state", "ISR", ("以色列", "以军", "以方")),
    Actor("lbn", "LOC", "state", "LBN", ("黎巴嫩", "黎")),
    Actor("kyiv", "LOC", "place", "UKR", ("基辅",)),
    Actor("paris", "LOC", "place", "FRA", ("巴黎",)),
    Actor("cairo", "LOC", "place", "EGY", ("开罗",)),
    Actor("brussels", "LOC", "place", "BEL", ("布鲁塞尔",)),
    Actor("rubio", "PER", "person", "USA", ("马尔科·鲁比奥", "鲁比奥")),
    Actor("lavrov", "PER", "person", "RUS", ("谢尔盖·拉夫罗夫", "拉夫罗夫")),
    Actor("sybiha", "PER", "person", "UKR", ("安德烈·瑟比哈", "瑟比哈")),
    Actor("macron", "PER", "person", "FRA", ("埃马纽埃尔·马克龙", "马克龙")),
    Actor("wangyi", "PER", "person", "CHN", ("王毅",)),
    Actor("hamas", "ORG", "organization", "PSE", ("哈马斯",)),
    Actor("un", "ORG", "organization", None, ("联合国",)),
    Actor("yem", "LOC", "state", "YEM", ("也门",)),
    Actor("grundberg", "PER", "person", "SWE", ("汉斯·格伦德伯格", "格伦德伯格")),
]


def find_mentions(paragraphs: list[str]) -> dict[str, list[Mention]]:
    """Every place a form occurs that no longer form has claimed (巴黎 before 黎)."""
    pairs = sorted(((form, a) for a in ACTORS for form in a.forms), key=lambda p: -len(p[0]))
    taken: set[tuple[int, int]] = set()
    found: dict[str, list[Mention]] = {}
    for form, actor in pairs:
        for index, text in enumerate(paragraphs):
            start = text.find(form)
            while start != -1:
                cells = {(index, i) for i in range(start, start + len(form))}
                if not cells & taken:
                    taken |= cells
                    mention = Mention(
                        text=form, paragraph=index, start=start, end=start + len(form)
                    )
                    found.setdefault(actor.id, []).append(mention)
                start = text.find(form, start + 1)
    return found


def find_times(paragraphs: list[str], times: dict[str, str]) -> list[TimeExpression]:
    """The times stage's output for the given expressions (first place each occurs)."""
    found = []
    for text, value in times.items():
        for index, paragraph in enumerate(paragraphs):
            start = paragraph.find(text)
            if start != -1:
                found.append(
                    TimeExpression(
                        text=text, value=value, paragraph=index, start=start, end=start + len(text)
                    )
                )
    return found


def build(paragraphs: list[str], times: dict[str, str] | None = None, **fields: Any) -> Article:
    """An article as the upstream stages would leave it: paragraphs, entities, times."""
    mentions = find_mentions(paragraphs)
    entities = [
        Entity(
            id=a.id,
            type=a.type,
            kind=a.kind,
            name=a.forms[0],
            country=a.country,
            mentions=mentions[a.id],
        )
        for a in ACTORS
        if a.id in mentions
    ]
    return Article(
        id="a1",
        paragraphs=[Paragraph(text=p) for p in paragraphs],
        entities=entities,
        times=find_times(paragraphs, times or {}),
        **fields,
    )


def code(paragraphs: list[str], times: dict[str, str] | None = None, **fields: Any) -> list[Event]:
    return events.code_article(build(paragraphs, times, **fields), "2025-03-06", FILES)


def only(found: list[Event], event_type: str) -> Event:
    matching = [e for e in found if e.type == event_type]
    assert len(matching) == 1, [(e.type, e.trigger, e.sentence) for e in found]
    return matching[0]


def sides(event: Event) -> set[str]:
    return {*event.source, *event.target}


# --- CONSULT ------------------------------------------------------------------


def test_visit_codes_visitor_host_and_city() -> None:
    found = code(["美国国务卿马尔科·鲁比奥5日抵达法国首都巴黎进行访问。"], {"5日": "2025-03-05"})
    event = only(found, "CONSULT")
    assert (event.mode, event.source, event.target) == ("visit", ["rubio"], ["fra"])
    assert (event.location, event.date) == ("paris", "2025-03-05")


def test_arriving_in_a_city_is_a_visit_to_its_state_unless_at_home() -> None:
    event = only(code(["拉夫罗夫5日抵达开罗。埃及外长表示欢迎。"]), "CONSULT")
    assert (event.mode, event.source, event.target) == ("visit", ["lavrov"], ["egy"])
    assert code(["马克龙5日抵达巴黎。"]) == []  # a trip inside one's own country


def test_meeting_on_home_ground_makes_the_guest_the_visitor() -> None:
    event = only(code(["马克龙6日在巴黎会见俄罗斯外长拉夫罗夫。"]), "CONSULT")
    assert (event.mode, event.source, event.target) == ("visit", ["lavrov"], ["macron"])
    event = only(code(["马克龙6日会见来访的拉夫罗夫。"]), "CONSULT")
    assert (event.mode, event.source, event.target) == ("visit", ["lavrov"], ["macron"])
    third = only(code(["马克龙6日在开罗会见拉夫罗夫。"]), "CONSULT")
    assert third.mode == "third-party"


def test_visit_with_host_after_trigger() -> None:
    event = only(
        code(["美国国务卿鲁比奥5日到访法国首都巴黎，会晤法国总统马克龙。"], {"5日": "2025-03-05"}),
        "CONSULT",
    )
    assert event.mode == "visit"
    assert event.source == ["rubio"]
    assert {"fra", "macron"} <= set(event.target)
    assert event.location == "paris"
    assert event.date == "2025-03-05"
    assert len(event.mentions) == 1  # 会晤 is the same visit


def test_phone_call_is_reciprocal_and_dated_by_the_nearest_time() -> None:
    event = only(
        code(["3日，中国外长王毅同俄罗斯外长拉夫罗夫通电话。"], {"3日": "2025-03-03"}), "CONSULT"
    )
    assert (event.mode, event.cameo) == ("phone", "041")
    assert event.source == ["wangyi"] and event.target == ["lavrov"]
    assert event.date == "2025-03-03"


def test_repeated_reports_are_one_event_with_mentions() -> None:
    paragraphs = [
        "俄罗斯外长拉夫罗夫4日与美国国务卿鲁比奥通话。",
        "拉夫罗夫在通话中说，双方讨论了乌克兰问题。俄美外长通话持续约一小时。",
    ]
    found = code(paragraphs, {"4日": "2025-03-04"})
    consult = [e for e in found if e.type == "CONSULT"]
    assert len(consult) == 1
    assert sides(consult[0]) == {"lavrov", "rubio", "rus", "usa"} or sides(consult[0]) >= {
        "lavrov",
        "rubio",
    }
    assert len(consult[0].mentions) >= 2


def test_two_calls_with_different_partners_stay_apart() -> None:
    paragraphs = ["鲁比奥4日与拉夫罗夫通话。当天晚些时候，鲁比奥与乌克兰外长瑟比哈通话。"]
    found = code(paragraphs, {"4日": "2025-03-04", "当天": "2025-03-04"})
    calls = [sides(e) for e in found if e.type == "CONSULT"]
    assert sorted(calls, key=sorted) == [{"rubio", "lavrov"}, {"rubio", "sybiha"}]


def test_meeting_with_nobody_named_is_not_coded() -> None:
    assert code(["马克龙在共同会见记者时说，法国支持和平进程。"]) == []


def test_talks_abroad_take_the_host_state() -> None:
    event = only(code(["哈马斯代表团在埃及首都开罗与斡旋方举行会谈。"]), "CONSULT")
    assert event.source == ["hamas"] and event.target == ["egy"]
    assert event.location == "cairo"


def test_future_meeting_has_modality_and_no_borrowed_date() -> None:
    paragraphs = ["鲁比奥4日表示，他不久将与拉夫罗夫会面。"]
    event = only(code(paragraphs, {"4日": "2025-03-04"}), "CONSULT")
    assert event.modality == "future"
    assert sides(event) == {"rubio", "lavrov"}
    assert event.date == "2025-03-04"  # the time before the trigger in the sentence still governs


def test_he_is_the_last_person_subject() -> None:
    paragraphs = ["马克龙6日在巴黎发表讲话。他同王毅在会谈中同意加强合作。"]
    found = code(paragraphs, {"6日": "2025-03-06"})
    agree = only(found, "AGREE")
    assert sides(agree) == {"macron", "wangyi"}
    assert agree.date == "2025-03-06"  # carried from the paragraph's earlier sentence


# --- verbal conflict and cooperation ---------------------------------------------


def test_request_with_recipient_and_date_from_earlier_paragraph() -> None:
    paragraphs = [
        "日本外务省5日发表声明。",
        "声明称，日本政府对于中国的做法表示遗憾，严正敦促中方立即停止有关行动。",
    ]
    found = code(paragraphs, {"5日": "2025-03-05"})
    request = only(found, "REQUEST")
    assert request.source == ["jpn"] and request.target == ["chn"]
    assert request.date == "2025-03-05"
    assert only(found, "ACCUSE").target == ["chn"]


def test_demand_inside_reported_speech() -> None:
    paragraphs = ["8日，黎巴嫩总统表示，以军必须按期完全撤出黎领土。"]
    event = only(code(paragraphs, {"8日": "2025-03-08"}), "REQUEST")
    assert event.source == ["lbn"] and event.target == ["isr"]
    assert (event.mode, event.cameo) == ("yield", "105")  # 撤出 is the content, not an event


def test_governed_act_is_content_not_event() -> None:
    found = code(["乌克兰拒绝从有关地区撤军。"])
    assert [e.type for e in found] == ["REJECT"]
    assert found[0].mode == "yield"


def test_negation_and_statement_location() -> None:
    paragraphs = ["马克龙10日在比利时首都布鲁塞尔说，法国不会向乌克兰派遣军队。"]
    event = only(code(paragraphs, {"10日": "2025-03-10"}), "MOBILIZE")
    assert event.negated is True
    assert event.source == ["fra"] and event.target == ["ukr"]
    assert event.location == "brussels"


def test_sanction_with_counterpart_and_datetime_value() -> None:
    paragraphs = ["自当地时间2月5日9时起，以色列切断了与黎巴嫩边境地区的电力供应。"]
    event = only(code(paragraphs, {"当地时间2月5日9时": "2025-02-05T09:00"}), "SANCTION")
    assert event.source == ["isr"] and event.target == ["lbn"]
    assert event.date == "2025-02-05"


def test_handover_to_recipient() -> None:
    event = only(
        code(["当地时间3日，埃及向以色列移交12名被扣押人员。"], {"当地时间3日": "2025-03-03"}),
        "COOPERATE",
    )
    assert event.source == ["egy"] and event.target == ["isr"]


def test_sought_and_negated_withdrawal() -> None:
    event = only(code(["以色列正寻求再次推迟从黎巴嫩南部撤军。"]), "RETREAT")
    assert (event.modality, event.negated, event.mode) == ("sought", True, "withdraw")
    assert event.date is None


def test_hypothetical_and_historical() -> None:
    found = code(
        [
            "若鲁比奥与拉夫罗夫实现会晤，这将是重大变化。",
            "上一次美俄外长会晤是2019年在日本举行的会晤。",
        ],
        {"2019年": "2019"},
    )
    modalities = sorted(e.modality or "" for e in found if e.type == "CONSULT")
    assert modalities == ["historical", "hypothetical"]


def test_team_and_nouns_are_not_events() -> None:
    paragraphs = ["俄方已经启动与美国对话谈判团队的组建工作。乌克兰反对派领导人发表讲话。"]
    assert code(paragraphs) == []


def test_speech_alone_is_not_an_event() -> None:
    assert code(["联合国秘书长表示，局势令人担忧。马克龙说，法国将继续关注。"]) == []


def test_welcome_is_support() -> None:
    event = only(
        code(["联合国12日表示，欢迎任何推动俄乌和谈的努力。"], {"12日": "2025-03-12"}), "SUPPORT"
    )
    assert event.source == ["un"] and event.target == []


def test_dateline_date_when_the_text_gives_none() -> None:
    found = code(["哈马斯表示将与埃及开展合作。"], dateline=Dateline(date="2025-03-01"))
    assert only(found, "COOPERATE").date is None  # future: the text does not say when
    found = code(["哈马斯与埃及开展合作。"], dateline=Dateline(date="2025-03-01"))
    assert only(found, "COOPERATE").date == "2025-03-01"


# --- reading the clause: nouns, verdicts, refusals, gaps ------------------------------


def test_a_trigger_used_as_a_noun_codes_nothing() -> None:
    assert code(["中方对俄美军事合作深表关切。"]) == []  # inside 对…, before a stance verb
    assert [e.type for e in code(["法国对袭击予以强烈谴责。"])] == ["ACCUSE"]
    found = code(["拉夫罗夫在通话中赞同鲁比奥的观点。"])
    assert [e.type for e in found] == ["SUPPORT"]  # 在通话中 is the setting, not a new call
    assert code(["马克龙说，俄方的指控是为了转移视线。"]) == []  # 的指控 names an accusation


def test_a_verdict_on_what_a_party_said_is_a_rejection() -> None:
    event = only(code(["马克龙回应说，俄方的指控“毫无根据”。"]), "REJECT")
    assert (event.source, event.target) == (["macron"], ["rus"])
    event = only(code(["鲁比奥称俄方的决定“不可接受”。"]), "REJECT")
    assert (event.source, event.target) == (["rubio"], ["rus"])
    assert code(["俄方的指控毫无根据。"]) == []  # nobody judges: the writer's own words


def test_will_not_cooperate_is_a_rejection_will_not_attack_a_negation() -> None:
    event = only(code(["拉夫罗夫表示，俄罗斯不会与乌克兰举行谈判。"]), "REJECT")
    assert (event.source, event.target, event.mode) == (["rus"], ["ukr"], "meet")
    assert event.negated is False and event.modality is None
    attack = only(code(["俄罗斯不会袭击基辅。"]), "ASSAULT")
    assert attack.negated is True


def test_gapped_trigger_takes_the_words_between() -> None:
    event = only(code(["中国向埃及提供紧急援助物资。"]), "AID")
    assert (event.source, event.target, event.trigger) == (["chn"], ["egy"], "提供…援助")
    found = code(["中国向埃及提供了贷款。"])
    assert found == []  # the tail never comes: 提供 alone is no trigger


def test_an_announced_sanction_is_a_threat_made_that_day() -> None:
    found = code(
        ["马克龙表示，法国将对约50亿欧元的美国商品加征关税。"], dateline=Dateline(date="2025-03-05")
    )
    event = only(found, "THREATEN")
    assert (event.source, event.target, event.mode) == (["fra"], ["usa"], "restrict")
    assert (event.modality, event.date) == (None, "2025-03-05")
    threat = only(code(["美国威胁对法国商品征收关税。"]), "THREATEN")
    assert threat.target == ["fra"]  # the target of the act threatened


def test_a_strike_on_a_place_targets_the_place() -> None:
    event = only(code(["以军6日对基辅发动空袭。"]), "ASSAULT")
    assert (event.source, event.target) == (["isr"], ["kyiv"])
    article = build(["基辅一处军营6日遭导弹袭击。"], None)
    event = only(events.code_article(article, None, FILES), "ASSAULT")
    assert (event.source, event.target[0]) == ([], "kyiv")  # attacker not named
    assert [e.name_en for e in article.entities_of(event.target[1:])] == ["military base"]


def test_a_sentence_opening_with_then_keeps_the_subject() -> None:
    found = code(["马克龙6日会见了鲁比奥。随后，又与拉夫罗夫通电话。"])
    call = [e for e in found if e.mode == "phone"]
    assert [(e.source, e.target) for e in call] == [(["macron"], ["lavrov"])]
    found = code(["马克龙6日会见了鲁比奥。当天，又与拉夫罗夫通电话。"])
    assert [e for e in found if e.mode == "phone"] == []


def test_unnamed_protesters_are_the_public_of_the_place_and_target_whom_they_address() -> None:
    paragraph = "据法国媒体报道，数千名抗议者6日在巴黎举行集会，要求马克龙辞职。"
    event = only(code([paragraph]), "PROTEST")
    assert (event.source, event.target, event.mode) == (["fra"], ["macron"], "demo")


def test_a_warning_is_addressed_to_the_party_whose_act_is_the_condition() -> None:
    found = code(["马克龙警告说，如果俄罗斯继续袭击基辅，法国将采取行动。"])
    event = only(found, "THREATEN")
    assert (event.source, event.target) == (["macron"], ["rus"])
    assert code(["马克龙警告说，局势可能恶化。"]) == []  # nobody warned


def test_hoping_another_side_acts_is_asking_it_to() -> None:
    event = only(code(["美方希望俄方在乌克兰问题上作出让步。"]), "REQUEST")
    assert (event.source, event.target, event.mode) == (["usa"], ["rus"], "yield")
    assert event.modality is None
    own = only(code(["美方希望在乌克兰问题上同俄方举行会谈。"]), "CONSULT")
    assert own.modality == "sought"  # hoping to act oneself stays a wish


def test_i_in_a_direct_quote_is_its_speaker() -> None:
    paragraph = "马克龙说：“我希望哈马斯接受这份协议。”"
    start = paragraph.index("“") + 1
    quote = Quote(
        text="我希望哈马斯接受这份协议。", kind="direct", speaker="macron", paragraph=0,
        start=start, end=paragraph.index("”"),
    )  # fmt: skip
    article = build([paragraph], quotes=[quote])
    event = only(events.code_article(article, "2025-03-06", FILES), "REQUEST")
    assert (event.source, event.target, event.mode) == (["macron"], ["hamas"], "meet")


def test_under_someones_mediation_they_mediate() -> None:
    paragraphs = ["俄罗斯和乌克兰6日交换战俘。此次交换在埃及斡旋下完成。"]
    event = only(code(paragraphs), "CONSULT")
    assert (event.source, event.target, event.trigger) == (["egy"], ["rus", "ukr"], "斡旋")
    assert event.location is None  # 在 marks the mediator here, not a place


def test_announcing_an_act_is_doing_it() -> None:
    event = only(code(["法国6日宣布，驱逐两名俄罗斯外交官。"]), "SANCTION")
    assert (event.source, event.target, event.mode) == (["fra"], ["rus"], "expel")


def test_the_sides_of_a_conflict_are_the_pair_named_before() -> None:
    paragraphs = ["马克龙指出，以色列和黎巴嫩之间的冲突已造成大量伤亡。他呼吁冲突双方立即停火。"]
    event = only(code(paragraphs), "REQUEST")
    assert (event.source, event.target, event.mode) == (["macron"], ["isr", "lbn"], "yield")


def test_this_organization_is_the_last_body_that_acted() -> None:
    found = code(["哈马斯6日发表声明说，该组织当天袭击了以军。"])
    assert (only(found, "ASSAULT").source, only(found, "ASSAULT").target) == (["hamas"], ["isr"])


def test_a_modal_about_ones_own_side_is_no_demand() -> None:
    paragraph = "王毅同拉夫罗夫通电话。王毅表示，双方应当加强战略沟通。"
    assert [e.type for e in code([paragraph])] == ["CONSULT"]


def test_a_time_in_an_after_clause_dates_the_earlier_happening() -> None:
    paragraph = "联合国发言人8日说，埃及3月28日地震发生后，联合国呼吁向埃及提供援助。"
    found = code([paragraph], {"8日": "2025-04-08", "3月28日": "2025-03-28"})
    assert only(found, "REQUEST").date == "2025-04-08"


def test_a_verb_between_two_names_ends_the_noun_phrase() -> None:
    article = build(["哈马斯指责以色列阻止物资进入埃及。"])
    text = article.paragraphs[0].text
    verb = text.index("阻止")
    article.paragraphs[0].tokens = [Token(text="阻止", pos="v", start=verb, end=verb + 2)]
    event = only(events.code_article(article, "2025-03-06", FILES), "ACCUSE")
    assert (event.source, event.target) == (["hamas"], ["isr"])


# --- data files ------------------------------------------------------------------------


def test_user_trigger_rows_are_read_through_the_overlay(tmp_path: Any) -> None:
    header = "trigger\ttype\tmode\tcameo\tframe\tneeds_target\tgoverns\tvoids\tnotes\n"
    (tmp_path / "event_triggers.tsv").write_text(
        header + "撤侨\tRETREAT\twithdraw\t\tsvo\tno\tno\t\tevacuate nationals\n",
        encoding="utf-8",
    )
    article = build(["法国6日从黎巴嫩撤侨。"])
    assert events.code_article(article, "2025-03-06", FILES) == []
    event = only(events.code_article(article, "2025-03-06", data_files(tmp_path)), "RETREAT")
    assert (event.source, event.trigger, event.cameo) == (["fra"], "撤侨", "087")


def test_a_gap_needs_words_on_both_sides(tmp_path: Any) -> None:
    path = tmp_path / "t.tsv"
    path.write_text(
        "trigger\ttype\tmode\tcameo\tframe\tneeds_target\tgoverns\tvoids\tnotes\n…外交官\tSANCTION\t\t\tsvo\tno\tno\t\tx\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="gap"):
        check_trigger(read_tsv(path)[0], FILES)


def test_every_trigger_type_and_mode_has_a_cameo_code() -> None:
    lexicon = event_lexicon(FILES)
    for trigger in lexicon.triggers:
        assert trigger.cameo or lexicon.cameo_code(trigger.type, trigger.mode), trigger.word


def test_bad_trigger_row_is_named(tmp_path: Any) -> None:
    path = tmp_path / "t.tsv"
    path.write_text(
        "trigger\ttype\tmode\tcameo\tframe\tneeds_target\tgoverns\tvoids\tnotes\n打\tFIGHT\t\t\tsvo\tno\tno\t\tx\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="FIGHT"):
        check_trigger(read_tsv(path)[0], FILES)


def test_per_type_rules_come_from_the_plover_table(tmp_path: Any) -> None:
    shipped = (data_files().paths("plover_types.tsv")[0]).read_text(encoding="utf-8")
    header = next(line for line in shipped.splitlines() if line.startswith("type\t"))
    columns = header.split("\t")
    row = dict.fromkeys(columns, "")
    row.update(type="MOBILIZE", quad="material conflict", label="x", content_mode="change")
    row.update({flag: "no" for flag in ("place_target", "mode_from_content", "public_source")})
    row.update(addressed="no", meeting="no", stepped="no", refused_as="REJECT")
    (tmp_path / "plover_types.tsv").write_text(
        header + "\n" + "\t".join(row[c] for c in columns) + "\n", encoding="utf-8"
    )
    text = "马克龙说，法国不会向乌克兰派遣军队。"
    assert only(code([text]), "MOBILIZE").negated  # shipped: refusing force is a negation
    user = events.code_article(build([text]), "2025-03-06", data_files(tmp_path))
    assert [e.type for e in user] == ["REJECT"]  # the user's row: a refusal to mobilize
    row["meeting"] = "maybe"
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "plover_types.tsv").write_text(
        header + "\n" + "\t".join(row[c] for c in columns) + "\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="MOBILIZE: meeting"):
        event_lexicon(data_files(tmp_path / "bad"))


# --- CEC coverage report ----------------------------------------------------------------

CEC_REPORT = """<?xml version="1.0" encoding="UTF-8"?>
<Body>
  <Title>某市一仓库遭人纵火</Title>
  <ReportTime type="absTime">2010年03月０５日</ReportTime>
  <Content>
    <Paragraph>
      <Sentence>
        <Event eid="e1"><Time tid="t1">５日凌晨</Time>，<Participant sid="s1">一名男子</Participant>
          <Denoter type="action" did="d1">纵火</Denoter>焚烧仓库</Event>，
        <Event eid="e2"><Object oid="o2">仓库</Object>被
          <Denoter type="stateChange" did="d2">烧毁</Denoter></Event>。
      </Sentence>
      <Sentence>
        <Event eid="e3"><Participant sid="s3">两人</Participant>
          <Denoter type="stateChange" did="d3">受伤</Denoter></Event>。
      </Sentence>
    </Paragraph>
  </Content>
</Body>
"""


def test_cec_report_is_read_with_denoters_and_date(tmp_path: Any) -> None:
    path = tmp_path / "report.xml"
    path.write_text(CEC_REPORT, encoding="utf-8")
    report = evaluate_cec.read_report(path)
    assert report.published == "2010-03-05"
    assert report.paragraphs[0].startswith("5日凌晨，一名男子纵火焚烧仓库")
    assert [d.text for d in report.denoters if evaluate_cec.counted(d)] == ["烧毁", "受伤"]


def test_cec_counterpart_is_an_event_in_the_same_sentence(tmp_path: Any) -> None:
    path = tmp_path / "report.xml"
    path.write_text(CEC_REPORT, encoding="utf-8")
    sentence = "5日凌晨，一名男子纵火焚烧仓库，仓库被烧毁。"
    event = Event(id="x", type="ASSAULT", trigger="纵火", sentence=sentence, paragraph=0)
    doc = Document(id="d", articles=[Article(id="a", events=[event])])
    score = evaluate_cec.evaluate_cec([path], lambda report: doc, pytest.fail)
    assert (score.counted, score.with_counterpart) == (2, 1)
    assert score.missed == {"受伤": 1}


def test_cec_event_of_another_kind_is_no_counterpart(tmp_path: Any) -> None:
    path = tmp_path / "report.xml"
    path.write_text(CEC_REPORT, encoding="utf-8")
    sentence = "5日凌晨，一名男子纵火焚烧仓库，仓库被烧毁。"
    event = Event(id="x", type="REQUEST", trigger="要求", sentence=sentence, paragraph=0)
    doc = Document(id="d", articles=[Article(id="a", events=[event])])
    score = evaluate_cec.evaluate_cec([path], lambda report: doc, pytest.fail)
    assert (score.with_counterpart, score.with_other_event) == (0, 1)


def test_cec_bad_file_is_named_and_the_rest_counted(tmp_path: Any) -> None:
    (tmp_path / "bad.xml").write_text("<Body><Title>", encoding="utf-8")
    (tmp_path / "good.xml").write_text(CEC_REPORT, encoding="utf-8")
    errors: list[evaluate_cec.CecError] = []
    doc = Document(id="d")
    score = evaluate_cec.evaluate_cec(sorted(tmp_path.glob("*.xml")), lambda r: doc, errors.append)
    assert score.reports == 1 and "bad.xml" in str(errors[0])


def test_eval_cec_command_rejects_a_folder_without_reports(tmp_path: Any) -> None:
    result = CliRunner().invoke(main, ["eval-cec", str(tmp_path)])
    assert result.exit_code == 2
    assert "no CEC .xml files" in result.output


# --- rules added after reading real pages ------------------------------------------


def test_counterpart_marker_reaches_over_a_title() -> None:
    event = only(code(["王毅11日应约同外长拉夫罗夫通电话。"], {"11日": "2025-03-05"}), "CONSULT")
    assert event.source == ["wangyi"] and event.target == ["lavrov"]
    assert event.mode == "phone"  # 应约 is a mask, not the modal 应


def test_acts_reported_after_speech_are_not_the_speakers() -> None:
    found = code(["马克龙指出，即使实现停火，乌克兰问题仍需要更长时间。"])
    assert found == []


def test_speakers_own_intent_after_speech_is_coded() -> None:
    event = only(code(["马克龙说，希望与中方达成协议。"]), "AGREE")
    assert event.source == ["macron"] and event.target == ["chn"]
    assert event.modality == "sought"


def test_demand_needs_its_target_right_before_the_modal() -> None:
    assert code(["马克龙说，乌克兰能否加入欧盟应通过协商决定。"]) == []
    event = only(code(["马克龙说，美方应向乌克兰提供更多援助。"]), "REQUEST")
    assert (event.source, event.target, event.mode) == (["macron"], ["usa"], "assist")


def test_own_future_plan_ends_the_scope_of_a_demand() -> None:
    paragraphs = ["埃及敦促以方立即停止军事行动，并将于本周在开罗与哈马斯举行会谈。"]
    found = code(paragraphs)
    assert {e.type for e in found} == {"REQUEST", "CONSULT"}
    assert only(found, "CONSULT").modality == "future"


def test_relative_clause_trigger_is_not_an_event() -> None:
    assert code(["日本对于中国拆除由两国协商建成的设施表示关切。"]) == []


def test_summary_naming_more_sides_does_not_widen_the_event() -> None:
    paragraphs = ["鲁比奥4日与拉夫罗夫通话。", "美、俄、乌三方“通气”可能改变局势。"]
    event = only(code(paragraphs, {"4日": "2025-03-04"}), "CONSULT")
    assert sides(event) == {"rubio", "lavrov"}
    assert len(event.mentions) == 1


def test_passive_voice_makes_the_agent_the_actor() -> None:
    event = only(code(["哈马斯成员被以军逮捕。"]), "COERCE")
    assert (event.source, event.target) == (["isr"], ["hamas"])
    assert code(["肇事司机已被刑事拘留。"]) == []  # nobody named did it


def test_negation_in_an_earlier_clause_does_not_bear_on_the_trigger() -> None:
    event = only(code(["对于不洁食品问题，埃及随即查封了有关工厂。"]), "COERCE")
    assert event.negated is False


def test_object_after_a_count_or_a_relative_clause() -> None:
    expel = only(code(["俄罗斯6日宣布驱逐两名法国外交官。"]), "SANCTION")
    assert (expel.source, expel.target, expel.mode) == (["rus"], ["fra"], "expel")
    meeting = only(code(["马克龙6日在巴黎会见到访的埃及外长。"]), "CONSULT")
    # 到访的 makes Egypt the visitor (PLOVER visit: the source visits, the target hosts).
    assert (meeting.source, meeting.target) == (["egy"], ["macron"])
    assert (meeting.location, meeting.mode) == ("paris", "visit")


def test_a_range_dates_the_event_by_its_start() -> None:
    paragraphs = ["王毅将于5月7日至10日对俄罗斯进行正式访问。"]
    event = only(code(paragraphs, {"5月7日至10日": "2025-05-07/2025-05-10"}), "CONSULT")
    assert (event.mode, event.target, event.date) == ("visit", ["rus"], "2025-05-07")
    assert event.modality == "future"


# --- the seed page, end to end ------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc(seed_text: str, seed_gold: dict[str, Any]) -> Document:
    from jishi.pipeline import process

    return process(seed_text, published=seed_gold["published"])


def test_seed_page_events_meet_the_gold(seed_doc: Document, seed_gold: dict[str, Any]) -> None:
    from jishi.eval.scores import score_events

    score = score_events(seed_doc, seed_gold)
    assert score.hits >= 9, score.missed


def test_seed_page_events_carry_their_evidence(seed_doc: Document) -> None:
    for article in seed_doc.articles:
        ids = {entity.id for entity in article.entities}
        for event in article.events:
            assert event.source and set(event.source + event.target) <= ids
            # a gapped trigger (达成…协议) is written with its gap: both parts are in the sentence
            assert all(part in event.sentence for part in event.trigger.split("…"))
            assert event.sentence in article.paragraphs[event.paragraph].text
            assert event.cameo


def test_seed_page_repeated_call_is_one_event(seed_doc: Document) -> None:
    calls = [
        event
        for article in seed_doc.articles
        for event in article.events
        if event.mode == "phone" and {"Donald Trump", "Vladimir Putin"} <= _names(article, event)
    ]
    assert len(calls) == 1 and len(calls[0].mentions) >= 3


def _names(article: Article, event: Event) -> set[str]:
    return {
        entity.name_en or ""
        for entity_id in event.source + event.target
        if (entity := article.entity(entity_id)) is not None
    }


def test_meeting_modes_third_party_and_multilateral() -> None:
    third = only(code(["鲁比奥与拉夫罗夫在埃及首都开罗举行会谈。"]), "CONSULT")
    assert (third.mode, third.location) == ("third-party", "cairo")
    many = only(code(["中国、法国和俄罗斯外长在日本举行会谈。"]), "CONSULT")
    assert many.mode == "multilateral"
    # held on one side's ground: not third-party, a visit by the other side
    home = only(code(["哈马斯代表团在埃及首都开罗与埃及官员举行会谈。"]), "CONSULT")
    assert home.mode == "visit"


def test_cue_inside_a_trigger_is_part_of_it() -> None:
    paragraphs = ["中国外交部10日表示，中方坚决反对美方对中国企业实施制裁。"]
    event = only(code(paragraphs), "REJECT")
    assert (event.source, event.target, event.mode) == (["chn"], ["usa"], "change")


def test_signing_an_agreement_with_a_named_partner() -> None:
    event = only(code(["美国和法国10日在巴黎签署合作协议。"]), "SUPPORT")
    assert (event.source, event.target, event.location) == (["usa"], ["fra"], "paris")
    assert [e.type for e in code(["日本启动与美国的合作伙伴计划。"])] == []


def test_accusation_governs_and_a_new_appeal_is_its_own_event() -> None:
    found = code(["哈马斯谴责以军违反停火协议，并呼吁联合国向以色列施压。"])
    assert sorted(e.type for e in found) == ["ACCUSE", "REQUEST"]
    assert only(found, "ACCUSE").target == ["isr"]


def test_modality_is_read_in_the_triggers_own_clause() -> None:
    found = code(["日本外务省称日方将采取反制措施，并威胁暂停与中国的合作。"])
    threat = only(found, "THREATEN")
    assert threat.modality is None and threat.target == ["chn"]


def test_not_ruling_out_is_openness() -> None:
    event = only(code(["马克龙表示，法方不排除与俄罗斯开展合作。"]), "AGREE")
    assert (event.source, event.target, event.negated) == (["fra"], ["rus"], False)


def test_summoned_envoy_and_protest_in_one_sentence_are_one_event() -> None:
    event = only(code(["日本外务省召见中国驻日本大使，就此提出抗议。"]), "ACCUSE")
    assert (event.source, event.target) == (["jpn"], ["chn"])
    assert len(event.mentions) == 1


def test_halting_aid_or_talks_is_a_sanction() -> None:
    aid = only(code(["美国6日宣布暂停对乌克兰的军事援助。"]), "SANCTION")
    assert (aid.mode, aid.cameo, aid.source, aid.target) == ("discontinue", "162", ["usa"], ["ukr"])
    talks = only(code(["俄罗斯宣布中止与日本的和谈。"]), "SANCTION")
    assert (talks.mode, talks.target) == ("cancel", ["jpn"])


def test_strike_needs_a_named_target() -> None:
    assert only(code(["俄军对乌克兰能源设施实施了打击。"]), "ASSAULT").target == ["ukr"]
    assert "ASSAULT" not in {e.type for e in code(["中国与法国将共同打击跨境犯罪。"])}


def test_meeting_with_a_visitor_named_after_the_preposition() -> None:
    for text in (
        "马克龙6日在巴黎与来访的俄罗斯外长拉夫罗夫举行会谈。",
        "马克龙6日与来访的拉夫罗夫举行会谈。",
    ):
        event = only(code([text]), "CONSULT")
        assert (event.mode, event.source, event.target) == ("visit", ["lavrov"], ["macron"]), text


def test_both_sides_are_the_last_meeting_that_took_place() -> None:
    paragraphs = ["马克龙6日会见来访的拉夫罗夫。马克龙说，他希望与王毅会面。两国同意加强经贸合作。"]
    agreement = only(code(paragraphs), "AGREE")
    assert sides(agreement) == {"lavrov", "macron"}


def test_all_sides_are_the_participants_of_the_previous_event() -> None:
    paragraphs = ["中国、法国和俄罗斯外长6日在日本举行会谈。王毅说，各方同意继续保持接触。"]
    agreement = only(code(paragraphs), "AGREE")
    assert sides(agreement) >= {"chn", "fra", "rus"}


def test_a_named_persons_protest_is_an_accusation_a_crowds_is_a_protest() -> None:
    statement = code(["拉夫罗夫6日发表声明，抗议美国对俄罗斯企业实施制裁。"])
    accusation = only(statement, "ACCUSE")
    assert accusation.source == ["lavrov"] and "usa" in accusation.target
    assert "PROTEST" not in {e.type for e in statement}
    crowd = code(["据法国媒体报道，数千名抗议者6日在巴黎举行集会，抗议美国加征关税。"])
    assert only(crowd, "PROTEST").source == ["fra"]
    assert "ACCUSE" not in {e.type for e in crowd}


@pytest.mark.parametrize(
    ("text", "event_type", "source", "target"),
    [
        ("中方6日就此向日方提出交涉。", "ACCUSE", ["chn"], ["jpn"]),
        ("美国6日表示，美方将继续对俄罗斯施加“最大压力”。", "THREATEN", ["usa"], ["rus"]),
        ("以色列表示，如果谈判失败，以色列将保留采取行动的权利。", "THREATEN", ["isr"], []),
        ("拉夫罗夫说，俄方不会在压力下放弃这一立场。", "REJECT", ["rus"], []),
        ("乌克兰外长瑟比哈说，领土问题不容谈判。", "REJECT", ["sybiha"], []),
        ("俄罗斯6日向边境地区增派1万名军人。", "MOBILIZE", ["rus"], []),
        ("美国6日向地中海派遣两艘军舰。", "MOBILIZE", ["usa"], []),
    ],
)
def test_trigger_families_of_diplomatic_pressure_and_deployment(
    text: str, event_type: str, source: list[str], target: list[str]
) -> None:
    event = only(code([text]), event_type)
    assert (event.source, event.target) == (source, target)


def test_refusing_to_give_up_is_a_rejection_giving_up_a_concession() -> None:
    assert only(code(["拉夫罗夫说，俄方绝不放弃这一立场。"]), "REJECT").mode == "yield"
    assert only(code(["哈马斯6日宣布放弃这一要求。"]), "CONCEDE").source == ["hamas"]


def test_a_topic_noun_inside_a_title_keeps_the_envoy_the_head() -> None:
    found = code(["联合国也门问题特使格伦德伯格6日呼吁各方保持克制。"])
    assert only(found, "REQUEST").source == ["grundberg"]


def test_both_countries_after_a_pair_named_since_the_last_event() -> None:
    paragraphs = [
        "马克龙6日会见来访的拉夫罗夫。",
        "中国和日本之间的航线7日恢复运营。此前，两国军队在海上发生交火。",
    ]
    clash = only(code(paragraphs), "ASSAULT")
    assert sides(clash) == {"chn", "jpn"}


def test_a_pair_inside_the_act_does_not_replace_the_sides_of_the_event() -> None:
    found = code(["马克龙6日同王毅通电话，双方同意合作以结束俄乌冲突。"])
    assert sides(only(found, "AGREE")) == {"macron", "wangyi"}


def test_rejecting_this_proposal_answers_whoever_made_it() -> None:
    paragraphs = ["马克龙此前提议举行停火谈判。拉夫罗夫拒绝了这一提议。"]
    rejection = only(code(paragraphs), "REJECT")
    assert (rejection.source, rejection.target) == (["lavrov"], ["macron"])


def test_a_threat_after_otherwise_is_addressed_to_the_party_of_the_condition() -> None:
    paragraphs = ["以色列表示，哈马斯必须释放全部人质，否则以色列将保留采取行动的权利。"]
    threat = only(code(paragraphs), "THREATEN")
    assert (threat.source, threat.target) == (["isr"], ["hamas"])


def test_a_with_phrase_describing_a_place_is_no_co_actor() -> None:
    event = only(code(["俄罗斯6日向与乌克兰接壤的边境地区增派军队。"]), "MOBILIZE")
    assert (event.source, event.target) == (["rus"], [])


def test_a_threat_named_as_a_noun_or_a_setting_reports_no_threat() -> None:
    assert code(["马克龙称，这是对法国的公然威胁。"]) == []
    assert code(["拉夫罗夫说，俄方不会在威胁下做出决定。"]) == []
    talks = code(["拉夫罗夫说，俄罗斯不会在“极限施压”政策下与美国谈判。"])
    assert [(e.type, e.source, e.target) for e in talks] == [("REJECT", ["rus"], ["usa"])]
    accusation = only(code(["美方的代表谴责俄罗斯。"]), "ACCUSE")
    assert (accusation.source, accusation.target) == (["usa"], ["rus"])


@pytest.mark.parametrize(
    ("text", "event_type", "mode", "source", "target"),
    [
        ("日本6日强制遣返300名中国公民。", "COERCE", "deport", ["jpn"], ["chn"]),
        ("乌克兰6日重新开放与俄罗斯的边境口岸。", "RETREAT", "access", ["ukr"], ["rus"]),
        ("俄罗斯6日关闭了与乌克兰的边境口岸。", "COERCE", "restrict", ["rus"], ["ukr"]),
        ("俄罗斯6日在边境部署导弹。", "MOBILIZE", "weapons", ["rus"], []),
        ("马克龙6日致电祝贺拉夫罗夫。", "SUPPORT", None, ["macron"], ["lavrov"]),
        ("以色列誓言报复哈马斯。", "THREATEN", "violence", ["isr"], ["hamas"]),
        ("法国6日冻结俄罗斯央行资产。", "SANCTION", None, ["fra"], ["rus"]),
        ("美国6日对中国实施出口管制。", "SANCTION", None, ["usa"], ["chn"]),
        ("俄罗斯禁止日本官员入境。", "SANCTION", None, ["rus"], ["jpn"]),
    ],
)
def test_trigger_families_of_borders_deployments_and_restrictions(
    text: str, event_type: str, mode: str | None, source: list[str], target: list[str]
) -> None:
    event = only(code([text]), event_type)
    assert (event.mode, event.source, event.target) == (mode, source, target)


def test_a_postponement_after_the_act_negates_it_but_not_an_agreement_to_postpone() -> None:
    talks = only(code(["原定6日举行的俄罗斯和乌克兰第四轮谈判因“后勤原因”推迟。"]), "CONSULT")
    assert (sides(talks), talks.negated) == ({"rus", "ukr"}, True)
    found = code(["俄罗斯和乌克兰6日举行会谈，并同意推迟撤军。"])
    assert not only(found, "AGREE").negated and not only(found, "CONSULT").negated


# --- void contexts and topics -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "中俄保持密切沟通，也将释放积极信号。",  # 释放 after:信号
        "中国和法国同为大国，合作互补性强。",  # 合作 after:互补
    ],
)
def test_a_void_context_in_the_clause_leaves_no_act(sentence: str) -> None:
    found = events.code_article(build([sentence]), "2025-03-03", FILES)
    assert not [e for e in found if e.type in ("RETREAT", "COOPERATE", "ASSAULT")]


def test_the_void_reaches_only_its_own_clause() -> None:
    article = build(["哈马斯3日释放3名以色列被扣押人员，这是积极信号。"])
    event = only(events.code_article(article, "2025-03-03", FILES), "RETREAT")
    assert event.source == ["hamas"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("释放\tRETREAT\trelease\t\tsvo\tno\tno\tbehind:信号\tx\n", "behind"),
        ("袭击\tASSAULT\t\t\tsvo\tno\tno\tbefore:@weather\tx\n", "no word class"),
    ],
)
def test_a_void_context_is_checked_at_load(tmp_path: Any, row: str, message: str) -> None:
    """A void in an unknown place, or naming a word class event_cues.tsv does not have."""
    path = tmp_path / "t.tsv"
    path.write_text(
        "trigger\ttype\tmode\tcameo\tframe\tneeds_target\tgoverns\tvoids\tnotes\n" + row,
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=message):
        check_trigger(read_tsv(path)[0], FILES)


@pytest.mark.parametrize(
    "sentence",
    [
        "美国东南部多州5日遭到龙卷风和暴雨袭击，数千户停电。",  # before:@hazard
        "日本南部3日受到台风袭击，多条航线取消。",
    ],
)
def test_a_natural_force_is_no_attacker(sentence: str) -> None:
    found = events.code_article(build([sentence]), "2025-03-05", FILES)
    assert not [e for e in found if e.type == "ASSAULT"]


def test_an_attack_by_a_party_is_still_coded_beside_a_storm() -> None:
    article = build(["暴雨过后，以军3日袭击了黎巴嫩南部。"])
    assert only(events.code_article(article, "2025-03-03", FILES), "ASSAULT").source == ["isr"]


@pytest.mark.parametrize(
    "sentence",
    [
        "法国3日公布《对外制裁实施条例》。",  # inside title marks
        "决议草案以12票赞成、1票反对、2票弃权获得通过。",  # a vote tally
        "中国和法国4日举行会谈。王毅、鲁比奥等参加会谈。",  # attendees of talks
        "今年是中国和法国建交61周年。",  # an anniversary
    ],
)
def test_names_tallies_attendees_and_anniversaries_are_no_acts(sentence: str) -> None:
    found = events.code_article(build([sentence]), "2025-03-04", FILES)
    assert [e.type for e in found] in ([], ["CONSULT"]), [(e.type, e.trigger) for e in found]
    assert all("rubio" not in sides(e) for e in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "法国和比利时将共同应对恐怖主义威胁。",  # a threat as the object of 应对
        "埃及称，此举威胁地区和平。",  # an assessment, not a threat by a party
        "专家认为，不排除以色列再次遭到袭击的可能性。",  # a likelihood, not openness
        "该展览广受日本民众欢迎。",  # popular with, not welcoming a step
        "中国和法国经贸合作潜力巨大。",  # the potential of cooperation
        "法国要求各方落实有关要求。",  # requirements as a noun (the demand itself is coded)
    ],
)
def test_threats_likelihoods_and_nouns_of_acts_in_assessments_are_no_acts(sentence: str) -> None:
    found = events.code_article(build([sentence]), "2025-03-04", FILES)
    assert [e.type for e in found] in ([], ["REQUEST"]), [(e.type, e.trigger) for e in found]


def test_an_act_named_as_the_topic_of_talks_is_no_act() -> None:
    article = build(["俄罗斯与美国3日在开罗围绕停火进行会谈。"])
    found = events.code_article(article, "2025-03-03", FILES)
    assert [e.type for e in found] == ["CONSULT"]
    assert sides(found[0]) == {"rus", "usa"}
