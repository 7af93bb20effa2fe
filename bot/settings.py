"""Which configuration the CLI uses: --config, $BUERGERMOBIL_CONFIG, ./config.yaml, the defaults."""

from __future__ import annotations

import os
from pathlib import Path

from core.config import Config, load_config

__all__ = ["DEFAULT_CONFIG_NAMES", "resolve_config"]

DEFAULT_CONFIG_NAMES = ("config.yaml",)


def resolve_config(path: str | None) -> Config:
    """The --config file, else $BUERGERMOBIL_CONFIG, else ./config.yaml, else the defaults."""
    chosen = path or os.environ.get("BUERGERMOBIL_CONFIG")
    if chosen is None:
        for name in DEFAULT_CONFIG_NAMES:
            if Path(name).is_file():
                chosen = name
                break
    return load_config(chosen)
