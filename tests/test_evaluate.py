"""Scoring rules of `jishi eval`, on hand-built documents (no pipeline run).

Each test starts from a perfect rendering of a gold key and breaks one thing,
so a rule that stops working shows up as a score that no longer moves.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jishi.cli import main
from jishi.eval import scores as evaluate
from jishi.eval.bench import StageTiming, settle_loading
from jishi.eval.scores import (
    GoldError,
    evaluate_case,
    load_case,
    name_key,
    score_articles,
    score_document,
    score_entities,
    score_events,
    score_linking,
    score_quotes,
    score_times,
    squash,
)
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
)
from jishi.settings import Settings

GOLD: dict[str, Any] = {
    "document": "sample.txt",
    "published": "2025-03-04",
    "articles": [
        {
            "headline": "埃及约旦外长会晤讨论加沙重建",
            "source": "新华社",
            "dateline": {"agency": "新华社", "place": "开罗", "date": "2025-03-03"},
            "paragraphs": [
                "埃及外长阿卜杜勒阿蒂3日在开罗会见到访的约旦外交大臣萨法迪",
                "阿卜杜勒阿蒂表示，埃方愿与约方加强协调",
                "萨法迪说，约旦支持埃及提出的重建计划",
            ],
            "optional": ["双方同意保持密切沟通"],
        },
        {
            "headline": "日本首相抵达华盛顿",
            "source": "央视新闻客户端",
            "dateline": None,
            "subheads": ["经贸议题受关注"],
            "paragraphs": ["日本首相石破茂7日抵达华盛顿", "石破茂在抵达后对记者说"],
        },
    ],
    "entities": [
        {"type": "PER", "mentions": ["阿卜杜勒阿蒂"], "name_en": "Badr Abdelatty"},
        {"type": "PER", "mentions": ["萨法迪"], "name_en": "Ayman Safadi"},
        {"type": "PER", "mentions": ["石破茂"], "name_en": "Shigeru Ishiba"},
        {"type": "LOC", "mentions": ["埃及", "埃"], "name_en": "Egypt"},
        {"type": "LOC", "mentions": ["约旦", "约"], "name_en": "Jordan"},
        {"type": "LOC", "mentions": ["朝鲜"], "name_en": "North Korea"},
        {
            "type": "PER",
            "mentions": ["巴罗"],
            "name_en": "Jean-Noël Barrot",
            "aliases_en": ["Jean-Noel Barrot"],
        },
    ],
    "times": [
        {"text": "3日", "in": "阿卜杜勒阿蒂3日在开罗", "value": "2025-03-03"},
        {"text": "7日", "in": "石破茂7日抵达", "value": "2025-03-07"},
    ],
    "quotes": [
        {"speaker_en": "Ayman Safadi", "text": "约旦支持埃及提出的重建计划", "kind": "indirect"},
        {"speaker_en": "Jean-Noël Barrot", "text": "法国支持这一进程", "kind": "direct"},
    ],
    "events": [
        {
            "type": "CONSULT",
            "mode": "visit",
            "actors": [["Badr Abdelatty", "Egypt"], ["Ayman Safadi", "Jordan"]],
            "date": "2025-03-03",
        },
        {"type": ["CONSULT", "AGREE"], "actors": [["North Korea"]], "date": None},
    ],
}


class DocumentBuilder:
    """Renders a gold key as the document a perfect pipeline would output."""

    def __init__(self, gold: dict[str, Any]) -> None:
        self.gold = gold
        self.articles = [
            self._article(number, item) for number, item in enumerate(gold["articles"])
        ]
        self.support = Article(id="support")
        self.entity_ids: dict[str, str] = {}

    @staticmethod
    def _article(number: int, item: dict[str, Any]) -> Article:
        dateline = Dateline(**item["dateline"]) if item.get("dateline") else None
        texts = [*item.get("subheads", []), *item["paragraphs"], *item.get("optional", [])]
        return Article(
            id=f"a{number}",
            headline=item["headline"],
            source=item.get("source"),
            dateline=dateline,
            paragraphs=[Paragraph(text=text + "。") for text in texts],
        )

    def entity(
        self, name_en: str, gold_type: str = "PER", mentions: list[str] | None = None
    ) -> str:
        """Id of the support entity carrying this English name (made on first use)."""
        if name_en not in self.entity_ids:
            entity_id = f"e{len(self.entity_ids)}"
            self.entity_ids[name_en] = entity_id
            forms = mentions or [name_en]
            self.support.entities.append(
                Entity(
                    id=entity_id,
                    type=gold_type,  # type: ignore[arg-type]
                    name=forms[0],
                    name_en=name_en,
                    mentions=[Mention(text=m, paragraph=0, start=0, end=len(m)) for m in forms],
                )
            )
        return self.entity_ids[name_en]

    def place_time(self, item: dict[str, Any]) -> None:
        for article in [*self.articles, self.support]:
            for number, paragraph in enumerate(article.paragraphs):
                at = paragraph.text.find(item["in"])
                if at >= 0:
                    start = at + item["in"].index(item["text"])
                    article.times.append(
                        TimeExpression(
                            text=item["text"],
                            value=item["value"],
                            paragraph=number,
                            start=start,
                            end=start + len(item["text"]),
                        )
                    )
                    return
        self.support.paragraphs.append(Paragraph(text=item["in"]))
        self.place_time(item)

    def build(self) -> Document:
        for item in self.gold["entities"]:
            self.entity(item["name_en"], item["type"], item["mentions"])
        for item in self.gold["times"]:
            self.place_time(item)
        for item in self.gold["quotes"]:
            speaker = self.entity(item["speaker_en"])
            self.support.quotes.append(
                Quote(text=item["text"], kind=item["kind"], speaker=speaker, paragraph=0)
            )
        for number, item in enumerate(self.gold["events"]):
            types = event_types(item)
            self.support.events.append(
                Event(
                    id=f"v{number}",
                    type=types[-1],
                    mode=item.get("mode"),
                    date=item["date"],
                    source=[self.entity(names[0]) for names in item["actors"]],
                    negated=item.get("negated", False),
                    trigger="",
                    sentence="",
                    paragraph=0,
                )
            )
        return Document(id="doc", articles=[*self.articles, self.support])


def perfect(gold: dict[str, Any] = GOLD) -> Document:
    return DocumentBuilder(gold).build()


def event_types(item: dict[str, Any]) -> list[str]:
    return item["type"] if isinstance(item["type"], list) else [item["type"]]


def values(doc: Document, gold: dict[str, Any] = GOLD) -> dict[str, float | None]:
    scores = score_document(doc, gold)
    articles = scores.articles
    return {
        "headline": articles.headline.value,
        "paragraphs": articles.paragraphs.value,
        "exact": articles.exact.value,
        "source": articles.source.value,
        "dateline": articles.dateline.value,
        "entity_f1": scores.entities.f1,
        "linking": scores.linking.value,
        "times": scores.times.value,
        "quotes": scores.quotes.value,
        "events": scores.events.value,
    }


# --- whole documents ----------------------------------------------------------


def test_perfect_output_scores_full_marks() -> None:
    assert set(values(perfect()).values()) == {1.0}


def test_perfect_rendering_of_the_seed_gold_scores_full_marks(seed_gold: dict[str, Any]) -> None:
    assert set(values(perfect(seed_gold), seed_gold).values()) == {1.0}


def test_empty_document_scores_zero_without_crashing() -> None:
    scores = score_document(Document(id="doc"), GOLD)
    assert set(values(Document(id="doc")).values()) == {0.0}
    assert scores.entities.precision == 0.0
    assert scores.system_events == 0


# --- articles -----------------------------------------------------------------


def test_headline_split_into_headline_and_deck_still_matches() -> None:
    doc = perfect()
    doc.articles[0].headline, doc.articles[0].deck = "埃及约旦外长会晤", "讨论加沙重建"
    assert score_articles(doc, GOLD).headline.value == 1.0
    doc.articles[0].headline, doc.articles[0].deck = "讨论加沙重建", None
    assert score_articles(doc, GOLD).headline.value == 0.5


def test_line_breaks_inside_a_paragraph_are_ignored() -> None:
    doc = perfect()
    paragraph = doc.articles[0].paragraphs[0]
    paragraph.text = paragraph.text[:6] + "\n" + paragraph.text[6:12] + " \n" + paragraph.text[12:]
    assert score_articles(doc, GOLD).exact.value == 1.0


def test_paragraph_in_the_wrong_article_lowers_assignment_and_breaks_both_articles() -> None:
    doc = perfect()
    moved = doc.articles[0].paragraphs.pop(2)
    doc.articles[1].paragraphs.append(moved)
    scores = score_articles(doc, GOLD)
    assert scores.paragraphs.hits == 4 and scores.paragraphs.total == 5
    assert scores.exact.value == 0.0
    assert "萨法迪说，约旦支持埃及提出的重建计划" in scores.paragraphs.missed


def test_paragraph_copied_into_another_article_is_not_counted() -> None:
    doc = perfect()
    doc.articles[1].paragraphs.append(doc.articles[0].paragraphs[1])
    assert score_articles(doc, GOLD).paragraphs.hits == 4


def test_paragraph_out_of_order_costs_one_paragraph() -> None:
    doc = perfect()
    paragraphs = doc.articles[0].paragraphs
    paragraphs.append(paragraphs.pop(0))
    scores = score_articles(doc, GOLD)
    assert scores.paragraphs.hits == 4
    assert scores.exact.hits == 1


def test_merged_paragraphs_are_found_but_the_article_is_not_exact() -> None:
    doc = perfect()
    paragraphs = doc.articles[1].paragraphs
    merged = Paragraph(text=paragraphs[1].text + paragraphs[2].text)
    doc.articles[1].paragraphs = [paragraphs[0], merged]
    scores = score_articles(doc, GOLD)
    assert scores.paragraphs.value == 1.0
    assert scores.exact.hits == 1


def test_foreign_subhead_breaks_exactness_only() -> None:
    doc = perfect()
    doc.articles[0].paragraphs.append(Paragraph(text="经贸议题受关注", role="subhead"))
    scores = score_articles(doc, GOLD)
    assert scores.paragraphs.value == 1.0
    assert scores.exact.hits == 1


def test_optional_paragraph_may_be_left_out_but_not_put_elsewhere() -> None:
    doc = perfect()
    optional = doc.articles[0].paragraphs.pop()
    assert score_articles(doc, GOLD).exact.value == 1.0
    doc.articles[1].paragraphs.append(optional)
    scores = score_articles(doc, GOLD)
    assert (scores.paragraphs.hits, scores.paragraphs.total) == (5, 6)
    assert scores.exact.value == 0.0


def test_unmatched_article_loses_paragraphs_source_and_dateline() -> None:
    doc = perfect()
    doc.articles[1].headline = "另一条新闻"
    scores = score_articles(doc, GOLD)
    assert (scores.paragraphs.hits, scores.source.hits, scores.dateline.hits) == (3, 1, 1)


def test_wrong_source_and_dateline() -> None:
    doc = perfect()
    doc.articles[0].source = "中新社"
    doc.articles[0].dateline = Dateline(agency="新华社", place="开罗", date="2025-03-04")
    doc.articles[1].dateline = Dateline(agency="新华社")
    scores = score_articles(doc, GOLD)
    assert scores.source.value == 0.5
    assert scores.dateline.value == 0.0
    doc.articles[1].dateline = Dateline(text="据新华社")
    assert score_articles(doc, GOLD).dateline.value == 0.5


# --- entities and linking -------------------------------------------------------


def test_entity_pairs_count_type_and_surface_form() -> None:
    doc = perfect()
    support = doc.articles[-1]
    support.entities[0].type = "ORG"
    support.entities.append(
        Entity(
            id="x",
            type="LOC",
            name="开罗",
            mentions=[Mention(text="开罗", paragraph=0, start=0, end=2)],
        )
    )
    scores = score_entities(doc, GOLD)
    gold_pairs = sum(len(e["mentions"]) for e in GOLD["entities"])
    assert (scores.true_positives, scores.gold, scores.system) == (
        gold_pairs - 1,
        gold_pairs,
        gold_pairs + 1,
    )
    assert "ORG 阿卜杜勒阿蒂" in scores.spurious and "PER 阿卜杜勒阿蒂" in scores.missed


def test_wrong_english_name_breaks_linking() -> None:
    doc = perfect()
    doc.articles[-1].entities[1].name_en = "Ayman al-Safadi"
    assert score_linking(doc, GOLD).missed == ("Ayman Safadi",)


def test_linking_ignores_case_accents_and_spaces_and_accepts_aliases() -> None:
    doc = perfect()
    barrot = next(e for e in doc.articles[-1].entities if e.name == "巴罗")
    for spelling in ("jean-noel  barrot", "JEAN-NOËL BARROT"):
        barrot.name_en = spelling
        assert score_linking(doc, GOLD).value == 1.0
    barrot.name_en = "Jean Barrot"
    assert score_linking(doc, GOLD).value == pytest.approx(6 / 7)


def test_linking_needs_an_entity_covering_a_gold_mention() -> None:
    doc = perfect()
    egypt = next(e for e in doc.articles[-1].entities if e.name_en == "Egypt")
    egypt.mentions = [Mention(text="埃及政府", paragraph=0, start=0, end=4)]
    assert score_linking(doc, GOLD).value == 1.0
    egypt.mentions = [Mention(text="开罗", paragraph=0, start=0, end=2)]
    assert score_linking(doc, GOLD).missed == ("Egypt",)


def test_name_key() -> None:
    assert name_key("Jean-Noël  Barrot") == name_key("jean-noel barrot")
    assert name_key("Kyiv") != name_key("Kiev")


# --- times ----------------------------------------------------------------------


def test_time_with_wrong_value_or_place_is_missed() -> None:
    doc = perfect()
    first = doc.articles[0].times[0]
    first.value = "2025-03-04"
    assert score_times(doc, GOLD).missed == ("3日 in 阿卜杜勒阿蒂3日在开罗",)
    first.value = "2025-03-03"
    first.start, first.end = first.start + 20, first.end + 20
    assert score_times(doc, GOLD).hits == 1
    first.start, first.end, first.paragraph = first.start - 20, first.end - 20, 1
    assert score_times(doc, GOLD).hits == 1


def test_time_locator_is_found_across_line_breaks() -> None:
    doc = perfect()
    paragraph = doc.articles[1].paragraphs[1]
    paragraph.text = "日本首相石破\n茂7日抵\n达华盛顿。"
    doc.articles[1].times = [
        TimeExpression(text="7日", value="2025-03-07", paragraph=1, start=8, end=10)
    ]
    assert score_times(doc, GOLD).value == 1.0
    doc.articles[1].times[0].start, doc.articles[1].times[0].end = 2, 4
    assert score_times(doc, GOLD).value == 0.5


def test_time_in_a_dateline_is_answered_by_the_dateline_date() -> None:
    gold = copy.deepcopy(GOLD)
    gold["times"].append({"text": "3月3日", "in": "开罗3月3日电", "value": "2025-03-03"})
    doc = perfect(GOLD)
    doc.articles[0].dateline = Dateline(
        agency="新华社", place="开罗", date="2025-03-03", text="据新华社开罗\n3月3日电"
    )
    assert score_times(doc, gold).value == 1.0
    doc.articles[0].dateline = Dateline(agency="新华社", place="开罗", date="2025-03-04")
    assert score_times(doc, gold).missed == ("3月3日 in 开罗3月3日电",)


# --- quotes ---------------------------------------------------------------------


def test_quote_text_may_be_longer_or_shorter_than_the_snippet() -> None:
    doc = perfect()
    quote = doc.articles[-1].quotes[0]
    quote.text = "萨法迪说，约旦支持埃及提出的重建计划，呼吁各方提供资金"
    assert score_quotes(doc, GOLD).value == 1.0
    quote.text = "重建计划"
    assert score_quotes(doc, GOLD).value == 1.0
    quote.text = "重建计"
    assert score_quotes(doc, GOLD).value == 0.5


def test_quote_with_wrong_speaker_is_missed_and_aliases_count() -> None:
    doc = perfect()
    support = doc.articles[-1]
    support.quotes[0].speaker = support.quotes[1].speaker
    assert score_quotes(doc, GOLD).missed == ("Ayman Safadi: 约旦支持埃及提出的重建计划",)
    barrot = support.entity(support.quotes[1].speaker)
    assert barrot is not None
    barrot.name_en = "Jean-Noel Barrot"
    assert score_quotes(doc, GOLD).hits == 1


# --- events ---------------------------------------------------------------------


def test_event_type_mode_and_date_must_agree() -> None:
    doc = perfect()
    visit = doc.articles[-1].events[0]
    visit.mode = "phone"
    assert score_events(doc, GOLD).hits == 1
    visit.mode, visit.date = "visit", "2025-03-04"
    assert score_events(doc, GOLD).hits == 1
    visit.date = "2025-03-03T10:00"
    assert score_events(doc, GOLD).hits == 2
    doc.articles[-1].events[1].type = "REJECT"
    assert score_events(doc, GOLD).hits == 1


def test_event_participant_may_be_named_through_the_entity_country() -> None:
    doc = perfect()
    support = doc.articles[-1]
    official = Entity(id="k", type="PER", name="某官员", name_en="Kim Yong-ho", country="PRK")
    support.entities.append(official)
    support.events[1].source = ["k"]
    assert score_events(doc, GOLD).value == 1.0
    official.country = "KOR"
    assert score_events(doc, GOLD).value == 0.5


def test_event_missing_a_participant_is_missed() -> None:
    doc = perfect()
    visit = doc.articles[-1].events[0]
    visit.target, visit.source = visit.source[1:], visit.source[:1]
    assert score_events(doc, GOLD).value == 1.0
    visit.target = []
    assert score_events(doc, GOLD).value == 0.5
    assert score_document(doc, GOLD).system_events == 2


# --- event precision, duplicates, polarity, confusion -----------------------------

REAL_KEYS = ("cctv-20250102-08", "rmrb-20190202-03-01")
"""Real answer keys with events_complete: Russian and Ukrainian strikes, Chinese diplomacy."""


def real_key(shared_eval: Path, name: str) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((shared_eval / "real" / "gold" / f"{name}.json").read_text())
    assert gold["events_complete"]
    return gold


@pytest.fixture(params=REAL_KEYS)
def real_gold(request: pytest.FixtureRequest, shared_eval: Path) -> dict[str, Any]:
    return real_key(shared_eval, request.param)


def test_perfect_rendering_of_a_real_key_is_precise_with_right_polarity(
    real_gold: dict[str, Any],
) -> None:
    scores = score_document(perfect(real_gold), real_gold)
    assert scores.event_precision.value == 1.0
    assert scores.event_polarity.value == 1.0
    assert scores.event_duplicates == 0
    assert not {gold for gold, system in scores.event_confusion if gold != system}


def test_a_repeated_event_is_a_duplicate_and_counts_false(real_gold: dict[str, Any]) -> None:
    doc = perfect(real_gold)
    events = doc.articles[-1].events
    events.append(events[0].model_copy(update={"id": "again"}))
    scores = score_document(doc, real_gold)
    assert scores.event_duplicates == 1
    assert scores.event_precision.hits == len(real_gold["events"])
    assert scores.event_precision.total == len(real_gold["events"]) + 1
    assert scores.event_confusion["duplicate", events[0].type] == 1


def test_wrong_type_negation_and_stray_events_show_in_their_cells(shared_eval: Path) -> None:
    """A retyped event pairs, by its sides and day, with the gold event it left free."""
    real_gold = real_key(shared_eval, REAL_KEYS[0])
    doc = perfect(real_gold)
    events = doc.articles[-1].events
    first = events[0]
    gold_type = event_types(real_gold["events"][0])[0]
    first.type = "PROTEST"
    events[1].negated = not events[1].negated
    stray = Entity(id="x", type="LOC", name="冰岛", name_en="Iceland", country="ISL")
    doc.articles[-1].entities.append(stray)
    events.append(first.model_copy(update={"id": "stray", "source": ["x"], "type": "AID"}))
    scores = score_document(doc, real_gold)
    assert scores.event_confusion[gold_type, "PROTEST"] == 1
    assert scores.event_confusion["false", "AID"] == 1
    assert scores.event_precision.hits == len(real_gold["events"]) - 1
    assert scores.event_polarity.hits == scores.event_polarity.total - 1
    assert any(label.startswith("AID") for label in scores.event_precision.missed)


def test_an_output_event_fits_the_gold_event_it_alone_can_take() -> None:
    """Maximal matching: the first output event may not keep the only gold event the
    second one fits (a greedy pairing would count a right event false)."""
    meeting = copy.deepcopy(GOLD["events"][0])
    gold = {**GOLD, "events_complete": True}
    gold["events"] = [{**meeting, "type": ["CONSULT", "AGREE"]}, {**meeting, "type": "CONSULT"}]
    doc = perfect(gold)
    events = doc.articles[-1].events
    events[0].type, events[1].type = "CONSULT", "AGREE"
    scores = score_document(doc, gold)
    assert scores.event_precision.value == 1.0 and scores.event_duplicates == 0


def test_keys_without_events_complete_judge_no_precision() -> None:
    doc = perfect()
    doc.articles[-1].events.append(doc.articles[-1].events[0].model_copy(update={"id": "b"}))
    scores = score_document(doc, GOLD)
    assert scores.event_precision.total == 0 and scores.event_duplicates == 0
    assert "false" not in {gold for gold, _ in scores.event_confusion}


def test_eval_prints_event_precision_and_the_confusion_table(shared_eval: Path) -> None:
    key = shared_eval / "real" / "gold" / f"{REAL_KEYS[0]}.json"
    result = CliRunner().invoke(main, ["eval", str(key), "--events-confusion"])
    assert result.exit_code == 0, result.output
    assert "EvP" in result.output and "Dup" in result.output and "gold vs system" in result.output
    scores = json.loads(CliRunner().invoke(main, ["eval", str(key), "--json"]).output)
    precision = scores["total"]["event_precision"]
    assert {"hits", "total", "duplicates"} <= precision.keys()
    assert precision["total"] == scores["total"]["events"]["system_events"]


# --- gold files and the command -------------------------------------------------


def write_case(root: Path, gold: dict[str, Any] | str, text: str = "正文。\n") -> Path:
    (root / "gold").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "sample.txt").write_text(text, encoding="utf-8")
    path = root / "gold" / "sample.json"
    path.write_text(gold if isinstance(gold, str) else json.dumps(gold), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        ("{not json", "not a JSON gold file"),
        ({key: value for key, value in GOLD.items() if key != "times"}, "times: Field required"),
        ({**GOLD, "document": "absent.txt"}, "absent.txt does not exist"),
    ],
)
def test_bad_gold_file_is_named(tmp_path: Path, broken: dict[str, Any] | str, problem: str) -> None:
    path = write_case(tmp_path, broken)
    with pytest.raises(GoldError, match=problem) as caught:
        load_case(path)
    assert str(path) in str(caught.value)


def test_missing_path_and_empty_folder_are_bad_usage(tmp_path: Path) -> None:
    runner = CliRunner()
    for path, problem in [(tmp_path / "nowhere", "no such gold file"), (tmp_path, "no gold files")]:
        result = runner.invoke(main, ["eval", str(path), "--stages", "layout"])
        assert result.exit_code == 2 and problem in result.output


def test_unreadable_document_stops_the_run_naming_the_gold_file(tmp_path: Path) -> None:
    path = write_case(tmp_path, copy.deepcopy(GOLD), text="")
    result = CliRunner().invoke(main, ["eval", str(path), "--stages", "layout"])
    assert result.exit_code == 2
    assert str(path) in result.output and "file is empty" in result.output


def test_eval_command_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = write_case(tmp_path / "bad", {**GOLD, "document": "absent.txt"})
    result = runner.invoke(main, ["eval", str(bad.parent), "--stages", "layout"])
    assert result.exit_code == 2 and "absent.txt" in result.output
    good = write_case(tmp_path / "good", copy.deepcopy(GOLD))
    result = runner.invoke(main, ["eval", str(good), "--stages", "nosuch"])
    assert result.exit_code == 2 and "unknown stage" in result.output
    result = runner.invoke(main, ["eval", str(good), "--stages", "layout", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["stages"] == ["layout"]
    assert report["total"]["articles"]["headline"]["total"] == 2
    assert report["documents"][0]["scores"]["quotes"]["value"] == 0.0


def test_failing_stage_is_named_and_earlier_stages_still_score(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(doc: Document, settings: Settings) -> None:
        doc.articles = perfect().articles

    def explode(doc: Document, settings: Settings) -> None:
        raise RuntimeError("lexicon missing")

    stages = {"fill": fill, "explode": explode}
    monkeypatch.setattr(evaluate, "resolve_stage", stages.__getitem__)
    case = load_case(write_case(tmp_path, copy.deepcopy(GOLD)))
    result = evaluate_case(case, Settings(stages=["fill", "explode"]))
    assert result.error == "stage 'explode' raised RuntimeError: lexicon missing"
    assert result.scores.quotes.value == 1.0


def test_eval_command_on_the_seed_page_prints_a_table(shared_eval: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(shared_eval / "gold"), "--stages", "layout"])
    assert result.exit_code == 0, result.output
    assert "000_cc79090cf7741063" in result.output and "Total" in result.output


def test_squash_removes_every_kind_of_whitespace() -> None:
    assert squash("据新华社\n首尔　2月13日电 ") == "据新华社首尔2月13日电"


# --- jishi bench (structure of the report only: speed is never asserted) ----------

PAGE = (
    "中法外长通电话\n\n据新华社北京3月11日电 外交部长王毅11日应约同法国外\n"
    "长巴罗通电话。\n\n巴罗说，法方高度重视对华关系。\n"
)


def test_bench_reports_every_stage_over_the_replicated_corpus(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    args = ["bench", "--files", str(page), "--repeat", "3", "--stages", "layout", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["documents"], report["characters"]) == (3, 3 * len(PAGE))
    assert [stage["name"] for stage in report["stages"]] == ["ingest", "layout"]
    assert sum(stage["share"] for stage in report["stages"]) == pytest.approx(1.0)
    assert report["baseline"]["name"] == "jieba.lcut"
    assert report["memory_mb"]["peak"] >= report["memory_mb"]["start"] > 0


def test_bench_without_files_runs_on_the_sample_page_of_the_checkout() -> None:
    from jishi.eval.bench import default_files

    assert Path(__file__).resolve().parents[1] / "samples" / "page.txt" in default_files()


def test_bench_names_a_missing_input_file(tmp_path: Path) -> None:
    missing = tmp_path / "absent.txt"
    result = CliRunner().invoke(main, ["bench", "--files", str(missing), "--stages", "layout"])
    assert result.exit_code == 2 and "absent.txt" in result.output


def test_bench_counts_first_call_excess_as_loading() -> None:
    timings = {"text": StageTiming("text", load_seconds=0.5, first_call_seconds=2.0)}
    timings["text"].warm_seconds = [0.3, 0.2, 0.25]
    settle_loading(timings)
    assert timings["text"].load_seconds == pytest.approx(0.5 + 2.0 - 0.25)
