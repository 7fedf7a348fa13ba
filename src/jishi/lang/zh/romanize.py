"""Latin spellings for names the knowledge base does not hold: Chinese names as
surname and given name, transliterated foreign names spelled back, the rest pinyin."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from jishi.lang.data import DataFileError, DataFiles
from jishi.lang.zh.cedict import dictionary
from jishi.model import EntityType


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin's syllables, imported on first use: loading its phrase dictionary costs
    about a second that a run whose names are all known never needs to pay."""
    from pypinyin import lazy_pinyin as syllables

    return list(syllables(text))


# The block of CJK Unified Ideographs: a Chinese personal name is written in it alone.
CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF


def romanize(name: str, entity_type: EntityType, files: DataFiles) -> str:
    """A Latin name for a name we cannot link: a Chinese name as surname and given name
    (王小明 -> Wang Xiaoming); a foreign person's name spelled back from its
    transliteration (杰克·沃特林 -> Jack Watling, 弗拉基米尔·巴图克 -> Vladimir Batuk);
    anything else as pinyin, one capitalised word per word of the name."""
    chinese = chinese_name_parts(name, files)
    if chinese:
        return f"{chinese[0]} {''.join(lazy_pinyin(chinese[1])).capitalize()}"
    parts = [p for p in re.split(r"[·・•\s]+", name) if p]
    if entity_type == "PER" and parts:
        return " ".join(
            "-".join(
                anglicize_part(piece, number == len(parts) - 1, files) for piece in part.split("-")
            )
            for number, part in enumerate(parts)
        )
    words = [_pinyin_word(word) for part in parts for word in _words(part)]
    return " ".join(w for w in words if w) or name


def _words(text: str) -> list[str]:
    """The words of a name as jieba cuts them, so that its pinyin reads word by word
    (美国全国零售商联合会 → Meiguo Quanguo Lingshoushang Lianhehui)."""
    import jieba

    jieba.setLogLevel(60)
    return [word for word in jieba.lcut(text, HMM=False) if word.strip()]


def _pinyin_word(word: str) -> str:
    return "".join(lazy_pinyin(word)).capitalize()


@cache
def transliteration_units(files: DataFiles) -> dict[str, dict[str, str]]:
    """transliteration_names.tsv by unit: whole given names, whole surnames, syllables and
    the consonants syllables leave at a word's end (codas)."""
    units: dict[str, dict[str, str]] = {"given": {}, "surname": {}, "syllable": {}, "coda": {}}
    for row in files.table("transliteration_names.tsv"):
        if row["unit"] not in units:
            raise DataFileError(f"transliteration_names.tsv: {row['chinese']}: unknown unit")
        units[row["unit"]].setdefault(row["chinese"], row["english"])
    return units


def anglicize_part(part: str, last: bool, files: DataFiles) -> str:
    """One part of a transliterated name in Latin letters: a whole given name (or, for the
    last part, a whole surname) when the table has it, else syllable by syllable."""
    units = transliteration_units(files)
    whole = units["surname" if last else "given"].get(part) or units["given"].get(part)
    if whole is not None:
        return whole
    chunks = syllable_chunks(part, units["syllable"])
    spelled = [units["syllable"].get(c) or "".join(lazy_pinyin(c)) for c in chunks]
    pieces = [
        _coda_or_syllable(chunk, spelled, number, units["coda"])
        for number, chunk in enumerate(chunks)
    ]
    return "".join(pieces).capitalize()


def syllable_chunks(part: str, syllables: Mapping[str, str]) -> list[str]:
    """The part cut into the longest units the table knows (斯基 before 斯, 基)."""
    chunks: list[str] = []
    position = 0
    while position < len(part):
        size = next(n for n in (3, 2, 1) if n == 1 or part[position : position + n] in syllables)
        chunks.append(part[position : position + size])
        position += size
    return chunks


def _coda_or_syllable(chunk: str, spelled: list[str], number: int, codas: Mapping[str, str]) -> str:
    """A character that also writes a bare consonant (克 ke or k) is that consonant at the
    word's end and before a consonant (格奥尔格 Georg), and at the start before l or r
    (克里斯 Kris), or as s, m or n before a consonant (斯科特 Scott, 恩杜 Ndu); elsewhere it
    keeps its vowel."""
    coda = codas.get(chunk)
    if coda is None:
        return spelled[number]
    following = spelled[number + 1][:1] if number + 1 < len(spelled) else ""
    if number == 0:
        cluster = following in ("l", "r") or (coda in ("s", "m", "n") and following not in "aeiou")
        return coda if following and cluster else spelled[number]
    return coda if following not in ("a", "e", "i", "o", "u") else spelled[number]


@cache
def transliteration_characters(files: DataFiles) -> frozenset[str]:
    """Characters that spell foreign names (斯 夫 尔 ...), from the mentions stage's table."""
    return frozenset("".join(row["chars"] for row in files.table("translit_chars.tsv")))


# A Chinese given name has one or two characters.
MAX_GIVEN_NAME = 2


def chinese_name_parts(name: str, files: DataFiles) -> tuple[str, str] | None:
    """(surname reading, given name) for a Chinese personal name, else None.

    A name of 2-4 characters starting with a CC-CEDICT surname whose given name is not
    spelled only with transliteration characters (普坦 is Phumtham, not Pu Tan) and is
    one or two characters, as Chinese given names are (马丁内斯 is Martínez, not Ma Dingneisi).
    """
    if not 2 <= len(name) <= 4 or not all(CJK_FIRST <= ord(char) <= CJK_LAST for char in name):
        return None
    for cut in (2, 1):
        entry = dictionary().get(name[:cut])
        given = name[cut:]
        if entry and entry.chinese_surname and 0 < len(given) <= MAX_GIVEN_NAME:
            if all(char in transliteration_characters(files) for char in given):
                return None
            return entry.name_en, given
    return None


def is_chinese_surname(char: str) -> bool:
    """Whether CC-CEDICT lists the character as a Chinese surname (江, 李, 王)."""
    entry = dictionary().get(char)
    return entry is not None and entry.chinese_surname
