"""Snapshots of derived objects in the user cache (jishi.lang.data.snapshot): a snapshot
gives back what the build gives, a stale, damaged or untrusted file is rebuilt and
replaced rather than read, and the actor index read from one equals the index built
from the files."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from jishi.lang import data as resources
from jishi.lang.data import DataFiles, snapshot, snapshot_key
from jishi.lang.zh import kb


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(resources, "user_cache_dir", lambda _app: str(folder))
    return folder


def counting(value: dict[str, list[int]]) -> tuple[Callable[[], dict[str, list[int]]], list[int]]:
    """A build returning ``value`` and a list that grows by one per build."""
    calls: list[int] = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return value

    return build, calls


def only_file(cache: Path, name: str) -> Path:
    (found,) = cache.glob(f"snapshot-{name}-*.pickle")
    return found


def test_a_snapshot_is_built_once_then_read_back_equal(cache: Path) -> None:
    build, calls = counting({"美国": [1, 2]})
    first = snapshot("test", dict, build)
    second = snapshot("test", dict, build)
    assert first == second == {"美国": [1, 2]}
    assert second is not first  # the second came from the file
    assert len(calls) == 1
    assert os.stat(only_file(cache, "test")).st_mode & 0o077 == 0  # the user's alone


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the payload
        lambda data: b"garbage",
        lambda data: b"",
    ],
    ids=["truncated", "flipped-bit", "garbage", "empty"],
)
def test_a_damaged_snapshot_is_rebuilt_and_replaced(
    cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    build, calls = counting({"a": [1]})
    snapshot("test", dict, build)
    path = only_file(cache, "test")
    path.write_bytes(damage(path.read_bytes()))
    assert snapshot("test", dict, build) == {"a": [1]}
    assert len(calls) == 2
    assert snapshot("test", dict, build) == {"a": [1]}  # the rewritten file reads back
    assert len(calls) == 2


def test_a_snapshot_that_verifies_but_holds_another_type_is_rebuilt(cache: Path) -> None:
    build, calls = counting({"a": [1]})
    snapshot("test", dict, build)
    payload = pickle.dumps(["a list, not a dict"])
    digest = hashlib.sha256(payload).hexdigest()
    header = resources.SNAPSHOT_MAGIC + f"{snapshot_key('test')}\n{digest}\n".encode()
    only_file(cache, "test").write_bytes(header + payload)
    assert snapshot("test", dict, build) == {"a": [1]}
    assert len(calls) == 2


def test_a_snapshot_others_may_write_is_never_read(cache: Path) -> None:
    build, calls = counting({"a": [1]})
    snapshot("test", dict, build)
    path = only_file(cache, "test")
    path.chmod(0o666)
    snapshot("test", dict, build)
    assert len(calls) == 2
    assert os.stat(only_file(cache, "test")).st_mode & 0o022 == 0  # replaced by our own


def test_a_changed_input_builds_a_new_snapshot_and_removes_the_stale_one(
    cache: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("one", encoding="utf-8")
    snapshot("test", dict, lambda: {"v": [1]}, [mine])
    stale = only_file(cache, "test")
    mine.write_text("two", encoding="utf-8")
    assert snapshot("test", dict, lambda: {"v": [2]}, [mine]) == {"v": [2]}
    assert only_file(cache, "test") != stale
    assert not stale.exists()


def test_a_build_that_fails_writes_nothing(cache: Path) -> None:
    def broken() -> dict[str, int]:
        raise ValueError("bad data")

    with pytest.raises(ValueError, match="bad data"):
        snapshot("test", dict, broken)
    assert not list(cache.glob("snapshot-*"))


def index_contents(index: kb.ActorIndex) -> tuple[object, ...]:
    return (
        index.records,
        index.by_surface,
        index.by_title,
        index.holders,
        index.offices,
        index.office_names,
    )


def test_the_actor_index_read_from_its_snapshot_equals_the_built_one(
    cache: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("- {name: 张三, name_en: Zhang San, kind: person}\n", encoding="utf-8")
    files = DataFiles()
    built = kb._actor_index(files, (mine,))
    first = kb.actor_index.__wrapped__(files, (mine,))  # builds and writes the snapshot
    read = kb.actor_index.__wrapped__(files, (mine,))  # reads it
    assert only_file(cache, "actor-index").exists()
    assert index_contents(read) == index_contents(first) == index_contents(built)
    assert read.files is files
    assert read.holders_on("美国总统", "2025-06-01") == built.holders_on("美国总统", "2025-06-01")
    assert [r.id for r in read.lookup("张三")] == ["zhang-san"]
    # the user's file changed: the snapshot is not the index of the new file
    mine.write_text("- {name: 李四, name_en: Li Si, kind: person}\n", encoding="utf-8")
    changed = kb.actor_index.__wrapped__(files, (mine,))
    assert not changed.lookup("张三")
    assert [r.id for r in changed.lookup("李四")] == ["li-si"]


def test_kept_regex_programs_are_the_patterns_re_compile_gives(cache: Path) -> None:
    """The page rules and the time expressions, compiled, kept, read back by another
    call, and read from a damaged file: every time the pattern re.compile makes."""
    from jishi.lang.data import compiled_patterns, data_files
    from jishi.stages.layout.rules import _compiled, _parts, news_sources, page_words

    files = data_files(None)
    words, sources = page_words(files), news_sources(files)
    kept = _compiled(_parts(words, sources), words, sources)
    (file,) = cache.glob("regex-page-rules-*.json")
    assert _compiled(_parts(words, sources), words, sources) == kept  # read back
    assert len(list(cache.glob("regex-page-rules-*.json"))) == 1  # the same text every time
    for pattern in kept.values():
        assert pattern == re.compile(pattern.pattern)
        assert pattern.groupindex == re.compile(pattern.pattern).groupindex
    sample = "新华社北京3月1日电（记者王小明）\n本报记者 李华 摄\n"
    assert [kept["dateline"].search(line) is not None for line in sample.splitlines()] == [
        re.compile(kept["dateline"].pattern).search(line) is not None
        for line in sample.splitlines()
    ]
    sources_of = {"a": r"(?P<x>[一-龥]{2})(?<=北京)\d+", "b": "(?m)^记者"}
    programs = json.loads(file.read_text(encoding="utf-8"))
    assert set(programs) == set(kept)
    damaged = {"a": [0, [1, 2, 3], 0, {}, []], "b": "garbage"}
    for key, source in sources_of.items():
        name = f"test-{key}"
        assert compiled_patterns(name, {key: source})[key] == re.compile(source)
        (kept_file,) = cache.glob(f"regex-{name}-*.json")
        kept_file.write_text(json.dumps({key: damaged[key]}), encoding="utf-8")
        assert compiled_patterns(name, {key: source})[key] == re.compile(source)
