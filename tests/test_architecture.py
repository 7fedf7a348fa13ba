"""The structure docs/architecture.md describes stays true: Chinese lives in data files.

What jishi knows about Chinese is data under src/jishi/lang/zh/data, read through typed
loaders; engine code keeps only grammatical particles, each with a comment saying why it
is code. These tests count the CJK ideographs in string literals of engine code (all of
src/jishi; docstrings do not count, they explain) and check that every literal left is
explained. The import contracts are checked by lint-imports in `make test`.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jishi

ENGINE = Path(jishi.__file__).parent
# CJK Unified Ideographs, Extension A and the compatibility ideographs, written with escapes.
IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Issue 10 moved about 880 characters of word lists out of engine code; what is left must
# stay under this many.
MAX_CJK_IN_LITERALS = 100
CONSTANT_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


@dataclass(frozen=True)
class Literal:
    """A string constant of engine code holding CJK ideographs."""

    module: str
    line: int
    end_line: int
    ideographs: int
    explained: bool


def docstrings(tree: ast.AST) -> set[int]:
    """Ids of the docstring constants of a module and its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0].value if node.body and isinstance(node.body[0], ast.Expr) else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(id(first))
    return found


def comment_lines(source: str) -> set[int]:
    """Lines that carry a # comment."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {token.start[0] for token in tokens if token.type == tokenize.COMMENT}


def explained_constants(tree: ast.Module, comments: set[int]) -> list[tuple[int, int]]:
    """Line spans of module- and class-level constants (UPPER_CASE) right under a comment."""
    bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
    spans = []
    for statement in (s for body in bodies for s in body):
        targets = (
            statement.targets
            if isinstance(statement, ast.Assign)
            else [statement.target]
            if isinstance(statement, ast.AnnAssign)
            else []
        )
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        constant = bool(names) and all(CONSTANT_NAME.fullmatch(n) for n in names)
        if constant and statement.lineno - 1 in comments:
            spans.append((statement.lineno, statement.end_lineno or statement.lineno))
    return spans


def cjk_literals(source: str, module: str) -> list[Literal]:
    """Every non-docstring string constant with ideographs, and whether a comment explains it:
    one on its own lines, or one right above the constant it is part of."""
    tree = ast.parse(source)
    skip = docstrings(tree)
    spans: dict[int, tuple[int, int]] = {}
    for node in ast.walk(tree):  # f-string parts take the lines of their f-string
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                spans[id(part)] = (node.lineno, node.end_lineno or node.lineno)
    counted = []
    for node in ast.walk(tree):
        text = node.value if isinstance(node, ast.Constant) and id(node) not in skip else None
        count = len(IDEOGRAPH.findall(text)) if isinstance(text, str) else 0
        if count:
            lines = spans.get(id(node), (node.lineno, node.end_lineno or node.lineno))
            counted.append((lines, count))
    if not counted:  # most modules: no need to read their comments
        return []
    comments = comment_lines(source)
    constants = explained_constants(tree, comments)
    found = []
    for (first, last), count in counted:
        commented = any(line in comments for line in range(first, last + 1))
        inside = any(start <= first and last <= end for start, end in constants)
        found.append(Literal(module, first, last, count, commented or inside))
    return found


@cache
def engine_literals() -> tuple[Literal, ...]:
    """The CJK literals of all engine modules (read once: the two tests share them)."""
    literals: list[Literal] = []
    for path in sorted(ENGINE.rglob("*.py")):
        module = path.relative_to(ENGINE).as_posix()
        literals += cjk_literals(path.read_text(encoding="utf-8"), module)
    return tuple(literals)


def test_engine_code_holds_few_cjk_literals() -> None:
    per_module = Counter[str]()
    for literal in engine_literals():
        per_module[literal.module] += literal.ideographs
    total = sum(per_module.values())
    assert total < MAX_CJK_IN_LITERALS, f"{total} CJK ideographs in literals: {per_module}"


def test_every_cjk_literal_left_says_why_it_is_code() -> None:
    where = [f"{lit.module}:{lit.line}" for lit in engine_literals() if not lit.explained]
    assert not where, f"CJK literals with no comment saying why they are code: {where}"


def test_the_literal_counter_on_a_sample() -> None:
    sample = '''"""模块说明不算。"""
# The possessive particle: grammar, not a word list.
POSSESSIVE = "的"
LOCALIZERS = {"中", "上"}


def f(text: str) -> bool:
    """函数说明也不算。"""
    if text.endswith("下"):  # 下 closes a 在…下 frame
        return True
    return f"{text}后" == text
'''
    found = {(lit.line, lit.ideographs, lit.explained) for lit in cjk_literals(sample, "m.py")}
    assert found == {(3, 1, True), (4, 1, False), (9, 1, True), (11, 1, False)}
