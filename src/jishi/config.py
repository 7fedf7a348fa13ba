"""User configuration: one optional TOML file, overridden by environment and options.

Why a file at all: analysts keep their own actor lists and database URL and
should not have to repeat them on every command. Precedence, lowest first:
built-in defaults, the config file, environment variables, command options.

Why validated by a model: a setting that is misspelt or of the wrong type
would otherwise be ignored or coerced, and data would go to a database the
user did not name (a typo `dbb` sent it to the default; `db = 123` made a
file `./123`). Every key and option is checked here, before anything runs,
and a bad one is named with what was expected.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Annotated, Any

from platformdirs import user_config_dir, user_data_dir
from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter, ValidationError

from jishi.settings import Settings

CONFIG_ENV = "JISHI_CONFIG"
DB_ENV = "JISHI_DB"
DATA_DIR_ENV = "JISHI_DATA_DIR"

# A value that names something (a file, a URL, a backend) cannot be blank.
Named = Annotated[str, StringConstraints(pattern=r"\S")]


class ConfigError(ValueError):
    """The configuration file, an environment variable or an option has a bad value."""


class ConfigFile(BaseModel):
    """The keys a configuration file may hold; any other key is a mistake worth naming."""

    model_config = ConfigDict(extra="forbid", strict=True)

    db: Named | None = None
    actors: list[Named] = []
    data_dir: Named | None = None
    backend: Named = "default"


def config_path() -> Path:
    """Where the configuration file is looked for."""
    explicit = _environment(CONFIG_ENV)
    if explicit:
        return Path(explicit)
    return Path(user_config_dir("jishi")) / "config.toml"


def _environment(name: str) -> str | None:
    """A jishi environment variable; set but blank is an error, since a blank database or
    config name would silently fall back to the default one."""
    value = os.environ.get(name)
    if value is not None and not value.strip():
        raise ConfigError(f"${name} is set but empty: unset it or give it a value")
    return value


def read_config(path: Path | None = None) -> ConfigFile:
    """The validated config file, or the defaults when there is none."""
    path = path or config_path()
    if not path.exists():
        if os.environ.get(CONFIG_ENV):
            raise ConfigError(f"{path}: configuration file named by ${CONFIG_ENV} does not exist")
        return ConfigFile()
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: not a valid TOML configuration ({error})") from error
    try:
        return ConfigFile.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{path}: {_problems(error, list(ConfigFile.model_fields))}") from None


def _problems(error: ValidationError, known: list[str]) -> str:
    """Every problem pydantic found, one clause each, with a did-you-mean for unknown keys."""
    return "; ".join(_problem(detail, known) for detail in error.errors())


def _problem(detail: Any, known: list[str]) -> str:
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in detail["loc"])
    where = where.lstrip(".") or "settings"
    if detail["type"] == "extra_forbidden":
        key = str(detail["loc"][-1])
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"unknown key {key!r} ({hint}known: {', '.join(known)})"
    if detail["type"] == "string_pattern_mismatch":
        return f"{where} must not be empty"
    message = detail["msg"][0].lower() + detail["msg"][1:]
    return f"{where}: {message}, got {detail['input']!r}"


def database_url(option: str | None = None, config: ConfigFile | None = None) -> str:
    """The database to use: the --db option, else $JISHI_DB, else the config's `db`, else a
    SQLite file in the user data folder. A blank option is refused, never taken as absent."""
    if option is not None:
        if not option.strip():
            raise ConfigError("--db is empty: name a database URL or a SQLite file")
        return option
    url = _environment(DB_ENV) or (read_config() if config is None else config).db
    if url:
        return url
    return f"sqlite:///{Path(user_data_dir('jishi')) / 'jishi.sqlite'}"


def default_database_url(config: ConfigFile | None = None) -> str:
    """Database URL from $JISHI_DB, the config's `db`, else a SQLite file in the data dir."""
    return database_url(None, config)


def configured_data_dir(config: ConfigFile | None = None) -> Path | None:
    """The user data folder: $JISHI_DATA_DIR, else the config's `data_dir`, else none.
    A folder named but absent is an error, since the user expects their rows to be used."""
    named, origin = _environment(DATA_DIR_ENV), f"${DATA_DIR_ENV}"
    if not named:
        named = (read_config() if config is None else config).data_dir
        origin = "config key data_dir"
    if not named:
        return None
    folder = Path(named).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"{folder}: user data folder ({origin}) does not exist")
    return folder


_SETTINGS = TypeAdapter(Settings)


def load_settings(
    actors_files: list[Path] | None = None, backend: str | None = None, **overrides: Any
) -> Settings:
    """Settings from the config file with command-line values laid over it, type-checked.

    An option of the wrong type or an unknown option name is a ConfigError, like a bad
    key in the file; options given as None keep the configured value.
    """
    config = read_config()
    names = [field.name for field in fields(Settings)]
    unknown = [{"type": "extra_forbidden", "loc": (key,)} for key in overrides if key not in names]
    if unknown:
        raise ConfigError(f"options: {'; '.join(_problem(d, names) for d in unknown)}")
    values: dict[str, Any] = {
        "backend": backend or config.backend,
        "actors_files": [Path(p).expanduser() for p in config.actors] + list(actors_files or []),
        "data_dir": configured_data_dir(config),
    }
    values |= {key: value for key, value in overrides.items() if value is not None}
    try:
        return _SETTINGS.validate_python(values)
    except ValidationError as error:
        raise ConfigError(f"options: {_problems(error, names)}") from None
