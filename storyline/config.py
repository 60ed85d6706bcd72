"""One Settings object: defaults < storyline.toml < STORYLINE_* environment < flags.

Stage parameters are named ``<stage>.<parameter>``, e.g. ``dedup.threshold``
or ``summarize.word_budget``; their defaults are the keyword defaults of the
stage classes, so a parameter exists here exactly when the stage has it.  In
``storyline.toml`` they are tables (``[dedup]`` ``threshold = 0.8``); in the
environment ``STORYLINE_DEDUP_THRESHOLD=0.8``; on the command line
``--set dedup.threshold=0.8``.  ``store.path`` is the database file.
"""

from __future__ import annotations

import inspect
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InvalidParameter
from .stage import Stage

__all__ = ["DEFAULT_DB", "Settings", "load_settings", "stage_classes"]

DEFAULT_DB = "storyline.db"
CONFIG_FILE = "storyline.toml"
ENV_PREFIX = "STORYLINE_"

# Settings of the pipeline itself (not of one stage).
_PIPELINE_DEFAULTS: dict[str, Any] = {"batch_size": 500, "jobs": 0}


def stage_classes() -> dict[str, type[Stage]]:
    """The configurable stages by name, in pipeline order."""
    from .clean import Cleaner
    from .cluster import StoryClusterer
    from .dedup import NearDuplicates
    from .summarize import Summarizer
    from .threads import ThreadTracker

    stages = (Cleaner, NearDuplicates, StoryClusterer, ThreadTracker, Summarizer)
    return {cls.name: cls for cls in stages}


def _stage_defaults() -> dict[str, dict[str, Any]]:
    defaults: dict[str, dict[str, Any]] = {"pipeline": dict(_PIPELINE_DEFAULTS)}
    for name, cls in stage_classes().items():
        signature = inspect.signature(cls.__init__)
        defaults[name] = {
            key: parameter.default
            for key, parameter in signature.parameters.items()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        }
    return defaults


@dataclass
class Settings:
    """Resolved settings: the database path and every stage's parameters."""

    db: str = DEFAULT_DB
    values: dict[str, dict[str, Any]] = field(default_factory=_stage_defaults)
    sources: dict[str, str] = field(default_factory=dict)

    def stage(self, name: str) -> dict[str, Any]:
        """Keyword arguments for the stage called ``name``."""
        if name not in self.values:
            raise InvalidParameter(f"No stage {name!r}. Available: {', '.join(self.values)}.")
        return dict(self.values[name])

    def set(self, key: str, raw: Any, *, source: str) -> None:
        """Set ``stage.param`` from a string or an already-typed value."""
        if key in ("store.path", "db"):
            self.db = str(raw)
            self.sources["store.path"] = source
            return
        stage, _, param = key.partition(".")
        if stage not in self.values:
            raise InvalidParameter(
                f"Unknown setting {key!r} (from {source}): no stage {stage!r}. "
                f"Available: store.path, {', '.join(self.values)}."
            )
        if param not in self.values[stage]:
            raise InvalidParameter(
                f"Unknown setting {key!r} (from {source}). Parameters of {stage}: "
                f"{', '.join(sorted(self.values[stage]))}."
            )
        default = self.values[stage][param]
        self.values[stage][param] = _coerce(key, raw, default, source)
        self.sources[key] = source

    def as_dict(self) -> dict[str, Any]:
        return {"store": {"path": self.db}, **{k: dict(v) for k, v in self.values.items()}}


def load_settings(
    *,
    db: str | None = None,
    config: str | Path | None = None,
    overrides: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings in order: defaults, the TOML file, the environment, the flags.

    ``config`` names a TOML file (it must exist); without it ``storyline.toml``
    in the working directory is read when present.
    """
    settings = Settings()
    path = Path(config) if config else Path(CONFIG_FILE)
    if config and not path.is_file():
        raise InvalidParameter(f"The config file {str(path)!r} does not exist.")
    if path.is_file():
        _apply_toml(settings, path)
    env = os.environ if environ is None else environ
    for name, raw in sorted(env.items()):
        if name.startswith(ENV_PREFIX) and name != "STORYLINE_TOKEN":
            settings.set(_env_key(name, settings), raw, source=f"environment {name}")
    for key, raw in (overrides or {}).items():
        settings.set(key, raw, source="--set")
    if db:
        settings.set("store.path", db, source="--db")
    return settings


def _apply_toml(settings: Settings, path: Path) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidParameter(f"Cannot read {path}: {exc}") from None
    for section, table in data.items():
        if section == "store" and isinstance(table, dict):
            for key, value in table.items():
                settings.set(f"store.{key}", value, source=str(path))
            continue
        if not isinstance(table, dict):
            raise InvalidParameter(
                f"{path}: {section!r} must be a table such as [{section}]. Got {table!r}."
            )
        for key, value in table.items():
            settings.set(f"{section}.{key}", value, source=str(path))


def _env_key(name: str, settings: Settings) -> str:
    rest = name[len(ENV_PREFIX) :].lower()
    if rest in ("db", "store_path"):
        return "store.path"
    for stage in settings.values:
        if rest.startswith(stage + "_"):
            return f"{stage}.{rest[len(stage) + 1 :]}"
    return rest.replace("_", ".", 1)


def _coerce(key: str, raw: Any, default: Any, source: str) -> Any:
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    try:
        if isinstance(default, bool):
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float) or default is None:
            if text.lower() in ("none", "null"):
                return None  # e.g. dedup.window_days = none: no time window
            return float(text)
    except ValueError:
        kind = type(default).__name__ if default is not None else "number or none"
        raise InvalidParameter(
            f"The setting {key!r} (from {source}) must be a {kind}. Got {raw!r} instead."
        ) from None
    return text
