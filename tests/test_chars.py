"""The shared character helpers in jishi.lang.zh.chars."""

from jishi.lang.zh.chars import bigrams


def test_bigrams_join_across_line_breaks_digits_and_marks() -> None:
    # A column break, a date in digits and a comma do not break the overlap signal.
    assert bigrams("欧盟\n11日宣布，制裁") == {"欧盟", "盟日", "日宣", "宣布", "布制", "制裁"}


def test_bigrams_of_text_without_ideographs_are_empty() -> None:
    assert bigrams("NATO 2025") == set()
    assert bigrams("盟") == set()
