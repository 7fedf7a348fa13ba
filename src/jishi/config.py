"""User configuration: one optional TOML file, overridden by environment and options.

Why a file at all: analysts keep their own actor lists and database URL and
should not have to repeat them on every command. Precedence, lowest first:
built-in defaults, the config file, environment variables, command options.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from jishi.settings import Settings

CONFIG_ENV = "JISHI_CONFIG"
DB_ENV = "JISHI_DB"
DATA_DIR_ENV = "JISHI_DATA_DIR"


class ConfigError(ValueError):
    """The configuration file is unreadable or has a bad value."""


def config_path() -> Path:
    """Where the configuration file is looked for."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit)
    return Path(user_config_dir("jishi")) / "config.toml"


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The parsed config file, or an empty dict when there is none."""
    path = path or config_path()
    if not path.exists():
        if os.environ.get(CONFIG_ENV):
            raise ConfigError(f"{path}: configuration file named by {CONFIG_ENV} does not exist")
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: not a valid TOML configuration ({error})") from error


def default_database_url(config: dict[str, Any] | None = None) -> str:
    """Database URL from $JISHI_DB, the config's `db`, else a SQLite file in the data dir."""
    config = read_config() if config is None else config
    url = os.environ.get(DB_ENV) or config.get("db")
    if url:
        return str(url)
    return f"sqlite:///{Path(user_data_dir('jishi')) / 'jishi.sqlite'}"


def configured_data_dir(config: dict[str, Any] | None = None) -> Path | None:
    """The user data folder: $JISHI_DATA_DIR, else the config's `data_dir`, else none.
    A folder named but absent is an error, since the user expects their rows to be used."""
    named, origin = os.environ.get(DATA_DIR_ENV), DATA_DIR_ENV
    if not named:
        config = read_config() if config is None else config
        named, origin = config.get("data_dir"), "config key data_dir"
    if not named:
        return None
    folder = Path(str(named)).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"{folder}: user data folder ({origin}) does not exist")
    return folder


def load_settings(
    actors_files: list[Path] | None = None, backend: str | None = None, **overrides: Any
) -> Settings:
    """Settings from the config file with command-line values laid over it."""
    config = read_config()
    configured_actors = config.get("actors", [])
    if not isinstance(configured_actors, list):
        raise ConfigError(f"{config_path()}: 'actors' must be a list of file paths")
    settings = Settings(
        backend=backend or str(config.get("backend", "default")),
        actors_files=[Path(p).expanduser() for p in configured_actors] + list(actors_files or []),
        data_dir=configured_data_dir(config),
    )
    for key, value in overrides.items():
        if value is not None:
            setattr(settings, key, value)
    return settings
