"""The key that signs cookies: `web.secret_key`, else $WEB_SECRET_KEY, else a key file.

The key file (`web-secret.key` beside the database, mode 0600) is made once at the first
start, so sessions survive a restart without anyone having to invent a key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from core.config import Config

__all__ = ["ENV_NAME", "KEY_FILE_NAME", "resolve_secret_key"]

ENV_NAME = "WEB_SECRET_KEY"
KEY_FILE_NAME = "web-secret.key"
_MINIMUM = 32


def resolve_secret_key(config: Config) -> bytes:
    """The signing key; creates the key file when neither the config nor the environment has one."""
    if config.web.secret_key:
        return config.web.secret_key.encode()
    from_env = os.environ.get(ENV_NAME, "")
    if from_env:
        if len(from_env) < _MINIMUM:
            raise ValueError(f"${ENV_NAME}: expected at least {_MINIMUM} random characters")
        return from_env.encode()
    path = Path(config.storage.database).parent / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48))
    key = path.read_text(encoding="ascii").strip()
    if len(key) < _MINIMUM:
        raise ValueError(f"{path}: expected at least {_MINIMUM} random characters")
    return key.encode()
