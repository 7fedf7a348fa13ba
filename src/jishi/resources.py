"""The one loader for reference data shipped in ``jishi/data``.

Reference data (actors, countries, triggers, speech verbs, suffixes) lives in
plain TSV or YAML files that a reviewer can read in a diff. Every stage reads
them through this module, so caching, error messages and user overrides
behave the same everywhere.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A reference or user data file is missing or malformed."""


def data_path(name: str) -> Path:
    """Path of a file shipped in the package's data folder."""
    return Path(str(resources.files("jishi") / "data" / name))


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
    """Parsed YAML, with the file named in any error."""
    try:
        with path.open(encoding="utf-8") as handle:
            # The LibYAML parser when PyYAML was built with it: same safe subset, ~10x faster.
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as error:
        raise DataFileError(f"{path}: cannot read ({error.strerror})") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DataFileError(f"{path}: not valid YAML ({error})") from error


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """A shipped TSV table, loaded once per process."""
    return tuple(read_tsv(data_path(name)))


@cache
def document(name: str) -> Any:
    """A shipped YAML file, loaded once per process."""
    return read_yaml(data_path(name))
